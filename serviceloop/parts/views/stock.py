"""The warehouse's pages: stock, the ledger, where a part is, movements booked by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serviceloop.core.form_keys import form_key_of, submitted_once
from serviceloop.core.ids import parse_id

from .. import selectors
from ..forms import MOVEMENTS, LedgerFilterForm, MovementForm, StockFilterForm
from ..selectors.catalogue import search_parts
from ..selectors.ledger import ledger_page
from ..services import stock as services
from .common import stock_keepers, stock_viewers

LEDGER_PAGE = 50


@stock_viewers
def stock(request):
    filters = StockFilterForm(request.GET or None, user=request.user)
    balances = selectors.balances_for(request.user).order_by(
        "warehouse__office", "warehouse__code", "part__number_key"
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["warehouse"]:
            balances = balances.filter(warehouse=data["warehouse"])
        if data["category"]:
            balances = balances.filter(part__category=data["category"])
        if data["q"]:
            balances = balances.filter(
                part__in=search_parts(selectors.catalogue_for(request.user), data["q"])
            )
        if data["low"]:
            balances = selectors.at_or_below_reorder_point(balances)
    page = Paginator(balances, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "policies": selectors.policies_of(page.object_list),
    }
    return render(request, "parts/stock.html", context)


@stock_viewers
def ledger(request):
    """The ledger newest first, 50 rows a page by primary key (constant time however long)."""
    filters = LedgerFilterForm(request.GET or None, user=request.user)
    data = filters.cleaned_data if filters.is_valid() else {}
    before = parse_id(request.GET.get("before"))
    rows = ledger_page(
        request.user,
        part=data.get("part"),
        warehouse=data.get("warehouse"),
        kind=data.get("kind", ""),
        before=before,
        size=LEDGER_PAGE + 1,
    )
    older = rows[LEDGER_PAGE - 1].pk if len(rows) > LEDGER_PAGE else None
    context = {
        "rows": rows[:LEDGER_PAGE],
        "filters": filters,
        "older": older,
        "newer": bool(before),
    }
    return render(request, "parts/ledger.html", context)


@stock_viewers
def where_is(request):
    query = request.GET.get("q", "").strip()[:60]
    found = selectors.where_is(request.user, query) if query else {"parts": [], "serials": []}
    return render(request, "parts/where_is.html", {"query": query, **found})


@stock_keepers
@submitted_once
def movement_new(request, kind: str):
    if kind not in MOVEMENTS:
        raise Http404
    initial = {
        "warehouse": parse_id(request.GET.get("warehouse")),
        "part": request.GET.get("part", ""),
    }
    form = MovementForm(request.POST or None, user=request.user, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moves = _book(request.user, kind, form.cleaned_data, form_key_of(request))
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Booked: %(count)s ledger rows.") % {"count": len(moves)})
            part = form.cleaned_data["part"]
            return redirect(
                f"{request.path_info}?part={part.number}&warehouse={form.cleaned_data['warehouse'].pk}"
            )
    context = {"form": form, "kind": kind, "title": MOVEMENTS[kind], "kinds": MOVEMENTS}
    return render(request, "parts/movement_form.html", context)


def _book(user, kind: str, data: dict, request_key: str | None) -> list:
    # The ledger keeps the form's one-time key too, checked under the stock lock.
    common = {
        "by": user,
        "part": data["part"],
        "request_key": request_key,
        "serial_numbers": data.get("serial_numbers") or None,
    }
    if kind == "receipt":
        return services.receive_stock(
            warehouse=data["warehouse"],
            quantity=data["quantity"],
            reference=data["reference"],
            **common,
        )
    if kind == "adjustment":
        return services.adjust_stock(
            warehouse=data["warehouse"], quantity=data["quantity"], reason=data["reason"], **common
        )
    if kind == "transfer":
        return services.transfer_stock(
            source=data["warehouse"],
            target=data["target"],
            quantity=data["quantity"],
            reference=data["reference"],
            **common,
        )
    return services.scrap_stock(
        warehouse=data["warehouse"],
        quantity=data["quantity"],
        reason=data["reason"],
        condition=data["condition"],
        **common,
    )


@stock_viewers
def warehouse_list(request):
    warehouses = selectors.warehouses_for(request.user).select_related("engineer", "customer")
    return render(request, "parts/warehouse_list.html", {"warehouses": warehouses})
