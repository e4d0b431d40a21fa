"""Charges: the office's rates, and quotes the customer approves before chargeable work.

Amounts are Decimal in the office's currency; the arithmetic lives in services/charges_pricing.py.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from serviceloop.accounts.models import Office

from .cases import Case
from .charges_amounts import NOT_NEGATIVE, PERCENT, not_negative, percent

MONEY = {"max_digits": 12, "decimal_places": 2}


class ChargeRates(models.Model):
    """What an office charges per hour of labour and of travel, and the VAT it adds."""

    office = models.OneToOneField(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="charge_rates"
    )
    labour_rate = models.DecimalField(
        _("labour rate per hour"), validators=NOT_NEGATIVE, default=0, **MONEY
    )
    travel_rate = models.DecimalField(
        _("travel rate per hour"), validators=NOT_NEGATIVE, default=0, **MONEY
    )
    vat_percent = models.DecimalField(
        _("VAT (%)"),
        max_digits=5,
        decimal_places=2,
        default=13,
        validators=PERCENT,
        help_text=_("In China, repair services and parts carry 13 % VAT."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charge rates")
        verbose_name_plural = _("charge rates")
        constraints = [
            not_negative("labour_rate", "charge_rates_labour_rate_not_negative"),
            not_negative("travel_rate", "charge_rates_travel_rate_not_negative"),
            percent("vat_percent", "charge_rates_vat_0_to_100"),
        ]

    def __str__(self) -> str:
        return str(self.office)


class Quote(models.Model):
    """What chargeable work will cost; the customer approves it before we do the work.

    Approval is by the customer's name on a one-time link, by a signature drawn on the
    engineer's screen, or recorded by the office from the customer's purchase order."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent to the customer")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Method(models.TextChoices):
        LINK = "link", _("Approved on the link")
        SIGNATURE = "signature", _("Signed on site")
        PURCHASE_ORDER = "purchase_order", _("Purchase order received")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="quotes"
    )
    number = models.CharField(_("quote number"), max_length=30, unique=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    currency = models.CharField(_("currency"), max_length=3, editable=False)
    vat_percent = models.DecimalField(
        _("VAT (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    scope = models.TextField(
        _("work quoted"), blank=True, help_text=_("What will be done, as the customer reads it.")
    )
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    # The approval link: only the token's SHA-256 is kept, as for feedback links.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by_name = models.CharField(_("customer's name"), max_length=100, blank=True)
    method = models.CharField(_("approved by"), max_length=14, choices=Method.choices, blank=True)
    purchase_order = models.CharField(_("purchase order number"), max_length=60, blank=True)
    signature = models.FileField(_("signature"), upload_to="signatures/", blank=True)
    decline_reason = models.TextField(_("reason given"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who recorded the decision; empty when the customer used the link."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "token_hash"])

    PENDING = frozenset({State.DRAFT, State.SENT})

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [percent("vat_percent", "quote_vat_0_to_100")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING


class ChargeLine(models.Model):
    """One line of a quote, with who pays for it."""

    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour (hours)")
        TRAVEL = "travel", _("Travel (hours)")
        PART = "part", _("Spare part")
        OTHER = "other", _("Other")

    class Cover(models.TextChoices):
        WARRANTY = "warranty", _("Warranty")
        CONTRACT = "contract", _("Contract")
        CHARGEABLE = "chargeable", _("Chargeable")
        GOODWILL = "goodwill", _("Goodwill")

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    part_number = models.CharField(_("part number"), max_length=40, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=8, decimal_places=2, validators=NOT_NEGATIVE
    )
    unit_price = models.DecimalField(_("unit price"), validators=NOT_NEGATIVE, **MONEY)
    cover = models.CharField(_("paid by"), max_length=10, choices=Cover.choices)

    class Meta:
        ordering = ["quote", "pk"]
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        constraints = [
            not_negative("quantity", "charge_line_quantity_not_negative"),
            not_negative("unit_price", "charge_line_unit_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.quote} {self.description}"
