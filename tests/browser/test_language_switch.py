"""One click per language: Chinese → English → Spanish → Chinese, remembered per user."""

from playwright.sync_api import expect

from .conftest import sign_in


def test_switches_to_english_and_spanish_and_back_to_chinese(
    page, live_server, demo_users, csp_violations
):
    sign_in(page, live_server, "manager")
    heading = page.locator("h1")
    expect(heading).to_have_text("欢迎，陈建国")

    page.locator('[data-language="en"]').click()
    expect(heading).to_have_text("Welcome, 陈建国")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator('[data-language="es"]').click()
    expect(heading).to_contain_text("陈建国")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()

    page.locator('[data-language="zh-hans"]').click()
    expect(heading).to_have_text("欢迎，陈建国")
    assert csp_violations == []


def test_the_chosen_language_follows_the_user_to_a_new_browser(browser, live_server, demo_users):
    first = browser.new_context().new_page()
    sign_in(first, live_server, "coordinator")
    first.locator('[data-language="es"]').click()
    expect(first.locator("html")).to_have_attribute("lang", "es")

    second = browser.new_context(locale="en-US").new_page()  # no cookie, English browser
    sign_in(second, live_server, "coordinator")
    expect(second.locator("html")).to_have_attribute("lang", "es")
