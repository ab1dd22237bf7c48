"""A real browser loads the main pages under the Content-Security-Policy and reports no
violation: every script, style, font and image the pages use is allowed by the policy."""

import pytest
from django.urls import reverse

from liangxin.core.navigation import menu_for

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


def test_the_check_in_page_runs_its_inline_script_under_the_nonce(
    live_server, phone, world, sign_in
):
    problems = _watch(phone)
    sign_in(phone, "instructor01")
    phone.goto(f"{live_server.url}{reverse('fieldwork:checkin')}")
    # the inline script fills the idempotency key: it ran, so the nonce was accepted
    key = phone.locator("[name=idempotency_key]")
    assert key.count() == 1 and key.input_value() != ""
    assert problems == []


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
