"""The customers list: one row per customer, found by its customer code."""

from collections.abc import Hashable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, choices_help, in_column_order, model_column
from serviceloop.core.tabular.imports import Importer, InFile, ListDefinition, RowReader
from serviceloop.core.tabular.parsers import DATE_HELP, choice_parser, parse_date
from serviceloop.core.tabular.reading import Row
from serviceloop.core.text import normalize_code

from ..models import Customer
from ..permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from ..selectors import account_managers_for
from ..services import create_customer, update_customer
from ..validators import normalize_credit_code, validate_unified_social_credit_code
from .lookups import DIVISION_COLUMNS, Divisions, customers_by_code, division_codes
from .lookups import filtered_customers as export_queryset

CHOICES = {
    "industry": Customer.Industry.choices,
    "grade": Customer.Grade.choices,
    "status": Customer.Status.choices,
}
PLAIN_TEXT = [
    "main_products",
    "address",
    "invoice_title",
    "invoice_address",
    "invoice_phone",
    "invoice_bank",
    "invoice_account",
    "notes",
]


def parse_credit_code(text: str) -> str:
    if not text:
        return ""
    code = normalize_credit_code(text)
    validate_unified_social_credit_code(code)
    return code


COLUMNS: list[Column] = [
    model_column(
        Customer,
        "code",
        "customer_code",
        gettext_lazy("Unique; e.g. C-0001. A row whose code exists updates that customer."),
        required=True,
    ),
    model_column(Customer, "name_zh", required=True),
    model_column(Customer, "name_en"),
    model_column(
        Customer, "credit_code", help_text=gettext_lazy("18 characters, as on the licence.")
    ),
    model_column(
        Customer,
        "parent",
        "parent_code",
        gettext_lazy("Customer code of the group; it exists or comes in an earlier row."),
    ),
    model_column(Customer, "industry", help_text=choices_help(CHOICES["industry"])),
    model_column(Customer, "main_products"),
    model_column(Customer, "grade", help_text=choices_help(CHOICES["grade"])),
    model_column(Customer, "status", help_text=choices_help(CHOICES["status"])),
    *DIVISION_COLUMNS,
    model_column(Customer, "address"),
    model_column(
        Customer,
        "account_manager",
        help_text=gettext_lazy("Username of an account manager or manager of your office."),
    ),
    model_column(Customer, "customer_since", help_text=DATE_HELP),
    *(model_column(Customer, name) for name in PLAIN_TEXT[2:]),
]


class CustomerImporter(Importer):
    model = Customer
    key_column = "customer_code"
    key_name = gettext_lazy("customer code")

    def __init__(self, user: User):
        super().__init__(user)
        self.customers = customers_by_code(user)
        # A former account manager stays readable, so an exported list imports back as is.
        managers = [*account_managers_for(user)]
        managers += [c.account_manager for c in self.customers.values() if c.account_manager_id]
        self.managers = {manager.username.lower(): manager for manager in managers}
        self.divisions = Divisions()
        self.taken_elsewhere: set[str] = set()

    def prepare(self, rows: list[Row]) -> None:
        # Customer codes are unique across offices: a code of another office cannot be
        # created here. Only the codes are read, nothing else of that customer.
        codes = {normalize_code(row.values.get("customer_code", "")) for row in rows}
        new = codes - self.customers.keys() - {""}
        taken = Customer.objects.annotate(key=Upper("code")).filter(key__in=new)
        self.taken_elsewhere = set(taken.values_list("key", flat=True))

    def read(self, reader: RowReader) -> Hashable | None:
        text = reader.required("customer_code")
        key = normalize_code(text) if text else None
        if key and key not in self.customers:
            reader.set("customer_code", "code", key)
        reader.read("name_zh", "name_zh", required=True)
        reader.read("name_en", "name_en")
        reader.read("credit_code", "credit_code", parse_credit_code)
        reader.read("parent_code", "parent", self._parent)
        for name, choices in CHOICES.items():
            reader.read(name, name, choice_parser(choices), skip_empty=True)
        self.divisions.read(reader)
        reader.read("account_manager", "account_manager", self._manager)
        reader.read("customer_since", "customer_since", parse_date)
        for name in PLAIN_TEXT:
            reader.read(name, name)
        return key

    def _parent(self, text: str) -> Customer | InFile | None:
        key = normalize_code(text)
        if not key:
            return None
        if key in self.customers:
            return self.customers[key]
        if key in self.first_row_of:  # created by an earlier row of this file
            return InFile(key)
        raise ValidationError(_("Unknown customer code “%(value)s”.") % {"value": text})

    def _manager(self, text: str) -> User | None:
        if not text:
            return None
        manager = self.managers.get(text.lower())
        if manager is None:
            message = _("No account manager of your office has the username “%(value)s”.")
            raise ValidationError(message % {"value": text})
        return manager

    def existing(self, key: Hashable) -> Customer | None:
        return self.customers.get(key)

    def check(self, reader: RowReader, key: Hashable, instance: Customer | None) -> None:
        if instance is None and key in self.taken_elsewhere:
            reader.fail("customer_code", _("A customer with this code already exists."))
        parent = reader.changes.get("parent")
        if parent == InFile(key) or (instance is not None and parent == instance):
            reader.fail("parent_code", _("A customer cannot be its own parent group."))
        self.divisions.check(reader, instance)

    def write(self, instance: Customer | None, changes: dict[str, Any], key: Hashable):
        if instance is None:
            return create_customer(by=self.user, office=self.user.office, changes=changes)
        return update_customer(by=self.user, customer=instance, changes=changes)


def export_rows(user: User, customers: QuerySet[Customer]) -> Iterator[list[object]]:
    for customer in customers.select_related("parent", "account_manager"):
        values = {
            "customer_code": customer.code,
            "name_zh": customer.name_zh,
            "name_en": customer.name_en,
            "credit_code": customer.credit_code,
            "parent_code": customer.parent.code if customer.parent else "",
            "industry": customer.industry,
            "grade": customer.grade,
            "status": customer.status,
            **division_codes(customer),
            "account_manager": (
                customer.account_manager.username if customer.account_manager else ""
            ),
            "customer_since": customer.customer_since,
            **{name: getattr(customer, name) for name in PLAIN_TEXT},
        }
        yield in_column_order(COLUMNS, values)


CUSTOMERS = ListDefinition(
    kind="customers",
    title=gettext_lazy("Customers"),
    columns=COLUMNS,
    natural_key=("customer_code",),
    importer=CustomerImporter,
    export_queryset=export_queryset,
    export_rows=export_rows,
    importing_roles=IMPORTING_ROLES,
    viewing_roles=CUSTOMER_VIEWING_ROLES,
)
