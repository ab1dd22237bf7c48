"""The cockpit page: home for county admins, committee staff, auditors and administrators."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from liangxin.core import figures
from liangxin.core.figures import scope_from_request
from liangxin.dashboard.cockpit import data
from liangxin.dashboard.cockpit.levels import resolve

COCKPIT_ROLES = ("county_admin", "committee_staff", "auditor")


def can_view_cockpit(user) -> bool:
    return user.has_role(*COCKPIT_ROLES)


@login_required
def cockpit(request):
    user = request.user
    if not can_view_cockpit(user):
        raise Http404("记录不存在或您无权查看。")
    with figures.evaluation():
        return _cockpit(request, resolve(scope_from_request(request)))


def _cockpit(request, level):
    scope = level.scope
    screen = request.GET.get("screen") == "1"
    ranking = data.rankings(level)
    for row in ranking["rows"]:
        if "params" in row:
            row["url"] = data.drill_url(
                {**row["params"], **({"screen": 1} if screen else {})}, scope
            )
    chart_data = {
        "trend": data.trend(level),
        "heatmap": data.heatmap(level),
        "ranking": ranking,
        "map": data.map_data(level),
        "level": level.kind,
        "screen": screen,
    }
    crumbs = [
        (
            c.label,
            data.drill_url({**c.params, **({"screen": 1} if screen else {})}, scope),
        )
        for c in level.crumbs
    ]
    today = timezone.localdate()
    cards, grades = data.cards(scope)
    return render(
        request,
        "dashboard/cockpit_screen.html" if screen else "dashboard/cockpit.html",
        {
            "title": f"党建驾驶舱 · {level.title}",
            "level": level,
            "crumbs": crumbs,
            "cards": cards,
            "grades": grades,
            "flag_duration": data.flag_duration(scope),
            "ranking": ranking,
            "chart_data": chart_data,
            "month": scope.month_value,
            "previous": scope.shift(-1).month_value,
            "next": scope.shift(1).month_value,
            "is_current": (scope.year, scope.month) >= (today.year, today.month),
            "here": {"region": scope.region or "", "committee": scope.committee_id},
            "generated_at": timezone.localtime(),
        },
    )
