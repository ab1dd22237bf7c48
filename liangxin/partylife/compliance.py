"""Computed figures of party life: required vs held meetings per party organization and period,
the state of each term of office, and the 发展党员 deadlines. All rules come from the rule set in
force (RuleSet rows); each function runs a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from liangxin.core.memo import active as memo_active
from liangxin.core.memo import memoized
from liangxin.core.obligations import Obligation, Period, evaluate, periods
from liangxin.core.obligations import rate as rate_of  # (also re-exported)
from liangxin.core.workcalendar import CalendarMemo, add_workdays
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import (
    Meeting,
    MeetingKind,
    MeetingRule,
    PipelineStep,
    RuleSet,
    StepRecord,
    TermExtension,
    add_months,
)

MET, MISSING, OPEN, FUTURE = "met", "missing", "open", "future"
STATE_LABELS = {MET: "已开", MISSING: "缺开", OPEN: "待开", FUTURE: "未到期"}


def state_of(obligation: Obligation, today: datetime.date) -> str:
    if obligation.met:
        return MET
    if obligation.period.end < today:
        return MISSING
    if obligation.period.start <= today:
        return OPEN
    return FUTURE


@dataclass
class RuleResult:
    rule: MeetingRule
    obligations: list[Obligation]  # one per period of the year

    @property
    def kind(self) -> str:
        return self.rule.kind


@dataclass
class PartyOrgCompliance:
    party_organization: PartyOrganization
    ruleset: RuleSet | None
    results: dict[str, RuleResult] = field(default_factory=dict)

    def obligations(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> list[Obligation]:
        """Obligations whose period ended inside start..end (all when not given)."""
        return [
            o
            for r in self.results.values()
            for o in r.obligations
            if o.expected
            and (start is None or o.period.end >= start)
            and (end is None or o.period.end <= end)
        ]


def rules_in_force(region_codes, on: datetime.date):
    """({region: RuleSet}, {ruleset id: [MeetingRule]}) in two queries."""
    rulesets = RuleSet.for_regions(region_codes, on)
    ids = {rs.pk for rs in rulesets.values() if rs is not None}
    rules: dict[int, list[MeetingRule]] = defaultdict(list)
    for rule in MeetingRule.objects.filter(ruleset_id__in=ids).order_by("kind"):
        rules[rule.ruleset_id].append(rule)
    return rulesets, rules


def held_counts(party_org_ids, year: int) -> dict[tuple[int, str, int], int]:
    """{(party org, kind, month): meetings held} for a year — one grouped query."""
    rows = (
        Meeting.objects.filter(party_organization_id__in=party_org_ids, date__year=year)
        .order_by()
        .annotate(month=ExtractMonth("date"))
        .values("party_organization_id", "kind", "month")
        .annotate(n=Count("pk"))
    )
    return {(r["party_organization_id"], r["kind"], r["month"]): r["n"] for r in rows}


def compliance(
    party_orgs: list[PartyOrganization], year: int, today: datetime.date
) -> list[PartyOrgCompliance]:
    """Required vs held for each party organization, kind and period of the year (3 queries)."""
    on = min(today, datetime.date(year, 12, 31))
    rulesets, rules = rules_in_force({po.region_id for po in party_orgs}, on)
    counts = held_counts([po.pk for po in party_orgs], year)
    period_cache: dict[str, list[Period]] = {}
    result = []
    for po in party_orgs:
        ruleset = rulesets.get(po.region_id)
        row = PartyOrgCompliance(po, ruleset)
        for rule in rules.get(ruleset.pk, []) if ruleset else []:
            if not rule.applies_to(po):
                continue
            if (
                rule.cadence not in period_cache
            ):  # computed once per cadence, not per row
                period_cache[rule.cadence] = periods(year, rule.cadence)
            plist = period_cache[rule.cadence]
            actual = {
                (po.pk, p.start): sum(
                    counts.get((po.pk, rule.kind, m), 0)
                    for m in range(p.start.month, p.end.month + 1)
                )
                for p in plist
            }
            row.results[rule.kind] = RuleResult(
                rule, evaluate([po.pk], plist, rule.required_count, actual)
            )
        result.append(row)
    return result


def grid_rows(
    rows: list[PartyOrgCompliance], kind: str, today: datetime.date
) -> list[dict]:
    """One kind as a calendar row per party organization: cells spanning their period's months,
    and the row's totals of the same cells (`missing`, `rate`: periods held or already missed,
    a period ending today still open; None where the kind does not apply)."""
    grid = []
    for row in rows:
        result = row.results.get(kind)
        if result is None or not result.rule.required_count:
            grid.append(
                {
                    "party_organization": row.party_organization,
                    "cells": [{"span": 12, "state": "na", "label": "不适用"}],
                    "missing": None,
                    "rate": None,
                }
            )
            continue
        decided = [
            o
            for o in result.obligations
            if o.expected and state_of(o, today) in (MET, MISSING)
        ]
        cells = [
            {
                "span": o.period.end.month - o.period.start.month + 1,
                "state": state_of(o, today),
                "label": STATE_LABELS[state_of(o, today)],
                "actual": o.actual,
                "expected": o.expected,
                "period": o.period.label,
            }
            for o in result.obligations
        ]
        grid.append(
            {
                "party_organization": row.party_organization,
                "cells": cells,
                "missing": sum(1 for o in decided if not o.met),
                "rate": rate_of(decided),
            }
        )
    return grid


# --- terms of office -------------------------------------------------------------------------

OK, REMIND, REQUEST, OVERDUE, UNKNOWN = "ok", "remind", "request", "overdue", "unknown"
TERM_LABELS = {
    OK: "任期内",
    REMIND: "临近届满",
    REQUEST: "应报送换届请示",
    OVERDUE: "逾期未换届",
    UNKNOWN: "未登记任期",
}


@dataclass
class TermStatus:
    party_organization: PartyOrganization
    due_on: datetime.date | None  # the planned end, after approved extensions
    extended_months: int
    remind_on: datetime.date | None
    request_by: datetime.date | None
    state: str

    @property
    def label(self) -> str:
        return TERM_LABELS[self.state]


def extension_months(party_orgs) -> dict[tuple[int, datetime.date], int]:
    """{(party organization, term end it extends): approved months} in one query."""
    extended: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for ext in TermExtension.objects.filter(
        party_organization__in=[p.pk for p in party_orgs]
    ):
        extended[(ext.party_organization_id, ext.term_due_on)] += ext.months
    return extended


def overdue_terms(party_orgs, today: datetime.date) -> list[int]:
    """Ids of the party organizations (a queryset) whose term, with approved extensions,
    ended before today: the OVERDUE of `term_statuses` without the reminder rules, in one
    query (each party organization joined with its extensions)."""
    due: dict[int, datetime.date | None] = {}
    extended: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for pk, started, years, ext_due, months in party_orgs.values_list(
        "pk",
        "term_started_on",
        "term_years",
        "extensions__term_due_on",
        "extensions__months",
    ):
        due[pk] = PartyOrganization.due_for(started, years)
        if ext_due is not None:
            extended[(pk, ext_due)] += months
    return [
        pk
        for pk, base in due.items()
        if base is not None and today > add_months(base, extended[(pk, base)])
    ]


def term_statuses(
    party_orgs: list[PartyOrganization], today: datetime.date
) -> list[TermStatus]:
    """Due date, reminder dates and state of each party organization's current term (3 queries)."""
    rulesets = RuleSet.for_regions({po.region_id for po in party_orgs}, today)
    extended = extension_months(party_orgs)
    result = []
    for po in party_orgs:
        base = po.term_due_on
        ruleset = rulesets.get(po.region_id)
        if base is None:
            result.append(TermStatus(po, None, 0, None, None, UNKNOWN))
            continue
        months = extended[(po.pk, base)]
        due = add_months(base, months)
        remind_months = ruleset.term_reminder_months if ruleset else 6
        lead = ruleset.request_lead_months if ruleset else 2
        remind_on, request_by = add_months(due, -remind_months), add_months(due, -lead)
        if today > due:
            state = OVERDUE
        elif today >= request_by:
            state = REQUEST
        elif today >= remind_on:
            state = REMIND
        else:
            state = OK
        result.append(TermStatus(po, due, months, remind_on, request_by, state))
    return result


