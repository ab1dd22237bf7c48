"""Visits: record (on site or late), confirm or dispute by the organization's contact, and the
committee's review (the monthly minimum is in liangxin/fieldwork/compliance.py)."""

import datetime
import decimal
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from liangxin.core import facts
from liangxin.core.models import Policy, Role, User
from liangxin.core.models.region import region_chain
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.uploads import IMAGE_TYPES, check_upload
from liangxin.core.workflow import transition
from liangxin.fieldwork.models import (
    RecordedVia,
    Visit,
    VisitStatus,
    validate_activities,
)
from liangxin.orgs.models import Organization
from liangxin.roster.models import Assignment, Instructor, InstructorStatus

EARTH_RADIUS_M = 6_371_008.8
_MICRO = decimal.Decimal("0.000001")


def haversine_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres between two WGS-84 points."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _coordinate(value, field: str, limit: int):
    if value in (None, ""):
        return None
    try:
        number = decimal.Decimal(str(value)).quantize(_MICRO)
    except (decimal.InvalidOperation, ValueError):
        raise ServiceError("定位数据无效。", field=field) from None
    if not -limit <= number <= limit:
        raise ServiceError("定位数据超出范围。", field=field)
    return number


def _accuracy(value):
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ServiceError("定位精度无效。", field="accuracy") from None
    if not 0 <= number < 1e7 or math.isnan(number):
        raise ServiceError("定位精度无效。", field="accuracy")
    return round(number)


PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {ext: content_type for ext, (content_type, _) in IMAGE_TYPES.items()}


def _photo_extension(upload) -> str | None:
    """The photo's real type from its first bytes, after checking its size."""
    if upload is None:
        return None
    return check_upload(
        upload,
        types=IMAGE_TYPES,
        max_bytes=PHOTO_MAX_BYTES,
        field="photo",
        what="照片",
        formats="JPEG、PNG 或 WebP 图片",
    )


def _existing_for_key(user, key: str):
    visit = (
        Visit.objects.select_related("instructor").filter(idempotency_key=key).first()
    )
    if visit is not None and visit.instructor.user_id != user.pk:
        raise ServiceError("该提交编号已被使用。", field="idempotency_key")
    if visit is not None:
        visit.replayed = True  # the API answers 200 instead of 201
    return visit


SAME_DAY = "您当天已记录过该组织的到岗，同一组织一天只能记录一次。"

#: a phone's own time may run this far ahead of the server's clock and still be believed
CLOCK_SKEW = datetime.timedelta(minutes=5)


def offline_window() -> datetime.timedelta:
    """How long an offline check-in may wait on the phone and keep the phone's time."""
    return datetime.timedelta(hours=settings.VISIT_OFFLINE_WINDOW_HOURS)


