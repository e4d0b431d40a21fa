"""The stocking recommendations are computed by the task worker's nightly batch and stored;
the policy page and "take the recommendation" only read what it stored."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.tasks import TaskResultStatus
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.parts import forecast
from serviceloop.parts.models import (
    ModelPart,
    RecommendedPolicy,
    StockingPolicy,
    StockMovement,
    Warehouse,
)
from serviceloop.parts.selectors import policy as policy_selectors
from serviceloop.parts.services import recommendations
from serviceloop.parts.services.policy import apply_recommendations, set_policy
from serviceloop.parts.tasks import NIGHTLY_AT, next_night, refresh_recommendations
from serviceloop.parts.testing import make_part, make_warehouse

pytestmark = pytest.mark.django_db


def _month_start(back: int) -> datetime:
    """Local midnight on the first day of the month `back` months before this one."""
    today = timezone.localdate()
    year, month = today.year, today.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return timezone.make_aware(datetime(year, month, 1))


def _issue(world, part, quantity, at, warehouse=None):
    # Written straight to the ledger: signing a report per issue would test signing, not
    # the forecast's reading of the history.
    StockMovement.objects.create(
        part=part,
        warehouse=warehouse or world.store,
        kind=StockMovement.Kind.ISSUE,
        quantity=-quantity,
        balance_after=0,
        at=at,
        by=world.clerk,
    )


def _policy(world, part, reorder=1, warehouse=None):
    return set_policy(
        by=world.clerk,
        part=part,
        warehouse=warehouse or world.store,
        min_quantity=0,
        reorder_point=reorder,
        max_quantity=reorder + 1,
        target_fill_rate="0.950",
    )


def test_an_issue_counts_in_the_local_month_it_was_made(world):
    # 00:30 on the 1st in Shanghai is still the previous month in UTC.
    _issue(world, world.filter, 2, _month_start(0) + timedelta(minutes=30))
    _issue(world, world.filter, 5, _month_start(0) - timedelta(minutes=30))
    _issue(world, world.filter, 7, _month_start(23) + timedelta(hours=1))
    _issue(world, world.filter, 9, _month_start(24) + timedelta(hours=1))  # 25 months: out

    history = policy_selectors.monthly_issues(world.office)[world.filter.pk]

    assert len(history) == policy_selectors.HISTORY_MONTHS
    assert history[-1] == 2
    assert history[-2] == 5
    assert history[0] == 7
    assert sum(history) == 14


def test_the_batch_stores_what_the_forecast_computes_for_each_part(world):
    _policy(world, world.filter)
    for back, quantity in [(1, 2), (4, 1), (9, 3), (15, 1)]:
        _issue(world, world.filter, quantity, _month_start(back) + timedelta(days=3))

    stored_count = recommendations.refresh()

    computed = policy_selectors.recommendations(world.office, world.store, [world.filter])[0]
    stored = RecommendedPolicy.objects.get(part=world.filter, warehouse=world.store)
    assert stored_count == RecommendedPolicy.objects.count()
    assert stored.history == computed.history
    assert sum(stored.history) == 7
    assert stored.demand_count == 4
    assert stored.result == computed.result
    assert stored.target == pytest.approx(0.95)
    assert stored.lead_time_days == computed.lead_time_days
    # HQ's stock is not the office's to plan.
    assert not RecommendedPolicy.objects.filter(warehouse=world.hq).exists()


def test_a_van_plans_on_its_own_issues_and_the_store_on_the_whole_office(world):
    for place in (world.store, world.van):
        _policy(world, world.filter, warehouse=place)
    for back in (1, 3, 5):
        _issue(world, world.filter, 1, _month_start(back) + timedelta(days=2), world.van)
    for back in (2, 4, 6, 8):
        _issue(world, world.filter, 2, _month_start(back) + timedelta(days=2), world.store)

    recommendations.refresh()

    van = RecommendedPolicy.objects.get(part=world.filter, warehouse=world.van)
    store = RecommendedPolicy.objects.get(part=world.filter, warehouse=world.store)
    assert (van.total_demand, van.demand_count) == (3, 3)
    assert van.rate == pytest.approx(forecast.sba(van.history))
    assert (store.total_demand, store.demand_count) == (3 + 8, 7)
    assert store.history == policy_selectors.monthly_issues(world.office)[world.filter.pk]
    assert store.rate == pytest.approx(forecast.sba(store.history))
    assert store.reorder_point > van.reorder_point


def test_only_the_office_store_falls_back_to_the_installed_base(world):
    customer = make_customer(world.office)
    model = make_model()
    for serial in ("IH-2020-0001", "IH-2020-0002"):
        make_unit(customer, serial, model=model)
    ModelPart.objects.create(equipment_model=model, part=world.filter, quantity=2)
    ModelPart.objects.create(equipment_model=model, part=world.igbt, quantity=1)
    # One filter issued, from the van: the fleet's rate per position, and one demand each
    # for the van and for the whole office.
    _issue(world, world.filter, 1, _month_start(3), world.van)
    found = policy_selectors.inputs(world.office)

    store = policy_selectors.advise(world.filter, world.store, None, found)
    van = policy_selectors.advise(world.filter, world.van, None, found)
    igbt_in_van = policy_selectors.advise(world.igbt, world.van, None, found)

    assert store.fleet_rate and store.result.source == forecast.INSTALLED_BASE
    assert store.result.rate == pytest.approx(store.fleet_rate * 4)
    # One demand of its own: the forecast's answer from that alone, no installed base.
    assert (van.fleet_rate, van.result.source) == (None, forecast.SBA)
    assert van.result.rate == pytest.approx(forecast.sba(van.history))
    # Nothing issued, but a critical part the office's machines use stays on the shelf.
    assert (igbt_in_van.result.rate, igbt_in_van.result.reorder_point) == (0.0, 1)


def test_a_consignment_stock_keeps_critical_parts_of_its_own_customers_machines(world):
    theirs, others = make_customer(world.office), make_customer(world.office, "C-0002")
    used, unused = make_model("IPS-A"), make_model("IPS-B")
    make_unit(theirs, "IH-2021-0001", model=used)
    make_unit(others, "IH-2021-0002", model=unused)
    other_critical = make_part("SP-2002", is_critical=True)
    ModelPart.objects.create(equipment_model=used, part=world.igbt, quantity=1)
    ModelPart.objects.create(equipment_model=unused, part=other_critical, quantity=1)
    place = make_warehouse(
        world.office, "cs-1", Warehouse.Kind.CONSIGNMENT, customer=theirs, name="寄售"
    )
    found = policy_selectors.inputs(world.office)

    kept = policy_selectors.advise(world.igbt, place, None, found)
    not_kept = policy_selectors.advise(other_critical, place, None, found)
    in_store = policy_selectors.advise(other_critical, world.store, None, found)

    assert (kept.positions, kept.result.reorder_point) == (1, 1)
    assert (not_kept.positions, not_kept.result.max_quantity) == (0, 0)
    assert in_store.result.reorder_point == 1


def test_a_repairable_part_gets_its_pool_stored(world):
    _policy(world, world.board)
    _issue(world, world.board, 1, _month_start(2))
    _issue(world, world.board, 1, _month_start(5))

    recommendations.refresh()

    stored = RecommendedPolicy.objects.get(part=world.board, warehouse=world.store)
    pools = policy_selectors.pool_sizes(world.office, [world.board])
    assert stored.pool == pytest.approx(pools[world.board.pk])


def test_a_second_run_replaces_the_first(world):
    _policy(world, world.filter)
    recommendations.refresh()
    _issue(world, world.filter, 30, _month_start(1))

    recommendations.refresh()

    stored = RecommendedPolicy.objects.filter(part=world.filter, warehouse=world.store)
    assert stored.count() == 1
    assert stored.get().total_demand == 30


def test_the_policy_page_shows_the_stored_numbers_and_reads_no_ledger(client, world):
    _policy(world, world.filter)
    _issue(world, world.filter, 2, _month_start(1))
    recommendations.refresh()
    before = RecommendedPolicy.objects.get(part=world.filter, warehouse=world.store)
    # Demand the batch has not seen yet: the page must not recompute.
    for back in range(2, 12):
        _issue(world, world.filter, 4, _month_start(back))
    client.force_login(world.clerk)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("parts:policy_list") + f"?warehouse={world.store.pk}")

    assert response.status_code == 200
    shown = {item.part_id: item for item in response.context["advice"]}
    assert shown[world.filter.pk].total_demand == before.total_demand == 2
    assert shown[world.filter.pk].reorder_point == before.reorder_point
    assert shown[world.filter.pk].policy.reorder_point == 1
    ledger = StockMovement._meta.db_table
    assert not [q["sql"] for q in queries if ledger in q["sql"]]


def test_the_policy_page_says_when_nothing_was_computed_yet(client, world):
    _policy(world, world.filter)
    client.force_login(world.clerk)

    response = client.get(reverse("parts:policy_list") + f"?warehouse={world.store.pk}")

    assert response.context["advice"] == []
    assert response.context["not_computed"] >= 1


def test_taking_the_recommendation_sets_the_stored_numbers(world):
    _policy(world, world.filter, reorder=9)
    for back in range(1, 13):
        _issue(world, world.filter, 1, _month_start(back))
    recommendations.refresh()
    stored = RecommendedPolicy.objects.get(part=world.filter, warehouse=world.store)

    apply_recommendations(by=world.clerk, warehouse=world.store, parts=[world.filter])

    policy = StockingPolicy.objects.get(part=world.filter, warehouse=world.store)
    assert (policy.min_quantity, policy.reorder_point, policy.max_quantity) == (
        stored.min_quantity,
        stored.reorder_point,
        stored.max_quantity,
    )
    assert policy.reorder_point != 9


def test_taking_a_recommendation_not_computed_yet_is_refused(world):
    _policy(world, world.filter)

    with pytest.raises(ValidationError):
        apply_recommendations(by=world.clerk, warehouse=world.store, parts=[world.filter])


def test_the_nightly_task_stores_them_and_plans_the_next_night(world):
    _policy(world, world.filter)

    stored = refresh_recommendations.call(plan_next=True)

    assert stored == RecommendedPolicy.objects.count() > 0
    planned = DBTaskResult.objects.get(
        task_path=refresh_recommendations.module_path, status=TaskResultStatus.READY
    )
    assert planned.run_after == next_night()


def test_the_next_night_is_tonight_before_the_hour_and_tomorrow_after_it():
    day = timezone.localdate()
    before = timezone.make_aware(datetime.combine(day, time(1, 0)))
    after = timezone.make_aware(datetime.combine(day, time(3, 0)))

    assert next_night(before) == timezone.make_aware(datetime.combine(day, NIGHTLY_AT))
    assert next_night(after) == timezone.make_aware(
        datetime.combine(day + timedelta(days=1), NIGHTLY_AT)
    )
