from django.db import models


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", "chinese-calendar 数据包"
    MANUAL = "manual", "手工录入"


class WorkCalendarDay(models.Model):
    """One day of China's working calendar: holidays, 调休 rest days and 补班 working days.

    Seeded from the `chinese_calendar` package (`seed_workcalendar`) and editable by hand for
    years the package does not know yet; a manual row is never overwritten by a later seed.
    """

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("工作日")
    name = models.CharField("节日/说明", max_length=50, blank=True)
    source = models.CharField(
        "来源",
        max_length=20,
        choices=CalendarSource.choices,
        default=CalendarSource.MANUAL,
    )

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "工作日历"

    def __str__(self):
        kind = "工作日" if self.is_workday else "休息日"
        return f"{self.date:%Y-%m-%d} {kind}{' ' + self.name if self.name else ''}"
