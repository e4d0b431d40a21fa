"""Writing a list as .xlsx or CSV that imports back unchanged: codes in row 1, every cell
text, and cells a spreadsheet would run as a formula neutralised (see `values.neutralize`)."""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, time
from decimal import Decimal
from itertools import chain, islice

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .columns import Column
from .values import cell_text, neutralize

_SAMPLED_ROWS = 100  # rows looked at to size the columns of an export
_TEXT = "@"  # Excel's "Text" number format: typed serials keep their leading zeros


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
        return cell_text(value)
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
