"""Content-Security-Policy: sent on every page, never with 'unsafe-inline'; inline code runs
only with the request's nonce (a browser check is in tests/e2e/test_csp.py)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from liangxin.core.navigation import menu_for

TEMPLATES = Path(__file__).resolve().parents[2] / "liangxin" / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _menu_urls(user) -> list[str]:
    return [i.url for _, _, items in menu_for(user) for i in items]


@pytest.mark.parametrize("role", ["county", "nonpublic", "instructor", "contact"])
def test_every_menu_page_sends_a_policy_without_unsafe_inline(world, login, role):
    user = getattr(world.users, role)
    client = login(user)
    urls = ["/", *_menu_urls(user)]
    assert len(urls) > 5
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert policy["default-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url


def test_the_login_page_and_the_api_docs_send_the_policy_too(client, world, login):
    assert "Content-Security-Policy" in client.get("/login/")
    assert "Content-Security-Policy" in login(world.users.county).get("/api/docs/")


def test_inline_code_carries_the_nonce_named_in_the_header(world, login):
    # the check-in's scripts are static files now; the API docs keep an inline style
    client = login(world.users.nonpublic)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    inline = re.findall(r"<(?:script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the API docs page has an inline style"
    nonces = {re.search(r'nonce="([^"]+)"', attrs).group(1) for attrs in inline}
    assert len(nonces) == 1
    nonce = f"'nonce-{nonces.pop()}'"
    policy = _policy(response)
    assert nonce in policy["style-src"] and nonce in policy["script-src"]


def test_two_requests_get_different_nonces(world, login):
    client = login(world.users.nonpublic)
    first = _policy(client.get(reverse("api-docs")))["style-src"]
    second = _policy(client.get(reverse("api-docs")))["style-src"]
    assert any(v.startswith("'nonce-") for v in first)
    assert first != second


def test_no_web_template_has_inline_handlers_style_attributes_or_bare_inline_code():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "pdf" in path.parts:  # rendered by WeasyPrint, never served to a browser
            continue
        text = path.read_text()
        checks = {
            "style attribute": r'\sstyle="',
            "event handler": r"\son[a-z]+=\"",
            "javascript: url": r"javascript:",
            # code lives in static/js (one module per concern); data comes in json_script
            "inline script": r"<script(?![^>]*\bsrc=)[^>]*>",
            "inline style without nonce": r"<style(?![^>]*\bnonce=)[^>]*>",
        }
        for what, pattern in checks.items():
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {what}")
    assert offenders == []
