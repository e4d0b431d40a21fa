"""The units list for import and export: one row per installed unit, found by its serial.

Serials are compared as `normalize_code` does (full-width "ＳＮ１" is "SN1"); the stored
spelling of an existing unit is kept. Foreign keys travel as natural keys: model code,
customer code, site code and the parent's serial. A unit's customer or site cannot change
through an import: that is a move, recorded on the unit's page.
"""

from collections.abc import Hashable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, choices_help, in_column_order, model_column
from serviceloop.core.tabular.imports import (
    Importer,
    InFile,
    ListDefinition,
    RowReader,
    value_after,
)
from serviceloop.core.tabular.parsers import DATE_HELP, choice_parser, parse_date, parse_integer
from serviceloop.core.tabular.reading import Row
from serviceloop.core.text import normalize_code
from serviceloop.customers.models import Customer
from serviceloop.customers.permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from serviceloop.customers.transfer.lookups import (
    customers_by_code,
    read_customer,
    read_site,
    sites_by_code,
)
from serviceloop.customers.transfer.sites import CUSTOMER_CODE

from .forms import UnitFilterForm
from .models import Unit
from .selectors import filter_units, models_catalogue, units_for
from .services import save_unit

DATES = [
    "build_date",
    "pre_acceptance_date",
    "final_acceptance_date",
    "commissioning_date",
    "warranty_start",
]
PLAIN_TEXT = [
    "location",
    "sales_order",
    "power_supply_serial",
    "transformer",
    "inductors",
    "firmware_plc",
    "firmware_hmi",
    "firmware_inverter",
    "process_parameters",
    "notes",
]
WHOLE_NUMBER = gettext_lazy("A whole number.")

COLUMNS: list[Column] = [
    model_column(
        Unit,
        "serial",
        help_text=gettext_lazy("As on the nameplate; finds the unit."),
        required=True,
    ),
    Column(
        "model_code",
        gettext_lazy("Model code"),
        gettext_lazy("Code of the equipment model, as in the catalogue."),
        required=True,
    ),
    CUSTOMER_CODE,
    model_column(Unit, "site", "site_code", gettext_lazy("Site code of a site of this customer.")),
    model_column(
        Unit,
        "parent",
        "parent_serial",
        gettext_lazy("Serial of the line that holds this unit; it exists or comes earlier."),
    ),
    *(model_column(Unit, name) for name in PLAIN_TEXT[:2]),
    *(model_column(Unit, name, help_text=DATE_HELP) for name in DATES),
    model_column(Unit, "warranty_months", help_text=WHOLE_NUMBER),
    model_column(Unit, "status", help_text=choices_help(Unit.Status.choices)),
    model_column(Unit, "running_hours", help_text=WHOLE_NUMBER),
    *(model_column(Unit, name) for name in PLAIN_TEXT[2:]),
]


