"""整改逾期提醒: the inspected instructor is told once of each rectification item past its due
date, among those they may see (never a 暗访's: scoped with visible_to)."""

from liangxin.core.reminders import remind_instructors
from liangxin.inspections.models import Rectification


def remind_overdue_rectifications() -> int:
    overdue = Rectification.objects.overdue().select_related("inspection__organization")
    return remind_instructors(
        overdue,
        instructor_field="inspection__instructor",
        notice=lambda r: {
            "title": "整改逾期："
            + (
                r.inspection.organization.name
                if r.inspection.organization
                else f"{r.inspection.date:%Y-%m-%d} 的检查"
            ),
            "body": f"整改事项“{r.description[:40]}”应于 {r.due_on:%Y-%m-%d} 前完成，"
            "已经逾期。请落实整改，完成后联系检查人员验收销号。",
            "url": r.get_absolute_url(),
            "key": f"inspections.rectification_overdue:{r.pk}",
        },
    )