def device_time_believed(
    device_time: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """The server's receive time is the truth; the phone's time is believed only within
    the offline queue's age window (and never ahead beyond a little clock skew)."""
    return (
        device_time is not None
        and now - offline_window() <= device_time <= now + CLOCK_SKEW
    )


def record_visit(
    *,
    user,
    organization: Organization,
    date: datetime.date,
    activities: list,
    summary: str = "",
    latitude=None,
    longitude=None,
    accuracy=None,
    idempotency_key: str | None = None,
    on_site: bool = True,
    recorded_at: datetime.datetime | None = None,
    device: str = "",
    photo=None,
) -> Visit:
    """Record a visit by the instructor who is `user`; a repeated idempotency key returns the
    visit stored the first time (an offline check-in sent twice is stored once), marked
    `replayed`."""
    key = (idempotency_key or "").strip() or None
    if key is not None:
        if len(key) > 64:
            raise ServiceError("提交编号过长。", field="idempotency_key")
        existing = _existing_for_key(user, key)
        if existing is not None:
            return existing
    instructor = (
        Instructor.objects.filter(user=user, user__isnull=False).first()
        if user.is_authenticated
        else None
    )
    if instructor is None:
        raise ServiceError("只有党建工作指导员本人可以记录到岗。")
    if instructor.status != InstructorStatus.ACTIVE:
        raise ServiceError(
            f"您的指导员状态为“{instructor.get_status_display()}”，不能记录到岗。"
        )
    today = timezone.localdate()
    if date > today:
        raise ServiceError("到岗日期不能晚于今天。", field="date")
    check_month_open(organization.region_id, date)
    try:
        validate_activities(list(activities or []))
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="activities") from None
    activities = list(activities)
    lat = _coordinate(latitude, "latitude", 90)
    lon = _coordinate(longitude, "longitude", 180)
    if (lat is None) != (lon is None):
        raise ServiceError("定位数据不完整。", field="latitude")
    acc = _accuracy(accuracy)
    photo_extension = _photo_extension(photo)
    now = timezone.now()
    device_time = recorded_at
    believed = device_time_believed(device_time, now)
    recorded_at = min(device_time, now) if believed else now
    if on_site and (
        (device_time is not None and not believed)
        or timezone.localtime(recorded_at).date() != date
    ):
        # an on-site check-in is made on the day; an offline one is believed only while
        # it is within the offline queue's age. Anything else is a late entry (补录),
        # whatever the client claims.
        on_site = False

    assignments = Assignment.objects.filter(
        instructor=instructor, organization=organization
    )
    assignment = (
        assignments.filter(started_on__lte=date)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date))
        .first()
    )
    if assignment is None:
        if assignments.exists():
            raise ServiceError("该日期不在您派驻该组织的期间内。", field="date")
        raise ServiceError("该组织不是您派驻的组织。", field="organization")
    policy = Policy.for_region_year(organization.region_id, date.year)
    # beyond the window the entry is kept but waits for the committee's approval
    beyond_window = (today - date).days > policy.late_entry_days
    if Visit.objects.filter(
        instructor=instructor, organization=organization, date=date
    ).exists():
        raise ServiceError(SAME_DAY, field="date")

    distance = None
    needs_review = False
    if (
        lat is not None
        and organization.latitude is not None
        and organization.longitude is not None
    ):
        distance = round(
            haversine_m(lat, lon, organization.latitude, organization.longitude)
        )
        needs_review = distance > policy.geofence_meters
    visit = Visit(
        region_id=organization.region_id,
        instructor=instructor,
        organization=organization,
        assignment=assignment,
        date=date,
        activities=activities,
        summary=(summary or "").strip(),
        recorded_via=RecordedVia.ON_SITE if on_site else RecordedVia.LATE_ENTRY,
        recorded_at=recorded_at,
        received_at=now,
        device_time=device_time,
        device=(device or "")[:200],
        latitude=lat,
        longitude=lon,
        accuracy=acc,
        distance_m=distance,
        needs_review=needs_review,
        idempotency_key=key,
        status=VisitStatus.AWAITING_APPROVAL if beyond_window else VisitStatus.PENDING,
    )
    if photo_extension is not None:
        visit.photo = File(photo, name=f"photo.{photo_extension}")
    note = "现场签到" if on_site else "事后补录"
    if beyond_window:
        note += f"；超过补录期限（{policy.late_entry_days} 天），待行业党委审批"
    if needs_review:
        note += (
            f"；距组织 {distance} 米，超出签到范围 {policy.geofence_meters} 米，需核查"
        )
    try:
        with transaction.atomic():
            create_record(user=user, instance=visit, note=note)
            facts.changed(instructor_id=visit.instructor_id, on=visit.date)
            if beyond_window:
                _notify_reviewers(visit)
            else:
                _notify_contacts(visit)
            return visit
    except (ServiceError, ValidationError, IntegrityError) as exc:
        if visit.photo and visit.photo.name.startswith("visit-photos/"):
            visit.photo.delete(save=False)  # the file was written before the row failed
        # a concurrent request with the same key won the race: answer with its visit
        if key is not None and (existing := _existing_for_key(user, key)) is not None:
            return existing
        # two phones of one instructor, the same organization and day, at the same moment:
        # the one that lost the race hears what it would have heard a moment later
        stopped_by_a_row = isinstance(exc, ValidationError | IntegrityError) or (
            isinstance(exc.__cause__, IntegrityError)  # create_record's own wording
        )
        if stopped_by_a_row and (
            Visit.objects.filter(
                instructor=instructor, organization=organization, date=date
            ).exists()
        ):
            raise ServiceError(SAME_DAY, field="date") from exc
        if isinstance(exc, ValidationError):
            raise ServiceError(exc.messages[0]) from exc
        if isinstance(exc, IntegrityError):
            raise ServiceError("保存失败：数据与已有记录冲突，请检查后重试。") from exc
        raise


def can_decide(user, visit: Visit) -> bool:
    """Only the contact of the visited organization confirms or disputes a visit."""
    return (
        user.is_authenticated
        and user.role == Role.ORG_CONTACT
        and user.organization_id is not None
        and user.organization_id == visit.organization_id
    )


