"""The installable phone app: web manifest and service worker.

The service worker is served from the site root (its scope is what it may control) and
rendered from a template so that the assets it keeps carry their hashed static names; its
version changes whenever one of them (or the offline page it carries) does, which makes the
browser install the new one. Installing and the service worker need a secure context
(HTTPS, or localhost): DESIGN.md §7.

Both answers are the same for everyone, so they are given by ``PwaMiddleware`` before the
session middleware: the browser fetches the worker in the background, beside the pages, and
that request must neither read nor save the session (nor be sent to the second-factor or
password pages, which a worker script cannot follow). The offline page is built into the
worker, so it needs no request either.
"""

import hashlib
import json

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
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
    "vendor/htmx/htmx.min.js",
    "vendor/idb/umd.js",
    "vendor/tom-select/css/tom-select.bootstrap5.min.css",
    "vendor/tom-select/js/tom-select.complete.min.js",
    "css/liangxin.css",
    "js/behaviours.js",
    "js/select-search.js",
    "js/offline-queue.js",
    "js/photo.js",
    "js/geolocation.js",
    "js/checkin.js",
    "js/pwa.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
#: pages usable without signal once visited: home, check-in, visits, my organizations
PAGES = ("home", "fieldwork:checkin", "fieldwork:visit_list", "orgs:organization_list")


@require_GET
@cache_control(no_cache=True)  # browsers check for a new worker at every visit
def service_worker(request):
    assets = [static(path) for path in ASSETS]
    offline_html = render_to_string(
        "pwa/offline.html", {"SITE_TITLE": settings.SITE_TITLE}
    )
    # the offline page is made by the worker: it carries the site's policy itself
    offline_csp = build_policy()
    version = hashlib.sha256(
        "\n".join([*assets, offline_html, offline_csp]).encode()
    ).hexdigest()[:12]
    body = render_to_string(
        "pwa/sw.js",
        {
            "version": version,
            "assets": json.dumps(assets),
            "pages": json.dumps([reverse(name) for name in PAGES]),
            "offline_html": json.dumps(offline_html, ensure_ascii=False),
            "offline_csp": json.dumps(offline_csp),
            "logout_url": json.dumps(reverse("logout")),
            "login_url": json.dumps(reverse("login")),
            "static_prefix": json.dumps(settings.STATIC_URL),
            "idb_url": json.dumps(static("vendor/idb/umd.js")),
            "queue_url": json.dumps(static("js/offline-queue.js")),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
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


#: path (without the script prefix) → view; the URLconf names them for {% url %}
SESSIONLESS = {"/sw.js": service_worker, "/manifest.webmanifest": manifest}


class PwaMiddleware:
    """Answers the service worker and the manifest without a session (see above). Sits
    after WhiteNoise and before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = SESSIONLESS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
