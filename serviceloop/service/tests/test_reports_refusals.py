"""A correction refused on the repair report page comes back typed, with the reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import Addendum, Case, RepairReport
from serviceloop.service.testing import make_case


@pytest.fixture
def signed(shanghai, users):
    case = make_case(
        shanghai,
        state=Case.State.RESOLVED,
        assignee=users[Role.ENGINEER],
        opened_by=users[Role.COORDINATOR],
    )
    return RepairReport.objects.create(
        case=case,
        engineer=users[Role.ENGINEER],
        fault_found="冷却水过滤器堵塞",
        actions="清洗Y型过滤器",
        customer_name="王建华",
        engineer_signed_at=timezone.now(),
        customer_signed_at=timezone.now(),
    )


@pytest.mark.django_db
def test_a_correction_refused_to_who_may_not_write_it_keeps_its_text(client, shanghai, signed):
    account_manager = make_user(Role.ACCOUNT_MANAGER, office=shanghai, language="en")
    signed.case.customer.account_manager = account_manager
    signed.case.customer.save()
    client.force_login(account_manager)
    response = client.post(
        reverse("service:report_addendum", args=[signed.case.pk, signed.pk]),
        with_form_key(text="补充：更换了O型圈"),
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "补充：更换了O型圈</textarea>" in page and "errorlist" in page
    assert not Addendum.objects.exists()


@pytest.mark.django_db
def test_an_empty_correction_is_asked_for_at_its_field(client, users, signed):
    client.force_login(users[Role.COORDINATOR])
    response = client.post(
        reverse("service:report_addendum", args=[signed.case.pk, signed.pk]),
        with_form_key(text="  "),
    )
    assert response.status_code == 200
    assert response.context["signed_reports"][0][0] == signed  # the report page again
    assert "errorlist" in response.content.decode()
    # The page's own report form did not take the refused post for its own.
    assert RepairReport.objects.count() == 1
    assert not Addendum.objects.exists()
