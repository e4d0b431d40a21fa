from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/<slug:variant>/",
        views.attachment_file,
        name="attachment_file",
    ),
]
