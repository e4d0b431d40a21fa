from .cases import Case, CaseEvent, CaseNumber, Pause, Reading
from .sla import CalendarDay, SlaPolicy

__all__ = ["CalendarDay", "Case", "CaseEvent", "CaseNumber", "Pause", "Reading", "SlaPolicy"]
