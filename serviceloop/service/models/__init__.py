from .cases import Attachment, Case, CaseEvent, CaseNumber, Pause, Reading
from .charges import ChargeLine, ChargeRates, Quote
from .diagnosis import InfoRequest
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
    "ChargeLine",
    "ChargeRates",
    "Complaint",
    "EngineerProfile",
    "FeedbackRequest",
    "FeedbackResponse",
    "InfoRequest",
    "Pause",
    "Quote",
    "Reading",
    "RepairReport",
    "Skill",
    "SlaAlert",
    "SlaPolicy",
    "Visit",
]
