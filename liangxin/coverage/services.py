"""Coverage (两个覆盖, domain-rules §4 and cockpit.md): who sees it, the figures per committee
and category, the alerts and the month-by-month trend.

It needs organizations, the instructors assigned there (roster) and their confirmed visits
(fieldwork), so it lives in one module at the lowest layer that sees all three.
"""

import dataclasses
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from liangxin.core import summaries
from liangxin.core.conditions import condition
from liangxin.core.workcalendar import month_bounds
from liangxin.fieldwork.models import Visit
from liangxin.orgs.models import (
    CoverageMode,
    Organization,
    OrgStatus,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)
from liangxin.orgs.services import CATEGORY_FIELDS

__all__ = ["CATEGORY_FIELDS"]


@dataclass
class CoverageFigures:
    total: int
    with_instructor: int
    own: int
    joint: int
    work_covered: int

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(part * 100 / whole, 1) if whole else None

    @property
    def without_instructor(self) -> int:
        return self.total - self.with_instructor

    @property
    def instructor_rate(self):
        return self._rate(self.with_instructor, self.total)

    @property
    def organization_rate(self):
        """组织覆盖率 = (单独组建 + 联合组建) ÷ 总数 (domain-rules §4)."""
        return self._rate(self.own + self.joint, self.total)

    @property
    def own_rate(self):
        return self._rate(self.own, self.total)

    @property
    def work_rate(self):
        """工作覆盖率 = (已建党组织 + 未建但本月有经确认到岗) ÷ 在营组织 (cockpit.md)."""
        return self._rate(self.work_covered, self.total)


COVERAGE_ROLES = ("county_admin", "committee_staff", "auditor")


def coverage_committee(user, committee_id) -> int | None:
    """Check who may see coverage and which committee they ask for.

    Raises PartyCommittee.DoesNotExist for a role without coverage or a committee outside the
    user's scope (pages and API answer 404); returns the committee id or None for all.
    """
    if not user.has_role(*COVERAGE_ROLES):
        raise PartyCommittee.DoesNotExist
    if not committee_id:
        return None
    try:
        return (
            PartyCommittee.objects.visible_to(user)
            .values_list("pk", flat=True)
            .get(pk=committee_id)
        )
    except ValueError:
        raise PartyCommittee.DoesNotExist from None


def coverage_queryset(user, *, committee_id=None, category: str | None = None):
    """Active organizations in scope, filtered by committee and category, annotated."""
    qs = (
        Organization.objects.visible_to(user)
        .filter(status=OrgStatus.ACTIVE)
        .with_coverage()
    )
    if committee_id:
        qs = qs.filter(committee_id=committee_id)
    if category in CATEGORY_FIELDS:
        qs = qs.filter(**{CATEGORY_FIELDS[category][0]: True})
    return qs


def overview_rows(qs):
    """The overview's organizations: not posted first, then 规模以上 and 重点, by name; only
    what the rows show (coverage_rows), no whole records of three tables per row."""
    return (
        qs.select_related("committee")
        .only(
            "pk",
            "name",
            "is_above_scale",
            "is_key",
            "is_entity_social",
            "committee_id",
            "committee__name",
        )
        .order_by("has_instructor", "-is_above_scale", "-is_key", "name")
    )


def _counts() -> dict:
    """The aggregates behind CoverageFigures, over `coverage_queryset` rows aliased by
    `_with_work`. 工作覆盖 is cockpit.md's coverage.work for this month: a party
    organization, or none but a confirmed visit this month (the cockpit's card, the trend
    and this page say the same)."""
    has_po = Q(coverage_mode=CoverageMode.OWN) | Q(coverage_mode=CoverageMode.JOINT)
    return {
        "total": Count("pk"),
        "with_instructor": Count("pk", filter=Q(has_instructor=True)),
        "own": Count("pk", filter=Q(coverage_mode=CoverageMode.OWN)),
        "joint": Count("pk", filter=Q(coverage_mode=CoverageMode.JOINT)),
        "work_covered": Count("pk", filter=has_po | Q(worked_this_month=True)),
    }


def _with_work(qs, today=None):
    today = today or timezone.localdate()
    first, last = month_bounds(today.year, today.month)
    return qs.alias(
        worked_this_month=condition("orgs.organization", "worked", first, last)
    )


def coverage_figures(qs, today=None) -> CoverageFigures:
    """All figures in one aggregate query over an annotated organization queryset."""
    return CoverageFigures(**_with_work(qs, today).order_by().aggregate(**_counts()))


def sum_figures(parts) -> CoverageFigures:
    """The figures of disjoint groups taken together (e.g. every committee's row, which is
    the whole queryset: organizations without a committee are a group of their own)."""
    fields = [f.name for f in dataclasses.fields(CoverageFigures)]
    return CoverageFigures(**{k: sum(getattr(p, k) for p in parts) for k in fields})


def coverage_by_committee(qs, today=None) -> list[dict]:
    """The same figures per committee, one grouped query."""
    rows = (
        _with_work(qs, today)
        .order_by()
        .values("committee_id", "committee__name")
        .annotate(**_counts())
        .order_by("committee_id")
    )
    fields = [f.name for f in dataclasses.fields(CoverageFigures)]
    return [
        {
            "committee_id": r["committee_id"],
            "committee": r["committee__name"],
            "figures": CoverageFigures(**{k: r[k] for k in fields}),
        }
        for r in rows
    ]


