from django.conf import settings

from liangxin.core.models import Notification
from liangxin.core.navigation import menu_for


def site(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "OWNER_DEPARTMENT": settings.OWNER_DEPARTMENT,
        "nav_groups": menu_for(user) if signed_in else [],
        # one COUNT query, and only on pages that show the navbar
        "unread_notifications": (
            (lambda: Notification.objects.visible_to(user).unread().count())
            if signed_in
            else 0
        ),
    }
