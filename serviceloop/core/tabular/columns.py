"""The columns of an importable list: stable codes, translated labels and help."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True, slots=True)
class Column:
    code: str
    label: str
    help: str
    required: bool = False


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
