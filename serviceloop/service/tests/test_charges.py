import base64
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from serviceloop.accounts.models import Notification, Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.form_keys import FIELD
from serviceloop.core.testing import form_keys_in
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.models import Contract
from serviceloop.equipment.testing import make_unit
from serviceloop.service import charges, pricing
from serviceloop.service.models import Case, ChargeLine, ChargeRates, Quote, RepairReport
from serviceloop.service.services import cases as case_services
from serviceloop.service.services import charges as services
from serviceloop.service.services import settings as settings_services
from serviceloop.service.services import visits as visit_services
from serviceloop.service.testing import make_case

pytestmark = pytest.mark.django_db

Kind, Cover = ChargeLine.Kind, ChargeLine.Cover
SITE = "https://service.example.cn/"
NOTHING_COVERS = "Nothing covers this machine"
QUOTE_WAITS = "A quote waits for the customer's decision"


def _signature() -> str:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _line(kind, quantity, unit_price, cover=Cover.CHARGEABLE, description="") -> ChargeLine:
    return ChargeLine(
        kind=kind,
        description=description or kind,
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        cover=cover,
    )


def _case(office, users, unit=None, **fields):
    """A P1 case of a customer of its own, triaged and assigned: ready for a visit."""
    customer = make_customer(office, f"C-{Case.objects.count() + 1:04d}")
    if unit is not None:
        fields["unit"] = unit(customer)
    return make_case(
        office,
        state=Case.State.TRIAGED,
        priority=Case.Priority.P1,
        customer=customer,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
        **fields,
    )


def _out_of_coverage(customer):
    return make_unit(customer, f"IH-OLD-{customer.code}", final_acceptance_date=date(2020, 1, 1))


def _under_basic_contract(customer):
    unit = _out_of_coverage(customer)
    today = timezone.localdate()
    contract = Contract.objects.create(
        customer=customer,
        number=f"SC-{customer.code}",
        kind=Contract.Kind.BASIC,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        covers_labour=True,
        covers_travel=True,
        covers_parts=False,
    )
    contract.units.add(unit)
    return unit


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


@pytest.fixture
def rates(shanghai):
    return ChargeRates.objects.create(
        office=shanghai, labour_rate=Decimal("450.00"), travel_rate=Decimal("300.00")
    )


@pytest.fixture
def chargeable_case(shanghai, users, rates):
    return _case(shanghai, users, unit=_out_of_coverage)


@pytest.fixture
def warranty_case(shanghai, users, rates):
    return _case(shanghai, users)


REPAIR = [
    {"kind": Kind.LABOUR, "quantity": Decimal("3")},
    {"kind": Kind.TRAVEL, "quantity": Decimal("2")},
    {
        "kind": Kind.PART,
        "description": "IGBT 模块",
        "part_number": "FF450R12",
        "quantity": Decimal("1"),
        "unit_price": Decimal("8800.00"),
    },
]


def _quote(users, case, lines=REPAIR, by=Role.COORDINATOR) -> Quote:
    return services.create_quote(by=users[by], case=case, scope="更换IGBT模块", lines=lines)


def _sent(users, quote, django_capture_on_commit_callbacks, email="wang@example.cn") -> str:
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_quote(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version,
            email=email,
            site_url=SITE,
        )


def _plan(users, case):
    case.refresh_from_db()
    return visit_services.plan_visit(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        planned_start=timezone.now() + timedelta(days=1),
        engineers=[users[Role.ENGINEER]],
    )


def _messages(refused) -> str:
    return " ".join(refused.value.messages)


# pricing: the arithmetic, no database


def test_each_line_is_rounded_half_up_to_the_cent_before_adding():
    totals = pricing.total(
        [_line(Kind.OTHER, "0.5", "10.05"), _line(Kind.OTHER, "0.5", "10.05")], Decimal("0")
    )
    # 5.025 rounds up to 5.03 per line; rounding the sum would give 10.05.
    assert [row.amount for row in totals.lines] == [Decimal("5.03"), Decimal("5.03")]
    assert totals.subtotal == totals.net == totals.total == Decimal("10.06")


