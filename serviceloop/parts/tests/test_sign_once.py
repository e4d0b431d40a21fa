"""A report's parts leave the stock once (decision 0009): signing it again — the button
pressed twice, the browser sending the signing again, two requests at once — and the parts
list the browser kept arriving after the signing issue nothing more and change nothing."""

from functools import partial

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from serviceloop.core.testing import run_at_once
from serviceloop.parts.models import ReportPart, Reservation, StockBalance, StockMovement
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import reservations
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.service.models import RepairReport
from serviceloop.service.services import reports as report_services

from .builders import signature

Defective = ReportPart.Defective


def _stock():
    """Everything the signing may have moved: ledger rows, balances, reservations, lines."""
    return {
        "moves": list(StockMovement.objects.order_by("pk").values_list("pk", "kind", "quantity")),
        "balances": list(
            StockBalance.objects.order_by("pk").values_list(
                "pk", "on_hand", "reserved", "defective"
            )
        ),
        "reservations": list(
            Reservation.objects.order_by("pk").values_list("pk", "state", "issued", "released")
        ),
        "lines": list(
            ReportPart.objects.order_by("pk").values_list("pk", "report_id", "quantity", "issue_id")
        ),
    }


def _reserved_and_listed(world):
    """A case with 2 IGBTs reserved, both listed on its report (the old one returned), and
    2 filters from free stock: the report waits to be signed."""
    world.receive(world.igbt, 3)
    world.receive(world.filter, 5)
    case = world.on_site()
    [reservation] = reservations.reserve_part(
        by=world.engineer, case=case, part=world.igbt, warehouse=world.store, quantity=2
    )
    report = world.report(case)
    lines = [
        {"part": world.igbt, "warehouse": world.store, "quantity": 2, "reservation": reservation},
        {"part": world.filter, "warehouse": world.store, "quantity": 2},
    ]
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**lines[0], "defective": Defective.RETURNED}, {**lines[1], "defective": "kept"}],
    )
    return case, report, reservation


def _sign_post(client, case, report):
    return client.post(
        reverse("service:report_sign", args=[case.pk]),
        {
            "report": report.pk,
            "version": report.version,
            "customer_name": "王建华",
            "signature": signature(),
            "engineer_signature": signature(),
        },
    )


def _issued(world):
    """The ledger's issues and returns of the two parts, as (part, kind, quantity)."""
    return sorted(
        StockMovement.objects.filter(kind__in=["issue", "return"]).values_list(
            "part__number", "kind", "quantity"
        )
    )


@pytest.mark.django_db
def test_the_sign_form_sent_twice_issues_the_parts_once(client, world):
    case, report, reservation = _reserved_and_listed(world)
    world.engineer.language = "en"  # the pages answer in the user's language
    world.engineer.save(update_fields=["language"])
    client.force_login(world.engineer)

    first = _sign_post(client, case, report)
    assert first.status_code == 302
    assert _issued(world) == [
        ("SP-1102", "issue", -2),
        ("SP-2001", "issue", -2),
        ("SP-2001", "return", 2),
    ]
    after_first = _stock()

    again = _sign_post(client, case, report)  # the same post: a double press, a retry

    assert again.status_code == 302
    assert again["Location"] == reverse("service:case_detail", args=[case.pk])
    assert _stock() == after_first
    igbt = StockBalance.objects.get(part=world.igbt, warehouse=world.store)
    assert (igbt.on_hand, igbt.reserved, igbt.defective) == (1, 0, 2)
    assert StockBalance.objects.get(part=world.filter, warehouse=world.store).on_hand == 3
    reservation.refresh_from_db()
    assert (reservation.state, reservation.issued) == (Reservation.State.DONE, 2)
    said = [str(m) for m in get_messages(again.wsgi_request)]
    assert said[-1] == "This report is signed already."  # after the first one's message
    assert stock_discrepancies() == []


@pytest.mark.django_db
def test_signing_a_signed_report_again_is_refused_and_moves_nothing(world):
    _case, report, _reservation = _reserved_and_listed(world)
    world.sign(report)
    after_first = _stock()
    stale = RepairReport.objects.get(pk=report.pk)

    with pytest.raises(ValidationError, match="signed already"):
        report_services.sign_report(
            by=world.engineer,
            report=stale,
            version=stale.version,
            customer_name="王建华",
            signature=signature(),
            engineer_signature=signature(),
        )

    assert _stock() == after_first
    assert stock_discrepancies() == []


