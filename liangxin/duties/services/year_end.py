"""Year-end duty reports (年终述职) and their evaluation (述职评议)."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, lock_for_update
from liangxin.duties.models import (
    GRADE_POINTS,
    DutyReport,
    DutyReportStatus,
    Enrolment,
    EvaluationRound,
    Grade,
    Rating,
    RoundStatus,
)
from liangxin.duties.services.base import (
    _audited_move,
    _own_instructor,
    _tell_instructor,
    _text,
    edit_own_text,
    instructor_of,
)
from liangxin.duties.services.reports import can_review
from liangxin.roster.models import Instructor


def start_duty_report(*, user, year: int | None = None) -> DutyReport:
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员可以填写述职报告。")
    year = year or timezone.localdate().year
    if DutyReport.objects.filter(instructor=instructor, year=year).exists():
        raise ServiceError("该年度的述职报告已存在，请直接编辑。", field="year")
    with transaction.atomic():
        report = DutyReport.objects.create(
            region_id=instructor.region_id,
            instructor=instructor,
            year=year,
            content=f"{year}年度述职报告\n一、履职基本情况：\n二、主要工作成效：\n"
            "三、存在的不足：\n四、下一步打算：\n",
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=report,
            after=audit.snapshot(report),
            note="起草年终述职报告",
        )
    return report


def edit_duty_report(
    *, user, report: DutyReport, content: str, expected_version: int | None = None
) -> DutyReport:
    return edit_own_text(
        user=user,
        model=DutyReport,
        record=report,
        field="content",
        value=content,
        required="请填写述职内容。",
        limit=20000,
        label="述职报告",
        note="修改年终述职报告",
        expected_version=expected_version,
    )


def submit_duty_report(
    *, user, report: DutyReport, expected_version: int | None = None
) -> DutyReport:
    _own_instructor(user, report)
    with transaction.atomic():
        report = lock_for_update(report, expected_version)
        _text(report.content, "请填写述职内容。", "content", 20000)
        _audited_move(
            user,
            report,
            DutyReportStatus.SUBMITTED,
            "",
            "提交年终述职报告",
            submitted_at=timezone.now(),
        )
    return report


def return_duty_report(
    *, user, report: DutyReport, comment: str, expected_version: int | None = None
) -> DutyReport:
    if not can_review(user, report):
        raise ServiceError("只有指导员所属行业党委或县级管理员可以退回述职报告。")
    comment = _text(comment, "退回时请填写退回意见。", "comment", 2000)
    with transaction.atomic():
        report = lock_for_update(report, expected_version)
        _audited_move(
            user,
            report,
            DutyReportStatus.RETURNED,
            comment,
            "退回年终述职报告",
            comment=comment,
        )
        rounds = report.transitions.filter(to_status=DutyReportStatus.RETURNED).count()
        _tell_instructor(
            report,
            f"{report.year}年述职报告被退回",
            f"duties.duty_report_returned:{report.pk}:{rounds}",
            body=comment,
        )
    return report


# --- year-end evaluation (述职评议) -----------------------------------------------------------


def _county_admin_of(user, region_id: str) -> bool:
    return user.is_superuser or (
        user.role == Role.COUNTY_ADMIN
        and bool(user.region_prefix)
        and region_id.startswith(user.region_prefix)
    )


def open_round(*, user, year: int) -> EvaluationRound:
    """The county admin opens the year's evaluation of the instructors of their region."""
    if user.role != Role.COUNTY_ADMIN or not user.region_id:
        raise ServiceError("只有县级管理员可以发起述职评议。")
    if EvaluationRound.objects.filter(region_id=user.region_id, year=year).exists():
        raise ServiceError("本区划该年度已发起述职评议。", field="year")
    with transaction.atomic():
        round_ = EvaluationRound.objects.create(
            region_id=user.region_id,
            year=year,
            opened_by=user,
            title=f"{year}年度党建工作指导员述职评议",
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=round_,
            after=audit.snapshot(round_),
            note="发起述职评议",
        )
    return round_


def move_round(
    *, user, round_: EvaluationRound, to: str, expected_version: int | None = None
) -> EvaluationRound:
    """Close the round (results shown to the instructors) or reopen it."""
    if not _county_admin_of(user, round_.region_id):
        raise ServiceError("只有县级管理员可以结束或重新开启述职评议。")
    with transaction.atomic():
        round_ = lock_for_update(round_, expected_version)
        _audited_move(
            user,
            round_,
            to,
            "",
            "结束述职评议" if to == RoundStatus.CLOSED else "重新开启述职评议",
        )
    return round_


