from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Read-only: jobs are made by users' exports; the admin shows what ran and why it failed."""

    list_display = ("title", "user", "status", "progress", "attempts", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "user__username")
