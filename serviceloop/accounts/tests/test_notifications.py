"""Notifications reach the in-app list, e-mail, and a WeCom group robot (a local fake)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from serviceloop.accounts.models import Notification, Role
from serviceloop.accounts.services import notify


class FakeRobot(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        FakeRobot.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode":0,"errmsg":"ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeRobot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeRobot.received = []
    settings.WECOM_WEBHOOK_URL = (
        f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test"
    )
    yield FakeRobot.received
    server.shutdown()


@pytest.mark.django_db
def test_a_notification_goes_in_app_by_e_mail_and_to_the_wecom_robot(
    users, robot, django_capture_on_commit_callbacks
):
    manager = users[Role.MANAGER]
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=manager, text="SR-2026-000001 超时", link="/cases/1/")
    assert Notification.objects.get(user=manager).text == "SR-2026-000001 超时"
    assert mail.outbox[0].to == [manager.email]
    assert "/cases/1/" in mail.outbox[0].body
    (message,) = robot
    assert message["msgtype"] == "text"
    assert "SR-2026-000001" in message["text"]["content"]


@pytest.mark.django_db
def test_a_failing_robot_does_not_stop_the_e_mail(
    users, settings, django_capture_on_commit_callbacks
):
    settings.WECOM_WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=users[Role.MANAGER], text="测试", link="")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_is_sent_for_a_transaction_that_rolled_back(
    users, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user=users[Role.MANAGER], text="不会发送", link="")
        raise RuntimeError("rolled back")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def _bell(client) -> str:
    html = client.get("/").content.decode()
    start = html.index('data-testid="bell"')
    return html[start : html.index("</a>", start)]


@pytest.mark.django_db
def test_the_bell_counts_only_the_users_own_unread_notifications(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager, coordinator = users[Role.MANAGER], users[Role.COORDINATOR]
    client.force_login(manager)
    assert "badge" not in _bell(client)
    for text in ("一", "二"):
        notify(user=manager, text=text)
    notify(user=coordinator, text="三")
    with CaptureQueriesContext(connection) as told:
        assert '<span class="badge count">2</span>' in _bell(client)
    # Counted with the signed-in user: the bell costs no query of its own.
    counting = [q["sql"] for q in told if "accounts_notification" in q["sql"]]
    assert len(counting) == 1 and '"accounts_user"' in counting[0]
    assert client.post("/accounts/notifications/read/").status_code == 302
    assert "badge" not in _bell(client)
