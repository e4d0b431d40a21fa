from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user


@pytest.mark.django_db
def test_language_switch_is_remembered_on_the_user(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:set_language"),
        {"language": "es", "next": reverse("accounts:preferences")},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:preferences")
    manager.refresh_from_db()
    assert manager.language == "es"
    # A fresh browser (no cookie) still gets Spanish once signed in.
    client.cookies.clear()
    client.force_login(manager)
    assert client.get(reverse("core:home"))["Content-Language"] == "es"


@pytest.mark.django_db
def test_language_switch_refuses_to_redirect_off_site(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.url == reverse("core:home")


@pytest.mark.django_db
def test_same_instant_shows_seven_hours_apart_in_shanghai_and_madrid_in_november(
    client, shanghai, spain_hq
):
    instant = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    shown = {}
    for office in (shanghai, spain_hq):
        user = make_user(
            Role.ENGINEER, username=f"u-{office.code}", office=office, language="zh-hans"
        )
        user.date_joined = instant
        user.save()
        client.force_login(user)
        html = client.get(reverse("accounts:preferences")).content.decode()
        marker = html.split('data-testid="date-joined"><time datetime="')[1]
        shown[office.code] = (datetime.fromisoformat(marker.split('"')[0]), marker.split(">")[1])
    shanghai_time, shanghai_text = shown["shanghai"]
    madrid_time, madrid_text = shown["spain-hq"]
    assert shanghai_time == madrid_time  # the same instant...
    assert shanghai_time.utcoffset() - madrid_time.utcoffset() == timedelta(hours=7)
    assert "17:00" in shanghai_text  # ...shown on each wall clock
    assert "10:00" in madrid_text


@pytest.mark.django_db
def test_summer_time_brings_madrid_to_six_hours_behind_shanghai(client, shanghai, spain_hq):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    instant = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    shanghai_offset = timezone.localtime(instant, ZoneInfo(shanghai.time_zone)).utcoffset()
    madrid_offset = timezone.localtime(instant, ZoneInfo(spain_hq.time_zone)).utcoffset()
    assert shanghai_offset - madrid_offset == timedelta(hours=6)


@pytest.mark.django_db
def test_hq_may_change_its_own_preferences(client, users):
    hq = users[Role.HQ]
    client.force_login(hq)
    response = client.post(
        reverse("accounts:preferences"), {"language": "en", "time_zone": "Europe/Madrid"}
    )
    assert response.status_code == 302
    hq.refresh_from_db()
    assert hq.language == "en"


@pytest.mark.django_db
def test_dates_and_numbers_follow_the_language(client, manager):
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load serviceloop %}{{ value|number:2 }}")
    with translation.override("es"):
        assert (
            template.render(Context({"value": 12345.5})) == "12\xa0345,50"
        )  # CLDR: a no-break space
    with translation.override("en"):
        assert template.render(Context({"value": 12345.5})) == "12,345.50"
    with translation.override("zh-hans"):
        assert template.render(Context({"value": 12345.5})) == "12,345.50"
