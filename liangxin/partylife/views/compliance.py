"""The compliance calendar: party organizations × months for one kind of meeting."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from liangxin.core.views import year_param
from liangxin.orgs.models import PartyCommittee
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Meeting, MeetingKind
from liangxin.partylife.views.base import _party_orgs


@require_GET
@login_required
@permission_required("partylife.view_meeting", raise_exception=True)
def calendar(request):
    """Party organizations × months for one kind of meeting: held, missing, still open."""
    user, today = request.user, timezone.localdate()
    year = year_param(request)
    # 党员大会 by default: every party organization holds it (not every one has a 支委会)
    kind = request.GET.get("kind") or MeetingKind.MEMBERS
    if kind not in MeetingKind.values:
        raise Http404("会议类型无效。")
    qs, committee = _party_orgs(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    party_orgs = list(page.object_list)
    rows = comp.compliance(party_orgs, year, today)
    ids = [po.pk for po in party_orgs]
    attendance = {
        r["party_organization_id"]: r
        for r in Meeting.objects.filter(
            party_organization_id__in=ids,
            kind=MeetingKind.ACTIVITY_DAY,
            date__year=year,
        )
        .order_by()
        .values("party_organization_id")
        .annotate(
            held=Count("pk"), attended=Count("pk", filter=Q(instructor_attended=True))
        )
    }
    grid = comp.grid_rows(rows, kind, today)
    for row in grid:
        row["attendance"] = attendance.get(row["party_organization"].pk)
    return render(
        request,
        "partylife/calendar.html",
        {
            "title": "组织生活落实情况",
            "year": year,
            "kind": kind,
            "kinds": MeetingKind.choices,
            "kind_label": MeetingKind(kind).label,
            "grid": grid,
            "page_obj": page,
            "months": range(1, 13),
            "committee": committee,
            "committees": PartyCommittee.objects.visible_to(user),
            "years": range(today.year - 2, today.year + 1),
        },
    )