def _decide(
    user,
    visit: Visit,
    status: str,
    reason: str,
    note: str,
    expected_version: int | None,
) -> Visit:
    if not can_decide(user, visit):
        raise ServiceError("只有该组织的党建联络员可以确认或提出异议。")

    def still_pending(current: Visit) -> None:
        if current.status != VisitStatus.PENDING:
            raise ServiceError(
                f"该到岗记录已处理（{current.get_status_display()}），不能重复操作。"
            )
        check_month_open(current.region_id, current.date)

    with transaction.atomic():
        transition(
            visit,
            status,
            user=user,
            expected_version=expected_version,
            note=reason,
            audit_note=note,
            check=still_pending,
            changes={
                "confirmed_by": user,
                "confirmed_at": timezone.now(),
                "dispute_reason": reason,
            },
        )
        if status == VisitStatus.CONFIRMED:
            _geofence_from_first_check_in(user, visit)
        facts.changed(instructor_id=visit.instructor_id, on=visit.date)
    return visit


# --- closed months, the committee's review, the geofence from first check-ins --------------

CLOSED_MONTH_MESSAGE = "该月已结账，不能再修改。"


def is_month_closed(region_id: str, date: datetime.date) -> bool:
    """A month closed for the region or any region above it."""
    from liangxin.fieldwork.models import MonthClose

    return MonthClose.objects.filter(
        region_id__in=region_chain(region_id), year=date.year, month=date.month
    ).exists()


def check_month_open(region_id: str, date: datetime.date) -> None:
    if is_month_closed(region_id, date):
        raise ServiceError(CLOSED_MONTH_MESSAGE, field="date")


def can_review(user, visit: Visit) -> bool:
    """The committee of the visited organization, or the county above it, decides."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.COMMITTEE_STAFF:
        return (
            user.committee_id is not None
            and user.committee_id == visit.organization.committee_id
        )
    if user.role == Role.COUNTY_ADMIN:
        return bool(user.region_id) and visit.region_id.startswith(user.region_prefix)
    return False


def confirm_within_days(region_id: str, year: int) -> int:
    return Policy.for_region_year(region_id, year).confirm_within_days


def _review(
    user,
    visit: Visit,
    *,
    allowed: tuple[str, ...],
    status: str,
    reason: str,
    note: str,
    reason_required: bool,
    expected_version: int | None,
) -> Visit:
    if not can_review(user, visit):
        raise ServiceError("只有该组织所属行业党委或县级管理员可以审批。")
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise ServiceError("请填写理由。", field="reason")
    if len(reason) > 500:
        raise ServiceError("理由不能超过 500 字。", field="reason")

    def reviewable(current: Visit) -> None:
        if current.status not in allowed:
            raise ServiceError(
                f"该到岗记录当前为“{current.get_status_display()}”，不能进行此操作。"
            )
        if current.status == VisitStatus.PENDING:
            days = confirm_within_days(current.region_id, current.date.year)
            if current.recorded_at > timezone.now() - datetime.timedelta(days=days):
                raise ServiceError(
                    f"联络员确认期限（{days} 天）未到，请等待联络员确认。"
                )
        check_month_open(current.region_id, current.date)

    with transaction.atomic():
        transition(
            visit,
            status,
            user=user,
            expected_version=expected_version,
            note=reason,
            audit_note=f"{note}：{reason}" if reason else note,
            check=reviewable,
            changes={
                "reviewed_by": user,
                "reviewed_at": timezone.now(),
                "review_reason": reason,
            },
        )
        if status == VisitStatus.CONFIRMED:
            _geofence_from_first_check_in(user, visit)
        if status == VisitStatus.PENDING:
            _notify_contacts(visit)
        _notify_instructor(visit)
        facts.changed(instructor_id=visit.instructor_id, on=visit.date)
    return visit


def approve_late_entry(
    *, user, visit: Visit, reason: str = "", expected_version: int | None = None
) -> Visit:
    """A late entry beyond the window goes on to the contact's confirmation."""
    return _review(
        user,
        visit,
        allowed=(VisitStatus.AWAITING_APPROVAL,),
        status=VisitStatus.PENDING,
        reason=reason,
        note="行业党委批准补录",
        reason_required=False,
        expected_version=expected_version,
    )


