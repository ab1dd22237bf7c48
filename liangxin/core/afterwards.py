"""Work a request causes but its user need not wait for: run once the response has been sent.

`later(fn)` inside a request keeps `fn` until the server has sent the response (Django calls a
response's closers when the WSGI server closes it, before `request_finished`, with the database
connection still open); outside a request (a command, a worker, a shell) it runs `fn` now. The
worker process is busy meanwhile, the person is not. Each task catches and logs its own
errors: one that fails cannot undo the request, which has already answered.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

log = logging.getLogger(__name__)

_tasks: ContextVar[list | None] = ContextVar("after_response", default=None)


def later(fn: Callable[[], object]) -> None:
    tasks = _tasks.get()
    if tasks is None:
        fn()
    else:
        tasks.append(fn)


def _guarded(fn):
    def run():
        try:
            fn()
        except Exception:
            log.exception("a task run after the response failed")

    return run


class AfterResponseMiddleware:
    """Collects the request's `later` tasks and hands them to the response's closers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _tasks.set([])
        try:
            response = self.get_response(request)
            tasks = _tasks.get()
        finally:
            _tasks.reset(token)
        for fn in tasks:
            # Django's own hook for "after the response" (FileResponse closes files this way)
            response._resource_closers.append(_guarded(fn))
        return response
