import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from serviceloop.settings import env_bool

ROOT = Path(__file__).resolve().parents[2]

# The production variables documented in README.md and .env.example.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x8Jq2v!f9Lr$4kTz7Wm&1Pc@6Ns^3Hd*0Yb#5Ge%8Ua+2Qo=7Ri~4Ej)9Xl(1Vn",
    "ALLOWED_HOSTS": "service.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://service.example.cn",
    "HTTPS": "true",
    "PROXY_COUNT": "1",
    "STATIC_MANIFEST": "true",
    "EMAIL_HOST": "smtp.example.cn",
}


def _clean_env(**variables) -> dict:
    """The machine's basics only: nothing a test run sets may leak into the check."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "DATABASE_URL")
    return {k: os.environ[k] for k in keep if k in os.environ} | variables


def test_check_deploy_is_clean_with_the_production_variables():
    env = _clean_env(**PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = _clean_env(DEBUG="false")
    result = subprocess.run(
        [sys.executable, "-c", "import serviceloop.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "SECRET_KEY must be set" in result.stderr


def test_booleans_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_FLAG", "Yes")
    assert env_bool("SOME_FLAG", False) is True


def test_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = _clean_env(DEBUG="true", SQLITE_PATH=str(tmp_path / "wal.sqlite3"))
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    env["DJANGO_SETTINGS_MODULE"] = "serviceloop.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    mode, busy_ms = result.stdout.split()
    assert mode == "wal"
    assert int(busy_ms) >= 5000


def _cache_settings(**variables) -> subprocess.CompletedProcess:
    code = (
        "from serviceloop import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_clean_env(DEBUG="true", **variables),
        capture_output=True,
        text=True,
        check=False,
    )


def test_each_process_keeps_its_own_cache_without_a_cache_url():
    result = _cache_settings()
    assert result.stdout.split()[0] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_url_shares_a_redis_cache():
    pytest.importorskip("redis")
    result = _cache_settings(CACHE_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
    ]


def test_refuses_a_cache_url_that_is_not_redis():
    result = _cache_settings(CACHE_URL="memcached://127.0.0.1:11211")
    assert "CACHE_URL must be a redis://" in result.stderr
