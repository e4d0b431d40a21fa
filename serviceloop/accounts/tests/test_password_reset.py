import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from serviceloop.accounts.models import Role

SITE = re.escape("https://service.example.cn")


@pytest.mark.django_db
@override_settings(SITE_URL="https://service.example.cn")
def test_forgotten_password_link_sets_a_new_password(client, users):
    engineer = users[Role.ENGINEER]
    client.post(reverse("accounts:password_reset"), {"email": engineer.email})
    assert len(mail.outbox) == 1
    link = re.search(SITE + r"(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Hardening-line-42", "new_password2": "Hardening-line-42"},
    )
    engineer.refresh_from_db()
    assert engineer.check_password("Hardening-line-42")
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


@pytest.mark.django_db
def test_unknown_address_gets_the_same_answer_and_no_mail(client, users):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_reset_mail_is_written_in_the_account_holders_language(client, users):
    hq = users[Role.HQ]  # Spanish
    client.post(reverse("accounts:password_reset"), {"email": hq.email}, HTTP_ACCEPT_LANGUAGE="en")
    assert "contraseña" in mail.outbox[0].subject.lower() or "contraseña" in mail.outbox[0].body


@pytest.mark.django_db
def test_password_change_needs_the_old_password(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "New-pass-2026",
            "new_password2": "New-pass-2026",
        },
    )
    assert response.status_code == 200
    manager.refresh_from_db()
    assert not manager.check_password("New-pass-2026")


@pytest.mark.django_db
@override_settings(SITE_URL="https://service.example.cn", ALLOWED_HOSTS=["*"])
def test_the_reset_link_starts_with_the_site_address_whatever_host_the_request_claims(
    client, users
):
    engineer = users[Role.ENGINEER]
    client.post(
        reverse("accounts:password_reset"), {"email": engineer.email}, HTTP_HOST="evil.example"
    )
    assert "evil.example" not in mail.outbox[0].body
    assert "https://service.example.cn/accounts/password/reset/" in mail.outbox[0].body
