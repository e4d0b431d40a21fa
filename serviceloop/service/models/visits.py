"""Engineers and their visits: who can go, who goes, when they arrive and leave."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.equipment.models import EquipmentModel

from .cases import Case


class EngineerProfile(models.Model):
    """What the manager knows of a field engineer for dispatching (kept by the manager)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        on_delete=models.CASCADE,
        related_name="engineer_profile",
    )
    home_base = models.CharField(_("home base"), max_length=100, blank=True)
    home_latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    home_longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("e.g. 中文, English")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("engineer profile")
        verbose_name_plural = _("engineer profiles")

    def __str__(self) -> str:
        return str(self.user)


class Skill(models.Model):
    class Level(models.IntegerChoices):
        BASIC = 1, _("Basic: with help")
        INDEPENDENT = 2, _("Independent")
        EXPERT = 3, _("Expert: trains others")

    profile = models.ForeignKey(EngineerProfile, on_delete=models.CASCADE, related_name="skills")
    family = models.CharField(
        _("equipment family"), max_length=20, choices=EquipmentModel.Family.choices
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        ordering = ["profile", "family"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["profile", "family"], name="skill_unique_per_family"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.family} {self.level}"


class Certification(models.Model):
    profile = models.ForeignKey(
        EngineerProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    name = models.CharField(_("certification"), max_length=100)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["profile", "expires_on"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ON_SITE = "on_site", _("On site")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="visits"
    )
    engineers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("engineers"), related_name="visits"
    )
    planned_start = models.DateTimeField(_("planned arrival"), db_index=True)
    planned_end = models.DateTimeField(_("planned departure"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    travel_minutes = models.PositiveIntegerField(_("travel time (minutes)"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[engineers])

    class Meta:
        ordering = ["planned_start"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gt=models.F("planned_start")),
                name="visit_ends_after_it_starts",
                violation_error_message=_("A visit ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.planned_start:%Y-%m-%d}"

    @property
    def is_planned(self) -> bool:
        return self.state == self.State.PLANNED

    @property
    def is_on_site(self) -> bool:
        return self.state == self.State.ON_SITE
