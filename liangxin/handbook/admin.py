from django.contrib import admin

from liangxin.core.admin import ReadOnlyAdmin
from liangxin.handbook.models import HandbookEntry, Problem, WorkPlan


@admin.register(HandbookEntry)
class HandbookEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "section", "title", "instructor", "organization"]
    list_filter = ["section"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["raised_on", "organization", "category", "status", "instructor"]
    list_filter = ["status", "category"]


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyAdmin):
    list_display = ["year", "organization", "instructor"]
