"""Offices, users and their roles."""

from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The machine's IANA time zones. A callable, so migrations do not freeze one
    machine's tzdata version into the schema."""
    return sorted((name, name) for name in available_timezones())


class Office(models.Model):
    """A service organisation unit; users, warehouses and customers belong to one."""

    class Currency(models.TextChoices):
        CNY = "CNY", _("Chinese yuan (CNY)")
        EUR = "EUR", _("Euro (EUR)")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Shanghai"
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    address = models.TextField(_("address"), blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="CN",
        help_text=_("ISO code (CN, ES…): its public holidays enter the SLA calendar."),
    )
    is_headquarters = models.BooleanField(
        _("headquarters"),
        default=False,
        help_text=_("The head office supplies parts and sees every office read-only."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> "User":
        user = self.model(username=username, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> "User":
        fields["role"] = User.Role.ADMIN
        return self.create_user(username, password, **fields)


class Role(models.TextChoices):
    """One role per user; what each may see and change is in DOMAIN.md's table."""

    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Service manager")
    COORDINATOR = "coordinator", _("Service coordinator")
    ENGINEER = "engineer", _("Field service engineer")
    WAREHOUSE = "warehouse", _("Warehouse clerk")
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    HQ = "hq", _("Headquarters")
    CUSTOMER = "customer", _("Customer user")


class User(AbstractBaseUser):
    """A person who signs in: staff of an office, or a customer's own people (portal)."""

    Role = Role

    username = models.CharField(
        _("username"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only."),
        error_messages={"unique": _("A user with that username already exists.")},
    )
    # One field: Chinese names are not split into given and family names.
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default=settings.TIME_ZONE
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Deactivated users cannot sign in; their records stay."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
            # "Wang.Wei" and "wang.wei" would be two people to the database but one to
            # everyone reading the audit trail.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message=_("A user with that username already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(role=Role.ADMIN) | models.Q(office__isnull=False),
                name="user_office_required_unless_admin",
                violation_error_message=_("Every user but an administrator works for an office."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_shown(self.full_name, self.username)

    @staticmethod
    def name_shown(full_name: str | None, username: str | None) -> str:
        """How a user is named on every page, also from plain values (a list's rows)."""
        return full_name or username or ""

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def is_customer(self) -> bool:
        return self.role == self.Role.CUSTOMER

    @property
    def is_service_staff(self) -> bool:
        return self.is_active and self.role != self.Role.CUSTOMER

    @property
    def sees_all_offices(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.HQ)

    @property
    def is_read_only(self) -> bool:
        return self.role == self.Role.HQ

    # The Django admin is for administrators only; there are no per-model permissions
    # to grant because access is decided by role (see accounts/permissions.py).
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return self.is_staff

    def has_perms(self, perm_list, obj: object = None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_staff


class Notification(models.Model):
    """An in-app message to one user (e-mail and chat channels are sent alongside)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
