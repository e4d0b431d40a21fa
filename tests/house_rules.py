"""STYLE.md's house rules as checks over a source tree (tests/test_house_rules.py runs them).

Each check takes the root of a checkout, so its own tests can plant a violation in a
temporary tree and see it reported. A check answers a list of violations, one line each,
`path:line: what`; an empty list means the rule holds.

Where the parts of `serviceloop` sit:
- the domain apps, in dependency order: an app imports only the apps before it. The apps
  of one rank (parts, surveys, knowledge) do not import each other;
- the interface apps (and navigation.py, the menu) import domain apps; nothing imports
  them, not even another interface app;
- the wiring — settings, urls, wsgi, asgi, the formats and the demo data — assembles the
  whole project: it imports anything, and nothing imports it.
A part's tests may import only what the part may. Top-level tests/ and conftest.py are
wiring too. A new folder under serviceloop/ fails the import check until it is placed here.

The service app has one anatomy (docs/decisions/0015): each layer's modules are named by
a topic, and only the app's conventional modules sit at its top level.
"""

import ast
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "serviceloop"
DOMAIN_ORDER = (
    ("core",),
    ("accounts",),
    ("customers",),
    ("equipment",),
    ("service",),
    ("parts", "surveys", "knowledge"),
)
RANK = {app: rank for rank, apps in enumerate(DOMAIN_ORDER) for app in apps}
INTERFACE = frozenset({"records", "portal", "transfer", "api", "dashboard", "navigation"})
WIRING = frozenset({"settings", "urls", "wsgi", "asgi", "formats", "demo"})
NOT_CODE = frozenset({"locale", "templates", "static", "__pycache__"})
MAX_LINES = 500
SERVICE = f"{PACKAGE}/service"
SERVICE_LAYERS = ("models", "services", "selectors", "views", "forms", "tests")
SERVICE_TOPICS = (
    "cases",
    "sla",
    "visits",
    "reports",
    "diagnosis",
    "charges",
    "feedback",
    "settings",
    "links",
)
# `<topic>.py`, `<topic>_*.py`, `test_<topic>.py`, `test_<topic>_*.py`.
TOPIC_NAMED = re.compile(rf"(test_)?({'|'.join(SERVICE_TOPICS)})(_\w+)?\.py")
NOT_NAMED_BY_TOPIC = frozenset({"__init__.py", "conftest.py"})
# The modules every app has by Django's or the project's conventions (STYLE.md): the app's
# config, URLs, admin, extension points, role sets, mails, test builders and Django tasks.
SERVICE_TOP_LEVEL = frozenset(
    {
        "__init__.py",
        "apps.py",
        "urls.py",
        "admin.py",
        "extensions.py",
        "permissions.py",
        "notifications.py",
        "testing.py",
        "tasks.py",
    }
)


def python_files(root: Path, *tops: str) -> Iterator[Path]:
    """Every .py file under the given top folders of `root`, migrations left out."""
    for top in tops:
        for file in sorted((root / top).rglob("*.py")):
            if "migrations" not in file.relative_to(root).parts:
                yield file


def _part(module: str) -> str | None:
    """`serviceloop.service.views.cases` → `service`; None outside the package."""
    names = module.split(".")
    if names[0] != PACKAGE or len(names) < 2:
        return None
    return names[1]


def _module_name(root: Path, file: Path) -> tuple[str, str]:
    """The module's dotted name and the package its relative imports start from."""
    names = list(file.relative_to(root).with_suffix("").parts)
    if names[-1] == "__init__":
        names.pop()
        return ".".join(names), ".".join(names)
    return ".".join(names), ".".join(names[:-1])


def _imports(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """Every module an import names, at any depth (inside functions too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            relative = "." * node.level + (node.module or "")
            base = importlib.util.resolve_name(relative, package) if node.level else relative
            yield node.lineno, base
            # `from serviceloop import service` names the app through its alias.
            if base == PACKAGE:
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"


def may_import(importer: str, imported: str) -> bool:
    if importer == imported or importer in WIRING:
        return True
    if imported in WIRING or imported in INTERFACE:
        return False
    if importer in INTERFACE:
        return imported in RANK
    return imported in RANK and RANK[imported] < RANK[importer]


def imports_against_the_order(root: Path) -> list[str]:
    """Imports from one part of serviceloop into a part it may not use (see the module doc)."""
    found = []
    for file in python_files(root, PACKAGE):
        module, package = _module_name(root, file)
        importer = _part(module)
        if importer is None or importer == "__init__":
            continue
        where = file.relative_to(root)
        if importer not in RANK and importer not in INTERFACE | WIRING:
            found.append(f"{where}:1: {PACKAGE}.{importer} has no place in the order")
            continue
        for line, name in _imports(ast.parse(file.read_text(), str(file)), package):
            imported = _part(name)
            if imported is not None and not may_import(importer, imported):
                found.append(f"{where}:{line}: {importer} imports {name}")
    return found


def is_view_module(root: Path, file: Path) -> bool:
    parts = file.relative_to(root).parts
    return parts[-1] == "views.py" or "views" in parts[:-1]


def _model_named(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """`Case`, `models.Case` or an alias of either → `Case`."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _managers_reached(tree: ast.AST) -> Iterator[tuple[int, str]]:
    aliases = {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            model = _model_named(node.value, aliases)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
        ):
            # Given a model class, the shortcut reads its default manager.
            model = _model_named(node.args[0], aliases)
        else:
            continue
        if model is not None:
            yield node.lineno, model


def views_past_selectors(root: Path, scoped: frozenset[str]) -> list[str]:
    """Views that read a scoped model's manager instead of asking the app's selectors."""
    found = []
    for file in python_files(root, PACKAGE):
        if not is_view_module(root, file):
            continue
        for line, model in _managers_reached(ast.parse(file.read_text(), str(file))):
            if model in scoped:
                found.append(f"{file.relative_to(root)}:{line}: {model}.objects in a view")
    return found


def modules_over(root: Path, limit: int = MAX_LINES) -> list[str]:
    """Modules (serviceloop/ and tests/, migrations left out) longer than `limit` lines."""
    found = []
    for file in python_files(root, PACKAGE, "tests"):
        lines = len(file.read_text().splitlines())
        if lines > limit:
            found.append(f"{file.relative_to(root)}: {lines} lines")
    return found


def service_modules_off_the_anatomy(root: Path) -> list[str]:
    """Service modules not named by their topic, and loose modules at the app's top level."""
    found = []
    for layer in SERVICE_LAYERS:
        for file in python_files(root, f"{SERVICE}/{layer}"):
            where = file.relative_to(root)
            if file.name in NOT_NAMED_BY_TOPIC or TOPIC_NAMED.fullmatch(file.name):
                continue
            if where.as_posix() == f"{SERVICE}/views/common.py":
                continue
            found.append(f"{where}:1: not named by a topic ({', '.join(SERVICE_TOPICS)})")
    for file in sorted((root / SERVICE).glob("*.py")):
        if file.name not in SERVICE_TOP_LEVEL:
            found.append(f"{file.relative_to(root)}:1: a loose module at the app's top level")
    return found
