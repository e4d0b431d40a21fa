"""Eight workers moving the same parts at once end with exact balances, and the proof
that the check would catch a missing lock.

Real threads, each with its own database connection (closed when the thread ends), so the
tests run outside the test's transaction. On PostgreSQL (CI's second pass) the row locks
of parts/locks.py keep the postings apart; SQLite lets one writer in at a time (IMMEDIATE
transactions), so the exact-balance tests run there too but the missing lock cannot show.
"""

import random
import re
import sys
import threading
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from serviceloop.core.testing import with_form_key
from serviceloop.parts import locks
from serviceloop.parts.models import StockBalance, StockingPolicy, StockMovement
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import reports, reservations, stock
from serviceloop.parts.testing import make_warehouse

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

WORKERS = 8
OPERATIONS = 24
START_STOCK = 6
KINDS = ["receipt", "transfer", "transfer", "adjust", "scrap", "reserve", "release", "issue"]


@dataclass
class Outcome:
    """What one worker's successful moves should have done, and what went wrong."""

    on_hand: Counter = field(default_factory=Counter)  # (part, warehouse) -> change
    reserved: Counter = field(default_factory=Counter)
    rows: int = 0  # ledger rows written
    done: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Outcome") -> "Outcome":
        self.on_hand.update(other.on_hand)
        self.reserved.update(other.reserved)
        self.rows += other.rows
        self.done.update(other.done)
        self.refused.update(other.refused)
        self.errors += other.errors
        return self


@pytest.fixture
def stage(world, users, shanghai):
    """Three warehouses of the office and two parts, a little stock of each everywhere, a
    stocking policy (so alerts follow the moves) and, per worker, open cases to reserve
    for and draft repair reports to sign."""
    world.spare = make_warehouse(shanghai, "sh-2", name="上海二号库")
    world.places = [
        (part, warehouse)
        for part in (world.igbt, world.filter)
        for warehouse in (world.store, world.van, world.spare)
    ]
    for part, warehouse in world.places:
        world.receive(part, START_STOCK, warehouse=warehouse)
    StockingPolicy.objects.create(
        part=world.igbt, warehouse=world.store, min_quantity=2, reorder_point=5, max_quantity=12
    )
    world.queues = []
    for _ in range(WORKERS):
        reports_to_sign = [world.report(world.on_site()) for _ in range(2)]
        world.queues.append((world.case(), reports_to_sign))
    return world


