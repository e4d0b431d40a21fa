from collections import Counter

import pytest

from serviceloop.customers.divisions import Level, iter_divisions, level_of

# GB/T 2260 gives Taiwan, Hong Kong and Macao no cities or districts.
WITHOUT_CITIES = {"710000", "810000", "820000"}
MUNICIPALITIES = {"110000": "北京市", "120000": "天津市", "310000": "上海市", "500000": "重庆市"}
LEVEL_ABOVE = {Level.CITY: Level.PROVINCE, Level.DISTRICT: Level.CITY}


@pytest.fixture(scope="module")
def rows():
    return list(iter_divisions())


@pytest.fixture(scope="module")
def by_code(rows):
    return {code: (name, level, parent) for code, name, level, parent in rows}


def children(rows, parent_code):
    return {code: name for code, name, _, parent in rows if parent == parent_code}


def test_level_comes_from_the_code():
    assert level_of("310000") == Level.PROVINCE
    assert level_of("320500") == Level.CITY
    assert level_of("320583") == Level.DISTRICT


def test_codes_are_unique_six_digit_strings(rows):
    codes = [code for code, *_ in rows]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 6 and code.isdigit() for code in codes)


def test_rows_come_sorted_by_code_with_parents_first(rows):
    codes = [code for code, *_ in rows]
    assert codes == sorted(codes)
    seen = set()
    for code, _, _, parent in rows:
        assert parent is None or parent in seen
        seen.add(code)


def test_names_are_plain_non_empty_text(rows):
    assert all(name and name == name.strip() for _, name, *_ in rows)


def test_provinces_have_no_parent(rows):
    assert all(parent is None for _, _, level, parent in rows if level == Level.PROVINCE)


def test_every_parent_exists_one_level_up(rows, by_code):
    for code, _, level, parent in rows:
        if level != Level.PROVINCE:
            assert parent in by_code, code
            assert by_code[parent][1] == LEVEL_ABOVE[level], code


def test_holds_the_whole_country(rows):
    counts = Counter(level for _, _, level, _ in rows)
    assert counts[Level.PROVINCE] >= 31
    assert counts[Level.CITY] >= 300
    assert counts[Level.DISTRICT] >= 2500


def test_every_mainland_province_has_cities(rows):
    provinces = {code for code, _, level, _ in rows if level == Level.PROVINCE}
    for code in provinces - WITHOUT_CITIES:
        assert children(rows, code), code


def test_each_municipality_has_one_city_row_of_its_own_name(rows):
    for code, name in MUNICIPALITIES.items():
        assert children(rows, code) == {code[:2] + "0100": name}


def test_shanghai_holds_minhang(by_code):
    assert by_code["310000"] == ("上海市", Level.PROVINCE, None)
    assert by_code["310100"] == ("上海市", Level.CITY, "310000")
    assert by_code["310112"] == ("闵行区", Level.DISTRICT, "310100")


def test_suzhou_holds_kunshan(rows, by_code):
    assert by_code["320500"] == ("苏州市", Level.CITY, "320000")
    assert children(rows, "320500")["320583"] == "昆山市"


def test_chongqing_districts_and_counties_share_one_city_row(rows):
    chongqing = children(rows, "500100")
    assert chongqing["500101"] == "万州区"
    assert chongqing["500229"] == "城口县"
    assert len(chongqing) >= 30


def test_county_level_cities_under_a_province_get_a_grouping_city(by_code):
    assert by_code["419000"] == ("省直辖县级行政区划", Level.CITY, "410000")
    assert by_code["419001"] == ("济源市", Level.DISTRICT, "419000")
