"""STYLE.md's house rules hold over the checkout, and each check reports a planted breach.

The checks live in tests/house_rules.py; here they run over the real tree, then over a
temporary tree holding one violation each, to prove they would see it.
"""

from pathlib import Path

import pytest
from django.apps import apps

from serviceloop.accounts.models import Office, User

from .house_rules import (
    imports_against_the_order,
    modules_over,
    service_modules_off_the_anatomy,
    views_past_selectors,
)

ROOT = Path(__file__).resolve().parents[1]


def scoped_models() -> frozenset[str]:
    """Models whose rows belong to an office or a customer (decision 0002): 404 elsewhere.

    A row is scoped when one of its keys leads to an office, directly or through another
    scoped row. A key to a user names an actor (author, assignee), not an owner, so the
    walk does not go through users; users themselves are scoped by their office.
    """
    scoped: set[type] = set()
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            keys = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not None
            }
            if model not in scoped | {Office} and (Office in keys or keys & (scoped - {User})):
                scoped.add(model)
                grown = True
    return frozenset(model.__name__ for model in scoped)


def plant(root: Path, path: str, text: str) -> Path:
    file = root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text)
    return file


# The rules over the checkout.


def test_no_app_imports_a_later_app_an_interface_app_or_the_wiring():
    assert imports_against_the_order(ROOT) == []


def test_no_view_reads_a_scoped_model_past_its_selectors():
    assert views_past_selectors(ROOT, scoped_models()) == []


def test_no_module_passes_500_lines():
    assert modules_over(ROOT) == []


def test_every_service_module_is_named_by_its_topic_and_none_lies_loose():
    assert service_modules_off_the_anatomy(ROOT) == []


def test_the_records_of_decision_0002_are_scoped():
    named = {"Customer", "Site", "Contact", "Unit", "Contract", "Case", "Quote", "Visit"}
    named |= {"RepairReport", "Complaint", "Warehouse", "StockBalance", "Reservation", "User"}
    assert named <= scoped_models()
    assert not {"Office", "Part", "EquipmentModel"} & scoped_models()


# Each rule sees a planted breach.


@pytest.mark.parametrize(
    "path, text, reported",
    [
        (
            "serviceloop/customers/models.py",
            "from serviceloop.service.models import Case\n",
            "customers imports serviceloop.service.models",
        ),
        (
            "serviceloop/service/services/cases.py",
            "def later():\n    from ...parts import services\n",
            "service imports serviceloop.parts",
        ),
        (
            "serviceloop/equipment/selectors.py",
            "import serviceloop.portal.views\n",
            "equipment imports serviceloop.portal.views",
        ),
        (
            "serviceloop/core/tests/test_pages.py",
            "from serviceloop.accounts.testing import make_user\n",
            "core imports serviceloop.accounts.testing",
        ),
        (
            "serviceloop/records/views.py",
            "from serviceloop.portal import views\n",
            "records imports serviceloop.portal",
        ),
        (
            "serviceloop/parts/services.py",
            "from serviceloop import surveys\n",
            "parts imports serviceloop.surveys",
        ),
        (
            "serviceloop/accounts/views.py",
            "from serviceloop.navigation import menu_for\n",
            "accounts imports serviceloop.navigation",
        ),
        (
            "serviceloop/core/views.py",
            "from serviceloop.urls import urlpatterns\n",
            "core imports serviceloop.urls",
        ),
        (
            "serviceloop/warranty/models.py",
            "",
            "serviceloop.warranty has no place in the order",
        ),
    ],
)
def test_the_import_rule_reports_a_planted_breach(tmp_path, path, text, reported):
    plant(tmp_path, path, text)
    found = imports_against_the_order(tmp_path)
    assert len(found) == 1 and found[0].endswith(reported), found


@pytest.mark.parametrize(
    "path, text",
    [
        ("serviceloop/service/models.py", "from serviceloop.equipment.models import Unit\n"),
        ("serviceloop/service/views/cases.py", "from ..selectors import case_for\n"),
        ("serviceloop/records/views.py", "from serviceloop.parts import selectors\n"),
        ("serviceloop/navigation.py", "from serviceloop.service import permissions\n"),
        ("serviceloop/urls.py", "from serviceloop.portal import urls\n"),
        ("serviceloop/demo/service.py", "from serviceloop.parts.testing import make_part\n"),
        ("serviceloop/service/migrations/0002_x.py", "from serviceloop.parts import models\n"),
    ],
)
def test_the_import_rule_lets_the_order_through(tmp_path, path, text):
    plant(tmp_path, path, text)
    assert imports_against_the_order(tmp_path) == []


