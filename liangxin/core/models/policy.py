from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from liangxin.core.memo import memoized
from liangxin.core.models.base import TrackedModel
from liangxin.core.models.region import region_chain


class Policy(TrackedModel):
    """The county's program numbers for one year; nothing here is hard-coded elsewhere."""

    region = models.ForeignKey(
        "core.Region", verbose_name="区划", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    min_days_per_month = models.PositiveSmallIntegerField(
        "每月最少到岗天数", default=5, validators=[MaxValueValidator(31)]
    )
    late_entry_days = models.PositiveSmallIntegerField("补录期限（天）", default=3)
    password_max_age_days = models.PositiveSmallIntegerField(
        "密码最长使用期限（天）",
        default=90,
        validators=[MaxValueValidator(3650)],
        help_text="超过该天数须修改密码后才能继续使用；0 表示不限",
    )
    geofence_meters = models.PositiveIntegerField("签到范围（米）", default=500)
    confirm_within_days = models.PositiveSmallIntegerField(
        "确认时限（天）",
        default=7,
        help_text="到岗记录超过该天数仍未确认的，由行业党委处理",
    )
    problem_overdue_days = models.PositiveSmallIntegerField(
        "问题办理时限（天）", default=30
    )
    report_cadence = models.CharField(
        "定期汇报周期",
        max_length=10,
        default="monthly",
        choices=[("monthly", "每月"), ("quarterly", "每季度")],
    )
    training_hours_target = models.PositiveSmallIntegerField(
        "年度培训学时目标", default=24
    )
    request_reply_workdays = models.PositiveSmallIntegerField(
        "请示批复时限（工作日）",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="重要事项请示提交后，行业党委应在该工作日数内批复，逾期提醒县级管理员",
    )
    report_due_workdays = models.PositiveSmallIntegerField(
        "定期汇报报送时限（工作日）",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="汇报周期结束后的该工作日数内报送",
    )

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = verbose_name_plural = "工作政策"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="policy_one_per_region_year",
                violation_error_message="该区划该年度的政策已存在。",
            )
        ]

    def __str__(self):
        return f"{self.region} {self.year}年度政策"

    @classmethod
    def for_regions(cls, region_codes, year: int) -> dict[str, "Policy"]:
        """For each region, the nearest policy up the region tree for the year (a county's own,
        else its city's, else its province's), or the defaults (unsaved). One query."""
        chains = {code: region_chain(code) for code in set(region_codes)}
        codes = frozenset(c for chain in chains.values() for c in chain)
        found = memoized(
            ("policy", codes, year),
            lambda: {
                p.region_id: p
                for p in cls.objects.filter(year=year, region_id__in=codes)
            },
        )
        return {
            code: next((found[c] for c in chain if c in found), None)
            or cls(region_id=code, year=year)
            for code, chain in chains.items()
        }

    @classmethod
    def for_region_year(cls, region_code: str, year: int) -> "Policy":
        return cls.for_regions([region_code], year)[region_code]
