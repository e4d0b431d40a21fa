"""The text of a cell, in both directions: what a user typed, and text a spreadsheet will
not run as a formula (OWASP "CSV injection")."""

from datetime import date, datetime, time
from decimal import Decimal

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralize(value: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula.

    A phone number "+86 138 1234 5678" is exported as "'+86 138 1234 5678" and "-5" as
    "'-5"; `read_table` removes that one quote again, so export → import round-trips.
    Text that already starts with quotes before such a character gets one more quote, so
    a literal "'+86" survives the round trip too.
    """
    if value.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unneutralize(value: str) -> str:
    if value.startswith("'") and value.lstrip("'")[:1] in FORMULA_STARTS:
        return value[1:]
    return value


def cell_text(value: object) -> str:
    """A cell value as the text a user typed: no ".0", no exponent, ISO dates."""
    match value:
        case None:
            return ""
        case bool():
            return "TRUE" if value else "FALSE"
        case int():
            return str(value)
        case float():
            return _float_text(value)
        case Decimal():
            return format(value, "f")
        case datetime():
            return _datetime_text(value)
        case date():
            return value.isoformat()
        case time():
            return value.isoformat(_timespec(value))
        case _:
            return str(value)


def _float_text(value: float) -> str:
    # Excel stores every number as a double: serial 2023001 arrives as 2023001.0 and a
    # phone number as 13812345678.0. Past 10**16 doubles are no longer exact integers.
    if value.is_integer() and abs(value) < 10**16:
        return str(int(value))
    return format(Decimal(repr(value)), "f")  # shortest exact digits, never "1e+20"


def _datetime_text(value: datetime) -> str:
    if value.time() == time(0):
        return value.date().isoformat()
    return value.isoformat(" ", _timespec(value.time()))


def _timespec(value: time) -> str:
    return "minutes" if not (value.second or value.microsecond) else "seconds"