def reject_late_entry(
    *, user, visit: Visit, reason: str, expected_version: int | None = None
) -> Visit:
    return _review(
        user,
        visit,
        allowed=(VisitStatus.AWAITING_APPROVAL,),
        status=VisitStatus.REJECTED,
        reason=reason,
        note="行业党委不予补录",
        reason_required=True,
        expected_version=expected_version,
    )


def uphold_visit(
    *, user, visit: Visit, reason: str, expected_version: int | None = None
) -> Visit:
    """The committee counts a disputed or long-unconfirmed visit."""
    return _review(
        user,
        visit,
        allowed=(VisitStatus.DISPUTED, VisitStatus.PENDING),
        status=VisitStatus.CONFIRMED,
        reason=reason,
        note="行业党委认定到岗",
        reason_required=True,
        expected_version=expected_version,
    )


def reject_visit(
    *, user, visit: Visit, reason: str, expected_version: int | None = None
) -> Visit:
    return _review(
        user,
        visit,
        allowed=(VisitStatus.DISPUTED, VisitStatus.PENDING),
        status=VisitStatus.REJECTED,
        reason=reason,
        note="行业党委驳回到岗记录",
        reason_required=True,
        expected_version=expected_version,
    )


def _notify_reviewers(visit: Visit) -> None:
    staff = User.objects.filter(
        role=Role.COMMITTEE_STAFF,
        is_active=True,
        committee_id=visit.organization.committee_id,
    )
    for member in staff:
        notify(
            recipient=member,
            title="有超期补录待审批",
            body=f"{visit.instructor} 补录了 {visit.date:%Y-%m-%d} 在{visit.organization}"
            "的到岗记录，已超过补录期限，请审批。",
            url=reverse("fieldwork:review"),
            key=f"late-entry:{visit.pk}",
        )


def _notify_contacts(visit: Visit) -> None:
    """The organization's contacts learn at once that a visit waits for their word."""
    contacts = User.objects.filter(
        role=Role.ORG_CONTACT, is_active=True, organization_id=visit.organization_id
    )
    for contact in contacts:
        notify(
            recipient=contact,
            title="有到岗记录等待您确认",
            body=f"指导员{visit.instructor}记录了 {visit.date:%Y-%m-%d} 在本组织的到岗"
            "工作，请确认或提出异议。",
            url=visit.get_absolute_url(),
            key=f"visit-recorded:{visit.pk}",
        )


def overdue_unconfirmed(user):
    """Visits this user may see that wait longer than the region's confirm_within_days."""
    days = confirm_within_days_for(user)
    return Visit.objects.visible_to(user).unconfirmed_past(days)


def confirm_within_days_for(user) -> int:
    region_id = getattr(user, "region_id", None)
    if not region_id:
        return Policy._meta.get_field("confirm_within_days").default
    return confirm_within_days(region_id, timezone.localdate().year)


def _notify_instructor(visit: Visit) -> None:
    recipient = visit.instructor.user
    if recipient is None:
        return
    text = f"{visit.date:%Y-%m-%d} {visit.organization}：{visit.get_status_display()}"
    if visit.review_reason:
        text += f"（{visit.review_reason}）"
    notify(
        recipient=recipient,
        title="行业党委已处理您的到岗记录",
        body=text,
        url=visit.get_absolute_url(),
        key=f"review:{visit.pk}:{visit.status}",
    )


def _geofence_from_first_check_in(user, visit: Visit) -> None:
    """An organization without coordinates takes those of its first confirmed check-in."""
    if visit.latitude is None or visit.longitude is None:
        return
    organization = Organization.objects.select_for_update().get(
        pk=visit.organization_id
    )
    if organization.latitude is not None or organization.longitude is not None:
        return
    organization.latitude, organization.longitude = visit.latitude, visit.longitude
    update_record(user=user, instance=organization, note="由首次确认的签到位置设定")


def confirm_visit(*, user, visit: Visit, expected_version: int | None = None) -> Visit:
    return _decide(
        user, visit, VisitStatus.CONFIRMED, "", "联络员确认到岗", expected_version
    )


def dispute_visit(
    *, user, visit: Visit, reason: str, expected_version: int | None = None
) -> Visit:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写异议理由。", field="reason")
    if len(reason) > 500:
        raise ServiceError("异议理由不能超过 500 字。", field="reason")
    return _decide(
        user,
        visit,
        VisitStatus.DISPUTED,
        reason,
        f"联络员提出异议：{reason}",
        expected_version,
    )
