"""Answers, however they come: through a link, typed in by staff from a paper form or a
call, or imported from a spreadsheet (services.imports). Every answer is checked by the
same `check_given`, so a score the link refuses is refused on paper and in a file too."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.customers.models import Contact, Customer
from serviceloop.service.models import Case

from ..models import Answer, Campaign, Choice, Invitation, Question, Response, Section, Version
from ..permissions import ANSWER_RECORDERS
from ..tasks import remember_campaign_analysis_soon

# Importance is asked on one scale whatever the item's own (domain-reference §6.2).
IMPORTANCE = range(1, 6)
# How staff may have asked: the link and the import record themselves.
TYPED_METHODS = (
    Response.Method.PHONE,
    Response.Method.EMAIL,
    Response.Method.ON_SITE,
    Response.Method.PAPER,
)


@dataclass
class Given:
    """What a respondent gave for one question; empty means not answered."""

    score: int | None = None
    importance: int | None = None
    not_applicable: bool = False
    choices: tuple[Choice, ...] = ()
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.score is None
            and self.importance is None
            and not self.not_applicable
            and not self.choices
            and not self.text.strip()
        )


def check_given(question: Question, given: Given) -> None:
    """Refuses what the question cannot hold, keyed by the part that is wrong ("score",
    "importance", "choices", "text"): a score off the scale, N/A where not allowed, a
    choice of another question, two choices on a single-choice question."""
    errors: dict[str, list[str]] = {}

    def refuse(part: str, message: str) -> None:
        errors.setdefault(part, []).append(message)

    if given.score is not None:
        if not question.is_scaled:
            refuse("score", _("This question takes no score."))
        elif given.score not in question.scale:
            refuse("score", _out_of(given.score, question.scale_min, question.scale_max))
        if given.not_applicable:
            refuse("score", _("Give a score or “not applicable”, not both."))
    if given.not_applicable and not question.allows_not_applicable:
        refuse("score", _("This question has no “not applicable”."))
    if given.importance is not None:
        if not question.asks_importance:
            refuse("importance", _("This question does not ask importance."))
        elif given.importance not in IMPORTANCE:
            refuse("importance", _out_of(given.importance, IMPORTANCE.start, IMPORTANCE.stop - 1))
    _check_choices(question, given, refuse)
    if given.text.strip() and question.kind != Question.Kind.TEXT:
        refuse("text", _("This question takes no written answer."))
    if errors:
        raise ValidationError(errors)


def _out_of(value: int, low: int, high: int) -> str:
    return _("%(value)s is outside the scale %(low)s–%(high)s.") % {
        "value": value,
        "low": low,
        "high": high,
    }


def _check_choices(question: Question, given: Given, refuse) -> None:
    if not given.choices:
        return
    if question.kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        refuse("choices", _("This question has no choices."))
    elif any(choice.question_id != question.pk for choice in given.choices):
        refuse("choices", _("A choice of another question was given."))
    elif question.kind == Question.Kind.SINGLE and len(given.choices) > 1:
        refuse("choices", _("Choose one answer only."))


def save_answers(response: Response, answers: Mapping[Question, Given]) -> list[Answer]:
    """Writes the answers given (empty ones are skipped); checked by the caller."""
    saved = []
    for question, given in answers.items():
        if given.is_empty:
            continue
        answer = Answer.objects.create(
            response=response,
            question=question,
            score=given.score,
            importance=given.importance,
            not_applicable=given.not_applicable,
            text=given.text.strip(),
        )
        if given.choices:
            answer.choices.set(given.choices)
        saved.append(answer)
    return saved


# --- Typed in by staff ------------------------------------------------------------------


@dataclass
class Respondent:
    """Who answered, how and when: the header of the paper form (§7.6)."""

    customer: Customer
    surveyed_on: date
    method: str
    contact: Contact | None = None
    name: str = ""
    department: str = ""
    title: str = ""
    interviewer: User | None = None
    case: Case | None = None
    campaign: Campaign | None = None


def respondent_from(fields: Mapping[str, Any]) -> Respondent:
    """The respondent named by a paper form's cleaned data or an imported row's values,
    which share their names (`customer`, `contact`, `respondent_name`, `surveyed_on`…)."""
    return Respondent(
        customer=fields["customer"],
        contact=fields.get("contact"),
        name=fields.get("respondent_name", ""),
        department=fields.get("respondent_department", ""),
        title=fields.get("respondent_title", ""),
        surveyed_on=fields["surveyed_on"],
        method=fields["method"],
        interviewer=fields.get("interviewer"),
        case=fields.get("case"),
        campaign=fields.get("campaign"),
    )


def answered_before(version: Version, respondent: Respondent) -> Response | None:
    """The same respondent's response to the same version (and campaign) on the same day:
    the same contact, or without one the same name at the same customer."""
    same = Response.objects.filter(
        version=version,
        campaign=respondent.campaign,
        customer=respondent.customer,
        surveyed_on=respondent.surveyed_on,
        submitted_at__isnull=False,
    )
    if respondent.contact is not None:
        return same.filter(contact=respondent.contact).first()
    name = " ".join(respondent.name.split())
    return same.filter(contact__isnull=True, respondent_name__iexact=name).first()


def check_respondent(by: User, version: Version, respondent: Respondent) -> None:
    """The header's rules, keyed by field: the customer of the recorder's office, its own
    contact and case, an interviewer of that office, a campaign of that version, and not
    the same respondent twice on one day."""
    errors: dict[str, str] = {}
    customer = respondent.customer
    if not by.sees_all_offices and customer.office_id != by.office_id:
        errors["customer"] = _("This customer is not one of your office's.")
    if respondent.contact is not None and respondent.contact.customer_id != customer.pk:
        errors["contact"] = _("This contact is not one of the customer's.")
    if respondent.contact is None and not respondent.name.strip():
        errors["respondent_name"] = _("Name the respondent: a contact or a name.")
    case = respondent.case
    if case is not None and (
        case.customer_id != customer.pk or case.office_id != customer.office_id
    ):
        errors["case"] = _("This case is not one of the customer's.")
    interviewer = respondent.interviewer
    if interviewer is not None and interviewer.office_id != customer.office_id:
        errors["interviewer"] = _("The interviewer works for another office.")
    campaign = respondent.campaign
    if campaign is not None and (
        campaign.version_id != version.pk or campaign.office_id != customer.office_id
    ):
        errors["campaign"] = _("This campaign asks another questionnaire or office.")
    if respondent.method not in TYPED_METHODS and respondent.method != Response.Method.IMPORT:
        errors["method"] = _("Choose how the survey was done.")
    if not errors and answered_before(version, respondent) is not None:
        errors["respondent_name" if respondent.contact is None else "contact"] = _(
            "This respondent's answers to this questionnaire on that day are already recorded."
        )
    if errors:
        raise ValidationError(errors)


def check_answers(version: Version, answers: Mapping[Question, Given]) -> None:
    """Each answer as `check_given` says, keyed `<question code>_<part>` (`A1_score`,
    `A1_importance`: the paper form's fields and the import's columns); at least one."""
    errors: dict[str, list[str]] = {}
    for question, given in answers.items():
        if question.version_id != version.pk:
            errors.setdefault(question.code, []).append(_("Not a question of this version."))
            continue
        try:
            check_given(question, given)
        except ValidationError as error:
            for part, messages in error.message_dict.items():
                errors.setdefault(f"{question.code}_{part}", []).extend(messages)
    if not errors and all(given.is_empty for given in answers.values()):
        errors["__all__"] = [_("No answer was given.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_paper_response(
    *, by: User, version: Version, respondent: Respondent, answers: Mapping[Question, Given]
) -> Response:
    """A respondent's answers typed in by staff (or read from a spreadsheet row): the
    response is submitted at once and names who recorded it. Required questions are not
    enforced: a paper form is recorded as the respondent filled it in."""
    if by.role not in ANSWER_RECORDERS:
        raise PermissionDenied(_("You may not record survey answers."))
    check_respondent(by, version, respondent)
    check_answers(version, answers)
    contact = respondent.contact
    response = Response(
        version=version,
        campaign=respondent.campaign,
        customer=respondent.customer,
        contact=contact,
        respondent_name=" ".join(respondent.name.split()) or (contact.full_name if contact else ""),
        respondent_department=respondent.department.strip(),
        respondent_title=respondent.title.strip(),
        method=respondent.method,
        interviewer=respondent.interviewer,
        case=respondent.case,
        language=contact.language if contact else "zh-hans",
        surveyed_on=respondent.surveyed_on,
        submitted_at=timezone.now(),
        recorded_by=by,
    )
    response.full_clean()
    response.save()
    save_answers(response, answers)
    _analyse_again(response)
    return response


def _analyse_again(response: Response) -> None:
    """After the commit, the campaign's analysis is computed again in the background, so
    that its readers' next page need not (tasks.remember_campaign_analysis)."""
    campaign_id = response.campaign_id
    if campaign_id is not None:
        transaction.on_commit(lambda: remember_campaign_analysis_soon(campaign_id), robust=True)


