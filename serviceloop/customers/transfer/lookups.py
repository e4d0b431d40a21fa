"""What the customer lists look up by natural key: customers, sites and divisions.

Imports write into the importing user's own office only, whatever else the user may see:
a customer code of another office is an unknown customer.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column
from serviceloop.core.tabular.imports import RowReader
from serviceloop.core.text import normalize_code

from ..forms import CustomerFilterForm
from ..models import Customer, Division, Site
from ..selectors import customers_for, sites_for


def own_customers(user: User) -> QuerySet[Customer]:
    return customers_for(user).filter(office_id=user.office_id)


def customers_by_code(user: User) -> dict[str, Customer]:
    return {normalize_code(customer.code): customer for customer in own_customers(user)}


def sites_by_code(user: User) -> dict[tuple[str, str], Site]:
    """(customer code, site code) → site, for the user's own office."""
    sites = sites_for(user).filter(customer__office_id=user.office_id).select_related("customer")
    return {(normalize_code(site.customer.code), normalize_code(site.code)): site for site in sites}


def read_customer(reader: RowReader, customers: dict[str, Customer]) -> Customer | None:
    """The row's customer_code: a customer of the user's office, else "unknown customer"."""
    text = reader.required("customer_code")
    if text is None:
        return None
    customer = customers.get(normalize_code(text))
    if customer is None:
        reader.fail("customer_code", _("Unknown customer code “%(value)s”.") % {"value": text})
    return customer


def read_site(
    reader: RowReader, sites: dict[tuple[str, str], Site], customer: Customer | None
) -> None:
    """The row's optional site_code, a site of the row's customer, into changes["site"]."""
    text = reader.value("site_code")
    if not reader.has("site_code") or customer is None:
        return
    site = sites.get((normalize_code(customer.code), normalize_code(text))) if text else None
    if text and site is None:
        message = _("Customer %(customer)s has no site with the code “%(value)s”.")
        reader.fail("site_code", message % {"customer": customer.code, "value": text})
        return
    reader.set("site_code", "site", site)


def filtered_customers(user: User, params: QueryDict) -> QuerySet[Customer]:
    """The customers the list page shows for the same query string (every page of it)."""
    filters = CustomerFilterForm(params or None)
    customers = customers_for(user)
    if filters.is_valid():
        return filters.apply(customers, user)
    return customers.filter(archived_at__isnull=True).order_by("code")


def shows_archived(params: QueryDict) -> bool:
    return params.get("archived", "") not in ("", "0", "false", "off")


# --- Administrative divisions (GB/T 2260) -----------------------------------------------

DIVISION_COLUMNS = [
    Column(
        "province_code",
        gettext_lazy("Province code"),
        gettext_lazy("Six-digit GB/T 2260 code of the province, e.g. 310000 for Shanghai."),
    ),
    Column(
        "city_code",
        gettext_lazy("City code"),
        gettext_lazy("Six-digit code of the city, e.g. 310100; it lies in the province."),
    ),
    Column(
        "district_code",
        gettext_lazy("District code"),
        gettext_lazy("Six-digit code of the district, e.g. 310115; it lies in the city."),
    ),
]
_LEVELS = (
    ("province_code", "province", Division.Level.PROVINCE),
    ("city_code", "city", Division.Level.CITY),
    ("district_code", "district", Division.Level.DISTRICT),
)
_UNKNOWN = {
    Division.Level.PROVINCE: gettext_lazy("Unknown province code “%(value)s”."),
    Division.Level.CITY: gettext_lazy("Unknown city code “%(value)s”."),
    Division.Level.DISTRICT: gettext_lazy("Unknown district code “%(value)s”."),
}


def division_codes(record: Customer | Site) -> dict[str, str]:
    """The export cells of a record's province, city and district (the codes are the keys)."""
    return {code: getattr(record, f"{name}_id") or "" for code, name, _level in _LEVELS}


class Divisions:
    """Reads and checks the province, city and district columns of a file."""

    def __init__(self):
        self._by_code: dict[str, Division] | None = None

    def _loaded(self) -> dict[str, Division]:
        if self._by_code is None:  # ~3,200 rows, loaded once and only if a row needs them
            self._by_code = {division.code: division for division in Division.objects.all()}
        return self._by_code

    def _division(self, text: str, level: str) -> Division | None:
        division = self._loaded().get(text)
        return division if division is not None and division.level == level else None

    def _parent_of(self, code: str | None) -> str | None:
        return self._loaded()[code].parent_id if code else None

    def read(self, reader: RowReader) -> None:
        for code, name, level in _LEVELS:
            text = reader.value(code)
            if not reader.has(code):
                continue
            division = self._division(text, level) if text else None
            if text and division is None:
                reader.fail(code, _UNKNOWN[level] % {"value": text})
            else:
                reader.set(code, name, division)

    def check(self, reader: RowReader, instance: Model | None) -> None:
        """A city lies in its province and a district in its city, as the services require."""
        province, city, district = (_id_after(reader, instance, name) for _c, name, _l in _LEVELS)
        if city and self._parent_of(city) != province:
            reader.fail("city_code", _("This city is not in the chosen province."))
        if district and self._parent_of(district) != city:
            reader.fail("district_code", _("This district is not in the chosen city."))


def _id_after(reader: RowReader, instance: Model | None, name: str) -> Any:
    if name in reader.changes:
        value = reader.changes[name]
        return value.pk if value is not None else None
    return getattr(instance, f"{name}_id") if instance is not None else None
