"""The contacts list: one row per person, found by customer code + full name + mobile.

Contacts are personal data (China's PIPL): the export view logs every contacts export.
"""

from collections import Counter
from collections.abc import Hashable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, choices_help, in_column_order, model_column
from serviceloop.core.tabular.imports import Importer, ListDefinition, RowReader
from serviceloop.core.tabular.parsers import (
    BOOLEAN_HELP,
    choice_parser,
    parse_boolean,
    parse_email,
)
from serviceloop.core.text import normalize_code

from ..models import Contact
from ..permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from ..selectors import contacts_for
from ..services import save_contact
from ..validators import normalize_phone
from .lookups import (
    customers_by_code,
    filtered_customers,
    read_customer,
    read_site,
    shows_archived,
    sites_by_code,
)
from .sites import CUSTOMER_CODE

PLAIN_TEXT = ["department", "wechat"]
BOOLEANS = ["consents_to_surveys", "consents_to_transfer_abroad"]

COLUMNS: list[Column] = [
    CUSTOMER_CODE,
    model_column(Contact, "full_name", required=True),
    model_column(
        Contact,
        "mobile",
        help_text=gettext_lazy("e.g. 138 1234 5678. With the name, it finds the contact."),
        required=True,
    ),
    model_column(
        Contact,
        "site",
        "site_code",
        gettext_lazy("Site code of a site of this customer; empty for none."),
    ),
    model_column(
        Contact, "position", help_text=choices_help(Contact.Position.choices), required=True
    ),
    model_column(Contact, "department"),
    model_column(Contact, "landline"),
    model_column(Contact, "email", help_text=gettext_lazy("An e-mail address.")),
    model_column(Contact, "wechat"),
    model_column(Contact, "language", help_text=choices_help(settings.LANGUAGES)),
    model_column(Contact, "consents_to_surveys", help_text=BOOLEAN_HELP),
    model_column(Contact, "consents_to_transfer_abroad", help_text=BOOLEAN_HELP),
]


def parse_phone(text: str) -> str:
    return normalize_phone(text) if text else ""


def _name_key(name: str) -> str:
    return " ".join(name.split())


class ContactImporter(Importer):
    model = Contact
    key_column = "full_name"
    key_name = gettext_lazy("customer code, name and mobile")

    def __init__(self, user: User):
        super().__init__(user)
        self.customers = customers_by_code(user)
        self.sites = sites_by_code(user)
        contacts = contacts_for(user).filter(customer__office_id=user.office_id)
        self.contacts: dict[tuple, Contact] = {}
        counts: Counter[tuple] = Counter()
        for contact in contacts.select_related("customer").order_by("pk"):
            key = (normalize_code(contact.customer.code), _name_key(contact.full_name))
            key += (contact.mobile,)
            self.contacts.setdefault(key, contact)
            counts[key] += 1
        self.ambiguous = {key for key, count in counts.items() if count > 1}

    def read(self, reader: RowReader) -> Hashable | None:
        customer = read_customer(reader, self.customers)
        name = reader.required("full_name")
        mobile = self._mobile(reader)
        key = None
        if customer is not None and name and mobile is not None:
            key = (normalize_code(customer.code), _name_key(name), mobile)
            if key not in self.contacts:
                reader.set("full_name", "full_name", _name_key(name))
                reader.set("mobile", "mobile", mobile)
        read_site(reader, self.sites, customer)
        reader.read("position", "position", choice_parser(Contact.Position.choices), required=True)
        reader.read("landline", "landline", parse_phone)
        reader.read("email", "email", parse_email)
        reader.read("language", "language", choice_parser(settings.LANGUAGES), skip_empty=True)
        for name in PLAIN_TEXT:
            reader.read(name, name)
        for name in BOOLEANS:
            reader.read(name, name, parse_boolean)
        return key

    def _mobile(self, reader: RowReader) -> str | None:
        try:
            return parse_phone(reader.value("mobile"))
        except ValidationError as error:
            reader.fail("mobile", " ".join(error.messages))
            return None

    def existing(self, key: Hashable) -> Contact | None:
        return self.contacts.get(key)

    def check(self, reader: RowReader, key: Hashable, instance: Contact | None) -> None:
        if key in self.ambiguous:
            message = _("Several contacts of this customer have this name and mobile.")
            reader.fail("full_name", message)

    def write(self, instance: Contact | None, changes: dict[str, Any], key: Hashable) -> Contact:
        customer = self.customers[key[0]]
        return save_contact(by=self.user, customer=customer, contact=instance, changes=changes)


def export_queryset(user: User, params: QueryDict) -> QuerySet[Contact]:
    """The contacts of the customers the customer list shows for the same query string."""
    contacts = contacts_for(user).filter(customer__in=filtered_customers(user, params))
    return contacts if shows_archived(params) else contacts.filter(archived_at__isnull=True)


def export_rows(user: User, contacts: QuerySet[Contact]) -> Iterator[list[object]]:
    contacts = contacts.select_related("customer", "site").order_by("customer__code", "full_name")
    for contact in contacts:
        values = {
            "customer_code": contact.customer.code,
            "full_name": contact.full_name,
            "mobile": contact.mobile,
            "site_code": contact.site.code if contact.site else "",
            "position": contact.position,
            "landline": contact.landline,
            "email": contact.email,
            "language": contact.language,
            **{name: getattr(contact, name) for name in PLAIN_TEXT + BOOLEANS},
        }
        yield in_column_order(COLUMNS, values)


CONTACTS = ListDefinition(
    kind="contacts",
    title=gettext_lazy("Contacts"),
    columns=COLUMNS,
    natural_key=("customer_code", "full_name", "mobile"),
    importer=ContactImporter,
    export_queryset=export_queryset,
    export_rows=export_rows,
    importing_roles=IMPORTING_ROLES,
    viewing_roles=CUSTOMER_VIEWING_ROLES,
)
