"""The rules are edited here (county and province administrators): changing a row changes
compliance and deadlines without a code change. Records are read-only (written by services)."""

from django.contrib import admin

from liangxin.core.admin import AuditedAdmin, ReadOnlyAdmin
from liangxin.partylife.models import (
    Candidate,
    Election,
    Meeting,
    MeetingRule,
    PipelineStep,
    ProcedureRun,
    ProcedureStep,
    ProcedureTemplate,
    RuleSet,
    ServiceActivity,
)


class MeetingRuleInline(admin.TabularInline):
    model = MeetingRule
    extra = 0


class PipelineStepInline(admin.TabularInline):
    model = PipelineStep
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(AuditedAdmin):
    list_display = [
        "name",
        "region",
        "version",
        "effective_from",
        "request_lead_months",
    ]
    inlines = [MeetingRuleInline, PipelineStepInline]


@admin.register(MeetingRule)
class MeetingRuleAdmin(AuditedAdmin):
    list_display = [
        "ruleset",
        "kind",
        "cadence",
        "required_count",
        "quorum_more_than_percent",
    ]
    list_editable = ["cadence", "required_count", "quorum_more_than_percent"]
    list_filter = ["ruleset"]


@admin.register(PipelineStep)
class PipelineStepAdmin(AuditedAdmin):
    list_display = [
        "ruleset",
        "number",
        "name",
        "after_step",
        "min_months",
        "max_months",
        "publicity_workdays",
        "publicity_after",
    ]
    list_editable = [
        "after_step",
        "min_months",
        "max_months",
        "publicity_workdays",
        "publicity_after",
    ]
    list_filter = ["ruleset", "stage"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = [
        "date",
        "kind",
        "party_organization",
        "present_count",
        "expected_count",
    ]
    list_filter = ["kind"]


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["party_organization", "held_on"]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ["name", "party_organization", "current_step", "status"]


@admin.register(ServiceActivity)
class ServiceActivityAdmin(ReadOnlyAdmin):
    list_display = ["date", "title", "organization"]


class ProcedureStepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0


@admin.register(ProcedureTemplate)
class ProcedureTemplateAdmin(AuditedAdmin):
    """工作指南: a county adds its own version (higher number, later date) to change the steps."""

    list_display = ["name", "kind", "region", "version", "effective_from"]
    list_filter = ["kind"]
    inlines = [ProcedureStepInline]


@admin.register(ProcedureRun)
class ProcedureRunAdmin(ReadOnlyAdmin):
    list_display = ["party_organization", "kind", "current_step", "status"]
    list_filter = ["kind", "status"]
