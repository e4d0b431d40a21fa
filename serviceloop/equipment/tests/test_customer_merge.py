"""Merging two customers (a customers service) moves the duplicate's units, with history."""

import pytest

from serviceloop.accounts.models import Role
from serviceloop.customers.services import merge_customers
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit


@pytest.mark.django_db
def test_merging_customers_moves_the_duplicates_units_into_their_history(users, shanghai):
    survivor = make_customer(shanghai, "C-0001", "昆山精锻有限公司")
    duplicate = make_customer(shanghai, "C-0002", "昆山精锻有限公司（昆山）")
    unit = make_unit(duplicate, "DUP-1")
    merge = merge_customers(by=users[Role.MANAGER], duplicate=duplicate, survivor=survivor)
    unit.refresh_from_db()
    assert unit.customer == survivor
    assert merge.moved["equipment.unit.customer"] == [unit.pk]
    assert unit.history.count() == 2  # the move is in its history
