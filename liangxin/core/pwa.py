"""The installable phone app: web manifest, service worker and offline page.

The service worker is served from the site root (its scope is what it may control) and
rendered from a template so that the assets it keeps carry their hashed static names; its
version changes whenever one of them does, which makes the browser install the new one.
Installing and the service worker need a secure context (HTTPS, or localhost): DESIGN.md §7.
"""

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

#: what every page and the check-in need, kept by the service worker
ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/idb/umd.js",
    "css/liangxin.css",
    "js/offline-queue.js",
    "js/photo.js",
    "js/geolocation.js",
    "js/checkin.js",
    "js/pwa.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
#: pages usable without signal: home, check-in, the visit list, the instructor's organizations
PAGES = ("home", "fieldwork:checkin", "fieldwork:visit_list", "orgs:organization_list")


@require_GET
@cache_control(no_cache=True)  # browsers check for a new worker at every visit
def service_worker(request):
    assets = [static(path) for path in ASSETS]
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    response = render(
        request,
        "pwa/sw.js",
        {
            "version": version,
            "assets": json.dumps(assets),
            "pages": json.dumps([reverse(name) for name in PAGES]),
            "offline_url": reverse("offline"),
            "logout_url": reverse("logout"),
            "static_prefix": settings.STATIC_URL,
            "idb_url": json.dumps(static("vendor/idb/umd.js")),
            "queue_url": json.dumps(static("js/offline-queue.js")),
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    return JsonResponse(
        {
            "name": settings.SITE_TITLE,
            "short_name": "两新指导员",
            "lang": "zh-CN",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#dc3545",
            "icons": [
                {
                    "src": static(f"icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
            "shortcuts": [
                {"name": "到岗签到", "url": reverse("fieldwork:checkin")},
                {"name": "到岗记录", "url": reverse("fieldwork:visit_list")},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def offline(request):
    """Shown by the service worker for a page it does not keep, without signal."""
    return render(request, "pwa/offline.html", {"title": "网络不可用"})
