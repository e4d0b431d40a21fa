"""The search words of core.search: Chinese by neighbouring pairs, Latin by words, the
same folding on both sides, and highlights that escape what they show."""

from serviceloop.core.search import highlight, index_terms, parse_query


def test_chinese_is_stored_as_neighbouring_pairs_and_the_last_character():
    assert index_terms("感应器跳闸") == "感应 应器 器跳 跳闸 闸"


def test_latin_words_are_folded_without_accents_case_or_width():
    assert index_terms("Überhitzung Café") == "uberhitzung cafe"


def test_a_code_is_stored_by_its_pieces_and_run_together():
    assert index_terms("ＩＨ-2019-0042 报警") == "ih 2019 0042 报警 警 ih20190042"


def test_a_code_in_the_query_is_one_prefix_never_its_common_pieces():
    query = parse_query("SR-2026-000123")
    assert query.tsquery() == "'sr2026000123':*"
    assert query.words == ("sr-2026-000123",)
    assert highlight("与 SR-2026-000123 同", query) == "与 <mark>SR-2026-000123</mark> 同"


def test_mixed_text_splits_chinese_from_latin_runs():
    assert index_terms("3号线圈overheat") == "3 号线 线圈 圈 overheat"


def test_a_chinese_word_is_a_phrase_of_its_pairs_and_latin_words_are_prefixes():
    query = parse_query("跳闸报警 Overh")
    assert query.fts5() == '"跳闸 闸报 报警" AND "overh"*'
    assert query.tsquery() == "('跳闸' <-> '闸报' <-> '报警') & 'overh':*"


def test_a_two_character_word_is_one_term_and_one_character_a_prefix():
    assert parse_query("漏水").fts5() == '"漏水"'
    assert parse_query("漏").tsquery() == "'漏':*"


def test_punctuation_and_quotes_never_reach_the_query_syntax():
    query = parse_query("\"跳闸' OR 1=1; -- ) & |")
    assert query.fts5() == '"跳闸" AND "or"* AND "1"*'
    assert "'跳闸'" in query.tsquery() and ";" not in query.tsquery()


def test_an_empty_or_punctuation_only_query_is_false():
    assert not parse_query("  ，。--  ")


def test_each_part_of_a_query_counts_once():
    assert parse_query("跳闸 跳闸").fts5() == '"跳闸"'


def test_highlight_marks_every_word_found_and_escapes_the_rest():
    shown = highlight("<b>设备</b>频繁跳闸，Overheating", parse_query("跳闸 overh"))
    assert shown == "&lt;b&gt;设备&lt;/b&gt;频繁<mark>跳闸</mark>，<mark>Overh</mark>eating"


def test_highlight_shows_a_window_around_the_first_match():
    text = "前" * 100 + "跳闸" + "后" * 100
    shown = highlight(text, parse_query("跳闸"), around=5)
    assert shown == "…前前前前前<mark>跳闸</mark>后后后后后后后后后后…"


def test_highlight_is_none_where_nothing_matches():
    assert highlight("水流量报警", parse_query("跳闸")) is None