# --- 发展党员 ---------------------------------------------------------------------------------


@dataclass
class StepView:
    rule: PipelineStep
    record: StepRecord | None = None
    earliest: datetime.date | None = None
    latest: datetime.date | None = None
    publicity_end: datetime.date | None = None
    provisional: bool = False
    warnings: list[str] = field(default_factory=list)
    is_next: bool = False

    @property
    def done(self) -> bool:
        return self.record is not None


def step_window(rule: PipelineStep, base: datetime.date | None):
    """(earliest, latest) for a step from the date of the step it is timed from."""
    if base is None or rule.after_step is None:
        return None, None
    earliest = add_months(base, rule.min_months) + datetime.timedelta(
        days=rule.min_days
    )
    latest = None
    if rule.has_deadline:
        latest = add_months(base, rule.max_months or 0) + datetime.timedelta(
            days=rule.max_days or 0
        )
    return (earliest if earliest > base else None), latest


def publicity_end(
    rule: PipelineStep, ruleset: RuleSet, start: datetime.date, memo=None
):
    """The last day of the step's 公示 (working days); provisional for unknown years."""
    window = add_workdays(
        start,
        rule.publicity_workdays,
        count_start=ruleset.publicity_count_start,
        memo=memo,
    )
    return window.end, window.provisional


