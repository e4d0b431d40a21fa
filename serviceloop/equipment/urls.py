from django.urls import path

from . import views

app_name = "equipment"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/options/", views.unit_options, name="unit_options"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/archive/", views.unit_archive, name="unit_archive"),
    path("units/<int:pk>/label/", views.unit_label, name="unit_label"),
    path("units/<int:pk>/documents/", views.unit_document_upload, name="unit_document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("u/<path:serial>/", views.unit_by_serial, name="unit_by_serial"),
    path("models/", views.model_list, name="model_list"),
    path("models/new/", views.model_form, name="model_create"),
    path("models/<int:pk>/", views.model_form, name="model_edit"),
    path("customers/<int:customer_pk>/contracts/new/", views.contract_form, name="contract_create"),
    path(
        "customers/<int:customer_pk>/contracts/<int:pk>/", views.contract_form, name="contract_edit"
    ),
]
