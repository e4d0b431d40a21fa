from datetime import date

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.permissions import role_required
from serviceloop.core.security_log import log_security_event
from serviceloop.customers.selectors import customers_for, search_customers

from . import charges, selectors, transitions
from .downloads import serve_attachment
from .forms import (
    CalendarDayForm,
    CaseFilterForm,
    CertificationForm,
    ComplaintForm,
    EngineerProfileForm,
    FeedbackForm,
    FindingsForm,
    MoveForm,
    NoteForm,
    OpenCaseForm,
    ReadingForm,
    ReportForm,
    SignForm,
    SlaTargetsForm,
    TriageForm,
    VisitForm,
)
from .intake import read_pasted_email
from .models import CalendarDay, Case, SlaPolicy
from .services import cases as services
from .services import charges as charge_services
from .services import diagnosis as diagnosis_services
from .services import feedback as feedback_services
from .services import reports as report_services
from .services import settings as settings_services
from .services import visits as visit_services

case_viewers = role_required(
    Role.ADMIN,
    Role.MANAGER,
    Role.COORDINATOR,
    Role.ENGINEER,
    Role.HQ,
    Role.ACCOUNT_MANAGER,
    Role.WAREHOUSE,
)
case_openers = role_required(*services.OPENING_ROLES)

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
    cases = selectors.queue(request.user)
    if not filters.is_valid():
        return cases
    data = filters.cleaned_data
    if data["state"] == "all":
        cases = selectors.case_list(request.user).order_by("-opened_at")
    elif data["state"]:
        cases = selectors.case_list(request.user).filter(state=data["state"]).order_by("-opened_at")
    if data["priority"]:
        cases = cases.filter(priority=data["priority"])
    if data["mine"]:
        cases = cases.filter(assignee=request.user)
    if data["q"]:
        text = data["q"].strip()
        cases = cases.filter(
            Q(number__icontains=text)
            | Q(unit__serial_key__icontains=text.upper())
            | Q(customer__in=search_customers(customers_for(request.user), text))
        )
    return cases


@vary_on_headers("HX-Request")
@case_viewers
def case_list(request):
    filters = CaseFilterForm(request.GET or None)
    page = Paginator(_filtered(request, filters), 50).get_page(request.GET.get("page"))
    template = "service/case_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#case_rows"
    context = {
        "page": page,
        "filters": filters,
        "now": timezone.now(),
        "may_open": request.user.role in services.OPENING_ROLES,
    }
    return render(request, template, context)


EMAIL_DRAFT = "case-draft-from-email"


