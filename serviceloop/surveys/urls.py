from django.urls import path

from .views import (
    analysis,
    campaigns,
    case_feedback,
    complaints,
    drivers,
    paper,
    questionnaires,
    questionnaires_builder,
    responses,
)

app_name = "surveys"

# Staff pages under /surveys/; the public answering page is /survey/<token>/ (root urls).
urlpatterns: list = [
    path("questionnaires/", questionnaires.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", questionnaires.questionnaire_create, name="questionnaire_create"),
    path(
        "questionnaires/<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire_detail"
    ),
    path(
        "questionnaires/<int:pk>/edit/",
        questionnaires.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path("questionnaires/<int:pk>/new-version/", questionnaires.version_new, name="version_new"),
    path("versions/<int:pk>/document/", questionnaires.version_document, name="version_document"),
    path(
        "versions/<int:pk>/sections/new/",
        questionnaires_builder.section_create,
        name="section_create",
    ),
    path("sections/<int:pk>/edit/", questionnaires_builder.section_edit, name="section_edit"),
    path("sections/<int:pk>/move/", questionnaires_builder.section_move, name="section_move"),
    path("sections/<int:pk>/remove/", questionnaires_builder.section_remove, name="section_remove"),
    path(
        "sections/<int:pk>/questions/new/",
        questionnaires_builder.question_create,
        name="question_create",
    ),
    path("questions/<int:pk>/edit/", questionnaires_builder.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", questionnaires_builder.question_move, name="question_move"),
    path(
        "questions/<int:pk>/remove/", questionnaires_builder.question_remove, name="question_remove"
    ),
    path("responses/", responses.responses, name="response_list"),
    path("responses/<int:pk>/", responses.response_detail, name="response_detail"),
    path("responses/<int:pk>/document/", responses.response_document, name="response_document"),
    path(
        "responses/<int:pk>/answers/<int:answer_pk>/complaint/",
        complaints.answer_complaint,
        name="answer_complaint",
    ),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/audience/", campaigns.campaign_audience, name="campaign_audience"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/rate/", campaigns.campaign_rate, name="campaign_rate"),
    path("campaigns/<int:pk>/launch/", campaigns.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/analysis/", analysis.campaign_analysis, name="campaign_analysis"),
    path("campaigns/<int:pk>/drivers/", drivers.campaign_drivers, name="campaign_drivers"),
    path(
        "campaigns/<int:pk>/answers.xlsx",
        analysis.campaign_answers_export,
        name="campaign_answers_export",
    ),
    path(
        "campaigns/<int:pk>/results.xlsx",
        analysis.campaign_results_export,
        name="campaign_results_export",
    ),
    path(
        "questionnaires/<int:pk>/trend/", analysis.questionnaire_trend, name="questionnaire_trend"
    ),
    path("case-feedback/", case_feedback.feedback_analysis, name="feedback_analysis"),
    path("paper/", paper.paper_versions, name="paper_versions"),
    path("paper/<int:version_pk>/", paper.paper_form, name="paper_form"),
    path("paper/<int:version_pk>/template.xlsx", paper.paper_template, name="paper_template"),
]
