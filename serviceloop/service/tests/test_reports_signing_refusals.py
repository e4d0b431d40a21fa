"""Refused signatures, approvals and check-ins come back with what was typed and the reason
at the form (core.forms): the report page with its sign form, the quote's signing page, the
customer's approval link, the engineer's day."""

import base64
import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case, ChargeLine, Quote, RepairReport, Visit
from serviceloop.service.services import charges as charge_services
from serviceloop.service.services import reports as report_services
from serviceloop.service.services import visits as visit_services
from serviceloop.service.testing import make_case

HOSTILE = "data:image/png;base64," + base64.b64encode(b"MZ\x90\x00<script>x</script>").decode()


def _drawing() -> str:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def form_html(response, testid: str) -> str:
    found = re.search(
        rf'<form [^>]*data-testid="{testid}".*?</form>', response.content.decode(), re.S
    )
    assert found, f"the page shows no {testid}"
    return found.group(0)


@pytest.fixture
def engineer(users):
    return _in_english(users[Role.ENGINEER])


@pytest.fixture
def on_site(shanghai, users, engineer):
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


@pytest.fixture
def report(on_site, engineer):
    return report_services.save_report(
        by=engineer,
        case=on_site,
        report=None,
        version=None,
        changes={"fault_found": "冷却水过滤器堵塞", "actions": "清洗Y型过滤器"},
    )


def _sign(client, report, **fields):
    data = {
        "version": report.version,
        "customer_name": "王建华",
        "signature": _drawing(),
        "engineer_signature": _drawing(),
    }
    return client.post(reverse("service:report_sign", args=[report.case_id]), {**data, **fields})


@pytest.mark.django_db
def test_a_refused_drawing_shows_the_report_again_with_the_name_typed(client, engineer, report):
    client.force_login(engineer)
    response = _sign(client, report, signature=HOSTILE)
    form = form_html(response, "sign-form")
    assert response.status_code == 200
    assert response.context["report"] == report  # the report page, not a redirect
    assert 'value="王建华"' in form and "The signature is not a drawing" in form
    # The drawing is not sent back into the page: the customer signs the empty box again.
    assert "<script>" not in response.content.decode() and HOSTILE not in form
    assert "Not saved: The signature is not a drawing" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_signed and not report.customer_signature


@pytest.mark.django_db
@pytest.mark.parametrize("drawing", ["", "blank"])
def test_the_engineer_must_draw_a_signature_too(client, engineer, report, drawing):
    if drawing == "blank":  # the pad sent untouched: one flat colour
        buffer = BytesIO()
        Image.new("RGBA", (600, 200), (0, 0, 0, 0)).save(buffer, "PNG")
        drawing = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    client.force_login(engineer)
    response = _sign(client, report, engineer_signature=drawing)
    form = form_html(response, "sign-form")
    assert response.status_code == 200 and 'value="王建华"' in form
    assert "The engineer&#x27;s signature box is empty: the engineer signs too." in form
    report.refresh_from_db()
    assert not report.is_signed and not report.customer_signature
    assert not report.engineer_signature


@pytest.mark.django_db
def test_a_signature_without_the_customers_name_is_asked_for_at_the_name(client, engineer, report):
    client.force_login(engineer)
    response = _sign(client, report, customer_name="   ")
    form = form_html(response, "sign-form")
    assert response.status_code == 200
    assert re.search(r'aria-invalid="true"[^>]*id="id_customer_name"', form)
    assert "This field is required." in form
    assert "Not saved: the reason is shown at the form." in response.content.decode()
    assert RepairReport.objects.get().customer_signed_at is None


@pytest.mark.django_db
def test_a_signature_on_a_report_changed_meanwhile_says_so_at_the_form(client, engineer, report):
    client.force_login(engineer)
    response = _sign(client, report, version=report.version - 1)
    assert "The report was changed meanwhile" in form_html(response, "sign-form")
    assert not RepairReport.objects.get().is_signed


@pytest.mark.django_db
def test_a_signed_report_still_goes_to_the_case_page(client, engineer, report):
    client.force_login(engineer)
    response = _sign(client, report)
    assert response.status_code == 302
    assert response["Location"] == reverse("service:case_detail", args=[report.case_id])
    assert RepairReport.objects.get().is_signed


