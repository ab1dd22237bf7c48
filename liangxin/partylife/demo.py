"""A year of party life for the demo county: meetings by the rules (about a fifth of the party
organizations behind), some 换届 done or late, 发展党员 candidates, service to society."""

import datetime

from liangxin.core.obligations import periods
from liangxin.orgs.models import Organization, PartyOrganization
from liangxin.partylife.compliance import rules_in_force
from liangxin.partylife.models import (
    Candidate,
    Election,
    Meeting,
    MeetingKind,
    ProcedureKind,
    ProcedureRun,
    ProcedureStepRecord,
    ProcedureTemplate,
    RunStatus,
    ServiceActivity,
    ServiceTheme,
    StepRecord,
    add_months,
)
from liangxin.roster.models import Assignment

TOPICS = {
    MeetingKind.MEMBERS: "学习贯彻党的路线方针政策，讨论支部重要事项",
    MeetingKind.COMMITTEE: "研究支部月度工作安排",
    MeetingKind.GROUP: "党小组学习交流",
    MeetingKind.LECTURE: "书记讲党课：立足岗位作贡献",
    MeetingKind.ACTIVITY_DAY: "重温入党誓词",
    MeetingKind.LIFE: "年度组织生活会",
    MeetingKind.EVALUATION: "年度民主评议党员",
    MeetingKind.TALK: "支委与党员谈心谈话",
}
THEMES = ["党史学习教育", "乡村振兴", "社会治理"]
SERVICES = [
    "走访慰问困难群众",
    "助力乡村产业发展",
    "参与社区志愿服务",
    "开展安全生产宣传",
    "捐资助学",
    "义务植树",
]


def _meeting_day(rng, period, today):
    last = min(period.end, today)
    return period.start + datetime.timedelta(
        days=rng.randint(0, (last - period.start).days)
    )


