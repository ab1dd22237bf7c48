"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

Browsers cannot be downloaded here, so the tests use /usr/bin/chromium (override with
LIANGXIN_CHROMIUM). A missing browser is a test FAILURE, never a skip: a skipped browser test
looks green while testing nothing.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from the test thread ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LIANGXIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "pw-for-tests-1"
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _no_flag_refresh_after_responses(settings):
    """After a write the live server reconciles the county's flag rows once the browser has its
    page (facts.on_write, core.afterwards), in the server's thread: the test would go on, and
    its teardown (a flush) race that work. Those paths are tested without a browser
    (tests/facts/test_flags_on_write.py, tests/core/test_afterwards.py)."""
    settings.FACTS_FLAGS_ON_WRITE = False


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - environment problem
        pytest.fail(f"playwright is not installed: {exc}", pytrace=False)
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"chromium not found at {CHROMIUM} (set LIANGXIN_CHROMIUM); "
            "browser tests must run, not skip",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(browser):
    """A new page in a 375x812 touch viewport (a typical phone)."""
    context = _context(browser, PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_without_worker(browser):
    """A phone whose browser runs no service worker (no offline pages, no background sync):
    the check-in page itself sends what waits in the queue."""
    context = _context(browser, {**PHONE, "service_workers": "block"})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = _context(browser, DESKTOP)
    page = context.new_page()
    yield page
    context.close()


#: resolves once the service worker is active and controls this page; false where there is
#: none (signed out, or a browser without service workers: LiangxinApp.worker is null)
WORKER_CONTROLS = """() => {
    if (!window.LiangxinApp) return false;
    const sw = navigator.serviceWorker;
    return LiangxinApp.worker.then(reg => !reg ? false : sw.ready.then(() =>
        sw.controller ? true : new Promise(resolve =>
            sw.addEventListener("controllerchange", () => resolve(true), {once: true}))));
}"""


def wait_for_worker(page) -> bool:
    return page.evaluate(WORKER_CONTROLS)


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, "nonpublic") fills the login form and waits for the home page, and for
    the service worker to control it: it installs in the background, so a test that went on
    at once would race it (its requests, and pages it does or does not yet intercept)."""

    def _sign_in(page, username, password=PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{live_server.url}/")
        wait_for_worker(page)
        return page

    return _sign_in
