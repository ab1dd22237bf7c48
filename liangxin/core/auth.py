"""Roles grant model permissions; rows are scoped separately by `visible_to`.

Each app grants its own models' permissions in its `permissions.py` (autodiscovered by
`core.apps`), so a new record type touches only its own app.
"""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery

from liangxin.core.models import Notification, Role, User

ROLE_PERMISSIONS: dict[str, set[str]] = {role: set() for role in Role.values}

ROLE_PERMISSIONS[Role.COUNTY_ADMIN] |= {
    "core.view_auditlog",
    "core.change_policy",
    "core.view_policy",
    # login lockouts of the region's accounts: see them and unlock (audited)
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
}
ROLE_PERMISSIONS[Role.AUDITOR] |= {"core.view_auditlog", "core.view_policy"}


class RoleBackend(ModelBackend):
    """Username/password login, with permissions from the user's role."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        return set(ROLE_PERMISSIONS.get(user_obj.role, set()))

    def get_user(self, user_id):
        """The signed-in user of a request, with the number of their unread notifications
        (`unread_count`, the navbar's bell on every page) read in the same query."""
        unread = (
            Notification.objects.filter(recipient=OuterRef("pk"))
            .unread()
            .order_by()
            .values("recipient")
            .annotate(n=Count("*"))
            .values("n")
        )
        try:
            user = User._default_manager.annotate(unread_count=Subquery(unread)).get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        user.unread_count = user.unread_count or 0
        return user if self.user_can_authenticate(user) else None
