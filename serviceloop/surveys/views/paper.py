"""Paper answers typed in by staff: choose the questionnaire version, then fill in its form;
and the .xlsx template of a version for importing many respondents at once."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through

from ..forms.paper import PaperResponseForm
from ..selectors.campaigns import versions_for
from ..selectors.questionnaires import version_for
from ..services.answers import record_paper_response
from ..services.import_columns import answer_template
from .common import answer_recorders


@answer_recorders
def paper_versions(request):
    """Which questionnaire the paper form answered."""
    return render(request, "surveys/paper_versions.html", {"versions": versions_for(request.user)})


@answer_recorders
@submitted_once
def paper_form(request, version_pk: int):
    """One respondent's paper form; refused, it comes back as typed with the reasons."""
    version = version_for(request.user, version_pk)
    form = PaperResponseForm(
        request.POST or None,
        version=version,
        user=request.user,
        initial={"surveyed_on": timezone.localdate()},
    )
    saved = save_through(
        form,
        request,
        lambda data: record_paper_response(
            by=request.user, version=version, respondent=form.respondent, answers=form.answers
        ),
        _("The answers are recorded."),
    )
    if saved is not None:
        return redirect("surveys:response_detail", pk=saved.pk)
    return render(request, "surveys/paper_form.html", {"form": form, "version": version})


@answer_recorders
def paper_template(request, version_pk: int):
    """The import template of this version: a column per question (see services.imports)."""
    version = version_for(request.user, version_pk)
    content = answer_template(version)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"answers-{version.questionnaire.code}-v{version.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
