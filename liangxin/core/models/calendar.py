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


class WorkCalendarYear(models.Model):
    """A year whose schedule a county admin has entered in full from the State Council notice.

    Until a year is confirmed here (or known to the `chinese_calendar` package), every result
    computed in it is provisional (暂算), whatever rows have been entered for its days."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    notice = models.CharField(
        "依据通知",
        max_length=200,
        help_text="如《国务院办公厅关于2027年部分节假日安排的通知》（国办发明电〔2026〕×号）。",
    )
    confirmed_by = models.ForeignKey(
        "core.User",
        verbose_name="确认人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "工作日历年度确认"

    def __str__(self):
        return f"{self.year}年（{self.notice}）"
