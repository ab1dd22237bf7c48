import django_filters
from django.forms import HiddenInput

from liangxin.core.filters import RegionFilter, YearFilter
from liangxin.inspections.models import Inspection, Kind, Rectification


def _search(queryset, name, value):
    return queryset.search(value)


class InspectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员或组织"
    )
    kind = django_filters.ChoiceFilter(label="方式", choices=Kind.choices)
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")

    class Meta:
        model = Inspection
        fields = ["q", "kind", "year"]


class RectificationFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(
        label="逾期未整改", method="only_overdue", widget=HiddenInput
    )
    open = django_filters.BooleanFilter(
        label="未完成", field_name="closed_on", lookup_expr="isnull", widget=HiddenInput
    )
    region = RegionFilter()
    committee = django_filters.NumberFilter(
        field_name="inspection__instructor__committee_id", widget=HiddenInput
    )

    class Meta:
        model = Rectification
        fields = ["overdue"]

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