@pytest.fixture
def quote(users, on_site):
    return charge_services.create_quote(
        by=users[Role.COORDINATOR],
        case=on_site,
        scope="更换IGBT模块",
        lines=[{"kind": ChargeLine.Kind.LABOUR, "quantity": Decimal("3")}],
    )


@pytest.mark.django_db
def test_a_quote_signed_without_a_name_asks_for_it_at_the_name(client, engineer, quote):
    client.force_login(engineer)
    response = client.post(
        reverse("service:quote_sign", args=[quote.case_id, quote.pk]),
        {"version": quote.version, "customer_name": "", "signature": _drawing()},
    )
    form = form_html(response, "quote-sign-form")
    assert response.status_code == 200
    assert re.search(r'class="field has-error"><label for="id_customer_name"', form)
    assert "base64" not in form  # the drawing is not sent back into the page
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT and not quote.signature


@pytest.fixture
def link(users, quote, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return charge_services.send_quote(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version,
            email="wang@example.cn",
        )


@pytest.mark.django_db
def test_a_decline_without_a_name_keeps_the_reason_typed_on_the_public_page(client, link, quote):
    response = client.post(
        reverse("quote_decision", args=[link]),
        {"name": "  ", "reason": "价格太高，下季度再修", "decision": "decline"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    form = form_html(response, "quote-decision-form")
    assert response.status_code == 200
    assert "价格太高，下季度再修</textarea>" in form
    assert 'class="error-summary"' in form and "errorlist" in form
    quote.refresh_from_db()
    assert quote.state == Quote.State.SENT


@pytest.mark.django_db
def test_a_decision_without_a_button_keeps_the_name_typed(client, link, quote):
    response = client.post(
        reverse("quote_decision", args=[link]), {"name": "王建华"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    form = form_html(response, "quote-decision-form")
    assert response.status_code == 200
    assert 'value="王建华"' in form and "Choose: approve or decline." in form
    quote.refresh_from_db()
    assert quote.state == Quote.State.SENT


def _plan(users, engineer, start):
    case = make_case(
        users[Role.COORDINATOR].office,
        state=Case.State.TRIAGED,
        priority="P1",  # a stopped line goes straight to a visit
        assignee=engineer,
        opened_by=users[Role.COORDINATOR],
    )
    return visit_services.plan_visit(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        planned_start=start,
        engineers=[engineer],
    )


@pytest.fixture
def planned(users, engineer):
    return _plan(users, engineer, timezone.now())


def _check_in(client, visit, minutes: str, day: str = ""):
    url = reverse("service:visit_check_in", args=[visit.pk]) + (f"?day={day}" if day else "")
    return client.post(url, {"travel_minutes": minutes})


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", ["abc", "-5", "1.5", "99999"])
def test_travel_minutes_that_are_not_minutes_are_refused_as_typed(
    client, engineer, planned, minutes
):
    client.force_login(engineer)
    response = _check_in(client, planned, minutes)
    form = form_html(response, "check-in-form")
    assert response.status_code == 200
    assert f'value="{minutes}"' in form and "errorlist" in form
    planned.refresh_from_db()
    assert planned.state == Visit.State.PLANNED and planned.travel_minutes is None


@pytest.mark.django_db
def test_travel_minutes_are_kept_on_check_in(client, engineer, planned):
    client.force_login(engineer)
    response = _check_in(client, planned, "45")
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == Visit.State.ON_SITE and planned.travel_minutes == 45


@pytest.mark.django_db
def test_a_refused_check_in_comes_back_on_the_day_it_was_typed_on(client, engineer, users):
    tomorrow = timezone.localdate() + timedelta(days=1)
    visit = _plan(users, engineer, timezone.now() + timedelta(days=1))
    client.force_login(engineer)
    response = _check_in(client, visit, "一小时", day=tomorrow.isoformat())
    assert response.context["day"] == tomorrow
    assert 'value="一小时"' in form_html(response, "check-in-form")
