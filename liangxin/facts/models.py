"""Derived, indexed tables the overviews read instead of recomputing (DESIGN.md §1 "Facts").

Every row is computed from the live functions (the definition) by `facts.refresh`; nothing here
is entered by hand. Each table keeps its `region` (a GB/T 2260 code) so "this region and below"
is a prefix match on an indexed column, with no join.
"""

from django.db import models
from django.db.models import Q

from liangxin.partylife.models import MeetingKind


class InstructorMonth(models.Model):
    """One instructor's month: days on site, the requirement, and the month's other work."""

    instructor = models.ForeignKey(
        "roster.Instructor", on_delete=models.CASCADE, related_name="facts_months"
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+"
    )
    committee_id = models.IntegerField(null=True, blank=True)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    confirmed_days = models.PositiveSmallIntegerField(default=0)
    pending_days = models.PositiveSmallIntegerField(default=0)
    disputed_days = models.PositiveSmallIntegerField(default=0)
    required_days = models.PositiveSmallIntegerField(default=0)
    shortfall = models.PositiveSmallIntegerField(default=0)
    handbook_entries = models.PositiveIntegerField(default=0)
    problems_opened = models.PositiveIntegerField(default=0)
    problems_resolved = models.PositiveIntegerField(default=0)
    training_hours = models.DecimalField(max_digits=6, decimal_places=1, default=0)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指导员月度事实"
        constraints = [
            models.UniqueConstraint(
                fields=["instructor", "year", "month"], name="facts_instructor_month"
            )
        ]
        indexes = [
            models.Index(fields=["year", "month", "region"], name="facts_im_period"),
            models.Index(fields=["region", "year", "month"], name="facts_im_region"),
        ]


class PartyOrgPeriod(models.Model):
    """One party organization's meetings of one kind in one period: due and held."""

    party_organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("会议类型", max_length=30, choices=MeetingKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    due = models.PositiveSmallIntegerField("应开次数", default=0)
    held = models.PositiveSmallIntegerField("已开次数", default=0)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "党组织组织生活事实"
        constraints = [
            models.UniqueConstraint(
                fields=["party_organization", "kind", "period_start"],
                name="facts_party_org_period",
            )
        ]
        indexes = [
            models.Index(fields=["year", "region"], name="facts_pop_year"),
            models.Index(fields=["region", "period_end"], name="facts_pop_region"),
        ]


COUNTY = ""  # FlagRow.scope: everything of the county (its administrator, its auditor)


def committee_scope(committee_id: int) -> str:
    """FlagRow.scope of what a sector committee's staff see."""
    return f"c{committee_id}"


class FlagRowQuerySet(models.QuerySet):
    def open(self, scope: str = COUNTY):
        return self.filter(cleared_on__isnull=True, scope=scope)

    def county_wide(self):
        return self.filter(scope=COUNTY)

    def in_region(self, prefix: str):
        return self.filter(region__code__startswith=prefix)


class FlagRow(models.Model):
    """A worklist flag as a row. Raised when first computed; when it no longer appears it is
    cleared (the row stays, so how long warnings stay open is a figure); raised again, it is a
    new row. `region` is the county whose scope computed it; `scope` says whose list it is
    part of: the whole county's (COUNTY) or a sector committee's staff's (`c<committee id>`),
    whose records are a part of the county chosen model by model (the same flag may say less
    there: the problems at their own organizations only). Figures count COUNTY rows."""

    key = models.CharField(max_length=200)  # kind|instructor|organization|subject
    kind = models.CharField(max_length=60)
    label = models.CharField(max_length=60)
    severity = models.PositiveSmallIntegerField(default=2)
    detail = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    instructor_id = models.IntegerField(null=True, blank=True)
    instructor_name = models.CharField(max_length=50, blank=True)
    organization_id = models.IntegerField(null=True, blank=True)
    subject = models.CharField(max_length=100, blank=True)
    # a 干的实 flag's party organization (core.worklist.Flag): an instructor's list holds
    # the flags of the party organizations they serve
    party_organization_id = models.IntegerField(null=True, blank=True)
    region = models.ForeignKey(
        "core.Region", on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(max_length=20, blank=True, default=COUNTY)
    raised_on = models.DateField()
    cleared_on = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    objects = FlagRowQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "预警记录"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "scope", "key"],
                condition=Q(cleared_on__isnull=True),
                name="facts_flag_open_once_per_scope",
            )
        ]
        indexes = [
            models.Index(fields=["region", "cleared_on"], name="facts_flag_region"),
            models.Index(fields=["kind", "cleared_on"], name="facts_flag_kind"),
            models.Index(fields=["raised_on"], name="facts_flag_raised"),
            # one page of the ranking reads its 50 instructors' open flags
            models.Index(
                fields=["instructor_id"],
                condition=Q(cleared_on__isnull=True),
                name="facts_flag_open_instructor",
            ),
        ]

    @property
    def days_open(self) -> int | None:
        if self.cleared_on is None:
            return None
        return (self.cleared_on - self.raised_on).days


class FlagState(models.Model):
    """How current a county's flag rows are: the county's own (scope COUNTY) were reconciled with
    the live collectors as of the county's newest recorded write `through_write`
    (core.audit.latest_write) on `refreshed_on`; its committees' (`c<id>` scopes) as of
    `committees_through` on `committees_on`. A write reconciles both; each night
    `refresh_facts` reconciles the county's and its scheduled `--committee-flags` run the
    committees'. A list reads its rows
    instead of running every collector while its pair still holds: no write recorded since,
    and the same day (a flag may turn overdue at midnight)."""

    region = models.OneToOneField(
        "core.Region", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    through_write = models.BigIntegerField(default=0)
    refreshed_on = models.DateField()
    committees_through = models.BigIntegerField(default=0)
    committees_on = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "预警记录更新状态"

    def __str__(self):
        return f"{self.region_id} {self.refreshed_on:%Y-%m-%d} w{self.through_write}"

    def current_through(self, *, committees: bool, today) -> int | None:
        """The newest write the rows hold, if they were reconciled today (else None)."""
        if committees:
            return self.committees_through if self.committees_on == today else None
        return self.through_write if self.refreshed_on == today else None
