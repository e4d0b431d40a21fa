import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from serviceloop.accounts.models import Notification, Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.service import selectors
from serviceloop.service.models import Attachment, Case, CaseEvent, InfoRequest, Pause, Reading
from serviceloop.service.services import cases
from serviceloop.service.services import diagnosis as services
from serviceloop.service.services.feedback import token_hash
from serviceloop.service.testing import make_case

SITE = "https://service.example.cn/"
ANSWER = {"name": "李师傅", "taken_at": "2026-03-02T10:15", "r_Q_ps": "31.5", "r_alarm": "E042"}


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (400, 300), "blue")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS of the customer's plant
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def engineer(users):
    return users[Role.ENGINEER]


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def case(shanghai, engineer, coordinator):
    """A case the assignee works on from the office; its caller has an e-mail address."""
    customer = make_customer(shanghai, "C-0100")
    caller = make_contact(customer, "王建华", email="wang@example.cn")
    return make_case(
        shanghai,
        customer=customer,
        reporter=caller,
        state=Case.State.REMOTE_DIAGNOSIS,
        assignee=engineer,
        opened_by=coordinator,
    )


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Sends a request the way the form does, running what waits for the commit (the mail)."""

    def send(by, case, **fields):
        case.refresh_from_db()
        fields = {
            "tags": ["Q_ps", "alarm"],
            "wants_photos": True,
            "message": "请拍下触摸屏上的报警画面，并读出电源冷却水流量。",
            "email": "wang@example.cn",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return services.request_information(
                by=by, case=case, version=case.version, site_url=SITE, **fields
            )

    return send


def _section(html: str, testid: str) -> str:
    """The markup of one list or block of the page, by its data-testid."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


# --- Findings ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_findings_are_saved_and_the_version_moves_on(case, engineer):
    seen = case.version
    saved = services.save_findings(
        by=engineer, case=case, version=seen, diagnosis="  冷却水流量低：滤网堵塞  "
    )
    case.refresh_from_db()
    assert case.diagnosis == "冷却水流量低：滤网堵塞"
    assert case.version == saved.version == seen + 1
    assert case.events.filter(kind=CaseEvent.Kind.EDITED, data__fields=["diagnosis"]).exists()


@pytest.mark.django_db
def test_findings_saved_against_an_old_version_are_refused(case, engineer, coordinator):
    seen = case.version
    services.save_findings(by=coordinator, case=case, version=seen, diagnosis="先查水路")
    with pytest.raises(cases.StaleCase):
        services.save_findings(by=engineer, case=case, version=seen, diagnosis="IGBT 过热")
    case.refresh_from_db()
    assert case.diagnosis == "先查水路"


@pytest.mark.django_db
def test_the_findings_page_saves_and_returns_to_the_diagnosis(client, case, engineer):
    client.force_login(engineer)
    response = client.post(
        reverse("service:case_findings", args=[case.pk]),
        {"version": case.version, "diagnosis": "滤网堵塞"},
    )
    assert response.status_code == 302
    assert response.url == reverse("service:case_detail", args=[case.pk]) + "#diagnosis"
    case.refresh_from_db()
    assert case.diagnosis == "滤网堵塞"


