import contextvars
import logging
import time
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=""
)
request_logger = logging.getLogger("liangxin.request")


class RequestIdMiddleware:
    """Tags each request with an id that the audit log records (X-Request-ID if a proxy set one)
    and writes one log line per request (JSON in production, see LOG_JSON)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.headers.get("X-Request-ID", "")[:32] or uuid.uuid4().hex
        token = request_id_var.set(rid)
        started = time.monotonic()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
        finally:
            request_id_var.reset(token)
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk
                    if user is not None and user.is_authenticated
                    else None,
                },
            )
        response["X-Request-ID"] = rid
        return response


class BadInputMiddleware:
    """Numbers too large for the database (OverflowError on SQLite, DataError on PostgreSQL)
    are bad input: a 400 page in Chinese, never a 500. The API answers these in JSON
    (liangxin.core.api.errors); forms and filters refuse them before they reach the database."""

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


class DeniedAuditMiddleware:
    """Writes a refused request to the audit log: a 403, or a 404 raised by a view (a record
    outside the user's scope answers 404). Unknown URLs never reach a view and are not logged.
    Also writes one entry for the full phone numbers a response revealed (audit.note_reveal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_revealed", None) and response.status_code < 400:
            from liangxin.core import audit

            audit.log_reveals(request)
        return response

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from liangxin.core import audit

        if isinstance(exception, PermissionDenied):
            audit.log_denied(request, 403, str(exception))
        elif isinstance(exception, Http404):
            audit.log_denied(request, 404, str(exception))
        return None


class PasswordExpiryMiddleware:
    """A signed-in user whose password is older than the county's maximum age must change it
    before anything else (pages redirect to the change form; the API answers 403)."""

    EXEMPT = ("/password/", "/logout/", "/login/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT)
        ):
            from liangxin.core.passwords import session_password_expired

            if session_password_expired(request):
                return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        from django.contrib import messages
        from django.http import JsonResponse
        from django.shortcuts import redirect

        text = "密码已超过规定的使用期限，请先修改密码。"
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": text}, status=403)
        messages.warning(request, text)
        return redirect("password_change")


SESSION_TOUCH_SECONDS = 60


class SessionTouchMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) without writing the session row on every request:
    a signed-in session is saved, which pushes its expiry back, at most once a minute. The
    session ends at most a minute earlier than with SESSION_SAVE_EVERY_REQUEST, and a page
    costs three queries fewer (savepoint, UPDATE, release)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            if time.time() - session.get(TOUCHED, 0) >= SESSION_TOUCH_SECONDS:
                touch_session(session)
        return response


TOUCHED = "_touched"


def touch_session(session) -> None:
    """Mark the session used now: it is saved at the end of the request, expiry pushed back."""
    session[TOUCHED] = int(time.time())
