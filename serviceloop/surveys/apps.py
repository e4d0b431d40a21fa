from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "serviceloop.surveys"
    verbose_name = _("Satisfaction surveys")

    def ready(self) -> None:
        # A complaint opened from a survey answer names that answer on its page.
        from serviceloop.service.extensions import complaint_panels

        from .views.complaints import complaint_answer_panel

        complaint_panels.plug(complaint_answer_panel)
