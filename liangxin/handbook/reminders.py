"""问题逾期提醒: an instructor is told once of each problem raised to them and still open past
its region's time limit (Policy.problem_overdue_days), the same rule as the worklist's."""

import datetime

from django.utils import timezone

from liangxin.core.reminders import remind_instructors
from liangxin.handbook.models import Problem


def remind_overdue_problems(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    overdue = Problem.objects.overdue(today).select_related("organization")
    return remind_instructors(
        overdue,
        instructor_field="instructor",
        notice=lambda p: {
            "title": f"问题逾期未办结：{p.organization.name}",
            "body": f"{p.raised_on:%Y-%m-%d} 反映的问题“{p.description[:40]}”已超过办理时限，"
            "请尽快办理或转交有关部门，并登记办理结果。",
            "url": p.get_absolute_url(),
            "key": f"handbook.problem_overdue:{p.pk}",
        },
    )
