"""Uploaded files are accepted by what they contain, never by their name.

The first bytes of a file identify its format (a PDF is then opened and checked whole,
core/pdfs.py); only the formats listed here are kept, under a generated name, outside the
static tree, and served only through views that check the record they belong to.
"""

import uuid
from dataclasses import dataclass
from zipfile import BadZipFile, ZipFile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .pdfs import check_pdf

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
# Photos (re-encoded without their EXIF data) arrive with the service cases (roadmap step 3).
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DWG = FileKind("dwg", "image/vnd.dwg")


def _office_kind(upload: UploadedFile) -> FileKind | None:
    """An .xlsx or .docx is a ZIP whose parts say which one it is."""
    upload.seek(0)
    try:
        with ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("xl/") for name in names):
        return XLSX
    if any(name.startswith("word/") for name in names):
        return DOCX
    return None


def sniff_document(upload: UploadedFile) -> FileKind:
    """The kind of a manual, drawing or protocol, from its content; anything else is refused."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_DOCUMENT_BYTES // 2**20},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        check_pdf(upload)  # active content and embedded files hide behind valid first bytes
        return PDF
    if head[:4] == b"AC10" and head[4:6].isdigit():
        return DWG
    if head.startswith(b"PK\x03\x04") and (kind := _office_kind(upload)):
        return kind
    raise ValidationError(
        _("This kind of file is not accepted: upload a PDF, .xlsx, .docx or DWG file."),
        code="file_type",
    )


def generated_name(kind: FileKind) -> str:
    """A name nobody can guess or use to overwrite another file."""
    return f"{uuid.uuid4().hex}.{kind.extension}"
