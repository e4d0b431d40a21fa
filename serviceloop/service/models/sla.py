"""SLA policies per contract type and priority, and the office calendar behind them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Office

from .charges_amounts import HOURS, NEGATIVE_HOURS, not_negative


class SlaPolicy(models.Model):
    class Coverage(models.TextChoices):
        WARRANTY = "warranty", _("Warranty")
        BASIC = "basic", _("Basic contract")
        PREMIUM = "premium", _("Premium contract")
        NONE = "none", _("No contract")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="sla_policies"
    )
    coverage = models.CharField(_("coverage"), max_length=10, choices=Coverage.choices)
    priority = models.CharField(_("priority"), max_length=2)
    first_response_hours = models.DecimalField(
        _("first response (hours)"), max_digits=6, decimal_places=2, validators=HOURS
    )
    on_site_hours = models.DecimalField(
        _("on site (hours)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=HOURS,
    )
    restore_hours = models.DecimalField(
        _("restore (hours)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=HOURS,
    )
    business_hours = models.BooleanField(
        _("in business hours"), default=True, help_text=_("Off: the clock runs day and night.")
    )
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of the time)"), default=75
    )

    class Meta:
        ordering = ["office", "coverage", "priority"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "coverage", "priority"], name="sla_policy_unique_per_office"
            ),
            not_negative(
                "first_response_hours", "sla_policy_first_response_not_negative", NEGATIVE_HOURS
            ),
            not_negative("on_site_hours", "sla_policy_on_site_not_negative", NEGATIVE_HOURS),
            not_negative("restore_hours", "sla_policy_restore_not_negative", NEGATIVE_HOURS),
        ]

    def __str__(self) -> str:
        return f"{self.get_coverage_display()} {self.priority}"


class CalendarDay(models.Model):
    """An office's exception to its public-holiday calendar: an extra day off, or a
    调休 make-up working day (a Saturday or Sunday worked in exchange for a holiday)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        WORKING_DAY = "working_day", _("Make-up working day (调休)")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="calendar_days"
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["office", "day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day"], name="calendar_day_unique_per_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.day} {self.kind}"


class SlaAlert(models.Model):
    """A warning or an escalation sent for one clock of one case: at most one of each, which
    the unique constraint guarantees even when two workers run the same check."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning before the deadline")
        BREACH = "breach", _("Deadline missed: escalated")

    case = models.ForeignKey("service.Case", on_delete=models.CASCADE, related_name="sla_alerts")
    clock = models.CharField(max_length=20)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "clock", "kind"], name="sla_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.clock} {self.kind}"
