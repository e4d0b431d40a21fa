import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, Reading
from serviceloop.service.testing import make_case


@pytest.mark.django_db
def test_a_coordinator_opens_a_case_from_a_call(client, users, shanghai):
    customer = make_customer(shanghai, "C-0001", "上汽中博汽车零部件有限公司")
    unit = make_unit(customer, "IH-2024-0100")
    caller = make_contact(customer, "王建华")
    client.force_login(users[Role.COORDINATOR])
    found = client.get(reverse("service:case_open"), {"q": "sqzb"}).content.decode()
    assert "上汽中博" in found
    response = client.post(
        reverse("service:case_open") + f"?customer={customer.pk}",
        {
            **with_form_key(),
            "customer": customer.pk,
            "unit": unit.pk,
            "reporter": caller.pk,
            "channel": "phone",
            "kind": "breakdown",
            "priority": "P1",
            "symptom": "电源冷却水流量低报警，无法加热",
        },
    )
    case = Case.objects.get()
    assert response.url == reverse("service:case_detail", args=[case.pk])
    assert case.number.startswith("SR-") and case.reporter_phone == caller.mobile
    assert case.state == Case.State.NEW and case.events.count() == 1


@pytest.mark.django_db
def test_the_open_case_form_keeps_what_was_typed_on_error(client, users, shanghai):
    customer = make_customer(shanghai)
    client.force_login(users[Role.COORDINATOR])
    response = client.post(
        reverse("service:case_open") + f"?customer={customer.pk}",
        {
            **with_form_key(),
            "customer": customer.pk,
            "channel": "phone",
            "kind": "breakdown",
            "priority": "P9",
            "symptom": "淬火液流量低",
        },
    )
    assert response.status_code == 200
    assert "淬火液流量低" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_second_of_two_coordinators_saving_the_same_version_is_told(client, users, shanghai):
    case = make_case(
        shanghai,
        state=Case.State.TRIAGED,
        assignee=users[Role.ENGINEER],
        opened_by=users[Role.COORDINATOR],
    )
    seen = case.version
    first = reverse("service:case_move", args=[case.pk, "start_remote_diagnosis"])
    client.force_login(users[Role.COORDINATOR])
    client.post(first, {"version": seen})
    second = client.post(
        reverse("service:case_move", args=[case.pk, "cancel"]),
        {"version": seen, "text": "重复报修"},
    )
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    # The case page comes back with the reason typed and why it was not saved.
    page = second.content.decode()
    assert "重复报修</textarea>" in page
    assert "changed this case" in page or "改" in page


@pytest.mark.django_db
def test_readings_are_typed_values_with_their_unit(client, users, shanghai):
    case = make_case(shanghai, assignee=users[Role.ENGINEER], opened_by=users[Role.COORDINATOR])
    client.force_login(users[Role.COORDINATOR])
    client.post(
        reverse("service:case_reading", args=[case.pk]),
        with_form_key(tag="Q_ps", value="28.5", taken_at="2026-11-27T09:30"),
    )
    client.post(
        reverse("service:case_reading", args=[case.pk]),
        with_form_key(tag="alarm", code="E-0412", taken_at="2026-11-27T09:31"),
    )
    client.post(
        reverse("service:case_reading", args=[case.pk]),
        with_form_key(tag="kappa", value="", taken_at="2026-11-27T09:32"),
    )
    assert sorted(Reading.objects.values_list("tag", flat=True)) == ["Q_ps", "alarm"]
    html = client.get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert "L/min" in html and "E-0412" in html


@pytest.mark.django_db
def test_hq_reads_cases_but_changes_none(client, users, shanghai):
    case = make_case(shanghai, opened_by=users[Role.COORDINATOR])
    client.force_login(users[Role.HQ])
    assert client.get(reverse("service:case_detail", args=[case.pk])).status_code == 200
    for url, data in (
        (
            reverse("service:case_move", args=[case.pk, "cancel"]),
            {"version": case.version, "text": "x"},
        ),
        (reverse("service:case_note", args=[case.pk]), {"text": "x"}),
        (reverse("service:case_open"), {}),
    ):
        assert client.post(url, data).status_code == 403
    case.refresh_from_db()
    assert case.state == Case.State.NEW


@pytest.mark.django_db
def test_a_case_of_another_office_answers_404(client, users, beijing):
    case = make_case(beijing, opened_by=users[Role.ADMIN])
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("service:case_detail", args=[case.pk])).status_code == 404
    note = client.post(reverse("service:case_note", args=[case.pk]), with_form_key(text="x"))
    assert note.status_code == 404


def test_readings_are_judged_against_their_normal_window():
    from decimal import Decimal

    from serviceloop.service.models.cases_readings import judge

    assert judge("Q_ps", Decimal("28"))[0] == "alarm"  # below 80 % of 40 L/min
    assert judge("Q_ps", Decimal("35"))[0] == "warning"
    assert judge("kappa", Decimal("150"))[0] == "normal"
    assert judge("alarm", None) is None