def candidate_ruleset(
    records: list[StepRecord], region_code: str, today: datetime.date
):
    """The rules in force when the person applied (step 1), else today's."""
    applied = next((r.date for r in records if r.number == 1), today)
    return RuleSet.for_region(region_code, applied)


def candidate_plan(
    ruleset: RuleSet | None,
    step_rules: list[PipelineStep],
    records: list[StepRecord],
    today: datetime.date,
    warn_days: int = 14,
    memo=None,
) -> list[StepView]:
    """Every step with its actual date, earliest and latest date, 公示 end and warnings."""
    by_number = {r.number: r for r in records}
    done = max(by_number, default=0)
    rules_by_number = {rule.number: rule for rule in step_rules}
    views: list[StepView] = []
    ends: dict[int, datetime.date] = {}  # step number → end of its 公示
    for rule in step_rules:
        view = StepView(
            rule, by_number.get(rule.number), is_next=rule.number == done + 1
        )
        base = by_number.get(rule.after_step)
        view.earliest, view.latest = step_window(rule, base.date if base else None)
        record = view.record
        if (
            rule.publicity_workdays
            and record
            and record.publicity_started_on
            and ruleset
        ):
            view.publicity_end, view.provisional = publicity_end(
                rule, ruleset, record.publicity_started_on, memo
            )
            ends[rule.number] = view.publicity_end
        if record:
            if view.earliest and record.date < view.earliest:
                view.warnings.append(f"早于最早日期 {view.earliest:%Y-%m-%d}")
            if view.latest and record.date > view.latest:
                view.warnings.append(f"超过时限 {view.latest:%Y-%m-%d}")
            _publicity_warnings(view, rule, record, rules_by_number, ends)
        elif view.is_next and view.latest:
            if today > view.latest:
                view.warnings.append(f"已超过时限 {view.latest:%Y-%m-%d}")
            elif (view.latest - today).days <= warn_days:
                view.warnings.append(f"临近时限 {view.latest:%Y-%m-%d}")
        views.append(view)
    return views


