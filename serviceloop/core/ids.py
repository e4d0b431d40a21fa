"""Ids from requests: an id that cannot name a row is no id, never a server error.

Ids reach the code as text from URLs, filters and forms, and anyone can type
`?customer=99999999999999999999`. Three pieces, one rule
(docs/decisions/0012-input-cleaning.md):

- `parse_id` turns request text into an id, or None when it cannot be one;
- `IdField` is the form field for an id a filter or form carries as a plain number;
- `guard_id_lookups` makes the database layer itself treat an integer outside the column's
  range as matching nothing. Django already does this for `pk=` and the other integer
  comparisons; it forgot `__in` and comparisons through a foreign key, where SQLite raises
  OverflowError and PostgreSQL a DataError. With the guard, model choice fields, selectors
  and URL ids are safe wherever they come from, without each remembering to check.
"""

from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db.models import ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _

BIGINT_MAX = 2**63 - 1  # our primary keys are 64-bit (DEFAULT_AUTO_FIELD = BigAutoField)


def parse_id(value) -> int | None:
    """The id `value` spells in ASCII digits, if it fits a 64-bit primary key; else None."""
    text = str(value).strip() if value is not None else ""
    # The length check comes first: Python refuses int() of more than 4,300 digits.
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(BIGINT_MAX)):
        return None
    number = int(text)
    return number if 1 <= number <= BIGINT_MAX else None


class IdField(forms.Field):
    """An id in a filter or form: a row's primary key or a form error, never a bad query."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": _("Select a valid choice.")}

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        number = parse_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def _out_of_range(value, field, connection) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class _InRange:
    """Drops values the column cannot hold: they match no row, as Django's own `pk=` does."""

    def column(self):
        field = self.lhs.output_field
        return getattr(field, "target_field", field)

    def in_range(self, connection) -> list:
        return [v for v in self.rhs if not _out_of_range(v, self.column(), connection)]


class IntegerIn(_InRange, In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = self.in_range(connection)  # In raises EmptyResultSet when none is left
        return super().process_rhs(compiler, connection)


class ForeignKeyIn(_InRange, RelatedIn):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not isinstance(self.lhs, ColPairs):
            self.rhs = self.in_range(connection)
        return super().process_rhs(compiler, connection)


class ForeignKeyExact(_InRange, RelatedExact):
    def process_rhs(self, compiler, connection):
        if not isinstance(self.lhs, ColPairs) and _out_of_range(
            self.rhs, self.column(), connection
        ):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def guard_id_lookups() -> None:
    """Registers the guarded lookups in place of Django's; called once from CoreConfig.ready."""
    IntegerField.register_lookup(IntegerIn)
    ForeignObject.register_lookup(ForeignKeyIn)
    ForeignObject.register_lookup(ForeignKeyExact)
