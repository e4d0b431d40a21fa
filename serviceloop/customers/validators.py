"""Validators for customer data: unified social credit codes and phone numbers."""

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from serviceloop.core.text import unify_dashes

# GB 32100-2015: the 31 characters a code may use (no I, O, S, V, Z) and the weights of the
# first 17 positions; the 18th is the check character.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_FORMAT = re.compile(f"[{CREDIT_CODE_CHARSET}]{{18}}")

# Chinese contacts write an extension as 转 ("transfer to") or 分机(号) ("extension"),
# often with a colon; phonenumbers only knows the Latin markers, so these become " ext. ".
_CHINESE_EXTENSION = re.compile(r"\s*(?:转|分机号?)\s*:?\s*")
# A short digit group after the last dash, e.g. the "801" of "021-62185500-801".
_TRAILING_GROUP = re.compile(r"^(?P<number>.*\d)\s*-\s*(?P<extension>\d{1,6})$")


def normalize_credit_code(value: str) -> str:
    """A credit code as on the licence: NFKC (full-width to ASCII), no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", value).split()).upper()


def credit_code_check_char(first17: str) -> str:
    """The GB 32100-2015 check character: 31 - (weighted sum mod 31), where 31 means "0"."""
    if len(first17) != 17 or any(char not in CREDIT_CODE_CHARSET for char in first17):
        raise ValueError(f"Expected 17 credit code characters, got {first17!r}.")
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_unified_social_credit_code(value: str) -> None:
    """Refuse a 统一社会信用代码 unless it is 18 allowed characters with the right check one."""
    code = normalize_credit_code(value)
    if not _CREDIT_CODE_FORMAT.fullmatch(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "except I, O, S, V and Z."
            ),
            code="credit_code_format",
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code is not valid: its last character does not "
                "match (check the code on the business licence)."
            ),
            code="credit_code_check",
        )


def _invalid_phone() -> ValidationError:
    """The one error every unreadable or impossible phone number gets."""
    return ValidationError(
        _("Enter a valid phone number, e.g. 138 1234 5678 or 021-6218 5500 ext. 801."),
        code="invalid_phone",
    )


def _parse_valid(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number phonenumbers reads from the text, or None when unreadable or impossible."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _parse_with_dash_extension(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """Read "021-62185500-801" as number and extension when what precedes the last dash is valid.

    The text before the last dash is tried first: "138-1234-5678" or "021-6218-5500" are not
    complete before their last dash, so they are read whole.
    """
    match = _TRAILING_GROUP.match(value)
    if match is None:
        return None
    number = _parse_valid(match["number"], region)
    if number is not None:
        number.extension = match["extension"]
    return number


def normalize_phone(value: str, *, region: str = "CN") -> str:
    """A valid phone number in international format, e.g. "+86 21 6218 5500 ext. 801".

    Numbers without "+" or "00" are read as numbers of `region`. Extensions may follow
    "ext.", "x", "转", "分机" or a last dash after a complete number.
    """
    text = unify_dashes(unicodedata.normalize("NFKC", value)).strip()
    text = _CHINESE_EXTENSION.sub(" ext. ", text)
    number = _parse_with_dash_extension(text, region) or _parse_valid(text, region)
    if number is None:
        raise _invalid_phone()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value: str) -> None:
    """Refuse a phone number `normalize_phone` cannot read as a valid number."""
    normalize_phone(value)
