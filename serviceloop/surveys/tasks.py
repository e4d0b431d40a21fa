"""Background tasks of the surveys app (Django's tasks API, run by `manage.py db_worker`)."""

from datetime import datetime, time, timedelta

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from serviceloop.accounts.models import Role, User

from .models import Campaign
from .permissions import ANSWER_READERS
from .selectors import analysis
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


@task()
def remember_campaign_analysis(campaign_id: int) -> int:
    """Computes the campaign's analysis, and the trend of its questionnaire, as each of
    its readers will ask for them, so that the first page after new answers finds them
    in the cache (selectors.answer_matrix); returns how many sets of readers."""
    campaign = Campaign.objects.select_related("version").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    readers = _readers(campaign)
    for reader in readers:
        analysis.analyse(campaign, reader)
        analysis.trend(campaign.version.questionnaire, reader)
    return len(readers)


def _readers(campaign: Campaign) -> list[User]:
    """One reader for each set of responses the analysis is read over (it is remembered
    per set): any answer reader of the campaign's office, as they all read the office's
    responses, and headquarters, who read only contacts who agreed (selectors.responses)."""
    active = User.objects.filter(is_active=True).order_by("pk")
    office = active.filter(office_id=campaign.office_id, role__in=ANSWER_READERS - {Role.HQ})
    return [user for user in (office.first(), active.filter(role=Role.HQ).first()) if user]


def remember_campaign_analysis_soon(campaign_id: int) -> None:
    """Enqueues remember_campaign_analysis for the campaign unless one is still waiting:
    not started yet, it will read this response too, so a burst of answers or an import
    makes one run, not one a response."""
    waiting = DBTaskResult.objects.filter(
        task_path=remember_campaign_analysis.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__kwargs__campaign_id=campaign_id,
    ).exists()
    if not waiting:
        remember_campaign_analysis.enqueue(campaign_id=campaign_id)
