import django_filters
from django.forms import HiddenInput

from liangxin.core.filters import RegionFilter, YearFilter
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ProblemCategory,
    ProblemStatus,
    Section,
    WorkPlan,
)


def _search(queryset, name, value):
    return queryset.search(value)


class HandbookEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员或组织"
    )
    section = django_filters.ChoiceFilter(label="栏目", choices=Section.choices)
    # by id (links from the organization page); a select of every organization would not
    # scale to a province
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序", fields=[("date", "date")], field_labels={"date": "日期"}
    )

    class Meta:
        model = HandbookEntry
        fields = ["q", "section", "organization", "year"]


class ProblemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员或组织"
    )
    status = django_filters.ChoiceFilter(
        label="办理状态", choices=ProblemStatus.choices
    )
    category = django_filters.ChoiceFilter(
        label="问题类别", choices=ProblemCategory.choices
    )
    overdue = django_filters.ChoiceFilter(
        label="逾期", method="by_overdue", choices=[("1", "已逾期")]
    )
    pending = django_filters.ChoiceFilter(
        label="未办结", method="by_pending", choices=[("1", "待办理或办理中")]
    )
    region = RegionFilter()
    committee = django_filters.NumberFilter(
        field_name="organization__committee_id", widget=HiddenInput
    )
    # by id (links from the organization page); a select of every organization would not
    # scale to a province
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[("raised_on", "raised_on")],
        field_labels={"raised_on": "反映日期"},
    )

    class Meta:
        model = Problem
        fields = ["q", "status", "category", "overdue", "organization"]

    def by_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "1" else queryset

    def by_pending(self, queryset, name, value):
        return queryset.pending() if value == "1" else queryset


class WorkPlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员或组织"
    )
    year = YearFilter(label="年度")
    # by id (links from the organization page); a select of every organization would not
    # scale to a province
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )

    class Meta:
        model = WorkPlan
        fields = ["q", "year", "organization"]
