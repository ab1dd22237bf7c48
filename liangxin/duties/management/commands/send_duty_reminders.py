"""Daily duty reminders (cron): overdue request replies go up to the county; instructors are
reminded of regular reports past their due date. Safe to run twice: every notice has a key."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from liangxin.core.notifications import notify
from liangxin.duties.services.reports import missing_reports, report_url
from liangxin.duties.services.requests import escalate_overdue_requests
from liangxin.duties.services.year_end import remind_duty_reports_and_trainings
from liangxin.roster.models import Instructor


class Command(BaseCommand):
    help = (
        "发送履职提醒：请示逾期未批复上报县级管理员，定期汇报逾期、述职报告未提交、"
        "近期培训提醒指导员。"
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        escalated = escalate_overdue_requests(today)
        reminded = 0
        instructors = (
            Instructor.objects.active()
            .filter(user__isnull=False)
            .select_related("user")
        )
        for instructor, period, due in missing_reports(instructors, today):
            _, created = notify(
                recipient=instructor.user,
                title=f"定期汇报逾期：{period.label}",
                body=f"{period.label}的定期汇报应于 {due:%Y-%m-%d} 前提交，请尽快填写。",
                url=report_url(period),
                key=f"duties.report_overdue:{instructor.pk}:{period.start:%Y-%m-%d}",
            )
            reminded += created
        duty, trained = remind_duty_reports_and_trainings(today)
        self.stdout.write(
            f"请示逾期提醒 {escalated} 条，汇报逾期提醒 {reminded} 条，"
            f"述职报告提醒 {duty} 条，培训提醒 {trained} 条。"
        )
