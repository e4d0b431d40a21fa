from django.urls import path

from . import views

app_name = "service"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/triage/", views.case_triage, name="case_triage"),
    path("<int:pk>/move/<slug:move>/", views.case_move, name="case_move"),
    path("<int:pk>/notes/", views.case_note, name="case_note"),
    path("<int:pk>/readings/", views.case_reading, name="case_reading"),
]
