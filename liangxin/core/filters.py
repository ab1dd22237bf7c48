import django_filters
from django import forms
from django.forms import HiddenInput

from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.models.region import region_prefix
from liangxin.core.validators import DATE_MAX, DATE_MIN


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", DATE_MIN.year)
        kwargs.setdefault("max_value", DATE_MAX.year)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "年度应为四位数字，如 2026。",
                "min_value": f"年度不能早于 {DATE_MIN.year} 年。",
                "max_value": f"年度不能晚于 {DATE_MAX.year} 年。",
            },
        )
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    """The `year` filter of every list: a whole year within the dates the system accepts
    (year=0, -1 or 10000 is a clear 400 in the API and a form error on the page)."""

    field_class = YearField


class AuditLogFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    action = django_filters.ChoiceFilter(label="操作", choices=AuditAction.choices)
    at_after = django_filters.DateFilter(
        label="起始日期", field_name="at", lookup_expr="date__gte"
    )
    at_before = django_filters.DateFilter(
        label="截止日期", field_name="at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditLog
        fields = ["q", "action"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(username__icontains=value)
            | Q(object_repr__icontains=value)
            | Q(note__icontains=value)
        )


class RegionFilter(django_filters.CharFilter):
    """`?region=140931`: the region and everything below it (code prefix), for drill-down from
    the cockpit. It only narrows what `visible_to` already allows; a malformed code matches
    nothing."""

    def __init__(self, *args, path: str | None = None, **kwargs):
        kwargs.setdefault("label", "区划")
        kwargs.setdefault("widget", HiddenInput)
        self.path = path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if not (len(value) == 6 and value.isdigit()):
            return qs.none()
        path = self.path or getattr(qs, "region_field", "region")
        return qs.filter(**{f"{path}__code__startswith": region_prefix(value)})
