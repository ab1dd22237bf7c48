from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.fieldwork.models import MonthClose, Visit


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["date", "instructor", "organization", "status", "recorded_via"]
    list_filter = ["status", "recorded_via"]
    raw_id_fields = ["instructor", "organization", "assignment"]


@admin.register(MonthClose)
class MonthCloseAdmin(ReadOnlyAdmin):
    list_display = ["region", "year", "month", "closed_at", "closed_by"]
