"""One active session per admin account: a new login ends the previous one."""

from importlib import import_module

from django.conf import settings

from liangxin.core.models import Role, UserSession


def is_admin_account(user) -> bool:
    return bool(user.is_superuser or user.is_staff or user.role == Role.COUNTY_ADMIN)


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def start_session(request, user) -> int:
    """For an admin account, record this login's session and end every other one.
    Returns how many earlier sessions were ended."""
    if not is_admin_account(user):
        return 0
    session = request.session
    if session.session_key is None:
        session.save()
    store = _store()
    others = UserSession.objects.filter(user=user).exclude(
        session_key=session.session_key
    )
    ended = 0
    for key in others.values_list("session_key", flat=True):
        store(session_key=key).delete()
        ended += 1
    others.delete()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip": request.META.get("REMOTE_ADDR") or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )
    return ended


def end_session(request) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()


def end_session_key(key: str) -> None:
    """Sign a session out (from the admin): its data goes, and so does its row."""
    _store()(session_key=key).delete()
    UserSession.objects.filter(session_key=key).delete()
