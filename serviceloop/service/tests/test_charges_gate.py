"""The gate: no engineer is sent before chargeable work is approved."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case, ChargeLine, Quote
from serviceloop.service.selectors import charges
from serviceloop.service.services import cases as case_services
from serviceloop.service.services import charges as services

from .charges_builders import messages_of, plan_visit, sent_token, write_quote

pytestmark = pytest.mark.django_db


Kind, Cover = ChargeLine.Kind, ChargeLine.Cover

NOTHING_COVERS = "Nothing covers this machine"

QUOTE_WAITS = "A quote waits for the customer's decision"


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


# the gate: no engineer is sent before chargeable work is approved


def test_no_visit_is_planned_for_an_uncovered_machine_until_a_quote_is_approved(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        plan_visit(users, chargeable_case)
    assert NOTHING_COVERS in messages_of(refused)
    chargeable_case.refresh_from_db()
    assert chargeable_case.state == Case.State.TRIAGED
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    services.decide_by_link(token=token, approve=True, name="王建华")
    visit = plan_visit(users, chargeable_case)
    chargeable_case.refresh_from_db()
    assert chargeable_case.state == Case.State.VISIT_SCHEDULED
    assert list(visit.engineers.all()) == [users[Role.ENGINEER]]


def test_the_schedule_visit_move_itself_is_held_for_an_uncovered_machine(users, chargeable_case):
    with pytest.raises(ValidationError) as refused:
        case_services.move(users[Role.COORDINATOR], chargeable_case, "schedule_visit", None)
    assert NOTHING_COVERS in messages_of(refused)


def test_a_pending_quote_with_something_to_pay_holds_the_visit_even_on_a_covered_case(
    users, warranty_case, django_capture_on_commit_callbacks
):
    lodging = [{"kind": Kind.OTHER, "description": "住宿", "quantity": 2, "unit_price": 380}]
    quote = write_quote(users, warranty_case, lodging)
    assert charges.quote_totals(quote).net == Decimal("760.00")
    with pytest.raises(ValidationError) as refused:
        plan_visit(users, warranty_case)
    assert QUOTE_WAITS in messages_of(refused)
    sent_token(users, quote, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as refused:
        plan_visit(users, warranty_case)
    assert QUOTE_WAITS in messages_of(refused)
    quote.refresh_from_db()
    services.record_purchase_order(
        by=users[Role.COORDINATOR],
        quote=quote,
        version=quote.version,
        purchase_order="PO-88",
        name="",
    )
    plan_visit(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_pending_quote_the_warranty_pays_in_full_holds_nothing(users, warranty_case):
    write_quote(users, warranty_case)
    plan_visit(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_warranty_case_without_a_quote_is_not_held(users, warranty_case):
    assert charges.visit_refusal(warranty_case) is None
    plan_visit(users, warranty_case)
    warranty_case.refresh_from_db()
    assert warranty_case.state == Case.State.VISIT_SCHEDULED


def test_a_declined_quote_leaves_an_uncovered_machine_held(
    users, chargeable_case, django_capture_on_commit_callbacks
):
    token = sent_token(
        users, write_quote(users, chargeable_case), django_capture_on_commit_callbacks
    )
    services.decide_by_link(token=token, approve=False, name="王建华", reason="太贵")
    with pytest.raises(ValidationError) as refused:
        plan_visit(users, chargeable_case)
    assert NOTHING_COVERS in messages_of(refused)


def test_a_withdrawn_quote_no_longer_holds_the_visit_and_its_link_dies(
    users, warranty_case, django_capture_on_commit_callbacks
):
    lodging = [{"kind": Kind.OTHER, "description": "住宿", "quantity": 1, "unit_price": 380}]
    quote = write_quote(users, warranty_case, lodging)
    token = sent_token(users, quote, django_capture_on_commit_callbacks, email="")
    assert mail.outbox == []
    quote.refresh_from_db()
    withdrawn = services.withdraw_quote(
        by=users[Role.COORDINATOR], quote=quote, version=quote.version
    )
    assert withdrawn.state == Quote.State.WITHDRAWN
    assert services.quote_for_token(token) is None
    plan_visit(users, warranty_case)


def test_going_back_to_a_planned_visit_after_waiting_for_parts_is_not_held_by_a_quote(
    users, warranty_case
):
    plan_visit(users, warranty_case)
    warranty_case.refresh_from_db()
    case_services.wait_for_parts(
        by=users[Role.ENGINEER], case=warranty_case, version=warranty_case.version
    )
    # Extra chargeable work is quoted while the part is on its way.
    write_quote(
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
