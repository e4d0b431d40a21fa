"""The row layer of list imports: one file row becomes a service's `changes`, or errors.

It lives in the customer archive, the first app with lists to import; the equipment
lists build on it (equipment depends on customers, never the other way round). The
interface app `serviceloop.transfer` plans and applies whole files with it.

A column the file does not have leaves its field alone (and takes the model default on
create); an empty cell clears the field, except where a column says `skip_empty`.
"""

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular import Column, Row

from ..permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from ..validators import (
    normalize_credit_code,
    normalize_phone,
    validate_unified_social_credit_code,
)

Parse = Callable[[str], Any]

_DATES = [
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
]
_TRUE = frozenset({"1", "true", "yes", "y", "是"})
_FALSE = frozenset({"0", "false", "no", "n", "否"})

DATE_HELP = gettext_lazy("A date: YYYY-MM-DD (also YYYY/MM/DD or YYYY年M月D日).")
BOOLEAN_HELP = gettext_lazy("1 or 0 (also true/false, yes/no, 是/否).")


@dataclass(frozen=True, slots=True)
class RowError:
    row_number: int  # as Excel shows it: the header is row 1
    column_code: str
    message: str


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class InFile:
    """A reference to the record an earlier row of the same file creates."""

    key: Hashable


@dataclass(slots=True)
class PlannedRow:
    number: int
    key: Hashable
    instance: Model | None  # the stored record the row updates; None: the row creates one
    changes: dict[str, Any]
    action: Action
    column_of: dict[str, str]  # field -> the column it came from, to report a refusal


# --- Columns ----------------------------------------------------------------------------


def model_column(
    model: type[Model], name: str, code: str = "", help_text: Any = "", *, required=False
) -> Column:
    """A column labelled with the model field's translated name; help defaults to its help."""
    model_field = model._meta.get_field(name)
    return Column(
        code or name,
        capfirst(model_field.verbose_name),
        help_text or model_field.help_text or gettext_lazy("Text."),
        required=required,
    )


def _choices_help(choices: Sequence[tuple[str, Any]]) -> str:
    values = ", ".join(f"{value} ({label})" for value, label in choices)
    return _("One of: %(values)s.") % {"values": values}


choices_help = lazy(_choices_help, str)


def in_column_order(columns: list[Column], values: dict[str, object]) -> list[object]:
    """An export row from {code: value}: a forgotten or unknown code fails loudly."""
    if values.keys() != {column.code for column in columns}:
        raise ValueError(f"export codes differ from the columns: {sorted(values)}")
    return [values[column.code] for column in columns]


# --- Cell parsers: text in, value out, ValidationError with the reason -------------------


def parse_text(text: str) -> str:
    return text


def parse_date(text: str) -> date | None:
    if not text:
        return None
    compact = text.replace(" ", "")
    for pattern in _DATES:
        match = pattern.fullmatch(compact)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:  # 2024-02-30
                break
    raise ValidationError(_("Bad date “%(value)s”: write it as YYYY-MM-DD.") % {"value": text})


def parse_boolean(text: str) -> bool:
    folded = text.strip().lower()
    if folded in _TRUE:
        return True
    if folded in _FALSE or not folded:
        return False
    raise ValidationError(_("Write 1 or 0 (yes or no), not “%(value)s”.") % {"value": text})


def parse_integer(text: str) -> int | None:
    if not text:
        return None
    # ASCII digits only, and few of them: int() refuses "²" and numbers of 4,300 digits.
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise ValidationError(_("Write a whole number, not “%(value)s”.") % {"value": text})
    return int(text)


def parse_decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Write a number, not “%(value)s”.") % {"value": text}) from None


def parse_phone(text: str) -> str:
    return normalize_phone(text) if text else ""


def parse_email(text: str) -> str:
    if text:
        validate_email(text)
    return text


def parse_credit_code(text: str) -> str:
    if not text:
        return ""
    code = normalize_credit_code(text)
    validate_unified_social_credit_code(code)
    return code


def choice_parser(choices: Iterable[tuple[str, Any]]) -> Parse:
    """Accepts a stored value, in any letter case."""
    values = {str(value).lower(): value for value, _label in choices}

    def parse(text: str) -> str:
        if text.lower() not in values:
            raise ValidationError(
                _("Unknown value “%(value)s”: use one of %(values)s.")
                % {"value": text, "values": ", ".join(values.values())}
            )
        return values[text.lower()]

    return parse


# --- One row ----------------------------------------------------------------------------


