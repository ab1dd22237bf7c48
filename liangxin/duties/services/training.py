"""Training events: organizing, enrolment, attendance and sign-in."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError
from liangxin.duties.models import Enrolment, SignInMethod, TrainingEvent
from liangxin.duties.services.base import instructor_of
from liangxin.duties.services.year_end import _county_admin_of


def can_organize(user, event: TrainingEvent) -> bool:
    """County admins of the region manage every training of it; a committee's staff manage
    only the trainings their own committee organizes (never the county's or the other
    committee's)."""
    if _county_admin_of(user, event.region_id):
        return True
    return (
        user.role == Role.COMMITTEE_STAFF
        and bool(user.committee_id)
        and user.region_id == event.region_id
        and event.committee_id == user.committee_id
    )


def can_create(user) -> bool:
    """County admins and committee staff (with their committee set) organize trainings."""
    if user.is_superuser or (user.role == Role.COUNTY_ADMIN and user.region_id):
        return True
    return user.role == Role.COMMITTEE_STAFF and bool(
        user.region_id and user.committee_id
    )


def save_training(
    *, user, event: TrainingEvent, expected_version: int | None = None
) -> TrainingEvent:
    from liangxin.core.services import create_record, update_record

    if not user.region_id and not user.is_superuser:
        raise ServiceError("您的账号未设置区划，不能组织培训。")
    if event.pk is None:
        event.region_id = event.region_id or user.region_id
        event.organizer = user
        event.committee_id = (
            user.committee_id if user.role == Role.COMMITTEE_STAFF else None
        )
        if not can_create(user) or not can_organize(user, event):
            raise ServiceError("只有县级管理员或行业党委可以组织培训。")
        return create_record(user=user, instance=event)
    if not can_organize(user, event):
        raise ServiceError("只有县级管理员或本培训的组织单位可以修改培训。")
    return update_record(user=user, instance=event, expected_version=expected_version)


def enrol(*, user, event: TrainingEvent, instructors) -> int:
    """Add instructors the user may see, of the event's region, to its list (already
    listed ones are skipped)."""
    from liangxin.roster.models import Instructor

    if not can_organize(user, event):
        raise ServiceError("只有培训组织人可以安排参训人员。")
    visible = set(
        Instructor.objects.visible_to(user)
        .filter(pk__in=[i.pk for i in instructors])
        .values_list("pk", flat=True)
    )
    instructors = [
        i for i in instructors if i.region_id == event.region_id and i.pk in visible
    ]
    if not instructors:
        raise ServiceError("请选择本区划的指导员。", field="instructors")
    with transaction.atomic():
        listed = set(event.enrolments.values_list("instructor_id", flat=True))
        new = [
            Enrolment(event=event, instructor=i)
            for i in instructors
            if i.pk not in listed
        ]
        Enrolment.objects.bulk_create(new)
        if new:
            audit.log(
                user=user,
                action=AuditAction.UPDATE,
                obj=event,
                note="安排参训：" + "、".join(e.instructor.name for e in new)[:400],
            )
    return len(new)


def mark_attendance(*, user, event: TrainingEvent, attended_ids) -> int:
    """The organizer ticks who attended; unticked ones are marked absent. Returns changes.

    Only enrolments of instructors within the user's scope are touched."""
    from liangxin.roster.models import Instructor

    if not can_organize(user, event):
        raise ServiceError("只有培训组织人可以登记签到。")
    if event.date > timezone.localdate():
        raise ServiceError("培训尚未举行，不能登记签到。")
    attended_ids = {int(i) for i in attended_ids}
    with transaction.atomic():
        rows = list(
            event.enrolments.select_for_update()
            .filter(instructor__in=Instructor.objects.visible_to(user))
            .select_related("instructor")
        )
        now, changed, names = timezone.now(), [], []
        for row in rows:
            present = row.instructor_id in attended_ids
            if present != row.attended:
                row.attended = present
                row.signed_in_at = now if present else None
                row.signed_in_via = SignInMethod.ORGANIZER if present else ""
                changed.append(row)
                names.append(
                    f"{row.instructor.name}{'签到' if present else '取消签到'}"
                )
        Enrolment.objects.bulk_update(
            changed, ["attended", "signed_in_at", "signed_in_via"]
        )
        if changed:
            audit.log(
                user=user,
                action=AuditAction.UPDATE,
                obj=event,
                note=("登记签到：" + "、".join(names))[:500],
            )
    return len(changed)


def self_sign_in(*, user, event: TrainingEvent, token: str) -> Enrolment:
    """The instructor opens the event's sign-in link on the day: enrolled ones only."""
    import hmac

    if not hmac.compare_digest(token or "", event.signin_token):
        raise ServiceError("签到链接无效，请向培训组织人索取最新二维码或链接。")
    if event.date != timezone.localdate():
        raise ServiceError(f"只能在培训当天（{event.date:%Y-%m-%d}）签到。")
    instructor = instructor_of(user)
    if instructor is None:
        raise ServiceError("只有党建工作指导员可以签到。")
    with transaction.atomic():
        row = (
            Enrolment.objects.select_for_update()
            .filter(event=event, instructor=instructor)
            .first()
        )
        if row is None:
            raise ServiceError("您不在本次培训名单中，请联系培训组织人。")
        if row.attended:
            raise ServiceError("您已签到，无需重复签到。")
        row.attended, row.signed_in_at = True, timezone.now()
        row.signed_in_via = SignInMethod.LINK
        row.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=event,
            note=f"本人签到：{instructor.name}",
        )
    return row


def training_hours(instructor_ids, start: datetime.date, end: datetime.date) -> dict:
    """{instructor_id: hours attended between start and end}, one query."""
    from django.db.models import Sum

    rows = (
        Enrolment.objects.filter(
            instructor_id__in=instructor_ids,
            attended=True,
            event__date__range=(start, end),
        )
        .order_by()
        .values("instructor_id")
        .annotate(total=Sum("event__hours"))
    )
    return {r["instructor_id"]: r["total"] for r in rows}


def elapsed_share(today: datetime.date) -> float:
    """The share of the year gone by at the end of `today` (1 Jan → 1/365)."""
    first = datetime.date(today.year, 1, 1)
    days = (
        366 if calendar.isleap(today.year) else 365
    )  # no 1 January of year + 1 needed
    return ((today - first).days + 1) / days


#: from this day on, an instructor behind the year's pace is flagged
TRAINING_RISK_FROM = (10, 1)


def training_at_risk(hours, target: int, today: datetime.date) -> bool:
    """Rule: from 1 October, hours below target × (share of the year elapsed)."""
    if (today.month, today.day) < TRAINING_RISK_FROM or target <= 0:
        return False
    return float(hours or 0) < target * elapsed_share(today)
