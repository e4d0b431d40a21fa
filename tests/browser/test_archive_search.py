"""Finding customers and machines: Chinese name parts, pinyin initials, full-width serials."""

import pytest
from playwright.sync_api import expect

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit

from .conftest import sign_in


@pytest.fixture
def archive(demo_users):
    office = demo_users["coordinator"].office
    customers = {
        "sqzb": make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司"),
        "hr": make_customer(office, "C-0002", "苏州恒锐精密锻造有限公司"),
        "cq": make_customer(office, "C-0003", "重庆长齿传动有限公司"),
    }
    make_unit(customers["hr"], "IH-2024-0100")
    make_unit(customers["hr"], "IH-2024-0101")
    return customers


def _search(page, text):
    page.fill("#id_q", text)
    # htmx swaps the rows in after a short pause in typing.
    page.wait_for_load_state("networkidle")


def test_finds_a_customer_by_part_of_its_chinese_name_and_by_pinyin_initials(
    page, live_server, archive, csp_violations
):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/customers/")
    links = page.get_by_test_id("customer-link")
    expect(links).to_have_count(3)

    _search(page, "恒锐")
    expect(links).to_have_count(1)
    expect(links).to_have_text("苏州恒锐精密锻造有限公司")

    _search(page, "sqzb")
    expect(links).to_have_count(1)
    expect(links).to_have_text("上汽中博（上海）汽车零部件有限公司")
    links.click()
    expect(page.locator("h1")).to_contain_text("上汽中博")
    assert csp_violations == []


def test_opens_a_unit_by_a_full_width_serial_on_a_phone(page, live_server, archive):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "engineer1")
    page.goto(f"{live_server.url}/equipment/units/")
    page.fill("#id_q", "ｉｈ－２０２４－０１００")  # as a Chinese phone keyboard types it
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_test_id("unit-serial")).to_contain_text("IH-2024-0100")
