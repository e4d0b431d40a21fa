"""What every bench script shares: Django started on a throw-away database, and the
timing of a page (or of any call) with the SQL queries it runs.

Imported by the scripts as `common` (their own folder is first on `sys.path`).
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

# Importing these reads no settings: Django is set up later, by setup_django().
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def setup_django() -> None:
    """Starts Django with the settings a bench needs. The database is a new SQLite file in
    a temporary folder unless DATABASE_URL or SQLITE_PATH names one (e.g. PostgreSQL)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if not os.environ.get("DATABASE_URL") and "SQLITE_PATH" not in os.environ:
        folder = tempfile.mkdtemp(prefix="serviceloop-bench-")
        os.environ["SQLITE_PATH"] = os.path.join(folder, "bench.sqlite3")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceloop.settings")

    import django

    django.setup()


class Measurement(NamedTuple):
    """Milliseconds of the timed runs (wall clock: median, 95th percentile, slowest; and
    the median CPU time of this process, which other work on a busy machine hardly
    changes), then the SQL queries of one more run."""

    median: float
    p95: float
    slowest: float
    cpu: float
    queries: int


def timed(
    call: Callable[[], object],
    *,
    runs: int,
    counted: Callable[[], object] | None = None,
    warm_up: bool = True,
) -> Measurement:
    """Calls `call` once to warm caches and templates (unless `warm_up` is off), times
    `runs` calls, then counts the queries of one more call, or of `counted` if given."""
    if warm_up:
        call()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        (counted or call)()
    return Measurement(
        median=statistics.median(wall),
        p95=statistics.quantiles(wall, n=20)[-1],
        slowest=max(wall),
        cpu=statistics.median(cpu),
        queries=len(queries),
    )


def measure(
    client: Client,
    path: str,
    *,
    runs: int,
    params: dict | None = None,
    queries_of: str | None = None,
    warm_up: bool = True,
) -> Measurement:
    """Times a GET of `path` (with `params`) by `client`, each answered 200; the queries
    are those of `path`, or of the page `queries_of` (a PDF's printable page)."""

    def get(url: str = path, data: dict | None = params):
        response = client.get(url, data)
        assert response.status_code == 200, (url, response.status_code)
        return response

    counted = (lambda: get(queries_of, None)) if queries_of else None
    return timed(get, runs=runs, counted=counted, warm_up=warm_up)
