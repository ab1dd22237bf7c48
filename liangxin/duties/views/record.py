"""The record a dispatching unit prints of one instructor and year."""

import datetime

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from liangxin.core.scoping import get_for_user
from liangxin.roster.models import Instructor

RECORD_INDICATORS = [
    "fieldwork.confirmed_days",
    "fieldwork.months_meeting_minimum",
    "fieldwork.months_short",
    "duties.training_hours",
    "handbook.entries",
    "handbook.problems_raised",
    "handbook.problems_resolved",
    "duties.reports_on_time",
    "duties.request_replies_on_time",
    "duties.year_end_score",
]


@require_http_methods(["GET", "HEAD"])
@login_required
@permission_required("duties.view_dutyreport", raise_exception=True)
def instructor_record(request, instructor_id, year):
    """One instructor's year for the cadre's annual assessment (PDF): posts, time on site,
    training, results. Evaluators are not named; only the year-end average appears."""

    from liangxin.core import indicators
    from liangxin.core.models import Policy
    from liangxin.core.pdf import pdf_response
    from liangxin.roster.models import Assignment

    if not 2000 <= year <= 2100:
        raise Http404("年度无效。")
    instructor = get_for_user(
        Instructor.objects.select_related("unit", "committee"),
        request.user,
        pk=instructor_id,
    )

    def context():
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        values = []
        for name in RECORD_INDICATORS:
            item = indicators.get(name)
            values.append(
                (
                    item,
                    indicators.compute(name, [instructor.pk], start, end)[
                        instructor.pk
                    ],
                )
            )
        return {
            "instructor": instructor,
            "year": year,
            "printed_on": timezone.localdate(),
            "posts": Assignment.objects.filter(instructor=instructor)
            .select_related("organization")
            .order_by("started_on"),
            "indicators": values,
            "target": Policy.for_region_year(
                instructor.region_id, year
            ).training_hours_target,
            "trainings": instructor.enrolments.filter(
                attended=True, event__date__year=year
            )
            .select_related("event")
            .order_by("event__date"),
            "notices": instructor.notices.filter(
                status="published", published_at__year=year
            ).order_by("published_at"),
        }

    return pdf_response(
        "duties/pdf/record.html",
        context,
        user=request.user,
        request=request,
        obj=instructor,
        filename=f"{instructor.name}-{year}年度履职档案.pdf",
        note=f"导出{instructor.name} {year}年度履职档案（PDF）",
    )
