"""Conditions on one app's rows that another app's tables decide.

`orgs` lists organizations "with an instructor" or "worked on in a month" but knows neither
roster nor fieldwork (DESIGN.md §1: an app imports only from the layers below it). The app
holding the deciding table registers the condition here from its `conditions.py`
(autodiscovered by `core.apps`); the queryset asks for it by name and gets an expression
to filter or annotate with, so the page stays one query.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_CONDITIONS: dict[tuple[str, str], Callable] = {}


def register(model_label: str, name: str):
    """Decorator: `build(*args) -> Expression` (e.g. an `Exists` over `OuterRef("pk")`)."""

    def wrap(build):
        _CONDITIONS[(model_label, name)] = build
        return build

    return wrap


def condition(model_label: str, name: str, *args, **kwargs):
    try:
        build = _CONDITIONS[(model_label, name)]
    except KeyError:
        raise ImproperlyConfigured(
            f"No condition {name!r} registered for {model_label}."
        ) from None
    return build(*args, **kwargs)
