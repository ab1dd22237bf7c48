import django_filters
from django.forms import HiddenInput

from liangxin.core.filters import YearFilter
from liangxin.inspections.models import Inspection, Kind


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