@pytest.mark.parametrize(
    "path, text",
    [
        ("serviceloop/service/views.py", "def show(request, pk):\n    Case.objects.get(pk=pk)\n"),
        ("serviceloop/service/views/cases.py", "cases = models.Case.objects.filter(office=1)\n"),
        ("serviceloop/parts/views/stock.py", "get_object_or_404(StockBalance, pk=1)\n"),
        (
            "serviceloop/portal/views.py",
            "from serviceloop.service.models import Case as C\nC._default_manager.all()\n",
        ),
    ],
)
def test_the_view_rule_reports_a_planted_breach(tmp_path, path, text):
    plant(tmp_path, path, text)
    found = views_past_selectors(tmp_path, frozenset({"Case", "StockBalance"}))
    assert len(found) == 1 and found[0].startswith(path), found


@pytest.mark.parametrize(
    "path, text",
    [
        ("serviceloop/service/selectors.py", "Case.objects.filter(office=1)\n"),
        ("serviceloop/service/views/cases.py", "get_object_or_404(cases_for(user), pk=1)\n"),
        ("serviceloop/parts/views/catalogue.py", "Part.objects.all()\n"),
    ],
)
def test_the_view_rule_lets_selectors_and_unscoped_models_through(tmp_path, path, text):
    plant(tmp_path, path, text)
    assert views_past_selectors(tmp_path, frozenset({"Case"})) == []


def test_the_size_rule_reports_a_501_line_module_and_spares_500_and_migrations(tmp_path):
    plant(tmp_path, "serviceloop/service/views/cases.py", "x = 1\n" * 501)
    plant(tmp_path, "tests/access/test_table.py", "x = 1\n" * 502)
    plant(tmp_path, "serviceloop/service/selectors.py", "x = 1\n" * 500)
    plant(tmp_path, "serviceloop/service/migrations/0001_initial.py", "x = 1\n" * 900)
    assert modules_over(tmp_path) == [
        "serviceloop/service/views/cases.py: 501 lines",
        "tests/access/test_table.py: 502 lines",
    ]


@pytest.mark.parametrize(
    "path, reported",
    [
        ("serviceloop/service/services/pricing.py", "not named by a topic"),
        ("serviceloop/service/selectors/casesheets.py", "not named by a topic"),
        ("serviceloop/service/models/checks.py", "not named by a topic"),
        ("serviceloop/service/tests/test_amounts.py", "not named by a topic"),
        ("serviceloop/service/tests/charge_builders.py", "not named by a topic"),
        ("serviceloop/service/tests/test_common.py", "not named by a topic"),
        ("serviceloop/service/forms/common.py", "not named by a topic"),
        ("serviceloop/service/views/common_links.py", "not named by a topic"),
        ("serviceloop/service/clocks.py", "a loose module at the app's top level"),
    ],
)
def test_the_anatomy_rule_reports_a_planted_breach(tmp_path, path, reported):
    plant(tmp_path, path, "")
    found = service_modules_off_the_anatomy(tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{path}:1: {reported}"), found


@pytest.mark.parametrize(
    "path",
    [
        "serviceloop/service/services/sla.py",
        "serviceloop/service/services/cases_transitions.py",
        "serviceloop/service/selectors/charges.py",
        "serviceloop/service/tests/test_sla.py",
        "serviceloop/service/tests/test_cases_pages.py",
        "serviceloop/service/tests/charges_builders.py",
        "serviceloop/service/tests/conftest.py",
        "serviceloop/service/models/__init__.py",
        "serviceloop/service/views/common.py",
        "serviceloop/service/tasks.py",
        "serviceloop/service/testing.py",
        "serviceloop/service/migrations/0001_initial.py",
        "serviceloop/service/templatetags/cases_extra.py",
        "serviceloop/parts/services/alerts.py",
    ],
)
def test_the_anatomy_rule_lets_topic_names_and_the_conventional_modules_through(tmp_path, path):
    plant(tmp_path, path, "")
    assert service_modules_off_the_anatomy(tmp_path) == []
