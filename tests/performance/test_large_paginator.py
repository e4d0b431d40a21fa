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
def test_rows_read_as_values_are_built_into_the_same_pages_near_and_far(customers, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_UP_TO", 4)
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: customers.count())
    ours = LargePaginator(customers.values_list("pk", "code"), 5, build=Row)
    theirs = Paginator(customers, 5)
    for number in theirs.page_range:
        built = [(row.pk, row.code) for row in ours.page(number)]
        assert built == [(c.pk, c.code) for c in theirs.page(number)]
