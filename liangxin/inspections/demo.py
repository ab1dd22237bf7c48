"""Demo inspections of 保德县: open and covert checks, spot checks, rectifications, a plan."""

import datetime

from liangxin.core.models import Role, User
from liangxin.inspections import services
from liangxin.inspections.models import (
    Inspection,
    Kind,
    Rating,
    Satisfaction,
    VisitFrequency,
)
from liangxin.roster.models import Assignment

ISSUES = [
    "工作手册“问题困难”栏记录偏少。",
    "未按要求每月到企业开展工作。",
    "支部“三会一课”台账不全。",
    "群众反映的问题未及时跟踪办理。",
    "",
]


def build_demo(*, builder, region):
    TODAY = builder.today
    rng = builder.rng
    staff = {
        u.committee_id: u
        for u in User.objects.filter(role=Role.COMMITTEE_STAFF, region=region)
    }
    posts = list(
        Assignment.objects.filter(region=region, ended_on__isnull=True)
        .select_related("instructor")
        .order_by("instructor_id", "id")
    )
    seen = set()
    kinds = [Kind.FIELD, Kind.PHONE, Kind.OPEN, Kind.COVERT, Kind.HANDBOOK]
    for post in posts:
        if post.instructor_id in seen or rng.random() < 0.5:
            continue
        seen.add(post.instructor_id)
        user = staff.get(post.instructor.committee_id)
        if user is None:
            continue
        kind = rng.choice(kinds)
        issue = rng.choice(ISSUES)
        date = TODAY - datetime.timedelta(days=rng.randint(5, 120))
        inspection = services.record_inspection(
            user=user,
            inspection=Inspection(
                kind=kind,
                date=date,
                inspectors=f"{user.display_name}督查组",
                instructor=post.instructor,
                organization=post.organization,
                on_duty=rng.choice(
                    [Rating.GOOD, Rating.GOOD, Rating.FAIR, Rating.WEAK]
                ),
                contact_masses=rng.choice(Rating.values[:3]),
                problem_solving=rng.choice(Rating.values[:3]),
                handbook_records=rng.choice(Rating.values[:3]),
                issues=issue,
                result="存在问题，限期整改。" if issue else "情况良好。",
                follow_up="一个月内整改到位并报送整改情况。" if issue else "",
            ),
            private_note="企业负责人反映指导员近期来得少，待核实。"
            if kind == Kind.COVERT
            else "",
            sample_seed=rng.getrandbits(48),
        )
        if kind == Kind.PHONE:
            _answer_calls(rng, user, inspection)
        if issue:
            item = services.add_rectification(
                user=user,
                inspection=inspection,
                description=issue.rstrip("。") + "，限期整改。",
                owner=post.instructor.name,
                due_on=date + datetime.timedelta(days=30),
            )
            if rng.random() < 0.5 and item.due_on < TODAY:
                services.close_rectification(
                    user=user, item=item, verification="已整改到位。", on=item.due_on
                )
    county = User.objects.filter(role=Role.COUNTY_ADMIN, region=region).first()
    services.create_plan(
        user=county, name=f"{TODAY.year}年第四季度督查计划", size=6, seed=20261128
    )


COMMENTS = [
    "",
    "",
    "指导员很负责，帮我们理顺了党员组织关系。",
    "希望多来几次，帮助解决用工问题。",
    "来得少，平时联系不上。",
]


def _answer_calls(rng, user, inspection):
    """Most calls get through; the answers lean to 满意 (a demo, not a finding)."""
    for call in inspection.calls.order_by("id"):
        if rng.random() < 0.2:
            services.record_call(user=user, call=call, reached=False)
            continue
        services.record_call(
            user=user,
            call=call,
            reached=True,
            frequency=rng.choice(
                [
                    VisitFrequency.WEEKLY,
                    VisitFrequency.MONTHLY,
                    VisitFrequency.MONTHLY,
                    VisitFrequency.RARELY,
                ]
            ),
            satisfaction=rng.choice(
                [
                    Satisfaction.SATISFIED,
                    Satisfaction.SATISFIED,
                    Satisfaction.FAIRLY,
                    Satisfaction.UNSATISFIED,
                ]
            ),
            comment=rng.choice(COMMENTS),
        )
