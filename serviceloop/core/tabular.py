"""Lists in and out as .xlsx and CSV: the file layer under the domain importers and exports.

Every value crosses this layer as text. Serial numbers, phone numbers and codes keep their
leading zeros and never turn into 1.38e+10; validating and converting is the importer's job.
The first row of a file holds stable column codes (`customer_code`, `name_zh`), never the
translated labels, so a file exported in Spanish imports unchanged in a Chinese session.

Safety: openpyxl parses through defusedxml when it is installed (`openpyxl.DEFUSEDXML` is
then True, checked by a test), which refuses entity-expansion bombs; the unpacked size of a
workbook is capped here against ZIP bombs. Exported cells that a spreadsheet would run as a
formula are neutralised with a leading quote: see `neutralize`.
"""

import codecs
import csv
import io
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice
from typing import Protocol
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
PROGRESS_EVERY = 500

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")
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
_SAMPLED_ROWS = 100  # rows looked at to size the columns of an export
_TEXT = "@"  # Excel's "Text" number format: typed serials keep their leading zeros

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


@dataclass(frozen=True, slots=True)
class Column:
    code: str
    label: str
    help: str
    required: bool = False


# --- Text of a value (both directions) --------------------------------------------------


def neutralize(value: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula.

    A phone number "+86 138 1234 5678" is exported as "'+86 138 1234 5678" and "-5" as
    "'-5"; `read_table` removes that one quote again, so export → import round-trips.
    Text that already starts with quotes before such a character gets one more quote, so
    a literal "'+86" survives the round trip too.
    """
    if value.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def _unneutralize(value: str) -> str:
    if value.startswith("'") and value.lstrip("'")[:1] in FORMULA_STARTS:
        return value[1:]
    return value


def _text(value: object) -> str:
    """A cell value as the text a user typed: no ".0", no exponent, ISO dates."""
    match value:
        case None:
            return ""
        case bool():
            return "TRUE" if value else "FALSE"
        case int():
            return str(value)
        case float():
            return _float_text(value)
        case Decimal():
            return format(value, "f")
        case datetime():
            return _datetime_text(value)
        case date():
            return value.isoformat()
        case time():
            return value.isoformat(_timespec(value))
        case _:
            return str(value)


def _float_text(value: float) -> str:
    # Excel stores every number as a double: serial 2023001 arrives as 2023001.0 and a
    # phone number as 13812345678.0. Past 10**16 doubles are no longer exact integers.
    if value.is_integer() and abs(value) < 10**16:
        return str(int(value))
    return format(Decimal(repr(value)), "f")  # shortest exact digits, never "1e+20"


def _datetime_text(value: datetime) -> str:
    if value.time() == time(0):
        return value.date().isoformat()
    return value.isoformat(" ", _timespec(value.time()))


def _timespec(value: time) -> str:
    return "minutes" if not (value.second or value.microsecond) else "seconds"


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
        yield [_text(value) for value in values]


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
    return _unneutralize(cells[index].strip()).strip()


# --- Writing ----------------------------------------------------------------------------


def write_xlsx(
    columns: list[Column],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str,
    help_title: str,
) -> bytes:
    """A workbook that imports back unchanged: codes in row 1, every cell text, help sheet second.

    Titles must be valid sheet names (at most 31 characters, none of []:*?/\\).
    """
    workbook = Workbook(write_only=True)
    _write_data_sheet(workbook.create_sheet(sheet_title), columns, rows)
    _write_help_sheet(workbook.create_sheet(help_title), columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(columns: list[Column], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, which Chinese Excel needs to show the characters; codes in row 1.

    Excel drops leading zeros ("0012" → 12) when it opens a CSV: the .xlsx export is the
    one to edit in Excel.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # "\r\n" line endings
    writer.writerow(column.code for column in columns)
    writer.writerows(_export_row(row, len(columns)) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _export_row(row: Sequence[object], width: int) -> list[str]:
    if len(row) != width:
        raise ValueError(f"row has {len(row)} values for {width} columns: {row!r}")
    return [_export_text(value) for value in row]


def _export_text(value: object) -> str:
    # Only text can hold a formula: numbers and dates are formatted here, so the integer -5
    # stays "-5". Lazy translations and TextChoices become plain text first.
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal | date | time):
        return _text(value)
    return neutralize(str(value))


def _write_data_sheet(
    sheet: WriteOnlyWorksheet, columns: list[Column], rows: Iterable[Sequence[object]]
) -> None:
    # Write-only mode streams rows to disk, so column widths come from a sample up front.
    remaining = (_export_row(row, len(columns)) for row in rows)
    sample = list(islice(remaining, _SAMPLED_ROWS))
    codes = [column.code for column in columns]
    for index, width in enumerate(_widths([codes, *sample]), start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = width
        dimension.number_format = _TEXT  # cells typed in later are text as well
    sheet.freeze_panes = "A2"
    sheet.append(_bold_cells(sheet, codes))
    style = _text_style(sheet)
    for texts in chain(sample, remaining):
        sheet.append([_xlsx_cell(sheet, text, style) for text in texts])


def _write_help_sheet(sheet: WriteOnlyWorksheet, columns: list[Column]) -> None:
    for letter, width in zip("ABCD", (24, 32, 12, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_bold_cells(sheet, [_("Code"), _("Column"), _("Required"), _("What to enter")]))
    wrapped = Alignment(wrap_text=True, vertical="top")
    for column in columns:
        texts = [column.code, column.label, _("Yes") if column.required else _("No"), column.help]
        cells = [WriteOnlyCell(sheet, _xlsx_safe(neutralize(str(text)))) for text in texts]
        for cell in cells:
            cell.alignment = wrapped
        sheet.append(cells)


def _bold_cells(sheet: WriteOnlyWorksheet, texts: Iterable[str]) -> list[Cell]:
    cells = [WriteOnlyCell(sheet, _xlsx_safe(neutralize(str(text)))) for text in texts]
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def _text_style(sheet: WriteOnlyWorksheet) -> StyleArray:
    # Registering the "@" format once and sharing its style array keeps 100,000-row
    # exports fast; setting number_format on every cell looks the style up each time.
    template = WriteOnlyCell(sheet)
    template.number_format = _TEXT
    return template._style


def _xlsx_cell(sheet: WriteOnlyWorksheet, text: str, style: StyleArray) -> Cell | None:
    if not text:
        return None  # the column's text format covers empty cells
    return Cell(sheet, row=1, column=1, value=_xlsx_safe(text), style_array=style)


def _xlsx_safe(text: str) -> str:
    # XML cannot hold most control characters; openpyxl refuses them rather than drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _widths(rows: list[Sequence[str]]) -> list[int]:
    """Excel column widths fitting the sample: 10 to 50 characters, CJK counted double."""
    columns = zip(*rows, strict=True)
    return [min(max(10, *map(_display_width, texts)) + 2, 50) for texts in columns]


def _display_width(text: str) -> int:
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in longest)
