from .catalogue import ModelPart, Part, PartPrice
from .orders import DocumentNumber, OrderLine, RepairOrder, ReplenishmentOrder
from .policy import RecommendedPolicy, StockAlert, StockingPolicy
from .stock import (
    Condition,
    ReportPart,
    Reservation,
    SerialItem,
    StockBalance,
    StockMovement,
    Warehouse,
)

__all__ = [
    "Condition",
    "DocumentNumber",
    "ModelPart",
    "OrderLine",
    "Part",
    "PartPrice",
    "RecommendedPolicy",
    "RepairOrder",
    "ReplenishmentOrder",
    "ReportPart",
    "Reservation",
    "SerialItem",
    "StockAlert",
    "StockBalance",
    "StockMovement",
    "StockingPolicy",
    "Warehouse",
]
