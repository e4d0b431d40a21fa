import pytest
from django.core.exceptions import ValidationError

from serviceloop.customers.validators import (
    credit_code_check_char,
    normalize_credit_code,
    normalize_phone,
    validate_phone,
    validate_unified_social_credit_code,
)

FIRST17 = "91310000MA1FL4FB1"


def valid_credit_code(first17: str = FIRST17) -> str:
    return first17 + credit_code_check_char(first17)


def error_code(exc_info: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return exc_info.value.error_list[0].code


def test_check_char_is_computed_by_gb_32100():
    assert credit_code_check_char(FIRST17) == "7"


@pytest.mark.parametrize(
    "code",
    # Published codes of real companies, so the algorithm is checked against the world.
    ["91440300708461136T", "91330100799655058B", "914403001922038216"],
)
def test_accepts_published_credit_codes(code):
    validate_unified_social_credit_code(code)


def test_accepts_a_code_built_with_the_check_char():
    validate_unified_social_credit_code(valid_credit_code())


def test_check_char_31_is_written_as_zero():
    # Only the last weighted position varies, so one of its 31 values makes the sum ≡ 0.
    first17s = [FIRST17[:16] + char for char in "0123456789ABCDEFGHJKLMNPQRTUWXY"]
    assert "0" in [credit_code_check_char(first17) for first17 in first17s]


def test_refuses_a_wrong_check_char():
    code = valid_credit_code()
    wrong = code[:17] + ("8" if code[17] != "8" else "9")
    with pytest.raises(ValidationError) as exc_info:
        validate_unified_social_credit_code(wrong)
    assert error_code(exc_info) == "credit_code_check"


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_refuses_a_forbidden_letter(letter):
    with pytest.raises(ValidationError) as exc_info:
        validate_unified_social_credit_code("91310000MA1FL4F" + letter + "17")
    assert error_code(exc_info) == "credit_code_format"


@pytest.mark.parametrize("value", ["", "91310000MA1FL4FB1", "91310000MA1FL4FB170", "中博"])
def test_refuses_a_code_that_is_not_18_characters(value):
    with pytest.raises(ValidationError) as exc_info:
        validate_unified_social_credit_code(value)
    assert error_code(exc_info) == "credit_code_format"


def test_accepts_lowercase_input():
    validate_unified_social_credit_code(valid_credit_code().lower())


def test_accepts_full_width_input():
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in valid_credit_code())
    validate_unified_social_credit_code(full_width)
    assert normalize_credit_code(full_width) == valid_credit_code()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "+86 138 1234 5678"),
        ("+86 138 1234 5678", "+86 138 1234 5678"),
        ("138-1234-5678", "+86 138 1234 5678"),
        ("0086 138 1234 5678", "+86 138 1234 5678"),
        ("021-62185500", "+86 21 6218 5500"),
        ("(021) 6218 5500", "+86 21 6218 5500"),
        ("０２１－６２１８５５００", "+86 21 6218 5500"),
        ("0512-6666 8888", "+86 512 6666 8888"),
        ("021-62185500 ext. 801", "+86 21 6218 5500 ext. 801"),
        ("021-62185500转801", "+86 21 6218 5500 ext. 801"),
        ("021-62185500-801", "+86 21 6218 5500 ext. 801"),
        ("021-6218-5500-801", "+86 21 6218 5500 ext. 801"),
        ("021-62185500 分机801", "+86 21 6218 5500 ext. 801"),
        ("021-62185500 分机号：801", "+86 21 6218 5500 ext. 801"),
        ("+34 944 000 123", "+34 944 00 01 23"),
    ],
)
def test_normalizes_phone_to_international_format(value, expected):
    assert normalize_phone(value) == expected


def test_reads_numbers_without_prefix_in_the_given_region():
    assert normalize_phone("944 000 123", region="ES") == "+34 944 00 01 23"


@pytest.mark.parametrize("value", ["abc", "12345", "021-621855", "分机801", "138 1234 567"])
def test_refuses_garbage_phone(value):
    with pytest.raises(ValidationError) as exc_info:
        normalize_phone(value)
    assert error_code(exc_info) == "invalid_phone"


def test_validate_phone_accepts_a_valid_number_and_refuses_garbage():
    validate_phone("021-62185500转801")
    with pytest.raises(ValidationError):
        validate_phone("not a phone")
