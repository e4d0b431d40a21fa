from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
]
