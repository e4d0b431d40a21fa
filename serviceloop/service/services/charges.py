"""Charges of a case: who pays which line, quotes, and the customer's approval of them.

Warranty or contract coverage is applied per line when the quote is written; chargeable work
waits for an approved quote before an engineer is sent (docs/decisions/0007).
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.accounts.services import notify
from serviceloop.core.links import new_token, token_hash
from serviceloop.core.signatures import signature_png
from serviceloop.core.text import normalize_code
from serviceloop.core.uploads import FileKind, generated_name

from .. import extensions, notifications
from ..models import Case, CaseEvent, ChargeLine, Quote
from ..permissions import QUOTE_WRITERS, RECORDERS
from ..selectors.charges import cover_of, rates_for
from . import cases, cases_timeline, cases_transitions, cases_work, charges_pricing

QUOTE_VALIDITY = timedelta(days=30)
SIGNATURE = FileKind("png", "image/png")
LINE_FIELDS = ("kind", "description", "part_number", "quantity", "unit_price", "cover")


def _may_write(by: User, case: Case) -> None:
    if not cases_transitions.actors_of(by, case) & QUOTE_WRITERS:
        raise PermissionDenied(_("You may not write quotes for this case."))
    if not case.is_open:
        raise ValidationError(_("Quotes are written while the case is open."))


def _next_number(case: Case) -> str:
    count = Quote.objects.filter(case=case).count()
    return f"{case.number}-Q{count + 1}"


def _listed_parts(case: Case, lines: list[dict[str, Any]]) -> dict[str, tuple]:
    """Catalogue names and the office's list prices of the quote's part numbers, from the
    spare-parts app when it is installed (decision 0008)."""
    numbers = [
        data["part_number"]
        for data in lines
        if data.get("kind") == ChargeLine.Kind.PART and (data.get("part_number") or "").strip()
    ]
    found: dict[str, tuple] = {}
    if numbers:
        for answer in extensions.part_prices.call(office=case.office, numbers=numbers):
            found.update(answer)
    return found


def _list_price(kind: str, data: dict[str, Any], listed: dict, default_price: dict) -> Decimal:
    if kind == ChargeLine.Kind.PART:
        price = listed.get(normalize_code(data.get("part_number") or ""), ("", None))[1]
        if price is not None:
            return price
    return default_price.get(kind, Decimal(0))


@transaction.atomic
def create_quote(
    *,
    by: User,
    case: Case,
    scope: str,
    lines: list[dict[str, Any]],
    valid_until: date | None = None,
) -> Quote:
    """A draft quote; hours are priced at the office's rates unless a price is given, and
    each line's payer follows the unit's warranty or contract unless the writer says so."""
    case = cases.locked_case(case, None)
    _may_write(by, case)
    if not lines:
        raise ValidationError(_("A quote has at least one line."))
    rates = rates_for(case.office)
    cover = cover_of(case)
    quote = Quote.objects.create(
        case=case,
        number=_next_number(case),
        currency=case.office.currency,
        vat_percent=rates.vat_percent,
        scope=scope.strip(),
        valid_until=valid_until or timezone.localdate() + QUOTE_VALIDITY,
        created_by=by,
    )
    default_price = {
        ChargeLine.Kind.LABOUR: rates.labour_rate,
        ChargeLine.Kind.TRAVEL: rates.travel_rate,
    }
    listed = _listed_parts(case, lines)
    errors = []
    for number, data in enumerate(lines, start=1):
        unknown = set(data) - set(LINE_FIELDS)
        if unknown:
            raise ValueError(f"fields not allowed here: {sorted(unknown)}")
        kind = data.get("kind", "")
        line = ChargeLine(
            quote=quote,
            kind=kind,
            description=(data.get("description") or "").strip()
            or listed.get(normalize_code(data.get("part_number") or ""), ("", None))[0]
            or str(ChargeLine.Kind(kind).label if kind in ChargeLine.Kind.values else ""),
            part_number=(data.get("part_number") or "").strip(),
            quantity=data.get("quantity") or Decimal(0),
            unit_price=data["unit_price"]
            if data.get("unit_price") is not None
            else _list_price(kind, data, listed, default_price),
            cover=data.get("cover") or charges_pricing.default_cover(kind, cover),
        )
        if line.cover not in charges_pricing.allowed_covers(cover, kind):
            errors.append(
                _("Line %(n)s: %(cover)s does not cover this machine.")
                % {"n": number, "cover": line.get_cover_display()}
            )
        try:
            line.full_clean()
        except ValidationError as error:
            errors.extend(
                _("Line %(n)s: %(error)s") % {"n": number, "error": message}
                for message in error.messages
            )
        if not errors:  # a refused value may not fit its column (PostgreSQL raises DataError)
            line.save()
    if errors:
        raise ValidationError(errors)
    _record(quote, by, quote.scope)
    return quote


def _record(quote: Quote, by: User | None, text: str) -> None:
    """The quote's step on the case's timeline (by None: the customer, on the link)."""
    cases_timeline.record(
        quote.case, CaseEvent.Kind.QUOTE, by, text, quote=quote.number, state=quote.state
    )


def _locked_quote(quote: Quote, version: int | None) -> Quote:
    stored = Quote.objects.select_for_update(of=("self",)).select_related("case").get(pk=quote.pk)
    if version is not None and stored.version != version:
        raise cases.StaleCase(_("The quote was changed meanwhile: reload the case."))
    return stored


def _decided(quote: Quote, state: str, **fields: Any) -> Quote:
    quote.state, quote.decided_at = state, timezone.now()
    for name, value in fields.items():
        setattr(quote, name, value)
    quote.token_hash = ""  # a decided quote's link opens nothing any more
    quote.version += 1
    quote.save()
    return quote


@transaction.atomic
def send_quote(*, by: User, quote: Quote, version: int, email: str) -> str:
    """Sends the quote with a one-time approval link (returned too, for WeChat); it counts as
    an answer to the customer."""
    stored = _locked_quote(quote, version)
    _may_write(by, stored.case)
    if stored.state != Quote.State.DRAFT:
        raise ValidationError(_("Only a draft quote is sent."))
    token, stored.token_hash = new_token()
    stored.state, stored.sent_at, stored.sent_to = Quote.State.SENT, timezone.now(), email.strip()
    stored.version += 1
    stored.save()
    transaction.on_commit(lambda: notifications.send_quote(stored, token), robust=True)
    cases_work.add_note(
        by=by,
        case=stored.case,
        text=_("Quote %(number)s sent for approval.") % {"number": stored.number},
        to_customer=True,
    )
    return token


def quote_for_token(token: str) -> Quote | None:
    """The quote behind an approval link while it waits for a decision; None otherwise."""
    found = (
        Quote.objects.select_related("case", "case__customer", "case__office")
        .filter(
            token_hash=token_hash(token),
            state=Quote.State.SENT,
            case__state__in=Case.OPEN_STATES,
        )
        .first()
    )
    if found is None or found.valid_until < timezone.localdate():
        return None
    return found


def _tell_case_people(quote: Quote, text: Any) -> None:
    # `text` is lazy: each person reads it in their own language, not the customer's.
    case = quote.case
    for user in {u for u in (case.assignee, quote.created_by) if u is not None}:
        with translation.override(user.language):
            notify(
                user=user,
                text=text % {"number": quote.number, "case": case.number},
                link=reverse("service:case_detail", args=[case.pk]),
            )


@transaction.atomic
def decide_by_link(*, token: str, approve: bool, name: str, reason: str = "") -> Quote:
    """The customer approves or declines on the link, by name; the link then dies."""
    found = quote_for_token(token)
    if found is None:
        raise ValidationError(_("This link has expired or was used already."))
    stored = _locked_quote(found, None)
    if stored.state != Quote.State.SENT or not stored.case.is_open:
        raise ValidationError(_("This link has expired or was used already."))
    if not name.strip():
        raise ValidationError({"name": _("Write your name.")})
    if approve:
        _decided(
            stored, Quote.State.APPROVED, decided_by_name=name.strip(), method=Quote.Method.LINK
        )
        event = _("Quote approved by %(name)s.")
    else:
        _decided(
            stored,
            Quote.State.DECLINED,
            decided_by_name=name.strip(),
            decline_reason=reason.strip(),
        )
        event = _("Quote declined by %(name)s.")
    _record(stored, None, event % {"name": stored.decided_by_name})
    _tell_case_people(
        stored,
        gettext_lazy("%(case)s: the customer approved quote %(number)s.")
        if approve
        else gettext_lazy("%(case)s: the customer declined quote %(number)s."),
    )
    return stored


@transaction.atomic
def approve_on_site(*, by: User, quote: Quote, version: int, name: str, signature: str) -> Quote:
    """The customer reads the quote on the engineer's screen and signs it there."""
    stored = _locked_quote(quote, version)
    _may_write(by, stored.case)
    if not stored.is_pending:
        raise ValidationError(_("This quote is decided already."))
    if not name.strip():
        raise ValidationError({"customer_name": _("Write the name of the customer who signs.")})
    png = signature_png(signature)
    stored.signature.save(generated_name(SIGNATURE), ContentFile(png), save=False)
    _decided(
        stored,
        Quote.State.APPROVED,
        decided_by_name=name.strip(),
        method=Quote.Method.SIGNATURE,
        recorded_by=by,
    )
    _record(stored, by, _("Quote approved by %(name)s.") % {"name": stored.decided_by_name})
    return stored


