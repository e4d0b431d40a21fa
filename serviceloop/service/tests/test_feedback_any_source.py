"""Complaints opened by staff from a call, an e-mail or a visit; time to close; the open
complaints on the manager's home."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Notification, Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Complaint
from serviceloop.service.services.feedback_complaints import open_complaint
from serviceloop.service.templatetags.cases import span
from serviceloop.service.testing import make_case


@pytest.fixture
def customer(shanghai, users):
    return make_customer(shanghai, account_manager=users[Role.ACCOUNT_MANAGER])


def _form(customer, **fields):
    data = {
        "customer": customer.pk,
        "case_number": "",
        "source": Complaint.Source.PHONE,
        "severity": Complaint.Severity.HIGH,
        "description": "电话投诉：工程师迟到",
        "owner": "",
    }
    data.update(fields)
    return with_form_key(data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.ACCOUNT_MANAGER])
def test_staff_open_a_complaint_heard_on_a_call_and_the_manager_owns_it(
    client, users, customer, role
):
    client.force_login(users[role])
    response = client.post(reverse("service:complaint_create"), _form(customer))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("service:complaint_detail", args=[complaint.pk])
    assert (complaint.customer, complaint.source, complaint.severity) == (
        customer,
        Complaint.Source.PHONE,
        Complaint.Severity.HIGH,
    )
    assert complaint.owner == users[Role.MANAGER]
    assert complaint.state == Complaint.State.OPEN and complaint.feedback is None
    # The owner hears of it, unless the owner opened it.
    told = Notification.objects.filter(user=users[Role.MANAGER]).count()
    assert told == (0 if role == Role.MANAGER else 1)


@pytest.mark.django_db
def test_a_complaint_names_a_case_of_its_customer_and_an_owner_of_the_office(
    client, shanghai, users, customer
):
    case = make_case(shanghai, customer=customer, opened_by=users[Role.COORDINATOR])
    client.force_login(users[Role.COORDINATOR])
    data = _form(
        customer,
        case_number=case.number.lower(),
        source=Complaint.Source.VISIT,
        owner=users[Role.ACCOUNT_MANAGER].pk,
    )
    client.post(reverse("service:complaint_create"), data)
    complaint = Complaint.objects.get()
    assert (complaint.case, complaint.owner) == (case, users[Role.ACCOUNT_MANAGER])


@pytest.mark.django_db
def test_a_case_of_another_customer_is_refused_and_the_form_comes_back_as_typed(
    client, shanghai, users, customer
):
    other = make_case(
        shanghai, customer=make_customer(shanghai, "C-0009"), opened_by=users[Role.COORDINATOR]
    )
    client.force_login(users[Role.COORDINATOR])
    response = client.post(
        reverse("service:complaint_create"), _form(customer, case_number=other.number)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["case_number"]
    assert "电话投诉：工程师迟到" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_the_form_sent_twice_opens_one_complaint(client, users, customer):
    client.force_login(users[Role.COORDINATOR])
    data = _form(customer)
    first = client.post(reverse("service:complaint_create"), data)
    second = client.post(reverse("service:complaint_create"), data)
    assert Complaint.objects.count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_an_account_manager_opens_complaints_only_for_its_own_customers(shanghai, users, customer):
    someone_elses = make_customer(shanghai, "C-0002")
    manager = users[Role.ACCOUNT_MANAGER]
    open_complaint(by=manager, customer=customer, source="email", description="邮件投诉")
    with pytest.raises(PermissionDenied):
        open_complaint(by=manager, customer=someone_elses, source="email", description="x")


@pytest.mark.django_db
def test_nobody_opens_a_complaint_for_another_offices_customer(beijing, users):
    elsewhere = make_customer(beijing, "C-BJ")
    with pytest.raises(PermissionDenied):
        open_complaint(by=users[Role.MANAGER], customer=elsewhere, source="phone", description="x")


@pytest.mark.django_db
def test_an_owner_from_another_office_is_refused(beijing, users, customer):
    stranger = make_user(Role.MANAGER, username="bj-manager", office=beijing)
    with pytest.raises(ValidationError) as refused:
        open_complaint(
            by=users[Role.MANAGER],
            customer=customer,
            source="phone",
            description="x",
            owner=stranger,
        )
    assert "owner" in refused.value.error_dict


@pytest.mark.django_db
def test_time_to_close_is_closing_minus_opening_and_shown_on_list_and_page(client, users, customer):
    complaint = open_complaint(
        by=users[Role.MANAGER], customer=customer, source="phone", description="x"
    )
    opened = timezone.now() - timedelta(days=3, hours=5)
    Complaint.objects.filter(pk=complaint.pk).update(
        opened_at=opened, closed_at=opened + timedelta(days=2, hours=4), state="closed"
    )
    complaint.refresh_from_db()
    assert complaint.time_to_close == timedelta(days=2, hours=4)
    shown = span(complaint.time_to_close)
    client.force_login(users[Role.MANAGER])
    listed = client.get(reverse("service:complaint_list")).content.decode()
    page = client.get(reverse("service:complaint_detail", args=[complaint.pk])).content.decode()
    assert shown in listed and shown in page
    assert span(None) == "—"


@pytest.mark.django_db
def test_an_open_complaint_has_no_time_to_close(users, customer):
    complaint = open_complaint(
        by=users[Role.MANAGER], customer=customer, source="phone", description="x"
    )
    assert complaint.time_to_close is None


@pytest.mark.django_db
def test_the_managers_home_lists_the_open_complaints_not_the_closed(client, users, customer):
    still_open = open_complaint(
        by=users[Role.MANAGER], customer=customer, source="phone", description="还没处理"
    )
    closed = open_complaint(
        by=users[Role.MANAGER], customer=customer, source="email", description="已经关闭"
    )
    Complaint.objects.filter(pk=closed.pk).update(state="closed", closed_at=timezone.now())
    client.force_login(users[Role.MANAGER])
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert 'data-testid="home-complaints"' in html
    assert reverse("service:complaint_detail", args=[still_open.pk]) in html
    assert reverse("service:complaint_detail", args=[closed.pk]) not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ENGINEER, Role.WAREHOUSE])
def test_who_reads_no_complaints_sees_none_on_the_home(client, users, customer, role):
    open_complaint(by=users[Role.MANAGER], customer=customer, source="phone", description="x")
    client.force_login(users[role])
    assert 'data-testid="home-complaints"' not in client.get(reverse("core:home")).content.decode()
