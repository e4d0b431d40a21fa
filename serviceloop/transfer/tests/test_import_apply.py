"""Applying a file writes all its rows through the services, or none of them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from serviceloop.accounts.models import Role
from serviceloop.customers.models import Contact, Customer, Site
from serviceloop.customers.transfer import customers as customer_list
from serviceloop.equipment.models import Unit
from serviceloop.transfer.services import apply_import, plan_import

from .builders import VALID_CREDIT_CODE, make_customer, make_model, table

pytestmark = pytest.mark.django_db
CUSTOMER_HEADER = ["customer_code", "name_zh", "credit_code", "customer_since", "province_code"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


def _customer_rows(count):
    return [
        [f"C-{number:04d}", f"客户{number}", VALID_CREDIT_CODE, "2020-01-15", "310000"]
        for number in range(1, count + 1)
    ]


def test_a_good_file_creates_every_row_and_a_changed_file_updates(coordinator):
    created = apply_import(coordinator, "customers", table(CUSTOMER_HEADER, *_customer_rows(50)))
    assert (created.errors, created.created, created.updated) == ([], 50, 0)
    stored = Customer.objects.get(code="C-0007")
    assert (stored.name_zh, stored.customer_since) == ("客户7", date(2020, 1, 15))
    assert (stored.office, stored.province_id) == (coordinator.office, "310000")

    rows = _customer_rows(52)
    rows[6][1] = "客户七"
    again = apply_import(coordinator, "customers", table(CUSTOMER_HEADER, *rows))
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 2, 1, 49)
    assert Customer.objects.get(code="C-0007").name_zh == "客户七"
    assert Customer.objects.count() == 52


def test_three_bad_rows_among_fifty_write_nothing(coordinator):
    rows = _customer_rows(50)
    rows[9][3] = "yesterday"
    rows[19][2] = "123"
    rows[29][1] = ""
    before = Customer.objects.count()
    plan = apply_import(coordinator, "customers", table(CUSTOMER_HEADER, *rows))
    assert [(error.row_number, error.column_code) for error in plan.errors] == [
        (11, "customer_since"),
        (21, "credit_code"),
        (31, "name_zh"),
    ]
    assert Customer.objects.count() == before == 0


def test_a_dry_run_counts_but_writes_nothing(coordinator):
    plan = plan_import(coordinator, "customers", table(CUSTOMER_HEADER, *_customer_rows(5)))
    assert (plan.created, plan.updated, plan.unchanged, plan.errors) == (5, 0, 0, [])
    assert not Customer.objects.exists()


def _failing_on(call_number, error, monkeypatch):
    real = customer_list.create_customer
    calls = []

    def create_customer(**kwargs):
        calls.append(1)
        if len(calls) == call_number:
            raise error
        return real(**kwargs)

    monkeypatch.setattr(customer_list, "create_customer", create_customer)
    return calls


def test_a_failure_on_the_fortieth_row_rolls_back_the_thirty_nine_before(coordinator, monkeypatch):
    calls = _failing_on(40, RuntimeError("disk full"), monkeypatch)
    with pytest.raises(RuntimeError):
        apply_import(coordinator, "customers", table(CUSTOMER_HEADER, *_customer_rows(50)))
    assert len(calls) == 40
    assert not Customer.objects.exists()


def test_a_service_refusing_the_fortieth_row_is_reported_and_nothing_is_written(
    coordinator, monkeypatch
):
    _failing_on(40, ValidationError({"name_zh": "Refused."}), monkeypatch)
    plan = apply_import(coordinator, "customers", table(CUSTOMER_HEADER, *_customer_rows(50)))
    assert [(e.row_number, e.column_code, e.message) for e in plan.errors] == [
        (41, "name_zh", "Refused.")
    ]
    assert not Customer.objects.exists()


def test_a_city_outside_the_province_is_refused(coordinator):
    make_customer(coordinator, "C-0001")
    sites = table(
        ["customer_code", "site_code", "name", "province_code", "city_code"],
        ["C-0001", "S1", "一号工厂", "110000", "310100"],
    )
    plan = apply_import(coordinator, "sites", sites)
    assert [(e.column_code, e.message) for e in plan.errors] == [
        ("city_code", "This city is not in the chosen province.")
    ]
    assert not Site.objects.exists()


def test_sites_and_contacts_are_written_to_their_customer(coordinator):
    customer = make_customer(coordinator, "C-0001")
    sites = table(
        ["customer_code", "site_code", "name", "latitude", "province_code", "city_code"],
        ["c-0001", "s1", "一号工厂", "31.230416", "310000", "310100"],
    )
    contacts = table(
        ["customer_code", "full_name", "mobile", "site_code", "position", "consents_to_surveys"],
        ["C-0001", "王伟", "13812345678", "S1", "maintenance", "是"],
    )
    assert apply_import(coordinator, "sites", sites).created == 1
    assert apply_import(coordinator, "contacts", contacts).created == 1
    contact = Contact.objects.get()
    assert (contact.customer, contact.site, contact.mobile) == (
        customer,
        Site.objects.get(code="S1"),
        "+86 138 1234 5678",
    )
    assert contact.consents_to_surveys is True
    assert apply_import(coordinator, "sites", sites).unchanged == 1
    assert apply_import(coordinator, "contacts", contacts).unchanged == 1


def test_a_line_and_the_units_it_holds_import_from_one_file(coordinator, manager):
    make_customer(coordinator, "C-0001")
    make_model(manager, "LINE")
    make_model(manager, "PS")
    units = table(
        ["serial", "model_code", "customer_code", "parent_serial", "warranty_months"],
        ["LINE-1", "LINE", "C-0001", "", "24"],
        ["PS-1", "PS", "C-0001", "LINE-1", ""],
    )
    plan = apply_import(coordinator, "units", units)
    assert (plan.errors, plan.created) == ([], 2)
    power_supply = Unit.objects.get(serial="PS-1")
    assert power_supply.parent == Unit.objects.get(serial="LINE-1")
    assert (power_supply.parent.warranty_months, power_supply.warranty_months) == (24, 12)
    assert apply_import(coordinator, "units", units).unchanged == 2
