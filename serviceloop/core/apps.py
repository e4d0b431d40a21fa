from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "serviceloop.core"
    verbose_name = _("Core")

    def ready(self):
        from .ids import guard_id_lookups

        guard_id_lookups()
