from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case
from serviceloop.service.testing import make_case


@pytest.mark.django_db
def test_the_unit_and_customer_records_show_cases_and_hours_of_stopped_line(
    client, users, shanghai
):
    down = timezone.now() - timedelta(hours=30)
    case = make_case(
        shanghai,
        priority="P1",
        state=Case.State.CLOSED,
        opened_by=users[Role.COORDINATOR],
        line_down_at=down,
        line_up_at=down + timedelta(hours=6, minutes=30),
    )
    client.force_login(users[Role.ENGINEER])
    for url in (
        reverse("records:unit_record", args=[case.unit_id]),
        reverse("records:customer_record", args=[case.customer_id]),
    ):
        response = client.get(url)
        assert case.number in response.content.decode()
        assert response.context["downtime"] == 6.5
