import pytest

from serviceloop.core.text import (
    SEPARATOR,
    normalize_code,
    normalize_query,
    pinyin_full,
    pinyin_initials,
    search_document,
)

SQZB = "上汽中博（上海）汽车零部件有限公司"


def found(query: str, document: str) -> bool:
    """What `icontains=normalize_query(query)` does on a stored search document."""
    return normalize_query(query) in document.lower()


def test_full_width_serial_equals_half_width():
    assert normalize_code("Ａ１２３－４５") == normalize_code("A123-45") == "A123-45"


def test_serial_typed_on_a_phone_is_upper_case_without_spaces():
    assert normalize_code(" ｓｎ－２０２３\u3000００１ ") == "SN-2023001"


@pytest.mark.parametrize("dash", ["－", "–", "—", "‐", "‑", "‒", "−", "ー"])
def test_every_dash_like_character_becomes_a_hyphen(dash):
    assert normalize_code(f"SN{dash}001") == "SN-001"


def test_pinyin_full_runs_syllables_together_without_tones():
    assert pinyin_full("上汽中博") == "shangqizhongbo"


def test_pinyin_full_reads_heteronyms_by_phrase():
    assert pinyin_full("重庆") == "chongqing"


def test_pinyin_full_keeps_and_lowercases_other_characters():
    assert pinyin_full("ABB 中国 Ａ１") == "abb zhongguo a1"


def test_pinyin_initials_of_a_chinese_name():
    assert pinyin_initials("上汽中博") == "sqzb"


def test_pinyin_initials_keep_ascii_alphanumerics_and_drop_punctuation():
    assert pinyin_initials("ABB（中国）有限公司 No.2") == "abbzgyxgsno2"


@pytest.mark.parametrize("query", ["sqzb", "SQZB", "shangqi", "中博", "Shang Qi", "zhong bo"])
def test_chinese_name_is_found_by_initials_pinyin_and_characters(query):
    assert found(query, search_document(SQZB))


def test_latin_name_with_spaces_is_found_without_them():
    document = search_document("Shanghai Automotive")
    assert found("shanghaiautomotive", document)
    assert found("Shanghai Automotive", document)


def test_serial_is_found_whichever_way_it_was_typed():
    document = search_document("SN-2023 001")
    assert found("ｓｎ－２０２３００１", document)
    assert found("sn–2023001", document)


def test_query_cannot_match_across_two_parts():
    document = search_document("alpha", "beta")
    assert not found("alphabeta", document)
    assert not found(f"alpha{SEPARATOR}beta", document)


def test_query_never_contains_the_separator():
    assert SEPARATOR not in normalize_query("a | b ｜ c")


def test_separator_typed_in_a_text_does_not_split_or_join_parts():
    document = search_document("A|B")
    assert document.count(SEPARATOR) == len(document.split(SEPARATOR)) - 1
    assert "ab" in document.split(SEPARATOR)


def test_document_is_lower_case_deduplicated_and_deterministic():
    document = search_document("ACME", "acme")
    assert document == "acme"
    assert search_document(SQZB, "ACME") == search_document(SQZB, "ACME")


def test_empty_texts_add_no_empty_parts():
    assert search_document("", "  ", "x") == "x"
