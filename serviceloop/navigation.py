"""The main navigation, by role. Each capability adds its entries here as it lands.

Like urls.py this module composes the apps, so it may name any of them.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Notification, User
from serviceloop.accounts.permissions import STAFF_ROLES, STAFF_VIEWING_ROLES
from serviceloop.customers.permissions import CUSTOMER_VIEWING_ROLES
from serviceloop.parts.permissions import CATALOGUE_VIEWERS, ORDER_VIEWERS, STOCK_VIEWERS
from serviceloop.service.permissions import (
    CASE_LIST_ROLES,
    COMPLAINT_READERS,
    DISPATCH_BOARD_ROLES,
    ENGINEER_DAY_ROLES,
    FEEDBACK_READERS,
    SETTINGS_VIEWING_ROLES,
)
from serviceloop.surveys.permissions import ANSWER_READERS, SURVEY_DESIGNERS

Role = User.Role
# The clerk's day is the stock pages; the others reach the ledger and the repairs from the
# stock page's tabs.
CLERK = frozenset({Role.WAREHOUSE})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


MENU = [
    NavItem(_("Home"), "core:home", STAFF_ROLES),
    NavItem(_("My portal"), "portal:home", frozenset({Role.CUSTOMER})),
    NavItem(_("My day"), "service:my_day", ENGINEER_DAY_ROLES),
    NavItem(_("Cases"), "service:case_list", CASE_LIST_ROLES),
    NavItem(_("Dispatch"), "service:dispatch_board", DISPATCH_BOARD_ROLES),
    NavItem(_("Complaints"), "service:complaint_list", COMPLAINT_READERS),
    NavItem(_("Feedback"), "service:feedback_list", FEEDBACK_READERS),
    NavItem(_("Surveys"), "surveys:questionnaire_list", SURVEY_DESIGNERS),
    NavItem(_("Survey campaigns"), "surveys:campaign_list", SURVEY_DESIGNERS),
    NavItem(_("Survey answers"), "surveys:response_list", ANSWER_READERS),
    NavItem(_("Feedback analysis"), "surveys:feedback_analysis", ANSWER_READERS),
    NavItem(_("Service settings"), "service:sla_policies", SETTINGS_VIEWING_ROLES),
    NavItem(_("Stock"), "parts:stock", STOCK_VIEWERS),
    NavItem(_("Ledger"), "parts:ledger", CLERK),
    NavItem(_("To pick"), "parts:reservations", CLERK),
    NavItem(_("Orders to HQ"), "parts:order_list", ORDER_VIEWERS),
    NavItem(_("Repairs"), "parts:repair_list", CLERK | {Role.HQ}),
    NavItem(_("Replenishment"), "parts:replenishment", CLERK | {Role.MANAGER}),
    NavItem(_("Parts"), "parts:catalogue", CATALOGUE_VIEWERS),
    NavItem(_("Customers"), "customers:customer_list", CUSTOMER_VIEWING_ROLES),
    NavItem(_("Equipment"), "equipment:unit_list", CUSTOMER_VIEWING_ROLES),
    NavItem(_("Models"), "equipment:model_list", CUSTOMER_VIEWING_ROLES),
    NavItem(_("Staff"), "accounts:staff_list", STAFF_VIEWING_ROLES),
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN})),
]


def menu_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return _menu(user.role, get_script_prefix())


@cache
def _menu(role: str, script_prefix: str) -> list[dict]:
    """A role's menu, its addresses reversed once per process (the labels stay lazy, each
    page shows them in its reader's language): every page's frame shows it."""
    return [
        {"label": item.label, "url": reverse(item.url_name), "name": item.url_name}
        for item in MENU
        if role in item.roles
    ]


def shell(request) -> dict:
    """What every page's frame needs: the menu and the language switch."""
    user = request.user
    # Read with the signed-in user (accounts.backends); counted here for a user loaded
    # another way.
    unread = getattr(user, "unread_notifications", None)
    if unread is None:
        unread = (
            Notification.objects.filter(user_id=user.pk, read_at=None).count()
            if user.is_authenticated
            else 0
        )
    return {
        "nav_items": menu_for(user),
        "shell_languages": settings.LANGUAGES,
        "unread_notifications": unread,
    }
