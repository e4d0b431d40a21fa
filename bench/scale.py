"""Grows a demo database to a realistic size: 200,000 machines and 1,000,000 cases.

The demo's machines are copied under new serials (same customers, sites and models); the
cases are drawn from the demo's faults (domain-reference §2.2: symptoms, findings, actions)
with some English symptoms, a few per cent open and recent, the rest closed over twelve
years, two timeline rows each, and their search words (decision 0018). PostgreSQL is
loaded with COPY, its search index built once after the load, then ANALYZEd; other
databases with batched inserts. Reused by the benchmarks: growing an already grown
database adds nothing.
"""

import random
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Model

from serviceloop.core.search import index_terms
from serviceloop.core.text import normalize_code
from serviceloop.demo.service.faults import FAULTS
from serviceloop.equipment.models import Unit
from serviceloop.service.models import Case, CaseEvent, CaseNumber
from serviceloop.service.models import cases_search as search_index

OPEN_SHARE = 0.03
FIRST_YEAR = 2013
# Numbers of the grown cases in a year the demo numbered too start this far above its own.
CURRENT_FROM = 500_000
ENGLISH_SYMPTOMS = [
    "Quench pump overheating, line stopped",
    "Inverter trips on overcurrent during heating",
    "Coil water leak at the inductor joint",
    "Power does not reach setpoint, low efficiency",
    "Conductivity alarm on the cooling circuit",
    "Scanner axis drifts, hardness pattern off",
]
OPEN_STATES = [
    Case.State.NEW,
    Case.State.TRIAGED,
    Case.State.REMOTE_DIAGNOSIS,
    Case.State.VISIT_SCHEDULED,
    Case.State.WAITING_PARTS,
]


