"""Worklist flags of the duties: overdue regular reports, requests awaiting a reply."""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from liangxin.core.worklist import Flag, register
from liangxin.duties.models import MatterRequest
from liangxin.duties.services import reports as report_services
from liangxin.duties.services import training as training_services
from liangxin.roster.models import Instructor


@register("duties.report_overdue", "定期汇报逾期")
def reports_overdue(user):
    today = timezone.localdate()
    instructors = (
        Instructor.objects.visible_to(user)
        .active()
        .only("pk", "name", "region_id", "appointed_on")
    )
    by_instructor: dict[int, list] = {}
    for instructor, period, _due in report_services.missing_reports(instructors, today):
        by_instructor.setdefault(instructor.pk, [instructor, []])[1].append(
            period.label
        )
    url = reverse("duties:report_list")
    for instructor, labels in by_instructor.values():
        yield Flag(
            kind="duties.report_overdue",
            label="定期汇报逾期",
            detail=f"{len(labels)} 期汇报逾期未提交：{'、'.join(labels[:3])}"
            f"{'等' if len(labels) > 3 else ''}",
            url=f"{url}?instructor={instructor.pk}",
            instructor_id=instructor.pk,
            instructor_name=instructor.name,
            severity=2 if len(labels) < 3 else 3,
        )


@register("duties.request_awaiting_reply", "请示待批复")
def requests_awaiting_reply(user):
    today = timezone.localdate()
    rows = (
        MatterRequest.objects.visible_to(user)
        .awaiting_reply()
        .order_by()
        .values("instructor_id", "instructor__name")
        .annotate(count=Count("pk"), due=Min("reply_due"))
    )
    url = reverse("duties:request_list")
    for r in rows:
        overdue = r["due"] is not None and r["due"] < today
        yield Flag(
            kind="duties.request_awaiting_reply",
            label="请示待批复",
            detail=f"{r['count']} 件请示待批复，最早期限 {r['due']:%Y-%m-%d}"
            f"{'，已逾期' if overdue else ''}",
            url=f"{url}?status=submitted&instructor={r['instructor_id']}",
            instructor_id=r["instructor_id"],
            instructor_name=r["instructor__name"],
            severity=3 if overdue else 1,
        )


@register("duties.training_at_risk", "培训学时进度滞后")
def training_at_risk(user):
    """From 1 October: this year's hours below target × share of the year gone by."""
    from liangxin.duties.services.selectors import training_hour_rows

    today = timezone.localdate()
    if (today.month, today.day) < training_services.TRAINING_RISK_FROM:
        return
    url = reverse("duties:training_hours")
    for row in training_hour_rows(user, today.year, today):
        got, target, instructor = row["hours"], row["target"], row["instructor"]
        if row["at_risk"]:
            yield Flag(
                kind="duties.training_at_risk",
                label="培训学时进度滞后",
                detail=f"本年已获 {got} 学时，年度目标 {target} 学时",
                url=url,
                instructor_id=instructor.pk,
                instructor_name=instructor.name,
                severity=2,
            )