@transaction.atomic
def record_purchase_order(
    *, by: User, quote: Quote, version: int, purchase_order: str, name: str
) -> Quote:
    """The customer approved by purchase order (采购订单) or e-mail: the office records it."""
    stored = _locked_quote(quote, version)
    if not cases_transitions.actors_of(by, stored.case) & RECORDERS:
        raise PermissionDenied(_("The coordinator or the manager records a purchase order."))
    if not stored.case.is_open:
        raise ValidationError(_("Quotes are written while the case is open."))
    if not stored.is_pending:
        raise ValidationError(_("This quote is decided already."))
    if not purchase_order.strip():
        raise ValidationError({"purchase_order": _("Give the purchase order number.")})
    _decided(
        stored,
        Quote.State.APPROVED,
        decided_by_name=name.strip(),
        method=Quote.Method.PURCHASE_ORDER,
        purchase_order=purchase_order.strip(),
        recorded_by=by,
    )
    _record(
        stored,
        by,
        _("Purchase order %(po)s received for %(number)s.")
        % {"po": stored.purchase_order, "number": stored.number},
    )
    return stored


@transaction.atomic
def withdraw_quote(*, by: User, quote: Quote, version: int) -> Quote:
    """Takes back a quote that was not decided (to write a revised one)."""
    stored = _locked_quote(quote, version)
    _may_write(by, stored.case)
    if not stored.is_pending:
        raise ValidationError(_("This quote is decided already."))
    _decided(stored, Quote.State.WITHDRAWN, recorded_by=by)
    _record(stored, by, _("Quote %(number)s withdrawn.") % {"number": stored.number})
    return stored


def withdraw_open_quotes(*, case: Case, by: User | None) -> None:
    """A quote nobody decided dies with its case: its link must not approve work later. The
    first of the steps run when a case ends (extensions.case_ending, decision 0014)."""
    Quote.objects.filter(case=case, state__in=Quote.PENDING).update(
        state=Quote.State.WITHDRAWN, decided_at=timezone.now(), token_hash=""
    )
