from django.urls import path

from serviceloop.service.views.cases_documents import portal_case_document
from serviceloop.service.views.reports_documents import portal_report_document

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/document/", views.unit_document, name="unit_document"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/document/", portal_case_document, name="case_document"),
    path(
        "cases/<int:pk>/reports/<int:report_pk>/document/",
        portal_report_document,
        name="report_document",
    ),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/<slug:variant>/",
        views.attachment_file,
        name="attachment_file",
    ),
]