class Worker:
    """One clerk, coordinator and engineer at work: random moves on the shared places,
    each through its service, seeded so a run can be repeated."""

    def __init__(self, world, index: int):
        self.world, self.rng = world, random.Random(index)
        self.case, self.reports = world.queues[index]
        self.held: list = []
        self.out = Outcome()

    def run(self, count: int) -> None:
        # Everyone starts on the same balance, and ends asking for far too much.
        self.attempt("receipt", (self.world.igbt, self.world.store))
        for _ in range(count - 2):
            self.attempt(self.rng.choice(KINDS), self.rng.choice(self.world.places))
        self.attempt("too_much", (self.world.filter, self.world.store))

    def attempt(self, kind: str, place) -> None:
        if (kind == "release" and not self.held) or (kind == "issue" and not self.reports):
            kind = "receipt"  # every attempt takes the stock lock once
        try:
            getattr(self, kind)(*place)
        except ValidationError:
            self.out.refused[kind] += 1
        except Exception as error:  # a constraint error, a deadlock: what must not happen
            self.out.errors.append(f"{kind}: {error!r}")
        else:
            self.out.done[kind] += 1

    def moved(self, part, warehouse, quantity: int, rows: int = 1) -> None:
        self.out.on_hand[(part.pk, warehouse.pk)] += quantity
        self.out.rows += rows

    def receipt(self, part, warehouse) -> None:
        quantity = self.rng.randint(1, 3)
        self.world.receive(part, quantity, warehouse=warehouse)
        self.moved(part, warehouse, quantity)

    def transfer(self, part, source) -> None:
        target = self.rng.choice([w for _p, w in self.world.places if w != source])
        quantity = self.rng.randint(1, 4)
        stock.transfer_stock(
            by=self.world.clerk, part=part, source=source, target=target, quantity=quantity
        )
        self.moved(part, source, -quantity, rows=2)
        self.moved(part, target, quantity, rows=0)

    def too_much(self, part, source) -> None:
        stock.transfer_stock(
            by=self.world.clerk, part=part, source=source, target=self.world.van, quantity=1000
        )

    def adjust(self, part, warehouse) -> None:
        quantity = self.rng.choice([-3, -2, -1, 1, 2])
        stock.adjust_stock(
            by=self.world.clerk, part=part, warehouse=warehouse, quantity=quantity, reason="盘点"
        )
        self.moved(part, warehouse, quantity)

    def scrap(self, part, warehouse) -> None:
        quantity = self.rng.randint(1, 2)
        stock.scrap_stock(
            by=self.world.clerk,
            part=part,
            warehouse=warehouse,
            quantity=quantity,
            reason="运输损坏",
            condition="good",
        )
        self.moved(part, warehouse, -quantity)

    def reserve(self, part, warehouse) -> None:
        quantity = self.rng.randint(1, 2)
        (made,) = reservations.reserve_part(
            by=self.world.coordinator,
            case=self.case,
            part=part,
            warehouse=warehouse,
            quantity=quantity,
        )
        self.held.append(made)
        self.out.reserved[(part.pk, warehouse.pk)] += quantity

    def release(self, _part, _warehouse) -> None:
        made = self.held.pop(self.rng.randrange(len(self.held)))
        reservations.release_reservation(by=self.world.coordinator, reservation=made)
        self.out.reserved[(made.part_id, made.warehouse_id)] -= made.quantity

    def issue(self, part, warehouse) -> None:
        """A repair report signed with one part from free stock: issued as it is signed."""
        report, quantity = self.reports.pop(), self.rng.randint(1, 2)
        line = {"part": part, "warehouse": warehouse, "quantity": quantity, "defective": "kept"}
        reports.save_report_parts(by=self.world.engineer, report=report, lines=[line])
        self.world.sign(report)
        self.moved(part, warehouse, -quantity)


