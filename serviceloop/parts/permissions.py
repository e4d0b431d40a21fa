"""Who may use the parts pages and change stock (DOMAIN.md's role table).

Records of another office answer 404 from the selectors; this module decides roles.
"""

from serviceloop.accounts.models import Role, User

from .models import Warehouse

# Stock is read by who dispatches and repairs as well as by the warehouse; HQ reads all.
STOCK_VIEWERS = frozenset(
    {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.WAREHOUSE, Role.HQ}
)
# The account manager quotes spare parts to its customers: it reads the catalogue.
CATALOGUE_VIEWERS = STOCK_VIEWERS | {Role.ACCOUNT_MANAGER}
CATALOGUE_EDITORS = frozenset({Role.ADMIN, Role.MANAGER, Role.WAREHOUSE})
STOCK_KEEPERS = frozenset({Role.ADMIN, Role.MANAGER, Role.WAREHOUSE})
RESERVERS = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.WAREHOUSE})
ORDER_VIEWERS = frozenset({Role.ADMIN, Role.MANAGER, Role.WAREHOUSE, Role.HQ})
ORDER_WRITERS = STOCK_KEEPERS
# Headquarters confirms and ships what is addressed to it: its only writes (decision 0002).
ORDER_SUPPLIERS = frozenset({Role.ADMIN, Role.HQ})


def supplies(user: User, office_id: int | None) -> bool:
    """Whether `user` answers for the office an order or a repair is addressed to:
    headquarters confirms, ships and ships back only its own (administrators any)."""
    if not user.is_active or user.role not in ORDER_SUPPLIERS:
        return False
    return user.role == Role.ADMIN or (office_id is not None and office_id == user.office_id)


def may_keep_stock(user: User, warehouse: Warehouse) -> bool:
    """Receipts, adjustments, transfers and scrap: the warehouse's own office keeps it."""
    if not user.is_active or user.role not in STOCK_KEEPERS:
        return False
    return user.role == Role.ADMIN or warehouse.office_id == user.office_id


def may_reserve_from(user: User, warehouse: Warehouse) -> bool:
    """A case reserves in its office's warehouses; an engineer only from its own van."""
    if not user.is_active or user.role not in RESERVERS:
        return False
    if user.role != Role.ADMIN and warehouse.office_id != user.office_id:
        return False
    if warehouse.kind == Warehouse.Kind.VAN and user.role == Role.ENGINEER:
        return warehouse.engineer_id == user.pk
    return warehouse.kind != Warehouse.Kind.HQ
