"""The ledger page asked warehouse by warehouse gives exactly the rows of the plain query."""

import random

import pytest

from serviceloop.accounts.models import Role
from serviceloop.parts.models import Condition, StockMovement
from serviceloop.parts.selectors import ledger_for
from serviceloop.parts.selectors.ledger import ledger_page
from serviceloop.parts.services import stock
from serviceloop.parts.testing import make_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world, beijing):
    """Receipts, transfers and scraps mixed over four warehouses, one of another office."""
    elsewhere = make_warehouse(beijing, "bj-main", name="北京备件库")
    rng = random.Random(7)
    in_store = {world.igbt: 0, world.filter: 0}
    for _ in range(60):
        part = rng.choice([world.igbt, world.filter])
        where = rng.choice([world.store, world.van, world.hq, elsewhere])
        quantity = rng.randint(1, 4)
        stock.receive_stock(by=None, part=part, warehouse=where, quantity=quantity)
        in_store[part] += quantity if where == world.store else 0
        if rng.random() < 0.3 and in_store[part]:
            stock.transfer_stock(
                by=world.clerk, part=part, source=world.store, target=world.van, quantity=1
            )
            in_store[part] -= 1
        if rng.random() < 0.2 and in_store[part]:
            stock.scrap_stock(
                by=world.clerk,
                part=part,
                warehouse=world.store,
                quantity=1,
                reason="损坏",
                condition=Condition.GOOD,
            )
            in_store[part] -= 1
    return world, elsewhere


def plain(user, **filters):
    return list(ledger_for(user).filter(**filters).order_by("-pk").values_list("pk", flat=True))


@pytest.mark.parametrize(
    "filters",
    [{}, {"part": "igbt"}, {"kind": StockMovement.Kind.SCRAP}, {"warehouse": "van"}],
    ids=["all", "one part", "one kind", "one warehouse"],
)
def test_pages_walk_the_same_rows_as_the_plain_query_and_never_another_office(busy, filters):
    world, elsewhere = busy
    asked = {
        "part": world.igbt if "part" in filters else None,
        "kind": filters.get("kind", ""),
        "warehouse": world.van if "warehouse" in filters else None,
    }
    expected = plain(
        world.clerk,
        **{key: value for key, value in asked.items() if value not in (None, "")},
    )
    walked, before = [], None
    while True:
        page = ledger_page(world.clerk, before=before, size=7, **asked)
        walked += [row.pk for row in page]
        if len(page) < 7:
            break
        before = page[-1].pk
    assert walked == expected
    assert len(expected) > 7  # more than one page was walked
    assert not StockMovement.objects.filter(pk__in=walked, warehouse=elsewhere).exists()


def test_a_user_seeing_no_warehouse_gets_an_empty_page(busy, users):
    assert ledger_page(users[Role.ACCOUNT_MANAGER]) == []
