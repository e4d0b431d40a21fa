"""The complaint form, saved through its page by the service manager."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Complaint
from serviceloop.service.testing import make_case


@pytest.fixture
def complaint(shanghai, users):
    customer = make_customer(shanghai)
    case = make_case(shanghai, customer=customer, opened_by=users[Role.COORDINATOR])
    return Complaint.objects.create(
        customer=customer,
        case=case,
        source=Complaint.Source.PHONE,
        description="工程师迟到两小时",
        owner=users[Role.MANAGER],
    )


def _sign_in(client, user):
    # Pages in English, so the test reads the messages as written in the code.
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


def _save(client, complaint, **fields):
    data = {"state": "open", "severity": "medium", "root_cause": "", "corrective_action": ""}
    data.update(fields)
    return client.post(reverse("service:complaint_detail", args=[complaint.pk]), data)


@pytest.mark.django_db
def test_the_manager_works_a_complaint_to_closure_through_its_form(client, users, complaint):
    _sign_in(client, users[Role.MANAGER])
    url = reverse("service:complaint_detail", args=[complaint.pk])

    response = _save(client, complaint, state="investigating", severity="high")
    assert response.status_code == 302 and response["Location"] == url
    complaint.refresh_from_db()
    assert (complaint.state, complaint.severity) == ("investigating", "high")

    _save(
        client,
        complaint,
        state="action_taken",
        severity="high",
        root_cause="派工延误：夜班无人值守",
        corrective_action="P1 工单当天派工，夜班设值班工程师",
    )
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.ACTION_TAKEN
    assert complaint.closed_at is None

    response = _save(
        client,
        complaint,
        state="closed",
        severity="high",
        root_cause="派工延误：夜班无人值守",
        corrective_action="P1 工单当天派工，夜班设值班工程师",
        customer_confirmed="on",
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.CLOSED
    assert complaint.customer_confirmed
    assert complaint.root_cause == "派工延误：夜班无人值守"
    assert complaint.closed_at is not None
    assert "The complaint was saved." in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_close_without_the_customers_word_is_refused_and_shows_what_was_typed(
    client, users, complaint
):
    _sign_in(client, users[Role.MANAGER])
    response = _save(
        client,
        complaint,
        state="closed",
        severity="low",
        root_cause="备件缺货导致延误",
        corrective_action="",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "备件缺货导致延误" in page
    assert "Write the corrective action before closing the complaint." in page
    assert "Close the complaint once the customer has confirmed the solution." in page
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.OPEN
    assert complaint.severity == Complaint.Severity.MEDIUM
    assert complaint.root_cause == "" and complaint.closed_at is None


@pytest.mark.django_db
def test_reopening_a_closed_complaint_clears_its_closing_time(client, users, complaint):
    _sign_in(client, users[Role.MANAGER])
    closing = {
        "severity": "medium",
        "root_cause": "沟通不足",
        "corrective_action": "每日回访",
        "customer_confirmed": "on",
    }
    _save(client, complaint, state="closed", **closing)
    complaint.refresh_from_db()
    closed_at = complaint.closed_at
    _save(client, complaint, state="closed", **closing)
    complaint.refresh_from_db()
    assert complaint.closed_at == closed_at  # saving again keeps the time it was closed
    _save(client, complaint, state="investigating", **closing)
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.INVESTIGATING and complaint.closed_at is None


@pytest.mark.django_db
def test_the_coordinator_reads_the_complaint_but_cannot_save_it(client, users, complaint):
    _sign_in(client, users[Role.COORDINATOR])
    response = _save(client, complaint, state="investigating")
    assert response.status_code == 200
    assert "Complaints are handled by the service manager." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.OPEN