class UnitImporter(Importer):
    model = Unit
    key_column = "serial"
    key_name = gettext_lazy("serial number")

    def __init__(self, user: User):
        super().__init__(user)
        self.customers = customers_by_code(user)
        self.sites = sites_by_code(user)
        self.models = {normalize_code(model.code): model for model in models_catalogue()}
        units = units_for(user).filter(customer__office_id=user.office_id)
        self.units = {unit.serial_key: unit for unit in units}
        self.customer_of_new: dict[str, Customer] = {}  # units created by earlier rows
        self.taken_elsewhere: set[str] = set()

    def prepare(self, rows: list[Row]) -> None:
        # Serials are unique across offices; only the keys of other offices' units are read.
        keys = {normalize_code(row.values.get("serial", "")) for row in rows}
        new = keys - self.units.keys() - {""}
        taken = Unit.objects.filter(serial_key__in=new).values_list("serial_key", flat=True)
        self.taken_elsewhere = set(taken)

    def read(self, reader: RowReader) -> Hashable | None:
        serial = reader.required("serial")
        key = normalize_code(serial) if serial else None
        customer = read_customer(reader, self.customers)
        if key and key not in self.units:
            reader.set("serial", "serial", serial)
            if customer is not None:
                self.customer_of_new.setdefault(key, customer)
        if customer is not None:
            reader.set("customer_code", "customer", customer)
        reader.read("model_code", "model", self._model, required=True)
        read_site(reader, self.sites, customer)
        reader.read("parent_serial", "parent", self._parent)
        for name in DATES:
            reader.read(name, name, parse_date)
        reader.read("warranty_months", "warranty_months", parse_integer, skip_empty=True)
        reader.read("running_hours", "running_hours", parse_integer)
        reader.read("status", "status", choice_parser(Unit.Status.choices), skip_empty=True)
        for name in PLAIN_TEXT:
            reader.read(name, name)
        return key

    def _model(self, text: str):
        model = self.models.get(normalize_code(text))
        if model is None:
            raise ValidationError(_("Unknown model code “%(value)s”.") % {"value": text})
        return model

    def _parent(self, text: str) -> Unit | InFile | None:
        key = normalize_code(text)
        if not key:
            return None
        if key in self.units:
            return self.units[key]
        if key in self.first_row_of:  # created by an earlier row of this file
            return InFile(key)
        raise ValidationError(_("Unknown parent serial “%(value)s”.") % {"value": text})

    def existing(self, key: Hashable) -> Unit | None:
        return self.units.get(key)

    def check(self, reader: RowReader, key: Hashable, instance: Unit | None) -> None:
        if instance is None and key in self.taken_elsewhere:
            reader.fail("serial", _("A unit with this serial number exists already."))
        if instance is not None:
            self._check_not_moved(reader, instance)
        self._check_parent(reader, key)
        self._check_dates(reader, instance)

    def _check_not_moved(self, reader: RowReader, instance: Unit) -> None:
        for code, name in (("customer_code", "customer"), ("site_code", "site")):
            if name in reader.changes:
                new = reader.changes[name]
                if getattr(instance, f"{name}_id") != (new.pk if new else None):
                    reader.fail(code, _("Use “Move” to give a unit another customer or site."))

    def _check_parent(self, reader: RowReader, key: Hashable) -> None:
        parent = reader.changes.get("parent")
        if parent is None:
            return
        if parent == InFile(key) or (isinstance(parent, Unit) and parent.serial_key == key):
            reader.fail("parent_serial", _("A unit cannot be part of itself."))
            return
        if isinstance(parent, InFile):  # that row's own errors, if any, are reported there
            parent_customer = getattr(self.customer_of_new.get(parent.key), "pk", None)
        else:
            parent_customer = parent.customer_id
        if parent_customer not in (None, reader.changes["customer"].pk):
            message = _("The line this unit is part of belongs to another customer.")
            reader.fail("parent_serial", message)

    def _check_dates(self, reader: RowReader, instance: Unit | None) -> None:
        pre, final, commissioned = (
            value_after(reader, instance, name)
            for name in ("pre_acceptance_date", "final_acceptance_date", "commissioning_date")
        )
        if pre and final and pre > final:
            message = _("Factory pre-acceptance comes before final acceptance.")
            reader.fail("pre_acceptance_date", message)
        if final and commissioned and commissioned < final:
            message = _("Commissioning cannot come before final acceptance.")
            reader.fail("commissioning_date", message)

    def write(self, instance: Unit | None, changes: dict[str, Any], key: Hashable) -> Unit:
        return save_unit(by=self.user, unit=instance, changes=changes)


def filtered_units(user: User, params: QueryDict) -> QuerySet[Unit]:
    """The units the unit list shows for the same query string (every page of it)."""
    filters = UnitFilterForm(params or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    return filter_units(units_for(user), timezone.localdate(), **data)


def export_rows(user: User, units: QuerySet[Unit]) -> Iterator[list[object]]:
    for unit in units.select_related("model", "customer", "site", "parent"):
        values = {
            "serial": unit.serial,
            "model_code": unit.model.code,
            "customer_code": unit.customer.code,
            "site_code": unit.site.code if unit.site else "",
            "parent_serial": unit.parent.serial if unit.parent else "",
            "warranty_months": unit.warranty_months,
            "status": unit.status,
            "running_hours": unit.running_hours,
            **{name: getattr(unit, name) for name in DATES + PLAIN_TEXT},
        }
        yield in_column_order(COLUMNS, values)


UNITS = ListDefinition(
    kind="units",
    title=gettext_lazy("Units"),
    columns=COLUMNS,
    natural_key=("serial",),
    importer=UnitImporter,
    export_queryset=filtered_units,
    export_rows=export_rows,
    importing_roles=IMPORTING_ROLES,
    viewing_roles=CUSTOMER_VIEWING_ROLES,
)
