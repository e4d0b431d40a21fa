import pytest

from serviceloop.customers.selectors import customers_for, search_customers
from serviceloop.customers.testing import make_customer


@pytest.fixture
def archive(shanghai):
    return {
        "sqzb": make_customer(shanghai, "C-0001", "上汽中博（上海）汽车零部件有限公司"),
        "hr": make_customer(
            shanghai,
            "C-0002",
            "苏州恒锐精密锻造有限公司",
            name_en="Suzhou Hengrui Precision Forging",
        ),
        "cq": make_customer(shanghai, "C-0003", "重庆长齿传动有限公司"),
    }


def _found(user, text):
    return {c.code for c in search_customers(customers_for(user), text)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中博", {"C-0001"}),  # any part of the Chinese name
        ("sqzb", {"C-0001"}),  # pinyin initials
        ("SQZB", {"C-0001"}),
        ("shangqi", {"C-0001"}),  # pinyin
        ("heng rui", {"C-0002"}),  # pinyin typed with a space
        ("precision forging", {"C-0002"}),  # the Latin name
        ("chongqing", {"C-0003"}),  # 重 read as chong in 重庆
        ("ｃ－０００２", {"C-0002"}),  # a full-width code
        ("c-000", {"C-0001", "C-0002", "C-0003"}),
        ("锻造 上海", set()),
    ],
)
def test_finds_customers_by_name_pinyin_initials_and_code(users, archive, manager, text, expected):
    assert _found(manager, text) == expected


@pytest.mark.django_db
def test_search_never_leaves_the_users_office(users, archive, beijing, manager):
    make_customer(beijing, "C-9001", "北京中博机械有限公司")
    assert _found(manager, "中博") == {"C-0001"}
