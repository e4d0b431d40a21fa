from .cases import Attachment, Case, CaseEvent, CaseNumber, Pause, Reading
from .feedback import Complaint, FeedbackRequest, FeedbackResponse
from .reports import Addendum, RepairReport
from .sla import CalendarDay, SlaAlert, SlaPolicy
from .visits import Certification, EngineerProfile, Skill, Visit

__all__ = [
    "Addendum",
    "Attachment",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseNumber",
    "Certification",
    "Complaint",
    "EngineerProfile",
    "FeedbackRequest",
    "FeedbackResponse",
    "Pause",
    "Reading",
    "RepairReport",
    "Skill",
    "SlaAlert",
    "SlaPolicy",
    "Visit",
]
