"""An exported list imports back unchanged; files from Excel and Chinese Windows import as typed."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.http import QueryDict
from django.utils import translation

from serviceloop.accounts.models import Role
from serviceloop.customers.models import Contact, Customer, Division
from serviceloop.equipment.models import Unit
from serviceloop.transfer.services import apply_import, export_list, plan_import

from .builders import (
    VALID_CREDIT_CODE,
    csv_bytes,
    make_contact,
    make_customer,
    make_model,
    make_site,
    make_unit,
    table_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
KINDS = ["customers", "sites", "contacts", "units"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def archive(coordinator, manager, users):
    """Every column filled somewhere, with text a spreadsheet would run as a formula."""
    group, plant = _customers_and_sites(coordinator, users[Role.ACCOUNT_MANAGER])
    _units(coordinator, manager, group, plant)
    return group


def _customers_and_sites(coordinator, account_manager):
    group = make_customer(
        coordinator,
        "C-0001",
        name_en="-ACME Group",
        credit_code=VALID_CREDIT_CODE,
        industry="bearings",
        grade="A",
        status="active",
        province=Division.objects.get(code="310000"),
        city=Division.objects.get(code="310100"),
        district=Division.objects.get(code="310115"),
        address="上海市浦东新区张江路 1 号",
        account_manager=account_manager,
        customer_since=date(2019, 5, 6),
        invoice_phone="+86 21 6218 5500",
        notes="第一行\r\n=SUM(A1)",
    )
    member = make_customer(coordinator, "C-0002", parent=group, name_zh="=成员公司")
    plant = make_site(
        coordinator,
        group,
        "S1",
        latitude=Decimal("31.230416"),
        longitude=Decimal("121.473701"),
        province=Division.objects.get(code="310000"),
        access_notes="@gate 3",
    )
    make_site(coordinator, member, "S2")
    make_contact(
        coordinator,
        group,
        "王建华",
        site=plant,
        mobile="138 1234 5678",
        landline="021-62185500-801",
        email="wang@example.com",
        language="en",
        consents_to_surveys=True,
    )
    make_contact(coordinator, member, "李娜", mobile="")
    return group, plant


def _units(coordinator, manager, group, plant):
    line = make_unit(
        coordinator,
        group,
        "ＩＨ－２０２４－０００１",
        model=make_model(manager, "LINE"),
        site=plant,
    )
    make_unit(
        coordinator,
        group,
        "PS-0001",
        model=make_model(manager, "IPS-MF300"),
        parent=line,
        build_date=date(2023, 11, 2),
        commissioning_date=date(2024, 4, 1),
        running_hours=1200,
        power_supply_serial="00123",
        firmware_plc="=V1.2",
        status="degraded",
    )


def _export(user, kind, file_format):
    export = export_list(user, kind, QueryDict(""), file_format=file_format)
    return table_of(export.content, filename=export.filename), export


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_exported_list_imports_back_unchanged(coordinator, archive, kind, file_format):
    exported, export = _export(coordinator, kind, file_format)
    plan = plan_import(coordinator, kind, exported)
    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, export.rows)
    assert export.rows == 2
    print(f"{kind} {file_format}: {export.rows} rows exported, 0 created, 0 updated on import")


def test_an_export_neutralises_cells_a_spreadsheet_would_run(coordinator, archive):
    export = export_list(coordinator, "customers", QueryDict(""))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    cells = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row}
    assert {"'-ACME Group", "'=成员公司", "'+86 21 6218 5500"} <= cells
    assert not any(str(value).startswith(("=", "+", "-", "@")) for value in cells if value)
    csv_text = export_list(coordinator, "customers", QueryDict(""), file_format="csv").content
    assert "'=成员公司" in csv_text.decode("utf-8-sig")


def test_an_export_writes_foreign_keys_as_natural_keys(coordinator, archive):
    exported, _export_file = _export(coordinator, "units", "xlsx")
    child = next(row.values for row in exported.rows if row.values["serial"] == "PS-0001")
    assert child["parent_serial"] == "ＩＨ－２０２４－０００１"
    assert (child["model_code"], child["customer_code"]) == ("IPS-MF300", "C-0001")
    assert (child["build_date"], child["power_supply_serial"]) == ("2023-11-02", "00123")
    customers, _export_file = _export(coordinator, "customers", "xlsx")
    group = customers.rows[0].values
    assert (group["province_code"], group["city_code"], group["district_code"]) == (
        "310000",
        "310100",
        "310115",
    )
    assert group["account_manager"] == "account_manager"


def test_a_changed_export_updates_only_the_changed_row(coordinator, archive):
    export = export_list(coordinator, "units", QueryDict(""))
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    sheet = workbook.worksheets[0]
    codes = [cell.value for cell in sheet[1]]
    sheet.cell(row=3, column=codes.index("running_hours") + 1, value=1500)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = apply_import(coordinator, "units", table_of(buffer.getvalue()))
    assert (plan.errors, plan.created, plan.updated, plan.unchanged) == ([], 0, 1, 1)
    assert Unit.objects.get(serial="PS-0001").running_hours == 1500


def test_a_gb18030_csv_of_customers_imports_with_chinese_names_intact(coordinator):
    data = csv_bytes(
        ["customer_code", "name_zh", "address"],
        ["C-0101", "上海汽车变速器有限公司", "嘉定区安亭镇"],
        ["C-0102", "鑫磊齿轮（苏州）有限公司", ""],
        encoding="gb18030",
    )
    plan = apply_import(coordinator, "customers", table_of(data, filename="客户.csv"))
    assert (plan.errors, plan.created) == ([], 2)
    assert list(Customer.objects.values_list("name_zh", flat=True)) == [
        "上海汽车变速器有限公司",
        "鑫磊齿轮（苏州）有限公司",
    ]


def test_numeric_serials_and_mobiles_from_excel_import_as_text(coordinator, manager):
    make_customer(coordinator, "C-0001")
    make_model(manager, "IPS-MF300")
    units = xlsx_bytes(
        ["serial", "model_code", "customer_code", "running_hours"],
        [2023001, "IPS-MF300", "C-0001", 1200.0],
        [2023002.0, "IPS-MF300", "C-0001", None],
    )
    contacts = xlsx_bytes(
        ["customer_code", "full_name", "mobile", "position"],
        ["C-0001", "王伟", 13812345678, "operator"],
    )
    assert apply_import(coordinator, "units", table_of(units)).created == 2
    assert apply_import(coordinator, "contacts", table_of(contacts)).created == 1
    assert sorted(Unit.objects.values_list("serial", flat=True)) == ["2023001", "2023002"]
    assert Unit.objects.get(serial="2023001").running_hours == 1200
    assert Contact.objects.get().mobile == "+86 138 1234 5678"
