from django.contrib import admin

from liangxin.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by users' exports; the admin shows what ran and why it failed."""

    list_display = ("title", "user", "status", "progress", "attempts", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "user__username")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
