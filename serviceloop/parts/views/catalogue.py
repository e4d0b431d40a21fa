"""The catalogue: list, a part's page (stock everywhere, models, lead time), edits."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through
from serviceloop.core.history import history_entries

from .. import selectors
from ..forms import PartForm
from ..models import Part
from ..permissions import CATALOGUE_EDITORS, STOCK_KEEPERS, STOCK_VIEWERS
from ..selectors.catalogue import search_parts
from ..selectors.ledger import ledger_page
from ..services import catalogue as services
from .common import catalogue_editors, catalogue_viewers


@catalogue_viewers
def catalogue(request):
    parts = search_parts(selectors.catalogue_for(request.user), request.GET.get("q", ""))
    category = request.GET.get("category", "")
    if category in Part.Category.values:
        parts = parts.filter(category=category)
    if request.GET.get("critical"):
        parts = parts.filter(is_critical=True)
    parts = parts.filter(archived_at__isnull=True).prefetch_related("prices")
    context = {
        "page": Paginator(parts, 50).get_page(request.GET.get("page")),
        "categories": Part.Category.choices,
        "may_edit": request.user.role in CATALOGUE_EDITORS,
    }
    return render(request, "parts/catalogue.html", context)


@catalogue_viewers
def part_detail(request, pk: int):
    part = selectors.part_for(request.user, pk)
    sees_stock = request.user.role in STOCK_VIEWERS
    context = {
        "part": part,
        "places": selectors.availability(request.user, part) if sees_stock else [],
        "lead_time": selectors.lead_times([part.pk]).get(part.pk),
        "recent": ledger_page(request.user, part=part, size=10) if sees_stock else [],
        "may_edit": request.user.role in CATALOGUE_EDITORS,
        "may_book": request.user.role in STOCK_KEEPERS,
        "history": history_entries(part),
    }
    return render(request, "parts/part_detail.html", context)


def _part_form(request, part: Part | None):
    initial = {}
    if part is not None:
        prices = {p.currency: p.price for p in part.prices.all()}
        initial = {"price_cny": prices.get("CNY"), "price_eur": prices.get("EUR")}
    form = PartForm(request.POST or None, instance=part, initial=initial)
    saved = save_through(
        form,
        request,
        lambda data: services.save_part(
            by=request.user, part=part, changes=form.changes(), prices=form.prices()
        ),
        _("The part was saved."),
    )
    if saved is not None:
        return redirect("parts:part_detail", pk=saved.pk)
    context = {"form": form, "part": part, "history": history_entries(part) if part else None}
    return render(request, "parts/part_form.html", context)


@catalogue_editors
@submitted_once
def part_create(request):
    return _part_form(request, None)


@catalogue_editors
def part_edit(request, pk: int):
    return _part_form(request, selectors.part_for(request.user, pk))