def _kept_draft(world, report, reservation, **changes):
    """The parts form as the browser kept it while the report was unsigned."""
    rows = {f"x{n}-defective": "kept" for n in range(3)}
    draft = {
        **rows,
        "report": str(report.pk),
        f"r{reservation.pk}-quantity": "2",
        f"r{reservation.pk}-defective": "returned",
        "x0-part": "SP-1102",
        "x0-warehouse": str(world.store.pk),
        "x0-quantity": "2",
    }
    return {**draft, **changes}


@pytest.mark.django_db
def test_the_parts_list_arriving_after_the_signing_is_refused_and_changes_nothing(client, world):
    case, report, reservation = _reserved_and_listed(world)
    world.sign(report)
    after_signing = _stock()
    client.force_login(world.engineer)

    late = client.post(
        reverse("parts:report_parts", args=[case.pk]),
        _kept_draft(world, report, reservation, **{"x0-quantity": "4"}),
    )

    assert late.status_code == 302
    assert late["Location"].startswith(reverse("service:report_form", args=[case.pk]))
    said = [str(m) for m in get_messages(late.wsgi_request)]
    assert len(said) == 1 and said[0] != ""  # refused, saying why
    assert _stock() == after_signing


@pytest.mark.django_db
def test_a_late_parts_list_does_not_land_on_the_next_reports_and_issue_again(client, world):
    # Signed at the first visit; at the second, a new report is open when the phone's kept
    # list of the first finally arrives: it is not the new report's, so it must not be
    # issued a second time when that one is signed.
    case, report, reservation = _reserved_and_listed(world)
    world.sign(report)
    second = world.report(case)
    assert second.pk != report.pk and not second.is_signed
    after_signing = _stock()
    client.force_login(world.engineer)

    client.post(
        reverse("parts:report_parts", args=[case.pk]), _kept_draft(world, report, reservation)
    )

    assert _stock() == after_signing
    assert not second.stock_parts.exists()
    world.sign(second)
    assert _stock()["moves"] == after_signing["moves"]
    assert stock_discrepancies() == []


@pytest.mark.django_db
def test_a_signing_retried_after_the_next_report_opened_does_not_sign_that_one(client, world):
    # The first report's signing is sent again from a page kept open (same version number
    # as the new report's): it names the first report, so the second stays open.
    case, report, _reservation = _reserved_and_listed(world)
    client.force_login(world.engineer)
    _sign_post(client, case, report)
    signed_version = report.version
    second = world.report(case)
    second.version = signed_version
    second.save(update_fields=["version"])
    after_first = _stock()

    again = _sign_post(client, case, report)

    assert again["Location"] == reverse("service:case_detail", args=[case.pk])
    second.refresh_from_db()
    assert not second.is_signed
    assert _stock() == after_first


@pytest.mark.django_db
def test_the_service_refuses_a_parts_list_for_a_signed_report(world):
    _case, report, _reservation = _reserved_and_listed(world)
    world.sign(report)
    after_signing = _stock()
    line = {"part": world.filter, "warehouse": world.store, "quantity": 4, "defective": "kept"}

    with pytest.raises(ValidationError, match="This report is signed"):
        save_report_parts(by=world.engineer, report=report, lines=[line])

    assert _stock() == after_signing


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_signings_of_the_same_report_at_once_issue_the_parts_once(world):
    case, report, _reservation = _reserved_and_listed(world)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(world.engineer)

    outcomes = run_at_once(*[partial(_sign_post, client, case, report) for client in clients])

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    # One signs; the other finds it signed (before or after waiting for the report's lock).
    assert sorted(response.status_code for response in outcomes) in ([200, 302], [302, 302])
    assert _issued(world) == [
        ("SP-1102", "issue", -2),
        ("SP-2001", "issue", -2),
        ("SP-2001", "return", 2),
    ]
    igbt = StockBalance.objects.get(part=world.igbt, warehouse=world.store)
    assert (igbt.on_hand, igbt.reserved, igbt.defective) == (1, 0, 2)
    assert RepairReport.objects.get(pk=report.pk).is_signed
    assert stock_discrepancies() == []
