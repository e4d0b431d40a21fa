"""Pages of a list that may hold a million rows (decision 0018).

Counting every matching row is what made the case list slow at a million cases: PostgreSQL
reads them all (a second at 1M). A list counts exactly up to `EXACT_UP_TO` rows; beyond
that, on PostgreSQL, it takes the planner's estimate (`EXPLAIN`, no rows read) and says
"about". A page far down (past the first 1,000 rows) is fetched by its ids first (a narrow
index read skips the offset), then the rows of that page. A list that shows its rows from
plain values gives `read`, which reads a slice of the list (its ids and its order are the
list's own, never the joins its rows show).

The estimate of a list far beyond exact counting (`KEPT_BEYOND`) is kept a minute in the
shared cache: the office's whole queue, asked by every coordinator all day, is "about
28,500" whether counted now or a minute ago; both of its queries are then saved.
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet

EXACT_UP_TO = 1000
KEPT_BEYOND = 10  # times EXACT_UP_TO
KEPT_FOR = 60  # seconds


class LargePaginator(Paginator):
    """A Paginator over a QuerySet that never counts past `EXACT_UP_TO` rows on
    PostgreSQL; `estimated` tells whether `count` is the planner's estimate. `read` turns a
    slice of `object_list` into the page's objects (each with its `pk`)."""

    object_list: QuerySet

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        read: Callable[[QuerySet], Sequence[Any]] = list,
        **kwargs,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.estimated = False
        self.read = read

    @cached_property
    def count(self) -> int:
        rows = self.object_list.order_by()  # any order counts the same: none to sort
        connection = connections[rows.db]
        if connection.vendor != "postgresql":
            exact = rows[: EXACT_UP_TO + 1].count()
            return exact if exact <= EXACT_UP_TO else rows.count()
        # Both questions, the capped count and the planner's estimate, ask the same SQL:
        # compiled once (its compilation cost as much as running it).
        sql, params = rows.values_list("pk").query.get_compiler(rows.db).as_sql()
        key = _estimate_key(connection.alias, sql, params)
        kept = cache.get(key)
        if kept is not None:
            self.estimated = True
            return kept
        with connection.cursor() as cursor:
            capped = f"SELECT COUNT(*) FROM ({sql} LIMIT {EXACT_UP_TO + 1}) AS capped"  # noqa: S608 - Django's SQL
            cursor.execute(capped, params)
            exact = cursor.fetchone()[0]
            if exact <= EXACT_UP_TO:
                return exact
            estimate = max(_planner_rows(cursor, sql, params), exact)
        if estimate > KEPT_BEYOND * EXACT_UP_TO:
            cache.set(key, estimate, KEPT_FOR)
        self.estimated = True
        return estimate

    def page(self, number) -> Page:
        """The page's ids through the list's own order and filters, then its rows."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if bottom < EXACT_UP_TO:
            # Near the top the rows themselves are as cheap to skip: one query.
            objects = self.read(rows[bottom : bottom + self.per_page])
            return self._get_page(objects, number, self)
        ids = list(rows.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        by_id = {row.pk: row for row in self.read(rows.filter(pk__in=ids).order_by())}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


def _planner_rows(cursor, sql: str, params) -> int:
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _estimate_key(alias: str, sql: str, params) -> str:
    text = repr((alias, EXACT_UP_TO, sql, tuple(params)))
    return "paging:estimate:" + hashlib.sha256(text.encode()).hexdigest()
