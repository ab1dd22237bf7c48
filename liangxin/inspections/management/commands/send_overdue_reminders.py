"""Daily (cron or the scheduled job): overdue problems (handbook) and rectification items
(inspections) are told to the instructor concerned, once per record."""

from django.core.management.base import BaseCommand

from liangxin.handbook.reminders import remind_overdue_problems
from liangxin.inspections.reminders import remind_overdue_rectifications


class Command(BaseCommand):
    help = (
        "发送逾期提醒：问题逾期未办结、整改逾期，提醒相关指导员（同一事项只提醒一次）。"
    )

    def handle(self, *args, **options):
        problems = remind_overdue_problems()
        rectifications = remind_overdue_rectifications()
        self.stdout.write(
            f"问题逾期提醒 {problems} 条，整改逾期提醒 {rectifications} 条。"
        )
