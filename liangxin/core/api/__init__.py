"""The API's shared parts: the scoped viewset bases and the registry the router reads.

Each app registers its viewsets and extra paths at the end of its own `api.py`
(autodiscovered by `core.apps`), so a new record type touches only its own app;
`liangxin.api.urls` is the router and nothing else.
"""

from dataclasses import dataclass

from liangxin.core.api.base import (
    SafeModelSerializer,
    SafeSerializer,
    ScopedCreateViewSet,
    ScopedViewSet,
    ServiceModelViewSet,
    form_errors,
)

__all__ = [
    "SafeModelSerializer",
    "SafeSerializer",
    "ScopedCreateViewSet",
    "ScopedViewSet",
    "ServiceModelViewSet",
    "form_errors",
    "register",
    "register_path",
    "routes",
    "paths",
]


@dataclass(frozen=True)
class Route:
    prefix: str
    viewset: type
    basename: str


@dataclass(frozen=True)
class ExtraPath:
    route: str
    view: object
    name: str


_ROUTES: dict[str, Route] = {}
_PATHS: dict[str, ExtraPath] = {}


def register(prefix: str, viewset: type, *, basename: str) -> None:
    """Serve `viewset` under /api/<prefix>/ (re-registering the same prefix replaces it)."""
    _ROUTES[prefix] = Route(prefix, viewset, basename)


def register_path(route: str, view, *, name: str) -> None:
    """Serve a function view at /api/<route> (e.g. a figure endpoint)."""
    _PATHS[route] = ExtraPath(route, view, name)


def routes() -> list[Route]:
    return list(_ROUTES.values())


def paths() -> list[ExtraPath]:
    return list(_PATHS.values())
