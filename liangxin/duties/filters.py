import django_filters
from django.forms import HiddenInput

from liangxin.core.filters import YearFilter
from liangxin.duties.models import (
    DutyReport,
    DutyReportStatus,
    EvaluationRound,
    LeaveRequest,
    LeaveStatus,
    MatterRequest,
    Notice,
    NoticeKind,
    NoticeStatus,
    RegularReport,
    ReportStatus,
    RequestStatus,
    TrainingEvent,
    TrainingKind,
    Urgency,
)


def _search(queryset, name, value):
    return queryset.search(value)


class MatterRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员或组织"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=RequestStatus.choices)
    urgency = django_filters.ChoiceFilter(label="紧急程度", choices=Urgency.choices)
    overdue = django_filters.ChoiceFilter(
        label="逾期", method="by_overdue", choices=[("1", "逾期未批复")]
    )
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )

    class Meta:
        model = MatterRequest
        fields = ["q", "status", "urgency", "overdue"]

    def by_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "1" else queryset


class RegularReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=ReportStatus.choices)
    year = YearFilter(label="年度", field_name="period_start", lookup_expr="year")
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )

    class Meta:
        model = RegularReport
        fields = ["status", "year"]


class DutyReportFilter(django_filters.FilterSet):
    year = YearFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=DutyReportStatus.choices)

    class Meta:
        model = DutyReport
        fields = ["year", "status"]


class RoundFilter(django_filters.FilterSet):
    year = YearFilter(label="年度")

    class Meta:
        model = EvaluationRound
        fields = ["year"]


class TrainingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="培训形式", choices=TrainingKind.choices)
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")

    class Meta:
        model = TrainingEvent
        fields = ["kind", "year"]


class LeaveFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=LeaveStatus.choices)
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )

    class Meta:
        model = LeaveRequest
        fields = ["status"]


class NoticeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="通报类别", choices=NoticeKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=NoticeStatus.choices)

    class Meta:
        model = Notice
        fields = ["kind", "status"]
