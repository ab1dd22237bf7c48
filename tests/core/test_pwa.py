"""The installable phone app: manifest, service worker (served from the root, listing the
hashed assets and the pages kept offline) and the offline page."""

import json

from django.templatetags.static import static


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_the_service_worker_keeps_the_check_in_and_the_assets(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"/fieldwork/visits/checkin/"' in body and '"/fieldwork/visits/"' in body
    assert static("js/offline-queue.js") in body and static("vendor/idb/umd.js") in body


def test_the_offline_page_offers_the_check_in(world, login):
    body = login(world.users.instructor).get("/offline/").content.decode()
    assert "网络不可用" in body and "/fieldwork/visits/checkin/" in body


def test_pages_link_the_manifest_and_register_the_worker(world, login):
    body = login(world.users.instructor).get("/").content.decode()
    assert 'rel="manifest"' in body and 'data-service-worker="/sw.js"' in body
    assert static("js/pwa.js") in body


def test_the_check_in_page_has_no_inline_script_and_explains_https(world, login):
    body = (
        login(world.users.instructor).get("/fieldwork/visits/checkin/").content.decode()
    )
    assert "<script>" not in body
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
