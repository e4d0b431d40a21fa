from django.contrib import admin
from django.urls import include, path

from serviceloop.service import views as service_views

urlpatterns = [
    path("", include("serviceloop.core.urls")),
    path("accounts/", include("serviceloop.accounts.urls")),
    path("customers/", include("serviceloop.customers.urls")),
    path("equipment/", include("serviceloop.equipment.urls")),
    path("records/", include("serviceloop.records.urls")),
    path("cases/", include("serviceloop.service.urls")),
    # The customer's one-time feedback link (no sign-in); outside /cases/ on purpose.
    path("feedback/<str:token>/", service_views.feedback, name="feedback"),
    path("transfer/", include("serviceloop.transfer.urls")),
    path("portal/", include("serviceloop.portal.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "serviceloop.core.views.permission_denied"
handler404 = "serviceloop.core.views.page_not_found"
handler500 = "serviceloop.core.views.server_error"
