"""The one scoping mechanism: `Model.objects.visible_to(user)`.

Each model's queryset subclasses ScopedQuerySet and says, per role, which rows a user may see.
County admins and auditors see their region and everything below it; superusers see all.
A record outside the scope answers 404 (`get_for_user`).
"""

from django.db import models
from django.http import Http404

from liangxin.core.models import Role


class ScopedQuerySet(models.QuerySet):
    #: the path from this model to its region code (fact tables keep `region` directly)
    region_field = "region"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.role in (Role.COUNTY_ADMIN, Role.AUDITOR):
            if not user.region_id:
                return self.none()
            return self.filter(
                **{f"{self.region_field}__code__startswith": user.region_prefix}
            )
        method = getattr(self, f"for_{user.role}", None)
        return method(user) if method is not None else self.none()


def get_for_user(queryset: ScopedQuerySet, user, **lookup):
    """The record if the user may see it, else 404 (never a hint that it exists)."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在或您无权查看。") from None
