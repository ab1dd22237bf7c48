from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor


@admin.register(DispatchingUnit)
class DispatchingUnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "region"]
    search_fields = ["name"]


@admin.register(Instructor)
class InstructorAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "committee", "source", "status"]
    list_filter = ["source", "status"]
    search_fields = ["name"]
    raw_id_fields = ["user"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["instructor", "organization", "started_on", "ended_on"]
    raw_id_fields = ["instructor", "organization"]
