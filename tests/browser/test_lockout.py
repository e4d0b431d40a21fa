"""Five wrong passwords lock the account for that address; the right one then fails too."""

from playwright.sync_api import expect

from .conftest import sign_in


def test_five_wrong_passwords_lock_the_account_for_this_address(page, live_server, demo_users):
    for attempt in range(4):
        sign_in(page, live_server, "engineer2", password=f"wrong-{attempt}")
        expect(page.locator(".errorlist")).to_be_visible()
    sign_in(page, live_server, "engineer2", password="wrong-5")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page.locator("h1")).to_have_text("登录失败次数过多")

    sign_in(page, live_server, "engineer2")  # the right password, from the same address
    expect(page.get_by_test_id("locked-out")).to_be_visible()

    sign_in(page, live_server, "engineer1")  # a colleague at the same plant is not affected
    expect(page.locator(".who-name")).to_have_text(demo_users["engineer1"].full_name)
