from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from liangxin.core.models import (
    AuditLog,
    Notification,
    Policy,
    Region,
    User,
    WorkCalendarDay,
)
from liangxin.core.services import create_record, update_record


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "region", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "角色与范围",
            {
                "fields": [
                    "role",
                    "display_name",
                    "phone",
                    "region",
                    "committee",
                    "organization",
                    "unit",
                ]
            },
        ),
    )
    raw_id_fields = ["organization"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain records are written through the pages and services (validated and audited)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = [
        "region",
        "year",
        "min_days_per_month",
        "late_entry_days",
        "geofence_meters",
    ]

    def save_model(self, request, obj, form, change):
        if change:
            update_record(user=request.user, instance=obj)
        else:
            create_record(user=request.user, instance=obj)


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "username", "action", "content_type", "object_repr"]
    list_filter = ["action"]
    search_fields = ["username", "object_repr", "note"]


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(admin.ModelAdmin):
    """The next year's holidays and 补班 days are entered here from the State Council notice."""

    list_display = ["date", "is_workday", "name", "source"]
    list_filter = ["is_workday", "source"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from liangxin.core.models.calendar import CalendarSource

        obj.source = (
            CalendarSource.MANUAL
        )  # a hand edit is never overwritten by a later seed
        if change:
            update_record(user=request.user, instance=obj)
        else:
            create_record(user=request.user, instance=obj)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    search_fields = ["title", "recipient__username"]


# --- login lockouts: the county admin unlocks an account, audited ---------------------------
from axes.admin import AccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed logins by username and address; “解除锁定” lifts a lockout and is audited."""

    actions = ["unlock_selected"]

    def get_queryset(self, request):
        from liangxin.core.lockout import attempts_visible_to

        return attempts_visible_to(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting is unlocking: only through the audited action

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("axes.delete_accessattempt"):
            actions.pop("unlock_selected", None)
        return actions

    @admin.action(description="解除锁定（记入审计日志）")
    def unlock_selected(self, request, queryset):
        from liangxin.core.lockout import unlock

        count = unlock(user=request.user, attempts=queryset)
        self.message_user(request, f"已解除 {count} 条登录锁定。")
