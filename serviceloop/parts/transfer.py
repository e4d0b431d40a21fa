"""The spare-parts catalogue for import and export: one row per part, found by its number.

Part numbers are compared as `normalize_code` does (full-width "ＳＰ－２００１" is
"SP-2001"); the stored spelling of an existing part is kept. The catalogue is one for every
office (HQ's item master), so a row updates the part of that number whoever created it.

Columns beyond the part's own fields:
- `category`, `unit` and `spare_class` take the stored value (`power_semiconductors`, `pc`,
  `A`) or its name in any language of the site ("Power semiconductors", "件"); the export
  writes the stored value.
- `price_cny` and `price_eur` are the list prices in those currencies. An empty cell leaves
  the stored price alone: the catalogue has no "no price" once a price is set.
- `models` is the part's lines on the equipment models' bills of spare parts, as
  `CODE×QUANTITY` separated by ";" (also "；", "," or a line break), e.g.
  `IPS-MF300×2!; IPS-MF500×1`. The "×" may be typed as "*" or "x"; without a quantity it
  is 1; a final "!" marks the part critical for that model. The cell lists every model the
  part is on: a model missing from it loses its line, an empty cell removes them all, and a
  file without the column leaves the lines alone.

Rows are written through `save_part` and `set_model_line`, which check who may change the
catalogue and the rules of a part; a rule only they know (a serial-tracked part counts in
pieces) refuses the row when the file is applied, and then nothing of the file is written.
"""

import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import QueryDict
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, choices_help, in_column_order, model_column
from serviceloop.core.tabular.imports import (
    Action,
    Importer,
    ListDefinition,
    PlannedRow,
    RowError,
    RowReader,
    changed_fields,
)
from serviceloop.core.tabular.parsers import (
    BOOLEAN_HELP,
    Parse,
    parse_boolean,
    parse_decimal,
    parse_integer,
)
from serviceloop.core.tabular.reading import Row
from serviceloop.core.text import normalize_code
from serviceloop.equipment.models import EquipmentModel
from serviceloop.equipment.selectors import models_catalogue

from .models import ModelPart, Part, PartPrice
from .permissions import CATALOGUE_EDITORS, CATALOGUE_VIEWERS
from .selectors.catalogue import catalogue_for, search_parts
from .services.catalogue import save_part, set_model_line

CHOICES = {
    "category": Part.Category.choices,
    "unit": Part.Unit.choices,
    "spare_class": Part.SpareClass.choices,
}
FLAGS = ["is_critical", "is_repairable", "is_serialized"]
DAYS = ["hq_lead_days", "customs_days"]
PRICES = {"price_cny": "CNY", "price_eur": "EUR"}  # column -> currency
PRICE_LABELS = {"CNY": gettext_lazy("List price (CNY)"), "EUR": gettext_lazy("List price (EUR)")}
WHOLE_DAYS = gettext_lazy("A whole number of days.")
NAME_TOO = gettext_lazy("Its name in any language is accepted too.")
MODELS_HELP = gettext_lazy(
    "Equipment model codes with the quantity per unit, separated by “;”, e.g. "
    "IPS-MF300×2!; IPS-MF500×1. Type × as * or x; no quantity means 1; a final ! marks "
    "the part critical for that model. The models not listed lose the part; an empty cell "
    "removes it from every model."
)
_LINE_SEPARATORS = re.compile(r"[;；,，\n]")
# After normalize_code: no spaces, upper case. "×" and "*" separate code and quantity; an
# "X" does only when what precedes it is a known code (IPS-MX300 is a code, not IPS-M×300).
_QUANTITY = re.compile(r"(?P<code>.+?)[×*](?P<quantity>\d+)")
_QUANTITY_AFTER_X = re.compile(r"(?P<code>.+)X(?P<quantity>\d+)")


def _choice_column(name: str, *, required=False) -> Column:
    help_text = format_lazy("{} {}", choices_help(CHOICES[name]), NAME_TOO)
    return model_column(Part, name, help_text=help_text, required=required)


def _price_column(code: str, currency: str) -> Column:
    return Column(
        code,
        PRICE_LABELS[currency],
        gettext_lazy("A number, before VAT. An empty cell keeps the stored price."),
    )


COLUMNS: list[Column] = [
    model_column(
        Part,
        "number",
        "part_number",
        gettext_lazy("As in HQ's item master; finds the part."),
        required=True,
    ),
    model_column(Part, "name_zh", required=True),
    model_column(Part, "name_en"),
    _choice_column("category", required=True),
    _choice_column("spare_class"),
    _choice_column("unit"),
    model_column(Part, "cost_eur", help_text=gettext_lazy("A number, e.g. 412.50.")),
    *(_price_column(code, currency) for code, currency in PRICES.items()),
    model_column(Part, "hs_code"),
    *(model_column(Part, name, help_text=BOOLEAN_HELP) for name in FLAGS),
    *(model_column(Part, name, help_text=WHOLE_DAYS) for name in DAYS),
    model_column(Part, "models_used_in", "models", MODELS_HELP),
    model_column(Part, "notes"),
]


