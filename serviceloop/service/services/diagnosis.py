"""Remote diagnosis: the engineer's findings, and what the customer is asked to read off the
machine or photograph through a one-time link (no sign-in; often the operator's phone)."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify
from serviceloop.core.links import new_token, token_hash
from serviceloop.core.media import process_upload

from .. import notifications
from ..models import Case, CaseEvent, InfoRequest, Reading
from ..permissions import DIAGNOSING
from . import cases, cases_search, cases_timeline, cases_transitions, cases_work

LINK_LIFETIME = timedelta(days=7)
MAX_PHOTOS = 6


def may_diagnose(user: User, case: Case) -> bool:
    """The assignee, coordinator and manager, and any engineer of the office (a colleague
    who knows the machine); not the warehouse."""
    return bool(cases_transitions.actors_of(user, case) & DIAGNOSING) or (
        user.role == Role.ENGINEER and user.is_active and user.office_id == case.office_id
    )


def _check(by: User, case: Case) -> None:
    if not may_diagnose(by, case):
        raise PermissionDenied(_("You may not work on this case's diagnosis."))
    if not case.is_open:
        raise ValidationError(_("This case is not open."))


@transaction.atomic
def save_findings(*, by: User, case: Case, version: int, diagnosis: str) -> Case:
    """What the readings, photos and calls showed so far; saved against the version seen."""
    stored = cases.locked_case(case, version)
    _check(by, stored)
    stored.diagnosis = diagnosis.strip()
    stored.version += 1
    stored.save(update_fields=["diagnosis", "version"])
    cases_search.refresh_search_text(stored)
    cases_timeline.record(stored, CaseEvent.Kind.EDITED, by, fields=["diagnosis"])
    return stored


@transaction.atomic
def request_information(
    *,
    by: User,
    case: Case,
    version: int,
    tags: list[str],
    wants_photos: bool,
    message: str,
    email: str,
    wait: bool = True,
) -> tuple[InfoRequest, str]:
    """Asks the customer for readings and photos by a one-time link (e-mailed, and returned
    so it can be pasted into WeChat). With `wait`, the assignee parks the case as waiting
    for the customer: the clocks pause until the answer comes."""
    stored = cases.locked_case(case, version)
    _check(by, stored)
    unknown = set(tags) - set(Reading.Tag.values)
    if unknown:
        raise ValidationError({"tags": _("Choose readings from the list.")})
    if not tags and not wants_photos:
        raise ValidationError(_("Ask for at least one reading or for photos."))
    if not message.strip():
        raise ValidationError({"message": _("Tell the customer what you need and why.")})
    token, hashed = new_token()
    request = InfoRequest.objects.create(
        case=stored,
        tags=list(dict.fromkeys(tags)),
        wants_photos=wants_photos,
        message=message.strip(),
        sent_to=email.strip(),
        requested_by=by,
        token_hash=hashed,
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    transaction.on_commit(lambda: notifications.send_info_request(request, token), robust=True)
    cases.stop_first_response(stored)
    cases_timeline.record(stored, CaseEvent.Kind.REQUEST, by, request.message, request=request.pk)
    if wait and cases_transitions.allowed(by, stored, "wait_for_customer"):
        cases.move(by, stored, "wait_for_customer", None)
    return request, token


def request_for_token(token: str) -> InfoRequest | None:
    """The request behind a link while it can be answered; None for any other token."""
    found = (
        InfoRequest.objects.select_related("case", "case__customer", "case__unit")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if (
        found is None
        or found.answered_at is not None
        or found.expires_at < timezone.now()
        or not found.case.is_open
    ):
        return None
    return found


@transaction.atomic
def answer_request(
    *,
    token: str,
    name: str,
    values: dict[str, Any],
    taken_at: datetime,
    photos: list[Any],
    answer: str = "",
) -> InfoRequest:
    """The customer's readings land typed on the case, the photos checked and stripped like
    any upload; the assignee is told and a waiting case works again. Once only."""
    found = request_for_token(token)
    if found is None:
        raise ValidationError(_("This link has expired or was used already."))
    request = InfoRequest.objects.select_for_update().get(pk=found.pk)
    if request.answered_at is not None:
        raise ValidationError(_("This link has expired or was used already."))
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Write your name.")]
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("Send at most %(n)s photos.") % {"n": MAX_PHOTOS}]
    readings = []
    for tag in request.tags:
        raw = values.get(tag)
        if raw in (None, ""):
            continue
        reading = Reading(case=request.case, tag=tag, taken_at=taken_at, info_request=request)
        if tag == Reading.Tag.ALARM:
            reading.code = str(raw).strip()[:40]
        else:
            reading.value = raw if isinstance(raw, Decimal) else Decimal(str(raw))
        readings.append(reading)
    if not readings and not photos and not answer.strip():
        errors["__all__"] = [_("Fill in at least one reading, a photo or a comment.")]
    if errors:
        raise ValidationError(errors)
    # Every file is checked before any is stored: a refused third photo leaves no orphan
    # copies of the first two on disk (a rollback does not delete files).
    checked = [process_upload(upload) for upload in photos]
    for reading in readings:
        reading.full_clean()
        reading.save()
    request.answered_at = timezone.now()
    request.answered_by_name = name.strip()[:100]
    request.answer = answer.strip()
    request.save()
    caption = _("From %(name)s") % {"name": request.answered_by_name}
    for media in checked:
        cases_work.store_media(request.case, media, caption=caption, info_request=request)
    case = request.case
    cases_timeline.record(
        case,
        CaseEvent.Kind.ANSWER,
        None,
        request.answer,
        request=request.pk,
        name=request.answered_by_name,
        readings=len(readings),
        photos=len(photos),
    )
    cases.resume_on_answer(case, request.answered_by_name)
    to = case.assignee or request.requested_by
    with translation.override(to.language):
        text = _("%(number)s: %(name)s sent the readings and photos you asked for.") % {
            "number": case.number,
            "name": request.answered_by_name,
        }
    notify(user=to, text=text, link=reverse("service:case_detail", args=[case.pk]))
    return request
