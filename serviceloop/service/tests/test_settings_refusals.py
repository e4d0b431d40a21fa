"""The manager's settings forms: a refused entry comes back as typed, with the reason, and
nothing of it is saved (no "saved" for what was dropped)."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import CalendarDay, Certification, EngineerProfile

TOO_LONG = "高压电工作业操作证" * 12  # 108 characters; a certificate's name takes 100


@pytest.fixture
def manager(users):
    user = users[Role.MANAGER]
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.mark.django_db
def test_a_calendar_day_that_does_not_exist_is_shown_back_with_the_reason(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("service:calendar_days"),
        with_form_key(day="2026-02-30", kind="working_day", note="春节调休"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-02-30"' in page and 'value="春节调休"' in page
    assert '<option value="working_day" selected>' in page
    assert "Enter a valid date." in page
    assert not CalendarDay.objects.exists()


def _profile_with(certificate: dict) -> dict:
    return with_form_key(
        {"home_base": "上海闵行", "languages": "中文", "skill_power_supply": "2"}, **certificate
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("certificate", "reason"),
    [
        ({"cert-name": TOO_LONG, "cert-expires_on": "2027-06-30"}, "at most 100 characters"),
        ({"cert-name": "高压电工证", "cert-expires_on": "2027-13-01"}, "Enter a valid date."),
        ({"cert-expires_on": "2027-06-30"}, "This field is required."),
    ],
)
def test_a_refused_certificate_is_shown_back_and_nothing_is_saved(
    client, users, manager, certificate, reason
):
    engineer = users[Role.ENGINEER]
    client.force_login(manager)
    response = client.post(
        reverse("service:engineer_edit", args=[engineer.pk]), _profile_with(certificate)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert reason in page
    for value in certificate.values():
        assert f'value="{value}"' in page
    assert 'value="上海闵行"' in page
    assert not Certification.objects.exists()
    assert not EngineerProfile.objects.filter(user=engineer).exists()


@pytest.mark.django_db
def test_a_profile_without_a_certificate_saves_without_asking_for_one(client, users, manager):
    engineer = users[Role.ENGINEER]
    client.force_login(manager)
    response = client.post(
        reverse("service:engineer_edit", args=[engineer.pk]),
        _profile_with({"cert-name": "", "cert-expires_on": ""}),
    )
    assert response.status_code == 302
    assert EngineerProfile.objects.get(user=engineer).home_base == "上海闵行"
    assert not Certification.objects.exists()
