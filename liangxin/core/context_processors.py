from django.conf import settings

from liangxin.core.navigation import menu_for


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_TITLE": settings.SITE_TITLE,
        "OWNER_DEPARTMENT": settings.OWNER_DEPARTMENT,
        "nav_groups": menu_for(user) if user is not None and user.is_authenticated else [],
    }
