"""The cockpit in a real chromium at 1440 px, 375 px and on a 1920×1080 screen: map and charts
drawn, screenshots saved (to $LIANGXIN_SCREENSHOTS if set, else the test's tmp dir) for people
to look at. One test: the demo county is built once (a transactional test flushes the rules
that migrations load, so a second one could not rebuild it)."""

import os
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import expect

from liangxin.demo.builder import DemoBuilder
from liangxin.partylife.models import RuleSet
from tests.e2e.conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {
    "1440": {"viewport": {"width": 1440, "height": 1000}, "locale": "zh-CN"},
    "375": PHONE,
}
CHARTS = ("cockpit-map", "cockpit-ranking", "cockpit-trend", "cockpit-heatmap")


def _restore_migrated_rules() -> None:
    """An earlier transactional test (anywhere in the run) flushes the rule rows that the
    data migrations load; the demo needs them, so load them again the same way."""
    if RuleSet.objects.exists():
        return
    folder = "liangxin.partylife.migrations"
    import_module(f"{folder}.0002_seed_2014_rules").seed(apps, None)
    import_module(f"{folder}.0004_seed_procedures").seed(apps, None)
    import_module(
        f"{folder}.0008_publicity_after"
    ).preliminary_review_publicity_follows(apps, None)


def _watch(page) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: r.status >= 400 and "favicon" not in r.url and errors.append(r.url),
    )
    return errors


def test_the_cockpit_draws_its_map_and_charts_on_desktop_phone_and_big_screen(
    live_server, browser, sign_in, tmp_path
):
    _restore_migrated_rules()
    DemoBuilder(seed=7).build("county")
    shots = Path(os.environ.get("LIANGXIN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for size, options in SIZES.items():
        context = browser.new_context(**options)
        context.set_default_timeout(20_000)
        page = context.new_page()
        errors = _watch(page)
        sign_in(page, "county", "liangxin-demo")
        expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
        for chart in CHARTS:
            expect(page.locator(f"#{chart} canvas").first).to_be_visible()
        expect(page.locator("#card-coverageinstructor .stat")).not_to_have_text("—")
        page.wait_for_timeout(600)  # echarts' entry animation
        page.screenshot(path=shots / f"cockpit-{size}.png", full_page=True)
        assert not errors, errors
        if size == "1440":
            # drill down from the ranking to a committee: breadcrumb and map follow
            page.locator("#ranking-table a").first.click()
            expect(page.locator("#cockpit-breadcrumb li")).to_have_count(2)
            expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
        context.close()

    # the province level on a phone: served from its summary, with its time and a refresh
    context = browser.new_context(**PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = _watch(page)
    sign_in(page, "admin", "liangxin-demo")
    expect(page.locator("#cockpit-time")).to_contain_text("数据时间")
    page.reload()
    expect(page.locator("#cockpit-time a")).to_have_text("立即刷新")
    page.locator("#cockpit-time a").click()
    expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
    expect(page.locator("#cockpit-time a")).to_have_count(0)  # just computed
    page.wait_for_timeout(600)
    page.screenshot(path=shots / "cockpit-province-375.png", full_page=True)
    # above a county each cell is [month, region, rate, instructors]: coloured by the rate
    dimension, cells = page.evaluate(
        """(() => { const o = echarts.getInstanceByDom(
              document.getElementById("cockpit-heatmap")).getOption();
            return [o.visualMap[0].dimension, o.series[0].data.length]; })()"""
    )
    assert dimension == 2 and cells > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways"
    assert not errors, errors
    context.close()

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors = _watch(page)
    sign_in(page, "county", "liangxin-demo")
    page.goto(f"{live_server.url}/cockpit/?screen=1")
    expect(page.locator("#cockpit-map[data-drawn='1']")).to_have_count(1)
    page.wait_for_timeout(600)
    page.screenshot(path=shots / "cockpit-screen-1920.png")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080, "no scroll"
    assert not errors, errors
    context.close()
