"""Forms posted from the case page: refused, the case page comes back with what was typed in
the form and the reason next to it, and nothing is saved (core.forms.save_inline)."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import Attachment, Case, CaseEvent, Quote, Reading, Visit
from serviceloop.service.services import charges as charge_services
from serviceloop.service.testing import make_case

LONG_PO = "PO-" + "9" * 58  # one character over the 60 the field takes


@pytest.fixture
def coordinator(users):
    # The reasons are read in English, whatever the office's language.
    user = users[Role.COORDINATOR]
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def case(shanghai, users):
    return make_case(
        shanghai,
        state=Case.State.TRIAGED,
        assignee=users[Role.ENGINEER],
        opened_by=users[Role.COORDINATOR],
    )


def post(client, name: str, case, data: dict, *args):
    return client.post(reverse(f"service:{name}", args=[case.pk, *args]), with_form_key(data))


def form_html(response, testid: str) -> str:
    """The refused form as the page shows it again."""
    page = response.content.decode()
    found = re.search(rf'<form [^>]*data-testid="{testid}".*?</form>', page, re.S)
    assert found, f"the page shows no {testid}"
    return found.group(0)


def events(case, kind) -> int:
    return CaseEvent.objects.filter(case=case, kind=kind).count()


@pytest.mark.django_db
def test_a_refused_triage_keeps_the_chosen_priority_and_type(
    client, coordinator, shanghai, beijing
):
    case = make_case(shanghai, opened_by=coordinator)
    stranger = make_user(Role.ENGINEER, username="beijing-engineer", office=beijing)
    client.force_login(coordinator)
    response = post(
        client,
        "case_triage",
        case,
        {"version": case.version, "priority": "P1", "kind": "preventive", "assignee": stranger.pk},
    )
    form = form_html(response, "triage-form")
    assert response.status_code == 200
    assert '<option value="P1" selected>' in form and '<option value="preventive" selected>' in form
    assert "errorlist" in form
    case.refresh_from_db()
    assert case.state == Case.State.NEW and case.assignee is None


@pytest.mark.django_db
def test_a_move_on_a_case_changed_meanwhile_keeps_the_reason_typed(client, coordinator, case):
    client.force_login(coordinator)
    response = post(
        client,
        "case_move",
        case,
        {"version": case.version - 1, "text": "客户重复报修，已合并"},
        "cancel",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "客户重复报修，已合并</textarea>" in page
    assert "Someone else changed this case" in page
    assert Case.objects.get(pk=case.pk).state == Case.State.TRIAGED


@pytest.mark.django_db
def test_a_refused_close_keeps_the_root_cause_and_billing(client, coordinator, shanghai):
    case = make_case(shanghai, state=Case.State.RESOLVED, opened_by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        reverse("service:case_close", args=[case.pk]),
        {"version": case.version + 5, "root_cause": "F-COOL-07", "billing": "chargeable"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="F-COOL-07"' in page and '<option value="chargeable" selected>' in page
    assert "Someone else changed this case" in page
    assert Case.objects.get(pk=case.pk).state == Case.State.RESOLVED


@pytest.mark.django_db
def test_unreadable_findings_come_back_with_the_text_typed(client, coordinator, case):
    client.force_login(coordinator)
    response = post(
        client, "case_findings", case, {"version": "old", "diagnosis": "冷却水流量计堵塞"}
    )
    form = form_html(response, "findings-form")
    assert response.status_code == 200
    assert "冷却水流量计堵塞</textarea>" in form and "errorlist" in form
    assert f'name="version" value="{case.version}"' in form
    assert Case.objects.get(pk=case.pk).diagnosis == ""


@pytest.mark.django_db
def test_a_refused_visit_plan_keeps_the_engineers_and_the_note(client, coordinator, case, users):
    engineer = users[Role.ENGINEER]
    client.force_login(coordinator)
    response = post(
        client,
        "case_plan_visit",
        case,
        {
            "version": case.version,
            "engineers": [engineer.pk],
            "planned_start": "2026-13-45T09:00",
            "note": "带上流量计",
        },
    )
    form = form_html(response, "visit-form")
    assert response.status_code == 200
    assert re.search(rf'value="{engineer.pk}"[^>]*checked', form)
    assert 'value="带上流量计"' in form and 'value="2026-13-45T09:00"' in form
    assert "errorlist" in form
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_an_empty_note_to_the_customer_is_asked_for_with_the_box_still_ticked(
    client, coordinator, case
):
    client.force_login(coordinator)
    response = post(client, "case_note", case, {"text": "   ", "to_customer": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="to_customer"[^>]*checked', page)
    assert "This field is required." in page
    assert events(case, CaseEvent.Kind.NOTE) == events(case, CaseEvent.Kind.MESSAGE) == 0


@pytest.mark.django_db
def test_a_refused_reading_keeps_the_values_typed(client, coordinator, case):
    client.force_login(coordinator)
    response = post(
        client,
        "case_reading",
        case,
        {"tag": "Q_ps", "value": "28..5", "code": "E-0412", "taken_at": "2026-11-27T09:30"},
    )
    form = form_html(response, "reading-form")
    assert response.status_code == 200
    assert '<option value="Q_ps" selected>' in form
    assert 'value="28..5"' in form and 'value="E-0412"' in form
    assert 'value="2026-11-27T09:30"' in form and "errorlist" in form
    assert not Reading.objects.exists()


@pytest.mark.django_db
def test_a_refused_photo_keeps_its_caption_and_says_why(client, coordinator, case):
    client.force_login(coordinator)
    response = post(
        client,
        "case_attach",
        case,
        {
            "file": SimpleUploadedFile("IMG_0002.jpg", b"MZ\x90\x00 not a photo"),
            "caption": "电源柜",
        },
    )
    form = form_html(response, "attach-form")
    assert response.status_code == 200
    assert 'value="电源柜"' in form and "errorlist" in form
    assert not Attachment.objects.exists()


@pytest.fixture
def quote(users, case):
    line = {
        "kind": "part",
        "description": "IGBT 模块",
        "quantity": Decimal("1"),
        "unit_price": Decimal("8800.00"),
    }
    return charge_services.create_quote(
        by=users[Role.COORDINATOR], case=case, scope="更换IGBT模块", lines=[line]
    )


@pytest.mark.django_db
def test_a_refused_send_keeps_the_address_typed(client, coordinator, case, quote):
    client.force_login(coordinator)
    response = post(
        client,
        "quote_send",
        case,
        {"version": quote.version, "email": "wang@@example"},
        quote.pk,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="wang@@example"' in page and "errorlist" in page
    assert Quote.objects.get(pk=quote.pk).state == Quote.State.DRAFT


@pytest.mark.django_db
def test_a_refused_purchase_order_keeps_the_number_and_the_name(client, coordinator, case, quote):
    client.force_login(coordinator)
    response = post(
        client,
        "quote_purchase_order",
        case,
        {"version": quote.version, "purchase_order": LONG_PO, "name": "王建华"},
        quote.pk,
    )
    form = form_html(response, "po-form")
    assert response.status_code == 200
    assert f'value="{LONG_PO}"' in form and 'value="王建华"' in form
    assert "errorlist" in form
    assert Quote.objects.get(pk=quote.pk).state == Quote.State.DRAFT


@pytest.mark.django_db
def test_the_refused_page_is_the_case_page_at_its_own_address(client, coordinator, case):
    client.force_login(coordinator)
    response = post(client, "case_reading", case, {"tag": "Q_ps", "value": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: the reason is shown at the form." in page
    case_url = reverse("service:case_detail", args=[case.pk])
    assert f'name="next" value="{case_url}"' in page
