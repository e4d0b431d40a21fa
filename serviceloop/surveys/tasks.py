"""Background tasks of the surveys app (Django's tasks API, run by `manage.py db_worker`)."""

from datetime import datetime, time, timedelta

from django.tasks import task
from django.utils import timezone

from .services import campaigns

# Reminders leave in the office's morning, once a day; a run that finds nothing due sends
# nothing (services.campaigns.send_reminders claims each reminder before sending it).
DAILY_AT = time(9, 30)


@task()
def send_survey_reminders(plan_next: bool = False) -> int:
    """Reminds the non-responders of running campaigns; in the daily chain (`plan_next`),
    plans the next day's run."""
    sent = campaigns.send_reminders()
    if plan_next:
        send_survey_reminders.using(run_after=next_morning()).enqueue(plan_next=True)
    return sent


def next_morning(now: datetime | None = None) -> datetime:
    """The next DAILY_AT in the server's time zone, after `now`."""
    local = timezone.localtime(now or timezone.now())
    at = timezone.make_aware(datetime.combine(local.date(), DAILY_AT))
    return at if at > local else at + timedelta(days=1)
