"""A customer with a bad credit code: the translated error, and nothing typed is lost."""

from playwright.sync_api import expect

from serviceloop.customers.models import Customer

from .conftest import sign_in

BAD_CODE = "91310000MA1FL4FB10"  # the right check character is 7


def test_bad_credit_code_shows_a_translated_error_and_keeps_the_typed_values(
    page, live_server, demo_users, csp_violations
):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/customers/new/")
    page.fill("#id_code", "C-0777")
    page.fill("#id_name_zh", "宁波恒达齿轮有限公司")
    page.fill("#id_name_en", "Ningbo Hengda Gear Co., Ltd.")
    page.fill("#id_credit_code", BAD_CODE)
    page.fill("#id_main_products", "齿轮、半轴")
    page.get_by_role("button", name="保存").click()

    field = page.locator(".field.has-error")
    expect(field).to_have_count(1)
    expect(field.locator(".errorlist")).to_contain_text("统一社会信用代码")
    expect(page.locator("#id_name_zh")).to_have_value("宁波恒达齿轮有限公司")
    expect(page.locator("#id_credit_code")).to_have_value(BAD_CODE)
    expect(page.locator("#id_main_products")).to_have_value("齿轮、半轴")
    assert not Customer.objects.filter(code="C-0777").exists()

    page.fill("#id_credit_code", "91310000MA1FL4FB17")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h1")).to_contain_text("宁波恒达齿轮有限公司")
    assert csp_violations == []
