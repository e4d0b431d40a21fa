from .cases import Case, CaseEvent, CaseNumber, Pause, Reading
from .reports import Addendum, RepairReport
from .sla import CalendarDay, SlaPolicy
from .visits import Certification, EngineerProfile, Skill, Visit

__all__ = [
    "Addendum",
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseNumber",
    "Certification",
    "EngineerProfile",
    "Pause",
    "Reading",
    "RepairReport",
    "Skill",
    "SlaPolicy",
    "Visit",
]
