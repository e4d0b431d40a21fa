"""Questionnaires: the list, a questionnaire's page (its versions; one version as the
respondent sees it), creating one, a new version, and the blank paper form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from serviceloop.core.documents import DocumentForm, document_response
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through, show_refused, shown_form
from serviceloop.core.ids import parse_id

from ..forms.questionnaires import NewVersionForm, QuestionnaireForm
from ..permissions import SURVEY_DESIGNERS
from ..selectors import questionnaires as selectors
from ..services import questionnaires as services
from .common import answer_readers, survey_designers

QUESTIONNAIRE = DocumentForm(
    "SL-F-07", "客户服务满意度调查问卷", gettext_lazy("Customer service satisfaction questionnaire")
)
# The respondent's roles a paper form offers to tick (domain-reference §6.2 header).
RESPONDENT_ROLES = [
    gettext_lazy("Production"),
    gettext_lazy("Maintenance"),
    gettext_lazy("Quality"),
    gettext_lazy("Purchasing"),
    gettext_lazy("Management"),
]
SMALLINT_MAX = 32767


@answer_readers
def questionnaire_list(request):
    context = {
        "questionnaires": selectors.questionnaire_list(request.user),
        "may_design": request.user.role in SURVEY_DESIGNERS,
    }
    return render(request, "surveys/questionnaire_list.html", context)


@answer_readers
def questionnaire_detail(request, pk: int):
    """The questionnaire's versions, and the one chosen (`?version=`, else the newest) as
    the respondent sees it in the page's language."""
    questionnaire = selectors.questionnaire_for(request.user, pk)
    number = parse_id(request.GET.get("version"))
    version = selectors.version_numbered(
        questionnaire, number if number and number <= SMALLINT_MAX else None
    )
    context = {
        "questionnaire": questionnaire,
        "versions": selectors.versions_of(questionnaire),
        "version": version,
        "locked": version is not None and selectors.is_locked(version),
        "may_design": request.user.role in SURVEY_DESIGNERS,
        "new_version_form": shown_form(request, "new_version_form", NewVersionForm()),
    }
    return render(request, "surveys/questionnaire_detail.html", context)


def _questionnaire_form(request, questionnaire=None):
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)

    def save(data):
        if questionnaire is None:
            return services.create_questionnaire(by=request.user, **data)
        return services.rename_questionnaire(
            by=request.user, questionnaire=questionnaire, changes=data
        )

    saved = save_through(form, request, save, _("The questionnaire was saved."))
    if saved is not None:
        return redirect("surveys:questionnaire_detail", pk=saved.pk)
    context = {"form": form, "questionnaire": questionnaire}
    return render(request, "surveys/questionnaire_form.html", context)


@survey_designers
@submitted_once
def questionnaire_create(request):
    return _questionnaire_form(request)


@survey_designers
def questionnaire_edit(request, pk: int):
    return _questionnaire_form(request, selectors.questionnaire_for(request.user, pk))


@require_POST
@survey_designers
@submitted_once
def version_new(request, pk: int):
    """The newest version copied as the next number, to edit (answers keep theirs)."""
    questionnaire = selectors.questionnaire_for(request.user, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        return show_refused(
            request, "surveys:questionnaire_detail", {"new_version_form": form}, pk=pk
        )
    version = services.new_version(
        questionnaire=questionnaire, by=request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request, _("Version %(number)s was made to edit.") % {"number": version.number}
    )
    return redirect(version_url(version))


@answer_readers
def version_document(request, pk: int):
    """The version as a blank paper form to fill in by hand (print page, or PDF)."""
    version = selectors.version_for(request.user, pk)
    return document_response(
        request,
        template="surveys/documents/questionnaire.html",
        form=QUESTIONNAIRE,
        filename=f"{version.questionnaire.code}-v{version.number}",
        as_pdf=request.GET.get("format") == "pdf",
        context={
            "version": version,
            "questionnaire": version.questionnaire,
            "respondent_roles": RESPONDENT_ROLES,
            "back_url": version_url(version),
        },
    )


def version_url(version) -> str:
    """The questionnaire's page showing this version."""
    url = reverse("surveys:questionnaire_detail", args=[version.questionnaire_id])
    return f"{url}?version={version.number}"
