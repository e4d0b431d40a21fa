import pytest
from django.test import Client
from django.urls import reverse

from serviceloop.accounts.models import Role


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_404_page_is_in_the_users_language(client, users):
    client.force_login(users[Role.ENGINEER])  # zh-hans
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    client.force_login(users[Role.HQ])  # es
    assert "Página no encontrada" in client.get("/no-such-page/").content.decode()


@pytest.mark.django_db
def test_403_page_is_friendly_and_translated(client, users):
    client.force_login(users[Role.ENGINEER])
    response = client.get(reverse("accounts:staff_list"))
    assert response.status_code == 403
    assert "无权" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.project.crash_urls")
def test_500_page_is_in_the_users_language_and_leaks_nothing(users):
    browser = Client(raise_request_exception=False)
    browser.force_login(users[Role.HQ])  # es
    response = browser.get("/crash/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Se ha producido un error" in html
    assert 'lang="es"' in html
    assert "RuntimeError" not in html and "a bug" not in html


@pytest.mark.django_db
def test_csrf_failure_gets_the_friendly_page_and_is_logged(users, caplog):
    import logging

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(users[Role.MANAGER])
    with caplog.at_level(logging.INFO, logger="serviceloop.security"):
        response = csrf_client.post(reverse("accounts:preferences"), {"language": "en"})
    assert response.status_code == 403
    assert "此表单已过期" in response.content.decode()
    (event,) = [r for r in caplog.records if r.getMessage() == "csrf_refused"]
    assert event.username == "manager"
    assert not any("session" in key or "csrf" in key for key in vars(event) if key != "msg")


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(client, users):
    client.force_login(users[Role.MANAGER])
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles_and_no_cdn(client, users):
    import re

    for role in (Role.MANAGER, Role.CUSTOMER):
        client.force_login(users[role])
        html = client.get(reverse("core:home"), follow=True).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"(src|href)=\"https?://", html)


@pytest.mark.django_db
def test_customer_user_lands_on_the_portal(client, users):
    client.force_login(users[Role.CUSTOMER])
    response = client.get(reverse("core:home"))
    assert response.url == reverse("portal:home")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.HQ, Role.ENGINEER, Role.CUSTOMER])
def test_django_admin_is_for_administrators_only(client, users, role):
    client.force_login(users[role])
    assert client.get("/admin/").status_code == 403
    client.force_login(users[Role.ADMIN])
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_refused_access_is_logged_as_a_security_event(client, users, caplog):
    import logging

    engineer = users[Role.ENGINEER]
    client.force_login(engineer)
    with caplog.at_level(logging.INFO, logger="serviceloop.security"):
        client.get(reverse("accounts:staff_list"), REMOTE_ADDR="10.8.8.8")
    (event,) = [r for r in caplog.records if r.getMessage() == "access_refused"]
    assert event.username == engineer.username
    assert event.role == Role.ENGINEER
    assert event.path == reverse("accounts:staff_list")
    assert event.ip == "10.8.8.8"
