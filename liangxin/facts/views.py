"""The list behind the cockpit's 三会一课落实率: the ended periods, met or not."""

import django_filters
from django.db.models import F
from django.forms import HiddenInput

from liangxin.core.figures import scope_from_request
from liangxin.core.tables import Column
from liangxin.core.views import ScopedListView
from liangxin.facts.figures import THREE_MEETINGS_ONE_LECTURE, ended_periods
from liangxin.facts.models import PartyOrgPeriod


class PeriodFilter(django_filters.FilterSet):
    met = django_filters.ChoiceFilter(
        label="落实情况",
        choices=[("1", "已落实"), ("0", "未落实")],
        method="by_met",
        empty_label="全部",
    )
    kind = django_filters.ChoiceFilter(
        label="会议类型",
        choices=[(k.value, k.label) for k in THREE_MEETINGS_ONE_LECTURE],
        empty_label="全部",
    )
    region = django_filters.CharFilter(method="keep", widget=HiddenInput)
    committee = django_filters.CharFilter(method="keep", widget=HiddenInput)

    class Meta:
        model = PartyOrgPeriod
        fields = ["met", "kind"]

    def by_met(self, queryset, name, value):
        if value == "1":
            return queryset.filter(held__gte=F("due"))
        if value == "0":
            return queryset.filter(held__lt=F("due"))
        return queryset

    def keep(self, queryset, name, value):
        return queryset  # applied in the view, with the user's scope


class PeriodList(ScopedListView):
    model = PartyOrgPeriod
    filterset_class = PeriodFilter
    title = "三会一课落实情况（本年已结束的周期）"
    related = ("party_organization",)
    columns = [
        Column("party_organization.name", "党组织"),
        Column("kind", "会议类型"),
        Column("period_start", "周期开始"),
        Column("period_end", "周期结束"),
        Column("due", "应开次数"),
        Column("held", "已开次数"),
    ]

    def get_permission_required(self):
        return ["partylife.view_meeting"]

    def get_queryset(self):
        scope = scope_from_request(
            self.request
        )  # the cockpit's region / committee, checked
        return (
            ended_periods(
                self.request.user, region=scope.region, committee_id=scope.committee_id
            )
            .select_related(*self.related)
            .order_by("period_end", "party_organization__name", "pk")
        )
