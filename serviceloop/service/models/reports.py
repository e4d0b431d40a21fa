"""Repair reports (产品维修报告单): what was found and done, signed by the customer and the
engineer; locked once signed, corrected only by addenda."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .cases import Case
from .charges_amounts import HOURS, NEGATIVE_HOURS, not_negative
from .visits import Visit


class RepairReport(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="reports"
    )
    visit = models.OneToOneField(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
    )
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    fault_found = models.TextField(_("fault found"))
    root_cause = models.CharField(_("root-cause code"), max_length=20, blank=True)
    actions = models.TextField(_("actions taken"))
    parts_used = models.TextField(
        _("parts used"), blank=True, help_text=_("One part per line: number, name, quantity.")
    )
    labour_hours = models.DecimalField(
        _("labour hours"), max_digits=6, decimal_places=2, default=0, validators=HOURS
    )
    travel_hours = models.DecimalField(
        _("travel hours"), max_digits=6, decimal_places=2, default=0, validators=HOURS
    )
    readings_after = models.TextField(_("readings after the repair"), blank=True)
    customer_name = models.CharField(_("accepted by (customer)"), max_length=100, blank=True)
    customer_signature = models.FileField(
        _("customer's signature"), upload_to="signatures/", blank=True
    )
    customer_signed_at = models.DateTimeField(_("customer signed at"), null=True, blank=True)
    engineer_signature = models.FileField(
        _("engineer's signature"), upload_to="signatures/", blank=True
    )
    engineer_signed_at = models.DateTimeField(_("engineer signed at"), null=True, blank=True)
    # When the signed report's PDF went to the customer's contact: it goes once (tasks.py).
    pdf_sent_at = models.DateTimeField(_("PDF sent at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "pdf_sent_at"])

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("repair report")
        verbose_name_plural = _("repair reports")
        constraints = [
            not_negative("labour_hours", "report_labour_hours_not_negative", NEGATIVE_HOURS),
            not_negative("travel_hours", "report_travel_hours_not_negative", NEGATIVE_HOURS),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.engineer_signed_at is not None


class Addendum(models.Model):
    """A correction to a signed report: the report itself never changes."""

    report = models.ForeignKey(RepairReport, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(_("correction"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["written_at"]
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")

    def __str__(self) -> str:
        return f"{self.report} +"
