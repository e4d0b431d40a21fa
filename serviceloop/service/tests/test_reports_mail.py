"""A signed report's PDF goes by e-mail to the case's calling contact, in the contact's
language, after the signing commits, through the task worker: once, however often the task
runs, and again only after a mail server's failure (the task plans its next attempt)."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from serviceloop.accounts.models import Role
from serviceloop.core.testing_documents import pdf_text
from serviceloop.service import tasks
from serviceloop.service.models import RepairReport
from serviceloop.service.services import reports as report_services
from serviceloop.service.testing import drawn_signature

from .reports_builders import CUSTOMER, SERIAL, on_site_case, sign, write_report

pytestmark = pytest.mark.django_db


def _signed(office, users, django_capture_on_commit_callbacks, **caller) -> RepairReport:
    engineer = users[Role.ENGINEER]
    report = write_report(on_site_case(office, users, **caller), engineer)
    with django_capture_on_commit_callbacks(execute=True):
        return sign(report, engineer)


def _queued(report: RepairReport):
    return DBTaskResult.objects.filter(
        task_path="serviceloop.service.tasks.mail_signed_report", args_kwargs__args__0=report.pk
    )


def _the_pdf(message) -> bytes:
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith("-repair-report.pdf")
    return content


def test_the_signing_queues_the_mail_and_it_goes_once_however_often_the_task_runs(
    shanghai, users, django_capture_on_commit_callbacks
):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks, language="es")
    assert _queued(report).count() == 1  # queued after the commit, not sent in the request
    assert mail.outbox == []

    assert tasks.mail_signed_report.call(report.pk) is True
    assert tasks.mail_signed_report.call(report.pk) is False  # a repeated or retried job
    [message] = mail.outbox
    assert message.to == ["wang@example.cn"]
    report.refresh_from_db()
    assert report.pdf_sent_at is not None
    context = {"report": report, "case": report.case, "number": f"{report.case.number}-R1"}
    with translation.override("es"):
        subject = render_to_string("service/emails/report_signed_subject.txt", context).strip()
        text = pdf_text(_the_pdf(message))
        assert message.subject == subject
        assert gettext("Product repair report") in text and gettext("Fault found") in text
    assert CUSTOMER in text and SERIAL in text and "SP-1102" in text


def test_a_report_signed_again_is_refused_and_mails_nothing_more(
    shanghai, users, django_capture_on_commit_callbacks
):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks)
    tasks.mail_signed_report.call(report.pk)
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        report_services.sign_report(
            by=users[Role.ENGINEER],
            report=report,
            version=report.version,
            customer_name="王建华",
            signature=drawn_signature(),
            engineer_signature=drawn_signature(),
        )
    assert _queued(report).count() == 1
    assert len(mail.outbox) == 1
    with translation.override("zh-hans"):  # the contact's language (the default one)
        assert gettext("Fault found") in pdf_text(_the_pdf(mail.outbox[0]))


def test_a_failing_mail_server_is_tried_again_later_and_the_pdf_then_goes_once(
    shanghai, users, django_capture_on_commit_callbacks
):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks, language="en")
    down = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    sending = mock.patch("django.core.mail.EmailMessage.send", side_effect=down)
    with sending, pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.mail_signed_report.call(report.pk)
    report.refresh_from_db()
    assert report.pdf_sent_at is None and mail.outbox == []
    retry = _queued(report).get(args_kwargs__args__1=2)  # the second attempt, later
    assert retry.run_after > timezone.now() + timedelta(minutes=1)

    assert tasks.mail_signed_report.call(*retry.args_kwargs["args"]) is True
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.cn"]


def test_the_last_attempt_gives_up_without_planning_another(
    shanghai, users, django_capture_on_commit_callbacks
):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks, email="")
    with (
        mock.patch.object(
            tasks.reports_mail, "mail_signed_report", side_effect=smtplib.SMTPException("down")
        ),
        pytest.raises(smtplib.SMTPException),
    ):
        tasks.mail_signed_report.call(report.pk, tasks.MAIL_ATTEMPTS)
    assert _queued(report).count() == 1  # only the first, from the signing


def test_a_contact_without_an_address_gets_nothing(
    shanghai, users, django_capture_on_commit_callbacks
):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks, email="")
    assert tasks.mail_signed_report.call(report.pk) is False
    report.refresh_from_db()
    assert mail.outbox == [] and report.pdf_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sends_the_mail_once(shanghai, users, django_capture_on_commit_callbacks):
    report = _signed(shanghai, users, django_capture_on_commit_callbacks, language="en")
    tasks.mail_signed_report.enqueue(report.pk)  # a duplicated job
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert len(mail.outbox) == 1
    assert set(_queued(report).values_list("status", flat=True)) == {"SUCCESSFUL"}
