"""The installed base (客户设备记录档案表): equipment models, units, moves and contracts."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.customers.models import Archivable, Customer, Site


class EquipmentModel(Archivable):
    class Family(models.TextChoices):
        POWER_SUPPLY = "power_supply", _("Power supply")
        HARDENING_MACHINE = "hardening_machine", _("Hardening machine")
        SCANNING_HARDENER = "scanning_hardener", _("Scanning hardener")
        CRANKSHAFT_LINE = "crankshaft_line", _("Crankshaft line")
        TEMPERING = "tempering", _("Tempering system")
        BRAZING = "brazing", _("Brazing system")
        EV_CHARGER = "ev_charger", _("EV charger")

    code = models.CharField(_("model code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    rated_power_kw = models.DecimalField(
        _("rated power (kW)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    frequency_min_khz = models.DecimalField(
        _("lowest frequency (kHz)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    frequency_max_khz = models.DecimalField(
        _("highest frequency (kHz)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    default_warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=12)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("equipment model")
        verbose_name_plural = _("equipment models")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency_min_khz__isnull=True)
                | models.Q(frequency_max_khz__isnull=True)
                | models.Q(frequency_min_khz__lte=models.F("frequency_max_khz")),
                name="model_frequency_range_ordered",
                violation_error_message=_("The lowest frequency is above the highest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Unit(Archivable):
    """One installed machine, found by its serial number."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DEGRADED = "degraded", _("Degraded")
        DOWN = "down", _("Down")
        DECOMMISSIONED = "decommissioned", _("Decommissioned")

    serial = models.CharField(
        _("serial number"),
        max_length=60,
        help_text=_("Stored as typed; found with full-width or half-width characters alike."),
    )
    # normalize_code(serial): unique, and what searches compare against.
    serial_key = models.CharField(max_length=60, unique=True, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("e.g. the hardening line that holds this power supply."),
    )
    model = models.ForeignKey(
        EquipmentModel, verbose_name=_("model"), on_delete=models.PROTECT, related_name="units"
    )
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="units"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    location = models.CharField(
        _("location in the plant"),
        max_length=200,
        blank=True,
        help_text=_("Department, hall, line."),
    )
    sales_order = models.CharField(_("sales order number"), max_length=40, blank=True)
    build_date = models.DateField(_("build date"), null=True, blank=True)
    pre_acceptance_date = models.DateField(_("factory pre-acceptance"), null=True, blank=True)
    final_acceptance_date = models.DateField(_("site final acceptance"), null=True, blank=True)
    commissioning_date = models.DateField(_("commissioning"), null=True, blank=True)
    warranty_start = models.DateField(
        _("warranty start"),
        null=True,
        blank=True,
        help_text=_("Leave empty: the warranty starts at final acceptance."),
    )
    warranty_months = models.PositiveSmallIntegerField(_("warranty (months)"), default=12)
    # Derived by the services from the fields above, stored so lists can filter on it.
    warranty_end = models.DateField(_("warranty end"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    running_hours = models.PositiveIntegerField(_("running hours"), null=True, blank=True)
    power_supply_serial = models.CharField(_("power supply serial"), max_length=60, blank=True)
    transformer = models.CharField(_("output transformer"), max_length=100, blank=True)
    inductors = models.TextField(_("inductors and quench tooling"), blank=True)
    firmware_plc = models.CharField(_("PLC firmware"), max_length=60, blank=True)
    firmware_hmi = models.CharField(_("HMI firmware"), max_length=60, blank=True)
    firmware_inverter = models.CharField(_("inverter firmware"), max_length=60, blank=True)
    process_parameters = models.TextField(_("nominal process parameters"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["serial_key"]
        verbose_name = _("equipment unit")
        verbose_name_plural = _("equipment units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pre_acceptance_date__isnull=True)
                | models.Q(final_acceptance_date__isnull=True)
                | models.Q(pre_acceptance_date__lte=models.F("final_acceptance_date")),
                name="unit_pre_acceptance_before_final",
                violation_error_message=_("Factory pre-acceptance comes before final acceptance."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="unit_not_its_own_parent",
                violation_error_message=_("A unit cannot be part of itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def warranty_starts_on(self) -> date | None:
        return self.warranty_start or self.final_acceptance_date


class UnitMove(models.Model):
    """A unit moved to another site or customer; its history goes with it."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="moves"
    )
    from_customer = models.ForeignKey(
        Customer, verbose_name=_("from customer"), on_delete=models.PROTECT, related_name="+"
    )
    from_site = models.ForeignKey(
        Site, verbose_name=_("from site"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_customer = models.ForeignKey(
        Customer, verbose_name=_("to customer"), on_delete=models.PROTECT, related_name="+"
    )
    to_site = models.ForeignKey(
        Site, verbose_name=_("to site"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    moved_on = models.DateField(_("moved on"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-pk"]
        verbose_name = _("unit move")
        verbose_name_plural = _("unit moves")

    def __str__(self) -> str:
        return f"{self.unit} {self.moved_on}"


class Contract(Archivable):
    """A service contract: which units are covered, for what, until when."""

    class Kind(models.TextChoices):
        WARRANTY = "warranty", _("Extended warranty")
        BASIC = "basic", _("Basic service contract")
        PREMIUM = "premium", _("Premium service contract")

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    units = models.ManyToManyField(Unit, verbose_name=_("covered units"), related_name="contracts")
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"))
    covers_labour = models.BooleanField(_("covers labour"), default=True)
    covers_parts = models.BooleanField(_("covers parts"), default=False)
    covers_travel = models.BooleanField(_("covers travel"), default=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["-ends_on", "number"]
        verbose_name = _("service contract")
        verbose_name_plural = _("service contracts")
        constraints = [
            models.UniqueConstraint(Lower("number"), name="contract_number_unique"),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="contract_period_ordered",
                violation_error_message=_("A contract ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


def _document_path(document: "Document", filename: str) -> str:
    # `filename` is already generated by the service (core.uploads.generated_name).
    return f"documents/{filename}"


class Document(Archivable):
    """A manual, drawing, acceptance protocol or certificate of an equipment model or unit."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual")
        DRAWING = "drawing", _("Drawing")
        ACCEPTANCE_PROTOCOL = "acceptance_protocol", _("Acceptance protocol")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", _("Other")

    equipment_model = models.ForeignKey(
        EquipmentModel,
        verbose_name=_("equipment model"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equipment_model__isnull=True, unit__isnull=False)
                | models.Q(equipment_model__isnull=False, unit__isnull=True),
                name="document_belongs_to_a_model_or_a_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.title
