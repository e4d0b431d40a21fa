"""Each demo role signs in and sees its own navigation, on a desk and on a phone."""

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

ARCHIVE = ["customers:customer_list", "equipment:unit_list", "equipment:model_list"]
DISPATCH = ["service:case_list", "service:dispatch_board", "service:complaint_list"]
SETTINGS = ["service:sla_policies"]
ENGINEER = ["core:home", "service:my_day", "service:case_list", *ARCHIVE]
EXPECTED_MENU = {
    "admin": ["core:home", *DISPATCH, *SETTINGS, *ARCHIVE, "accounts:staff_list", "admin:index"],
    "manager": ["core:home", *DISPATCH, *SETTINGS, *ARCHIVE, "accounts:staff_list"],
    "coordinator": ["core:home", *DISPATCH, *ARCHIVE],
    "engineer1": ENGINEER,
    "engineer2": ENGINEER,
    "warehouse": ["core:home", "service:case_list"],
    "account1": ["core:home", "service:case_list", *ARCHIVE],
    "hq": ["core:home", *DISPATCH, *SETTINGS, *ARCHIVE, "accounts:staff_list"],
    "portal-a": ["portal:home"],
    "portal-b": ["portal:home"],
}


@pytest.mark.parametrize("username", EXPECTED_MENU)
def test_each_demo_role_signs_in_and_sees_its_own_menu(
    page, live_server, demo_users, csp_violations, username
):
    sign_in(page, live_server, username)
    user = demo_users[username]
    expect(page.locator(".who-name")).to_have_text(user.full_name)
    menu = page.locator(".mainnav [data-nav]")
    assert [menu.nth(i).get_attribute("data-nav") for i in range(menu.count())] == (
        EXPECTED_MENU[username]
    )
    if user.is_customer:
        expect(page.get_by_test_id("portal-empty")).to_be_visible()
    assert csp_violations == []


def test_menu_folds_behind_a_button_on_a_phone(page, live_server, demo_users):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "manager")
    staff_link = page.locator('.mainnav [data-nav="accounts:staff_list"]')
    expect(staff_link).to_be_hidden()
    page.locator(".nav-toggle-label").click()
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
