"""Demo duties for 2026: monthly reports (most accepted, some late or missing) and a few
important-matter requests in every state."""

import datetime

from django.utils import timezone

from liangxin.core.models import Role, User
from liangxin.core.obligations import periods
from liangxin.core.workcalendar import add_workdays
from liangxin.duties.models import (
    DutyReport,
    Enrolment,
    EvaluationRound,
    LeaveRequest,
    MatterRequest,
    MatterRequestTransition,
    Notice,
    Rating,
    RegularReport,
    ReportStatus,
    ReportTransition,
    RequestStatus,
    TrainingEvent,
)
from liangxin.roster.models import Assignment

SUBJECTS = [
    ("拟调整党支部书记", "原支部书记工作调动，拟由副书记接任，特此请示。"),
    ("拟发展两名职工为入党积极分子", "两名职工递交入党申请书已满三个月，表现良好。"),
    ("拟与社区党组织开展联建活动", "计划下月联合开展主题党日，请示是否可行。"),
    ("企业拟成立工会组织", "企业职工超过 50 人，拟筹建工会，请示指导意见。"),
]


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def build_demo(*, builder, region):
    TODAY = builder.today
    rng = builder.rng
    posts = list(
        Assignment.objects.filter(region=region, ended_on__isnull=True)
        .select_related("instructor__user", "organization")
        .order_by("instructor_id", "pk")
    )
    staff = {
        u.committee_id: u
        for u in User.objects.filter(
            role=Role.COMMITTEE_STAFF, committee__region=region
        )
    }
    instructors = {post.instructor_id: post.instructor for post in posts}
    reports = []
    for instructor in instructors.values():
        for period in periods(TODAY.year, "monthly"):
            due = add_workdays(period.end + datetime.timedelta(days=1), 5).end
            if due >= TODAY or rng.random() < 0.08:
                continue  # not due yet, or never handed in (flagged as overdue)
            delay = rng.choice([0, 1, 2, 3, 4, 6, 9]) if rng.random() < 0.85 else 12
            submitted = min(due + datetime.timedelta(days=delay - 4), TODAY)
            status = (
                ReportStatus.ACCEPTED if rng.random() < 0.85 else ReportStatus.SUBMITTED
            )
            reports.append(
                RegularReport(
                    region=region,
                    instructor=instructor,
                    period_start=period.start,
                    period_end=period.end,
                    period_label=period.label,
                    due_on=due,
                    summary=f"{period.label}工作汇报：按要求到组织开展工作，指导落实“三会一课”，"
                    "收集并协调解决职工反映的问题。下一步将继续规范组织生活。",
                    status=status,
                    submitted_at=_aware(submitted),
                    comment="已阅，同意。" if status == ReportStatus.ACCEPTED else "",
                )
            )
    reports = RegularReport.objects.bulk_create(reports, batch_size=2000)
    ReportTransition.objects.bulk_create(
        [
            step
            for report in reports
            for step in (
                [
                    ReportTransition(
                        report=report,
                        from_status="draft",
                        to_status="submitted",
                        by=report.instructor.user,
                        at=report.submitted_at,
                        note="演示数据",
                    )
                ]
                + (
                    [
                        ReportTransition(
                            report=report,
                            from_status="submitted",
                            to_status="accepted",
                            by=staff.get(report.instructor.committee_id),
                            at=report.submitted_at + datetime.timedelta(days=2),
                            note="已阅，同意。",
                        )
                    ]
                    if report.status == ReportStatus.ACCEPTED
                    else []
                )
            )
        ],
        batch_size=2000,
    )
    _requests(builder, region, posts[:12], staff, TODAY)
    _trainings(builder, region, list(instructors.values()), TODAY)
    _notices(region, list(instructors.values()), TODAY)
    _year_end(builder, region, posts, staff, TODAY)
    _leave(region, list(instructors.values()))


def _requests(builder, region, posts, staff, today):
    rng = builder.rng
    plan = (
        [RequestStatus.REPLIED] * 6
        + [RequestStatus.SUBMITTED] * 3
        + [RequestStatus.RETURNED, RequestStatus.WITHDRAWN, RequestStatus.DRAFT]
    )
    requests, moves = [], []
    for post, status in zip(posts, plan, strict=False):
        subject, content = rng.choice(SUBJECTS)
        submitted_on = today - datetime.timedelta(days=rng.randint(2, 60))
        window = add_workdays(submitted_on, 5, count_start=False)
        reviewer = staff.get(post.organization.committee_id)
        replied = status == RequestStatus.REPLIED
        requests.append(
            MatterRequest(
                region=region,
                instructor=post.instructor,
                organization=post.organization,
                subject=subject,
                content=content,
                status=status,
                urgency="urgent" if rng.random() < 0.25 else "normal",
                submitted_at=None
                if status == RequestStatus.DRAFT
                else _aware(submitted_on),
                reply_due=None if status == RequestStatus.DRAFT else window.end,
                decision=rng.choice(["agree", "agree", "other"]) if replied else "",
                reply="同意，请按程序办理。" if replied else "",
                replied_by=reviewer if replied else None,
                replied_at=_aware(
                    submitted_on + datetime.timedelta(days=rng.randint(1, 8))
                )
                if replied
                else None,
            )
        )
    requests = MatterRequest.objects.bulk_create(requests)
    path = {
        RequestStatus.SUBMITTED: ["submitted"],
        RequestStatus.REPLIED: ["submitted", "replied"],
        RequestStatus.RETURNED: ["submitted", "returned"],
        RequestStatus.WITHDRAWN: ["submitted", "withdrawn"],
    }
    for request in requests:
        previous = "draft"
        for step in path.get(request.status, []):
            by = (
                request.instructor.user
                if step in ("submitted", "withdrawn")
                else staff.get(request.organization.committee_id)
            )
            moves.append(
                MatterRequestTransition(
                    request=request,
                    from_status=previous,
                    to_status=step,
                    by=by,
                    at=request.replied_at
                    if step == "replied"
                    else request.submitted_at,
                    note="演示数据",
                )
            )
            previous = step
    MatterRequestTransition.objects.bulk_create(moves)