@pytest.mark.django_db
def test_a_stale_findings_save_answers_409_with_both_texts(client, case, engineer, coordinator):
    seen = case.version
    services.save_findings(by=coordinator, case=case, version=seen, diagnosis="同事写的：先查水路")
    client.force_login(engineer)
    response = client.post(
        reverse("service:case_findings", args=[case.pk]),
        {"version": seen, "diagnosis": "我写的：IGBT 过热"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "我写的：IGBT 过热" in html
    assert 'data-testid="current-findings"' in html and "同事写的：先查水路" in html
    assert response.context["form"].non_field_errors()
    case.refresh_from_db()
    assert case.diagnosis == "同事写的：先查水路"


# --- Asking the customer ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_assignee_asking_parks_the_case_and_mails_the_link(case, engineer, ask):
    assert case.first_response_at is None
    request, token = ask(engineer, case)
    case.refresh_from_db()
    assert request.tags == ["Q_ps", "alarm"] and request.wants_photos
    assert request.requested_by == engineer and request.answered_at is None
    assert request.token_hash == token_hash(token) and token not in request.token_hash
    assert case.state == Case.State.WAITING_CUSTOMER
    assert case.resume_state == Case.State.REMOTE_DIAGNOSIS
    assert Pause.objects.filter(case=case, ended_at__isnull=True).count() == 1
    assert case.first_response_at is not None
    event = case.events.get(kind=CaseEvent.Kind.REQUEST)
    assert event.actor == engineer and event.data["request"] == request.pk
    (sent,) = mail.outbox
    assert sent.to == ["wang@example.cn"]
    assert case.number in sent.subject
    assert f"{SITE}request/{token}/" in sent.body


@pytest.mark.django_db
def test_asking_keeps_a_first_response_already_given(case, engineer, ask):
    answered_at = timezone.now() - timedelta(hours=3)
    Case.objects.filter(pk=case.pk).update(first_response_at=answered_at)
    ask(engineer, case)
    case.refresh_from_db()
    assert case.first_response_at == answered_at


@pytest.mark.django_db
def test_a_coordinator_asking_sends_the_link_but_the_case_keeps_working(case, coordinator, ask):
    request, token = ask(coordinator, case)
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not Pause.objects.filter(case=case).exists()
    assert case.events.filter(kind=CaseEvent.Kind.REQUEST, actor=coordinator).exists()
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert services.request_for_token(token) == request


@pytest.mark.django_db
def test_the_assignee_may_ask_without_parking_the_case(case, engineer, ask):
    _request, token = ask(engineer, case, wait=False, email="")
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not Pause.objects.filter(case=case).exists()
    assert mail.outbox == []
    assert services.request_for_token(token) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"tags": ["Q_ps", "oil_level"]}, id="unknown reading"),
        pytest.param({"tags": [], "wants_photos": False}, id="nothing asked"),
        pytest.param({"message": "   "}, id="empty message"),
    ],
)
def test_a_request_that_asks_nothing_clear_is_refused(case, engineer, ask, fields):
    with pytest.raises(ValidationError):
        ask(engineer, case, **fields)
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not InfoRequest.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.REQUEST).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_closed_case_takes_no_request(case, engineer, ask):
    Case.objects.filter(pk=case.pk).update(state=Case.State.CLOSED)
    with pytest.raises(ValidationError):
        ask(engineer, case)
    assert not InfoRequest.objects.exists()


# --- The customer's answer page ---------------------------------------------------------


