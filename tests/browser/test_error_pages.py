"""Friendly error pages in the user's language."""

from playwright.sync_api import expect

from .conftest import sign_in


def test_a_missing_page_answers_404_in_chinese(page, live_server, demo_users):
    sign_in(page, live_server, "engineer1")
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()


def test_a_forbidden_page_answers_403_in_spanish_for_hq(page, live_server, demo_users):
    sign_in(page, live_server, "hq")
    response = page.goto(f"{live_server.url}/admin/")
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "es")