def in_parallel(work, count: int = WORKERS) -> Outcome:
    """Runs work(index) on `count` threads started together; each closes its connection."""
    start = threading.Barrier(count)
    outcomes = [Outcome() for _ in range(count)]

    def run(index: int) -> None:
        try:
            start.wait(timeout=30)
            outcomes[index] = work(index)
        except Exception as error:
            outcomes[index].errors.append(f"worker {index}: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    total = Outcome()
    for outcome in outcomes:
        total += outcome
    return total


def run_services(world, count: int = OPERATIONS) -> Outcome:
    def work(index: int) -> Outcome:
        worker = Worker(world, index)
        worker.run(count)
        return worker.out

    return in_parallel(work)


def assert_exact(world, outcome: Outcome, rows_before: int) -> None:
    """No error escaped, each balance is where the successful moves put it, and the
    ledger (manage.py check_stock) agrees."""
    assert outcome.errors == []
    for part, warehouse in world.places:
        balance = StockBalance.objects.get(part=part, warehouse=warehouse)
        place = (part.pk, warehouse.pk)
        assert balance.on_hand == START_STOCK + outcome.on_hand[place], (part, warehouse)
        assert balance.reserved == outcome.reserved[place], (part, warehouse)
    assert StockMovement.objects.count() == rows_before + outcome.rows
    assert stock_discrepancies() == []
    call_command("check_stock", stdout=StringIO())


def test_eight_workers_on_the_same_parts_end_with_exact_balances(stage):
    rows_before = StockMovement.objects.count()
    outcome = run_services(stage)
    assert sum(outcome.done.values()) + sum(outcome.refused.values()) == WORKERS * OPERATIONS
    assert outcome.refused["too_much"] == WORKERS  # refusals came back as refusals
    assert outcome.done["transfer"] and outcome.done["reserve"] and outcome.done["issue"]
    assert_exact(stage, outcome, rows_before)


def test_eight_clerks_at_the_forms_get_refusals_not_errors(stage):
    """Through the pages: every answer is a redirect (booked) or the form again with the
    reason (refused); no constraint error escapes as a server error."""
    rows_before = StockMovement.objects.count()
    outcome = in_parallel(lambda index: _clerk_at_the_forms(stage, index))
    assert outcome.refused["transfer"] >= WORKERS and outcome.done["transfer"]
    assert_exact(stage, outcome, rows_before)


def _clerk_at_the_forms(world, index: int) -> Outcome:
    client, rng, out = Client(), random.Random(100 + index), Outcome()
    client.force_login(world.clerk)
    for step in range(12):
        part, source = rng.choice(world.places)
        target = rng.choice([w for _p, w in world.places if w != source])
        quantity = 1000 if step == 11 else rng.randint(1, 4)
        fields = {"part": part.number, "warehouse": source.pk, "target": target.pk}
        response = client.post(
            reverse("parts:movement_new", args=["transfer"]),
            with_form_key(fields, quantity=str(quantity)),
        )
        if response.status_code == 302:
            out.done["transfer"] += 1
            out.on_hand[(part.pk, source.pk)] -= quantity
            out.on_hand[(part.pk, target.pk)] += quantity
            out.rows += 2
        elif response.status_code == 200 and _tells_too_little(response):
            out.refused["transfer"] += 1
        else:
            out.errors.append(f"transfer answered {response.status_code}")
    return out


def _tells_too_little(response) -> bool:
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        message = gettext("Only %(count)s of %(part)s in %(warehouse)s.")
    return bool(refusal_pattern(message).search(response.content.decode()))


def refusal_pattern(message: str) -> re.Pattern:
    """The translated message with its placeholders left open."""
    return re.compile(re.sub(r"%\\\(\w+\\\)s", ".+?", re.escape(message)))


def unlocked(barrier: threading.Barrier):
    """The lock helper made a no-op: the balances are read without a lock, and every
    worker waits until all have read before any writes (the race window held open)."""

    def lock_balances(places):
        wanted = set(places)
        rows = StockBalance.objects.filter(part_id__in={p for p, _w in wanted})
        found = {
            (b.part_id, b.warehouse_id): b for b in rows if (b.part_id, b.warehouse_id) in wanted
        }
        with suppress(threading.BrokenBarrierError):  # out of step later on: no matter
            barrier.wait()
        return found

    def lock_balance(part_id, warehouse_id):
        return lock_balances([(part_id, warehouse_id)])[(part_id, warehouse_id)]

    return lock_balances, lock_balance


def without_lock(monkeypatch, many, one) -> None:
    """Swaps the lock helpers wherever the parts app took them in (`from ..locks import`)."""
    originals = {locks.lock_balances: many, locks.lock_balance: one}
    for name, module in list(sys.modules.items()):
        if not name.startswith("serviceloop.parts."):
            continue
        for attribute in ("lock_balances", "lock_balance"):
            helper = getattr(module, attribute, None)
            if helper in originals:
                monkeypatch.setattr(module, attribute, originals[helper])
    assert stock.lock_balances is many and reservations.lock_balance is one


def test_without_the_lock_the_same_workload_is_caught(stage, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite lets one writer in at a time (IMMEDIATE transactions), so a missing "
            "lock loses nothing there; CI's PostgreSQL pass proves the check catches it"
        )
    without_lock(monkeypatch, *unlocked(threading.Barrier(WORKERS, timeout=5)))
    rows_before = StockMovement.objects.count()
    outcome = run_services(stage, count=8)
    with pytest.raises(AssertionError):
        assert_exact(stage, outcome, rows_before)
    # The first round alone loses receipts on one balance: the ledger's running balance
    # breaks for good, and manage.py check_stock says so.
    assert stock_discrepancies()
    with pytest.raises(CommandError):
        call_command("check_stock", stderr=StringIO())
