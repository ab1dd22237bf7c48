import django_filters
from django.forms import HiddenInput
from django.utils import timezone

from liangxin.core.workcalendar import parse_month
from liangxin.fieldwork.models import RecordedVia, Visit, VisitStatus


def month_choices(count: int = 36) -> list[tuple[str, str]]:
    """The current month and the ones before it, newest first."""
    today = timezone.localdate()
    year, month = today.year, today.month
    choices = []
    for _ in range(count):
        choices.append((f"{year}-{month:02d}", f"{year}年{month}月"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return choices


class VisitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="指导员或组织"
    )
    month = django_filters.ChoiceFilter(label="月份", method="by_month", choices=[])
    status = django_filters.ChoiceFilter(label="确认状态", choices=VisitStatus.choices)
    recorded_via = django_filters.ChoiceFilter(
        label="记录方式", choices=RecordedVia.choices
    )
    needs_review = django_filters.ChoiceFilter(
        label="位置核查", method="by_review", choices=[("1", "需核查"), ("0", "正常")]
    )
    organization = django_filters.NumberFilter(
        field_name="organization_id", widget=HiddenInput
    )
    instructor = django_filters.NumberFilter(
        field_name="instructor_id", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[("date", "date"), ("recorded_at", "recorded_at")],
        field_labels={"date": "到岗日期", "recorded_at": "签到时间"},
    )

    class Meta:
        model = Visit
        fields = ["q", "month", "status", "recorded_via", "needs_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        month = self.filters["month"]
        month.extra["choices"] = month_choices()
        # a form field built earlier (the API schema reads the class's filters) is copied
        # with the filter: drop it, or the page shows the empty list it was built with
        month.__dict__.pop("_field", None)

    def search(self, queryset, name, value):
        return queryset.search(value)

    def by_month(self, queryset, name, value: str):
        return queryset.in_month(*parse_month(value))

    def by_review(self, queryset, name, value):
        return queryset.filter(needs_review=(value == "1"))