@dataclass
class RowReader:
    """Reads the cells of one row into `changes`, collecting every error of the row."""

    row: Row
    changes: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    column_of: dict[str, str] = field(default_factory=dict)  # field -> column code

    def has(self, code: str) -> bool:
        return code in self.row.values

    def value(self, code: str) -> str:
        return self.row.values.get(code, "")

    def fail(self, code: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, code, message))

    def required(self, code: str) -> str | None:
        """The cell's text, or a "missing value" error when it is empty."""
        text = self.value(code)
        if not text:
            self.fail(code, _("A value is required here."))
            return None
        return text

    def read(
        self, code: str, name: str, parse: Parse = parse_text, *, required=False, skip_empty=False
    ) -> None:
        """Puts parse(cell) into changes[name] when the file has the column."""
        if not self.has(code) or (skip_empty and not self.value(code)):
            return
        text = self.required(code) if required else self.value(code)
        if text is None:
            return
        self.column_of[name] = code
        try:
            self.changes[name] = parse(text)
        except ValidationError as error:
            self.fail(code, " ".join(error.messages))

    def set(self, code: str, name: str, value: Any) -> None:
        self.column_of[name] = code
        self.changes[name] = value

    def check_fields(self, model: type[Model]) -> None:
        """Lengths, choices and validators of the plain fields, as the service's full_clean
        will check them (relations come from lookups, so they exist)."""
        plain = {
            name: value
            for name, value in self.changes.items()
            if not model._meta.get_field(name).is_relation
        }
        others = [f.name for f in model._meta.fields if f.name not in plain]
        try:
            model(**plain).clean_fields(exclude=others)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.fail(self.column_of.get(name, name), message)


# --- Unchanged detection ----------------------------------------------------------------


def _fold_text(text: str) -> str:
    # The file layer strips cells, and .xlsx turns "\r\n" into "\n".
    return text.replace("\r\n", "\n").strip()


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, InFile):
        return False
    if isinstance(new, Model):
        new = new.pk
    if isinstance(old, str) and isinstance(new, str):
        return _fold_text(old) == _fold_text(new)
    return old == new


def current_value(instance: Model, name: str) -> Any:
    model_field = instance._meta.get_field(name)
    return getattr(instance, model_field.attname)


def changed_fields(instance: Model, changes: dict[str, Any]) -> list[str]:
    return [name for name, new in changes.items() if not _same(current_value(instance, name), new)]


def value_after(reader: RowReader, instance: Model | None, name: str) -> Any:
    """What the field will hold once the row is saved: the file's value, else the stored one."""
    if name in reader.changes:
        return reader.changes[name]
    return getattr(instance, name) if instance is not None else None


# --- A whole file -----------------------------------------------------------------------


class Importer:
    """Plans the rows of one file for one user, in order; `save` writes a planned row.

    Lookups are loaded once per file (a list holds thousands of rows). Subclasses read a
    row (`read`), find its stored record (`existing`), check the rules that span fields or
    rows (`check`) and write through the domain service (`write`).
    """

    model: type[Model]
    key_column: str
    key_name: Any  # what the duplicate message calls the key, e.g. "serial number"

    def __init__(self, user: User):
        self.user = user
        self.first_row_of: dict[Hashable, int] = {}
        self.saved: dict[Hashable, Model] = {}

    def prepare(self, rows: list[Row]) -> None:
        """Loads what the whole file refers to; called once before the rows are planned."""

    def read(self, reader: RowReader) -> Hashable | None:
        raise NotImplementedError

    def existing(self, key: Hashable) -> Model | None:
        raise NotImplementedError

    def check(self, reader: RowReader, key: Hashable, instance: Model | None) -> None:
        """Rules spanning several fields or rows; the row's values all parsed."""

    def write(self, instance: Model | None, changes: dict[str, Any], key: Hashable) -> Model:
        raise NotImplementedError

    def plan_row(self, row: Row) -> PlannedRow | list[RowError]:
        reader = RowReader(row)
        key = self.read(reader)
        instance = None
        if key is not None:
            first = self.first_row_of.setdefault(key, row.number)
            if first != row.number:
                reader.fail(self.key_column, self._duplicate(first))
            instance = self.existing(key)
        reader.check_fields(self.model)
        if not reader.errors:
            self.check(reader, key, instance)
        if reader.errors:
            return reader.errors
        if instance is None:
            action = Action.CREATE
        else:
            action = Action.UPDATE if changed_fields(instance, reader.changes) else Action.UNCHANGED
        return PlannedRow(row.number, key, instance, reader.changes, action, reader.column_of)

    def _duplicate(self, first: int) -> str:
        return _("Duplicate: row %(row)s of this file has the same %(key)s.") % {
            "row": first,
            "key": self.key_name,
        }

    def save(self, planned: PlannedRow) -> Model:
        changes = {
            name: self.saved[value.key] if isinstance(value, InFile) else value
            for name, value in planned.changes.items()
        }
        record = self.write(planned.instance, changes, planned.key)
        self.saved[planned.key] = record
        return record


@dataclass(frozen=True)
class ListDefinition:
    """One importable and exportable list: its columns, natural key, rows and importer."""

    kind: str
    title: Any  # translated; also the name of the data sheet (at most 31 characters)
    columns: list[Column]
    natural_key: tuple[str, ...]  # the column codes that find a stored row
    importer: Callable[[User], Importer]
    export_queryset: Callable[[User, QueryDict], QuerySet]
    export_rows: Callable[[User, QuerySet], Iterator[list[object]]]
    # Who may import and who may export: the people who edit and who read the list's records.
    importing_roles: frozenset[str] = IMPORTING_ROLES
    viewing_roles: frozenset[str] = CUSTOMER_VIEWING_ROLES
