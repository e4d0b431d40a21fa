from django.urls import path

from .views import (
    cases,
    charges,
    diagnosis,
    feedback,
    feedback_complaints,
    reports,
    settings,
    visits,
)
from .views.cases_documents import case_document
from .views.feedback_documents import blank_feedback_form, case_feedback_document
from .views.reports_documents import report_document

app_name = "service"

urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("new/", cases.case_open, name="case_open"),
    path("new/from-email/", cases.case_from_email, name="case_from_email"),
    path("new/discard/", cases.case_draft_discard, name="case_draft_discard"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/document/", case_document, name="case_document"),
    path("<int:pk>/triage/", cases.case_triage, name="case_triage"),
    path("<int:pk>/move/<slug:move>/", cases.case_move, name="case_move"),
    path("<int:pk>/notes/", cases.case_note, name="case_note"),
    path("<int:pk>/readings/", cases.case_reading, name="case_reading"),
    path("<int:pk>/visits/", visits.case_plan_visit, name="case_plan_visit"),
    path("<int:pk>/report/", reports.report_form, name="report_form"),
    path("<int:pk>/report/sign/", reports.report_sign, name="report_sign"),
    path(
        "<int:pk>/reports/<int:report_pk>/addenda/", reports.report_addendum, name="report_addendum"
    ),
    path(
        "<int:pk>/reports/<int:report_pk>/signature/",
        reports.report_signature,
        name="report_signature",
    ),
    path("<int:pk>/reports/<int:report_pk>/document/", report_document, name="report_document"),
    path("<int:pk>/close/", feedback.case_close, name="case_close"),
    path("<int:pk>/feedback/document/", case_feedback_document, name="feedback_document"),
    path("<int:pk>/attachments/", cases.case_attach, name="case_attach"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/<slug:variant>/",
        cases.attachment_file,
        name="attachment_file",
    ),
    path("<int:pk>/diagnosis/", diagnosis.case_findings, name="case_findings"),
    path("<int:pk>/similar/", diagnosis.case_similar, name="case_similar"),
    path("<int:pk>/requests/new/", diagnosis.info_request_new, name="info_request_new"),
    path("<int:pk>/quotes/new/", charges.quote_new, name="quote_new"),
    path("<int:pk>/quotes/<int:quote_pk>/send/", charges.quote_send, name="quote_send"),
    path("<int:pk>/quotes/<int:quote_pk>/sign/", charges.quote_sign, name="quote_sign"),
    path(
        "<int:pk>/quotes/<int:quote_pk>/purchase-order/",
        charges.quote_purchase_order,
        name="quote_purchase_order",
    ),
    path(
        "<int:pk>/quotes/<int:quote_pk>/withdraw/",
        charges.quote_withdraw,
        name="quote_withdraw",
    ),
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/blank/", blank_feedback_form, name="feedback_blank_document"),
    path("complaints/", feedback.complaint_list, name="complaint_list"),
    path("complaints/new/", feedback_complaints.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", feedback.complaint_detail, name="complaint_detail"),
    path("dispatch/", visits.dispatch_board, name="dispatch_board"),
    path("settings/calendar/", settings.calendar_days, name="calendar_days"),
    path(
        "settings/calendar/<int:pk>/remove/",
        settings.calendar_day_remove,
        name="calendar_day_remove",
    ),
    path("settings/sla/", settings.sla_policies, name="sla_policies"),
    path("settings/rates/", charges.charge_rates, name="charge_rates"),
    path("settings/sla/<int:pk>/", settings.sla_policy_edit, name="sla_policy_edit"),
    path("engineers/", settings.engineers, name="engineers"),
    path("engineers/<int:pk>/", settings.engineer_edit, name="engineer_edit"),
    path("my-day/", visits.my_day, name="my_day"),
    path("visits/<int:pk>/check-in/", visits.visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", visits.visit_check_out, name="visit_check_out"),
]
