"""SLA warnings and escalations through the tasks framework and the real worker's code."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from serviceloop.accounts.models import Notification, Role
from serviceloop.service.models import Case, CaseEvent, SlaAlert
from serviceloop.service.services import sla_alerts
from serviceloop.service.tasks import check_case_clocks
from serviceloop.service.testing import make_case

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def _late_case(shanghai, users, **fields):
    now = timezone.now()
    return make_case(
        shanghai,
        state=Case.State.TRIAGED,
        assignee=users[Role.ENGINEER],
        opened_by=users[Role.COORDINATOR],
        first_response_at=now,
        opened_at=now - timedelta(hours=10),
        restore_due=now - timedelta(minutes=1),
        on_site_due=now + timedelta(hours=1),
        **fields,
    )


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_a_missed_deadline_escalates_to_the_manager_once_through_the_worker(users, shanghai):
    case = _late_case(shanghai, users)
    check_case_clocks.enqueue(case.pk)
    check_case_clocks.enqueue(case.pk)  # a retried or duplicated job
    _run_worker()
    breach = SlaAlert.objects.get(case=case, clock="restore", kind=SlaAlert.Kind.BREACH)
    assert breach
    assert Notification.objects.filter(user=users[Role.MANAGER]).count() == 1
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ESCALATED).count() == 1
    # The on-site clock has used over 75 % of its time: a warning to the assignee, once.
    assert (
        SlaAlert.objects.filter(case=case, clock="on_site", kind=SlaAlert.Kind.WARNING).count() == 1
    )
    assert Notification.objects.filter(user=users[Role.ENGINEER]).count() == 1


def _worker_process() -> subprocess.Popen:
    """A real `db_worker` process on the test database, as production runs it."""
    db = connection.settings_dict
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "test", "ALLOWED_HOSTS": "testserver"}
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = db["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_two_workers_at_once_still_escalate_once(users, shanghai):
    case = _late_case(shanghai, users)
    for _ in range(6):
        check_case_clocks.enqueue(case.pk)
    workers = [_worker_process() for _ in range(2)]
    for worker in workers:
        _out, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors.decode()[-2000:]
    assert SlaAlert.objects.filter(case=case, kind=SlaAlert.Kind.BREACH).count() == 1
    assert Notification.objects.filter(user=users[Role.MANAGER]).count() == 1


def test_a_case_waiting_for_the_customer_is_not_escalated(users, shanghai):
    case = _late_case(shanghai, users)
    Case.objects.filter(pk=case.pk).update(state=Case.State.WAITING_CUSTOMER)
    assert sla_alerts.check_case(case.pk) == []
    assert not SlaAlert.objects.exists()


def test_the_sweep_finds_late_cases_without_a_scheduled_task(users, shanghai):
    _late_case(shanghai, users)
    assert sla_alerts.sweep() >= 1
    assert sla_alerts.sweep() == 0  # nothing twice


def test_the_manager_reads_the_escalation_and_marks_it_read(client, users, shanghai):
    from django.urls import reverse

    case = _late_case(shanghai, users)
    sla_alerts.check_case(case.pk)
    client.force_login(users[Role.MANAGER])
    home = client.get(reverse("core:home"))
    assert home.context["unread_notifications"] == 1
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert case.number in page
    client.post(reverse("accounts:notifications_read"))
    assert client.get(reverse("core:home")).context["unread_notifications"] == 0
