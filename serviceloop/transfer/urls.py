from django.urls import path

from . import views

app_name = "transfer"

urlpatterns = [
    path("<slug:kind>/import/", views.import_list, name="import"),
    path("<slug:kind>/import/apply/", views.import_apply, name="import_apply"),
    path("<slug:kind>/export/", views.export_list, name="export"),
]
