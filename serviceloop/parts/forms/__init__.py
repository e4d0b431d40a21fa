from .catalogue import PartForm, PolicyForm
from .orders import (
    ConfirmOrderForm,
    CustomsForm,
    DecideRepairForm,
    OrderForm,
    ReceiveOrderForm,
    ReceiveRepairForm,
    ScrapRepairForm,
    SendRepairForm,
    ShipBackForm,
    ShipOrderForm,
    VersionForm,
)
from .reports import ReportPartsForm
from .stock import MOVEMENTS, LedgerFilterForm, MovementForm, ReserveForm, StockFilterForm

__all__ = [
    "MOVEMENTS",
    "ConfirmOrderForm",
    "CustomsForm",
    "DecideRepairForm",
    "LedgerFilterForm",
    "MovementForm",
    "OrderForm",
    "PartForm",
    "PolicyForm",
    "ReceiveOrderForm",
    "ReceiveRepairForm",
    "ReportPartsForm",
    "ReserveForm",
    "ScrapRepairForm",
    "SendRepairForm",
    "ShipBackForm",
    "ShipOrderForm",
    "StockFilterForm",
    "VersionForm",
]
