"""Test helpers shared by every app."""

import re
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from serviceloop.core.form_keys import FIELD, new_form_key

_KEY_INPUT = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def with_form_key(data: dict | None = None, **fields) -> dict:
    """A create form's data as a browser sends it: with a fresh one-time key
    (core/form_keys.py). Send the same dict twice to play a double click."""
    return {**(data or {}), **fields, FIELD: new_form_key()}


def form_keys_in(response) -> list[str]:
    """The one-time keys of the forms a page shows, in page order."""
    return _KEY_INPUT.findall(response.content.decode())


def run_at_once(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Runs each call on a thread of its own, all released together, and returns what each
    returned or the exception it raised, in the order given. Each thread closes its
    database connections: a transactional test's threads use connections of their own."""
    start = threading.Barrier(len(calls))
    outcomes: list[Any] = [TimeoutError(f"still running after {timeout} s")] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait(timeout=30)
            outcomes[index] = calls[index]()
        except Exception as error:  # the caller's assertions report it
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
