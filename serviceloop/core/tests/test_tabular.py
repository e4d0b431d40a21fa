import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from serviceloop.core.tabular.columns import Column
from serviceloop.core.tabular.reading import TableError, read_table
from serviceloop.core.tabular.values import neutralize
from serviceloop.core.tabular.writing import write_csv, write_xlsx

DANGEROUS = ["=cmd|' /C calc'!A0", "+86 138 1234 5678", "-5", "@SUM(A1)"]
COLUMNS = [
    Column("serial", "Serial number", "As on the nameplate.", required=True),
    Column("phone", "Phone", "Mobile or landline."),
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _xlsx(*rows, sheets=1):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    for number in range(2, sheets + 1):
        workbook.create_sheet(f"Sheet{number}").append(["other"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _csv(*rows, encoding="utf-8", delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return io.BytesIO(text.getvalue().encode(encoding))


def _values(table):
    return [row.values for row in table.rows]


def _refusal(data, filename="list.xlsx", **limits):
    with pytest.raises(TableError) as error:
        read_table(io.BytesIO(data), filename=filename, **limits)
    return str(error.value)


# --- Reading .xlsx ----------------------------------------------------------------------


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_numeric_serial_cell_comes_back_as_text_without_point_zero():
    table = read_table(_xlsx(["serial"], [2023001.0], [2023002]), filename="units.xlsx")
    assert _values(table) == [{"serial": "2023001"}, {"serial": "2023002"}]


def test_phone_stored_as_number_comes_back_without_point_zero_or_exponent():
    file = _xlsx(["phone"], [13812345678.0], [1e20], [0.1], [-2.5])
    phones = [row["phone"] for row in _values(read_table(file, filename="contacts.xlsx"))]
    assert phones == ["13812345678", "100000000000000000000", "0.1", "-2.5"]


def test_date_cell_comes_back_iso():
    file = _xlsx(["day"], [date(2024, 3, 15)], [datetime(2024, 3, 15, 8, 30)])
    table = read_table(file, filename="visits.xlsx")
    assert _values(table) == [{"day": "2024-03-15"}, {"day": "2024-03-15 08:30"}]


def test_booleans_blanks_and_whitespace_come_back_as_text():
    file = _xlsx(["active", "note", "name"], [True, None, "  ACME  "], [False, "   ", "B"])
    assert _values(read_table(file, filename="list.xlsx")) == [
        {"active": "TRUE", "note": "", "name": "ACME"},
        {"active": "FALSE", "note": "", "name": "B"},
    ]


def test_only_the_first_sheet_is_read():
    table = read_table(_xlsx(["code"], ["A1"], sheets=2), filename="list.xlsx")
    assert table.columns == ["code"]
    assert _values(table) == [{"code": "A1"}]


def test_format_is_decided_by_content_not_by_name():
    table = read_table(_xlsx(["code"], ["A1"]), filename="list.csv")
    assert _values(table) == [{"code": "A1"}]


# --- Reading CSV ------------------------------------------------------------------------


def test_gb18030_csv_with_chinese_names_reads():
    file = _csv(["customer_code", "name_zh"], ["C001", "上海汽车有限公司"], encoding="gb18030")
    table = read_table(file, filename="客户.csv")
    assert _values(table) == [{"customer_code": "C001", "name_zh": "上海汽车有限公司"}]


def test_utf8_csv_with_bom_reads():
    file = _csv(["customer_code", "name_zh"], ["C001", "北京"], encoding="utf-8-sig")
    table = read_table(file, filename="customers.csv")
    assert table.columns == ["customer_code", "name_zh"]
    assert _values(table) == [{"customer_code": "C001", "name_zh": "北京"}]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_delimited_csv_read(delimiter):
    file = _csv(["code", "city"], ["C001", "Zaragoza, Spain"], delimiter=delimiter)
    table = read_table(file, filename="list.csv")
    assert _values(table) == [{"code": "C001", "city": "Zaragoza, Spain"}]


def test_csv_in_an_unknown_encoding_is_refused():
    message = _refusal(b"code\n\x80\xff\n", filename="list.csv")
    assert "encoding" in message


# --- Header and rows --------------------------------------------------------------------


def test_header_codes_are_normalised_and_blank_header_columns_ignored():
    file = _xlsx([" Customer_Code ", None, "NAME_ZH"], ["C001", "ignored", "上海"])
    table = read_table(file, filename="list.xlsx")
    assert table.columns == ["customer_code", "name_zh"]
    assert _values(table) == [{"customer_code": "C001", "name_zh": "上海"}]


def test_duplicate_column_codes_are_refused_naming_the_code():
    message = _refusal(_xlsx(["code", "name", " CODE"]).getvalue())
    assert "code" in message and "more than once" in message


def test_file_without_codes_in_the_first_row_is_refused():
    assert "column codes" in _refusal(_csv(["", " "], ["C001", "x"]).getvalue(), "list.csv")


def test_empty_rows_are_skipped_but_row_numbers_kept():
    file = _xlsx(["code", "name"], ["C001", "A"], [None, None], ["", "  "], ["C002", "B"])
    table = read_table(file, filename="list.xlsx")
    assert [(row.number, row.values["code"]) for row in table.rows] == [(2, "C001"), (5, "C002")]


def test_csv_row_numbers_count_records_as_excel_shows_them():
    file = _csv(["code", "note"], ["C001", "two\nlines"], [], ["C002", ""])
    table = read_table(file, filename="list.csv")
    assert [(row.number, row.values["code"]) for row in table.rows] == [(2, "C001"), (4, "C002")]


def test_short_rows_are_padded_with_empty_values():
    table = read_table(_csv(["code", "name", "city"], ["C001"]), filename="list.csv")
    assert _values(table) == [{"code": "C001", "name": "", "city": ""}]


def test_table_lists_missing_and_unknown_columns():
    table = read_table(_csv(["code", "colour"], ["C001", "red"]), filename="list.csv")
    assert table.missing_columns(["code", "name_zh", "city"]) == ["name_zh", "city"]
    assert table.unknown_columns(["code", "name_zh"]) == ["colour"]


# --- Refused files and limits -----------------------------------------------------------


def test_old_xls_workbook_is_refused_with_the_advice_to_save_as_xlsx():
    message = _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), filename="list.xls")
    assert message.startswith("Old .xls workbooks are not supported")


def test_password_protected_workbook_is_refused_as_such():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    assert "password" in _refusal(ole + bytes(512))


def test_web_page_named_xls_gets_the_advice_to_save_as_xlsx():
    page = b"<html><body><table><tr><td>code</td></tr></table></body></html>"
    assert _refusal(page, filename="export.xls").startswith("Old .xls workbooks")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"ab\x00cd"],
    ids=["png", "pdf", "nul-bytes"],
)
def test_binary_file_is_refused(data):
    assert _refusal(data) == "This file is neither an .xlsx workbook nor a CSV file."


