"""Background tasks of the service loop (Django's tasks API, run by `manage.py db_worker`)."""

import logging
import smtplib
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from serviceloop.core.form_keys import forget_old_keys

from .services import reports_mail, sla_alerts

SWEEP_EVERY = timedelta(minutes=5)
# A signed report's mail that fails (the mail server down) is tried again this many times,
# waiting a little longer each time: 2, 4, 8, 16 minutes.
MAIL_ATTEMPTS = 5
MAIL_RETRY_AFTER = timedelta(minutes=2)

logger = logging.getLogger(__name__)


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


@task()
def mail_signed_report(report_id: int, attempt: int = 1) -> bool:
    """Mails a signed report's PDF to the customer's contact, once (reports_mail records it
    under the report's lock). A mail server's failure plans the next attempt, then fails
    this one, so the worker's results show it."""
    try:
        return reports_mail.mail_signed_report(report_id)
    except (smtplib.SMTPException, OSError):
        if attempt < MAIL_ATTEMPTS:
            retry_at = timezone.now() + MAIL_RETRY_AFTER * 2 ** (attempt - 1)
            mail_signed_report.using(run_after=retry_at).enqueue(report_id, attempt + 1)
        else:
            logger.error("The PDF of repair report %s was not mailed: gave up.", report_id)
        raise
