from django.urls import path

from . import views, views_charges, views_diagnosis

app_name = "service"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("new/from-email/", views.case_from_email, name="case_from_email"),
    path("new/discard/", views.case_draft_discard, name="case_draft_discard"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/triage/", views.case_triage, name="case_triage"),
    path("<int:pk>/move/<slug:move>/", views.case_move, name="case_move"),
    path("<int:pk>/notes/", views.case_note, name="case_note"),
    path("<int:pk>/readings/", views.case_reading, name="case_reading"),
    path("<int:pk>/visits/", views.case_plan_visit, name="case_plan_visit"),
    path("<int:pk>/report/", views.report_form, name="report_form"),
    path("<int:pk>/report/sign/", views.report_sign, name="report_sign"),
    path(
        "<int:pk>/reports/<int:report_pk>/addenda/", views.report_addendum, name="report_addendum"
    ),
    path(
        "<int:pk>/reports/<int:report_pk>/signature/",
        views.report_signature,
        name="report_signature",
    ),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/attachments/", views.case_attach, name="case_attach"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/<slug:variant>/",
        views.attachment_file,
        name="attachment_file",
    ),
    path("<int:pk>/diagnosis/", views_diagnosis.case_findings, name="case_findings"),
    path("<int:pk>/requests/new/", views_diagnosis.info_request_new, name="info_request_new"),
    path("<int:pk>/quotes/new/", views_charges.quote_new, name="quote_new"),
    path("<int:pk>/quotes/<int:quote_pk>/send/", views_charges.quote_send, name="quote_send"),
    path("<int:pk>/quotes/<int:quote_pk>/sign/", views_charges.quote_sign, name="quote_sign"),
    path(
        "<int:pk>/quotes/<int:quote_pk>/purchase-order/",
        views_charges.quote_purchase_order,
        name="quote_purchase_order",
    ),
    path(
        "<int:pk>/quotes/<int:quote_pk>/withdraw/",
        views_charges.quote_withdraw,
        name="quote_withdraw",
    ),
    path("complaints/", views.complaint_list, name="complaint_list"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("dispatch/", views.dispatch_board, name="dispatch_board"),
    path("settings/calendar/", views.calendar_days, name="calendar_days"),
    path(
        "settings/calendar/<int:pk>/remove/", views.calendar_day_remove, name="calendar_day_remove"
    ),
    path("settings/sla/", views.sla_policies, name="sla_policies"),
    path("settings/rates/", views_charges.charge_rates, name="charge_rates"),
    path("settings/sla/<int:pk>/", views.sla_policy_edit, name="sla_policy_edit"),
    path("engineers/", views.engineers, name="engineers"),
    path("engineers/<int:pk>/", views.engineer_edit, name="engineer_edit"),
    path("my-day/", views.my_day, name="my_day"),
    path("visits/<int:pk>/check-in/", views.visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", views.visit_check_out, name="visit_check_out"),
]
