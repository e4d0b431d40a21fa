"""One click from a low survey answer to the complaint it opens, and the complaint's page
telling which answer it came from (a panel of the service app's page)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from serviceloop.accounts.permissions import role_required
from serviceloop.core.extensions import Panel
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import tell_refused
from serviceloop.service.permissions import COMPLAINT_OPENERS

from ..permissions import ANSWER_READERS
from ..selectors.complaints import answer_of, complaint_source
from ..selectors.responses import response_for, responses_for
from ..services.complaints import complaint_from_answer

# Who reads the answer and opens complaints.
ANSWER_COMPLAINT_OPENERS = ANSWER_READERS & COMPLAINT_OPENERS


@require_POST
@role_required(*ANSWER_COMPLAINT_OPENERS)
@submitted_once
def answer_complaint(request, pk: int, answer_pk: int):
    response = response_for(request.user, pk)
    answer = answer_of(response, answer_pk)
    try:
        complaint = complaint_from_answer(by=request.user, answer=answer)
    except ValidationError as error:
        tell_refused(request, error, fallback="")
        return redirect("surveys:response_detail", pk=response.pk)
    return redirect("service:complaint_detail", pk=complaint.pk)


def complaint_answer_panel(*, request, complaint):
    """On the complaint's page: the survey answer it came from, linked when the user reads
    the response (plugged into service.complaint_panels from SurveysConfig.ready())."""
    source = complaint_source(complaint.pk)
    if source is None:
        return None
    readable = responses_for(request.user).filter(pk=source.response_id).exists()
    context = {"source": source, "readable": readable}
    return Panel("surveys/panels/complaint_answer.html", context)
