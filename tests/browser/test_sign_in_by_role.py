"""Each demo role signs in and sees its own navigation, on a desk and on a phone."""

import pytest
from playwright.sync_api import expect

from serviceloop.navigation import menu_for

from .conftest import sign_in

# Which role sees which entry is spelt out in tests/project/test_navigation.py; here the
# browser proves each demo login gets exactly that menu, rendered and under the CSP.
DEMO_LOGINS = [
    "admin",
    "manager",
    "coordinator",
    "engineer1",
    "engineer2",
    "warehouse",
    "account1",
    "hq",
    "portal-a",
    "portal-b",
]


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_each_demo_role_signs_in_and_sees_its_own_menu(
    page, live_server, demo_users, csp_violations, username
):
    sign_in(page, live_server, username)
    user = demo_users[username]
    expect(page.locator(".who-name")).to_have_text(user.full_name)
    menu = page.locator(".mainnav [data-nav]")
    expected = [item["name"] for item in menu_for(user)]
    assert [menu.nth(i).get_attribute("data-nav") for i in range(menu.count())] == expected
    if user.is_customer:
        expect(page.get_by_test_id("portal-empty")).to_be_visible()
    assert csp_violations == []


def test_menu_folds_behind_a_button_on_a_phone(page, live_server, demo_users):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "manager")
    staff_link = page.locator('.mainnav [data-nav="accounts:staff_list"]')
    expect(staff_link).to_be_hidden()
    toggle = page.get_by_role("button", name="菜单")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(staff_link).to_be_visible()
    staff_link.click()
    expect(page.locator("h1")).to_have_text("员工")


def test_wrong_password_shows_a_translated_error_and_keeps_the_username(
    page, live_server, demo_users
):
    sign_in(page, live_server, "coordinator", password="not-the-password")
    expect(page.locator(".errorlist")).to_contain_text("密码")
    expect(page.locator("#id_username")).to_have_value("coordinator")


def test_signing_out_returns_to_the_sign_in_page(page, live_server, demo_users):
    sign_in(page, live_server, "engineer1")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
