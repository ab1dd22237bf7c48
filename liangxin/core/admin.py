from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from liangxin.core import audit
from liangxin.core.models import (
    AuditAction,
    AuditLog,
    Notification,
    Policy,
    Region,
    User,
    UserSession,
    WorkCalendarDay,
    WorkCalendarYear,
)
from liangxin.core.services import lock_for_update


def _audited_save(user, obj, note: str) -> None:
    with transaction.atomic():
        before = None
        if obj.pk is not None and type(obj)._default_manager.filter(pk=obj.pk).exists():
            current = lock_for_update(obj)
            before = audit.snapshot(current)
            if hasattr(obj, "version"):
                obj.version = current.version + 1
        obj.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            obj=obj,
            before=before,
            after=audit.snapshot(obj),
            note=note,
        )


def _audited_delete(user, obj, note: str) -> None:
    with transaction.atomic():
        audit.log(
            user=user,
            action=AuditAction.DELETE,
            obj=obj,
            before=audit.snapshot(obj),
            note=note,
        )
        obj.delete()


class AuditedAdmin(admin.ModelAdmin):
    """The one admin for editable tables: every write from the admin — the change form,
    `list_editable` rows, inlines and deletions (one or in bulk) — is versioned and audited,
    in the transaction that makes it."""

    audit_note = "后台管理修改"

    def save_model(self, request, obj, form, change):
        _audited_save(request.user, obj, self.audit_note)

    def delete_model(self, request, obj):
        _audited_delete(request.user, obj, self.audit_note)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _audited_delete(request.user, obj, self.audit_note)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            _audited_delete(request.user, obj, self.audit_note)
        for obj in instances:
            _audited_save(request.user, obj, self.audit_note)
        formset.save_m2m()


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
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
class RegionAdmin(AuditedAdmin):
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
class PolicyAdmin(AuditedAdmin):
    list_display = [
        "region",
        "year",
        "min_days_per_month",
        "late_entry_days",
        "geofence_meters",
    ]


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "username", "action", "content_type", "object_repr"]
    list_filter = ["action"]
    search_fields = ["username", "object_repr", "note"]


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(AuditedAdmin):
    """The next year's holidays and 补班 days are entered here from the State Council notice."""

    list_display = ["date", "is_workday", "name", "source"]
    list_filter = ["is_workday", "source"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from liangxin.core.models.calendar import CalendarSource

        obj.source = CalendarSource.MANUAL  # a hand edit is never overwritten by a seed
        super().save_model(request, obj, form, change)


@admin.register(WorkCalendarYear)
class WorkCalendarYearAdmin(AuditedAdmin):
    """A year confirmed complete through the audited service; never edited or deleted."""

    list_display = ["year", "notice", "confirmed_by", "confirmed_at"]
    fields = ["year", "notice"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from liangxin.core.services import confirm_calendar_year

        saved = confirm_calendar_year(
            user=request.user, year=obj.year, notice=obj.notice
        )
        obj.pk = saved.pk


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


@admin.register(UserSession)
class UserSessionAdmin(AuditedAdmin):
    """Who is signed in with an admin account, from where; deleting a row signs it out
    (audited, like every other admin write)."""

    list_display = ["user", "started_at", "ip", "user_agent"]
    search_fields = ["user__username", "ip"]
    readonly_fields = ["user", "session_key", "ip", "user_agent", "started_at"]
    audit_note = "后台强制下线"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        from liangxin.core.sessions import end_session_key

        with transaction.atomic():
            audit.log(
                user=request.user,
                action=AuditAction.DELETE,
                obj=obj,
                before=audit.snapshot(obj),
                note=self.audit_note,
            )
            end_session_key(obj.session_key)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
