"""Case pages: the queue, opening a case (from a call or a pasted e-mail), the case page and
the moves, notes, readings and photos written on it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.core.extensions import Panel
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_inline, shown_form
from serviceloop.core.paging import LargePaginator
from serviceloop.core.security_log import log_security_event
from serviceloop.customers.selectors import customers_for, search_customers

from ..forms import (
    AttachmentForm,
    CaseFilterForm,
    FindingsForm,
    MoveForm,
    NoteForm,
    OpenCaseForm,
    PurchaseOrderForm,
    ReadingForm,
    SendQuoteForm,
    TriageForm,
    VisitForm,
)
from ..models import Case
from ..permissions import CASE_LIST_ROLES, CASE_OPENING_ROLES
from ..selectors import cases as case_selectors
from ..selectors.cases_intake import read_pasted_email
from ..selectors.cases_search import explain_matches, search_cases
from ..selectors.cases_sheets import case_sheet
from ..services import cases as services
from ..services import cases_transitions, cases_work
from .common import case_openers, case_viewers, serve_attachment
from .links import shown_once

# move name -> the service doing it; the moves that need text take it from the form.
MOVES = {
    "start_remote_diagnosis": services.start_remote_diagnosis,
    "schedule_visit": services.schedule_visit,
    "need_visit": services.need_visit,
    "wait_for_customer": services.wait_for_customer,
    "wait_for_parts": services.wait_for_parts,
    "resume": services.resume,
    "check_in": services.check_in,
    "follow_up_visit": services.follow_up_visit,
    "not_fixed_remote": services.not_fixed_remote,
    "not_fixed_visit": services.not_fixed_visit,
}


def _filtered(request, filters: CaseFilterForm):
    cases = case_selectors.queue(request.user)
    if not filters.is_valid():
        return cases
    data = filters.cleaned_data
    if data["state"] == "all":
        cases = case_selectors.case_list(request.user).order_by("-opened_at")
    elif data["state"]:
        cases = (
            case_selectors.case_list(request.user)
            .filter(state=data["state"])
            .order_by("-opened_at")
        )
    if data["priority"]:
        cases = cases.filter(priority=data["priority"])
    if data["mine"]:
        cases = cases.filter(assignee=request.user)
    if data["q"].strip():
        cases = search_cases(cases, data["q"], customers=customers_for(request.user))
    return cases


@vary_on_headers("HX-Request")
@case_viewers
def case_list(request):
    filters = CaseFilterForm(request.GET or None)
    cases = _filtered(request, filters)
    page = LargePaginator(cases, 50, read=case_selectors.listed).get_page(request.GET.get("page"))
    if filters.is_valid() and filters.cleaned_data["q"].strip():
        explain_matches(page.object_list, filters.cleaned_data["q"])
    template = "service/case_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#case_rows"
    context = {
        "page": page,
        "filters": filters,
        "now": timezone.now(),
        "may_open": request.user.role in CASE_OPENING_ROLES,
    }
    return render(request, template, context)


EMAIL_DRAFT = "case-draft-from-email"


@case_openers
@submitted_once
def case_open(request):
    customers = customers_for(request.user).filter(archived_at__isnull=True)
    draft = request.session.get(EMAIL_DRAFT) or {}
    initial = {**draft, "customer": request.GET.get("customer") or draft.get("customer")}
    form = OpenCaseForm(request.POST or None, customers=customers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session.pop(EMAIL_DRAFT, None)
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("service:case_detail", pk=case.pk)
    query = request.GET.get("q", "")
    found = search_customers(customers, query)[:20] if query else []
    context = {"form": form, "query": query, "found": found, "from_email": bool(draft)}
    if request.htmx and "q" in request.GET:
        return render(request, "service/case_open.html#customer_results", context)
    return render(request, "service/case_open.html", context)


@require_POST
@case_openers
def case_from_email(request):
    """A pasted e-mail fills in the case form; the coordinator checks it and opens the case.
    The draft waits in the session while the customer is chosen, so nothing typed is lost."""
    text = request.POST.get("email_text", "")[:20000]
    if not text.strip():
        messages.error(request, _("Paste the e-mail's text first."))
        return redirect("service:case_open")
    draft, found = case_selectors.case_draft_from_email(request.user, read_pasted_email(text))
    request.session[EMAIL_DRAFT] = draft
    if found:
        messages.info(
            request, _("Recognised: %(what)s. Check the form.") % {"what": "; ".join(found)}
        )
    if draft["customer"] is None:
        messages.warning(
            request,
            _("The sender is not a known contact: choose the customer, the e-mail is kept."),
        )
        return redirect("service:case_open")
    return redirect(reverse("service:case_open") + f"?customer={draft['customer']}")


@require_POST
@case_openers
def case_draft_discard(request):
    request.session.pop(EMAIL_DRAFT, None)
    return redirect("service:case_open")


@case_viewers
def case_detail(request, pk: int):
    """The case's sheet (its page's reads and the later apps' panels) and the page's forms;
    a refused post shows this page again with its bound form (core.forms.save_inline)."""
    sheet = case_sheet(request, pk)
    case = sheet.case
    context = {
        **sheet.as_context(),
        "now": timezone.now(),
        "triage_form": shown_form(request, "triage_form", TriageForm(case=case)),
        "move_forms": [
            (move, shown_form(request, f"move_{move}", MoveForm())) for move in sheet.moves
        ],
        "note_form": shown_form(request, "note_form", NoteForm()),
        "reading_form": shown_form(
            request,
            "reading_form",
            ReadingForm(initial={"taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}),
        ),
        "attach_form": shown_form(request, "attach_form", AttachmentForm()),
        "billing_choices": Case.Billing.choices,
        "visit_form": shown_form(request, "visit_form", VisitForm(case=case)),
        "findings_form": shown_form(
            request, "findings_form", FindingsForm(initial={"diagnosis": case.diagnosis})
        ),
        "quotes": [
            (quote, totals, _quote_forms(request, case, quote)) for quote, totals in sheet.quotes
        ],
        "feedback_qr": shown_once(request, "feedback", case),
        "request_link": shown_once(request, "info-request", case),
        "quote_link": shown_once(request, "quote", case),
    }
    return render(request, "service/case_detail.html", context)


def _quote_forms(request, case, quote) -> dict:
    email = case.reporter.email if case.reporter_id else ""
    send = SendQuoteForm(initial={"email": email})
    return {
        "send": shown_form(request, f"send_quote_{quote.pk}", send),
        "order": shown_form(request, f"purchase_order_{quote.pk}", PurchaseOrderForm()),
    }


@require_POST
@case_viewers
def case_move(request, pk: int, move: str):
    case = case_selectors.case_for(request.user, pk)
    if move not in cases_transitions.TRANSITIONS:
        raise Http404
    return save_inline(
        MoveForm(request.POST),
        request,
        lambda data: _do(request.user, case, move, data),
        page="service:case_detail",
        name=f"move_{move}",
        success=_("Done."),
        pk=case.pk,
    )


def _do(user, case, move: str, data: dict) -> None:
    version, text = data["version"], data["text"]
    if move in MOVES:
        MOVES[move](by=user, case=case, version=version, note=text)
    elif move in ("resolve_remotely", "resolve_on_site"):
        getattr(services, move)(by=user, case=case, version=version, resolution=text)
    elif move == "close":
        services.close_case(
            by=user,
            case=case,
            version=version,
            root_cause=data["root_cause"],
            billing=data["billing"],
        )
    elif move == "reopen":
        services.reopen_case(by=user, case=case, version=version, reason=text)
    elif move == "cancel":
        services.cancel_case(by=user, case=case, version=version, reason=text)
    else:
        raise ValidationError(_("Use the triage form for this step."))


@require_POST
@case_viewers
def case_triage(request, pk: int):
    case = case_selectors.case_for(request.user, pk)
    return save_inline(
        TriageForm(request.POST, case=case),
        request,
        lambda data: services.triage_case(by=request.user, case=case, **data),
        page="service:case_detail",
        name="triage_form",
        success=_("The case was triaged."),
        pk=case.pk,
    )


@require_POST
@case_viewers
@submitted_once
def case_note(request, pk: int):
    case = case_selectors.case_for(request.user, pk)
    return save_inline(
        NoteForm(request.POST),
        request,
        lambda data: cases_work.add_note(by=request.user, case=case, **data),
        page="service:case_detail",
        name="note_form",
        pk=case.pk,
    )


@require_POST
@case_viewers
@submitted_once
def case_reading(request, pk: int):
    case = case_selectors.case_for(request.user, pk)
    return save_inline(
        ReadingForm(request.POST),
        request,
        lambda data: cases_work.add_reading(by=request.user, case=case, **data),
        page="service:case_detail",
        name="reading_form",
        pk=case.pk,
    )


@require_POST
@case_viewers
@submitted_once
def case_attach(request, pk: int):
    case = case_selectors.case_for(request.user, pk)

    def attach(data):
        try:
            cases_work.attach_media(
                by=request.user, case=case, upload=data["file"], caption=data["caption"]
            )
        except (ValidationError, PermissionDenied):
            log_security_event("upload_refused", request, case=case.number)
            raise

    return save_inline(
        AttachmentForm(request.POST, request.FILES),
        request,
        attach,
        page="service:case_detail",
        name="attach_form",
        success=_("Attached."),
        pk=case.pk,
    )


@case_viewers
def attachment_file(request, pk: int, attachment_pk: int, variant: str):
    """A case's photo or video, only to who sees the case; videos as downloads."""
    case = case_selectors.case_for(request.user, pk)
    return serve_attachment(get_object_or_404(case.attachments, pk=attachment_pk), variant)


CASES_IN_TOP_SEARCH = 10


def top_search_cases_panel(*, request, query):
    """The top search's cases: the first ten the case list finds for the same words (a
    number or serial first), each with where it matched; plugged into core's `site_search`
    from ServiceConfig.ready(). A bounded number of queries, whatever the number found."""
    if request.user.role not in CASE_LIST_ROLES or not query.strip():
        return None
    found = search_cases(
        case_selectors.case_list(request.user).order_by("-opened_at"),
        query,
        customers=customers_for(request.user),
    )
    cases = case_selectors.listed(found[: CASES_IN_TOP_SEARCH + 1])
    if not cases:
        return None
    explain_matches(cases[:CASES_IN_TOP_SEARCH], query)
    context = {
        "cases": cases[:CASES_IN_TOP_SEARCH],
        "more": len(cases) > CASES_IN_TOP_SEARCH,
        "query": query,
    }
    return Panel("service/search/cases_found.html", context, order=10)
