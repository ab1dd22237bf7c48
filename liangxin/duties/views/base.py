"""Helpers shared by the duties pages."""

from django.contrib import messages
from django.shortcuts import redirect

from liangxin.core.forms import optional_int
from liangxin.core.services import ServiceError


def _done(request, obj, text):
    messages.success(request, text)
    return redirect(obj.get_absolute_url())


def _run(http, obj, action, text, /, **kwargs):
    """Call a service; a refusal becomes an error message on the record's page."""
    try:
        action(
            user=http.user,
            expected_version=optional_int(http.POST.get("version")),
            **kwargs,
        )
    except ServiceError as exc:
        messages.error(http, exc.message)
        return redirect(obj.get_absolute_url())
    return _done(http, obj, text)
