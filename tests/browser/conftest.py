"""Browser journeys in Debian's headless Chromium, driven by Playwright.

The browser is never downloaded (`playwright install` cannot reach its server here):
Playwright launches /usr/bin/chromium, which `make test` installs with apt.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = os.path.exists(CHROMIUM)

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make there are safe (the live server runs in its own thread with its own connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
            # Outside CI a machine without Chromium skips these, loudly (see the summary);
            # under CI they run and fail, because a green run must have driven a browser.
            if not HAS_CHROMIUM and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=f"NO CHROMIUM at {CHROMIUM}: not run"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def site_url_is_the_live_server(request, settings):
    """Links in e-mails and one-time links are built from SITE_URL (core/links.py): in a
    browser journey they must lead to the live server the browser talks to."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def demo_users(transactional_db):
    from serviceloop.demo import accounts

    return {user.username: user for user in accounts.load()}


@pytest.fixture
def csp_violations(page):
    """Collects what Chromium reports as blocked by the content security policy."""
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def sign_in(page, live_server, username, password=None):
    from serviceloop.demo.accounts import DEMO_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    page.click("button.primary")


def draw_signature(page, testid: str = "signature-pad") -> None:
    """A zigzag drawn with the mouse on the signature pad `testid`."""
    pad = page.get_by_test_id(testid)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] / 2 + (-1) ** step * 15)
    page.mouse.up()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The office's users browse in Chinese: pages before sign-in follow the browser.
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


# What the accessibility journey checked, for the summary at the end of the run.
AXE_PAGE_STATES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if AXE_PAGE_STATES:
        terminalreporter.write_line(
            f"axe-core (WCAG 2.1 A/AA) checked {len(AXE_PAGE_STATES)} page states"
        )
