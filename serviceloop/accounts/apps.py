from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "serviceloop.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import security_events  # noqa: F401  (connects the signal receivers)
