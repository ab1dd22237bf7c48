"""The two coverages (组织覆盖, 工作覆盖) over time."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.orgs.models import PartyCommittee
from liangxin.partylife.coverage import coverage_trend as monthly_trend
from liangxin.partylife.views.base import _year


@require_GET
@login_required
@permission_required("orgs.view_organization", raise_exception=True)
def coverage_trend(request):
    """组织覆盖 and 工作覆盖 month by month (county, committees, auditors); for everyone who
    sees organizations, those ready to found their own party organization."""
    from liangxin.orgs import services as org_services
    from liangxin.orgs.models import Organization, OrgStatus

    user, today = request.user, timezone.localdate()
    year = _year(request)
    through = 12 if year < today.year else today.month
    trend = None
    committee_id, category = None, request.GET.get("category") or None
    if user.has_role(*org_services.COVERAGE_ROLES):
        try:
            committee_id = org_services.coverage_committee(
                user, request.GET.get("committee")
            )
        except PartyCommittee.DoesNotExist:
            raise Http404("记录不存在或您无权查看。") from None
        qs = org_services.coverage_queryset(
            user, committee_id=committee_id, category=category
        )
        trend = monthly_trend(qs, year, through_month=through)
    elif not user.has_role("instructor"):
        raise Http404("记录不存在或您无权查看。")
    orgs = Organization.objects.visible_to(user).filter(status=OrgStatus.ACTIVE)
    if committee_id:
        orgs = orgs.filter(committee_id=committee_id)
    ready = org_services.ready_to_found(orgs).select_related(
        "committee", "party_organization"
    )
    return render(
        request,
        "partylife/coverage.html",
        {
            "title": "两个覆盖趋势",
            "year": year,
            "trend": trend,
            "ready": list(ready[:200]),
            "committee_id": committee_id,
            "category": category,
            "committees": PartyCommittee.objects.visible_to(user),
            "categories": [
                (k, label) for k, (_, label) in org_services.CATEGORY_FIELDS.items()
            ],
            "chart": {
                "labels": [r["label"] for r in trend or []],
                "organization_rate": [r["organization_rate"] for r in trend or []],
                "own_rate": [r["own_rate"] for r in trend or []],
                "work_rate": [r["work_rate"] for r in trend or []],
                "founded": [r["founded"] for r in trend or []],
            },
            "years": range(today.year - 2, today.year + 1),
        },
    )