def test_vat_is_computed_once_on_the_chargeable_net_and_rounded_half_up():
    totals = pricing.total([_line(Kind.OTHER, "1", "0.50")], Decimal("13"))
    assert totals.vat == Decimal("0.07")  # 0.065
    assert totals.total == Decimal("0.57")


def test_covered_lines_pay_nothing_and_vat_falls_on_the_chargeable_net_only():
    totals = pricing.total(
        [
            _line(Kind.LABOUR, "2", "450.00"),
            _line(Kind.PART, "1", "1000.00", Cover.WARRANTY),
            _line(Kind.TRAVEL, "1", "300.00", Cover.CONTRACT),
            _line(Kind.OTHER, "1", "200.00", Cover.GOODWILL),
        ],
        Decimal("13"),
    )
    assert [row.payable for row in totals.lines] == [
        Decimal("900.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]
    assert totals.subtotal == Decimal("2400.00")
    assert totals.covered == Decimal("1500.00")
    assert totals.net == Decimal("900.00")
    assert totals.subtotal == totals.covered + totals.net
    assert totals.vat == Decimal("117.00")
    assert totals.total == totals.net + totals.vat == Decimal("1017.00")


def test_no_lines_cost_nothing():
    totals = pricing.total([], Decimal("13"))
    assert (totals.subtotal, totals.net, totals.vat, totals.total) == (0, 0, 0, 0)


def test_a_contract_pays_only_what_it_covers_and_other_lines_are_chargeable():
    basic = pricing.CaseCover(Cover.CONTRACT, labour=True, travel=True, parts=False)
    assert pricing.default_cover(Kind.LABOUR, basic) == Cover.CONTRACT
    assert pricing.default_cover(Kind.TRAVEL, basic) == Cover.CONTRACT
    assert pricing.default_cover(Kind.PART, basic) == Cover.CHARGEABLE
    assert pricing.default_cover(Kind.OTHER, pricing.WARRANTY) == Cover.CHARGEABLE
    assert pricing.allowed_covers(basic, Kind.LABOUR) == {
        Cover.CHARGEABLE,
        Cover.GOODWILL,
        Cover.CONTRACT,
    }
    # The contract does not pay parts: a part line cannot claim it.
    assert pricing.allowed_covers(basic, Kind.PART) == {Cover.CHARGEABLE, Cover.GOODWILL}
    assert pricing.allowed_covers(pricing.NOTHING_COVERED, Kind.LABOUR) == {
        Cover.CHARGEABLE,
        Cover.GOODWILL,
    }


# cover_of: who pays, from the unit's warranty or contract


def test_a_unit_in_warranty_has_everything_covered(warranty_case):
    cover = charges.cover_of(warranty_case)
    assert cover == pricing.WARRANTY
    assert all(cover.covers(kind) for kind in (Kind.LABOUR, Kind.TRAVEL, Kind.PART))


def test_a_basic_contract_covers_labour_and_travel_but_parts_are_chargeable(shanghai, users, rates):
    case = _case(shanghai, users, unit=_under_basic_contract)
    cover = charges.cover_of(case)
    assert cover.kind == Cover.CONTRACT and not cover.is_chargeable
    assert (cover.labour, cover.travel, cover.parts) == (True, True, False)
    quote = _quote(users, case)
    assert {line.kind: line.cover for line in quote.lines.all()} == {
        Kind.LABOUR: Cover.CONTRACT,
        Kind.TRAVEL: Cover.CONTRACT,
        Kind.PART: Cover.CHARGEABLE,
    }
    assert charges.quote_totals(quote).net == Decimal("8800.00")


def test_a_unit_out_of_coverage_has_everything_chargeable(chargeable_case):
    cover = charges.cover_of(chargeable_case)
    assert cover == pricing.NOTHING_COVERED and cover.is_chargeable


def test_a_contract_that_ended_before_the_case_covers_nothing(shanghai, users, rates):
    def lapsed(customer):
        unit = _under_basic_contract(customer)
        Contract.objects.filter(units=unit).update(
            starts_on=date(2024, 1, 1), ends_on=timezone.localdate() - timedelta(days=1)
        )
        return unit

    assert charges.cover_of(_case(shanghai, users, unit=lapsed)).is_chargeable


def test_a_case_without_a_unit_is_chargeable(shanghai, users, rates):
    case = _case(shanghai, users, unit=lambda customer: None)
    assert case.unit_id is None
    assert charges.cover_of(case) == pricing.NOTHING_COVERED


# create_quote


def test_hours_are_priced_at_the_offices_rates_when_no_price_is_given(users, chargeable_case):
    quote = _quote(users, chargeable_case)
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
    quote = _quote(
        users,
        chargeable_case,
        [{"kind": Kind.LABOUR, "quantity": Decimal("2"), "unit_price": Decimal("0")}],
    )
    assert quote.lines.get().unit_price == Decimal("0")


def test_quotes_already_written_keep_their_prices_when_the_rates_change(
    users, shanghai, chargeable_case
):
    quote = _quote(users, chargeable_case)
    settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("600"),
        travel_rate=Decimal("400"),
        vat_percent=Decimal("6"),
    )
    assert quote.lines.get(kind=Kind.LABOUR).unit_price == Decimal("450.00")
    second = _quote(users, chargeable_case)
    assert second.lines.get(kind=Kind.LABOUR).unit_price == Decimal("600.00")
    assert second.vat_percent == Decimal("6.00")


def test_a_line_cannot_claim_warranty_on_a_machine_out_of_coverage(users, chargeable_case):
    lines = [REPAIR[0], {**REPAIR[2], "cover": Cover.WARRANTY}]
    with pytest.raises(ValidationError) as refused:
        _quote(users, chargeable_case, lines)
    assert "Line 2" in _messages(refused) and "Warranty" in _messages(refused)
    assert "Line 1" not in _messages(refused)
    assert not Quote.objects.exists() and not ChargeLine.objects.exists()


def test_a_line_can_be_given_as_goodwill_on_a_machine_out_of_coverage(users, chargeable_case):
    quote = _quote(users, chargeable_case, [{**REPAIR[2], "cover": Cover.GOODWILL}])
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
        _quote(users, chargeable_case, lines)
    assert [message[:6] for message in refused.value.messages] == ["Line 2", "Line 3"]
    assert not Quote.objects.exists() and not ChargeLine.objects.exists()


def test_a_quote_has_at_least_one_line(users, chargeable_case):
    with pytest.raises(ValidationError):
        _quote(users, chargeable_case, [])
    assert not Quote.objects.exists()


def test_quotes_of_a_case_are_numbered_in_turn(users, chargeable_case):
    first, second = _quote(users, chargeable_case), _quote(users, chargeable_case)
    assert first.number == f"{chargeable_case.number}-Q1"
    assert second.number == f"{chargeable_case.number}-Q2"
    assert chargeable_case.number.startswith("SR-2026-")


def test_the_assigned_engineer_writes_a_quote(users, chargeable_case):
    assert _quote(users, chargeable_case, by=Role.ENGINEER).created_by == users[Role.ENGINEER]


def test_quotes_are_refused_to_another_office_and_to_account_managers(
    users, beijing, chargeable_case
):
    users["beijing"] = make_user(Role.COORDINATOR, username="bj-coordinator", office=beijing)
    for who in ("beijing", Role.ACCOUNT_MANAGER, Role.WAREHOUSE, Role.HQ):
        with pytest.raises(PermissionDenied):
            _quote(users, chargeable_case, by=who)
    assert not Quote.objects.exists()


def test_no_quote_is_written_on_a_closed_case(users, chargeable_case):
    Case.objects.filter(pk=chargeable_case.pk).update(state=Case.State.CLOSED)
    with pytest.raises(ValidationError):
        _quote(users, chargeable_case)


# the gate: no engineer is sent before chargeable work is approved


def test_no_visit_is_planned_for_an_uncovered_machine_until_a_quote_is_approved(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        _plan(users, chargeable_case)
    assert NOTHING_COVERS in _messages(refused)
    chargeable_case.refresh_from_db()
    assert chargeable_case.state == Case.State.TRIAGED
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    services.decide_by_link(token=token, approve=True, name="王建华")
    visit = _plan(users, chargeable_case)
    chargeable_case.refresh_from_db()
    assert chargeable_case.state == Case.State.VISIT_SCHEDULED
    assert list(visit.engineers.all()) == [users[Role.ENGINEER]]


def test_the_schedule_visit_move_itself_is_held_for_an_uncovered_machine(users, chargeable_case):
    with pytest.raises(ValidationError) as refused:
        case_services.move(users[Role.COORDINATOR], chargeable_case, "schedule_visit", None)
    assert NOTHING_COVERS in _messages(refused)


def test_a_pending_quote_with_something_to_pay_holds_the_visit_even_on_a_covered_case(
    users, warranty_case, django_capture_on_commit_callbacks
):
    lodging = [{"kind": Kind.OTHER, "description": "住宿", "quantity": 2, "unit_price": 380}]
    quote = _quote(users, warranty_case, lodging)
    assert charges.quote_totals(quote).net == Decimal("760.00")
    with pytest.raises(ValidationError) as refused:
        _plan(users, warranty_case)
    assert QUOTE_WAITS in _messages(refused)
    _sent(users, quote, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        _plan(users, warranty_case)
    assert QUOTE_WAITS in _messages(refused)
    quote.refresh_from_db()
    services.record_purchase_order(
        by=users[Role.COORDINATOR],
        quote=quote,
        version=quote.version,
        purchase_order="PO-88",
        name="",
    )
    _plan(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_pending_quote_the_warranty_pays_in_full_holds_nothing(users, warranty_case):
    _quote(users, warranty_case)
    _plan(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_warranty_case_without_a_quote_is_not_held(users, warranty_case):
    assert charges.visit_refusal(warranty_case) is None
    _plan(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_declined_quote_leaves_an_uncovered_machine_held(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    services.decide_by_link(token=token, approve=False, name="王建华", reason="太贵")
    with pytest.raises(ValidationError) as refused:
        _plan(users, chargeable_case)
    assert NOTHING_COVERS in _messages(refused)


# sending, and the customer's one-time link


def test_sending_mails_a_one_time_link_and_stores_only_its_hash(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    chargeable_case.reporter = make_contact(chargeable_case.customer, language="en")
    chargeable_case.save()
    quote = _quote(users, chargeable_case)
    token = _sent(users, quote, django_capture_on_commit_callbacks)
    quote.refresh_from_db()
    assert quote.state == Quote.State.SENT and quote.sent_at is not None
    assert quote.sent_to == "wang@example.cn"
    assert len(token) >= 40 and token not in quote.token_hash
    assert mail.outbox[0].to == ["wang@example.cn"]
    assert SITE.rstrip("/") + reverse("quote_decision", args=[token]) in mail.outbox[0].body
    assert quote.number in mail.outbox[0].subject + mail.outbox[0].body
    assert services.quote_for_token(token) == quote


def test_only_a_draft_is_sent(users, chargeable_case, django_capture_on_commit_callbacks):
    quote = _quote(users, chargeable_case)
    _sent(users, quote, django_capture_on_commit_callbacks)
    quote.refresh_from_db()
    with pytest.raises(ValidationError):
        _sent(users, quote, django_capture_on_commit_callbacks)


def test_approving_on_the_link_records_the_name_and_tells_the_case_people(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = _quote(users, chargeable_case)
    token = _sent(users, quote, django_capture_on_commit_callbacks)
    decided = services.decide_by_link(token=token, approve=True, name="  王建华 ")
    quote.refresh_from_db()
    assert decided == quote
    assert quote.state == Quote.State.APPROVED and quote.decided_at is not None
    assert (quote.decided_by_name, quote.method) == ("王建华", Quote.Method.LINK)
    assert quote.recorded_by is None and quote.token_hash == ""
    told = Notification.objects.filter(text__contains=quote.number)
    assert {n.user for n in told} == {users[Role.ENGINEER], users[Role.COORDINATOR]}
    assert all(n.link == reverse("service:case_detail", args=[chargeable_case.pk]) for n in told)


def test_the_link_is_refused_the_second_time(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    services.decide_by_link(token=token, approve=True, name="王建华")
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=False, name="王建华")
    assert Quote.objects.get().state == Quote.State.APPROVED


def test_a_tampered_or_expired_link_opens_nothing(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = _quote(users, chargeable_case)
    token = _sent(users, quote, django_capture_on_commit_callbacks)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert services.quote_for_token(tampered) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=tampered, approve=True, name="王建华")
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=True, name="王建华")
    assert Quote.objects.get().state == Quote.State.SENT


def test_a_draft_opens_nothing_on_the_link(users, chargeable_case):
    _quote(users, chargeable_case)
    assert services.quote_for_token("") is None


def test_declining_keeps_the_customers_reason(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    services.decide_by_link(token=token, approve=False, name="王建华", reason=" 价格太高 ")
    quote = Quote.objects.get()
    assert quote.state == Quote.State.DECLINED
    assert (quote.decided_by_name, quote.decline_reason) == ("王建华", "价格太高")
    assert quote.method == ""


def test_the_customer_gives_a_name_to_decide(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        services.decide_by_link(token=token, approve=True, name="   ")
    assert "name" in refused.value.message_dict
    assert services.quote_for_token(token) is not None


def test_the_public_page_works_once_without_signing_in(
    client, users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = _quote(users, chargeable_case)
    token = _sent(users, quote, django_capture_on_commit_callbacks)
    url = reverse("quote_decision", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert quote.number in page.content.decode() and "FF450R12" in page.content.decode()
    assert client.post(url, {"name": "王建华", "decision": "approve"}).status_code == 200
    quote.refresh_from_db()
    assert quote.state == Quote.State.APPROVED and quote.decided_by_name == "王建华"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "李四", "decision": "decline"}).status_code == 404
    quote.refresh_from_db()
    assert quote.state == Quote.State.APPROVED and quote.decided_by_name == "王建华"


# approval recorded by our people


def test_the_customer_signs_the_quote_on_the_engineers_screen(users, chargeable_case):
    engineer = users[Role.ENGINEER]
    quote = _quote(users, chargeable_case)
    signed = services.approve_on_site(
        by=engineer, quote=quote, version=quote.version, name="王建华", signature=_signature()
    )
    assert signed.state == Quote.State.APPROVED and signed.method == Quote.Method.SIGNATURE
    assert (signed.decided_by_name, signed.recorded_by) == ("王建华", engineer)
    assert signed.signature.name.endswith(".png")
    with Image.open(signed.signature.open("rb")) as drawn:
        assert drawn.format == "PNG" and drawn.size == (300, 100)


def test_a_signature_that_is_not_a_drawing_is_refused(users, chargeable_case):
    quote = _quote(users, chargeable_case)
    for bad in (
        "",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:image/png;base64," + base64.b64encode(b"MZ\x90\x00not a png").decode(),
        "data:image/png;base64,not base64!",
    ):
        with pytest.raises(ValidationError):
            services.approve_on_site(
                by=users[Role.ENGINEER],
                quote=quote,
                version=quote.version,
                name="王建华",
                signature=bad,
            )
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT and not quote.signature


def test_the_office_records_a_purchase_order(users, chargeable_case):
    quote = _quote(users, chargeable_case)
    recorded = services.record_purchase_order(
        by=users[Role.MANAGER],
        quote=quote,
        version=quote.version,
        purchase_order=" PO-2026-0042 ",
        name="采购部 李娜",
    )
    assert recorded.state == Quote.State.APPROVED
    assert recorded.method == Quote.Method.PURCHASE_ORDER
    assert (recorded.purchase_order, recorded.recorded_by) == ("PO-2026-0042", users[Role.MANAGER])


def test_a_purchase_order_needs_its_number_and_the_coordinator_or_manager(users, chargeable_case):
    quote = _quote(users, chargeable_case)
    with pytest.raises(ValidationError) as refused:
        services.record_purchase_order(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version,
            purchase_order="  ",
            name="",
        )
    assert "purchase_order" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.record_purchase_order(
            by=users[Role.ENGINEER],
            quote=quote,
            version=quote.version,
            purchase_order="PO-1",
            name="",
        )
    quote.refresh_from_db()
    assert quote.is_pending


def test_a_decided_quote_is_not_decided_again(users, chargeable_case):
    quote = _quote(users, chargeable_case)
    approved = services.approve_on_site(
        by=users[Role.ENGINEER],
        quote=quote,
        version=quote.version,
        name="王建华",
        signature=_signature(),
    )
    with pytest.raises(ValidationError):
        services.record_purchase_order(
            by=users[Role.COORDINATOR],
            quote=approved,
            version=approved.version,
            purchase_order="PO-1",
            name="",
        )
    with pytest.raises(ValidationError):
        services.withdraw_quote(
            by=users[Role.COORDINATOR], quote=approved, version=approved.version
        )


def test_a_stale_version_is_refused_on_send_and_withdraw(users, chargeable_case):
    quote = _quote(users, chargeable_case)
    with pytest.raises(case_services.StaleCase):
        services.send_quote(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version + 1,
            email="",
            site_url=SITE,
        )
    with pytest.raises(case_services.StaleCase):
        services.withdraw_quote(by=users[Role.COORDINATOR], quote=quote, version=quote.version - 1)
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT


def test_a_withdrawn_quote_no_longer_holds_the_visit_and_its_link_dies(
    users, warranty_case, django_capture_on_commit_callbacks
):
    lodging = [{"kind": Kind.OTHER, "description": "住宿", "quantity": 1, "unit_price": 380}]
    quote = _quote(users, warranty_case, lodging)
    token = _sent(users, quote, django_capture_on_commit_callbacks, email="")
    assert mail.outbox == []
    quote.refresh_from_db()
    withdrawn = services.withdraw_quote(
        by=users[Role.COORDINATOR], quote=quote, version=quote.version
    )
    assert withdrawn.state == Quote.State.WITHDRAWN
    assert services.quote_for_token(token) is None
    _plan(users, warranty_case)


# the statement: the bill for the work done


def _signed_report(case, engineer, labour, travel, signed=True) -> RepairReport:
    return RepairReport.objects.create(
        case=case,
        engineer=engineer,
        fault_found="IGBT 击穿",
        actions="更换IGBT模块",
        labour_hours=Decimal(labour),
        travel_hours=Decimal(travel),
        engineer_signed_at=timezone.now() if signed else None,
    )


def test_the_statement_prices_signed_hours_at_the_approved_quotes_rates(
    users, shanghai, chargeable_case
):
    lines = [{**REPAIR[0], "unit_price": Decimal("500.00")}, REPAIR[1], REPAIR[2]]
    quote = _quote(users, chargeable_case, lines)
    services.record_purchase_order(
        by=users[Role.COORDINATOR],
        quote=quote,
        version=quote.version,
        purchase_order="PO-7",
        name="",
    )
    assert charges.statement(chargeable_case) is None  # no signed report yet
    settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("999"),
        travel_rate=Decimal("999"),
        vat_percent=Decimal("6"),
    )
    engineer = users[Role.ENGINEER]
    _signed_report(chargeable_case, engineer, "2.5", "1.5")
    _signed_report(chargeable_case, engineer, "1", "0.5")
    _signed_report(chargeable_case, engineer, "8", "8", signed=False)
    bill = charges.statement(chargeable_case)
    rows = {(row.kind, row.description): row for row in bill.lines}
    labour = rows[(Kind.LABOUR, str(Kind.LABOUR.label))]
    travel = rows[(Kind.TRAVEL, str(Kind.TRAVEL.label))]
    assert (labour.quantity, labour.unit_price, labour.amount) == (3.5, 500, Decimal("1750.00"))
    assert (travel.quantity, travel.unit_price, travel.amount) == (2, 300, Decimal("600.00"))
    assert rows[(Kind.PART, "IGBT 模块")].amount == Decimal("8800.00")
    assert len(bill.lines) == 3
    assert bill.vat_percent == Decimal("13.00")  # the quote's, not today's rates
    assert bill.net == Decimal("11150.00")
    assert bill.vat == Decimal("1449.50")
    assert bill.total == Decimal("12599.50")


def test_the_statement_of_a_warranty_case_costs_the_customer_nothing(users, warranty_case):
    _signed_report(warranty_case, users[Role.ENGINEER], "3", "2")
    bill = charges.statement(warranty_case)
    assert {row.cover for row in bill.lines} == {Cover.WARRANTY}
    assert bill.subtotal == Decimal("1950.00")  # office rates: 3 × 450 + 2 × 300
    assert (bill.net, bill.total) == (0, 0)


# rates


def test_only_the_offices_manager_sets_its_rates(users, shanghai, beijing):
    rates = settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("480"),
        travel_rate=Decimal("320"),
        vat_percent=Decimal("13"),
    )
    assert charges.rates_for(shanghai) == rates
    for who, office in ((users[Role.COORDINATOR], shanghai), (users[Role.MANAGER], beijing)):
        with pytest.raises(PermissionDenied):
            settings_services.set_charge_rates(
                by=who,
                office=office,
                labour_rate=Decimal("1"),
                travel_rate=Decimal("1"),
                vat_percent=Decimal("1"),
            )
    assert not ChargeRates.objects.filter(office=beijing).exists()
    with pytest.raises(ValidationError):
        settings_services.set_charge_rates(
            by=users[Role.MANAGER],
            office=shanghai,
            labour_rate=Decimal("-1"),
            travel_rate=Decimal("1"),
            vat_percent=Decimal("101"),
        )


def test_an_office_without_rates_charges_nothing_per_hour(beijing):
    rates = charges.rates_for(beijing)
    assert (rates.labour_rate, rates.travel_rate, rates.vat_percent) == (0, 0, 13)
    assert rates.pk is None


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


def test_the_manager_edits_the_rates_and_a_coordinator_may_not(client, users, shanghai, rates):
    url = reverse("service:charge_rates")
    client.force_login(users[Role.MANAGER])
    assert client.get(url).status_code == 200
    response = client.post(url, {"labour_rate": "480.50", "travel_rate": "320", "vat_percent": "6"})
    assert response.status_code == 302
    rates.refresh_from_db()
    assert (rates.labour_rate, rates.travel_rate, rates.vat_percent) == (
        Decimal("480.50"),
        Decimal("320.00"),
        Decimal("6.00"),
    )
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"labour_rate": "1", "travel_rate": "1", "vat_percent": "1"}).status_code
        == 403
    )
    rates.refresh_from_db()
    assert rates.labour_rate == Decimal("480.50")


# after the review: dead cases, going back to a planned visit, explicit decisions


def test_a_quote_dies_with_its_cancelled_case_and_its_link_approves_nothing(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    quote = _quote(users, chargeable_case)
    token = _sent(users, quote, django_capture_on_commit_callbacks)
    chargeable_case.refresh_from_db()
    case_services.cancel_case(
        by=users[Role.COORDINATOR],
        case=chargeable_case,
        version=chargeable_case.version,
        reason="客户自行修复",
    )
    quote.refresh_from_db()
    assert quote.state == Quote.State.WITHDRAWN and quote.token_hash == ""
    assert services.quote_for_token(token) is None
    with pytest.raises(ValidationError):
        services.decide_by_link(token=token, approve=True, name="王建华")


def test_going_back_to_a_planned_visit_after_waiting_for_parts_is_not_held_by_a_quote(
    users, warranty_case
):
    _plan(users, warranty_case)
    warranty_case.refresh_from_db()
    case_services.wait_for_parts(
        by=users[Role.ENGINEER], case=warranty_case, version=warranty_case.version
    )
    # Extra chargeable work is quoted while the part is on its way.
    _quote(
        users,
        warranty_case,
        lines=[
            {"kind": Kind.OTHER, "description": "住宿", "quantity": 1, "unit_price": Decimal("400")}
        ],
    )
    warranty_case.refresh_from_db()
    resumed = case_services.resume(
        by=users[Role.ENGINEER], case=warranty_case, version=warranty_case.version
    )
    assert resumed.state == Case.State.VISIT_SCHEDULED


def test_the_customer_must_choose_approve_or_decline_on_the_link(
    client, users, chargeable_case, django_capture_on_commit_callbacks
):
    token = _sent(users, _quote(users, chargeable_case), django_capture_on_commit_callbacks)
    url = reverse("quote_decision", args=[token])
    response = client.post(url, {"name": "王建华", "decision": "maybe"})
    assert response.status_code == 200
    assert "王建华" in response.content.decode()  # what was typed is kept
    assert Quote.objects.get().state == Quote.State.SENT


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
