"""What is written on a case besides its moves: notes, messages to the customer, readings
from the machine, and photos and videos of the fault."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.media import ProcessedMedia, process_upload
from serviceloop.core.uploads import FileKind, generated_name

from ..models import Attachment, Case, CaseEvent, Reading
from . import cases_transitions
from .cases import stop_first_response
from .cases_timeline import record

JPEG_KIND = FileKind("jpg", "image/jpeg")


def may_work_on(user: User, case: Case) -> bool:
    """Notes, readings and photos: anyone the case has a part for, and any engineer of its
    office (a colleague helping by phone)."""
    return bool(cases_transitions.actors_of(user, case)) or (
        user.role == Role.ENGINEER and user.is_active and user.office_id == case.office_id
    )


@transaction.atomic
def add_reading(
    *, by: User, case: Case, tag: str, value=None, code: str = "", taken_at: datetime
) -> Reading:
    """A reading from the machine's HMI, typed with its unit."""
    if not may_work_on(by, case):
        raise PermissionDenied
    reading = Reading(
        case=case, tag=tag, value=value, code=code.strip(), taken_at=taken_at, recorded_by=by
    )
    reading.full_clean()
    reading.save()
    record(case, CaseEvent.Kind.READING, by, tag=tag, value=str(value or code))
    return reading


@transaction.atomic
def add_note(*, by: User, case: Case, text: str, to_customer: bool = False) -> None:
    """An internal note, or a message to the customer (which stops the first-response clock)."""
    if not text.strip():
        raise ValidationError({"text": _("Write something.")})
    if not may_work_on(by, case):
        raise PermissionDenied
    kind = CaseEvent.Kind.MESSAGE if to_customer else CaseEvent.Kind.NOTE
    record(case, kind, by, text.strip())
    if to_customer:
        stop_first_response(case)


@transaction.atomic
def attach_media(*, by: User, case: Case, upload: Any, caption: str = "") -> Attachment:
    """A photo or video of the fault; photos are turned upright and stripped of metadata."""
    if not may_work_on(by, case):
        raise PermissionDenied
    attachment = store_media(case, process_upload(upload), caption=caption, uploaded_by=by)
    record(case, CaseEvent.Kind.NOTE, by, caption, attachment=attachment.pk, media=attachment.kind)
    return attachment


def store_media(
    case: Case,
    media: ProcessedMedia,
    *,
    caption: str,
    uploaded_by: User | None = None,
    info_request: Any = None,
) -> Attachment:
    """Keeps a checked upload (`core.media.process_upload`): the original (photos
    re-encoded without metadata) and the display and thumbnail copies."""
    kind = FileKind(media.extension, media.content_type)
    attachment = Attachment(
        case=case,
        kind=media.kind,
        content_type=media.content_type,
        size=media.size,
        caption=caption[:200],
        uploaded_by=uploaded_by,
        info_request=info_request,
    )
    attachment.original.save(generated_name(kind), ContentFile(media.original), save=False)
    for field, data in (("display", media.display), ("thumbnail", media.thumbnail)):
        if data is not None:
            getattr(attachment, field).save(
                generated_name(JPEG_KIND), ContentFile(data), save=False
            )
    attachment.save()
    return attachment
