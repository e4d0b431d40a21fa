"""Similar cases, and the diagnosis part of the case page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.service.models import Case, InfoRequest, Reading
from serviceloop.service.selectors.diagnosis import similar_cases
from serviceloop.service.services import diagnosis as services
from serviceloop.service.testing import make_case


def _section(html: str, testid: str) -> str:
    """The markup of one list or block of the page, by its data-testid."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


# --- Similar cases ----------------------------------------------------------------------


def _alarm(case, code="E042"):
    Reading.objects.create(case=case, tag="alarm", code=code, taken_at=timezone.now())


def _closed(office, opened_by, *, days_ago, model=None, **fields):
    if model is not None:
        customer = make_customer(office, f"C-{Case.objects.count() + 500:04d}")
        fields["customer"] = customer
        fields["unit"] = make_unit(customer, f"IH-X-{Case.objects.count():04d}", model=model)
    return make_case(
        office,
        state=Case.State.CLOSED,
        opened_by=opened_by,
        closed_at=timezone.now() - timedelta(days=days_ago),
        resolution="更换冷却水滤网",
        root_cause="F01",
        **fields,
    )


@pytest.mark.django_db
def test_similar_cases_put_the_same_alarm_first_then_the_same_model(
    shanghai, beijing, users, case, coordinator
):
    other_model = make_model("IPS-XF100", name="XF 100 kW")
    _alarm(case)
    same_alarm = _closed(shanghai, coordinator, days_ago=20, model=other_model)
    _alarm(same_alarm)
    same_model = _closed(shanghai, coordinator, days_ago=2)
    _alarm(same_model, "E001")
    _closed(shanghai, coordinator, days_ago=1, model=other_model)  # nothing in common
    elsewhere = _closed(beijing, coordinator, days_ago=1)
    _alarm(elsewhere)
    still_open = make_case(shanghai, state=Case.State.REMOTE_DIAGNOSIS, opened_by=coordinator)
    _alarm(still_open)

    found = similar_cases(coordinator, case)
    assert found == [same_alarm, same_model]
    assert found[0].same_alarm and not found[1].same_alarm


@pytest.mark.django_db
def test_similar_cases_without_alarm_readings_match_on_the_model(shanghai, case, coordinator):
    same_model = _closed(shanghai, coordinator, days_ago=3)
    _closed(shanghai, coordinator, days_ago=1, model=make_model("IPS-XF100", name="XF 100 kW"))
    assert similar_cases(coordinator, case) == [same_model]


# --- The case page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_shows_the_diagnosis_requests_and_then_the_similar_cases(
    client, shanghai, case, coordinator, ask
):
    similar = _closed(shanghai, coordinator, days_ago=5)
    ask(coordinator, case, message="请读出冷却水流量")
    client.force_login(coordinator)
    response = client.get(reverse("service:case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="diagnosis"' in html and 'data-testid="findings-form"' in html
    assert "请读出冷却水流量" in _section(html, "info-requests")
    assert 'data-testid="request-link"' not in html
    # The similar cases come a moment after the case: htmx asks for them once it shows.
    similar_url = reverse("service:case_similar", args=[case.pk])
    assert f'hx-get="{similar_url}"' in html and similar.number not in html
    fragment = client.get(similar_url, headers={"HX-Request": "true"}).content.decode()
    assert similar.number in _section(fragment, "similar-cases")
    assert "<html" not in fragment
    # Without JavaScript the link opens them as a page of their own.
    page = client.get(similar_url).content.decode()
    assert "<html" in page and similar.number in _section(page, "similar-cases")


@pytest.mark.django_db
def test_another_offices_case_has_no_similar_cases_to_show(client, beijing, users, coordinator):
    elsewhere = make_case(beijing, opened_by=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("service:case_similar", args=[elsewhere.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_link_of_a_new_request_is_shown_once(client, case, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("service:info_request_new", args=[case.pk]),
        {
            **with_form_key(),
            "version": case.version,
            "tags": ["Q_ps", "alarm"],
            "wants_photos": "on",
            "message": "请拍下报警画面",
            "email": "",
            "wait": "on",
        },
    )
    page = reverse("service:case_detail", args=[case.pk])
    assert response.status_code == 302 and response.url == page + "#diagnosis"
    assert InfoRequest.objects.filter(case=case, requested_by=coordinator).count() == 1

    first = client.get(page).content.decode()
    assert 'data-testid="request-link"' in first
    (token,) = set(re.findall(r"/request/([\w-]+)/", first))
    assert services.request_for_token(token) is not None
    second = client.get(page).content.decode()
    assert 'data-testid="request-link"' not in second and token not in second


def _grow(case, engineer, requests: int) -> None:
    """Up to `requests` requests to the customer, half of them answered, each with a reading
    typed by the customer and an alarm code typed by the engineer."""
    start = InfoRequest.objects.filter(case=case).count()
    for n in range(start, requests):
        request = InfoRequest.objects.create(
            case=case,
            tags=["Q_ps", "alarm"],
            message=f"请读数 {n}",
            requested_by=engineer,
            token_hash=f"{n:064d}",
            expires_at=timezone.now() + timedelta(days=7),
            answered_at=timezone.now() if n % 2 else None,
            answered_by_name="李师傅" if n % 2 else "",
        )
        Reading.objects.create(
            case=case, tag="Q_ps", value=30 + n, taken_at=timezone.now(), info_request=request
        )
        Reading.objects.create(
            case=case, tag="alarm", code=f"E{n:03d}", taken_at=timezone.now(), recorded_by=engineer
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_case_page_runs_the_same_queries_for_2_and_20_requests(
    client, shanghai, case, engineer, coordinator
):
    similar = _closed(shanghai, coordinator, days_ago=5)
    _alarm(similar, "E001")
    url = reverse("service:case_detail", args=[case.pk])
    client.force_login(coordinator)
    _grow(case, engineer, 2)
    client.get(url)
    few = _queries(client, url)
    _grow(case, engineer, 20)
    html = client.get(url).content.decode()
    assert html.count("李师傅") >= 10 and "E019" in html
    assert _queries(client, url) == few
    similar_url = reverse("service:case_similar", args=[case.pk])
    assert similar.number in client.get(similar_url).content.decode()
