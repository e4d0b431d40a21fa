"""The row layer of list imports: one file row becomes a service's `changes`, or errors.

Each list (customers, sites, contacts, units, the parts catalogue) is a `ListDefinition`
in its own app, with an `Importer` subclass that reads its rows; the interface app
`serviceloop.transfer` plans and applies whole files with them.

A column the file does not have leaves its field alone (and takes the model default on
create); an empty cell clears the field, except where a column says `skip_empty`.

The importing user is an `accounts.User`; core comes before accounts, so it is typed `Any`.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _

from .columns import Column
from .parsers import Parse, parse_text
from .reading import Row


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

    def __init__(self, user: Any):
        self.user = user
        self.first_row_of: dict[Hashable, int] = {}
        self.saved: dict[Hashable, Model] = {}

    def prepare(self, rows: list[Row]) -> None:
        """Loads what the whole file refers to; called once before the rows are planned."""

    def header_errors(self, columns: list[str]) -> list[RowError]:
        """Errors of the first row, after `prepare`: for a list whose columns depend on the
        file (the questions of the questionnaire version it answers)."""
        return []

    def known_columns(self, columns: list[str]) -> list[str]:
        """The file's columns this importer reads beyond the list's own (not "ignored")."""
        return []

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
    importer: Callable[[Any], Importer]
    export_queryset: Callable[[Any, QueryDict], QuerySet]
    export_rows: Callable[[Any, QuerySet], Iterator[list[object]]]
    # Who may import and who may export: the people who edit and who read the list's records.
    importing_roles: frozenset[str]
    viewing_roles: frozenset[str]
