"""Background tasks of the parts app (Django's tasks API, run by `manage.py db_worker`)."""

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

from .services import recommendations

# The night, when no clerk is booking stock: the batch reads the whole ledger's last two
# years, and a day's new issues barely move a monthly forecast.
NIGHTLY_AT = time(2, 0)


@task()
def refresh_recommendations(plan_next: bool = False) -> int:
    """Computes and stores the recommendation of every part in every office warehouse; in
    the nightly chain (`plan_next`), plans the next night's run."""
    stored = recommendations.refresh()
    if plan_next:
        refresh_recommendations.using(run_after=next_night()).enqueue(plan_next=True)
    return stored


def next_night(now: datetime | None = None) -> datetime:
    """The next NIGHTLY_AT in the server's time zone, after `now`."""
    local = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(datetime.combine(local.date(), NIGHTLY_AT))
    return at if at > local else at + timedelta(days=1)
