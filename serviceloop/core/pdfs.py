"""PDFs are opened and read object by object before they are kept.

A PDF can carry more than pages: JavaScript run when it opens (`/OpenAction`, `/JS`, the
`/JavaScript` name tree, `/AA` additional actions on pages and fields, XFA forms), an
action that starts a program (`/Launch`), or whole files inside it (`/EmbeddedFiles`,
`/EmbeddedFile` streams, `/FileAttachment` annotations). Manuals, drawings and protocols
need none of these, and the documents are downloaded by engineers and customers, so such a
PDF is refused, as is one we cannot read or that is encrypted (nothing in it can be checked).

Every object is looked at, reachable or not: the trailer and every entry of the
cross-reference table, objects inside object streams included. Indirect references are
resolved once each (a visited set guards against cycles). pypdf parses about 5,000
objects a second here, so a file with more objects (or values) than the limits below is
refused as too complex rather than keeping the server busy; manuals of a few hundred pages
have some 10,000 to 30,000 objects.
"""

from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

MAX_OBJECTS = 100_000
MAX_VALUES = 2_000_000

JAVASCRIPT = "pdf_javascript"
LAUNCH = "pdf_launch"
EMBEDDED_FILE = "pdf_embedded_file"

# Keys whose mere presence means active content or an attached file.
DANGEROUS_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,
    "/AA": JAVASCRIPT,  # additional actions: run on opening a page, focusing a field...
    "/XFA": JAVASCRIPT,  # XFA forms carry their own scripts
    "/EmbeddedFiles": EMBEDDED_FILE,
    "/EF": EMBEDDED_FILE,
}
# (key, value) pairs that name an action or an object type we refuse.
DANGEROUS_NAMES = {
    ("/S", "/JavaScript"): JAVASCRIPT,
    ("/S", "/Launch"): LAUNCH,
    ("/Type", "/EmbeddedFile"): EMBEDDED_FILE,
    ("/Subtype", "/FileAttachment"): EMBEDDED_FILE,
}
NAMING_KEYS = frozenset(key for key, _value in DANGEROUS_NAMES)

MESSAGES = {
    JAVASCRIPT: _(
        "This PDF contains JavaScript or automatic actions, which are not accepted: print it "
        "to a new PDF and upload that one."
    ),
    LAUNCH: _("This PDF contains an action that starts a program, which is not accepted."),
    EMBEDDED_FILE: _(
        "This PDF carries embedded files, which are not accepted: upload each file on its own."
    ),
}


def _refused(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


def _unreadable() -> ValidationError:
    return ValidationError(
        _("This PDF could not be read: it is damaged or not a PDF."), code="pdf_unreadable"
    )


def _danger_in(dictionary: DictionaryObject) -> str | None:
    """What a dictionary carries that we refuse, judged by its own keys and names."""
    for key, value in dict.items(dictionary):
        if key in DANGEROUS_KEYS:
            return DANGEROUS_KEYS[key]
        if key not in NAMING_KEYS:
            continue
        if isinstance(value, IndirectObject):
            value = value.get_object()
        if isinstance(value, str) and (key, value) in DANGEROUS_NAMES:
            return DANGEROUS_NAMES[(key, value)]
    return None


def _roots(reader: PdfReader) -> list[PdfObject]:
    """The trailer, and a reference to every object the cross-reference data lists."""
    roots: list[PdfObject] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots.extend(IndirectObject(number, generation, reader) for number in numbers)
    roots.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    return roots


def _too_complex() -> ValidationError:
    return ValidationError(
        _("This PDF is too complex to be checked: save it again as a simpler PDF."),
        code="pdf_too_complex",
    )


def _first_danger(reader: PdfReader) -> str | None:
    pending = _roots(reader)
    if len(pending) > MAX_OBJECTS:
        raise _too_complex()
    visited: set[tuple[int, int]] = set()
    for _count in range(MAX_VALUES):
        if not pending:
            return None
        value: PdfObject | None = pending.pop()
        if isinstance(value, IndirectObject):
            if (value.idnum, value.generation) in visited:
                continue
            visited.add((value.idnum, value.generation))
            if len(visited) > MAX_OBJECTS:
                raise _too_complex()
            value = value.get_object()
        if isinstance(value, DictionaryObject):  # stream dictionaries included
            if found := _danger_in(value):
                return found
            pending.extend(dict.values(value))
        elif isinstance(value, ArrayObject):
            pending.extend(list.__iter__(value))
    raise _too_complex()


def check_pdf(upload: IO[bytes]) -> None:
    """Refuses a PDF that is encrypted, cannot be read, or carries JavaScript, a launch
    action or embedded files (see the module's docstring); leaves the file at its start."""
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected by a password: upload it without the protection."),
                code="pdf_encrypted",
            )
        found = _first_danger(reader)
    except ValidationError:
        raise
    except Exception as error:
        # A parser fed a hostile file can fail in any way (pypdf's own errors, but also
        # ValueError, KeyError, RecursionError...): each means the file cannot be checked.
        raise _unreadable() from error
    finally:
        upload.seek(0)
    if found:
        raise _refused(found)
