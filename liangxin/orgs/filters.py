import django_filters
from django.db.models import Q
from django.forms import HiddenInput
from django.utils import timezone

from liangxin.core.filters import RegionFilter
from liangxin.core.workcalendar import month_bounds, parse_month
from liangxin.orgs.models import (
    Organization,
    OrgKind,
    OrgStatus,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)

YES_NO = [("yes", "是"), ("no", "否")]


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of related records limited to what the requesting user may see."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if request is not None else qs.none()


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="名称、拼音、首字母或信用代码"
    )
    committee = ScopedChoiceFilter(
        label="管理党委", queryset=PartyCommittee.objects.all()
    )
    kind = django_filters.ChoiceFilter(label="类型", choices=OrgKind.choices)
    category = django_filters.ChoiceFilter(
        label="类别",
        method="by_category",
        choices=[
            ("above_scale", "规模以上工业企业"),
            ("key", "重点企业"),
            ("entity_social", "实体性社会组织"),
        ],
    )
    status = django_filters.ChoiceFilter(label="经营状态", choices=OrgStatus.choices)
    has_instructor = django_filters.ChoiceFilter(
        label="已派指导员", choices=YES_NO, method="by_instructor"
    )
    has_party_org = django_filters.ChoiceFilter(
        label="已建党组织", choices=YES_NO, method="by_party_org"
    )
    coverage = django_filters.ChoiceFilter(
        label="覆盖方式",
        method="by_coverage",
        choices=[
            ("own", "单独组建"),
            ("joint", "联合组建"),
            ("party", "已建党组织（单独或联合）"),
            ("none", "未建党组织"),
            ("work", "工作覆盖（当月）"),
        ],
    )
    alert = django_filters.ChoiceFilter(
        label="预警",
        method="by_alert",
        choices=[("ready_to_found", "应建未建（正式党员 ≥ 3 名）")],
    )
    region = RegionFilter()
    month = django_filters.CharFilter(
        label="月份", method="by_month", widget=HiddenInput
    )
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[
            ("name", "name"),
            ("employees", "employees"),
            ("formal_members", "formal_members"),
            ("registered_on", "registered_on"),
        ],
        field_labels={
            "name": "名称",
            "employees": "从业人员数",
            "formal_members": "正式党员数",
            "registered_on": "登记日期",
        },
    )

    class Meta:
        model = Organization
        fields = ["q", "committee", "kind", "category", "status"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def by_category(self, queryset, name, value):
        field = {
            "above_scale": "is_above_scale",
            "key": "is_key",
            "entity_social": "is_entity_social",
        }[value]
        return queryset.filter(**{field: True})

    def by_instructor(self, queryset, name, value):
        return queryset.with_instructor(value == "yes")

    def by_coverage(self, queryset, name, value):
        """`work` counts confirmed visits in `?month=YYYY-MM` (default: this month)."""
        try:
            year, month = parse_month(self.data.get("month") or "")
        except ValueError:
            today = timezone.localdate()
            year, month = today.year, today.month
        return queryset.by_coverage(value, *month_bounds(year, month))

    def by_alert(self, queryset, name, value):
        return queryset.ready_to_found()

    def by_month(self, queryset, name, value):
        return queryset  # read by `coverage=work`

    def by_party_org(self, queryset, name, value):
        return queryset.filter(party_organization__isnull=(value == "no"))


class PartyOrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="search")
    committee = ScopedChoiceFilter(
        label="上级党委", queryset=PartyCommittee.objects.all()
    )
    kind = django_filters.ChoiceFilter(label="类型", choices=PartyOrgKind.choices)
    o = django_filters.OrderingFilter(
        label="排序",
        fields=[
            ("name", "name"),
            ("formal_members", "formal_members"),
            ("term_started_on", "term_started_on"),
        ],
        field_labels={
            "name": "名称",
            "formal_members": "正式党员数",
            "term_started_on": "任期开始",
        },
    )

    class Meta:
        model = PartyOrganization
        fields = ["q", "committee", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(secretary__icontains=value))


class CommitteeFilter(django_filters.FilterSet):
    class Meta:
        model = PartyCommittee
        fields = ["kind"]
