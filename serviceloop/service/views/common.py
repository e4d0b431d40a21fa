"""What every service page shares: who may see the pages, how a refusal is told, and how a
case's stored files are served to whoever the calling view has already allowed."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from serviceloop.accounts.permissions import role_required
from serviceloop.core.forms import tell_refused as refused

from .. import permissions
from ..models import Attachment

case_viewers = role_required(*permissions.CASE_LIST_ROLES)
case_openers = role_required(*permissions.CASE_OPENING_ROLES)
settings_readers = role_required(*permissions.SETTINGS_VIEWING_ROLES)
settings_keepers = role_required(*permissions.SETTINGS_KEEPING_ROLES)
dispatchers = role_required(*permissions.DISPATCHING_ROLES)
dispatch_board_readers = role_required(*permissions.DISPATCH_BOARD_ROLES)
feedback_readers = role_required(*permissions.FEEDBACK_READERS)
complaint_readers = role_required(*permissions.COMPLAINT_READERS)
complaint_openers = role_required(*permissions.COMPLAINT_OPENERS)


def tell_refused(request, error: Exception) -> None:
    refused(request, error, fallback=_("You may not take this step on this case."))


def serve_attachment(attachment: Attachment, variant: str) -> FileResponse:
    """One stored copy of an attachment the caller was allowed to reach."""
    stored = {
        "original": attachment.original,
        "display": attachment.display,
        "thumbnail": attachment.thumbnail,
    }.get(variant)
    if not stored:
        raise Http404
    content_type = attachment.content_type if variant == "original" else "image/jpeg"
    is_video = attachment.kind == Attachment.Kind.VIDEO
    return FileResponse(stored.open("rb"), content_type=content_type, as_attachment=is_video)
