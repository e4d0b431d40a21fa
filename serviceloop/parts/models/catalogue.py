"""The spare-parts catalogue: what a part is, what it costs, which models use it."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.customers.models import Archivable
from serviceloop.equipment.models import EquipmentModel

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Part(Archivable):
    """A spare part as HQ's item master knows it; quantities are whole numbers of its unit."""

    class Category(models.TextChoices):
        POWER_SEMICONDUCTORS = "power_semiconductors", _("Power semiconductors")
        DRIVER_CONTROL = "driver_control", _("Driver and control electronics")
        DC_LINK = "dc_link", _("DC link")
        RESONANT_TANK = "resonant_tank", _("Resonant tank")
        OUTPUT_TRANSFORMER = "output_transformer", _("Output transformer")
        INDUCTOR = "inductor", _("Inductors (coils)")
        FLUX_CONCENTRATOR = "flux_concentrator", _("Flux concentrators")
        QUENCH = "quench", _("Quench system")
        COOLING = "cooling", _("Cooling loop")
        HOSES_FITTINGS = "hoses_fittings", _("Hoses and fittings")
        BUS_LEADS = "bus_leads", _("Bus bars and leads")
        SWITCHGEAR = "switchgear", _("Electrical switchgear")
        AUTOMATION = "automation", _("Automation")
        SENSORS = "sensors", _("Sensors and monitoring")
        MECHANICS = "mechanics", _("Mechanics")

    class SpareClass(models.TextChoices):
        A = "A", _("A — critical, insurance spare")
        B = "B", _("B — important")
        C = "C", _("C — consumable")

    class Unit(models.TextChoices):
        PIECE = "pc", _("piece")
        SET = "set", _("set")
        KIT = "kit", _("kit")
        METRE = "m", _("metre")
        LITRE = "L", _("litre")

    number = models.CharField(_("part number"), max_length=40)
    # normalize_code(number): unique, and what a number typed on a phone is compared with.
    number_key = models.CharField(max_length=40, unique=True, editable=False)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    spare_class = models.CharField(
        _("class"), max_length=1, choices=SpareClass.choices, default=SpareClass.B
    )
    unit = models.CharField(_("unit"), max_length=4, choices=Unit.choices, default=Unit.PIECE)
    cost_eur = models.DecimalField(_("cost (EUR)"), default=0, **MONEY)
    hs_code = models.CharField(
        _("HS code"), max_length=10, blank=True, help_text=_("Chinese customs code, 10 digits.")
    )
    is_critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Its failure stops the line; no work-around.")
    )
    is_repairable = models.BooleanField(
        _("repairable"), default=False, help_text=_("Repaired and returned to the spares pool.")
    )
    is_serialized = models.BooleanField(
        _("serial-tracked"), default=False, help_text=_("Every piece moves by its serial number.")
    )
    hq_lead_days = models.PositiveSmallIntegerField(
        _("HQ lead time (days)"), default=14, help_text=_("From the order to the Chinese port.")
    )
    customs_days = models.PositiveSmallIntegerField(_("customs clearance (days)"), default=5)
    notes = models.TextField(_("notes"), blank=True)
    models_used_in = models.ManyToManyField(
        EquipmentModel,
        verbose_name=_("compatible models"),
        through="ModelPart",
        related_name="spare_parts",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["number_key"]
        verbose_name = _("spare part")
        verbose_name_plural = _("spare parts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hs_code="") | models.Q(hs_code__regex=r"^[0-9]{10}$"),
                name="part_hs_code_ten_digits",
                violation_error_message=_("The HS code has 10 digits."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name_zh}"

    @property
    def replenishment_days(self) -> int:
        """Lead time from HQ plus customs: what a reorder point must cover."""
        return self.hq_lead_days + self.customs_days


class PartPrice(models.Model):
    """The list price of a part in an office's currency, before VAT."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="prices")
    currency = models.CharField(_("currency"), max_length=3)
    price = models.DecimalField(_("list price"), **MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["part", "currency"]
        verbose_name = _("list price")
        verbose_name_plural = _("list prices")
        constraints = [
            models.UniqueConstraint(fields=["part", "currency"], name="one_price_per_currency"),
        ]

    def __str__(self) -> str:
        return f"{self.part.number} {self.price} {self.currency}"


class ModelPart(models.Model):
    """One line of an equipment model's bill of spare parts."""

    equipment_model = models.ForeignKey(
        EquipmentModel,
        verbose_name=_("equipment model"),
        on_delete=models.CASCADE,
        related_name="bill_of_parts",
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.CASCADE, related_name="model_lines"
    )
    quantity = models.PositiveSmallIntegerField(
        _("per unit"), default=1, validators=[MinValueValidator(1)]
    )
    is_critical = models.BooleanField(_("critical for this model"), default=False)

    class Meta:
        ordering = ["equipment_model", "part"]
        verbose_name = _("bill of spare parts line")
        verbose_name_plural = _("bill of spare parts")
        constraints = [
            models.UniqueConstraint(fields=["equipment_model", "part"], name="one_line_per_part"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="model_part_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equipment_model.code}: {self.quantity} × {self.part.number}"
