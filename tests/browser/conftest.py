"""Browser tests: Debian's Chromium, driven by Playwright, against the live server.

Never a downloaded browser: the path is /usr/bin/chromium or $CHROMIUM_PATH. Where it is
missing the tests are skipped with a loud reason, except under CI=true, where that fails.
"""

import os
import shutil

import pytest

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_available():
    return os.path.exists(CHROMIUM_PATH) or shutil.which(CHROMIUM_PATH) is not None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        message = f"Chromium not found at {CHROMIUM_PATH}: browser tests cannot run"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: a missing browser fails the run)")
        pytest.skip("!!! " + message + " (apt-get install chromium) !!!")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 320 px wide page, the narrowest phone we support."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()
