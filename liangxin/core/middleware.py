import contextvars
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=""
)


class RequestIdMiddleware:
    """Tags each request with an id that the audit log records (X-Request-ID if a proxy set one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.headers.get("X-Request-ID", "")[:32] or uuid.uuid4().hex
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class BadInputMiddleware:
    """Numbers too large for the database (OverflowError on SQLite, DataError on PostgreSQL)
    are bad input: a 400 page in Chinese, never a 500. The API answers these in JSON
    (liangxin.api.errors); forms and filters refuse them before they reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.views.defaults import bad_request

        if isinstance(exception, OverflowError | DataError):
            return bad_request(request, exception)
        return None
