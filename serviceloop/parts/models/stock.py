"""Warehouses, the stock ledger and the balances it sums to, serials and reservations.

The ledger is append-only: each movement is one row, written only by parts/services with
the balance row locked, so `balance_after` is the exact running balance. The balances are
what the ledger sums to; database constraints keep them in range whatever the code does.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Office
from serviceloop.customers.models import Archivable, Customer, Site
from serviceloop.equipment.models import Unit
from serviceloop.service.models import Case, RepairReport

from .catalogue import Part


class Warehouse(Archivable):
    """A place stock is kept: HQ in Spain, the office's store, an engineer's van, or
    consignment stock at a key customer's plant."""

    class Kind(models.TextChoices):
        HQ = "hq", _("Headquarters warehouse")
        OFFICE = "office", _("Office warehouse")
        VAN = "van", _("Engineer's van stock")
        CONSIGNMENT = "consignment", _("Consignment stock at a customer")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="warehouses"
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vans",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consignment_warehouses",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        ordering = ["office", "kind", "code"]
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="van") | models.Q(engineer__isnull=False),
                name="van_has_an_engineer",
                violation_error_message=_("A van's stock belongs to an engineer."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="consignment") | models.Q(customer__isnull=False),
                name="consignment_has_a_customer",
                violation_error_message=_("Consignment stock is at a customer."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    DEFECTIVE = "defective", _("Defective")


class StockBalance(models.Model):
    """What the ledger sums to for one part in one warehouse: good stock on hand, the part
    of it reserved for cases, and defective pieces waiting for repair or scrap."""

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="balances")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="balances")
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)
    defective = models.IntegerField(_("defective"), default=0)

    class Meta:
        ordering = ["warehouse", "part"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["part", "warehouse"], name="one_balance_per_place"),
            models.CheckConstraint(
                condition=models.Q(on_hand__gte=0), name="stock_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(reserved__gte=0, reserved__lte=models.F("on_hand")),
                name="stock_reserved_within_on_hand",
            ),
            models.CheckConstraint(
                condition=models.Q(defective__gte=0), name="stock_defective_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part.number} @ {self.warehouse.code}: {self.on_hand}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class SerialItem(models.Model):
    """One piece of a serial-tracked part: where it is, or which machine it is fitted to."""

    class Status(models.TextChoices):
        IN_STOCK = "in_stock", _("In stock")
        INSTALLED = "installed", _("Installed")
        DEFECTIVE = "defective", _("Defective, in stock")
        IN_REPAIR = "in_repair", _("In repair")
        SCRAPPED = "scrapped", _("Scrapped")
        WRITTEN_OFF = "written_off", _("Written off")

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="serial_items")
    serial = models.CharField(_("serial number"), max_length=60)
    serial_key = models.CharField(max_length=60, editable=False)
    status = models.CharField(_("status"), max_length=11, choices=Status.choices)
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, null=True, blank=True, related_name="serial_items"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("fitted to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fitted_parts",
    )

    class Meta:
        ordering = ["part", "serial_key"]
        verbose_name = _("serial number")
        verbose_name_plural = _("serial numbers")
        constraints = [
            models.UniqueConstraint(fields=["part", "serial_key"], name="serial_unique_per_part"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["in_stock", "defective"])
                | models.Q(warehouse__isnull=False),
                name="serial_in_stock_has_a_warehouse",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part.number} #{self.serial}"