def _trainings(builder, region, instructors, today):
    """Two party-affairs classes and one exchange meeting, with attendance."""
    county = User.objects.filter(role=Role.COUNTY_ADMIN, region=region).first()
    plans = [
        (
            "2026年党建工作指导员党务知识培训班（第一期）",
            "class",
            datetime.date(2026, 4, 16),
            12,
        ),
        (
            "2026年党建工作指导员党务知识培训班（第二期）",
            "class",
            datetime.date(2026, 9, 10),
            8,
        ),
        ("两新组织党建工作经验交流会", "exchange", datetime.date(2026, 11, 5), 4),
    ]
    events = TrainingEvent.objects.bulk_create(
        [
            TrainingEvent(
                region=region,
                title=title,
                kind=kind,
                date=date,
                hours=hours,
                location="县委党校",
                organizer=county,
                plan="上午：专题辅导；下午：分组讨论、交流发言。",
                materials="《中国共产党支部工作条例（试行）》\n《党建工作指导员工作手册》",
            )
            for title, kind, date, hours in plans
        ]
    )
    rows = []
    for event in events:
        for instructor in instructors:
            attended = builder.rng.random() < 0.85
            rows.append(
                Enrolment(
                    event=event,
                    instructor=instructor,
                    attended=attended,
                    signed_in_at=_aware(event.date, 9) if attended else None,
                    signed_in_via=(
                        "link" if builder.rng.random() < 0.6 else "organizer"
                    )
                    if attended
                    else "",
                )
            )
    Enrolment.objects.bulk_create(rows, batch_size=2000)


def _notices(region, instructors, today):
    if len(instructors) < 3:
        return
    good, weak = instructors[0], instructors[-1]
    published = _aware(today - datetime.timedelta(days=20))
    commendation, criticism = Notice.objects.bulk_create(
        [
            Notice(
                region=region,
                kind="commendation",
                status="published",
                published_at=published,
                title=f"关于表扬{good.name}等同志的通报",
                body=f"{good.name}同志驻企以来，每月到岗均超过规定天数，帮助企业建立党支部，"
                "规范“三会一课”，协调解决职工工资拖欠问题，受到企业和职工好评。"
                "现予以通报表扬，希望全体指导员向其学习。",
            ),
            Notice(
                region=region,
                kind="criticism",
                status="published",
                published_at=published,
                title="关于部分指导员到岗天数不足的通报",
                body=f"经督查，{weak.name}同志 10 月到岗天数不足规定要求，工作手册记录简单。"
                "现予以通报批评，请限期整改。",
            ),
        ]
    )
    commendation.instructors.set([good, instructors[1]])
    criticism.instructors.set([weak])


def _year_end(builder, region, posts, staff, today):
    """The year's evaluation in progress: most reports handed in, some ratings given."""
    county = User.objects.filter(role=Role.COUNTY_ADMIN, region=region).first()
    round_ = EvaluationRound.objects.create(
        region=region,
        year=today.year,
        opened_by=county,
        title=f"{today.year}年度党建工作指导员述职评议",
    )
    instructors = {p.instructor_id: p.instructor for p in posts}
    submitted = [builder.rng.random() < 0.7 for _ in instructors]
    DutyReport.objects.bulk_create(
        [
            DutyReport(
                region=region,
                instructor=i,
                year=today.year,
                status="submitted" if handed_in else "draft",
                # a draft has not been handed in: no submission time
                submitted_at=_aware(today - datetime.timedelta(days=3))
                if handed_in
                else None,
                content=f"{today.year}年度述职报告\n一、履职基本情况：按要求到岗，"
                "指导组织开展组织生活。\n二、主要工作成效：协助发展入党积极分子。\n"
                "三、存在的不足：理论学习不够系统。\n四、下一步打算：加强学习。",
            )
            for i, handed_in in zip(instructors.values(), submitted, strict=True)
        ]
    )
    contacts = {
        u.organization_id: u
        for u in User.objects.filter(role=Role.ORG_CONTACT, organization__region=region)
    }
    ratings, seen = [], set()
    grades = ["good", "good", "fair", "fair", "average", "poor"]
    for post in posts[: len(posts) // 2]:
        for evaluator in (
            staff.get(post.instructor.committee_id),
            contacts.get(post.organization_id),
        ):
            if evaluator is None or (post.instructor_id, evaluator.pk) in seen:
                continue
            seen.add((post.instructor_id, evaluator.pk))
            grade = builder.rng.choice(grades)
            ratings.append(
                Rating(
                    region=region,
                    round=round_,
                    instructor=post.instructor,
                    evaluator=evaluator,
                    grade=grade,
                    comment="材料较简单，需加强。" if grade == "poor" else "",
                )
            )
    Rating.objects.bulk_create(ratings)


def _leave(region, instructors):
    if len(instructors) < 2:
        return
    LeaveRequest.objects.bulk_create(
        [
            LeaveRequest(
                region=region,
                instructor=instructors[1],
                start=datetime.date(2026, 10, 19),
                end=datetime.date(2026, 10, 21),
                days=3,
                reason="参加派出单位集中学习",
                status="approved",
            ),
            LeaveRequest(
                region=region,
                instructor=instructors[2],
                start=datetime.date(2026, 11, 30),
                end=datetime.date(2026, 11, 30),
                days=1,
                reason="就医",
                status="pending",
            ),
        ]
    )