@case_openers
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
    draft, found = selectors.case_draft_from_email(request.user, read_pasted_email(text))
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
    case = selectors.case_for(request.user, pk)
    may_dispatch = request.user.role in visit_services.DISPATCHING_ROLES and (
        case.state == Case.State.VISIT_SCHEDULED or case.state in visit_services.MOVE_TO_VISIT
    )
    context = {
        "case": case,
        "now": timezone.now(),
        "moves": transitions.allowed_for(request.user, case),
        "timeline": selectors.timeline(case),
        "readings": selectors.readings_of(case),
        "triage_form": TriageForm(case=case),
        "note_form": NoteForm(),
        "reading_form": ReadingForm(
            initial={"taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
        ),
        "may_write": bool(transitions.actors_of(request.user, case))
        or request.user.role == Role.ENGINEER,
        "billing_choices": Case.Billing.choices,
        "visits": case.visits.prefetch_related("engineers"),
        "may_dispatch": may_dispatch,
        "visit_form": VisitForm(case=case, initial={"version": case.version}),
        # Ranking engineers costs queries: only for who can dispatch, when a visit can be planned.
        "suggestions": selectors.suggest_engineers(case, timezone.localdate())[:3]
        if may_dispatch
        else [],
        "feedback_qr": shown_once(request, "feedback", case),
        "attachments": case.attachments.all(),
        **_diagnosis_context(request, case),
        **_charges_context(request, case),
    }
    return render(request, "service/case_detail.html", context)


def _diagnosis_context(request, case) -> dict:
    return {
        "findings_form": FindingsForm(
            initial={"version": case.version, "diagnosis": case.diagnosis}
        ),
        "may_diagnose": case.is_open and diagnosis_services.may_diagnose(request.user, case),
        "info_requests": case.info_requests.select_related("requested_by"),
        "request_link": shown_once(request, "info-request", case),
        "similar_cases": selectors.similar_cases(request.user, case),
    }


def _charges_context(request, case) -> dict:
    actors = transitions.actors_of(request.user, case)
    quotes = list(case.quotes.select_related("created_by").prefetch_related("lines"))
    cover = charges.cover_of(case)
    return {
        "cover": cover,
        "quotes": [(quote, charges.quote_totals(quote)) for quote in quotes],
        "visit_refusal": charges.visit_refusal(case, quotes=quotes, cover=cover)
        if case.is_open
        else None,
        "statement": charges.statement(case, quotes=quotes, cover=cover),
        "may_quote": case.is_open and bool(actors & charge_services.QUOTE_WRITERS),
        "may_record_order": bool(actors & charge_services.RECORDERS),
        "quote_link": shown_once(request, "quote", case),
    }


def tell_refused(request, error: Exception) -> None:
    text = " ".join(getattr(error, "messages", [])) or _("You may not take this step on this case.")
    messages.error(request, text)


@require_POST
@case_viewers
def case_move(request, pk: int, move: str):
    case = selectors.case_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid() or move not in transitions.TRANSITIONS:
        messages.error(request, _("The step could not be read: reload the page and try again."))
        return redirect("service:case_detail", pk=case.pk)
    data = form.cleaned_data
    try:
        _do(request.user, case, move, data)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("service:case_detail", pk=case.pk)


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
    case = selectors.case_for(request.user, pk)
    form = TriageForm(request.POST, case=case)
    version = request.POST.get("version", "")
    if form.is_valid() and version.isdigit():
        try:
            services.triage_case(
                by=request.user, case=case, version=int(version), **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
        else:
            messages.success(request, _("The case was triaged."))
    else:
        messages.error(request, _("Choose the priority, the type and the assignee."))
    return redirect("service:case_detail", pk=case.pk)


@require_POST
@case_viewers
def case_note(request, pk: int):
    case = selectors.case_for(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(by=request.user, case=case, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
    else:
        messages.error(request, _("Write something."))
    return redirect("service:case_detail", pk=case.pk)


@require_POST
@case_viewers
def case_reading(request, pk: int):
    case = selectors.case_for(request.user, pk)
    form = ReadingForm(request.POST)
    if form.is_valid():
        try:
            services.add_reading(by=request.user, case=case, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
    else:
        messages.error(request, _("Choose the reading and give its value."))
    return redirect("service:case_detail", pk=case.pk)


@require_POST
@role_required(*visit_services.DISPATCHING_ROLES)
def case_plan_visit(request, pk: int):
    case = selectors.case_for(request.user, pk)
    form = VisitForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit_services.plan_visit(
                by=request.user,
                case=case,
                version=data["version"],
                planned_start=data["planned_start"],
                engineers=list(data["engineers"]),
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
        else:
            messages.success(request, _("The visit is planned."))
    else:
        messages.error(request, _("Choose the engineers and the planned arrival."))
    return redirect("service:case_detail", pk=case.pk)


@role_required(*visit_services.DISPATCHING_ROLES, Role.HQ)
def dispatch_board(request):
    day = _day(request)
    context = {"day": day, "rows": selectors.dispatch_board(request.user, day)}
    return render(request, "service/dispatch_board.html", context)


@role_required(Role.ENGINEER)
def my_day(request):
    day = _day(request)
    context = {"day": day, "visits": selectors.my_day(request.user, day)}
    return render(request, "service/my_day.html", context)


def _day(request):
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@require_POST
@role_required(Role.ENGINEER, Role.ADMIN)
def visit_check_in(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    minutes = request.POST.get("travel_minutes", "")
    try:
        visit_services.check_in(
            by=request.user, visit=visit, travel_minutes=int(minutes) if minutes.isdigit() else None
        )
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:my_day")


@require_POST
@role_required(Role.ENGINEER, Role.ADMIN)
def visit_check_out(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    try:
        visit_services.check_out(by=request.user, visit=visit)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:my_day")


def _open_report(user, case):
    return (
        case.reports.filter(engineer=user, engineer_signed_at__isnull=True).order_by("-pk").first()
    )


@case_viewers
def report_form(request, pk: int):
    """The engineer's repair report; the browser keeps a draft if the plant's network drops."""
    case = selectors.case_for(request.user, pk)
    report = _open_report(request.user, case)
    form = ReportForm(
        request.POST or None,
        instance=report,
        initial={"version": report.version if report else None},
    )
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            report = report_services.save_report(
                by=request.user,
                case=case,
                report=report,
                version=form.cleaned_data["version"],
                changes=changes,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The report was saved."))
            return redirect("service:report_form", pk=case.pk)
    context = {
        "case": case,
        "report": report,
        "form": form,
        "sign_form": SignForm(initial={"version": report.version if report else 0}),
        "signed_reports": case.reports.filter(engineer_signed_at__isnull=False).prefetch_related(
            "addenda"
        ),
    }
    return render(request, "service/report_form.html", context)


@require_POST
@case_viewers
def report_sign(request, pk: int):
    case = selectors.case_for(request.user, pk)
    report = _open_report(request.user, case)
    form = SignForm(request.POST)
    if report is None or not form.is_valid():
        messages.error(request, _("Write and save the report, then sign it."))
        return redirect("service:report_form", pk=case.pk)
    try:
        report_services.sign_report(by=request.user, report=report, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
        return redirect("service:report_form", pk=case.pk)
    messages.success(request, _("The report is signed and locked."))
    return redirect("service:case_detail", pk=case.pk)


@require_POST
@case_viewers
def report_addendum(request, pk: int, report_pk: int):
    case = selectors.case_for(request.user, pk)
    report = get_object_or_404(case.reports, pk=report_pk)
    try:
        report_services.add_addendum(
            by=request.user, report=report, text=request.POST.get("text", "")
        )
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:report_form", pk=case.pk)


@case_viewers
def report_signature(request, pk: int, report_pk: int):
    """The drawn signature, only to those who see the case."""
    case = selectors.case_for(request.user, pk)
    report = get_object_or_404(case.reports.exclude(customer_signature=""), pk=report_pk)
    return FileResponse(report.customer_signature.open("rb"), content_type="image/png")


@require_POST
@role_required(Role.ADMIN, Role.MANAGER, Role.COORDINATOR)
def case_close(request, pk: int):
    """Closes the case and shows its one-time feedback link once, as a QR code for the site."""
    case = selectors.case_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The step could not be read: reload the page and try again."))
        return redirect("service:case_detail", pk=case.pk)
    try:
        _closed, token = feedback_services.close_and_request_feedback(
            by=request.user,
            case=case,
            version=form.cleaned_data["version"],
            root_cause=form.cleaned_data["root_cause"],
            billing=form.cleaned_data["billing"],
            site_url=request.build_absolute_uri("/"),
        )
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        # Shown on the next page only: the database keeps the token's hash, not the token.
        remember_link(request, "feedback", case, token)
        messages.success(request, _("The case is closed; its feedback link is below."))
    return redirect("service:case_detail", pk=case.pk)


@role_required(Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.HQ)
def complaint_list(request):
    complaints = selectors.complaints_for(request.user)
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    return render(request, "service/complaint_list.html", {"page": page})


@role_required(Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.HQ)
def complaint_detail(request, pk: int):
    complaint = get_object_or_404(selectors.complaints_for(request.user), pk=pk)
    form = ComplaintForm(request.POST or None, instance=complaint)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.advance_complaint(
                by=request.user, complaint=complaint, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The complaint was saved."))
            return redirect("service:complaint_detail", pk=complaint.pk)
    return render(request, "service/complaint_detail.html", {"complaint": complaint, "form": form})


def feedback(request, token: str):
    """The customer's feedback page: no sign-in; the link works once and expires."""
    feedback_request = feedback_services.open_request(token)
    if feedback_request is None:
        return render(request, "service/feedback_closed.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            feedback_services.submit_feedback(token=token, answers=data)
        except ValidationError:
            return render(request, "service/feedback_closed.html", status=404)
        return render(request, "service/feedback_thanks.html")
    context = {"form": form, "case": feedback_request.case}
    return render(request, "service/feedback_form.html", context)


# The customer's one-time links, by kind: the page that opens them.
LINK_PAGES = {"feedback": "feedback", "info-request": "info_request", "quote": "quote_decision"}


def remember_link(request, kind: str, case, token: str) -> None:
    """Keeps a link just made for the next page only: the database keeps its hash, not it."""
    request.session[f"{kind}-link-{case.pk}"] = token


def shown_once(request, kind: str, case) -> dict | None:
    """The link made on the previous step, once, with its QR code for a phone to scan;
    afterwards only the e-mail has it."""
    token = request.session.pop(f"{kind}-link-{case.pk}", None)
    if token is None:
        return None
    link = request.build_absolute_uri(reverse(LINK_PAGES[kind], args=[token]))
    return {"link": link, "svg": segno.make(link, error="m").svg_inline(scale=4, omitsize=True)}


@require_POST
@case_viewers
def case_attach(request, pk: int):
    case = selectors.case_for(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a photo or a video."))
        return redirect("service:case_detail", pk=case.pk)
    try:
        services.attach_media(
            by=request.user, case=case, upload=upload, caption=request.POST.get("caption", "")
        )
    except (ValidationError, PermissionDenied) as error:
        log_security_event("upload_refused", request, case=case.number)
        tell_refused(request, error)
    else:
        messages.success(request, _("Attached."))
    return redirect("service:case_detail", pk=case.pk)


@case_viewers
def attachment_file(request, pk: int, attachment_pk: int, variant: str):
    """A case's photo or video, only to who sees the case; videos as downloads."""
    case = selectors.case_for(request.user, pk)
    return serve_attachment(get_object_or_404(case.attachments, pk=attachment_pk), variant)


settings_readers = role_required(Role.ADMIN, Role.MANAGER, Role.HQ)


@settings_readers
def calendar_days(request):
    """The office calendar's exceptions: days off and 调休 make-up working days."""
    form = CalendarDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        settings_services.set_calendar_day(by=request.user, **form.cleaned_data)
        messages.success(request, _("The calendar was saved."))
        return redirect("service:calendar_days")
    days = CalendarDay.objects.filter(office_id=request.user.office_id).order_by("-day")[:200]
    context = {
        "form": form,
        "days": days,
        "may_keep": request.user.role in settings_services.KEEPERS,
    }
    return render(request, "service/calendar_days.html", context)


@require_POST
@role_required(Role.ADMIN, Role.MANAGER)
def calendar_day_remove(request, pk: int):
    entry = get_object_or_404(CalendarDay.objects.filter(office_id=request.user.office_id), pk=pk)
    settings_services.remove_calendar_day(by=request.user, entry=entry)
    return redirect("service:calendar_days")


@settings_readers
def sla_policies(request):
    policies = SlaPolicy.objects.filter(office_id=request.user.office_id)
    context = {"policies": policies, "may_keep": request.user.role in settings_services.KEEPERS}
    return render(request, "service/sla_policies.html", context)


@role_required(Role.ADMIN, Role.MANAGER)
def sla_policy_edit(request, pk: int):
    policy = get_object_or_404(SlaPolicy.objects.filter(office_id=request.user.office_id), pk=pk)
    initial = {
        "first_response_hours": policy.first_response_hours,
        "on_site_hours": policy.on_site_hours,
        "restore_hours": policy.restore_hours,
        "business_hours": policy.business_hours,
    }
    form = SlaTargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        settings_services.set_sla_targets(by=request.user, policy=policy, **form.cleaned_data)
        messages.success(
            request, _("The SLA targets were saved; they apply to cases opened from now on.")
        )
        return redirect("service:sla_policies")
    return render(request, "service/sla_policy_form.html", {"form": form, "policy": policy})


@settings_readers
def engineers(request):
    people = (
        User.objects.filter(office_id=request.user.office_id, role=Role.ENGINEER)
        .select_related("engineer_profile")
        .prefetch_related("engineer_profile__skills", "engineer_profile__certifications")
    )
    context = {
        "people": people,
        "today": timezone.localdate(),
        "may_keep": request.user.role in settings_services.KEEPERS,
    }
    return render(request, "service/engineers.html", context)


@role_required(Role.ADMIN, Role.MANAGER)
def engineer_edit(request, pk: int):
    engineer = get_object_or_404(
        User.objects.filter(office_id=request.user.office_id, role=Role.ENGINEER), pk=pk
    )
    profile = getattr(engineer, "engineer_profile", None)
    initial = {"home_base": profile.home_base, "languages": profile.languages} if profile else {}
    if profile:
        initial |= {f"skill_{s.family}": s.level for s in profile.skills.all()}
    form = EngineerProfileForm(request.POST or None, initial=initial)
    certificate = CertificationForm(request.POST or None, prefix="cert")
    if request.method == "POST" and form.is_valid():
        settings_services.save_engineer_profile(
            by=request.user,
            engineer=engineer,
            home_base=form.cleaned_data["home_base"],
            languages=form.cleaned_data["languages"],
            skills=form.skills(),
        )
        if request.POST.get("cert-name") and certificate.is_valid():
            settings_services.add_certification(
                by=request.user, engineer=engineer, **certificate.cleaned_data
            )
        messages.success(request, _("The engineer's profile was saved."))
        return redirect("service:engineers")
    context = {"form": form, "certificate": certificate, "engineer": engineer}
    return render(request, "service/engineer_form.html", context)