def _publicity_warnings(view, rule, record, rules_by_number, ends) -> None:
    """The 公示 on the side where the 细则 puts it, checked both ways: before the step (公示
    期满后才确定积极分子、发展对象) or after it (预审合格后公示，期满后才填写志愿书)."""
    if rule.publicity_workdays:
        started = record.publicity_started_on
        if not started:
            view.warnings.append(f"未登记公示（{rule.publicity_workdays}个工作日）")
        elif rule.publicity_after:
            if started < record.date:
                view.warnings.append(
                    f"公示应在{rule.name}之后开始（{record.date:%Y-%m-%d} 起）"
                )
        elif view.publicity_end and record.date <= view.publicity_end:
            view.warnings.append(f"公示期至 {view.publicity_end:%Y-%m-%d}，尚未期满")
    # a step timed from one whose 公示 follows it waits for that 公示 to end
    previous = rules_by_number.get(rule.after_step)
    if previous is not None and previous.publicity_after and previous.number in ends:
        end = ends[previous.number]
        if record.date <= end:
            view.warnings.append(
                f"{previous.name}后的公示期至 {end:%Y-%m-%d}，尚未期满"
            )


def steps_by_ruleset(ruleset_ids) -> dict[int, list[PipelineStep]]:
    steps: dict[int, list[PipelineStep]] = defaultdict(list)
    for step in PipelineStep.objects.filter(ruleset_id__in=ruleset_ids).order_by(
        "number"
    ):
        steps[step.ruleset_id].append(step)
    return steps


KIND_CHOICES = MeetingKind.choices


def candidate_plans(candidates, today: datetime.date) -> dict[int, tuple]:
    """{candidate id: (ruleset, plan)} for many candidates in three queries."""
    records: dict[int, list[StepRecord]] = defaultdict(list)
    for record in StepRecord.objects.filter(candidate__in=[c.pk for c in candidates]):
        records[record.candidate_id].append(record)
    pool = RuleSet.candidates_for({c.region_id for c in candidates})
    chosen = {}
    for c in candidates:
        applied = next((r.date for r in records[c.pk] if r.number == 1), today)
        chosen[c.pk] = RuleSet.pick(pool, c.region_id, applied)
    steps = steps_by_ruleset({rs.pk for rs in chosen.values() if rs})
    memo = (
        CalendarMemo()
    )  # every candidate's 公示 windows from one calendar read per year
    return {
        c.pk: (
            chosen[c.pk],
            candidate_plan(
                chosen[c.pk],
                steps[chosen[c.pk].pk] if chosen[c.pk] else [],
                records[c.pk],
                today,
                memo=memo,
            ),
        )
        for c in candidates
    }


def instructor_party_orgs(
    instructor_ids, start: datetime.date, end: datetime.date
) -> dict[int, set[int]]:
    """{instructor: party organizations of the organizations they were posted to in the period}."""
    from liangxin.roster.models import Assignment

    rows = (
        Assignment.objects.filter(
            instructor_id__in=instructor_ids,
            started_on__lte=end,
            organization__party_organization__isnull=False,
        )
        .exclude(ended_on__lt=start)
        .order_by()
        .values_list("instructor_id", "organization__party_organization_id")
        .distinct()
    )
    result: dict[int, set[int]] = defaultdict(set)
    for instructor_id, po_id in rows:
        result[instructor_id].add(po_id)
    return result


def party_org_instructors(party_org_ids) -> dict[int, tuple[int, str]]:
    """{party organization: (instructor id, name)} of a current posting, for worklist flags.
    Within a request memo each party organization is read once: the pipeline's candidates'
    party organizations, mostly among those the meetings and terms already read, cost no
    second query."""
    ids = set(party_org_ids)
    if not memo_active():
        return _party_org_instructors(ids)
    known = memoized(("party-org-instructors",), lambda: {})  # po: (pk, name) or None
    missing = ids - known.keys()
    if missing:
        found = _party_org_instructors(missing)
        known.update({po: found.get(po) for po in missing})
    return {po: known[po] for po in ids if known[po] is not None}


def _party_org_instructors(party_org_ids) -> dict[int, tuple[int, str]]:
    from liangxin.roster.models import Assignment

    rows = (
        Assignment.objects.filter(
            ended_on__isnull=True, organization__party_organization_id__in=party_org_ids
        )
        .order_by("started_on")
        .values_list(
            "organization__party_organization_id", "instructor_id", "instructor__name"
        )
    )
    return {po: (pk, name) for po, pk, name in rows}
