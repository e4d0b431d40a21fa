"""The customer's answer page: readings and photos land typed on the case, once."""

import re
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from serviceloop.accounts.models import Notification
from serviceloop.service.models import Attachment, Case, CaseEvent, InfoRequest, Pause, Reading
from serviceloop.service.services import cases
from serviceloop.service.services import diagnosis as services
from serviceloop.service.testing import make_case

ANSWER = {"name": "李师傅", "taken_at": "2026-03-02T10:15", "r_Q_ps": "31.5", "r_alarm": "E042"}


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (400, 300), "blue")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS of the customer's plant
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


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
