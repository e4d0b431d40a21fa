"""Writing a quote: prices, covers, numbering, who may, and the quote form."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.form_keys import FIELD
from serviceloop.core.testing import form_keys_in
from serviceloop.service.models import Case, ChargeLine, Quote
from serviceloop.service.selectors import charges
from serviceloop.service.services import charges as services
from serviceloop.service.services import settings as settings_services

from .charges_builders import REPAIR, messages_of, write_quote

pytestmark = pytest.mark.django_db


Kind, Cover = ChargeLine.Kind, ChargeLine.Cover


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


# create_quote


def test_hours_are_priced_at_the_offices_rates_when_no_price_is_given(users, chargeable_case):
    quote = write_quote(users, chargeable_case)
    assert quote.state == Quote.State.DRAFT
    assert quote.number == f"{chargeable_case.number}-Q1"
    assert (quote.currency, quote.vat_percent) == ("CNY", Decimal("13.00"))
    assert quote.valid_until == timezone.localdate() + services.QUOTE_VALIDITY
    lines = {line.kind: line for line in quote.lines.all()}
    assert lines[Kind.LABOUR].unit_price == Decimal("450.00")
    assert lines[Kind.TRAVEL].unit_price == Decimal("300.00")
    assert lines[Kind.LABOUR].description == str(Kind.LABOUR.label)
    assert lines[Kind.PART].part_number == "FF450R12"
    assert {line.cover for line in lines.values()} == {Cover.CHARGEABLE}
    totals = charges.quote_totals(quote)
    assert totals.net == Decimal("10750.00")  # 1350 + 600 + 8800
    assert totals.vat == Decimal("1397.50")
    assert totals.total == Decimal("12147.50")


def test_a_price_given_for_hours_wins_over_the_offices_rate(users, chargeable_case):
    quote = write_quote(
        users,
        chargeable_case,
        [{"kind": Kind.LABOUR, "quantity": Decimal("2"), "unit_price": Decimal("0")}],
    )
    assert quote.lines.get().unit_price == Decimal("0")


def test_quotes_already_written_keep_their_prices_when_the_rates_change(
    users, shanghai, chargeable_case
):
    quote = write_quote(users, chargeable_case)
    settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("600"),
        travel_rate=Decimal("400"),
        vat_percent=Decimal("6"),
    )
    assert quote.lines.get(kind=Kind.LABOUR).unit_price == Decimal("450.00")
    second = write_quote(users, chargeable_case)
    assert second.lines.get(kind=Kind.LABOUR).unit_price == Decimal("600.00")
    assert second.vat_percent == Decimal("6.00")


def test_a_line_cannot_claim_warranty_on_a_machine_out_of_coverage(users, chargeable_case):
    lines = [REPAIR[0], {**REPAIR[2], "cover": Cover.WARRANTY}]
    with pytest.raises(ValidationError) as refused:
        write_quote(users, chargeable_case, lines)
    assert "Line 2" in messages_of(refused) and "Warranty" in messages_of(refused)
    assert "Line 1" not in messages_of(refused)
    assert not Quote.objects.exists() and not ChargeLine.objects.exists()


def test_a_line_can_be_given_as_goodwill_on_a_machine_out_of_coverage(users, chargeable_case):
    quote = write_quote(users, chargeable_case, [{**REPAIR[2], "cover": Cover.GOODWILL}])
    assert quote.lines.get().cover == Cover.GOODWILL
    totals = charges.quote_totals(quote)
    assert (totals.covered, totals.net, totals.total) == (Decimal("8800.00"), 0, 0)


def test_every_refused_line_is_named_even_when_a_value_does_not_fit_its_column(
    users, chargeable_case
):
    lines = [
        REPAIR[0],
        {**REPAIR[2], "description": "模" * 201},
        {**REPAIR[1], "quantity": Decimal("-1")},
    ]
    with pytest.raises(ValidationError) as refused:
        write_quote(users, chargeable_case, lines)
    assert [message[:6] for message in refused.value.messages] == ["Line 2", "Line 3"]
    assert not Quote.objects.exists() and not ChargeLine.objects.exists()


def test_a_quote_has_at_least_one_line(users, chargeable_case):
    with pytest.raises(ValidationError):
        write_quote(users, chargeable_case, [])
    assert not Quote.objects.exists()


def test_quotes_of_a_case_are_numbered_in_turn(users, chargeable_case):
    first, second = write_quote(users, chargeable_case), write_quote(users, chargeable_case)
    assert first.number == f"{chargeable_case.number}-Q1"
    assert second.number == f"{chargeable_case.number}-Q2"
    assert chargeable_case.number.startswith("SR-2026-")


def test_the_assigned_engineer_writes_a_quote(users, chargeable_case):
    assert write_quote(users, chargeable_case, by=Role.ENGINEER).created_by == users[Role.ENGINEER]


def test_quotes_are_refused_to_another_office_and_to_account_managers(
    users, beijing, chargeable_case
):
    users["beijing"] = make_user(Role.COORDINATOR, username="bj-coordinator", office=beijing)
    for who in ("beijing", Role.ACCOUNT_MANAGER, Role.WAREHOUSE, Role.HQ):
        with pytest.raises(PermissionDenied):
            write_quote(users, chargeable_case, by=who)
    assert not Quote.objects.exists()


def test_no_quote_is_written_on_a_closed_case(users, chargeable_case):
    Case.objects.filter(pk=chargeable_case.pk).update(state=Case.State.CLOSED)
    with pytest.raises(ValidationError):
        write_quote(users, chargeable_case)


# pages


def _quote_form(client, case, rows, scope="更换IGBT模块", valid_until="2026-12-31") -> dict:
    page = client.get(reverse("service:quote_new", args=[case.pk]))
    assert page.status_code == 200
    management = page.context["lines"].management_form
    data = {f"lines-{name}": value for name, value in management.initial.items()}
    (key,) = form_keys_in(page)
    data.update({"scope": scope, "valid_until": valid_until, FIELD: key})
    for number, row in enumerate(rows):
        data.update({f"lines-{number}-{name}": value for name, value in row.items()})
    return data


FORM_ROWS = [
    {"kind": "labour", "quantity": "3", "unit_price": "", "cover": ""},
    {"kind": "travel", "quantity": "", "unit_price": "", "cover": ""},
    {
        "kind": "part",
        "description": "IGBT 模块",
        "part_number": "FF450R12",
        "quantity": "1",
        "unit_price": "8800",
        "cover": "",
    },
    {"kind": "part", "quantity": "", "unit_price": "", "cover": ""},
]


def test_the_coordinator_writes_a_quote_on_the_form(client, users, chargeable_case):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("service:quote_new", args=[chargeable_case.pk])
    response = client.post(url, _quote_form(client, chargeable_case, FORM_ROWS))
    assert response.status_code == 302
    assert response.url.endswith("#charges")
    quote = Quote.objects.get()
    assert quote.valid_until == date(2026, 12, 31) and quote.scope == "更换IGBT模块"
    lines = list(quote.lines.all())
    assert [(line.kind, line.quantity, line.unit_price) for line in lines] == [
        (Kind.LABOUR, Decimal("3.00"), Decimal("450.00")),
        (Kind.PART, Decimal("1.00"), Decimal("8800.00")),
    ]


def test_the_quote_form_shows_what_was_typed_when_it_is_refused(client, users, chargeable_case):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("service:quote_new", args=[chargeable_case.pk])
    rows = [{**FORM_ROWS[0], "quantity": "三小时"}, *FORM_ROWS[1:]]
    response = client.post(url, _quote_form(client, chargeable_case, rows, scope="检查水路"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "检查水路" in body and "三小时" in body and "FF450R12" in body
    assert not Quote.objects.exists()


def test_the_quote_form_shows_the_services_refusal_naming_the_line(client, users, chargeable_case):
    coordinator = users[Role.COORDINATOR]
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    url = reverse("service:quote_new", args=[chargeable_case.pk])
    rows = [{**FORM_ROWS[0], "cover": "warranty"}, *FORM_ROWS[1:]]
    response = client.post(url, _quote_form(client, chargeable_case, rows))
    assert response.status_code == 200
    assert "Line 1: Warranty does not cover this machine." in response.content.decode()
    assert not Quote.objects.exists()


def test_headquarters_cannot_write_a_quote(client, users, chargeable_case):
    client.force_login(users[Role.COORDINATOR])
    data = _quote_form(client, chargeable_case, FORM_ROWS)
    client.force_login(users[Role.HQ])
    url = reverse("service:quote_new", args=[chargeable_case.pk])
    assert client.post(url, data).status_code == 403
    assert not Quote.objects.exists()


def test_a_quote_cannot_be_valid_until_a_day_already_past(client, users, chargeable_case):
    client.force_login(users[Role.COORDINATOR])
    url = reverse("service:quote_new", args=[chargeable_case.pk])
    data = _quote_form(client, chargeable_case, FORM_ROWS, valid_until="2020-01-01")
    response = client.post(url, data)
    assert response.status_code == 200 and not Quote.objects.exists()
    assert response.context["form"].errors["valid_until"]


def test_a_row_with_a_part_number_but_no_quantity_is_refused_not_dropped(
    client, users, chargeable_case
):
    client.force_login(users[Role.COORDINATOR])
    rows = [
        *FORM_ROWS[:3],
        {"kind": "part", "part_number": "SP-1140", "quantity": "", "unit_price": "2350"},
    ]
    response = client.post(
        reverse("service:quote_new", args=[chargeable_case.pk]),
        _quote_form(client, chargeable_case, rows),
    )
    assert response.status_code == 200 and not Quote.objects.exists()
    assert "SP-1140" in response.content.decode()
