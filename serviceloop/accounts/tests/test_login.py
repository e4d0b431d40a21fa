import json
import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from serviceloop.accounts.testing import PASSWORD

LOGIN = "accounts:login"


def _login(client, username, password, ip="10.1.1.1"):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_signs_in_and_lands_on_the_start_page(client, manager):
    response = _login(client, "manager", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")


@pytest.mark.django_db
def test_rotates_the_session_key_at_sign_in(client, manager):
    client.get(reverse(LOGIN))
    client.session.save()
    before = client.session.session_key
    _login(client, "manager", PASSWORD)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_that_address(client, manager):
    for _ in range(4):
        assert _login(client, "manager", "wrong").status_code == 200
    locked = _login(client, "manager", "wrong")
    assert locked.status_code == 429
    # The right password does not help from the locked address...
    assert _login(client, "manager", PASSWORD).status_code == 429
    # ...but the same person signs in from another address (another plant, home).
    assert _login(client, "manager", PASSWORD, ip="10.2.2.2").status_code == 302


@pytest.mark.django_db
def test_lockout_of_one_user_leaves_colleagues_behind_the_same_nat_alone(client, users):
    for _ in range(5):
        _login(client, "engineer", "wrong", ip="10.9.9.9")
    assert _login(client, "engineer", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _login(client, "coordinator", PASSWORD, ip="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_deactivated_account_cannot_sign_in(client, manager):
    manager.is_active = False
    manager.save()
    response = _login(client, "manager", PASSWORD)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(client, manager):
    client.force_login(manager)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_security_events_are_json_lines_without_the_password(client, manager, caplog):
    with caplog.at_level(logging.INFO, logger="serviceloop.security"):
        for _ in range(5):
            _login(client, "manager", "s3cret-typo")
        _login(client, "manager", PASSWORD, ip="10.3.3.3")
    events = [r for r in caplog.records if r.name == "serviceloop.security"]
    kinds = [r.getMessage() for r in events]
    assert kinds.count("login_failed") >= 4
    assert "lockout" in kinds
    assert "login" in kinds
    from serviceloop.core.logging import JsonFormatter

    lines = [JsonFormatter().format(r) for r in events]
    assert all("s3cret-typo" not in line and PASSWORD not in line for line in lines)
    first = json.loads(lines[0])
    assert first["event"] == "login_failed"
    assert first["username"] == "manager"
    assert first["ip"] == "10.1.1.1"


@pytest.mark.django_db
def test_admin_sign_in_is_throttled_too(client, users):
    for _ in range(5):
        client.post(
            "/admin/login/", {"username": "admin", "password": "wrong"}, REMOTE_ADDR="10.4.4.4"
        )
    response = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 429


@pytest.mark.django_db
@override_settings(SITE_URL="https://service.example.cn")
def test_a_password_reset_link_lifts_the_lockout(client, manager):
    import re

    from django.core import mail

    for _ in range(5):
        _login(client, "manager", "wrong")
    assert _login(client, "manager", PASSWORD).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": manager.email})
    site = re.escape("https://service.example.cn")
    link = re.search(site + r"(/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Induction-coil-77", "new_password2": "Induction-coil-77"},
    )
    assert _login(client, "manager", "Induction-coil-77").status_code == 302


@pytest.mark.django_db
def test_sign_in_ignores_a_next_address_on_another_site(client, manager):
    response = client.post(
        reverse(LOGIN) + "?next=https://evil.example/",
        {"username": "manager", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")


@pytest.mark.django_db
def test_unknown_usernames_are_logged_as_a_fingerprint_only(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="serviceloop.security"):
        _login(client, "MyS3cretPassw0rd", "whatever")
    (event,) = [r for r in caplog.records if r.getMessage() == "login_failed"]
    assert not hasattr(event, "username")
    assert "MyS3cretPassw0rd" not in json.dumps(event.__dict__, default=str)
    assert len(event.unknown_username_sha256) == 12