def test_damaged_workbook_is_refused():
    workbook = _xlsx(["code"], ["C001"]).getvalue()
    assert "damaged" in _refusal(workbook[: len(workbook) // 2])


def test_empty_file_is_refused():
    assert _refusal(b"", filename="list.csv") == "The file is empty."


def test_file_over_the_size_limit_is_refused():
    assert "larger than" in _refusal(b"code\n" + b"C001\n" * 100, max_bytes=100)


def test_upload_over_the_size_limit_is_refused_before_reading():
    upload = SimpleUploadedFile("list.csv", b"code\n" + b"C001\n" * 100)
    with pytest.raises(TableError, match="larger than"):
        read_table(upload, filename=upload.name, max_bytes=100)


def test_too_many_rows_are_refused_with_the_limit():
    file = _xlsx(["code"], *[[f"C{number}"] for number in range(4)])
    with pytest.raises(TableError, match="more than 3 rows"):
        read_table(file, filename="list.xlsx", max_rows=3)


@pytest.mark.parametrize("build", [_xlsx, _csv], ids=["xlsx", "csv"])
def test_progress_is_reported_every_500_rows_and_at_the_end(build):
    calls = []
    file = build(["code"], *[[f"C{number}"] for number in range(1200)])
    read_table(file, filename="list", on_progress=lambda read, total: calls.append((read, total)))
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


# --- Writing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'+86", "''+86"),
        ("ACME", "ACME"),
        ("5-6", "5-6"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_neutralize_prefixes_a_quote_only_to_formula_starts(value, exported):
    assert neutralize(value) == exported


def test_xlsx_export_neutralises_formulas_and_imports_back_unchanged():
    rows = [[value, "x"] for value in [*DANGEROUS, "'+86"]]
    data = write_xlsx(COLUMNS, rows, sheet_title="Units", help_title="Help")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Units"]
    assert [cell.value for cell in sheet["A"][1:5]] == [f"'{value}" for value in DANGEROUS]
    assert {cell.data_type for cell in sheet["A"][1:]} == {"s"}  # text, never a formula
    table = read_table(io.BytesIO(data), filename="units.xlsx")
    assert [row.values["serial"] for row in table.rows] == [*DANGEROUS, "'+86"]


def test_csv_export_neutralises_formulas_and_imports_back_unchanged():
    data = write_csv(COLUMNS, [[value, "x"] for value in DANGEROUS])
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1:3] == ["'=cmd|' /C calc'!A0,x", "'+86 138 1234 5678,x"]
    table = read_table(io.BytesIO(data), filename="units.csv")
    assert [row.values["serial"] for row in table.rows] == DANGEROUS


def test_xlsx_export_has_the_codes_in_row_1_and_the_help_sheet_second():
    data = write_xlsx(COLUMNS, [["SN1", "138"]], sheet_title="Units", help_title="Help")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Units", "Help"]
    units, help_sheet = workbook.worksheets
    assert [cell.value for cell in units[1]] == ["serial", "phone"]
    assert units.freeze_panes == "A2"
    assert list(help_sheet.values) == [
        ("Code", "Column", "Required", "What to enter"),
        ("serial", "Serial number", "Yes", "As on the nameplate."),
        ("phone", "Phone", "No", "Mobile or landline."),
    ]


def test_help_sheet_is_in_the_active_language():
    with translation.override("zh-hans"):
        data = write_xlsx(COLUMNS, [], sheet_title="设备", help_title="说明")
    help_sheet = openpyxl.load_workbook(io.BytesIO(data))["说明"]
    assert (help_sheet["C2"].value, help_sheet["C3"].value) == ("是", "否")


def test_xlsx_export_writes_numbers_and_dates_as_text_cells():
    columns = [Column(code, code, "") for code in ("serial", "number", "phone", "price", "day")]
    row = ["0012", 2023001, 13812345678.0, Decimal("1.50"), date(2024, 3, 15)]
    data = write_xlsx(columns, [row], sheet_title="Units", help_title="Help")
    cells = openpyxl.load_workbook(io.BytesIO(data))["Units"][2]
    assert [cell.value for cell in cells] == [
        "0012",
        "2023001",
        "13812345678",
        "1.50",
        "2024-03-15",
    ]
    assert {(cell.data_type, cell.number_format) for cell in cells} == {("s", "@")}


def test_xlsx_export_drops_control_characters_xml_cannot_hold():
    data = write_xlsx(COLUMNS, [["SN\x0b1", None]], sheet_title="Units", help_title="Help")
    table = read_table(io.BytesIO(data), filename="units.xlsx")
    assert _values(table) == [{"serial": "SN1", "phone": ""}]


def test_csv_export_is_utf8_with_bom_and_crlf_line_endings():
    data = write_csv(COLUMNS, [["SN1", "上海 021"]])
    assert data == "\ufeffserial,phone\r\nSN1,上海 021\r\n".encode()


def test_row_of_the_wrong_width_is_a_programming_error():
    with pytest.raises(ValueError, match="1 values for 2 columns"):
        write_csv(COLUMNS, [["SN1"]])


def test_twenty_thousand_rows_round_trip_through_xlsx():
    rows = [[f"{number:08d}", f"138{number:08d}"] for number in range(20_000)]
    data = write_xlsx(COLUMNS, rows, sheet_title="Units", help_title="Help")
    table = read_table(io.BytesIO(data), filename="units.xlsx")
    assert len(table.rows) == 20_000
    assert table.rows[-1].number == 20_001
    assert table.rows[-1].values == {"serial": "00019999", "phone": "13800019999"}
