"""The spare-parts rows of the role × URL table (roadmap step 4), and the records they open.

Kept beside the table so that the table stays one screen per capability; the table module
merges them (`TABLE.update(PARTS_ROWS)`).
"""

from serviceloop.accounts.models import Role
from serviceloop.parts import permissions as p


def only(roles, *, allowed: int = 200, others: int = 403, anonymous: int = 302) -> dict:
    codes = {role: (allowed if role in roles else others) for role in Role}
    codes["anonymous"] = anonymous
    return codes


def posts_only() -> dict:
    return {**dict.fromkeys(Role, 405), "anonymous": 405}


def _part(d):
    return {"pk": d["part"].pk}


def _order(d):
    return {"pk": d["order"].pk}


def _repair(d):
    return {"pk": d["repair"].pk}


PARTS_ROWS = {
    "parts:catalogue": (None, only(p.CATALOGUE_VIEWERS)),
    "parts:part_create": (None, only(p.CATALOGUE_EDITORS)),
    "parts:part_detail": (_part, only(p.CATALOGUE_VIEWERS)),
    "parts:part_edit": (_part, only(p.CATALOGUE_EDITORS)),
    "parts:stock": (None, only(p.STOCK_VIEWERS)),
    "parts:ledger": (None, only(p.STOCK_VIEWERS)),
    "parts:where_is": (None, only(p.STOCK_VIEWERS)),
    "parts:warehouse_list": (None, only(p.STOCK_VIEWERS)),
    "parts:movement_new": (lambda d: {"kind": "receipt"}, only(p.STOCK_KEEPERS)),
    "parts:reservations": (None, only(p.STOCK_KEEPERS)),
    "parts:reservation_release": (lambda d: {"pk": d["reservation"].pk}, posts_only()),
    "parts:case_reserve": (lambda d: {"case_pk": d["case"].pk}, posts_only()),
    "parts:report_parts": (lambda d: {"case_pk": d["case"].pk}, posts_only()),
    "parts:order_list": (None, only(p.ORDER_VIEWERS)),
    "parts:order_create": (None, only(p.ORDER_WRITERS)),
    "parts:order_propose": (None, posts_only()),
    "parts:order_detail": (_order, only(p.ORDER_VIEWERS)),
    "parts:order_confirm": (_order, posts_only()),
    "parts:order_ship": (_order, posts_only()),
    "parts:order_step": (lambda d: {"pk": d["order"].pk, "step": "send"}, posts_only()),
    "parts:repair_list": (None, only(p.ORDER_VIEWERS)),
    "parts:repair_detail": (_repair, only(p.ORDER_VIEWERS)),
    "parts:repair_ship_back": (_repair, posts_only()),
    "parts:repair_step": (lambda d: {"pk": d["repair"].pk, "step": "send"}, posts_only()),
    "parts:replenishment": (None, only(p.STOCK_VIEWERS)),
    "parts:policy_list": (None, only(p.STOCK_VIEWERS)),
    "parts:policy_apply": (None, posts_only()),
    "parts:policy_edit": (
        lambda d: {"part_pk": d["part"].pk, "warehouse_pk": d["store"].pk},
        only(p.STOCK_KEEPERS),
    ),
}

# Headquarters confirms and ships the orders addressed to it, and sends repaired parts back.
HQ_PARTS_POSTS = {"parts:order_confirm", "parts:order_ship", "parts:repair_ship_back"}


def parts_records(users, office, headquarters, case) -> dict:
    """A part in stock in the office's warehouse, reserved for the table's case; an order
    sent to HQ; a repairable part at HQ for repair."""
    from django.db import transaction

    from serviceloop.parts.locks import lock_balance
    from serviceloop.parts.models import Warehouse
    from serviceloop.parts.services import orders, repairs, stock
    from serviceloop.parts.services.ledger import post
    from serviceloop.parts.services.reservations import reserve_part
    from serviceloop.parts.testing import make_part, make_warehouse
    from serviceloop.service.testing import make_case

    clerk = users[Role.WAREHOUSE]
    store = make_warehouse(office, "sh-main", name="上海备件库")
    make_warehouse(headquarters, "hq-es", Warehouse.Kind.HQ, name="HQ Spain")
    part = make_part("SP-2001", price_cny=5200, is_critical=True)
    board = make_part("SP-2101", name_zh="驱动板", is_repairable=True)
    stock.receive_stock(by=clerk, part=part, warehouse=store, quantity=5)
    # Another case of the same customer holds the reservation: a case with parts reserved
    # opens to the warehouse, and the table's case must stay closed to it.
    other = make_case(office, customer=case.customer, unit=case.unit, opened_by=case.opened_by)
    reservation = reserve_part(
        by=users[Role.COORDINATOR], case=other, part=part, warehouse=store, quantity=1
    )[0]
    order = orders.create_order(by=clerk, warehouse=store, lines=[{"part": part, "quantity": 4}])
    order = orders.send_order(by=clerk, order=order, version=order.version)
    with transaction.atomic():  # a defective board came back from a visit
        post(
            lock_balance(board.pk, store.pk),
            kind="return",
            quantity=1,
            by=clerk,
            condition="defective",
        )
    repair = repairs.open_repair(by=clerk, part=board, warehouse=store, serial=None)
    repair = repairs.decide_repair(by=clerk, repair=repair, version=repair.version, repairer="hq")
    repair = repairs.send_repair(
        by=clerk, repair=repair, version=repair.version, expected_back=None
    )
    return {
        "part": part,
        "store": store,
        "reservation": reservation,
        "order": order,
        "repair": repair,
    }