def label_or_value_parser(choices: list[tuple[str, Any]]) -> Parse:
    """Accepts a stored value or its label in any of the site's languages, in any case."""
    values: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            values |= {" ".join(str(label).split()).lower(): value for value, label in choices}
    values |= {str(value).lower(): value for value, _label in choices}  # a value wins

    def parse(text: str) -> str:
        folded = " ".join(text.split()).lower()
        if folded not in values:
            raise ValidationError(
                _("Unknown value “%(value)s”: use one of %(values)s.")
                % {"value": text, "values": ", ".join(value for value, _label in choices)}
            )
        return values[folded]

    return parse


@dataclass
class Extras:
    """What a row sets besides the part's fields; None: the file leaves it alone."""

    prices: dict[str, Decimal]  # currency -> price, only the cells that hold one
    lines: dict[EquipmentModel, tuple[int, bool]] | None  # model -> (quantity, critical)


class PartImporter(Importer):
    model = Part
    key_column = "part_number"
    key_name = gettext_lazy("part number")

    def __init__(self, user: User):
        super().__init__(user)
        lines = ModelPart.objects.select_related("equipment_model")
        parts = catalogue_for(user).prefetch_related(
            "prices", Prefetch("model_lines", queryset=lines)
        )
        self.parts = {part.number_key: part for part in parts}
        self.models = {normalize_code(model.code): model for model in models_catalogue()}
        self.parsers = {name: label_or_value_parser(choices) for name, choices in CHOICES.items()}
        self.extras: dict[int, Extras] = {}  # by row number

    def read(self, reader: RowReader) -> Hashable | None:
        number = reader.required("part_number")
        key = normalize_code(number) if number else None
        if key and key not in self.parts:
            reader.set("part_number", "number", number)
        reader.read("name_zh", "name_zh", required=True)
        reader.read("name_en", "name_en")
        reader.read("category", "category", self.parsers["category"], required=True)
        for name in ("spare_class", "unit"):
            reader.read(name, name, self.parsers[name], skip_empty=True)
        reader.read("cost_eur", "cost_eur", parse_decimal, skip_empty=True)
        reader.read("hs_code", "hs_code")
        for name in FLAGS:
            reader.read(name, name, parse_boolean)
        for name in DAYS:
            reader.read(name, name, parse_integer, skip_empty=True)
        reader.read("notes", "notes")
        self.extras[reader.row.number] = Extras(self._prices(reader), self._lines(reader))
        return key

    def _prices(self, reader: RowReader) -> dict[str, Decimal]:
        """The price cells that hold a price, checked as PartPrice checks it (not negative,
        at most two decimals). Kept out of `changes`, which holds the part's own fields."""
        prices = {}
        for code, currency in PRICES.items():
            if not reader.value(code):
                continue
            try:
                prices[currency] = _checked(PartPrice, "price", parse_decimal(reader.value(code)))
            except ValidationError as error:
                reader.fail(code, " ".join(error.messages))
        return prices

    def _lines(self, reader: RowReader) -> dict[EquipmentModel, tuple[int, bool]] | None:
        if not reader.has("models"):
            return None
        lines: dict[EquipmentModel, tuple[int, bool]] = {}
        for entry in _LINE_SEPARATORS.split(reader.value("models")):
            text = normalize_code(entry)
            if not text:
                continue
            try:
                model, quantity, critical = self._line(text)
            except ValidationError as error:
                reader.fail("models", " ".join(error.messages))
                continue
            if model in lines:
                message = _("Model %(code)s is listed twice.") % {"code": model.code}
                reader.fail("models", message)
            lines[model] = (quantity, critical)
        return lines

    def _line(self, text: str) -> tuple[EquipmentModel, int, bool]:
        """Reads "IPS-MF300×2!" as (that model, 2, critical); a code alone means 1."""
        critical = text.endswith("!")
        text = text.removesuffix("!")
        code, quantity = text, 1
        match = _QUANTITY.fullmatch(text)
        after_x = _QUANTITY_AFTER_X.fullmatch(text)
        if text not in self.models and after_x and after_x["code"] in self.models:
            match = after_x
        if text not in self.models and match:
            code, quantity = match["code"], int(match["quantity"])
        model = self.models.get(code)
        if model is None:
            message = _("Unknown equipment model code “%(value)s”.")
            raise ValidationError(message % {"value": code})
        try:
            _checked(ModelPart, "quantity", quantity)  # at least 1
        except ValidationError as error:
            raise ValidationError(f"{model.code}: {' '.join(error.messages)}") from None
        return model, quantity, critical

    def existing(self, key: Hashable) -> Part | None:
        return self.parts.get(key)

    def check(self, reader: RowReader, key: Hashable, instance: Part | None) -> None:
        """The table constraints (ten-digit HS code) on the fields the row changes, so the
        check run already shows what saving would refuse."""
        changed = (
            list(reader.changes) if instance is None else changed_fields(instance, reader.changes)
        )
        after = Part(**{name: reader.changes[name] for name in changed})
        others = [field.name for field in Part._meta.fields if field.name not in changed]
        for constraint in Part._meta.constraints:
            try:
                constraint.validate(Part, after, exclude=others)
            except ValidationError as error:
                condition = getattr(constraint, "condition", None)
                named = sorted(condition.referenced_base_fields) if condition else []
                column = reader.column_of.get(named[0], "") if named else ""
                for message in error.messages:
                    reader.fail(column, message)

    def plan_row(self, row: Row) -> PlannedRow | list[RowError]:
        """A part whose own fields stay as stored is updated when its prices or lines change."""
        planned = super().plan_row(row)
        if not isinstance(planned, PlannedRow) or planned.action != Action.UNCHANGED:
            return planned
        if self._extras_change(planned.instance, self.extras[row.number]):
            planned.action = Action.UPDATE
        return planned

    def _extras_change(self, part: Part, extras: Extras) -> bool:
        stored_prices = {price.currency: price.price for price in part.prices.all()}
        if any(stored_prices.get(currency) != price for currency, price in extras.prices.items()):
            return True
        return extras.lines is not None and extras.lines != _stored_lines(part)

    def save(self, planned: PlannedRow) -> Part:
        """Writes the part with its prices, then makes its model lines what the row lists."""
        extras = self.extras[planned.number]
        part = save_part(
            by=self.user, part=planned.instance, changes=planned.changes, prices=extras.prices
        )
        if extras.lines is not None:
            self._replace_lines(part, planned.instance, extras.lines)
        self.saved[planned.key] = part
        return part

    def _replace_lines(
        self, part: Part, stored: Part | None, lines: dict[EquipmentModel, tuple[int, bool]]
    ) -> None:
        before = _stored_lines(stored) if stored is not None else {}
        for model in before.keys() - lines.keys():
            set_model_line(
                by=self.user, equipment_model=model, part=part, quantity=0, is_critical=False
            )
        for model, (quantity, critical) in lines.items():
            if before.get(model) != (quantity, critical):
                set_model_line(
                    by=self.user,
                    equipment_model=model,
                    part=part,
                    quantity=quantity,
                    is_critical=critical,
                )


