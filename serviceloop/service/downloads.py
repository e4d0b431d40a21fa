"""Serving a case's stored files to whoever the calling view has already allowed."""

from django.http import FileResponse, Http404

from .models import Attachment


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
