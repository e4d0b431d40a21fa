"""The customer archive (客户档案记录表): customers, their sites, contacts and interactions."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from serviceloop.accounts.models import Office

from .validators import validate_phone, validate_unified_social_credit_code


class Division(models.Model):
    """A standard administrative division of China (GB/T 2260): province, city or district."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")

    def __str__(self) -> str:
        return self.name


class Archivable(models.Model):
    """Business records are archived, not deleted: their history and links stay."""

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Place(models.Model):
    """Where something is in China: standard province, city and district, and the address."""

    province = models.ForeignKey(
        Division,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    city = models.ForeignKey(
        Division,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        Division,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Customer(Archivable, Place):
    class Industry(models.TextChoices):
        AUTOMOTIVE_OEM = "automotive_oem", _("Automotive OEM")
        AUTO_PARTS_TIER1 = "auto_parts_tier1", _("Auto parts, tier 1")
        AUTO_PARTS_TIER2 = "auto_parts_tier2", _("Auto parts, tier 2")
        BEARINGS = "bearings", _("Bearings")
        MACHINE_TOOLS = "machine_tools", _("Machine tools")
        STEEL = "steel", _("Steel")
        AEROSPACE = "aerospace", _("Aerospace")
        OTHER = "other", _("Other")

    class Grade(models.TextChoices):
        A = "A", _("A — key account")
        B = "B", _("B — important")
        C = "C", _("C — standard")

    class Status(models.TextChoices):
        PROSPECT = "prospect", pgettext_lazy("customer status", "Prospect")
        ACTIVE = "active", pgettext_lazy("customer status", "Active")
        DORMANT = "dormant", pgettext_lazy("customer status", "Dormant")
        LOST = "lost", pgettext_lazy("customer status", "Lost")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="customers"
    )
    code = models.CharField(_("customer code"), max_length=30, help_text=_("Unique; e.g. C-0001."))
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("Latin name"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_unified_social_credit_code],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.AUTO_PARTS_TIER1
    )
    main_products = models.CharField(
        _("main products"), max_length=200, blank=True, help_text=_("e.g. crankshafts, gears")
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.B)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_customers",
    )
    customer_since = models.DateField(_("customer since"), null=True, blank=True)
    # 开票信息: what goes on a VAT invoice (fapiao).
    invoice_title = models.CharField(_("invoice title"), max_length=200, blank=True)
    invoice_address = models.CharField(_("invoice address"), max_length=300, blank=True)
    invoice_phone = models.CharField(_("invoice phone"), max_length=40, blank=True)
    invoice_bank = models.CharField(_("bank"), max_length=200, blank=True)
    invoice_account = models.CharField(_("bank account"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
    )
    # Written by services from the names, pinyin, initials and code (core.text):
    # searched with a plain icontains, never computed per query.
    search_document = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="customer_code_unique",
                violation_error_message=_("A customer with this code already exists."),
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="customer_not_merged_into_itself",
                violation_error_message=_("A customer cannot be merged into itself."),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="customer_not_its_own_group",
                violation_error_message=_("A customer cannot be its own parent group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Site(Archivable, Place):
    """A plant of a customer."""

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="sites"
    )
    code = models.CharField(_("site code"), max_length=30, help_text=_("Unique per customer."))
    name = models.CharField(_("name"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    access_notes = models.TextField(
        _("access notes"), blank=True, help_text=_("Safety rules, badges, gate, parking.")
    )
    working_hours = models.CharField(_("working hours"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer__code", "code"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                "customer",
                Lower("code"),
                name="site_code_unique_per_customer",
                violation_error_message=_("This customer already has a site with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(Archivable):
    class Position(models.TextChoices):
        PLANT_MANAGER = "plant_manager", _("Plant manager")
        MAINTENANCE_HEAD = "maintenance_head", _("Maintenance head")
        MAINTENANCE = "maintenance", _("Maintenance technician")
        OPERATOR = "operator", _("Operator")
        QUALITY = "quality", _("Quality")
        PURCHASING = "purchasing", _("Purchasing")
        ENGINEERING = "engineering", _("Process engineering")
        MANAGEMENT = "management", _("Management")
        OTHER = "other", _("Other")

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contacts"
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    full_name = models.CharField(_("full name"), max_length=100)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    department = models.CharField(_("department"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile"), max_length=40, blank=True, validators=[validate_phone])
    landline = models.CharField(
        _("landline"),
        max_length=60,
        blank=True,
        validators=[validate_phone],
        help_text=_("With area code and extension, e.g. 021-6218 5500 ext. 801."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    wechat = models.CharField(_("WeChat ID"), max_length=60, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    consents_to_surveys = models.BooleanField(_("agrees to satisfaction surveys"), default=False)
    # China's PIPL: personal data may be read by headquarters abroad only with consent.
    consents_to_transfer_abroad = models.BooleanField(
        _("agrees to being read by headquarters abroad"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer__code", "full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.full_name


class Interaction(models.Model):
    """Customer maintenance and development: calls, visits, meetings, complaints, opportunities."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        COMPLAINT = "complaint", _("Complaint")
        OPPORTUNITY = "opportunity", _("Opportunity")

    class Opportunity(models.TextChoices):
        NEW_MACHINE = "new_machine", _("New machine")
        RETROFIT = "retrofit", _("Retrofit")
        CONTRACT_RENEWAL = "contract_renewal", _("Contract renewal")
        SPARE_PART_QUOTE = "spare_part_quote", _("Spare-part quote")

    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="interactions"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    opportunity = models.CharField(
        _("opportunity"), max_length=20, choices=Opportunity.choices, blank=True
    )
    happened_on = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return self.summary


class PortalAccess(models.Model):
    """Which customer a customer user belongs to, and what it may do in the portal."""

    class Rights(models.TextChoices):
        VIEW = "view", _("View only")
        REPORT = "report", _("Report problems")
        APPROVE = "approve", _("Approve quotes and sign")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="portal_access",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="portal_accesses",
    )
    rights = models.CharField(
        _("rights"), max_length=10, choices=Rights.choices, default=Rights.REPORT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["customer__code", "user__username"]
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.customer}"


class CustomerMerge(models.Model):
    """A record that a duplicate customer was merged into another, and what moved."""

    duplicate = models.ForeignKey(
        Customer, verbose_name=_("duplicate"), on_delete=models.PROTECT, related_name="+"
    )
    survivor = models.ForeignKey(
        Customer, verbose_name=_("kept customer"), on_delete=models.PROTECT, related_name="merges"
    )
    moved = models.JSONField(_("moved records"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("customer merge")
        verbose_name_plural = _("customer merges")

    def __str__(self) -> str:
        return f"{self.duplicate.code} → {self.survivor.code}"
