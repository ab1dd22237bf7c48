"""A year of handbook entries, problems and work plans for the demo county."""

import datetime

from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.handbook.models import (
    HandbookEntry,
    Problem,
    ProblemCategory,
    ProblemStatus,
    ProblemTransition,
    RaisedByKind,
    Section,
    WorkPlan,
    WorkPlanProgress,
)
from liangxin.roster.models import Assignment

THOUGHTS = [
    "党员普遍关注企业转型升级，希望多组织政策学习。",
    "职工对社保缴纳情况较为关心，思想总体稳定。",
    "青年职工入党积极性较高，有两人表示愿意递交入党申请书。",
    "部分党员参加组织生活积极性不高，需加强教育引导。",
]
WORK = [
    "指导支部完善“三会一课”台账，规范会议记录。",
    "宣讲惠企政策，帮助企业申报稳岗补贴。",
    "参加支部主题党日，围绕安全生产开展学习讨论。",
    "协助企业开展职工技能比武，推动党建与生产经营融合。",
]
PROBLEMS = [
    (ProblemCategory.LABOUR, RaisedByKind.EMPLOYEE, "部分职工工资发放不及时。"),
    (
        ProblemCategory.BUSINESS,
        RaisedByKind.MANAGER,
        "企业融资困难，希望了解贴息贷款政策。",
    ),
    (ProblemCategory.POLICY, RaisedByKind.MEMBER, "党员询问组织关系转接办理流程。"),
    (ProblemCategory.LIVING, RaisedByKind.EMPLOYEE, "职工子女入学需要协调。"),
    (ProblemCategory.PARTY, RaisedByKind.MEMBER, "党员活动室面积不足，缺少学习资料。"),
]


def build_demo(*, builder, region):
    TODAY = builder.today
    rng = builder.rng
    posts = list(
        Assignment.objects.filter(region=region, ended_on__isnull=True).select_related(
            "organization"
        )
    )
    entries, plans = [], []
    for post in posts:
        org = post.organization
        profile_on = max(post.started_on, TODAY - datetime.timedelta(days=330))
        entries.append(
            HandbookEntry(
                region=region,
                instructor_id=post.instructor_id,
                organization=org,
                section=Section.PROFILE,
                date=profile_on,
                title="组织基本情况",
                content=f"{org.name}，从业人员 {org.employees} 人，正式党员 {org.formal_members} 名。"
                f"{'已建立党组织。' if org.party_organization_id else '尚未建立党组织。'}",
            )
        )
        plans.append(
            WorkPlan(
                region=region,
                instructor_id=post.instructor_id,
                organization=org,
                year=TODAY.year,
                goals="推动党的组织和工作有效覆盖，规范组织生活。",
                measures="每月到企业不少于一次；指导落实“三会一课”；培养入党积极分子。",
                milestones="3月前完成调研；6月前完成制度建设；12月前完成年度总结。",
            )
        )
    confirmed = list(
        Visit.objects.filter(region=region, status=VisitStatus.CONFIRMED).order_by(
            "date", "pk"
        )
    )
    for visit in confirmed:
        if rng.random() < 0.35:
            section = Section.THOUGHTS if rng.random() < 0.4 else Section.WORK
            text = rng.choice(THOUGHTS if section == Section.THOUGHTS else WORK)
            entries.append(
                HandbookEntry(
                    region=region,
                    instructor_id=visit.instructor_id,
                    organization_id=visit.organization_id,
                    section=section,
                    date=visit.date,
                    title="思想动态" if section == Section.THOUGHTS else "工作记录",
                    content=text,
                    visit=visit,
                )
            )
    HandbookEntry.objects.bulk_create(entries, batch_size=2000)
    plans = WorkPlan.objects.bulk_create(plans, batch_size=2000)
    WorkPlanProgress.objects.bulk_create(
        [
            WorkPlanProgress(
                plan=plan,
                date=datetime.date(TODAY.year, month, 28),
                percent=percent,
                content=text,
            )
            for plan in plans
            for month, percent, text in [
                (3, 30, "已完成调研，摸清党员底数。"),
                (6, 60, "建立健全支部工作制度。"),
                (10, 85, "组织生活基本规范。"),
            ]
            if rng.random() < 0.8
        ]
    )
    _problems(builder, region, confirmed, TODAY)


def _problems(builder, region, visits, today):
    rng = builder.rng
    problems, moves = [], []
    for visit in visits:
        if rng.random() > 0.05:
            continue
        category, kind, text = rng.choice(PROBLEMS)
        age = (today - visit.date).days
        roll = rng.random()
        if age < 20 or roll < 0.15:
            status = ProblemStatus.OPEN if roll < 0.1 else ProblemStatus.IN_PROGRESS
        elif roll < 0.3:
            status = ProblemStatus.REFERRED
        elif roll < 0.7:
            status = ProblemStatus.CLOSED
        else:
            status = ProblemStatus.RESOLVED
        resolved_on = None
        if status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED):
            resolved_on = min(
                today, visit.date + datetime.timedelta(days=rng.randint(3, 40))
            )
        problem = Problem(
            region=region,
            instructor_id=visit.instructor_id,
            organization_id=visit.organization_id,
            raised_by_kind=kind,
            category=category,
            description=text,
            raised_on=visit.date,
            status=status,
            referred_to="县人力资源和社会保障局"
            if status == ProblemStatus.REFERRED
            else "",
            resolution="已协调相关部门解决。" if resolved_on else "",
            resolved_on=resolved_on,
        )
        problems.append(problem)
    problems = Problem.objects.bulk_create(problems, batch_size=2000)
    path = {
        ProblemStatus.IN_PROGRESS: [ProblemStatus.IN_PROGRESS],
        ProblemStatus.RESOLVED: [ProblemStatus.IN_PROGRESS, ProblemStatus.RESOLVED],
        ProblemStatus.REFERRED: [ProblemStatus.IN_PROGRESS, ProblemStatus.REFERRED],
        ProblemStatus.CLOSED: [
            ProblemStatus.IN_PROGRESS,
            ProblemStatus.RESOLVED,
            ProblemStatus.CLOSED,
        ],
    }
    for problem in problems:
        previous = ProblemStatus.OPEN
        for step in path.get(problem.status, []):
            moves.append(
                ProblemTransition(
                    problem=problem,
                    from_status=previous,
                    to_status=step,
                    note="演示数据",
                )
            )
            previous = step
    ProblemTransition.objects.bulk_create(moves, batch_size=2000)
