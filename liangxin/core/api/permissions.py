from rest_framework.permissions import SAFE_METHODS, BasePermission


class RolePermission(BasePermission):
    """Reads need the model's view permission; writes its add/change/delete permission.

    Rows are scoped by each viewset's `get_queryset()` (visible_to), so a record outside the
    user's scope is a 404 before this object-level question is asked.
    """

    actions = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        action = (
            "view"
            if request.method in SAFE_METHODS
            else self.actions.get(request.method)
        )
        if action is None:
            return False
        return user.has_perm(
            f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        )
