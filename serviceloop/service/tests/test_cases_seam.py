"""The seam on the case (decision 0014): later apps' panels on the case pages and the
records, and the ordered steps run when a case ends, inside its transaction."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.extensions import LATER, Panel
from serviceloop.customers.extensions import customer_panels
from serviceloop.customers.models import PortalAccess
from serviceloop.equipment.extensions import unit_panels
from serviceloop.service import extensions
from serviceloop.service.models import Case, Quote
from serviceloop.service.services import cases as services
from serviceloop.service.services.charges import withdraw_open_quotes
from serviceloop.service.testing import make_case

pytestmark = pytest.mark.django_db
PANEL = "seam/panel.html"


@pytest.fixture(autouse=True)
def _panel_template(settings, tmp_path):
    """A panel template of the test's own: a marker and the word its plug gave."""
    folder = tmp_path / "templates"
    (folder / "seam").mkdir(parents=True)
    (folder / PANEL).write_text(
        '<section data-testid="seam-panel">{{ panel.context.word }}</section>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], folder]}]


def _panel(word):
    return Panel(PANEL, {"word": word})


@pytest.fixture
def case(shanghai, users):
    found = make_case(
        shanghai,
        state=Case.State.RESOLVED,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
        resolution="更换流量开关",
    )
    PortalAccess.objects.create(user=users[Role.CUSTOMER], customer=found.customer)
    return found


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _staff_page(client, users, case, role=Role.MANAGER) -> str:
    return _page(client, users[role], reverse("service:case_detail", args=[case.pk]))


def _portal_page(client, users, case) -> str:
    return _page(client, users[Role.CUSTOMER], reverse("portal:case_detail", args=[case.pk]))


# Read side: the panels.


def test_a_case_panel_shows_to_the_staff_it_is_meant_for_and_never_in_the_portal(
    client, users, case
):
    def managers_only(*, request, case):
        return _panel(f"reserved for {case.number}") if request.user.role == Role.MANAGER else None

    with extensions.case_panels.plugged(managers_only):
        assert f"reserved for {case.number}" in _staff_page(client, users, case)
        assert 'data-testid="seam-panel"' not in _staff_page(client, users, case, Role.ENGINEER)
        assert 'data-testid="seam-panel"' not in _portal_page(client, users, case)
    assert 'data-testid="seam-panel"' not in _staff_page(client, users, case)


def test_a_portal_panel_shows_to_the_customer_and_not_on_the_staff_page(client, users, case):
    def survey_score(*, request, case):
        return _panel("your score: 5")

    with extensions.portal_case_panels.plugged(survey_score):
        assert "your score: 5" in _portal_page(client, users, case)
        assert "your score: 5" not in _staff_page(client, users, case)
    assert "your score: 5" not in _portal_page(client, users, case)


def test_the_records_show_the_panels_plugged_into_the_customer_and_the_unit(client, users, case):
    def for_customer(*, request, customer):
        return _panel(f"customer {customer.code}")

    def for_unit(*, request, unit):
        return _panel(f"unit {unit.serial}")

    manager = users[Role.MANAGER]
    customer_url = reverse("records:customer_record", args=[case.customer_id])
    unit_url = reverse("records:unit_record", args=[case.unit_id])
    with customer_panels.plugged(for_customer), unit_panels.plugged(for_unit):
        customer_page = _page(client, manager, customer_url)
        unit_page = _page(client, manager, unit_url)
    assert f"customer {case.customer.code}" in customer_page
    assert f"unit {case.unit.serial}" not in customer_page
    assert f"unit {case.unit.serial}" in unit_page
    assert f"customer {case.customer.code}" not in unit_page


# Write side: the ordered steps of a case's end.


def _pending_quote(case, users) -> Quote:
    return Quote.objects.create(
        case=case,
        number=f"{case.number}-Q1",
        currency="CNY",
        vat_percent=13,
        valid_until=date(2030, 1, 1),
        created_by=users[Role.COORDINATOR],
        state=Quote.State.SENT,
        token_hash="hash-of-the-link",
    )


def _close(case, users) -> Case:
    return services.close_case(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        root_cause="FLOW-01",
        billing=Case.Billing.WARRANTY,
    )


def test_the_service_withdraws_the_open_quotes_first_and_later_steps_follow(users, case):
    quote = _pending_quote(case, users)
    seen = []

    def later_app(*, case, by):
        seen.append((Quote.objects.get(pk=quote.pk).state, by))

    assert extensions.case_ending.plugs[0] is withdraw_open_quotes
    with extensions.case_ending.plugged(later_app, order=LATER):
        closed = _close(case, users)
    assert closed.state == Case.State.CLOSED
    assert seen == [(Quote.State.WITHDRAWN, users[Role.COORDINATOR])]


def test_a_later_step_that_refuses_rolls_the_close_back_with_the_withdrawal(users, case):
    quote = _pending_quote(case, users)

    def holds_the_case(*, case, by):
        raise ValidationError("A part is still out with the engineer.")

    with (
        extensions.case_ending.plugged(holds_the_case),
        pytest.raises(ValidationError, match="still out"),
    ):
        _close(case, users)
    case.refresh_from_db()
    quote.refresh_from_db()
    assert (case.state, case.closed_at, case.root_cause) == (Case.State.RESOLVED, None, "")
    assert (quote.state, quote.token_hash) == (Quote.State.SENT, "hash-of-the-link")
