"""Every bad row is reported with its row number, column and reason, before anything is written."""

import pytest
from django.utils import translation

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import Customer
from serviceloop.equipment.models import Unit
from serviceloop.transfer.services import plan_import

from .builders import VALID_CREDIT_CODE, make_customer, make_model, make_site, make_unit, table

pytestmark = pytest.mark.django_db
UNIT_HEADER = ["serial", "model_code", "customer_code", "final_acceptance_date"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def customer(coordinator):
    return make_customer(coordinator, "C-0001")


@pytest.fixture
def model(manager):
    return make_model(manager, "IPS-MF300")


def _errors(plan):
    return [(error.row_number, error.column_code, error.message) for error in plan.errors]


def test_duplicate_serial_in_the_file_is_an_error_on_the_second_row_naming_the_first(
    coordinator, customer, model
):
    plan = plan_import(
        coordinator,
        "units",
        table(
            UNIT_HEADER,
            ["SN-1", "IPS-MF300", "C-0001", ""],
            ["SN-2", "IPS-MF300", "C-0001", ""],
            ["ｓｎ－１", "IPS-MF300", "C-0001", ""],  # full-width: the same serial
        ),
    )
    assert _errors(plan) == [
        (4, "serial", "Duplicate: row 2 of this file has the same serial number.")
    ]
    assert plan.created == 2


def test_unknown_model_code_is_an_error(coordinator, customer, model):
    plan = plan_import(
        coordinator, "units", table(UNIT_HEADER, ["SN-1", "NO-SUCH-MODEL", "C-0001", ""])
    )
    assert _errors(plan) == [(2, "model_code", "Unknown model code “NO-SUCH-MODEL”.")]


def test_unknown_customer_code_is_an_error(coordinator, customer, model):
    plan = plan_import(coordinator, "units", table(UNIT_HEADER, ["SN-1", "IPS-MF300", "C-9", ""]))
    assert _errors(plan) == [(2, "customer_code", "Unknown customer code “C-9”.")]


def test_customer_code_of_another_office_is_an_unknown_customer(coordinator, beijing, model):
    make_customer(make_user(Role.COORDINATOR, office=beijing), "BJ-0001")
    rows = [["customer_code", "site_code", "name"], ["BJ-0001", "S1", "北京工厂"]]
    plan = plan_import(coordinator, "sites", table(*rows))
    assert _errors(plan) == [(2, "customer_code", "Unknown customer code “BJ-0001”.")]


def test_bad_date_is_an_error(coordinator, customer, model):
    plan = plan_import(
        coordinator,
        "units",
        table(
            UNIT_HEADER,
            ["SN-1", "IPS-MF300", "C-0001", "2024/03/01"],
            ["SN-2", "IPS-MF300", "C-0001", "2024年3月1日"],
            ["SN-3", "IPS-MF300", "C-0001", "01.03.2024"],
            ["SN-4", "IPS-MF300", "C-0001", "2024-02-30"],
        ),
    )
    assert _errors(plan) == [
        (4, "final_acceptance_date", "Bad date “01.03.2024”: write it as YYYY-MM-DD."),
        (5, "final_acceptance_date", "Bad date “2024-02-30”: write it as YYYY-MM-DD."),
    ]
    assert plan.created == 2


def test_bad_credit_code_is_an_error(coordinator):
    rows = [
        ["customer_code", "name_zh", "credit_code"],
        ["C-1", "甲公司", VALID_CREDIT_CODE.lower()],
        ["C-2", "乙公司", VALID_CREDIT_CODE[:-1] + "0"],
    ]
    plan = plan_import(coordinator, "customers", table(*rows))
    [(row, column, message)] = _errors(plan)
    assert (row, column) == (3, "credit_code")
    assert "not valid" in message


def test_missing_value_is_an_error(coordinator):
    plan = plan_import(
        coordinator, "customers", table(["customer_code", "name_zh"], ["C-1", ""], ["", "乙"])
    )
    assert _errors(plan) == [
        (2, "name_zh", "A value is required here."),
        (3, "customer_code", "A value is required here."),
    ]


def test_missing_required_column_is_an_error_and_no_row_is_read(coordinator):
    plan = plan_import(coordinator, "units", table(["serial", "customer_code"], ["SN-1", "C-1"]))
    assert _errors(plan) == [
        (1, "model_code", "This required column is missing from the first row.")
    ]
    assert plan.rows == []


def test_unknown_columns_are_ignored_with_a_warning(coordinator):
    plan = plan_import(
        coordinator, "customers", table(["customer_code", "name_zh", "colour"], ["C-1", "甲"])
    )
    assert plan.ignored_columns == ["colour"]
    assert (plan.errors, plan.created) == ([], 1)


def test_site_unknown_for_that_customer_is_an_error(coordinator, customer, model):
    other = make_customer(coordinator, "C-0002")
    make_site(coordinator, other, "S9")
    header = ["serial", "model_code", "customer_code", "site_code"]
    plan = plan_import(coordinator, "units", table(header, ["SN-1", "IPS-MF300", "C-0001", "S9"]))
    assert _errors(plan) == [(2, "site_code", "Customer C-0001 has no site with the code “S9”.")]


def test_parent_serial_must_exist_or_come_earlier_in_the_file(coordinator, customer, model):
    make_unit(coordinator, customer, "LINE-1", model=model)
    header = ["serial", "model_code", "customer_code", "parent_serial"]
    plan = plan_import(
        coordinator,
        "units",
        table(
            header,
            ["PS-1", "IPS-MF300", "C-0001", "LINE-1"],  # stored
            ["LINE-2", "IPS-MF300", "C-0001", ""],
            ["PS-2", "IPS-MF300", "C-0001", "line-2"],  # created by the row above
            ["PS-3", "IPS-MF300", "C-0001", "LINE-4"],  # comes later: unknown
            ["LINE-4", "IPS-MF300", "C-0001", ""],
        ),
    )
    assert _errors(plan) == [(5, "parent_serial", "Unknown parent serial “LINE-4”.")]


def test_bad_phone_unknown_choice_and_bad_boolean_are_errors(coordinator, customer):
    header = ["customer_code", "full_name", "mobile", "position", "consents_to_surveys"]
    plan = plan_import(
        coordinator, "contacts", table(header, ["C-0001", "王伟", "12345", "boss", "maybe"])
    )
    assert [(row, column) for row, column, _message in _errors(plan)] == [
        (2, "mobile"),
        (2, "position"),
        (2, "consents_to_surveys"),
    ]


def test_a_unit_cannot_change_customer_through_an_import(coordinator, customer, model):
    make_unit(coordinator, customer, "SN-1", model=model)
    make_customer(coordinator, "C-0002")
    plan = plan_import(
        coordinator, "units", table(UNIT_HEADER[:3], ["SN-1", "IPS-MF300", "C-0002"])
    )
    assert _errors(plan) == [
        (2, "customer_code", "Use “Move” to give a unit another customer or site.")
    ]


def test_codes_taken_in_another_office_cannot_be_created(coordinator, beijing, model):
    peking = make_user(Role.COORDINATOR, office=beijing)
    make_unit(peking, make_customer(peking, "BJ-0001"), "SN-BJ", model=model)
    make_customer(coordinator, "C-0001")
    customers = plan_import(
        coordinator, "customers", table(["customer_code", "name_zh"], ["bj-0001", "甲"])
    )
    units = plan_import(
        coordinator, "units", table(UNIT_HEADER[:3], ["sn-bj", "IPS-MF300", "C-0001"])
    )
    assert _errors(customers) == [(2, "customer_code", "A customer with this code already exists.")]
    assert _errors(units) == [(2, "serial", "A unit with this serial number exists already.")]
    assert (Customer.objects.count(), Unit.objects.count()) == (2, 1)
