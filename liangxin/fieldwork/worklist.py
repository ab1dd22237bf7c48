"""Worklist flags of 沉得下: short of the monthly minimum, visits left unconfirmed."""

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from liangxin.core.worklist import Flag, register
from liangxin.fieldwork.compliance import months_compliance
from liangxin.fieldwork.services import confirm_within_days_for, overdue_unconfirmed


@register("fieldwork.under_minimum", "到岗天数不足")
def under_minimum(user):
    today = timezone.localdate()
    url = reverse("fieldwork:compliance")
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    checks = [(previous, 3, "上月")]
    if (
        today.day >= 20
    ):  # early in a month everyone is short; from the 20th it needs action
        checks.append((today, 2, "本月"))
    rows = months_compliance(user, [(m.year, m.month) for m, _s, _w in checks])
    for month, severity, word in checks:
        for row in rows[(month.year, month.month)]:
            if row.shortfall:
                yield Flag(
                    kind="fieldwork.under_minimum",
                    label="到岗天数不足",
                    detail=f"{word}（{month:%Y年%m月}）经确认到岗 {row.confirmed_days} 天，"
                    f"还差 {row.shortfall} 天",
                    url=f"{url}?month={month:%Y-%m}",
                    instructor_id=row.instructor_id,
                    instructor_name=row.name,
                    severity=severity,
                    subject=f"{month:%Y-%m}",
                )


@register("fieldwork.unconfirmed", "到岗记录久未确认")
def unconfirmed(user):
    days = confirm_within_days_for(user)
    rows = (
        overdue_unconfirmed(user)
        .values("instructor_id", "instructor__name")
        .annotate(count=Count("pk"), oldest=Min("date"))
        .order_by("instructor__name")
    )
    url = reverse("fieldwork:visit_list")
    for r in rows:
        yield Flag(
            kind="fieldwork.unconfirmed",
            label="到岗记录久未确认",
            detail=f"{r['count']} 条到岗记录超过 {days} 天未确认，"
            f"最早为 {r['oldest']:%Y-%m-%d}",
            url=f"{url}?instructor={r['instructor_id']}&status=pending",
            instructor_id=r["instructor_id"],
            instructor_name=r["instructor__name"],
            severity=1,
        )
