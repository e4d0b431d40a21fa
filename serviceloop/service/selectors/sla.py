"""When a case's running SLA clocks need a look: each clock's warning time and deadline.

Reads of the case only (no writes, no messages): the SLA planner schedules the checks at
these moments, and the alerts (services/sla_alerts.py) decide at them what to send.
"""

from datetime import datetime

from ..models import Case

# clock name, its deadline field, the field that stops it
CLOCKS = (
    ("first_response", "first_response_due", "first_response_at"),
    ("on_site", "on_site_due", "on_site_at"),
    ("restore", "restore_due", "resolved_at"),
)


def warning_time(case: Case, due: datetime) -> datetime:
    policy = case.sla_policy  # None without a query when the case has no policy
    percent = policy.warn_at_percent if policy is not None else 75
    return case.opened_at + (due - case.opened_at) * (percent / 100)


def alert_moments(case: Case) -> list[datetime]:
    """When the running clocks of the case need a look: each warning time and deadline."""
    moments = []
    for _name, due_field, stopped_field in CLOCKS:
        due = getattr(case, due_field)
        if due is not None and getattr(case, stopped_field) is None:
            moments += [warning_time(case, due), due]
    return sorted(moments)
