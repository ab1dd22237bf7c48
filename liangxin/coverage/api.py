"""/api/coverage/: the coverage page's figures for other systems."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from liangxin.core import api
from liangxin.core.params import is_number
from liangxin.coverage import services as coverage
from liangxin.orgs.models import PartyCommittee


def _figures(f: coverage.CoverageFigures) -> dict:
    return {
        "total": f.total,
        "with_instructor": f.with_instructor,
        "without_instructor": f.without_instructor,
        "own": f.own,
        "joint": f.joint,
        "work_covered": f.work_covered,
        "instructor_rate": f.instructor_rate,
        "organization_rate": f.organization_rate,
        "own_rate": f.own_rate,
        "work_rate": f.work_rate,
    }


def coverage_response(request) -> Response:
    """The coverage figures, per committee, uncovered organizations and alerts, and with
    ?year= the monthly trend."""
    user = request.user
    try:
        committee_id = coverage.coverage_committee(
            user, request.query_params.get("committee")
        )
    except PartyCommittee.DoesNotExist:
        raise Http404 from None
    category = request.query_params.get("category") or None
    qs = coverage.coverage_queryset(user, committee_id=committee_id, category=category)
    alerts = coverage.coverage_alerts(user, committee_id=committee_id)
    return Response(
        {
            "figures": _figures(coverage.coverage_figures(qs)),
            "by_committee": [
                {
                    "committee": r["committee_id"],
                    "name": r["committee"],
                    **_figures(r["figures"]),
                }
                for r in coverage.coverage_by_committee(
                    coverage.coverage_queryset(user, category=category)
                )
            ],
            "uncovered": list(
                qs.filter(has_instructor=False).values("id", "name")[:1000]
            ),
            "alerts": {
                key: [{"id": o.pk, "name": o.name} for o in items]
                for key, items in alerts.items()
            },
            **_trend(request, qs),
        }
    )


def _trend(request, qs) -> dict:
    """With ?year=, the monthly trend (组织覆盖, 工作覆盖 by confirmed visits, 新建党组织)."""
    value = request.query_params.get("year", "")
    if not is_number(value, 4) or not 2000 <= int(value) <= 2100:
        return {}
    return {"trend": coverage.coverage_trend(qs, int(value))}


@extend_schema(
    parameters=[
        OpenApiParameter("committee", int),
        OpenApiParameter("category", str, enum=list(coverage.CATEGORY_FIELDS)),
        OpenApiParameter("year", int, description="给出年度时附带逐月趋势 trend"),
    ],
    responses={200: dict},
    description="覆盖情况：指导员覆盖率、组织覆盖率、单独组建率、工作覆盖率、预警；"
    "给出 year 时附带逐月两个覆盖趋势（工作覆盖含当月有经确认到岗记录的组织）。",
)
@api_view(["GET"])
def coverage_api(request):
    return coverage_response(request)


api.register_path("coverage/", coverage_api, name="api-coverage")
