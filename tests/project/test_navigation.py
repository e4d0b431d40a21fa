import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role


def _menu(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"), follow=True)
    return [item["name"] for item in response.context["nav_items"]]


ARCHIVE = ["customers:customer_list", "equipment:unit_list", "equipment:model_list"]
CASES = ["service:case_list"]
DISPATCH = ["service:case_list", "service:dispatch_board", "service:complaint_list"]
FEEDBACK = ["service:feedback_list"]
SURVEYS = ["surveys:questionnaire_list", "surveys:campaign_list"]
ANSWERS = ["surveys:response_list", "surveys:feedback_analysis"]
SETTINGS = ["service:sla_policies"]
STOCK = ["parts:stock"]
ORDERS = ["parts:order_list"]
CATALOGUE = ["parts:catalogue"]
CLERK = [
    "parts:stock",
    "parts:ledger",
    "parts:reservations",
    "parts:order_list",
    "parts:repair_list",
    "parts:replenishment",
    "parts:catalogue",
]


@pytest.mark.django_db
def test_each_role_sees_its_own_navigation(client, users):
    assert _menu(client, users[Role.ADMIN]) == [
        "core:home",
        *DISPATCH,
        *FEEDBACK,
        *SURVEYS,
        *ANSWERS,
        *SETTINGS,
        *STOCK,
        *ORDERS,
        *CATALOGUE,
        *ARCHIVE,
        "accounts:staff_list",
        "admin:index",
    ]
    assert _menu(client, users[Role.MANAGER]) == [
        "core:home",
        *DISPATCH,
        *FEEDBACK,
        *SURVEYS,
        *ANSWERS,
        *SETTINGS,
        *STOCK,
        *ORDERS,
        "parts:replenishment",
        *CATALOGUE,
        *ARCHIVE,
        "accounts:staff_list",
    ]
    assert _menu(client, users[Role.HQ]) == [
        "core:home",
        *DISPATCH,
        *FEEDBACK,
        *ANSWERS,
        *SETTINGS,
        *STOCK,
        *ORDERS,
        "parts:repair_list",
        *CATALOGUE,
        *ARCHIVE,
        "accounts:staff_list",
    ]
    assert _menu(client, users[Role.COORDINATOR]) == [
        "core:home",
        *DISPATCH,
        *FEEDBACK,
        *ANSWERS,
        *STOCK,
        *CATALOGUE,
        *ARCHIVE,
    ]
    assert _menu(client, users[Role.ENGINEER]) == [
        "core:home",
        "service:my_day",
        *CASES,
        *STOCK,
        *CATALOGUE,
        *ARCHIVE,
    ]
    assert _menu(client, users[Role.ACCOUNT_MANAGER]) == [
        "core:home",
        *CASES,
        "service:complaint_list",  # its own customers' complaints
        *FEEDBACK,
        *ANSWERS,
        *CATALOGUE,
        *ARCHIVE,
    ]
    assert _menu(client, users[Role.WAREHOUSE]) == ["core:home", *CASES, *CLERK]
    assert _menu(client, users[Role.CUSTOMER]) == ["portal:home"]


@pytest.mark.django_db
def test_every_menu_entry_opens_for_the_roles_that_see_it(client, users):
    for user in users.values():
        client.force_login(user)
        for item in client.get(reverse("core:home"), follow=True).context["nav_items"]:
            assert client.get(item["url"]).status_code == 200, (user.role, item["name"])
