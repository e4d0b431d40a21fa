"""Stocking policy per part and warehouse, and the alerts raised when stock runs low."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import forecast
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


class RecommendedPolicy(models.Model):
    """What the forecast recommends for one part in one warehouse, with every number behind
    it, as the task worker last computed it (services/recommendations.py). Derived data,
    replaced whole at each run: the policy page reads it and never computes in a request."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField()
    history = models.JSONField(default=list)  # issued per month, oldest first
    positions = models.PositiveIntegerField(default=0)
    fleet_rate = models.FloatField(null=True, blank=True)
    lead_time_days = models.PositiveIntegerField()
    lead_time_source = models.CharField(max_length=12)  # "measured" or "catalogue"
    target = models.FloatField()
    rate = models.FloatField()
    source = models.CharField(max_length=16)  # forecast.SBA or forecast.INSTALLED_BASE
    total_demand = models.IntegerField()
    demand_count = models.PositiveIntegerField()
    lead_time_demand = models.FloatField()
    min_quantity = models.PositiveIntegerField()
    reorder_point = models.PositiveIntegerField()
    max_quantity = models.PositiveIntegerField()
    fill_rate = models.FloatField()
    pool = models.JSONField(null=True, blank=True)  # repairable parts: Palm's pool

    class Meta:
        ordering = ["warehouse", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "warehouse"], name="one_recommendation_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.warehouse_id}: {self.reorder_point}"

    @property
    def result(self) -> forecast.Recommendation:
        return forecast.Recommendation(
            rate=self.rate,
            source=self.source,
            total_demand=self.total_demand,
            demand_count=self.demand_count,
            lead_time_demand=self.lead_time_demand,
            reorder_point=self.reorder_point,
            min_quantity=self.min_quantity,
            max_quantity=self.max_quantity,
            fill_rate=self.fill_rate,
        )
