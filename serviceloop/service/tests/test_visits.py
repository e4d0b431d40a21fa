from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer, make_site
from serviceloop.equipment.models import EquipmentModel
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.service.models import Case, EngineerProfile, Skill, Visit
from serviceloop.service.selectors.visits import suggest_engineers
from serviceloop.service.services import visits as services
from serviceloop.service.testing import make_case


@pytest.fixture
def crew(shanghai):
    """Three engineers: an expert far away, an independent one nearby, a busy expert."""
    people = {}
    for name, level, lat, lon in (
        ("far", 3, "39.90", "116.40"),
        ("near", 2, "31.23", "121.47"),
        ("busy", 3, "31.23", "121.47"),
    ):
        user = make_user(Role.ENGINEER, username=name, office=shanghai)
        profile = EngineerProfile.objects.create(user=user, home_latitude=lat, home_longitude=lon)
        Skill.objects.create(
            profile=profile, family=EquipmentModel.Family.CRANKSHAFT_LINE, level=level
        )
        people[name] = user
    return people


@pytest.fixture
def crankshaft_case(shanghai, users):
    customer = make_customer(shanghai)
    site = make_site(customer, latitude="31.30", longitude="121.50")
    unit = make_unit(
        customer,
        model=make_model("CKL-6", family=EquipmentModel.Family.CRANKSHAFT_LINE),
        site=site,
        final_acceptance_date=timezone.localdate() - timedelta(days=90),  # in warranty
    )
    return make_case(
        shanghai,
        state=Case.State.TRIAGED,
        priority="P1",
        customer=customer,
        unit=unit,
        site=site,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
    )


@pytest.mark.django_db
def test_suggestions_rank_by_skill_workload_and_distance_with_reasons(users, crew, crankshaft_case):
    today = timezone.localdate()
    for _ in range(3):
        visit = Visit.objects.create(
            case=crankshaft_case, planned_start=timezone.now(), planned_by=users[Role.COORDINATOR]
        )
        visit.engineers.add(crew["busy"])
    with translation.override("en"):
        ranked = suggest_engineers(crankshaft_case, today)
    names = [s.engineer.username for s in ranked[:3]]
    assert names[0] == "near"  # skilled enough, free, close
    assert names.index("far") > names.index("near")
    assert any("km" in reason for reason in ranked[0].reasons)
    assert any(
        "3" in reason for reason in next(s for s in ranked if s.engineer.username == "busy").reasons
    )


@pytest.mark.django_db
def test_planning_a_visit_schedules_the_case_and_only_its_engineers_check_in(
    users, crew, crankshaft_case
):
    visit = services.plan_visit(
        by=users[Role.COORDINATOR],
        case=crankshaft_case,
        version=crankshaft_case.version,
        planned_start=timezone.now() + timedelta(hours=2),
        engineers=[crew["near"], crew["far"]],
    )
    crankshaft_case.refresh_from_db()
    assert crankshaft_case.state == Case.State.VISIT_SCHEDULED
    with pytest.raises(PermissionDenied):
        services.check_in(by=crew["busy"], visit=visit)
    visit = services.check_in(by=crew["far"], visit=visit, travel_minutes=95)
    crankshaft_case.refresh_from_db()
    assert crankshaft_case.state == Case.State.ON_SITE and crankshaft_case.on_site_at
    assert visit.travel_minutes == 95
    visit = services.check_out(by=crew["far"], visit=visit)
    assert visit.state == Visit.State.DONE and visit.left_at


@pytest.mark.django_db
def test_an_engineer_cannot_dispatch(users, crew, crankshaft_case):
    with pytest.raises(PermissionDenied):
        services.plan_visit(
            by=crew["near"],
            case=crankshaft_case,
            version=crankshaft_case.version,
            planned_start=timezone.now(),
            engineers=[crew["near"]],
        )


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 40])
def test_dispatch_board_and_my_day_run_a_constant_number_of_queries(
    client, users, crew, crankshaft_case, rows, django_assert_num_queries
):
    for n in range(rows):
        visit = Visit.objects.create(
            case=crankshaft_case, planned_start=timezone.now(), planned_by=users[Role.COORDINATOR]
        )
        visit.engineers.add(crew["near"], crew["far"])
    client.force_login(users[Role.COORDINATOR])
    with django_assert_num_queries(4):
        assert client.get(reverse("service:dispatch_board")).status_code == 200
    client.force_login(crew["near"])
    with django_assert_num_queries(3):
        response = client.get(reverse("service:my_day"))
    assert response.status_code == 200
    assert len(response.context["visits"]) == rows


@pytest.mark.django_db
def test_my_day_on_a_phone_checks_in(client, users, crew, crankshaft_case):
    visit = services.plan_visit(
        by=users[Role.COORDINATOR],
        case=crankshaft_case,
        version=crankshaft_case.version,
        planned_start=timezone.now(),
        engineers=[crew["near"]],
    )
    client.force_login(crew["near"])
    assert crankshaft_case.unit.serial in client.get(reverse("service:my_day")).content.decode()
    client.post(reverse("service:visit_check_in", args=[visit.pk]), {"travel_minutes": "30"})
    visit.refresh_from_db()
    assert visit.state == Visit.State.ON_SITE


@pytest.mark.django_db
def test_the_case_page_suggests_engineers_and_plans_the_visit(client, users, crew, crankshaft_case):
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("service:case_detail", args=[crankshaft_case.pk]))
    # With no visits yet, the nearby expert comes first and the far one last.
    assert [s.engineer.username for s in page.context["suggestions"]] == ["busy", "near", "far"]
    client.post(
        reverse("service:case_plan_visit", args=[crankshaft_case.pk]),
        {
            **with_form_key(),
            "version": crankshaft_case.version,
            "engineers": [crew["near"].pk],
            "planned_start": "2026-11-30T09:00",
        },
    )
    visit = Visit.objects.get()
    assert list(visit.engineers.all()) == [crew["near"]]
    crankshaft_case.refresh_from_db()
    assert crankshaft_case.state == Case.State.VISIT_SCHEDULED
