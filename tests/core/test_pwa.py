"""The installable phone app: manifest, service worker (served from the root, listing the
hashed assets and the pages kept offline, carrying its own offline page) answered without
a session, and the check-in page's scripts as static files."""

import json
import re

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}
    assert reverse("manifest") == "/manifest.webmanifest"


def test_the_service_worker_keeps_the_check_in_and_the_assets(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/fieldwork/visits/checkin/"' in body and '"/fieldwork/visits/"' in body
    assert static("js/offline-queue.js") in body and static("vendor/idb/umd.js") in body
    assert reverse("service_worker") == "/sw.js"


def test_the_worker_keeps_every_file_the_base_page_links():
    from pathlib import Path

    from liangxin.core.pwa import ASSETS

    base = (Path(settings.BASE_DIR) / "liangxin/templates/base.html").read_text()
    linked = set(re.findall(r"\{% static '([^']+)' %\}", base))
    assert "js/select-search.js" in linked
    assert linked <= set(ASSETS)


def test_the_service_worker_fetches_no_page_in_the_background(client):
    """Pages are kept only when the person opens them (the fetch handler), never fetched
    by the worker itself: no authenticated request runs beside the person's own."""
    body = client.get("/sw.js").content.decode()
    install = body[body.index('addEventListener("install"') :]
    install = install[: install.index("});\n")]
    assert "PAGES" not in install and "fetch(" not in install


def test_the_offline_page_is_built_into_the_worker(client):
    body = client.get("/sw.js").content.decode()
    html = json.loads(re.search(r"var OFFLINE_HTML = (.*);\n", body).group(1))
    assert "网络不可用" in html and 'href="/fieldwork/visits/checkin/"' in html
    assert static("css/liangxin.css") in html and "<script" not in html
    policy = json.loads(re.search(r"var OFFLINE_CSP = (.*);\n", body).group(1))
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert client.get("/offline/").status_code == 404  # no page of its own


def test_the_worker_and_manifest_neither_read_nor_save_the_session(
    world, login, django_assert_num_queries
):
    client = login(world.users.instructor)
    for url in ("/sw.js", "/manifest.webmanifest"):
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response.status_code == 200, url
        assert settings.SESSION_COOKIE_NAME not in response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url


def test_the_worker_is_served_to_someone_who_still_owes_a_second_factor(
    world, login, settings
):
    settings.TWO_FACTOR_ROLES = ["county_admin"]
    client = login(world.users.county)
    assert client.get("/").status_code == 302  # pages wait for the second factor
    response = client.get("/sw.js")
    assert response.status_code == 200  # a worker script cannot follow a redirect


def test_the_worker_and_manifest_are_under_the_content_security_policy(client):
    for url in ("/sw.js", "/manifest.webmanifest"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    policy = client.get("/login/")["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy and "worker-src 'self'" in policy


def test_pages_link_the_manifest_and_register_the_worker(world, login):
    body = login(world.users.instructor).get("/").content.decode()
    assert 'rel="manifest"' in body and 'data-service-worker="/sw.js"' in body
    assert static("js/pwa.js") in body


def test_the_check_in_page_has_no_inline_script_and_explains_https(world, login):
    body = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert re.search(r"<script(?![^>]*\bsrc=)", body) is None
    assert "HTTPS" in body and static("js/checkin.js") in body


def test_the_check_in_offers_organizations_with_their_place(world, login):
    import decimal

    world.org_a.latitude = decimal.Decimal("39.022000")
    world.org_a.longitude = decimal.Decimal("111.086000")
    world.org_a.save()
    body = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert 'data-lat="39.022000"' in body and 'data-lon="111.086000"' in body
