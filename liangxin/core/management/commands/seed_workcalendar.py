"""Fill the working calendar for a year from the chinese_calendar package (idempotent)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from liangxin.core.models import CalendarSource, WorkCalendarDay
from liangxin.core.workcalendar import package_day


class Command(BaseCommand):
    help = "从 chinese_calendar 数据包载入某年的法定节假日与调休（补班）安排；手工录入的日期不被覆盖。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year, **options):
        first = datetime.date(year, 1, 1)
        if package_day(first) is None:
            raise CommandError(
                f"chinese_calendar 数据包尚无 {year} 年数据：请按国务院办公厅放假通知手工录入，"
                "未录入前该年按周一至周五计算工作日（暂定）。"
            )
        days = [
            first + datetime.timedelta(days=n)
            for n in range((datetime.date(year + 1, 1, 1) - first).days)
        ]
        existing = {r.date: r for r in WorkCalendarDay.objects.filter(date__year=year)}
        created, updated, kept = [], [], 0
        for date in days:
            workday, name = package_day(date)
            if date.weekday() >= 5 and workday and name:
                name = f"{name}补班"
            row = existing.get(date)
            if row is None:
                created.append(
                    WorkCalendarDay(
                        date=date,
                        is_workday=workday,
                        name=name,
                        source=CalendarSource.CHINESECALENDAR,
                    )
                )
            elif row.source == CalendarSource.MANUAL:
                kept += 1
            elif (row.is_workday, row.name) != (workday, name):
                row.is_workday, row.name = workday, name
                updated.append(row)
        with transaction.atomic():
            WorkCalendarDay.objects.bulk_create(created)
            WorkCalendarDay.objects.bulk_update(updated, ["is_workday", "name"])
        self.stdout.write(
            f"{year} 年工作日历：新增 {len(created)} 天，更新 {len(updated)} 天，"
            f"保留手工录入 {kept} 天。"
        )
