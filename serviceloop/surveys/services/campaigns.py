"""Campaigns: made for the office, launched to their audience with one link a contact,
reminded, closed.

A link's token is derived from the invitation with the site's secret (salted HMAC) and only
its SHA-256 is stored, as core/links does for random tokens: a copy of the database still
opens nothing, and a reminder can carry the very link of the first mail, so a customer who
started answering from either one finds the same progress.
"""

import logging
import smtplib
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.core.links import absolute_url, token_hash
from serviceloop.core.mail import send_in_language

from ..models import Campaign, Invitation, Version
from ..models.texts import in_language
from ..permissions import SURVEY_DESIGNERS
from ..selectors import campaigns as selectors

# A link without a closing date works this long after the launch.
LINK_LIFETIME = timedelta(days=30)
REMIND_EVERY = timedelta(days=7)
MOST_REMINDERS = 2
MAIL = "surveys/emails/invitation"
REMINDER_MAIL = "surveys/emails/reminder"

logger = logging.getLogger(__name__)


def _designer(by: User) -> None:
    if by.role not in SURVEY_DESIGNERS or by.office_id is None:
        raise PermissionDenied(_("Campaigns are run by the office's service manager."))


@transaction.atomic
def create_campaign(
    *,
    by: User,
    version: Version,
    name: str,
    opens_on: date | None,
    closes_on: date | None,
    audience: dict,
) -> Campaign:
    """A draft campaign of the user's office; nothing is sent before the launch."""
    _designer(by)
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The campaign cannot close before it opens.")})
    if not version.questions.exists():
        raise ValidationError({"version": _("This questionnaire version has no questions.")})
    kept = {key: audience[key] for key in selectors.AUDIENCE_KEYS if audience.get(key)}
    assert by.office_id is not None  # _designer refused a user without an office
    return Campaign.objects.create(
        office_id=by.office_id,
        version=version,
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        audience=kept,
        created_by=by,
    )


def invitation_token(campaign: Campaign, contact_id: int) -> str:
    """The token of one contact's link in a launched campaign (see the module's note)."""
    stamp = campaign.launched_at.isoformat() if campaign.launched_at else ""
    return salted_hmac(
        "serviceloop.surveys.invitation",
        f"{campaign.pk}:{contact_id}:{stamp}",
        algorithm="sha256",
    ).hexdigest()


def link_of(invitation: Invitation) -> str:
    token = invitation_token(invitation.campaign, invitation.contact_id)
    return absolute_url(reverse("survey", args=[token]))


def _expiry(campaign: Campaign, now: datetime) -> datetime:
    if campaign.closes_on is None:
        return now + LINK_LIFETIME
    zone = zoneinfo.ZoneInfo(campaign.office.time_zone)
    return datetime.combine(campaign.closes_on + timedelta(days=1), time.min, tzinfo=zone)


@transaction.atomic
def launch(campaign: Campaign, by: User) -> int:
    """Invites the campaign's audience as it is now, one link a contact, in the contact's
    language; the mails leave after the commit. Returns how many were invited."""
    _designer(by)
    locked = Campaign.objects.select_for_update().select_related("office").get(pk=campaign.pk)
    if locked.office_id != by.office_id:
        raise PermissionDenied(_("This campaign belongs to another office."))
    if locked.state != Campaign.State.DRAFT:
        raise ValidationError(_("This campaign was launched already."))
    now = timezone.now()
    if locked.closes_on and _expiry(locked, now) <= now:
        raise ValidationError(_("The closing date has passed; change it before launching."))
    contacts = list(selectors.audience(locked.audience, locked.office))
    if not contacts:
        raise ValidationError(_("No contact matches the audience: nobody would be asked."))
    locked.state, locked.launched_at = Campaign.State.RUNNING, now
    locked.save(update_fields=["state", "launched_at"])
    expires = _expiry(locked, now)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            campaign=locked,
            contact=contact,
            customer_id=contact.customer_id,
            language=contact.language,
            token_hash=token_hash(invitation_token(locked, contact.pk)),
            sent_to=contact.email,
            expires_at=expires,
        )
        for contact in contacts
    )
    ids = [invitation.pk for invitation in invitations]
    transaction.on_commit(lambda: _send_invitations(ids), robust=True)
    campaign.state, campaign.launched_at = locked.state, locked.launched_at
    return len(ids)


def _send_invitations(ids: list[int]) -> None:
    for invitation in _with_mail_context(Invitation.objects.filter(pk__in=ids)):
        if _mail(invitation, MAIL):
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def _with_mail_context(invitations):
    return invitations.select_related(
        "campaign__office", "campaign__version__questionnaire", "contact"
    ).order_by("pk")


def _mail(invitation: Invitation, template: str) -> bool:
    """One invitation's mail in the contact's language; a failing mail server is logged
    and answered False, so the others still leave."""
    questionnaire = invitation.campaign.version.questionnaire
    context = {
        "contact": invitation.contact,
        "title": in_language(questionnaire, "title", invitation.language),
        "link": link_of(invitation),
        "expires_at": invitation.expires_at,
        "time_zone": invitation.campaign.office.time_zone,
    }
    try:
        send_in_language(
            to=invitation.sent_to, language=invitation.language, template=template, context=context
        )
    except (smtplib.SMTPException, OSError):
        logger.exception("Survey invitation %s was not mailed.", invitation.pk)
        return False
    return True


def send_reminders(now: datetime | None = None) -> int:
    """Reminds each contact of a running campaign who has not answered, at most
    MOST_REMINDERS times and not within REMIND_EVERY of the last mail. Each reminder is
    claimed by a conditional update before it is sent, so two runs at once send it once."""
    now = now or timezone.now()
    due = selectors.due_for_reminder(now, every=REMIND_EVERY, most=MOST_REMINDERS)
    sent = 0
    for invitation in _with_mail_context(due):
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            reminders=invitation.reminders,
            reminded_at=invitation.reminded_at,
            answered_at__isnull=True,
        ).update(reminders=invitation.reminders + 1, reminded_at=now)
        if claimed and _mail(invitation, REMINDER_MAIL):
            sent += 1
    return sent


@transaction.atomic
def close(campaign: Campaign, by: User | None = None) -> Campaign:
    """Closes the campaign: its links stop taking answers; what was answered stays."""
    if by is not None:
        _designer(by)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if by is not None and locked.office_id != by.office_id:
        raise PermissionDenied(_("This campaign belongs to another office."))
    if locked.state == Campaign.State.CLOSED:
        raise ValidationError(_("This campaign is closed already."))
    locked.state, locked.closed_at = Campaign.State.CLOSED, timezone.now()
    locked.save(update_fields=["state", "closed_at"])
    campaign.state, campaign.closed_at = locked.state, locked.closed_at
    return locked


def mark_opened(invitation: Invitation) -> None:
    """Stamps the first opening of a link (for the campaign's figures), once."""
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )


def set_language(response, language: str) -> None:
    """Keeps the language the respondent switched to, for the next visit."""
    if response is not None and response.language != language:
        type(response).objects.filter(pk=response.pk).update(language=language)
        response.language = language
