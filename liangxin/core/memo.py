"""A memo for one read-only request: data several parts of a page need (a region's policy,
the work calendar, a month's compliance rows) is read once, not once per part.

`evaluation()` opens it (RequestMemoMiddleware does so for every GET; the cockpit job does so
per view); outside it `memoized` simply computes. Nothing survives the block, so nothing can
be stale across requests; a request that writes (POST) never has one.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


@contextmanager
def evaluation(*, fresh: bool = False):
    """Within this block a computation shared by several figures, charts or worklist
    collectors runs once (a nested block shares the outer one's memo, unless `fresh`: the
    facts computed for one user after another, whose shared reads are keyed by user)."""
    if _memo.get() is not None and not fresh:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def active() -> bool:
    return _memo.get() is not None


def remember(key: tuple, value) -> None:
    """Keep a value read alongside another (one query answering two keys), unless kept."""
    cache = _memo.get()
    if cache is not None:
        cache.setdefault(key, value)


def memoized(key: tuple, compute: Callable):
    cache = _memo.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class RequestMemoMiddleware:
    """Every GET and HEAD request runs inside `evaluation()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with evaluation():
            return self.get_response(request)
