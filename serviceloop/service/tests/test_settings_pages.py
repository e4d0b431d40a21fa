from datetime import date

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import CalendarDay, EngineerProfile


@pytest.mark.django_db
def test_the_manager_enters_a_make_up_working_day(client, users):
    client.force_login(users[Role.MANAGER])
    client.post(
        reverse("service:calendar_days"),
        {"day": "2026-10-10", "kind": "working_day", "note": "国庆调休"},
    )
    entry = CalendarDay.objects.get()
    assert entry.day == date(2026, 10, 10) and entry.office == users[Role.MANAGER].office
    client.force_login(users[Role.HQ])
    assert client.get(reverse("service:calendar_days")).status_code == 200
    assert client.post(reverse("service:calendar_day_remove", args=[entry.pk])).status_code == 403
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("service:calendar_days")).status_code == 403


@pytest.mark.django_db
def test_the_manager_keeps_an_engineers_skills_and_certifications(client, users):
    engineer = users[Role.ENGINEER]
    client.force_login(users[Role.MANAGER])
    client.post(
        reverse("service:engineer_edit", args=[engineer.pk]),
        {
            **with_form_key(),
            "home_base": "上海闵行",
            "languages": "中文, English",
            "skill_crankshaft_line": "3",
            "skill_power_supply": "2",
            "cert-name": "高压电工证",
            "cert-expires_on": "2027-06-30",
        },
    )
    profile = EngineerProfile.objects.get(user=engineer)
    assert {s.family: s.level for s in profile.skills.all()} == {
        "crankshaft_line": 3,
        "power_supply": 2,
    }
    assert profile.certifications.get().name == "高压电工证"
