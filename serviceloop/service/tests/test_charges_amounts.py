"""Hours, quantities, prices and rates are never negative: refused on the form with the
reason, and by the database when a value is written past the forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.core.form_keys import new_form_key
from serviceloop.service.models import (
    Case,
    ChargeLine,
    ChargeRates,
    Quote,
    RepairReport,
    SlaPolicy,
    Visit,
)
from serviceloop.service.testing import make_case

REPORT = {
    "fault_found": "冷却水过滤器堵塞",
    "actions": "清洗Y型过滤器，恢复流量 42 L/min",
    "root_cause": "",
    "parts_used": "",
    "readings_after": "",
}


@pytest.fixture
def visited(shanghai, users):
    engineer = users[Role.ENGINEER]
    case = make_case(
        shanghai,
        state=Case.State.ON_SITE,
        assignee=engineer,
        opened_by=users[Role.COORDINATOR],
        on_site_at=timezone.now(),
    )
    visit = Visit.objects.create(
        case=case,
        planned_start=timezone.now(),
        state=Visit.State.ON_SITE,
        planned_by=users[Role.COORDINATOR],
    )
    visit.engineers.add(engineer)
    return case


def _sign_in(client, user):
    # Pages in English, so the test reads the messages as written in the code.
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["labour_hours", "travel_hours"])
def test_negative_report_hours_are_refused_and_the_form_shows_what_was_typed(
    client, users, visited, field
):
    _sign_in(client, users[Role.ENGINEER])
    hours = {"labour_hours": "3.5", "travel_hours": "1.5", field: "-2"}
    response = client.post(
        reverse("service:report_form", args=[visited.pk]),
        {**REPORT, **hours, "form_key": new_form_key()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hours cannot be negative." in page
    assert 'value="-2"' in page and "冷却水过滤器堵塞" in page
    assert response.context["form"].errors[field] == ["Hours cannot be negative."]
    assert not RepairReport.objects.exists()


@pytest.mark.django_db
def test_zero_and_positive_hours_are_saved(client, users, visited):
    _sign_in(client, users[Role.ENGINEER])
    response = client.post(
        reverse("service:report_form", args=[visited.pk]),
        {**REPORT, "labour_hours": "0", "travel_hours": "2.25", "form_key": new_form_key()},
    )
    assert response.status_code == 302
    report = RepairReport.objects.get()
    assert (report.labour_hours, report.travel_hours) == (Decimal("0"), Decimal("2.25"))


def _refused_by_the_database(row) -> bool:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["labour_hours", "travel_hours"])
def test_the_database_refuses_negative_report_hours(users, visited, field):
    report = RepairReport(case=visited, engineer=users[Role.ENGINEER], fault_found="x", actions="y")
    setattr(report, field, Decimal("-0.5"))
    assert _refused_by_the_database(report)
    assert not RepairReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("labour_rate", "-1"),
        ("travel_rate", "-0.01"),
        ("vat_percent", "-13"),
        ("vat_percent", "101"),
    ],
)
def test_the_database_refuses_negative_rates_and_a_vat_beyond_100(shanghai, field, value):
    rates = ChargeRates(office=shanghai, **{field: Decimal(value)})
    assert _refused_by_the_database(rates)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("quantity", "-1"), ("unit_price", "-680")])
def test_the_database_refuses_a_negative_quote_line(users, visited, field, value):
    quote = Quote.objects.create(
        case=visited,
        number="Q-TEST-1",
        currency="CNY",
        vat_percent=Decimal("13"),
        valid_until=date(2030, 1, 1),
        created_by=users[Role.ENGINEER],
    )
    line = ChargeLine(
        quote=quote,
        kind=ChargeLine.Kind.LABOUR,
        description="人工",
        quantity=Decimal("2"),
        unit_price=Decimal("680"),
        cover=ChargeLine.Cover.CHARGEABLE,
    )
    setattr(line, field, Decimal(value))
    assert _refused_by_the_database(line)
    quote.vat_percent = Decimal("-1")
    assert _refused_by_the_database(quote)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_response_hours", "on_site_hours", "restore_hours"])
def test_the_database_refuses_negative_sla_targets(shanghai, field):
    policy = SlaPolicy(
        office=shanghai, coverage=SlaPolicy.Coverage.BASIC, priority="P9", first_response_hours=4
    )
    setattr(policy, field, Decimal("-4"))
    assert _refused_by_the_database(policy)
