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
