"""Demo spare parts: the catalogue of about 300 induction parts with the bill of spare parts
of every demo model, the warehouses (HQ in Spain, the Shanghai office's store, a van per
engineer, consignment stock at the key customer), and two years of stock history.

The history is played event by event from one seeded generator (history.py) — opening
stock, weekly reviews and orders to HQ, vans restocked, parts issued on the demo's signed
repair reports, returns and the repair loop, counts and scrap, the open cases'
reservations — and written in bulk with the running balance of every movement, so
`manage.py check_stock` finds the balances equal to the ledger. `load()` creates what is
missing; the history only when the demo warehouses have no stock yet; and stores the
office's stocking recommendations as the nightly batch would.
"""

from django.db.models import Q
from django.utils import timezone

from serviceloop.demo import customers
from serviceloop.demo.parts.catalogue import KEYS, _load_catalogue
from serviceloop.demo.parts.history import _History
from serviceloop.demo.parts.plan import make_plan, parts_lines
from serviceloop.demo.parts.reset import reset
from serviceloop.demo.parts.warehouses import Stores, _load_warehouses
from serviceloop.demo.parts.writing import write
from serviceloop.parts.models import StockBalance, StockMovement
from serviceloop.parts.services import recommendations
from serviceloop.service.models import RepairReport

__all__ = ["KEYS", "load", "parts_lines", "reset"]


def _has_stock(stores: Stores) -> bool:
    places = Q(warehouse__in=[place.pk for place in stores.all])
    return StockMovement.objects.filter(places).exists() or (
        StockBalance.objects.filter(places).exists()
    )


def load() -> None:
    parts = _load_catalogue()
    stores = _load_warehouses()
    if stores.hq is None or stores.store is None:
        return
    if not _has_stock(stores):
        reports = list(
            RepairReport.objects.filter(
                case__customer__code__in=customers.CODES, engineer_signed_at__isnull=False
            )
            .select_related("case", "case__unit", "engineer")
            .order_by("engineer_signed_at", "pk")
        )
        plan = make_plan(stores, parts, reports)
        history = _History(stores, parts, plan, reports, timezone.now())
        history.run()
        write(history)
    # What the task worker computes every night, so that the policy page shows it at once.
    recommendations.refresh([stores.store.office])