# --- Through a link ---------------------------------------------------------------------
# The respondent saves section by section (progress is kept: the response stays without
# `submitted_at` until sent), then submits once.

# The refusal a link already answered gets: its page says "thank you" instead.
ALREADY_SUBMITTED = "already_submitted"


def start_response(invitation: Invitation, language: str) -> Response:
    """The invitation's response, made on its first saved section; the invitation is a
    unique key of the response, so two first saves at once make one."""
    response, _made = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "version_id": invitation.campaign.version_id,
            "campaign_id": invitation.campaign_id,
            "customer_id": invitation.customer_id,
            "contact_id": invitation.contact_id,
            "method": Response.Method.LINK,
            "language": language,
            "surveyed_on": timezone.localdate(),
        },
    )
    return response


def _is_answered(question: Question, given: Given) -> bool:
    if question.is_scaled:
        return given.score is not None or given.not_applicable
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return bool(given.choices)
    return bool(given.text.strip())


@transaction.atomic
def save_section(response: Response, section: Section, data: Mapping[str, Given]) -> None:
    """Records the answers to one section, `data` keyed by question code. Nothing is
    stored when one is wrong (`check_given`, and a required question left empty):
    ValidationError keyed by question code. An answer cleared is removed. A response sent
    through its link takes no more answers."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.submitted_at is not None and locked.invitation_id is not None:
        raise ValidationError(_("These answers were sent already."), code=ALREADY_SUBMITTED)
    questions = list(section.questions.all())
    errors: dict[str, list[str]] = {}
    for question in questions:
        given = data.get(question.code) or Given()
        try:
            check_given(question, given)
        except ValidationError as error:
            errors[question.code] = error.messages
        if question.required and not _is_answered(question, given):
            errors.setdefault(question.code, []).append(_("This question needs an answer."))
    if errors:
        raise ValidationError(errors)
    for question in questions:
        given = data.get(question.code) or Given()
        if given.is_empty:
            Answer.objects.filter(response=locked, question=question).delete()
            continue
        answer, _made = Answer.objects.update_or_create(
            response=locked,
            question=question,
            defaults={
                "score": given.score,
                "importance": given.importance,
                "not_applicable": given.not_applicable,
                "text": given.text.strip(),
            },
        )
        answer.choices.set(given.choices)


def missing_required(response: Response) -> list[Question]:
    """The required questions the response holds no answer to (a score, N/A, a choice or
    text)."""
    given = Q(score__isnull=False) | Q(not_applicable=True) | ~Q(text="") | Q(choices__isnull=False)
    answered = Answer.objects.filter(response=response).filter(given).values("question_id")
    required = Question.objects.filter(version_id=response.version_id, required=True)
    return list(required.exclude(pk__in=answered))


@transaction.atomic
def submit(response: Response) -> Response:
    """Sends the answers, once: the response's row is locked and stamped only while
    empty, the invitation marked answered the same way, so two submits at once make one
    response and the second is refused with ALREADY_SUBMITTED."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.submitted_at is not None:
        raise ValidationError(_("These answers were sent already."), code=ALREADY_SUBMITTED)
    missing = missing_required(locked)
    if missing:
        raise ValidationError(
            _("Some required questions have no answer yet: %(codes)s.")
            % {"codes": ", ".join(question.code for question in missing)},
            code="required",
        )
    now = timezone.now()
    stamped = Response.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(
        submitted_at=now, surveyed_on=timezone.localdate()
    )
    if locked.invitation_id is not None:
        stamped &= Invitation.objects.filter(
            pk=locked.invitation_id, answered_at__isnull=True
        ).update(answered_at=now)
    if not stamped:
        raise ValidationError(_("These answers were sent already."), code=ALREADY_SUBMITTED)
    locked.refresh_from_db()
    _analyse_again(locked)
    return locked
