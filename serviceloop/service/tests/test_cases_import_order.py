"""The SLA chain imports one way: sla → tasks → alerts → timeline and models, never back.

The case moves plan the SLA, the SLA schedules the tasks, the tasks send the alerts and
the alerts write the timeline; a module late in that chain importing an earlier one would
bring back the circle that once needed imports inside functions.
"""

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parents[1]
ROOT = SERVICE.parents[1]
CHAIN = [
    "serviceloop.service.services.sla_alerts",
    "serviceloop.service.services.sla",
    "serviceloop.service.services.cases",
    "serviceloop.service.tasks",
]


def _file_of(module: str) -> Path | None:
    path = ROOT.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_on_load(module: str) -> set[str]:
    """The service app's modules that `module` imports at its top level."""
    file = _file_of(module)
    assert file is not None, module
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.parse(file.read_text()).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("serviceloop.service") and _file_of(name)}


def _reachable_from(module: str) -> set[str]:
    seen: set[str] = set()
    todo = list(_imported_on_load(module))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += _imported_on_load(name)
    return seen


@pytest.mark.parametrize("module", CHAIN)
def test_imports_first_in_a_fresh_process(module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "serviceloop.settings", "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); import {module}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("module", CHAIN)
def test_does_not_import_itself_back(module):
    assert module not in _reachable_from(module)


def test_the_tasks_lead_back_neither_to_the_sla_nor_to_the_case_moves():
    below = _reachable_from("serviceloop.service.tasks")
    assert "serviceloop.service.services.sla_alerts" in below
    assert "serviceloop.service.services.sla" not in below
    assert "serviceloop.service.services.cases" not in below


def test_no_service_or_task_imports_inside_a_function():
    files = [*sorted((SERVICE / "services").glob("*.py")), SERVICE / "tasks.py"]
    late = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                late += [
                    f"{file.relative_to(ROOT)}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert late == []