class StockMovement(models.Model):
    """One movement of stock, never changed afterwards (a database trigger refuses updates).

    `quantity` is signed: what came in is positive, what went out negative; `condition`
    says whether it moved good stock or the defective pieces of the balance."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        ISSUE = "issue", _("Issue to a repair")
        TRANSFER_OUT = "transfer_out", _("Transfer out")
        TRANSFER_IN = "transfer_in", _("Transfer in")
        ADJUSTMENT = "adjustment", _("Adjustment")
        RETURN = "return", _("Defective part returned")
        SCRAP = "scrap", _("Scrapped")
        REPAIR_OUT = "repair_out", _("Sent for repair")
        REPAIR_IN = "repair_in", _("Back from repair")

    INCOMING = frozenset({Kind.RECEIPT, Kind.TRANSFER_IN, Kind.RETURN, Kind.REPAIR_IN})
    OUTGOING = frozenset({Kind.ISSUE, Kind.TRANSFER_OUT, Kind.SCRAP, Kind.REPAIR_OUT})

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="movements")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("movement"), max_length=12, choices=Kind.choices)
    condition = models.CharField(
        _("condition"), max_length=9, choices=Condition.choices, default=Condition.GOOD
    )
    quantity = models.IntegerField(_("quantity"))
    balance_after = models.IntegerField(_("balance after"))
    serial = models.ForeignKey(
        SerialItem, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="stock_movements"
    )
    report = models.ForeignKey(
        RepairReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order_line = models.ForeignKey(
        "parts.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="receipts"
    )
    repair = models.ForeignKey(
        "parts.RepairOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counterpart = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The form's one-time key: the same submission sent twice makes one movement.
    request_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock ledger")
        # Movements are appended in time order, so the primary key orders them: a page of a
        # part's ledger is an index range scan whatever the ledger's size.
        indexes = [
            models.Index(fields=["part", "-id"], name="ledger_part_newest"),
            models.Index(fields=["warehouse", "-id"], name="ledger_warehouse_newest"),
            models.Index(fields=["part", "warehouse", "-id"], name="ledger_place_newest"),
            models.Index(fields=["warehouse", "kind", "-id"], name="ledger_kind_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(quantity=0), name="movement_moves_something"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["receipt", "transfer_in", "return", "repair_in"])
                | models.Q(quantity__gt=0),
                name="incoming_movement_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["issue", "transfer_out", "scrap", "repair_out"])
                | models.Q(quantity__lt=0),
                name="outgoing_movement_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="movement_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.part.number}"


class Reservation(models.Model):
    """Stock held in one warehouse for a case; or, while none is there, the case's place in
    the queue for the next receipt (waiting)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for stock")
        ACTIVE = "active", _("Reserved")
        DONE = "done", _("Used")
        CANCELLED = "cancelled", _("Released")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reservations")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="reservations")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="reservations")
    quantity = models.IntegerField(_("quantity"))
    issued = models.IntegerField(_("issued"), default=0)
    released = models.IntegerField(_("released"), default=0)
    state = models.CharField(_("state"), max_length=9, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("reserved at"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    request_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    OPEN = frozenset({State.WAITING, State.ACTIVE})

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [
            models.Index(fields=["state", "warehouse", "part"], name="reservation_open_place"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, issued__gte=0, released__gte=0)
                & models.Q(issued__lte=models.F("quantity") - models.F("released")),
                name="reservation_quantities_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.quantity} × {self.part.number}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.issued - self.released

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class ReportPart(models.Model):
    """A part from stock used on a repair report, and what happened to the part it
    replaced. Written while the report is a draft; issued from stock when it is signed."""

    class Defective(models.TextChoices):
        NONE = "none", _("Nothing removed")
        RETURNED = "returned", _("Returned to the warehouse")
        SCRAPPED = "scrapped", _("Scrapped at the plant")
        KEPT = "kept", _("Kept by the customer")

    report = models.ForeignKey(RepairReport, on_delete=models.PROTECT, related_name="stock_parts")
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity used"))
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="report_lines"
    )
    serial = models.ForeignKey(
        SerialItem,
        verbose_name=_("serial fitted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    defective = models.CharField(
        _("the part taken out"), max_length=8, choices=Defective.choices, default=Defective.NONE
    )
    removed_serial = models.CharField(_("serial taken out"), max_length=60, blank=True)
    issue = models.ForeignKey(
        StockMovement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="report_part_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.quantity} × {self.part.number}"
