from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """Import and export of lists (.xlsx, CSV). Calls the domain apps' services; no models."""

    name = "serviceloop.transfer"
    verbose_name = _("Import and export")