def build_demo(*, builder, region):
    TODAY = builder.today
    rng = builder.rng
    party_orgs = list(PartyOrganization.objects.filter(region=region).order_by("pk"))
    posted = set(
        Assignment.objects.filter(region=region, ended_on__isnull=True).values_list(
            "organization__party_organization_id", flat=True
        )
    )
    rulesets, rules = rules_in_force([region.code], TODAY)
    ruleset = rulesets[region.code]
    meetings = []
    for po in party_orgs:
        behind = rng.random() < 0.2
        members = max(po.formal_members + po.probationary_members, 1)
        for rule in rules.get(ruleset.pk, []):
            if not rule.applies_to(po) or not rule.required_count:
                continue
            for period in periods(TODAY.year, rule.cadence):
                if period.start > TODAY:
                    continue
                if period.end >= TODAY and rng.random() < 0.5:
                    continue  # the current period: about half not held yet
                if behind and rng.random() < 0.4:
                    continue
                expected = members if rule.kind != MeetingKind.COMMITTEE else 3
                present = max(expected // 2 + 1, expected - rng.randint(0, 2))
                meeting = Meeting(
                    region=region,
                    party_organization=po,
                    kind=rule.kind,
                    date=_meeting_day(rng, period, TODAY),
                    topic=TOPICS[rule.kind],
                    expected_count=expected,
                    present_count=min(present, expected),
                    instructor_attended=po.pk in posted and rng.random() < 0.75,
                    minutes="会议按议程进行，形成会议记录。",
                )
                if rule.kind == MeetingKind.EVALUATION:
                    graded = min(present, po.formal_members) or 1
                    meeting.excellent_count = graded // 4
                    meeting.qualified_count = graded - graded // 4
                meetings.append(meeting)
    Meeting.objects.bulk_create(meetings, batch_size=2000)

    # 换届: about half of the terms due this year were renewed on time
    elections = []
    for po in party_orgs:
        due = po.term_due_on
        if (
            due
            and datetime.date(TODAY.year, 1, 1) <= due <= TODAY
            and rng.random() < 0.5
        ):
            held = due - datetime.timedelta(days=rng.randint(5, 40))
            entitled = max(po.formal_members, 3)
            elections.append(
                Election(
                    region=region,
                    party_organization=po,
                    term_due_on=due,
                    request_on=add_months(held, -2),
                    approval_on=add_months(held, -1),
                    seats=3,
                    candidates=4,
                    entitled_count=entitled,
                    present_count=entitled,
                    held_on=held,
                    result="选举产生新一届支部委员会。",
                    new_term_years=3,
                    report_on=held + datetime.timedelta(days=7),
                )
            )
            po.term_started_on = held
    Election.objects.bulk_create(elections)
    PartyOrganization.objects.bulk_update(
        [e.party_organization for e in elections], ["term_started_on"]
    )

    # 发展党员: a few candidates per large branch at different steps
    candidates, steps = [], []
    for po in party_orgs:
        if po.formal_members < 5 or rng.random() < 0.5:
            continue
        for _ in range(rng.randint(1, 2)):
            candidates.append(
                Candidate(
                    region=region, party_organization=po, name=builder.fake.name()
                )
            )
    candidates = Candidate.objects.bulk_create(candidates)
    for index, candidate in enumerate(candidates):
        applied = TODAY - datetime.timedelta(days=rng.randint(60, 900))
        # adults of 20–34 when they applied (no draw from rng: the demo stays as it was)
        candidate.birth_date = add_months(applied, -12 * (20 + index % 15) - index % 11)
        plan = [
            (1, applied),
            (2, applied + datetime.timedelta(days=rng.randint(7, 40))),
            (3, add_months(applied, 4)),
        ]
        if (TODAY - applied).days > 520:
            plan += [
                (4, add_months(applied, 4) + datetime.timedelta(days=10)),
                (5, add_months(applied, 4) + datetime.timedelta(days=10)),
                (6, add_months(applied, 10)),
                (7, add_months(applied, 17)),
            ]
        plan = [(n, d) for n, d in plan if d <= TODAY]
        for number, date in plan:
            steps.append(
                StepRecord(
                    candidate=candidate,
                    number=number,
                    date=date,
                    publicity_started_on=date - datetime.timedelta(days=10)
                    if number in (3, 7)
                    else None,
                )
            )
        candidate.current_step = len(plan)
    StepRecord.objects.bulk_create(steps)
    Candidate.objects.bulk_update(candidates, ["current_step", "birth_date"])

    themes = ServiceTheme.objects.bulk_create(
        [ServiceTheme(region=region, name=name) for name in THEMES]
    )
    orgs = list(
        Organization.objects.filter(
            region=region, party_organization__isnull=False
        ).order_by("pk")[:60]
    )
    activities = []
    for org in orgs:
        for _ in range(rng.randint(0, 3)):
            activities.append(
                ServiceActivity(
                    region=region,
                    organization=org,
                    title=rng.choice(SERVICES),
                    date=TODAY - datetime.timedelta(days=rng.randint(1, 320)),
                    participants=rng.randint(5, 40),
                    beneficiaries=rng.randint(10, 300),
                )
            )
    activities = ServiceActivity.objects.bulk_create(activities)
    through = ServiceActivity.themes.through
    through.objects.bulk_create(
        [
            through(serviceactivity_id=a.pk, servicetheme_id=rng.choice(themes).pk)
            for a in activities
        ]
    )

    _build_procedures(
        rng,
        region,
        TODAY,
        elections,
        [m for m in meetings if m.kind == MeetingKind.LIFE],
    )


def _build_procedures(rng, region, today, elections, life_meetings):
    """工作指南 runs: the 换届 done this year walked through all steps; some 组织生活会 under way."""
    templates = {
        kind: ProcedureTemplate.for_region(region.code, kind, today)
        for kind in ProcedureKind.values
    }
    if not all(templates.values()):
        return
    counts = {kind: t.steps.count() for kind, t in templates.items()}
    runs, dates = [], []
    for e in elections:
        plan = [
            add_months(e.request_on, -1),
            e.request_on,
            e.approval_on,
            e.approval_on + datetime.timedelta(days=7),
            e.held_on,
            e.held_on,
            e.report_on,
        ]
        runs.append(
            ProcedureRun(
                region=region,
                party_organization=e.party_organization,
                kind=ProcedureKind.ELECTION,
                template=templates[ProcedureKind.ELECTION],
                planned_on=e.held_on,
                seats=e.seats,
                secretary_posts="书记1名",
                method="差额选举，无记名投票",
                election=e,
            )
        )
        dates.append(plan[: counts[ProcedureKind.ELECTION]])
    for m in life_meetings[: len(life_meetings) // 3]:
        done = rng.randint(2, counts[ProcedureKind.LIFE])
        plan = [
            m.date - datetime.timedelta(days=14),
            m.date,
            m.date + datetime.timedelta(days=10),
            m.date + datetime.timedelta(days=20),
        ][:done]
        plan = [d for d in plan if d <= today]
        runs.append(
            ProcedureRun(
                region=region,
                party_organization=m.party_organization,
                kind=ProcedureKind.LIFE,
                template=templates[ProcedureKind.LIFE],
                topic=m.topic,
                meeting=m,
                problems="理论学习不够系统；联系服务群众不够经常。",
                rectification="制定学习计划，每月集中学习\n党员联系职工群众，每季度走访一次",
            )
        )
        dates.append(plan)
    for run, plan in zip(runs, dates, strict=True):
        run.current_step = len(plan)
        run.status = RunStatus.DONE if len(plan) >= counts[run.kind] else RunStatus.OPEN
    runs = ProcedureRun.objects.bulk_create(runs)
    ProcedureStepRecord.objects.bulk_create(
        [
            ProcedureStepRecord(run=run, number=n, date=date, done_by="支部书记")
            for run, plan in zip(runs, dates, strict=True)
            for n, date in enumerate(plan, start=1)
        ]
    )
