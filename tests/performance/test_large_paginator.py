"""LargePaginator: the same pages as Django's Paginator, counting exactly only up to its
limit on PostgreSQL (beyond it, the planner's estimate, said as "about")."""

import pytest
from django.core.paginator import Paginator
from django.db import connection

from serviceloop.core import paging
from serviceloop.core.paging import LargePaginator
from serviceloop.customers.models import Customer
from serviceloop.customers.testing import make_customer


@pytest.fixture
def customers(shanghai):
    for n in range(23):
        make_customer(shanghai, f"C-{n % 7:04d}-{n:02d}")
    return Customer.objects.order_by("code", "pk")


@pytest.mark.django_db
def test_every_page_holds_the_rows_djangos_paginator_gives(customers):
    ours, theirs = LargePaginator(customers, 5), Paginator(customers, 5)
    assert (ours.count, ours.num_pages, ours.estimated) == (23, 5, False)
    for number in theirs.page_range:
        assert list(ours.page(number)) == list(theirs.page(number))


@pytest.mark.django_db
def test_beyond_its_limit_postgresql_estimates_and_sqlite_counts(customers, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_UP_TO", 10)
    pages = LargePaginator(customers, 5)
    if connection.vendor == "postgresql":
        assert pages.count >= 11 and pages.estimated
    else:
        assert (pages.count, pages.estimated) == (23, False)


@pytest.mark.django_db
def test_a_page_past_the_end_is_the_last_page_as_django_gives_it(customers):
    assert list(LargePaginator(customers, 5).get_page(99)) == list(customers[20:])


@pytest.mark.django_db
def test_a_page_past_the_exact_count_is_read_by_its_ids_with_the_same_rows(customers, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_UP_TO", 4)
    # PostgreSQL's estimate of a table it never analysed is a guess: the true count here.
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: customers.count())
    ours, theirs = LargePaginator(customers, 5), Paginator(customers, 5)
    for number in theirs.page_range:
        assert list(ours.page(number)) == list(theirs.page(number))


class Row:
    def __init__(self, values):
        self.pk, self.code = values


@pytest.mark.django_db
def test_rows_read_as_values_make_the_same_pages_near_and_far(customers, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_UP_TO", 4)
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: customers.count())
    ours = LargePaginator(
        customers, 5, read=lambda rows: [Row(values) for values in rows.values_list("pk", "code")]
    )
    theirs = Paginator(customers, 5)
    for number in theirs.page_range:
        built = [(row.pk, row.code) for row in ours.page(number)]
        assert built == [(c.pk, c.code) for c in theirs.page(number)]


@pytest.mark.django_db
def test_an_estimate_far_beyond_exact_counting_is_kept_a_minute(customers, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts every list exactly: no estimate to keep")
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    monkeypatch.setattr(paging, "EXACT_UP_TO", 2)
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: 25)  # beyond 10 × 2
    assert LargePaginator(customers, 5).count == 25
    with CaptureQueriesContext(connection) as queries:
        again = LargePaginator(customers, 5)
        assert (again.count, again.estimated) == (25, True)
    assert len(queries) == 0
    # A list nearer the limit is counted and estimated afresh each time.
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: 19)
    near = customers.filter(code__startswith="C-000")
    assert LargePaginator(near, 5).count == 19
    with CaptureQueriesContext(connection) as queries:
        assert LargePaginator(near, 5).count == 19
    assert len(queries) == 1  # counted again (the estimate is stubbed here)
