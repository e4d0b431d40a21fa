"""Campaigns as their pages read them: the office's campaigns with their response rates,
the audience a set of filters chooses, and who has answered."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Office, Role, User
from serviceloop.customers.models import Contact, Customer, Division
from serviceloop.service.models import Case

from ..models import Answer, Campaign, Invitation, Question, Response, Section, Version

# The keys of Campaign.audience that audience() reads; anything else is ignored.
AUDIENCE_KEYS = ("grades", "industries", "provinces", "case_from", "case_to")


def campaigns_for(user: User) -> QuerySet[Campaign]:
    """The campaigns the user may see, each with `invited` and `answered` counted."""
    campaigns = (
        Campaign.objects.select_related("version__questionnaire", "office")
        .order_by("-created_at", "-pk")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_at__isnull=False)),
        )
    )
    if user.sees_all_offices:
        return campaigns
    if user.office_id is None:
        return campaigns.none()
    return campaigns.filter(office_id=user.office_id)


def campaign_for(user: User, pk: int) -> Campaign:
    """One campaign of the user's office (another office's: 404)."""
    return get_object_or_404(campaigns_for(user), pk=pk)


def versions_for(user: User) -> QuerySet[Version]:
    """The questionnaire versions an office may send: the shared ones and its own, not
    archived."""
    versions = Version.objects.select_related("questionnaire").filter(
        questionnaire__archived_at__isnull=True
    )
    mine = Q(questionnaire__office__isnull=True)
    if user.office_id is not None:
        mine |= Q(questionnaire__office_id=user.office_id)
    return versions.filter(mine).order_by("questionnaire__code", "-number")


def audience(filters: dict, office: Office) -> QuerySet[Contact]:
    """The contacts a campaign with these filters asks: of the office's live customers,
    those who agreed to surveys and have an e-mail address, not archived. An empty filter
    lets everyone through; a case period keeps customers with a case opened in it."""
    contacts = Contact.objects.filter(
        customer__office=office,
        customer__archived_at__isnull=True,
        customer__merged_into__isnull=True,
        archived_at__isnull=True,
        consents_to_surveys=True,
    ).exclude(email="")
    if filters.get("grades"):
        contacts = contacts.filter(customer__grade__in=filters["grades"])
    if filters.get("industries"):
        contacts = contacts.filter(customer__industry__in=filters["industries"])
    if filters.get("provinces"):
        contacts = contacts.filter(customer__province_id__in=filters["provinces"])
    start, end = _day(filters.get("case_from")), _day(filters.get("case_to"))
    if start or end:
        cases = Case.objects.filter(customer=OuterRef("customer_id"))
        if start:
            cases = cases.filter(opened_at__gte=_local_midnight(start, office))
        if end:
            cases = cases.filter(opened_at__lt=_local_midnight(end + timedelta(days=1), office))
        contacts = contacts.filter(Exists(cases))
    return contacts.select_related("customer").order_by("customer__code", "full_name", "pk")


def describe_audience(filters: dict) -> list[tuple[str, str]]:
    """The filters in words, for the campaign page: (what, which)."""
    described = []
    if filters.get("grades"):
        grades = dict(Customer.Grade.choices)
        described.append(
            (_("Customer grades"), ", ".join(str(grades.get(g, g)) for g in filters["grades"]))
        )
    if filters.get("industries"):
        industries = dict(Customer.Industry.choices)
        names = ", ".join(str(industries.get(i, i)) for i in filters["industries"])
        described.append((_("Industries"), names))
    if filters.get("provinces"):
        divisions = Division.objects.filter(code__in=filters["provinces"]).order_by("code")
        described.append((_("Provinces"), ", ".join(d.name for d in divisions)))
    start, end = filters.get("case_from"), filters.get("case_to")
    if start or end:
        described.append((_("Had a case opened"), f"{start or '…'} – {end or '…'}"))
    return described


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def _local_midnight(day: date, office: Office) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo(office.time_zone))


@dataclass(frozen=True)
class Rate:
    invited: int
    opened: int
    answered: int

    @property
    def percent(self) -> float | None:
        """Answered invitations over invitations, in per cent; None before any is sent."""
        return round(100 * self.answered / self.invited, 1) if self.invited else None


def rate_of(campaign: Campaign) -> Rate:
    """The campaign's response rate now, in one query."""
    counts = Invitation.objects.filter(campaign=campaign).aggregate(
        invited=Count("pk"),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )
    return Rate(**counts)


# The campaign page polls its figures every few seconds: it lists the latest respondents,
# the figures count them all.
RESPONDENTS_SHOWN = 50


def respondents(campaign: Campaign, user: User) -> list[dict]:
    """Who answered last (RESPONDENTS_SHOWN at most), latest first. Headquarters sees the
    name only of contacts who agreed to be read abroad; the office's readers see every
    name."""
    answered = (
        Invitation.objects.filter(campaign=campaign, answered_at__isnull=False)
        .select_related("contact", "customer")
        .order_by("-answered_at", "-pk")[:RESPONDENTS_SHOWN]
    )
    rows = []
    for invitation in answered:
        contact = invitation.contact
        named = user.role != Role.HQ or contact.consents_to_transfer_abroad
        rows.append(
            {
                "answered_at": invitation.answered_at,
                "name": contact.full_name if named else "",
                "customer": invitation.customer.name_zh if named else "",
                "language": invitation.get_language_display(),
            }
        )
    return rows


def invitation_by_hash(hashed: str) -> Invitation | None:
    """The invitation behind a link's token hash, with what the answering page reads."""
    return (
        Invitation.objects.select_related("campaign", "campaign__version", "customer", "contact")
        .filter(token_hash=hashed)
        .first()
    )


def due_for_reminder(now: datetime, *, every: timedelta, most: int) -> QuerySet[Invitation]:
    """Invitations of running campaigns not answered, still open, that have had fewer than
    `most` reminders and none (nor the first mail) within `every`."""
    before = now - every
    return Invitation.objects.filter(
        campaign__state=Campaign.State.RUNNING,
        answered_at__isnull=True,
        expires_at__gt=now,
        reminders__lt=most,
        sent_at__lte=before,
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=before))


def is_open(invitation: Invitation, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return invitation.campaign.state == Campaign.State.RUNNING and invitation.expires_at > now


# --- The answering page ------------------------------------------------------------------


def sections_of(version_id: int) -> list[Section]:
    return list(Section.objects.filter(version_id=version_id).order_by("position", "pk"))


def questions_of(section: Section) -> list[Question]:
    return list(section.questions.prefetch_related("choices").order_by("position", "pk"))


def response_of(invitation: Invitation) -> Response | None:
    return Response.objects.filter(invitation=invitation).first()


def answers_to(response: Response | None, section: Section) -> dict[int, Answer]:
    """The response's answers to one section, by question id."""
    if response is None:
        return {}
    answers = Answer.objects.filter(response=response, question__section=section)
    return {answer.question_id: answer for answer in answers.prefetch_related("choices")}


def next_section(response: Response | None, sections: list[Section]) -> int:
    """Where a respondent coming back goes on: after the last section holding an answer."""
    if response is None:
        return 0
    answered = set(
        Answer.objects.filter(response=response).values_list("question__section_id", flat=True)
    )
    last = max((i for i, section in enumerate(sections) if section.pk in answered), default=-1)
    return min(last + 1, len(sections) - 1)
