"""Indicators of 干的实: party life at the instructor's organizations, the unified activity day,
换届 on time, 发展党员 steps on time and coverage gained. A fixed number of queries each."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from liangxin.core.indicators import indicator
from liangxin.core.obligations import rate
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Candidate, Meeting, MeetingKind


def _party_orgs(mapping):
    ids = {po for pos in mapping.values() for po in pos}
    return list(PartyOrganization.objects.filter(pk__in=ids))


def _share(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@indicator(
    "partylife.compliance_rate",
    "组织生活落实率",
    "%",
    description="派驻组织的党组织在期间内结束的各周期中，按规则应开的会议已开的比例"
    "（截至昨天已结束的周期；今天结束的周期当天仍可开会，不计）。",
)
def compliance_rate(ids, start, end):
    mapping = comp.instructor_party_orgs(ids, start, end)
    party_orgs = _party_orgs(mapping)
    today = min(end, timezone.localdate())
    # a period ending today is still open (its meeting may be held today), as on the
    # calendar (partylife.compliance.grid_rows) and in the cockpit's 三会一课落实率
    # (facts.figures.ended_periods: period_end < today)
    ended_by = min(end, timezone.localdate() - datetime.timedelta(days=1))
    by_po: dict[int, list] = {}
    for year in range(start.year, end.year + 1):
        for row in comp.compliance(party_orgs, year, today):
            by_po.setdefault(row.party_organization.pk, []).extend(
                row.obligations(start, ended_by)
            )
    result = {}
    for instructor_id, pos in mapping.items():
        value = rate([o for po in pos for o in by_po.get(po, [])])
        if value is not None:
            result[instructor_id] = value
    return result


@indicator(
    "partylife.activity_day_attendance",
    "参加主题党日比例",
    "%",
    description="派驻组织的党组织期间内召开的主题党日中，指导员参加的比例。",
)
def activity_day_attendance(ids, start, end):
    mapping = comp.instructor_party_orgs(ids, start, end)
    rows = (
        Meeting.objects.filter(
            party_organization_id__in={p for s in mapping.values() for p in s},
            kind=MeetingKind.ACTIVITY_DAY,
            date__range=(start, end),
        )
        .order_by()
        .values("party_organization_id")
        .annotate(
            held=Count("pk"), attended=Count("pk", filter=Q(instructor_attended=True))
        )
    )
    counts = {r["party_organization_id"]: (r["held"], r["attended"]) for r in rows}
    result = {}
    for instructor_id, pos in mapping.items():
        held = sum(counts.get(po, (0, 0))[0] for po in pos)
        attended = sum(counts.get(po, (0, 0))[1] for po in pos)
        if held:
            result[instructor_id] = _share(attended, held)
    return result


@indicator(
    "partylife.elections_on_time",
    "按期换届率",
    "%",
    description="派驻组织的党组织中，期末未逾期换届（含经批准延期）的比例。",
)
def elections_on_time(ids, start, end):
    mapping = comp.instructor_party_orgs(ids, start, end)
    statuses = {
        s.party_organization.pk: s
        for s in comp.term_statuses(_party_orgs(mapping), end)
    }
    result = {}
    for instructor_id, pos in mapping.items():
        known = [statuses[po] for po in pos if statuses[po].state != comp.UNKNOWN]
        if known:
            result[instructor_id] = _share(
                sum(1 for s in known if s.state != comp.OVERDUE), len(known)
            )
    return result


@indicator(
    "partylife.pipeline_on_time",
    "发展党员步骤按时率",
    "%",
    description="派驻组织的党组织期间内登记的发展党员步骤中，未超过时限的比例。",
)
def pipeline_on_time(ids, start, end):
    mapping = comp.instructor_party_orgs(ids, start, end)
    candidates = list(
        Candidate.objects.filter(
            party_organization_id__in={p for s in mapping.values() for p in s}
        )
    )
    plans = comp.candidate_plans(candidates, end)
    by_po: dict[int, list[bool]] = {}
    for c in candidates:
        for view in plans[c.pk][1]:
            if view.record and start <= view.record.date <= end:
                late = bool(view.latest and view.record.date > view.latest)
                by_po.setdefault(c.party_organization_id, []).append(not late)
    result = {}
    for instructor_id, pos in mapping.items():
        flags = [f for po in pos for f in by_po.get(po, [])]
        if flags:
            result[instructor_id] = _share(sum(flags), len(flags))
    return result


@indicator(
    "partylife.coverage_change",
    "新建党组织数",
    "个",
    description="期间内派驻组织新成立的党组织数（组织覆盖的增加）。",
)
def coverage_change(ids, start, end):
    from liangxin.roster.models import Assignment

    rows = (
        Assignment.objects.filter(
            instructor_id__in=ids,
            started_on__lte=end,
            organization__party_organization__founded_on__range=(start, end),
        )
        .exclude(ended_on__lt=start)
        .order_by()
        .values("instructor_id")
        .annotate(n=Count("organization__party_organization", distinct=True))
    )
    return {r["instructor_id"]: r["n"] for r in rows}
