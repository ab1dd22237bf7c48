import django_filters
from django.forms import HiddenInput

from liangxin.core.filters import YearFilter
from liangxin.partylife.models import (
    Candidate,
    CandidateStatus,
    Election,
    Meeting,
    MeetingKind,
    ProcedureKind,
    ProcedureRun,
    RunStatus,
    ServiceActivity,
)


def _search_party_org(queryset, name, value):
    value = (value or "").strip()
    return (
        queryset.filter(party_organization__name__contains=value) if value else queryset
    )


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search_party_org, help_text="党组织名称"
    )
    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices)
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")
    party_organization = django_filters.NumberFilter(
        field_name="party_organization_id", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序", fields=[("date", "date")], field_labels={"date": "日期"}
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "year", "party_organization"]


class ElectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search_party_org, help_text="党组织名称"
    )
    party_organization = django_filters.NumberFilter(
        field_name="party_organization_id", widget=HiddenInput
    )

    class Meta:
        model = Election
        fields = ["q", "party_organization"]


class CandidateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", field_name="name", lookup_expr="contains", help_text="姓名"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=CandidateStatus.choices)
    party_organization = django_filters.NumberFilter(
        field_name="party_organization_id", widget=HiddenInput
    )

    class Meta:
        model = Candidate
        fields = ["q", "status", "party_organization"]


class ServiceActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", field_name="title", lookup_expr="contains", help_text="活动名称"
    )
    theme = django_filters.NumberFilter(
        label="主题", field_name="themes", widget=HiddenInput
    )
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )

    class Meta:
        model = ServiceActivity
        fields = ["q", "year", "organization"]


class ProcedureRunFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search_party_org, help_text="党组织名称"
    )
    kind = django_filters.ChoiceFilter(label="程序", choices=ProcedureKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=RunStatus.choices)

    class Meta:
        model = ProcedureRun
        fields = ["q", "kind", "status"]
