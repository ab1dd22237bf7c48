"""The cockpit in a real chromium at 1440 px and 375 px: map and charts drawn, screenshots
saved (to $LIANGXIN_SCREENSHOTS if set, else the test's tmp dir) for people to look at."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from liangxin.dashboard.demo import DemoBuilder
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {
    "1440": {"viewport": {"width": 1440, "height": 1000}, "locale": "zh-CN"},
    "375": PHONE,
}
CHARTS = ("cockpit-map", "cockpit-ranking", "cockpit-trend", "cockpit-heatmap")


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("LIANGXIN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser, live_server, sign_in, size, path="/"):
    context = browser.new_context(**SIZES[size])
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: r.status >= 400 and "favicon" not in r.url and errors.append(r.url),
    )
    sign_in(page, "county", "liangxin-demo")
    if path != "/":
        page.goto(f"{live_server.url}{path}")
    return context, page, errors


@pytest.mark.parametrize("size", list(SIZES))
def test_the_cockpit_draws_its_map_and_charts(
    live_server, browser, sign_in, tmp_path, size
):
    DemoBuilder(seed=7).build("county")
    context, page, errors = _open(browser, live_server, sign_in, size)
    expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
    for chart in CHARTS:
        expect(page.locator(f"#{chart} canvas").first).to_be_visible()
    expect(page.locator("#card-coverageinstructor .stat")).not_to_have_text("—")
    page.wait_for_timeout(600)  # echarts' entry animation
    page.screenshot(path=_shots(tmp_path) / f"cockpit-{size}.png", full_page=True)
    assert not errors, errors

    # drill down from the ranking table to a committee: the map shows organizations
    page.locator("#ranking-table a").first.click()
    expect(page.locator("#cockpit-breadcrumb li")).to_have_count(2)
    expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
    context.close()


def test_the_big_screen_fills_a_1920_display(live_server, browser, sign_in, tmp_path):
    DemoBuilder(seed=7).build("county")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    sign_in(page, "county", "liangxin-demo")
    page.goto(f"{live_server.url}/cockpit/?screen=1")
    expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
    page.wait_for_timeout(600)
    page.screenshot(path=_shots(tmp_path) / "cockpit-screen-1920.png")
    scroll = page.evaluate("document.documentElement.scrollHeight")
    assert scroll <= 1080, "大屏 must not scroll"
    context.close()
