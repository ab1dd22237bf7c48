"""The router: every viewset and path the apps registered in their `api.py` (core.api)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from liangxin.core import api
from liangxin.core.api.tokens import TokenView


class Router(DefaultRouter):
    """Record ids in API paths are positive integers that fit the database: anything else
    (`abc`, 20 digits) is a 404 before a view or the database sees it."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        field = getattr(viewset, "lookup_field", "pk")
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or field
        value = getattr(viewset, "lookup_value_regex", "[0-9]{1,18}")
        return f"(?P<{lookup_prefix}{kwarg}>{value})"


router = Router()
for route in api.routes():
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    *(path(extra.route, extra.view, name=extra.name) for extra in api.paths()),
    path("", include(router.urls)),
]
