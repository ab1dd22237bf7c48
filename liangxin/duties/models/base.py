"""Draft hiding shared by the duties models (the workflow guard is liangxin.core.workflow)."""

from liangxin.core.models import Role


class DraftHidingMixin:
    """Drafts are the instructor's own until submitted: nobody else sees them."""

    def visible_to(self, user):
        qs = super().visible_to(user)
        if user.is_authenticated and user.role != Role.INSTRUCTOR:
            qs = qs.exclude(status="draft")
        return qs