@pytest.mark.django_db
def test_the_answer_page_shows_only_the_readings_asked_for(client, case, engineer, ask):
    _request, token = ask(engineer, case, tags=["Q_ps", "alarm"], wants_photos=True)
    response = client.get(reverse("info_request", args=[token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert set(re.findall(r'name="(r_[^"]+)"', html)) == {"r_Q_ps", "r_alarm"}
    assert 'name="photos"' in html
    assert "请拍下触摸屏上的报警画面" in html

    _request, token = ask(engineer, case, tags=["T_in"], wants_photos=False)
    html = client.get(reverse("info_request", args=[token])).content.decode()
    assert set(re.findall(r'name="(r_[^"]+)"', html)) == {"r_T_in"}
    assert 'name="photos"' not in html


@pytest.mark.django_db
def test_the_answer_lands_typed_on_the_case_and_the_case_works_again(
    client, case, engineer, ask, django_capture_on_commit_callbacks
):
    request, token = ask(engineer, case)
    url = reverse("info_request", args=[token])
    photo = SimpleUploadedFile("IMG_0001.jpg", _photo_with_gps(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**ANSWER, "answer": "水温正常", "photos": photo})
    assert response.status_code == 200
    assert "form" not in response.context  # the thanks page

    readings = {r.tag: r for r in Reading.objects.filter(case=case)}
    assert set(readings) == {"Q_ps", "alarm"}
    assert readings["Q_ps"].value == Decimal("31.5") and readings["alarm"].code == "E042"
    assert all(r.recorded_by is None and r.info_request == request for r in readings.values())

    attachment = Attachment.objects.get(case=case)
    assert attachment.info_request == request and attachment.uploaded_by is None
    with Image.open(attachment.original.open("rb")) as stored:
        assert not stored.getexif()

    request.refresh_from_db()
    assert request.is_answered and request.answered_by_name == "李师傅"
    assert request.answer == "水温正常"
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not Pause.objects.filter(case=case, ended_at__isnull=True).exists()
    assert Pause.objects.filter(case=case, ended_at__isnull=False).count() == 1
    answer = case.events.get(kind=CaseEvent.Kind.ANSWER)
    assert answer.actor is None and answer.data["readings"] == 2 and answer.data["photos"] == 1
    notice = Notification.objects.get(user=engineer)
    assert notice.link == reverse("service:case_detail", args=[case.pk])
    assert case.number in notice.text


@pytest.mark.django_db
def test_the_link_works_once(client, case, engineer, ask):
    _request, token = ask(engineer, case)
    url = reverse("info_request", args=[token])
    assert client.post(url, ANSWER).status_code == 200
    assert client.get(url).status_code == 404
    assert client.post(url, {**ANSWER, "r_Q_ps": "12"}).status_code == 404
    assert Reading.objects.filter(case=case).count() == 2


@pytest.mark.django_db
def test_a_tampered_or_expired_link_opens_nothing(client, case, engineer, ask):
    request, token = ask(engineer, case)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("info_request", args=[tampered])).status_code == 404
    InfoRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    url = reverse("info_request", args=[token])
    assert client.get(url).status_code == 404
    assert client.post(url, ANSWER).status_code == 404
    assert not Reading.objects.exists()


@pytest.mark.django_db
def test_a_link_of_a_cancelled_or_closed_case_opens_nothing(
    client, shanghai, case, engineer, coordinator, ask
):
    _request, waiting_token = ask(engineer, case)
    case.refresh_from_db()
    cases.cancel_case(by=coordinator, case=case, version=case.version, reason="重复报修")
    other = make_case(
        shanghai, state=Case.State.REMOTE_DIAGNOSIS, assignee=engineer, opened_by=coordinator
    )
    _request, closed_token = ask(coordinator, other, email="")
    other.refresh_from_db()
    other = cases.resolve_remotely(
        by=engineer, case=other, version=other.version, resolution="复位后正常"
    )
    cases.close_case(
        by=coordinator, case=other, version=other.version, root_cause="F01", billing="warranty"
    )
    for token in (waiting_token, closed_token):
        url = reverse("info_request", args=[token])
        assert client.get(url).status_code == 404
        assert client.post(url, ANSWER).status_code == 404
    assert not Reading.objects.exists()


@pytest.mark.django_db
def test_an_executable_renamed_jpg_is_refused_and_nothing_is_kept(client, case, engineer, ask):
    request, token = ask(engineer, case)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00 an executable renamed")
    response = client.post(reverse("info_request", args=[token]), {**ANSWER, "photos": fake})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert not Reading.objects.exists() and not Attachment.objects.exists()
    request.refresh_from_db()
    assert not request.is_answered
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_CUSTOMER
    assert services.request_for_token(token) == request


@pytest.mark.django_db
def test_a_refused_second_photo_leaves_no_file_of_the_first_on_disk(
    client, case, engineer, ask, settings
):
    _request, token = ask(engineer, case)
    good = SimpleUploadedFile("a.jpg", _photo_with_gps(), content_type="image/jpeg")
    bad = SimpleUploadedFile("b.jpg", b"MZ\x90\x00\x03\x00 renamed", content_type="image/jpeg")
    response = client.post(reverse("info_request", args=[token]), {**ANSWER, "photos": [good, bad]})
    assert response.status_code == 200 and not Attachment.objects.exists()
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert stored == []


@pytest.mark.django_db
def test_an_answer_without_a_name_shows_the_typed_values_again(client, case, engineer, ask):
    request, token = ask(engineer, case)
    response = client.post(reverse("info_request", args=[token]), {**ANSWER, "name": ""})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    html = response.content.decode()
    assert 'value="31.5"' in html and 'value="E042"' in html
    assert not Reading.objects.exists()
    request.refresh_from_db()
    assert not request.is_answered


@pytest.mark.django_db
def test_an_answer_with_nothing_in_it_is_refused(client, case, engineer, ask):
    request, token = ask(engineer, case)
    response = client.post(
        reverse("info_request", args=[token]), {"name": "李师傅", "taken_at": ANSWER["taken_at"]}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    request.refresh_from_db()
    assert not request.is_answered


@pytest.mark.django_db
def test_more_than_six_photos_are_refused(client, case, engineer, ask):
    request, token = ask(engineer, case)
    photos = [
        SimpleUploadedFile(f"IMG_{n}.jpg", _photo_with_gps(), content_type="image/jpeg")
        for n in range(services.MAX_PHOTOS + 1)
    ]
    response = client.post(reverse("info_request", args=[token]), {**ANSWER, "photos": photos})
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert not Reading.objects.exists() and not Attachment.objects.exists()
    request.refresh_from_db()
    assert not request.is_answered


# --- Outcome of remote diagnosis --------------------------------------------------------


@pytest.mark.django_db
def test_solving_remotely_records_the_outcome(case, engineer):
    moved = cases.resolve_remotely(
        by=engineer, case=case, version=case.version, resolution="清洗滤网后流量恢复"
    )
    case.refresh_from_db()
    assert moved.state == case.state == Case.State.RESOLVED
    assert case.remote_outcome == Case.RemoteOutcome.SOLVED


@pytest.mark.django_db
def test_needing_a_visit_records_the_outcome(case, engineer):
    cases.need_visit(by=engineer, case=case, version=case.version)
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED
    assert case.remote_outcome == Case.RemoteOutcome.VISIT_NEEDED


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

    found = selectors.similar_cases(coordinator, case)
    assert found == [same_alarm, same_model]
    assert found[0].same_alarm and not found[1].same_alarm


@pytest.mark.django_db
def test_similar_cases_without_alarm_readings_match_on_the_model(shanghai, case, coordinator):
    same_model = _closed(shanghai, coordinator, days_ago=3)
    _closed(shanghai, coordinator, days_ago=1, model=make_model("IPS-XF100", name="XF 100 kW"))
    assert selectors.similar_cases(coordinator, case) == [same_model]


# --- The case page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_shows_the_diagnosis_requests_and_similar_cases(
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
    assert similar.number in _section(html, "similar-cases")
    assert 'data-testid="request-link"' not in html


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
    assert html.count("李师傅") >= 10 and "E019" in html and similar.number in html
    assert _queries(client, url) == few


def test_the_warehouse_clerk_neither_writes_findings_nor_asks_the_customer(shanghai, users):
    case = make_case(
        shanghai,
        state=Case.State.WAITING_PARTS,
        resume_state=Case.State.REMOTE_DIAGNOSIS,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
    )
    clerk = users[Role.WAREHOUSE]
    assert not services.may_diagnose(clerk, case)
    with pytest.raises(PermissionDenied):
        services.save_findings(by=clerk, case=case, version=case.version, diagnosis="零件到了")
    case.refresh_from_db()
    assert case.diagnosis == ""
