from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("customers/<int:pk>/", views.customer_record, name="customer_record"),
    path("units/<int:pk>/", views.unit_record, name="unit_record"),
    path("customers/<int:pk>/document/", views.customer_document, name="customer_document"),
    path("units/<int:pk>/document/", views.unit_document, name="unit_document"),
]
