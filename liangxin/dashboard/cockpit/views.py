"""The cockpit page: home for county admins, committee staff, auditors and administrators."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from liangxin.core import figures
from liangxin.core.figures import scope_from_request
from liangxin.core.views import render_kept
from liangxin.dashboard.cockpit import data, snapshot
from liangxin.dashboard.cockpit.levels import resolve

COCKPIT_ROLES = ("county_admin", "committee_staff", "auditor")


def can_view_cockpit(user) -> bool:
    return user.has_role(*COCKPIT_ROLES)


@login_required
def cockpit(request):
    user = request.user
    if not can_view_cockpit(user):
        raise Http404("记录不存在或您无权查看。")
    if request.GET.get("screen") == "1":  # the office screen refreshes itself: not kept
        with figures.evaluation():
            ctx = _context(request, resolve(scope_from_request(request)))
        return render(request, "dashboard/cockpit_screen.html", ctx)

    def context():
        with figures.evaluation():
            return _context(request, resolve(scope_from_request(request)))

    # at a county kept whole until it records a write; above it read from its summary
    return render_kept(
        request,
        "cockpit",
        "dashboard/_cockpit.html",
        context,
        scripts=SCRIPTS,
        crumbs=True,
        keep=request.GET.get("fresh") != "1",  # 立即刷新 computes afresh
    )


SCRIPTS = (
    "vendor/echarts/echarts.min.js",
    "vendor/gcoord/gcoord.global.prod.js",
    "js/cockpit.js",
)


def _context(request, level) -> dict:
    scope = level.scope
    screen = request.GET.get("screen") == "1"
    body = snapshot.get(level, fresh=request.GET.get("fresh") == "1")
    ranking = body["ranking"]
    for row in ranking["rows"]:
        if "params" in row:
            row["url"] = data.drill_url(
                {**row["params"], **({"screen": 1} if screen else {})}, scope
            )
    chart_data = {  # with the kept charts (#cockpit-charts): what depends on this view
        "ranking": ranking,
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
    return {
        "title": f"党建驾驶舱 · {level.title}",
        "level": level,
        "crumbs": crumbs,
        "cards_html": mark_safe(body["cards_html"]),  # rendered by our own template
        "charts_script": mark_safe(body["charts_script"]),  # built by json_script
        "ranking": ranking,
        "chart_data": chart_data,
        "month": scope.month_value,
        "previous": scope.shift(-1).month_value,
        "next": scope.shift(1).month_value,
        "is_current": (scope.year, scope.month) >= (today.year, today.month),
        "here": {"region": scope.region or "", "committee": scope.committee_id},
        "generated_at": body["generated_at"],
        "cached": body["cached"],
        "snapshot_minutes": settings.COCKPIT_SNAPSHOT_SECONDS // 60,
        "fresh_url": data.drill_url(
            {
                **level.crumbs[-1].params,
                "fresh": 1,
                **({"screen": 1} if screen else {}),
            },
            scope,
        )
        if snapshot.applies(level)
        else "",
    }
