import django_filters
from django.forms import HiddenInput

from liangxin.assessment.models import Grade, Result, Round, RoundStatus, Scheme
from liangxin.assessment.models.round import VISIBLE_TO_ASSESSED
from liangxin.core.filters import RegionFilter, YearFilter
from liangxin.core.pinyin import normalize_query


class SchemeFilter(django_filters.FilterSet):
    year = YearFilter(label="年度")

    class Meta:
        model = Scheme
        fields = ["year"]


class RoundFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RoundStatus.choices)

    class Meta:
        model = Round
        fields = ["status"]


def _search(queryset, name, value):
    q = normalize_query(value)
    return queryset.filter(instructor__search_text__contains=q) if q else queryset


class ResultFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method=_search, help_text="指导员姓名或拼音"
    )
    round = django_filters.NumberFilter(field_name="round_id", widget=HiddenInput)
    grade = django_filters.ChoiceFilter(label="等次", choices=Grade.choices)
    # the cockpit's 考核等次分布: published rounds of one year, in a region or committee
    published = django_filters.BooleanFilter(
        method="only_published", widget=HiddenInput
    )
    year = YearFilter(label="年度", field_name="round__period_end", lookup_expr="year")
    region = RegionFilter()
    committee = django_filters.NumberFilter(
        field_name="instructor__committee_id", widget=HiddenInput
    )
    unit = django_filters.NumberFilter(
        field_name="instructor__unit_id", widget=HiddenInput
    )
    # by id (links from the instructor's page)
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[("rank", "rank"), ("total", "total")],
        field_labels={"rank": "名次", "total": "总分"},
    )

    class Meta:
        model = Result
        fields = ["q", "round", "grade", "year"]

    def only_published(self, queryset, name, value):
        return (
            queryset.filter(round__status__in=VISIBLE_TO_ASSESSED)
            if value
            else queryset
        )