def _checked(model: type[Model], name: str, value: Any) -> Any:
    """The value as the model field's own checks accept it, or their ValidationError."""
    return model._meta.get_field(name).clean(value, None)


def _stored_lines(part: Part) -> dict[EquipmentModel, tuple[int, bool]]:
    return {
        line.equipment_model: (line.quantity, line.is_critical) for line in part.model_lines.all()
    }


# --- Export -----------------------------------------------------------------------------


def filtered_parts(user: User, params: QueryDict) -> QuerySet[Part]:
    """The parts the catalogue page shows for the same query string (every page of it)."""
    parts = search_parts(catalogue_for(user), params.get("q", ""))
    category = params.get("category", "")
    if category in Part.Category.values:
        parts = parts.filter(category=category)
    if params.get("critical"):
        parts = parts.filter(is_critical=True)
    return parts.filter(archived_at__isnull=True)


def models_cell(part: Part) -> str:
    lines = sorted(part.model_lines.all(), key=lambda line: line.equipment_model.code)
    return "; ".join(
        f"{line.equipment_model.code}×{line.quantity}{'!' if line.is_critical else ''}"
        for line in lines
    )


def export_rows(user: User, parts: QuerySet[Part]) -> Iterator[list[object]]:
    lines = ModelPart.objects.select_related("equipment_model")
    for part in parts.prefetch_related("prices", Prefetch("model_lines", queryset=lines)):
        prices = {price.currency: price.price for price in part.prices.all()}
        values = {
            "part_number": part.number,
            **{name: getattr(part, name) for name in ("name_zh", "name_en", *CHOICES)},
            "cost_eur": part.cost_eur,
            **{code: prices.get(currency) for code, currency in PRICES.items()},
            "hs_code": part.hs_code,
            **{name: getattr(part, name) for name in FLAGS + DAYS},
            "models": models_cell(part),
            "notes": part.notes,
        }
        yield in_column_order(COLUMNS, values)


PARTS = ListDefinition(
    kind="parts",
    title=gettext_lazy("Spare parts"),
    columns=COLUMNS,
    natural_key=("part_number",),
    importer=PartImporter,
    export_queryset=filtered_parts,
    export_rows=export_rows,
    importing_roles=CATALOGUE_EDITORS,
    viewing_roles=CATALOGUE_VIEWERS,
)
