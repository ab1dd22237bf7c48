import django_filters

from liangxin.core.models import AuditAction, AuditLog


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
