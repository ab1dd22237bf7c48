from django.conf import settings

from liangxin.core.models import Notification
from liangxin.core.navigation import breadcrumbs, menu_for, sidebar_html


def site(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    groups = menu_for(user) if signed_in else []
    trail = breadcrumbs(request.path, groups) if signed_in else []
    section = trail[0].label if trail else ""
    current = trail[-1].url if trail else ""
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "OWNER_DEPARTMENT": settings.OWNER_DEPARTMENT,
        "nav_groups": groups,
        "nav_trail": trail,
        "nav_section": section,
        "nav_current": current,
        # rendered only by pages that show the sidebar
        "nav_html": lambda: sidebar_html(groups, section, current),
        # read with the user (RoleBackend.get_user); one COUNT query otherwise
        "unread_notifications": ((lambda: unread_count(user)) if signed_in else 0),
    }


def unread_count(user) -> int:
    counted = getattr(user, "unread_count", None)
    if counted is not None:
        return counted
    return Notification.objects.visible_to(user).unread().count()
