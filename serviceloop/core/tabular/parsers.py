"""Cell parsers of the importers: text in, value out, ValidationError with the reason."""

import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def parse_email(text: str) -> str:
    if text:
        validate_email(text)
    return text


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
