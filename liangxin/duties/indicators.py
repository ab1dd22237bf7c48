"""Indicators of the duties: regular reports handed in on time, request replies on time."""

from django.db.models import Count
from django.utils import timezone

from liangxin.core.indicators import indicator
from liangxin.duties.models import (
    GRADE_POINTS,
    EvaluationRound,
    MatterRequest,
    Rating,
    RegularReport,
    ReportStatus,
    RequestStatus,
)
from liangxin.duties.services import reports as report_services
from liangxin.duties.services import training as training_services
from liangxin.roster.models import Instructor


@indicator(
    "duties.reports_on_time",
    "定期汇报按时报送率",
    "%",
    description="期间内报送期限已到的汇报期中，按期提交（且未被退回待改）的比例；"
    "无到期汇报期时为 0。",
)
def reports_on_time(ids, start, end):
    today = min(end, timezone.localdate())
    instructors = list(
        Instructor.objects.filter(pk__in=ids).only("pk", "region_id", "appointed_on")
    )
    expected: dict[int, set] = {}
    regions = {i.region_id for i in instructors}
    due_by_region = {}
    for code in regions:
        due_by_region[code] = [
            (p, d)
            for year in range(start.year, end.year + 1)
            for p, d in report_services.report_periods(code, year)
            if start <= d < today
        ]
    for instructor in instructors:
        appointed = instructor.appointed_on
        expected[instructor.pk] = {
            (p.start, d)
            for p, d in due_by_region[instructor.region_id]
            if appointed is None or p.end >= appointed
        }
    on_time = set()
    rows = RegularReport.objects.filter(
        instructor_id__in=ids,
        submitted_at__isnull=False,
        status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
    ).values_list("instructor_id", "period_start", "submitted_at", "due_on")
    for instructor_id, period_start, submitted_at, due_on in rows:
        if timezone.localdate(submitted_at) <= due_on:
            on_time.add((instructor_id, period_start))
    return {
        pk: round(
            sum(1 for s, _ in periods if (pk, s) in on_time) * 100 / len(periods), 1
        )
        for pk, periods in expected.items()
        if periods
    }


@indicator(
    "duties.request_replies_on_time",
    "请示按期批复率",
    "%",
    description="期间内提交的请示中，行业党委在批复期限内批复的比例（未到期限的待批复"
    "请示不计）。衡量的是对该指导员请示的批复及时性。",
)
def request_replies_on_time(ids, start, end):
    today = timezone.localdate()
    counts: dict[int, list[int]] = {}
    rows = (
        MatterRequest.objects.filter(
            instructor_id__in=ids, submitted_at__date__range=(start, end)
        )
        .exclude(status=RequestStatus.WITHDRAWN)
        .values_list("instructor_id", "status", "reply_due", "replied_at")
    )
    for instructor_id, status, due, replied_at in rows:
        if status == RequestStatus.REPLIED and replied_at is not None:
            timely = due is None or timezone.localdate(replied_at) <= due
        elif due is not None and due < today:
            timely = False
        else:
            continue  # still within its deadline (or returned): not judged yet
        pair = counts.setdefault(instructor_id, [0, 0])
        pair[0] += timely
        pair[1] += 1
    return {pk: round(ok * 100 / total, 1) for pk, (ok, total) in counts.items()}


@indicator(
    "duties.requests_after_the_fact",
    "重要事项事后补报次数",
    "次",
    higher_is_better=False,
    description="期间内提交的重要事项请示中，提交时事项拟实施日期已到或已过（事后补报）的次数。",
)
def requests_after_the_fact(ids, start, end):
    rows = (
        MatterRequest.objects.filter(
            instructor_id__in=ids,
            submitted_at__date__range=(start, end),
            after_the_fact=True,
        )
        .exclude(status=RequestStatus.WITHDRAWN)
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("pk"))
    )
    return {r["instructor_id"]: r["n"] for r in rows}


@indicator(
    "duties.training_hours",
    "培训学时",
    "学时",
    description="期间内已签到培训的学时合计（按培训日期）。年度目标见政策参数“年度培训学时目标”。",
)
def training_hours(ids, start, end):
    return {
        pk: float(hours)
        for pk, hours in training_services.training_hours(ids, start, end).items()
    }


@indicator(
    "duties.year_end_score",
    "年终述职评议得分",
    "分",
    description="年度在期间内的述职评议中，全部评议的平均分（好 100、较好 85、一般 70、"
    "差 50）；含进行中评议的已有评分；未被评议时无值。",
)
def year_end_score(ids, start, end):
    rounds = EvaluationRound.objects.filter(year__range=(start.year, end.year)).values(
        "pk"
    )
    rows = (
        Rating.objects.filter(instructor_id__in=ids, round__in=rounds)
        .order_by()
        .values("instructor_id", "grade")
        .annotate(n=Count("pk"))
    )
    totals: dict[int, list[int]] = {}
    for r in rows:
        pair = totals.setdefault(r["instructor_id"], [0, 0])
        pair[0] += GRADE_POINTS[r["grade"]] * r["n"]
        pair[1] += r["n"]
    return {pk: round(points / n, 1) for pk, (points, n) in totals.items()}
