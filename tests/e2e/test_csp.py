"""A real browser loads the main pages under the Content-Security-Policy and reports no
violation: every script, style, font and image the pages use is allowed by the policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from liangxin.core.navigation import menu_for
from tests.e2e.conftest import wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    return problems


def _walk(page, base, urls) -> None:
    for url in urls:
        response = page.goto(f"{base}{url}")
        assert response.ok, url
        assert "Content-Security-Policy" in {k.title() for k in response.headers}
        page.wait_for_load_state("load")


@pytest.mark.parametrize("username", ["nonpublic", "instructor01"])
def test_main_pages_load_without_csp_violations(
    live_server, desktop, world, sign_in, username
):
    problems = _watch(desktop)
    desktop.goto(f"{live_server.url}/login/")
    sign_in(desktop, username)
    user = {"nonpublic": world.users.nonpublic, "instructor01": world.users.instructor}[
        username
    ]
    urls = [i.url for _, _, items in menu_for(user) for i in items]
    _walk(desktop, live_server.url, urls)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_the_check_in_page_runs_its_scripts_under_the_policy(
    live_server, phone, world, sign_in
):
    problems = _watch(phone)
    sign_in(phone, "instructor01")
    phone.goto(f"{live_server.url}{reverse('fieldwork:checkin')}")
    # static/js/checkin.js fills the idempotency key: it ran, and nothing was refused
    key = phone.locator("[name=idempotency_key]")
    assert key.count() == 1 and key.input_value() != ""
    assert problems == []


def test_the_manifest_and_service_worker_work_under_the_policy(
    live_server, phone, world, sign_in
):
    problems = _watch(phone)
    page = sign_in(phone, "instructor01")
    assert wait_for_worker(page)  # registered, installed, controls the page
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == [] and "两新组织" in manifest["data"]
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # a Playwright context is an incognito profile, which never installs apps
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    page.goto(f"{live_server.url}{reverse('fieldwork:checkin')}")  # kept by the worker
    page.context.set_offline(True)
    page.goto(f"{live_server.url}{reverse('fieldwork:checkin')}")
    expect(page.locator("[name=idempotency_key]")).not_to_have_value("")
    page.goto(f"{live_server.url}{reverse('partylife:meeting_list')}")
    expect(page.get_by_role("heading", name="网络不可用")).to_be_visible()
    # the worker's own offline page sends the site's policy and needs nothing it forbids
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    page.context.set_offline(False)
    assert problems == [], "\n".join(problems)


def test_a_filter_select_submits_without_an_inline_handler(
    live_server, desktop, world, sign_in
):
    problems = _watch(desktop)
    sign_in(desktop, "nonpublic")
    desktop.goto(f"{live_server.url}{reverse('coverage:overview')}")
    select = desktop.locator("select[data-autosubmit]").first
    options = select.locator("option").all()
    value = options[-1].get_attribute("value")
    with desktop.expect_navigation():
        select.select_option(value)
    assert f"={value}" in desktop.url
    assert problems == []
