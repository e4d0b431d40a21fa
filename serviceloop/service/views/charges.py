"""Charge pages: the office's rates, quotes on a case, and the customer's approval link."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import add_refusal, save_inline
from serviceloop.core.ids import parse_id

from .. import extensions
from ..forms import (
    ChargeRatesForm,
    PurchaseOrderForm,
    QuoteDecisionForm,
    QuoteForm,
    QuoteLineFormSet,
    SendQuoteForm,
    SignForm,
)
from ..models import ChargeLine
from ..permissions import QUOTE_WRITERS, SETTINGS_KEEPING_ROLES
from ..selectors import charges
from ..selectors.cases import case_for
from ..services import cases_transitions
from ..services import charges as services
from ..services import settings as settings_services
from ..services.charges import QUOTE_VALIDITY
from .common import case_viewers, settings_readers, tell_refused
from .links import remember_link


def _charges_url(case) -> str:
    return reverse("service:case_detail", args=[case.pk]) + "#charges"


@case_viewers
@submitted_once
def quote_new(request, pk: int):
    """A quote: the work in words, then its lines; hours at the office's rates by default."""
    case = case_for(request.user, pk)
    _check_writer(request, case)
    initial_lines = [
        {"kind": ChargeLine.Kind.LABOUR, "quantity": None},
        {"kind": ChargeLine.Kind.TRAVEL, "quantity": None},
        {"kind": ChargeLine.Kind.PART},
        {"kind": ChargeLine.Kind.PART},
    ]
    form = QuoteForm(
        request.POST or None,
        initial={"valid_until": timezone.localdate() + QUOTE_VALIDITY},
    )
    lines = QuoteLineFormSet(request.POST or None, initial=initial_lines, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        rows = [line.cleaned_data for line in lines if line.has_line()]
        try:
            services.create_quote(by=request.user, case=case, lines=rows, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The quote was written: send it to the customer."))
            return redirect(_charges_url(case))
    context = {
        "case": case,
        "form": form,
        "lines": lines,
        "cover": charges.cover_of(case),
        "rates": charges.rates_for(case.office),
        # The machine's parts from the catalogue, when the spare-parts app is installed.
        "part_choices": [c for answer in extensions.part_choices.call(case=case) for c in answer],
    }
    return render(request, "service/quote_form.html", context)


def _check_writer(request, case) -> None:
    """The quote pages are for who may write quotes on this case; others see it read-only."""
    if not cases_transitions.actors_of(request.user, case) & QUOTE_WRITERS:
        raise PermissionDenied


def _quote(request, pk: int, quote_pk: int):
    case = case_for(request.user, pk)
    return case, get_object_or_404(case.quotes, pk=quote_pk)


@require_POST
@case_viewers
def quote_send(request, pk: int, quote_pk: int):
    case, quote = _quote(request, pk, quote_pk)

    def send(data):
        token = services.send_quote(by=request.user, quote=quote, **data)
        remember_link(request, "quote", case, token)

    return save_inline(
        SendQuoteForm(request.POST),
        request,
        send,
        page="service:case_detail",
        name=f"send_quote_{quote.pk}",
        success=_("The quote was sent; its approval link is below."),
        anchor="#charges",
        pk=case.pk,
    )


@case_viewers
def quote_sign(request, pk: int, quote_pk: int):
    """The customer reads the quote on the engineer's phone and signs it there."""
    case, quote = _quote(request, pk, quote_pk)
    _check_writer(request, case)
    form = SignForm(request.POST or None, initial={"version": quote.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.approve_on_site(
                by=request.user,
                quote=quote,
                version=data["version"],
                name=data["customer_name"],
                signature=data["signature"],
            )
        except (ValidationError, PermissionDenied) as error:
            add_refusal(form, error)  # the name's reason at the name, the drawing's above
        else:
            messages.success(request, _("The customer approved the quote."))
            return redirect(_charges_url(case))
    context = {"case": case, "quote": quote, "totals": charges.quote_totals(quote), "form": form}
    return render(request, "service/quote_sign.html", context)


@require_POST
@case_viewers
def quote_purchase_order(request, pk: int, quote_pk: int):
    case, quote = _quote(request, pk, quote_pk)
    return save_inline(
        PurchaseOrderForm(request.POST),
        request,
        lambda data: services.record_purchase_order(by=request.user, quote=quote, **data),
        page="service:case_detail",
        name=f"purchase_order_{quote.pk}",
        success=_("The approval was recorded."),
        anchor="#charges",
        pk=case.pk,
    )


@require_POST
@case_viewers
def quote_withdraw(request, pk: int, quote_pk: int):
    case, quote = _quote(request, pk, quote_pk)
    version = request.POST.get("version", "")
    try:
        services.withdraw_quote(by=request.user, quote=quote, version=parse_id(version) or -1)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        messages.success(request, _("The quote was withdrawn."))
    return redirect(_charges_url(case))


def quote_decision(request, token: str):
    """The customer's approval page: no sign-in; works once, until the quote expires."""
    quote = services.quote_for_token(token)
    if quote is None:
        return render(request, "service/feedback_closed.html", status=404)
    form = QuoteDecisionForm(request.POST or None)
    decision = request.POST.get("decision")
    if request.method == "POST" and decision not in ("approve", "decline"):
        form.add_error(None, _("Choose: approve or decline."))
    elif request.method == "POST" and form.is_valid():
        approve = decision == "approve"
        try:
            services.decide_by_link(token=token, approve=approve, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            return render(request, "service/quote_decided.html", {"approved": approve})
    context = {"quote": quote, "totals": charges.quote_totals(quote), "form": form}
    return render(request, "service/quote_decision.html", context)


@settings_readers
def charge_rates(request):
    """The office's hourly rates and VAT: kept by its manager, read by HQ."""
    office = request.user.office
    if office is None:
        raise PermissionDenied
    rates = charges.rates_for(office)
    initial = {
        "labour_rate": rates.labour_rate,
        "travel_rate": rates.travel_rate,
        "vat_percent": rates.vat_percent,
    }
    form = ChargeRatesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        settings_services.set_charge_rates(by=request.user, office=office, **form.cleaned_data)
        messages.success(request, _("The rates were saved; new quotes use them."))
        return redirect("service:charge_rates")
    context = {
        "form": form,
        "office": office,
        "may_keep": request.user.role in SETTINGS_KEEPING_ROLES,
    }
    return render(request, "service/charge_rates.html", context)