def rateable_instructors(user, round_: EvaluationRound):
    """The instructors this user evaluates in the round: their committee's instructors (or
    those posted to the committee's organizations), the instructors posted to their
    organization, or their unit's instructors."""
    qs = Instructor.objects.filter(region_id=round_.region_id).active()
    if user.role == Role.COMMITTEE_STAFF and user.committee_id:
        qs = qs.filter(
            Q(committee_id=user.committee_id)
            | Q(
                assignments__organization__committee_id=user.committee_id,
                assignments__ended_on__isnull=True,
            )
        )
    elif user.role == Role.ORG_CONTACT and user.organization_id:
        qs = qs.filter(
            assignments__organization_id=user.organization_id,
            assignments__ended_on__isnull=True,
        )
    elif user.role == Role.UNIT_LIAISON and user.unit_id:
        qs = qs.filter(unit_id=user.unit_id)
    else:
        return qs.none()
    return qs.distinct().order_by("name", "pk")


def rate(
    *,
    user,
    round_: EvaluationRound,
    instructor: Instructor,
    grade: str,
    comment: str = "",
) -> Rating:
    """Record (or change, while the round is open) the user's grade of an instructor."""
    if round_.status != RoundStatus.OPEN:
        raise ServiceError("述职评议已结束，不能再评议。")
    if grade not in Grade.values:
        raise ServiceError("请选择评议等次（好、较好、一般、差）。", field="grade")
    if not rateable_instructors(user, round_).filter(pk=instructor.pk).exists():
        raise ServiceError("您不是该指导员的评议人。", field="instructor")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ServiceError("评议意见不能超过 500 字。", field="comment")
    if grade == Grade.POOR and not comment:
        raise ServiceError("评为“差”时请填写评议意见。", field="comment")
    with transaction.atomic():
        rating = (
            Rating.objects.select_for_update()
            .filter(round=round_, instructor=instructor, evaluator=user)
            .first()
        )
        before = audit.snapshot(rating) if rating else None
        if rating is None:
            rating = Rating(
                region_id=round_.region_id,
                round=round_,
                instructor=instructor,
                evaluator=user,
            )
        rating.grade, rating.comment, rating.rated_at = grade, comment, timezone.now()
        rating.save()
        # the log is on the rating itself: only county admins and auditors read audit logs
        audit.log(
            user=user,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=rating,
            before=before,
            after=audit.snapshot(rating),
            note="述职评议评分",
        )
    return rating


def round_scores(round_ids, instructor_ids=None) -> dict[tuple[int, int], dict]:
    """{(round_id, instructor_id): {"count", "score", "grades": {grade: n}}} in one query.
    Anonymous by construction: no evaluator in the result."""
    from django.db.models import Count

    rows = Rating.objects.filter(round_id__in=round_ids)
    if instructor_ids is not None:
        rows = rows.filter(instructor_id__in=instructor_ids)
    result: dict[tuple[int, int], dict] = {}
    for r in (
        rows.order_by()
        .values("round_id", "instructor_id", "grade")
        .annotate(n=Count("pk"))
    ):
        entry = result.setdefault(
            (r["round_id"], r["instructor_id"]), {"count": 0, "points": 0, "grades": {}}
        )
        entry["count"] += r["n"]
        entry["points"] += GRADE_POINTS[r["grade"]] * r["n"]
        entry["grades"][r["grade"]] = r["n"]
    for entry in result.values():
        entry["score"] = round(entry.pop("points") / entry["count"], 1)
    return result


def remind_duty_reports_and_trainings(
    today: datetime.date | None = None,
) -> tuple[int, int]:
    """Instructors with an open round and no submitted duty report; enrolled instructors of a
    training in the next 3 days. Each notice keyed, so a second run sends nothing."""
    today = today or timezone.localdate()
    duty = 0
    for round_ in EvaluationRound.objects.filter(
        status=RoundStatus.OPEN, year=today.year
    ):
        handed = DutyReport.objects.filter(
            year=round_.year, status=DutyReportStatus.SUBMITTED
        ).values("instructor_id")
        for instructor in (
            Instructor.objects.filter(region_id=round_.region_id, user__isnull=False)
            .active()
            .exclude(pk__in=handed)
            .select_related("user")
        ):
            _, created = notify(
                recipient=instructor.user,
                title=f"请提交{round_.year}年度述职报告",
                body=f"{round_.title}正在进行，请尽快提交述职报告。",
                url=reverse("duties:duty_report_create"),
                key=f"duties.duty_report_due:{round_.pk}:{instructor.pk}",
            )
            duty += created
    trained = 0
    upcoming = Enrolment.objects.filter(
        event__date__range=(today, today + datetime.timedelta(days=3)),
        instructor__user__isnull=False,
    ).select_related("event", "instructor__user")
    for row in upcoming:
        _, created = notify(
            recipient=row.instructor.user,
            title=f"培训提醒：{row.event.title}",
            body=f"{row.event.date:%Y-%m-%d} {row.event.location}，"
            f"{row.event.hours} 学时，请按时参加并签到。",
            url=row.event.get_absolute_url(),
            key=f"duties.training_upcoming:{row.event_id}:{row.instructor_id}",
        )
        trained += created
    return duty, trained