def coverage_alerts(user, *, committee_id=None) -> dict[str, list]:
    """The three alerts of domain-rules §4, each a bounded query."""
    orgs = Organization.objects.visible_to(user).filter(status=OrgStatus.ACTIVE)
    pos = PartyOrganization.objects.visible_to(user).still_serving()
    if committee_id:
        orgs = orgs.filter(committee_id=committee_id)
        pos = pos.filter(committee_id=committee_id)
    ready = ready_to_found(orgs).select_related("committee")
    no_committee = pos.filter(
        kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.JOINT_BRANCH],
        formal_members__gte=7,
        has_branch_committee=False,
    )
    oversized = pos.annotate(
        total=F("formal_members") + F("probationary_members")
    ).filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.JOINT_BRANCH], total__gt=50)
    return {
        "ready_to_found": list(ready[:200]),
        "needs_branch_committee": list(no_committee[:200]),
        "oversized": list(oversized[:200]),
    }


def ready_to_found(orgs):
    """Organizations with ≥ 3 正式党员 and no party organization of their own (§4)."""
    return orgs.ready_to_found()


def coverage_trend(qs, year: int, *, through_month: int = 12) -> list[dict]:
    """The two coverages month by month for an annotated organization queryset (`coverage_queryset`).

    An organization counts as organizationally covered from its party organization's founding
    month (unknown founding dates count as always); it is work-covered in a month when it has a
    party organization then, or an instructor actively worked there (a confirmed visit in that
    month). `founded` counts party organizations founded in the month. Two grouped queries,
    whose rows grow with the number of founding months, not of organizations.
    """
    base = qs.order_by()
    founded_year = ExtractYear("party_organization__founded_on")
    founded_month = ExtractMonth("party_organization__founded_on")
    by_mode = list(
        base.values("coverage_mode")
        .annotate(fy=founded_year, fm=founded_month)
        .values_list("coverage_mode", "fy", "fm")
        # organizations, and their party organizations: one founding month and one mode
        # each, so a party organization is counted in one group only
        .annotate(n=Count("pk"), pos=Count("party_organization_id", distinct=True))
    )
    visited = list(
        Visit.objects.confirmed()
        .filter(organization__in=base.values("pk"), date__year=year)
        .order_by()
        .annotate(
            month=ExtractMonth("date"),
            # whether it has a party organization, not which one: a handful of groups per
            # month instead of one per party organization (42,000 in a province)
            po=ExpressionWrapper(
                Q(organization__party_organization__isnull=False),
                output_field=BooleanField(),
            ),
            fy=ExtractYear("organization__party_organization__founded_on"),
            fm=ExtractMonth("organization__party_organization__founded_on"),
        )
        .values_list("month", "po", "fy", "fm")
        .annotate(n=Count("organization_id", distinct=True))
    )
    founded: dict[int, int] = {}
    for _mode, fy, fm, _n, pos in by_mode:
        if fy == year:
            founded[fm] = founded.get(fm, 0) + pos
    total = sum(n for _mode, _fy, _fm, n, _pos in by_mode)
    rate = CoverageFigures._rate
    result = []
    for month in range(1, through_month + 1):

        def since(fy, fm, month=month):  # founded by the end of the month (or unknown)
            return fy is None or (fy, fm) <= (year, month)

        own = sum(
            n
            for mode, fy, fm, n, _pos in by_mode
            if mode == CoverageMode.OWN and since(fy, fm)
        )
        joint = sum(
            n
            for mode, fy, fm, n, _pos in by_mode
            if mode == CoverageMode.JOINT and since(fy, fm)
        )
        rows = [(po, fy, fm, n) for m, po, fy, fm, n in visited if m == month]
        active = sum(n for *_, n in rows)
        uncovered_visited = sum(
            n for po, fy, fm, n in rows if not po or not since(fy, fm)
        )
        work = own + joint + uncovered_visited
        result.append(
            {
                "month": month,
                "label": f"{year}-{month:02d}",
                "total": total,
                "own": own,
                "joint": joint,
                "active_instructor": active,
                "work_covered": work,
                "organization_rate": rate(own + joint, total),
                "own_rate": rate(own, total),
                "work_rate": rate(work, total),
                "founded": founded.get(month, 0),
            }
        )
    return result


def kept_by_committee(user, *, category=None) -> list[dict]:
    """`coverage_by_committee` over everything the user sees (one pass over every
    organization in scope), kept as a summary (core.summaries)."""
    rows, _kept = summaries.get(
        summaries.key(
            "coverage-by-committee:v2",
            summaries.region_of(user),
            summaries.viewer(user),
            category,
        ),
        lambda: coverage_by_committee(coverage_queryset(user, category=category)),
    )
    return rows


def kept_trend(
    user, *, committee_id=None, category=None, year: int, through: int, fresh=False
) -> tuple[list[dict], bool]:
    """(trend, kept): the trend page's months from the summaries (core.summaries), computed
    when none is kept or `fresh` (the scheduled job warms the default view of province and
    city leaders, as it warms their cockpits)."""

    def compute():
        qs = coverage_queryset(user, committee_id=committee_id, category=category)
        return coverage_trend(qs, year, through_month=through)

    return summaries.get(
        summaries.key(
            "coverage-trend:v1",
            summaries.region_of(user),
            summaries.viewer(user),
            committee_id,
            category,
            year,
            through,
        ),
        compute,
        fresh=fresh,
    )
