from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "serviceloop.service"
    verbose_name = _("Service")

    def ready(self) -> None:
        post_migrate.connect(_ensure_case_search, sender=self)
        # The service app's own step on a case's end is the first of the ordered list later
        # apps add theirs to (docs/decisions/0014-the-seam-on-the-case.md).
        from serviceloop.core.extensions import home_panels, site_search
        from serviceloop.customers.extensions import customer_panels

        from . import extensions
        from .services.charges import withdraw_open_quotes
        from .views import cases, feedback_complaints, feedback_panels

        extensions.case_ending.plug(withdraw_open_quotes, order=extensions.WITHDRAW_QUOTES)
        # The customers' feedback on the case page and on the customer's profile record.
        extensions.case_panels.plug(
            feedback_panels.case_feedback_panel, order=feedback_panels.CASE_FEEDBACK_ORDER
        )
        customer_panels.plug(feedback_panels.customer_feedback_panel)
        # The open complaints on the manager's home (the welcome page, decision 0010).
        home_panels.plug(feedback_complaints.home_complaints_panel)
        # Cases found by the top search box, before the other apps' sections (decision 0018).
        site_search.plug(cases.top_search_cases_panel)


def _ensure_case_search(*, using: str, **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds it: recreate the search
    index's after every migrate (service.models.cases_search)."""
    from .models.cases_search import ensure_case_search

    ensure_case_search(connections[using])
