"""Reads of the parts app, scoped to what the asking user may see."""

from .catalogue import catalogue_for, part_by_number, part_for, prices_for
from .orders import lead_times, order_for, orders_for, repair_for, repairs_for, repairs_out
from .policy import at_or_below_reorder_point, policies_of
from .stock import (
    Place,
    availability,
    balances_for,
    ledger_for,
    parts_for_case,
    parts_replaced_for,
    parts_replaced_on,
    reservation_for,
    reservations_of,
    reservations_to_pick,
    reserving_warehouses,
    warehouses_for,
    warehouses_kept_by,
    where_is,
)

__all__ = [
    "Place",
    "at_or_below_reorder_point",
    "availability",
    "balances_for",
    "catalogue_for",
    "lead_times",
    "ledger_for",
    "order_for",
    "orders_for",
    "part_by_number",
    "part_for",
    "parts_for_case",
    "parts_replaced_for",
    "parts_replaced_on",
    "policies_of",
    "prices_for",
    "repair_for",
    "repairs_for",
    "repairs_out",
    "reservation_for",
    "reservations_of",
    "reservations_to_pick",
    "reserving_warehouses",
    "warehouses_for",
    "warehouses_kept_by",
    "where_is",
]
