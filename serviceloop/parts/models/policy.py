"""Stocking policy per part and warehouse, and the alerts raised when stock runs low."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import Part
from .stock import Warehouse


class StockingPolicy(models.Model):
    """Min / reorder point / max of one part in one warehouse, and the fill rate aimed at."""

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="policies")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="policies")
    min_quantity = models.PositiveIntegerField(_("minimum"), default=0)
    reorder_point = models.PositiveIntegerField(_("reorder point"), default=0)
    max_quantity = models.PositiveIntegerField(_("maximum"), default=0)
    target_fill_rate = models.DecimalField(
        _("target fill rate"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.900"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.999"))],
        help_text=_("Share of demand met from the shelf at once, e.g. 0.95 for critical parts."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["warehouse", "part"]
        verbose_name = _("stocking policy")
        verbose_name_plural = _("stocking policies")
        constraints = [
            models.UniqueConstraint(fields=["part", "warehouse"], name="one_policy_per_place"),
            models.CheckConstraint(
                condition=models.Q(min_quantity__lte=models.F("reorder_point"))
                & models.Q(reorder_point__lte=models.F("max_quantity")),
                name="policy_min_reorder_max_ordered",
                violation_error_message=_("Minimum ≤ reorder point ≤ maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part.number} @ {self.warehouse.code}"


class StockAlert(models.Model):
    """Stock of a part fell to its reorder point, or a critical part has none left. One open
    alert per part, warehouse and kind: the people are told once, not at every movement."""

    class Kind(models.TextChoices):
        REORDER = "reorder", _("At or below the reorder point")
        CRITICAL_OUT = "critical_out", _("Critical part out of stock")

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="alerts")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("stock alert")
        verbose_name_plural = _("stock alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "warehouse", "kind"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_open_alert_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.part.number} @ {self.warehouse.code}"
