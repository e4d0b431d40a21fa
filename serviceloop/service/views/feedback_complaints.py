"""Opening a complaint heard from any source (the list and the complaint's page are in
views/feedback.py, beside the feedback that opens them too)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serviceloop.core.extensions import Panel
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through

from ..forms import NewComplaintForm
from ..permissions import COMPLAINT_READERS
from ..selectors.feedback_complaints import open_complaints
from ..services.feedback_complaints import open_complaint
from .common import complaint_openers


@complaint_openers
@submitted_once
def complaint_create(request):
    form = NewComplaintForm(request.POST or None, user=request.user)
    complaint = save_through(
        form,
        request,
        lambda data: open_complaint(
            by=request.user,
            customer=data["customer"],
            case=data["case"],
            source=data["source"],
            severity=data["severity"],
            description=data["description"],
            owner=data["owner"],
        ),
        _("The complaint was opened."),
    )
    if complaint:
        return redirect("service:complaint_detail", pk=complaint.pk)
    context = {"form": form, "wide_fields": ["description"]}
    return render(request, "service/complaint_form.html", context)


def home_complaints_panel(*, request):
    """The complaints still open, oldest first, on the welcome page (the manager's home:
    decision 0010); plugged into core's `home_panels` from ServiceConfig.ready()."""
    if request.user.role not in COMPLAINT_READERS:
        return None
    shown, count = open_complaints(request.user)
    return Panel("service/panels/home_complaints.html", {"complaints": shown, "count": count})
