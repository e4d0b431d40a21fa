"""Background tasks of the service loop (Django's tasks API, run by `manage.py db_worker`)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from serviceloop.core.form_keys import forget_old_keys

from .services import sla_alerts

SWEEP_EVERY = timedelta(minutes=5)


@task()
def check_case_clocks(case_id: int) -> int:
    """Sends the SLA warnings and escalations due for one case; re-checks the case itself,
    so a task that runs after a pause or a re-plan does the right thing."""
    return len(sla_alerts.check_case(case_id))


@task()
def sweep_clocks() -> int:
    """The safety net: checks every open case, then plans the next sweep."""
    sent = sla_alerts.sweep()
    # The one periodic task there is also clears the old one-time form keys.
    forget_old_keys()
    sweep_clocks.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return sent
