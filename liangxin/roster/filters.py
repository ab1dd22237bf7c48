import django_filters
from django.forms import HiddenInput

from liangxin.orgs.filters import ScopedChoiceFilter
from liangxin.orgs.models import PartyCommittee
from liangxin.roster.models import (
    Assignment,
    DispatchingUnit,
    Instructor,
    InstructorSource,
    InstructorStatus,
)


class InstructorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="姓名、拼音或首字母"
    )
    committee = ScopedChoiceFilter(
        label="管理党委", queryset=PartyCommittee.objects.all()
    )
    unit = ScopedChoiceFilter(label="派出单位", queryset=DispatchingUnit.objects.all())
    source = django_filters.ChoiceFilter(label="来源", choices=InstructorSource.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=InstructorStatus.choices)
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[("name", "name"), ("appointed_on", "appointed_on")],
        field_labels={"name": "姓名", "appointed_on": "选派日期"},
    )

    class Meta:
        model = Instructor
        fields = ["q", "committee", "unit", "source", "status"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="指导员或组织"
    )
    committee = ScopedChoiceFilter(
        label="派驻党委", queryset=PartyCommittee.objects.all()
    )
    # by id (links and API); a select of every organization would not scale to a province
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    state = django_filters.ChoiceFilter(
        label="状态",
        method="by_state",
        choices=[("active", "在岗"), ("ended", "已结束")],
    )
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[("started_on", "started_on"), ("ended_on", "ended_on")],
        field_labels={"started_on": "开始日期", "ended_on": "结束日期"},
    )

    class Meta:
        model = Assignment
        fields = ["q", "committee", "state"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def by_state(self, queryset, name, value):
        return queryset.filter(ended_on__isnull=(value == "active"))


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", field_name="name", lookup_expr="icontains"
    )

    class Meta:
        model = DispatchingUnit
        fields = ["q"]
