"""The coverage pages: the overview per committee and category, and the trend by month."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.core import summaries
from liangxin.core.views import render_kept, year_param
from liangxin.coverage import services as coverage
from liangxin.orgs.models import Organization, OrgStatus, PartyCommittee


@login_required
@permission_required("orgs.view_organization", raise_exception=True)
def overview(request):
    """Coverage per committee and category: uncovered organizations first, rates and alerts
    (kept for the next viewers: core.views.render_kept)."""
    user = request.user
    try:
        committee_id = coverage.coverage_committee(user, request.GET.get("committee"))
    except PartyCommittee.DoesNotExist:
        raise Http404("记录不存在或您无权查看。") from None
    category = request.GET.get("category") or None

    def context():
        qs = coverage.coverage_queryset(
            user, committee_id=committee_id, category=category
        )
        by_committee = coverage.kept_by_committee(user, category=category)
        # the whole scope is the sum of its committees' rows: no second pass over it
        figures = (
            coverage.sum_figures([row["figures"] for row in by_committee])
            if committee_id is None
            else coverage.coverage_figures(qs)
        )
        return {
            "title": "覆盖情况",
            "committees": PartyCommittee.objects.visible_to(user),
            "committee_id": committee_id,
            "category": category,
            "categories": [
                (k, label) for k, (_, label) in coverage.CATEGORY_FIELDS.items()
            ],
            "figures": figures,
            "by_committee": by_committee,
            "page_obj": Paginator(coverage.overview_rows(qs), 50).get_page(
                request.GET.get("page")
            ),
            "alerts": coverage.coverage_alerts(user, committee_id=committee_id),
        }

    return render_kept(
        request,
        "coverage.overview",
        "coverage/_overview_body.html",
        context,
    )


@require_GET
@login_required
@permission_required("orgs.view_organization", raise_exception=True)
def trend(request):
    """组织覆盖 and 工作覆盖 month by month (county, committees, auditors); for everyone who
    sees organizations, those ready to found their own party organization (kept for the next
    viewers: core.views.render_kept)."""
    user, today = request.user, timezone.localdate()
    year = year_param(request)
    through = 12 if year < today.year else today.month
    committee_id, category = None, request.GET.get("category") or None
    charted = user.has_role(*coverage.COVERAGE_ROLES)
    if charted:
        try:
            committee_id = coverage.coverage_committee(
                user, request.GET.get("committee")
            )
        except PartyCommittee.DoesNotExist:
            raise Http404("记录不存在或您无权查看。") from None
    elif not user.has_role("instructor"):
        raise Http404("记录不存在或您无权查看。")

    def context():
        trend, trend_cached = None, False
        if charted:
            trend, trend_cached = coverage.kept_trend(
                user,
                committee_id=committee_id,
                category=category,
                year=year,
                through=through,
            )
        orgs = Organization.objects.visible_to(user).filter(status=OrgStatus.ACTIVE)
        if committee_id:
            orgs = orgs.filter(committee_id=committee_id)
        ready = coverage.ready_to_found(orgs).select_related(
            "committee", "party_organization"
        )
        return {
            "title": "两个覆盖趋势",
            "year": year,
            "trend": trend,
            "ready": list(ready[:200]),
            "committee_id": committee_id,
            "category": category,
            "committees": PartyCommittee.objects.visible_to(user),
            "categories": [
                (k, label) for k, (_, label) in coverage.CATEGORY_FIELDS.items()
            ],
            "chart": {
                "labels": [r["label"] for r in trend or []],
                "organization_rate": [r["organization_rate"] for r in trend or []],
                "own_rate": [r["own_rate"] for r in trend or []],
                "work_rate": [r["work_rate"] for r in trend or []],
                "founded": [r["founded"] for r in trend or []],
            },
            "years": range(today.year - 2, today.year + 1),
            "kept_minutes": settings.COCKPIT_SNAPSHOT_SECONDS // 60
            if trend_cached and summaries.is_wide(summaries.region_of(user))
            else None,
        }

    return render_kept(
        request,
        "coverage.trend",
        "coverage/_trend_body.html",
        context,
        scripts=("vendor/echarts/echarts.min.js", "js/coverage-trend.js")
        if charted
        else (),
    )
