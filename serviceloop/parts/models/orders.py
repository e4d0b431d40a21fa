"""Replenishment orders to headquarters and the repair loop of repairable parts."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.accounts.models import Office
from serviceloop.service.models import Case

from .catalogue import Part
from .stock import SerialItem, Warehouse


class DocumentNumber(models.Model):
    """The last number given per prefix and year (PO-2026-0012), taken under a row lock."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["prefix", "year"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="one_counter_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class ReplenishmentOrder(models.Model):
    """An office's order to headquarters for stock, received in one or more receipts."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to HQ")
        CONFIRMED = "confirmed", _("Confirmed by HQ")
        SHIPPED = "shipped", _("Shipped")
        IN_CUSTOMS = "in_customs", _("In customs")
        PARTLY_RECEIVED = "partly_received", _("Partly received")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    class Transport(models.TextChoices):
        AIR = "air", _("Air freight")
        RAIL = "rail", _("Rail")
        SEA = "sea", _("Sea freight")
        EXPRESS = "express", _("Courier")

    number = models.CharField(_("order number"), max_length=20, unique=True, editable=False)
    office = models.ForeignKey(
        Office, verbose_name=_("ordering office"), on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        Office,
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="orders_received",
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("deliver to"), on_delete=models.PROTECT, related_name="orders"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    transport = models.CharField(
        _("transport"), max_length=8, choices=Transport.choices, default=Transport.AIR
    )
    is_urgent = models.BooleanField(_("urgent"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    promised_on = models.DateField(_("promised for"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    tracking = models.CharField(_("tracking number"), max_length=60, blank=True)
    customs_at = models.DateTimeField(_("arrived in customs"), null=True, blank=True)
    customs_declaration = models.CharField(_("customs declaration"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("fully received"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    OPEN_STATES = frozenset(
        {
            State.DRAFT,
            State.SENT,
            State.CONFIRMED,
            State.SHIPPED,
            State.IN_CUSTOMS,
            State.PARTLY_RECEIVED,
        }
    )
    # Stock that will arrive: counted in the inventory position against the reorder point.
    ON_ORDER_STATES = OPEN_STATES - {State.DRAFT}

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("replenishment order")
        verbose_name_plural = _("replenishment orders")
        indexes = [models.Index(fields=["office", "state"], name="order_office_state")]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(ReplenishmentOrder, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    received = models.PositiveIntegerField(_("received"), default=0)
    case = models.ForeignKey(
        Case,
        verbose_name=_("for case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, received__lte=models.F("quantity")),
                name="order_line_received_within_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.quantity} × {self.part.number}"

    @property
    def outstanding(self) -> int:
        return self.quantity - self.received


class RepairOrder(models.Model):
    """A defective repairable part on its way through repair, back into stock or to scrap."""

    class State(models.TextChoices):
        DEFECTIVE = "defective", _("Defective, awaiting a decision")
        TO_REPAIR = "to_repair", _("To be sent for repair")
        SENT = "sent", _("At the repairer")
        SHIPPED_BACK = "shipped_back", _("Repaired, on its way back")
        REFURBISHED = "refurbished", _("Back in stock, refurbished")
        SCRAPPED = "scrapped", _("Scrapped")

    class Repairer(models.TextChoices):
        HQ = "hq", _("Headquarters")
        VENDOR = "vendor", _("Vendor")

    number = models.CharField(_("repair number"), max_length=20, unique=True, editable=False)
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.PROTECT, related_name="repairs"
    )
    serial = models.ForeignKey(
        SerialItem,
        verbose_name=_("serial number"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repairs",
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="repairs"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DEFECTIVE
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("from case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fault = models.TextField(_("fault"), blank=True)
    repairer = models.CharField(
        _("repaired by"), max_length=6, choices=Repairer.choices, blank=True
    )
    repairer_office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="repairs_received"
    )
    vendor = models.CharField(_("vendor"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expected_back = models.DateField(_("expected back"), null=True, blank=True)
    shipped_back_at = models.DateTimeField(_("shipped back"), null=True, blank=True)
    returned_at = models.DateTimeField(_("back in stock"), null=True, blank=True)
    scrapped_at = models.DateTimeField(_("scrapped"), null=True, blank=True)
    cost = models.DecimalField(
        _("repair cost"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    result = models.TextField(_("repair result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"))
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    OPEN_STATES = frozenset({State.DEFECTIVE, State.TO_REPAIR, State.SENT, State.SHIPPED_BACK})
    # Off the shelf: with the repairer, or on its way back.
    OUT_STATES = frozenset({State.SENT, State.SHIPPED_BACK})

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        """Out for repair past the day it was expected back."""
        return (
            self.state in self.OUT_STATES
            and self.expected_back is not None
            and self.expected_back < timezone.localdate()
        )

    @property
    def turnaround_days(self) -> float | None:
        if self.sent_at is None or self.returned_at is None:
            return None
        return round((self.returned_at - self.sent_at).total_seconds() / 86400, 1)
