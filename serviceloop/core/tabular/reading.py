"""Reading an .xlsx or CSV file as a table of text: the file layer under the importers.

Every value crosses this layer as text. Serial numbers, phone numbers and codes keep their
leading zeros and never turn into 1.38e+10; validating and converting is the importer's job.
The first row of a file holds stable column codes (`customer_code`, `name_zh`), never the
translated labels, so a file exported in Spanish imports unchanged in a Chinese session.

Safety: openpyxl parses through defusedxml when it is installed (`openpyxl.DEFUSEDXML` is
then True, checked by a test), which refuses entity-expansion bombs; the unpacked size of a
workbook is capped here against ZIP bombs.
"""

import codecs
import csv
import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .values import cell_text, unneutralize

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
PROGRESS_EVERY = 500

# Unpacked budget of a workbook, 500 MB by default: a real 50,000-row list unpacks to well
# under 200 MB (measured: 16 times its size), a ZIP bomb to gigabytes.
_UNZIPPED_PER_BYTE = 25
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # old .xls, and also any password-protected .xlsx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# What openpyxl raises on a damaged or non-workbook ZIP (a .docx, a truncated download).
_BROKEN_XLSX = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    InvalidFileException,
    ParseError,
    DefusedXmlException,
)

Progress = Callable[[int, int], None]


class TableError(Exception):
    """The file cannot be read as a table; the message is translated and meant for the user."""


