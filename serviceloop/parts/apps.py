from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartsConfig(AppConfig):
    name = "serviceloop.parts"
    verbose_name = _("Spare parts")

    def ready(self) -> None:
        # The parts app plugs its sections and steps into the service loop's extension
        # points (docs/decisions/0008): the service app never imports this one.
        from . import plugs  # noqa: F401
