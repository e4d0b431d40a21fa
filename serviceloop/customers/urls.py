from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("new/", views.customer_create, name="customer_create"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/archive/", views.customer_archive, name="customer_archive"),
    path("<int:pk>/restore/", views.customer_restore, name="customer_restore"),
    path("<int:pk>/merge/", views.customer_merge, name="customer_merge"),
    path("<int:customer_pk>/sites/new/", views.site_form, name="site_create"),
    path("<int:customer_pk>/sites/<int:pk>/", views.site_form, name="site_edit"),
    path("<int:customer_pk>/contacts/new/", views.contact_form, name="contact_create"),
    path("<int:customer_pk>/contacts/<int:pk>/", views.contact_form, name="contact_edit"),
    path(
        "<int:customer_pk>/interactions/new/", views.interaction_create, name="interaction_create"
    ),
    path("divisions/", views.division_options, name="division_options"),
]
