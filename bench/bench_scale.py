"""Speed at a million cases on PostgreSQL, through the production server (issue 24).

Grows the database `serviceloop_bench` (created if missing, kept between runs) to 200,000
machines and 1,000,000 cases (bench/scale.py), serves it with granian (WSGI, as the README
deploys it), and prints, for a coordinator signed in:
- p50 / p95 of one client's requests: queue, all cases page 1 and 500, search by number,
  serial, Chinese word, English word, the case page and the home page (goals: lists and the
  case page p95 < 50 ms, searches < 100 ms);
- requests per second with 8 clients on the case list and on a bare view (/health/) served
  by the same server in the same run (goal: >= 150 requests/s on the case list).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/serviceloop_bench  (default)
    BENCH_CASES=1000000 BENCH_UNITS=200000 BENCH_SECONDS=10 .venv/bin/python bench/bench_scale.py

Not a test.
"""

import http.client
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/serviceloop_bench"
)
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
UNITS = int(os.environ.get("BENCH_UNITS", "200000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
RUNS = 40
CLIENTS = 8
PORT = 8765
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "false",
    "HTTPS": "false",
    "STATIC_MANIFEST": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    # Production's cache (sessions, analysis) is Redis: database 3, apart from other uses.
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
}


def _create_database() -> None:
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def _prepare() -> tuple[str, dict[str, str]]:
    """The grown database and what to ask of it: a session cookie and the paths."""
    os.environ.update(SERVER_ENV)
    sys.path.insert(0, str(ROOT / "bench"))
    from common import setup_django

    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from serviceloop.accounts.models import User
    from serviceloop.service.models import Case

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="coordinator").exists():
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    start = time.perf_counter()
    import scale

    scale.grow(CASES, UNITS)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # after a migration too: indexes it just built
    print(f"database: {Case.objects.count():,} cases ready in {time.perf_counter() - start:.0f} s")
    client = Client()
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    office_cases = Case.objects.filter(office_id=coordinator.office_id)
    newest = office_cases.order_by("-opened_at").first()
    with_unit = office_cases.filter(unit__isnull=False, state="closed").order_by("pk")[5000]
    paths = {
        "queue (open cases)": "/cases/",
        "all cases, page 1": "/cases/?state=all",
        "all cases, page 500": "/cases/?state=all&page=500",
        "search by number": f"/cases/?state=all&q={newest.number}",
        "search by serial": f"/cases/?state=all&q={with_unit.unit.serial}",
        "search, Chinese word (跳闸)": "/cases/?state=all&q=" + quote("跳闸"),
        "search, English word (overheating)": "/cases/?state=all&q=overheating",
        "case page": f"/cases/{newest.pk}/",
        "home": "/",
    }
    return client.cookies["sessionid"].value, paths


def _server() -> subprocess.Popen:
    granian = shutil.which("granian", path=str(ROOT / ".venv" / "bin")) or "granian"
    command = [
        granian,
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(PORT),
        "--workers",
        os.environ.get("BENCH_WORKERS", "2"),
        "--blocking-threads",
        os.environ.get("BENCH_THREADS", "4"),
        "--log-level",
        "warning",
        "serviceloop.wsgi:application",
    ]
    env = {**os.environ, **SERVER_ENV}
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            _get(http.client.HTTPConnection("127.0.0.1", PORT, timeout=5), "/health/", "")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("granian did not start")


def _get(connection: http.client.HTTPConnection, path: str, session: str) -> int:
    connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    response.read()
    return response.status


def _latencies(paths: dict[str, str], session: str) -> None:
    print(f"\none client, {RUNS} requests per page (ms)")
    print(f"  {'page':<38} {'p50':>7} {'p95':>7}")
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    for name, path in paths.items():
        for _ in range(3):
            assert _get(connection, path, session) == 200, (path, "warm-up")
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            status = _get(connection, path, session)
            timings.append((time.perf_counter() - start) * 1000)
            assert status == 200, (path, status)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"  {name:<38} {statistics.median(timings):>7.1f} {p95:>7.1f}")


def _throughput(path: str, session: str) -> float:
    """Requests per second of CLIENTS clients asking `path` again and again for SECONDS."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [
                wrk,
                "-t2",
                f"-c{CLIENTS}",
                f"-d{SECONDS:.0f}s",
                "-H",
                f"Cookie: sessionid={session}",
                f"http://127.0.0.1:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = next(line for line in out.splitlines() if line.startswith("Requests/sec"))
        return float(line.split()[1])
    done = [0] * CLIENTS
    stop = time.perf_counter() + SECONDS

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while time.perf_counter() < stop:
            _get(connection, path, session)
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / SECONDS


def main() -> None:
    _create_database()
    session, paths = _prepare()
    server = _server()
    try:
        _latencies(paths, session)
        tool = "wrk" if shutil.which("wrk") else "Python threads (install wrk for less client load)"
        print(f"\n{CLIENTS} clients for {SECONDS:.0f} s ({tool}), requests per second")
        cases = _throughput("/cases/", session)
        bare = _throughput("/health/", session)
        print(f"  case list (queue)  {cases:>8.0f}")
        print(f"  bare view /health/ {bare:>8.0f}")
        print(f"  ratio              {cases / bare:>8.1%}   goal: case list >= 150/s")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
