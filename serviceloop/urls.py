from django.contrib import admin
from django.urls import include, path

from serviceloop.service.views import charges as charge_views
from serviceloop.service.views import diagnosis as diagnosis_views
from serviceloop.service.views import feedback as feedback_views
from serviceloop.surveys.views import answering as survey_answering

urlpatterns = [
    path("", include("serviceloop.core.urls")),
    path("accounts/", include("serviceloop.accounts.urls")),
    path("customers/", include("serviceloop.customers.urls")),
    path("equipment/", include("serviceloop.equipment.urls")),
    path("records/", include("serviceloop.records.urls")),
    path("cases/", include("serviceloop.service.urls")),
    # The customer's one-time links (feedback, readings asked for, quote approval): no
    # sign-in; outside /cases/ on purpose.
    path("feedback/<str:token>/", feedback_views.feedback, name="feedback"),
    path("request/<str:token>/", diagnosis_views.info_request, name="info_request"),
    path("quote/<str:token>/", charge_views.quote_decision, name="quote_decision"),
    path("survey/<str:token>/", survey_answering.survey, name="survey"),
    path("parts/", include("serviceloop.parts.urls")),
    path("surveys/", include("serviceloop.surveys.urls")),
    path("transfer/", include("serviceloop.transfer.urls")),
    path("portal/", include("serviceloop.portal.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "serviceloop.core.views.permission_denied"
handler404 = "serviceloop.core.views.page_not_found"
handler500 = "serviceloop.core.views.server_error"