def _columns(model: type[Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields if not field.primary_key]


def _insert(model: type[Model], rows: Iterable[tuple]) -> int:
    """Writes the rows (one value per `_columns(model)`, in order); returns how many."""
    columns = _columns(model)
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(f'"{column}"' for column in columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        cursor.executemany(sql, batch)
    return count + len(batch)


def _template(model: type[Model], **filters) -> dict:
    """An existing row's values by column (what the copies share)."""
    row = model.objects.filter(**filters).order_by("pk").values().first()
    assert row is not None, f"no {model.__name__} to copy: load the demo first"
    fields = {field.attname: field.column for field in model._meta.concrete_fields}
    return {fields[name]: value for name, value in row.items()}


def _jsonable(value):
    import json

    return json.dumps(value) if isinstance(value, dict | list) else value


def grow_units(target: int, rng: random.Random) -> None:
    missing = target - Unit.objects.count()
    if missing <= 0:
        return
    demo = list(Unit.objects.filter(parent__isnull=True).values())
    columns = _columns(Unit)
    attnames = [f.attname for f in Unit._meta.concrete_fields if not f.primary_key]
    assert [Unit._meta.get_field(a).column for a in attnames] == columns

    def rows() -> Iterator[tuple]:
        for n in range(missing):
            row = dict(rng.choice(demo))
            row["serial"] = f"IH-{2008 + n % 17}-{n:07d}"
            row["serial_key"] = normalize_code(row["serial"])
            row["power_supply_serial"] = ""
            yield tuple(_jsonable(row[name]) for name in attnames)

    _insert(Unit, rows())


def _texts(rng: random.Random) -> tuple[str, str, str, str]:
    """symptom, remote findings, resolution, root cause: one demo fault, said its way."""
    fault = rng.choice(FAULTS)
    symptom = rng.choice(ENGLISH_SYMPTOMS) if rng.random() < 0.1 else rng.choice(fault[2])
    return symptom, f"远程诊断：{fault[3]}。", f"{fault[3]}。{fault[4]}。", fault[0]


def grow_cases(target: int, rng: random.Random, now: datetime) -> None:
    """Cases up to `target`, with their timeline rows; numbers per year as the service
    gives them."""
    missing = target - Case.objects.count()
    if missing <= 0:
        return
    units = list(
        Unit.objects.values_list("pk", "customer_id", "site_id", "serial", "customer__office_id")
    )
    names = dict(Unit.objects.values_list("customer_id", "customer__name_zh").distinct().order_by())
    template = _template(Case, state=Case.State.CLOSED)
    template.pop("search_text")
    columns = _columns(Case)
    first = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    span = (now - timedelta(days=400) - first).total_seconds()
    opened = sorted(first + timedelta(seconds=rng.random() * span) for _ in range(missing))
    # Years the demo numbered already go on from far above its numbers.
    counters = {
        year: last + CURRENT_FROM for year, last in CaseNumber.objects.values_list("year", "last")
    }
    words: dict[tuple, str] = {}
    events: list[tuple[int, datetime, datetime | None]] = []

    def rows() -> Iterator[tuple]:
        for n, at in enumerate(opened):
            is_open = rng.random() < OPEN_SHARE
            if is_open:
                at = now - timedelta(hours=rng.random() * 24 * 60)
            year = at.year
            counters[year] = counters.get(year, 0) + 1
            unit, customer, site, serial, office = rng.choice(units)
            symptom, diagnosis, resolution, root = _texts(rng)
            row = dict(template)
            number = f"SR-{year}-{counters[year]:06d}"
            closed_at = None if is_open else at + timedelta(hours=8 + rng.random() * 100)
            key = (symptom, diagnosis, resolution if not is_open else "")
            if key not in words:
                words[key] = index_terms(*key)
            row.update(
                number=number,
                office_id=office,
                customer_id=customer,
                site_id=site,
                unit_id=unit,
                reporter_id=None,
                symptom=symptom,
                diagnosis=diagnosis,
                resolution=key[2],
                root_cause="" if is_open else root,
                state=rng.choice(OPEN_STATES) if is_open else Case.State.CLOSED,
                resume_state="",
                assignee_id=None if is_open and rng.random() < 0.3 else template["assignee_id"],
                opened_at=at,
                first_response_at=None if is_open else at + timedelta(minutes=40),
                on_site_at=None,
                resolved_at=closed_at,
                closed_at=closed_at,
                first_response_due=at + timedelta(hours=2),
                on_site_due=None,
                restore_due=at + timedelta(hours=48),
                line_down_at=None,
                line_up_at=None,
                reopened_from_id=None,
                search_text=" ".join(
                    (index_terms(number, names.get(customer, ""), serial), words[key])
                ),
            )
            events.append((n, at, closed_at))
            yield tuple(_jsonable(row[column]) for column in columns)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            search_index.drop_case_search(connection)
        before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _insert(Case, rows())
        for year, last in counters.items():
            CaseNumber.objects.update_or_create(year=year, defaults={"last": last})
        ids = list(Case.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
        _insert(CaseEvent, _event_rows(ids, events, template["opened_by_id"]))
    # Built once over the loaded rows (and outside the load's transaction, whose deferred
    # foreign-key checks PostgreSQL will not index under).
    search_index.ensure_case_search(connection)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Statistics for the planner, and the visibility map that lets a far page be
            # read from an index alone.
            cursor.execute("VACUUM ANALYZE")


def _event_rows(ids: list[int], events, actor: int) -> Iterator[tuple]:
    """Opened, and closed where it was: the timeline rows a case page reads."""
    columns = _columns(CaseEvent)
    for case_id, (_n, at, closed_at) in zip(ids, events, strict=True):
        opened = {"case_id": case_id, "kind": "opened", "actor_id": actor, "at": at}
        rows = [opened]
        if closed_at is not None:
            rows.append({**opened, "kind": "transition", "at": closed_at})
        for row in rows:
            values = {"data": "{}", "text": "", **row}
            yield tuple(values[column] for column in columns)


def grow(cases: int, units: int, *, seed: int = 24) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    grow_units(units, rng)
    grow_cases(cases, rng, now)
