from .cases import Case, CaseEvent, CaseNumber, Pause, Reading
from .sla import CalendarDay, SlaPolicy
from .visits import Certification, EngineerProfile, Skill, Visit

__all__ = [
    "CalendarDay",
    "Case",
    "CaseEvent",
    "CaseNumber",
    "Certification",
    "EngineerProfile",
    "Pause",
    "Reading",
    "Skill",
    "SlaPolicy",
    "Visit",
]