class BinaryFile(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # as the user sees it in Excel: the header is row 1
    values: dict[str, str]


@dataclass(slots=True)
class Table:
    columns: list[str]
    rows: list[Row]

    def missing_columns(self, required: Iterable[str]) -> list[str]:
        return [code for code in required if code not in self.columns]

    def unknown_columns(self, known: Iterable[str]) -> list[str]:
        known_codes = set(known)
        return [code for code in self.columns if code not in known_codes]


# --- Reading ----------------------------------------------------------------------------


def read_table(
    file: BinaryFile,
    *,
    filename: str,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    on_progress: Progress | None = None,
) -> Table:
    """Read the first sheet of an .xlsx workbook, or a CSV file, as text rows.

    Formula cells give the value Excel last computed and saved with the workbook.
    The content decides the format; `filename` only chooses the advice given when the file
    is refused. `on_progress(rows_read, total_estimate)` is called every 500 rows and once
    at the end with (rows_read, rows_read). Raises TableError with a translated message.
    """
    data = _read_bytes(file, max_bytes)
    if data.startswith(_ZIP):
        return _read_xlsx(data, max_bytes=max_bytes, max_rows=max_rows, on_progress=on_progress)
    _refuse_non_tables(data, filename)
    return _read_csv(data, max_rows=max_rows, on_progress=on_progress)


def _read_bytes(file: BinaryFile, max_bytes: int) -> bytes:
    seek = getattr(file, "seek", None)
    if seek is not None:
        seek(0)  # a form may have peeked at the upload
    size = getattr(file, "size", None)  # Django's UploadedFile knows it without reading
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise TableError(_("The file is empty."))
    return data


def _too_large(max_bytes: int) -> TableError:
    return TableError(
        _("The file is larger than %(limit)s, the most that can be imported at once.")
        % {"limit": filesizeformat(max_bytes)}
    )


def _refuse_non_tables(data: bytes, filename: str) -> None:
    """Refuse what is neither a workbook nor text, with the advice that fixes the file."""
    old_xls = _(
        "Old .xls workbooks are not supported: save the file as .xlsx (Excel: File › Save as)."
    )
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise TableError(
                _("This workbook is protected by a password: remove it and save again.")
            )
        raise TableError(old_xls)
    if data.startswith(_UTF16_BOMS):
        raise TableError(_("This text file is saved as UTF-16: save it as “CSV UTF-8” instead."))
    # Many business systems export a web page or XML and name it .xls.
    markup = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")
    if markup and filename.lower().endswith(".xls"):
        raise TableError(old_xls)
    if markup or data.startswith(b"%PDF") or b"\x00" in data:
        raise TableError(_("This file is neither an .xlsx workbook nor a CSV file."))


def _read_xlsx(
    data: bytes, *, max_bytes: int, max_rows: int, on_progress: Progress | None
) -> Table:
    try:
        _refuse_zip_bomb(data, max_bytes)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _read_first_sheet(workbook, max_rows=max_rows, on_progress=on_progress)
        finally:
            workbook.close()
    except _BROKEN_XLSX as error:
        raise TableError(
            _("This .xlsx workbook cannot be opened: it may be damaged. Save it again in Excel.")
        ) from error


def _refuse_zip_bomb(data: bytes, max_bytes: int) -> None:
    # The sizes come from the ZIP directory; zipfile stops decompressing at the stated size.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unzipped = sum(member.file_size for member in archive.infolist())
    if unzipped > max_bytes * _UNZIPPED_PER_BYTE:
        raise _too_large(max_bytes)


def _read_first_sheet(workbook: Workbook, *, max_rows: int, on_progress: Progress | None) -> Table:
    if not workbook.worksheets:
        raise TableError(_("The file is empty."))
    sheet = workbook.worksheets[0]
    estimate = max((sheet.max_row or 1) - 1, 0)
    # Read-only mode trusts the size the writing program recorded, and some record it
    # wrongly (A1:A1); forgetting it makes openpyxl read every row that is really there.
    sheet.reset_dimensions()
    return _build_table(
        _xlsx_records(sheet), estimate=estimate, max_rows=max_rows, on_progress=on_progress
    )


def _xlsx_records(sheet: ReadOnlyWorksheet) -> Iterator[list[str]]:
    for values in sheet.iter_rows(min_row=1, min_col=1, values_only=True):
        yield [cell_text(value) for value in values]


def _read_csv(data: bytes, *, max_rows: int, on_progress: Progress | None) -> Table:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    estimate = max(text.count("\n") - 1, 0)
    try:
        return _build_table(reader, estimate=estimate, max_rows=max_rows, on_progress=on_progress)
    except csv.Error as error:
        raise TableError(
            _("Line %(line)s of this CSV file cannot be read.") % {"line": reader.line_num}
        ) from error


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: what Chinese Excel saves as plain "CSV"."""
    encodings = ["utf-8-sig"] if data.startswith(codecs.BOM_UTF8) else ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        _("The text encoding of this CSV file is unknown: save it as “CSV UTF-8” and try again.")
    )


def _delimiter(text: str) -> str:
    lines = text[:8192].splitlines()
    try:
        return csv.Sniffer().sniff(lines[0] if lines else "", delimiters=",;\t").delimiter
    except csv.Error:  # a single column, or nothing to go by
        return ","


def _build_table(
    records: Iterator[Sequence[str]],
    *,
    estimate: int,
    max_rows: int,
    on_progress: Progress | None,
) -> Table:
    positions = _header(next(records, None))
    rows: list[Row] = []
    read = 0
    for read, cells in enumerate(records, start=1):
        values = {code: _cell(cells, index) for index, code in positions}
        if any(values.values()):
            rows.append(Row(number=read + 1, values=values))
            if len(rows) > max_rows:
                raise TableError(
                    _("The file has more than %(limit)s rows: split it into smaller files.")
                    % {"limit": formats.number_format(max_rows, force_grouping=True)}
                )
        if on_progress is not None and read % PROGRESS_EVERY == 0:
            on_progress(read, estimate)
    if on_progress is not None:
        on_progress(read, read)
    return Table(columns=[code for index, code in positions], rows=rows)


def _header(cells: Sequence[str] | None) -> list[tuple[int, str]]:
    """(position, code) of each column: codes stripped and lower-cased, blank ones dropped."""
    if cells is None:
        raise TableError(_("The file is empty."))
    positions = [(index, cell.strip().lower()) for index, cell in enumerate(cells)]
    positions = [(index, code) for index, code in positions if code]
    if not positions:
        raise TableError(_("The first row must hold the column codes, such as customer_code."))
    counts = Counter(code for index, code in positions)
    duplicates = [code for code, count in counts.items() if count > 1]
    if duplicates:
        raise TableError(
            _("The column code %(code)s appears more than once in the first row.")
            % {"code": duplicates[0]}
        )
    return positions


def _cell(cells: Sequence[str], index: int) -> str:
    if index >= len(cells):
        return ""
    return unneutralize(cells[index].strip()).strip()
