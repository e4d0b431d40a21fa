"""The catalogue as a list to import and export: it round-trips, bad rows write nothing,
a known part number updates that part, and only who may edit the catalogue imports it."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from serviceloop.accounts.models import Role
from serviceloop.parts import permissions
from serviceloop.parts.models import ModelPart, Part, PartPrice
from serviceloop.parts.services.catalogue import PART_FIELDS, save_part, set_model_line
from serviceloop.transfer.services import apply_import, export_list, plan_import

from .builders import csv_bytes, make_model, table, table_of

pytestmark = pytest.mark.django_db
HEADER = ["part_number", "name_zh", "category", "cost_eur", "price_cny", "hq_lead_days", "models"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager(users):
    """Edits the catalogue and imports lists: the role both rules let in."""
    manager = users[Role.MANAGER]
    manager.language = "en"
    manager.save()
    return manager


@pytest.fixture
def models(manager):
    return {code: make_model(manager, code) for code in ("IPS-MF300", "IPS-MF500")}


def make_part(by, number, *, prices=None, lines=(), **changes):
    changes = {"number": number, "name_zh": f"备件 {number}", "category": "cooling", **changes}
    part = save_part(by=by, part=None, changes=changes, prices=prices)
    for model, quantity, critical in lines:
        set_model_line(
            by=by, equipment_model=model, part=part, quantity=quantity, is_critical=critical
        )
    return part


def catalogue():
    """Every part as the services keep it: its fields, its prices, its model lines."""
    parts = Part.objects.prefetch_related("prices", "model_lines__equipment_model")
    return [
        (
            {name: getattr(part, name) for name in sorted(PART_FIELDS)},
            sorted((price.currency, price.price) for price in part.prices.all()),
            sorted(
                (line.equipment_model.code, line.quantity, line.is_critical)
                for line in part.model_lines.all()
            ),
        )
        for part in parts
    ]


def _upload(client, data: bytes, name="parts.xlsx"):
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("transfer:import", args=["parts"]), {"file": file})


def test_an_exported_workbook_imports_back_as_the_same_parts_prices_and_lines(
    client, manager, models
):
    make_part(
        manager,
        "SP-2001",
        name_en="-IGBT module, 1700 V",  # a spreadsheet would run it as a formula
        category="power_semiconductors",
        spare_class="A",
        cost_eur=Decimal("412.50"),
        hs_code="8541290000",
        is_critical=True,
        hq_lead_days=21,
        customs_days=7,
        notes="第一行\n=SUM(A1)",
        prices={"CNY": Decimal("5200.00"), "EUR": Decimal("680.00")},
        lines=[(models["IPS-MF300"], 2, True), (models["IPS-MF500"], 1, False)],
    )
    make_part(manager, "SP-2101", category="driver_control", is_serialized=True, is_repairable=True)
    make_part(manager, "SP-1102", unit="m", prices={"CNY": Decimal("18.00")})
    before = catalogue()
    client.force_login(manager)

    exported = client.get(reverse("transfer:export", args=["parts"]))
    assert exported.status_code == 200
    assert exported["Content-Disposition"].startswith('attachment; filename="parts-')
    assert plan_import(manager, "parts", table_of(exported.content)).unchanged == 3

    Part.objects.all().delete()  # its prices and model lines go with it
    page = client.get(reverse("transfer:import", args=["parts"]))
    assert "IPS-MF300×2!; IPS-MF500×1" in page.text  # the columns' help
    assert _upload(client, exported.content).status_code == 200
    applied = client.post(reverse("transfer:import_apply", args=["parts"]), follow=True)

    assert applied.redirect_chain == [(reverse("parts:catalogue"), 302)]
    assert "3 created, 0 updated, 0 unchanged." in applied.text
    assert catalogue() == before


def test_the_models_cell_lists_each_model_with_its_quantity_and_critical_mark(manager, models):
    make_part(
        manager,
        "SP-2001",
        lines=[(models["IPS-MF500"], 1, False), (models["IPS-MF300"], 2, True)],
    )
    export = export_list(manager, "parts", QueryDict(), file_format="csv")
    header, row = export.content.decode("utf-8-sig").splitlines()
    assert header.split(",")[-2:] == ["models", "notes"]
    assert row.endswith("IPS-MF300×2!; IPS-MF500×1,")


def test_bad_rows_are_reported_row_by_row_and_nothing_is_written(manager, models):
    rows = table(
        HEADER,
        ["SP-3001", "散热器", "cooling", "120", "900", "14", "IPS-MF300×1"],  # fine
        ["SP-3002", "线圈", "coils", "50", "", "", ""],
        ["SP-3003", "水管", "hoses_fittings", "-5", "", "", ""],
        ["SP-3004", "风扇", "cooling", "80", "五百", "two weeks", ""],
        ["SP-3005", "传感器", "sensors", "30", "", "", "IPS-MF300×2; IPS-XX9"],
        ["sp-3001", "散热器", "cooling", "120", "", "", ""],
    )

    plan = apply_import(manager, "parts", rows)

    assert [(error.row_number, error.column_code) for error in plan.errors] == [
        (3, "category"),
        (4, "cost_eur"),
        (5, "price_cny"),
        (5, "hq_lead_days"),
        (6, "models"),
        (7, "part_number"),
    ]
    messages = [error.message for error in plan.errors]
    assert messages[0].startswith("Unknown value “coils”: use one of power_semiconductors,")
    assert messages[1] == "Ensure this value is greater than or equal to 0."
    assert messages[2] == "Write a number, not “五百”."
    assert messages[3] == "Write a whole number, not “two weeks”."
    assert messages[4] == "Unknown equipment model code “IPS-XX9”."
    assert messages[5] == "Duplicate: row 2 of this file has the same part number."
    assert not Part.objects.exists()
    assert not ModelPart.objects.exists()


def test_a_row_the_service_refuses_when_applied_leaves_every_row_unwritten(manager):
    # Only save_part knows that serial tracking needs pieces: the check run passes the row.
    rows = table(
        ["part_number", "name_zh", "category", "unit", "is_serialized"],
        ["SP-4001", "滤芯", "cooling", "pc", "0"],
        ["SP-4002", "电缆", "bus_leads", "m", "1"],
    )
    assert plan_import(manager, "parts", rows).errors == []

    plan = apply_import(manager, "parts", rows)

    assert [(error.row_number, error.column_code) for error in plan.errors] == [
        (3, "is_serialized")
    ]
    assert not Part.objects.exists()


def test_an_hs_code_that_is_not_ten_digits_shows_in_the_check_run(manager):
    rows = table(
        ["part_number", "name_zh", "category", "hs_code"], ["SP-5001", "阀", "cooling", "8481"]
    )
    [error] = plan_import(manager, "parts", rows).errors
    assert (error.row_number, error.column_code) == (2, "hs_code")
    assert error.message == "The HS code has 10 digits."


def test_reimporting_a_known_part_number_updates_that_part(manager, models):
    part = make_part(
        manager, "SP-2001", prices={"CNY": Decimal("5200")}, lines=[(models["IPS-MF300"], 1, False)]
    )
    rows = table(
        HEADER,
        # Typed on a Chinese keyboard: full-width dash, the category by its name, "*" for ×.
        ["sp－2001", "IGBT模块（新）", "Cooling loop", "400", "5400", "", "IPS-MF500*2!"],
    )

    plan = apply_import(manager, "parts", rows)

    assert (plan.errors, plan.created, plan.updated) == ([], 0, 1)
    part.refresh_from_db()
    assert Part.objects.count() == 1
    assert (part.number, part.name_zh, part.category) == ("SP-2001", "IGBT模块（新）", "cooling")
    assert part.hq_lead_days == 14  # an empty cell of a column with a default keeps it
    assert PartPrice.objects.get(part=part, currency="CNY").price == Decimal("5400")
    lines = [
        (line.equipment_model.code, line.quantity, line.is_critical)
        for line in part.model_lines.all()
    ]
    assert lines == [("IPS-MF500", 2, True)]


def test_a_row_that_changes_only_a_price_is_an_update(manager):
    make_part(manager, "SP-2001", prices={"CNY": Decimal("5200")})
    same = table(
        ["part_number", "name_zh", "category", "price_cny"],
        ["SP-2001", "备件 SP-2001", "cooling", "5200"],
    )
    dearer = table(
        ["part_number", "name_zh", "category", "price_cny"],
        ["SP-2001", "备件 SP-2001", "cooling", "5400"],
    )
    assert plan_import(manager, "parts", same).unchanged == 1
    assert plan_import(manager, "parts", dearer).updated == 1


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.ACCOUNT_MANAGER, Role.CUSTOMER])
def test_who_may_not_edit_the_catalogue_gets_403_on_the_import(client, users, role):
    client.force_login(users[role])
    data = csv_bytes(["part_number", "name_zh", "category"], ["SP-9001", "阀", "cooling"])
    assert client.get(reverse("transfer:import", args=["parts"])).status_code == 403
    assert _upload(client, data, name="parts.csv").status_code == 403
    assert client.post(reverse("transfer:import_apply", args=["parts"])).status_code == 403
    assert not Part.objects.exists()


def test_catalogue_editors_import_and_catalogue_viewers_export(client, users):
    for role in Role:
        client.force_login(users[role])
        imports = client.get(reverse("transfer:import", args=["parts"])).status_code
        exports = client.get(reverse("transfer:export", args=["parts"])).status_code
        assert imports == (200 if role in permissions.CATALOGUE_EDITORS else 403), role
        assert exports == (200 if role in permissions.CATALOGUE_VIEWERS else 403), role


@pytest.mark.parametrize(
    ("cell", "lines"),
    [
        ("IPS-MF300", [("IPS-MF300", 1, False)]),
        ("ips-mf300 x 3；IPS-MF500！", [("IPS-MF300", 3, False), ("IPS-MF500", 1, True)]),
        ("IPS-MF300*2\nIPS-MF500×4", [("IPS-MF300", 2, False), ("IPS-MF500", 4, False)]),
        ("", []),
    ],
)
def test_the_models_cell_accepts_what_people_type(manager, models, cell, lines):
    make_part(manager, "SP-2001", lines=[(models["IPS-MF500"], 9, False)])
    rows = table(
        ["part_number", "name_zh", "category", "models"], ["SP-2001", "阀", "cooling", cell]
    )
    assert apply_import(manager, "parts", rows).errors == []
    stored = ModelPart.objects.filter(part__number="SP-2001").select_related("equipment_model")
    assert [
        (line.equipment_model.code, line.quantity, line.is_critical) for line in stored
    ] == lines


def test_a_model_listed_twice_or_with_no_pieces_is_an_error(manager, models):
    rows = table(
        ["part_number", "name_zh", "category", "models"],
        ["SP-2001", "阀", "cooling", "IPS-MF300×1; IPS-MF300×2"],
        ["SP-2002", "阀", "cooling", "IPS-MF500×0"],
    )
    messages = [
        (error.row_number, error.message) for error in plan_import(manager, "parts", rows).errors
    ]
    assert messages == [
        (2, "Model IPS-MF300 is listed twice."),
        (3, "IPS-MF500: Ensure this value is greater than or equal to 1."),
    ]
