"""The sites list: one row per plant, found by customer code + site code."""

from collections.abc import Hashable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, in_column_order, model_column
from serviceloop.core.tabular.imports import Importer, ListDefinition, RowReader
from serviceloop.core.tabular.parsers import parse_decimal
from serviceloop.core.text import normalize_code

from ..models import Site
from ..permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from ..selectors import sites_for
from ..services import save_site
from .lookups import (
    DIVISION_COLUMNS,
    Divisions,
    customers_by_code,
    division_codes,
    filtered_customers,
    read_customer,
    shows_archived,
    sites_by_code,
)

PLAIN_TEXT = ["address", "access_notes", "working_hours"]
CUSTOMER_CODE = Column(
    "customer_code",
    gettext_lazy("Customer code"),
    gettext_lazy("Code of a customer of your office, e.g. C-0001."),
    required=True,
)
COORDINATE_HELP = gettext_lazy("Decimal degrees, e.g. 31.230416.")

COLUMNS: list[Column] = [
    CUSTOMER_CODE,
    model_column(Site, "code", "site_code", required=True),
    model_column(Site, "name", required=True),
    *DIVISION_COLUMNS,
    model_column(Site, "address"),
    model_column(Site, "latitude", help_text=COORDINATE_HELP),
    model_column(Site, "longitude", help_text=COORDINATE_HELP),
    model_column(Site, "access_notes"),
    model_column(Site, "working_hours"),
]


class SiteImporter(Importer):
    model = Site
    key_column = "site_code"
    key_name = gettext_lazy("customer code and site code")

    def __init__(self, user: User):
        super().__init__(user)
        self.customers = customers_by_code(user)
        self.sites = sites_by_code(user)
        self.divisions = Divisions()

    def read(self, reader: RowReader) -> Hashable | None:
        customer = read_customer(reader, self.customers)
        site_code = reader.required("site_code")
        key = None
        if customer is not None and site_code:
            key = (normalize_code(customer.code), normalize_code(site_code))
            if key not in self.sites:
                reader.set("site_code", "code", key[1])
        reader.read("name", "name", required=True)
        self.divisions.read(reader)
        reader.read("latitude", "latitude", parse_decimal)
        reader.read("longitude", "longitude", parse_decimal)
        for name in PLAIN_TEXT:
            reader.read(name, name)
        return key

    def existing(self, key: Hashable) -> Site | None:
        return self.sites.get(key)

    def check(self, reader: RowReader, key: Hashable, instance: Site | None) -> None:
        self.divisions.check(reader, instance)

    def write(self, instance: Site | None, changes: dict[str, Any], key: Hashable) -> Site:
        customer = self.customers[key[0]]
        return save_site(by=self.user, customer=customer, site=instance, changes=changes)


def export_queryset(user: User, params: QueryDict) -> QuerySet[Site]:
    """The sites of the customers the customer list shows for the same query string."""
    sites = sites_for(user).filter(customer__in=filtered_customers(user, params))
    return sites if shows_archived(params) else sites.filter(archived_at__isnull=True)


def export_rows(user: User, sites: QuerySet[Site]) -> Iterator[list[object]]:
    for site in sites.select_related("customer").order_by("customer__code", "code"):
        values = {
            "customer_code": site.customer.code,
            "site_code": site.code,
            "name": site.name,
            **division_codes(site),
            "latitude": site.latitude,
            "longitude": site.longitude,
            **{name: getattr(site, name) for name in PLAIN_TEXT},
        }
        yield in_column_order(COLUMNS, values)


SITES = ListDefinition(
    kind="sites",
    title=gettext_lazy("Sites"),
    columns=COLUMNS,
    natural_key=("customer_code", "site_code"),
    importer=SiteImporter,
    export_queryset=export_queryset,
    export_rows=export_rows,
    importing_roles=IMPORTING_ROLES,
    viewing_roles=CUSTOMER_VIEWING_ROLES,
)
