"""Visits: record (on site or late), confirm or dispute by the organization's contact, and the
monthly minimum of distinct confirmed days."""

import datetime
import decimal
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from liangxin.core.models import AuditAction, Policy, Role
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.workcalendar import month_bounds
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


def _existing_for_key(user, key: str):
    visit = Visit.objects.select_related("instructor").filter(idempotency_key=key).first()
    if visit is not None and visit.instructor.user_id != user.pk:
        raise ServiceError("该提交编号已被使用。", field="idempotency_key")
    return visit


def record_visit(*, user, organization: Organization, date: datetime.date, activities: list,
                 summary: str = "", latitude=None, longitude=None, accuracy=None,
                 idempotency_key: str | None = None, on_site: bool = True,
                 recorded_at: datetime.datetime | None = None, device: str = "") -> Visit:
    """Record a visit by the instructor who is `user`; a repeated idempotency key returns the
    visit stored the first time (an offline check-in sent twice is stored once)."""
    key = (idempotency_key or "").strip() or None
    if key is not None:
        if len(key) > 64:
            raise ServiceError("提交编号过长。", field="idempotency_key")
        existing = _existing_for_key(user, key)
        if existing is not None:
            return existing
    instructor = Instructor.objects.filter(user=user, user__isnull=False).first() \
        if user.is_authenticated else None
    if instructor is None:
        raise ServiceError("只有党建工作指导员本人可以记录到岗。")
    if instructor.status != InstructorStatus.ACTIVE:
        raise ServiceError(f"您的指导员状态为“{instructor.get_status_display()}”，不能记录到岗。")
    today = timezone.localdate()
    if date > today:
        raise ServiceError("到岗日期不能晚于今天。", field="date")
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
    now = timezone.now()
    if recorded_at is None or recorded_at > now:
        recorded_at = now
    if on_site and timezone.localtime(recorded_at).date() != date:
        # an on-site check-in is made on the day (an offline one sends its own time);
        # anything else is a late entry, whatever the client claims
        on_site = False

    assignments = Assignment.objects.filter(instructor=instructor, organization=organization)
    assignment = assignments.filter(started_on__lte=date).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=date)).first()
    if assignment is None:
        if assignments.exists():
            raise ServiceError("该日期不在您派驻该组织的期间内。", field="date")
        raise ServiceError("该组织不是您派驻的组织。", field="organization")
    policy = Policy.for_region_year(organization.region_id, date.year)
    if (today - date).days > policy.late_entry_days:
        raise ServiceError(
            f"已超过补录期限（{policy.late_entry_days} 天），不能再补录该日到岗记录。",
            field="date")
    if Visit.objects.filter(instructor=instructor, organization=organization, date=date).exists():
        raise ServiceError("您当天已记录过该组织的到岗，同一组织一天只能记录一次。", field="date")

    distance = None
    needs_review = False
    if lat is not None and organization.latitude is not None \
            and organization.longitude is not None:
        distance = round(haversine_m(lat, lon, organization.latitude, organization.longitude))
        needs_review = distance > policy.geofence_meters
    visit = Visit(
        region_id=organization.region_id, instructor=instructor, organization=organization,
        assignment=assignment, date=date, activities=activities, summary=(summary or "").strip(),
        recorded_via=RecordedVia.ON_SITE if on_site else RecordedVia.LATE_ENTRY,
        recorded_at=recorded_at, device=(device or "")[:200], latitude=lat, longitude=lon,
        accuracy=acc, distance_m=distance, needs_review=needs_review, idempotency_key=key,
    )
    note = "现场签到" if on_site else "事后补录"
    if needs_review:
        note += f"；距组织 {distance} 米，超出签到范围 {policy.geofence_meters} 米，需核查"
    try:
        with transaction.atomic():
            return create_record(user=user, instance=visit, note=note)
    except (ServiceError, ValidationError, IntegrityError) as exc:
        # a concurrent request with the same key won the race: answer with its visit
        if key is not None and (existing := _existing_for_key(user, key)) is not None:
            return existing
        if isinstance(exc, ValidationError):
            raise ServiceError(exc.messages[0]) from exc
        if isinstance(exc, IntegrityError):
            raise ServiceError("保存失败：数据与已有记录冲突，请检查后重试。") from exc
        raise


def can_decide(user, visit: Visit) -> bool:
    """Only the contact of the visited organization confirms or disputes a visit."""
    return (user.is_authenticated and user.role == Role.ORG_CONTACT
            and user.organization_id is not None
            and user.organization_id == visit.organization_id)


def _decide(user, visit: Visit, status: str, reason: str, note: str,
            expected_version: int | None) -> Visit:
    if not can_decide(user, visit):
        raise ServiceError("只有该组织的党建联络员可以确认或提出异议。")
    if visit.status != VisitStatus.PENDING:
        raise ServiceError(f"该到岗记录已处理（{visit.get_status_display()}），不能重复操作。")
    visit.status = status
    visit.confirmed_by = user
    visit.confirmed_at = timezone.now()
    visit.dispute_reason = reason
    return update_record(user=user, instance=visit, expected_version=expected_version,
                         action=AuditAction.UPDATE, note=note)


def confirm_visit(*, user, visit: Visit, expected_version: int | None = None) -> Visit:
    return _decide(user, visit, VisitStatus.CONFIRMED, "", "联络员确认到岗", expected_version)


def dispute_visit(*, user, visit: Visit, reason: str,
                  expected_version: int | None = None) -> Visit:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写异议理由。", field="reason")
    if len(reason) > 500:
        raise ServiceError("异议理由不能超过 500 字。", field="reason")
    return _decide(user, visit, VisitStatus.DISPUTED, reason, f"联络员提出异议：{reason}",
                   expected_version)


# --- the monthly minimum -------------------------------------------------------------------

@dataclass
class ComplianceRow:
    instructor_id: int
    name: str
    unit: str
    confirmed_days: int
    pending_days: int  # days that would count once their visits are confirmed
    required: int

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.confirmed_days)

    @property
    def met(self) -> bool:
        return self.shortfall == 0


COMPLIANCE_ROLES = (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF, Role.AUDITOR, Role.UNIT_LIAISON,
                    Role.INSTRUCTOR)


def can_view_compliance(user) -> bool:
    """Org contacts confirm visits but do not see instructors' monthly figures."""
    return user.has_role(*COMPLIANCE_ROLES)


def required_days(region_ids, year: int) -> dict[str, int]:
    """Policy.min_days_per_month for each region code, nearest policy up the tree, one query."""
    return {code: policy.min_days_per_month
            for code, policy in Policy.for_regions(region_ids, year).items()}


def compliance_counts(user, year: int, month: int):
    """Per visible instructor: distinct confirmed days and distinct counted-or-pending days in
    the month, across all the instructor's organizations (a day counts once). One query."""
    first, last = month_bounds(year, month)
    return (
        Instructor.objects.visible_to(user)
        .alias(month_visits=FilteredRelation(
            "visits", condition=Q(visits__date__gte=first, visits__date__lte=last)))
        .values("id", "name", "region_id", "unit__name")
        .annotate(
            confirmed_days=Count("month_visits__date", distinct=True,
                                 filter=Q(month_visits__status=VisitStatus.CONFIRMED)),
            open_days=Count("month_visits__date", distinct=True,
                            filter=Q(month_visits__status__in=[VisitStatus.CONFIRMED,
                                                               VisitStatus.PENDING])),
        )
        .order_by("name", "id")
    )


def monthly_compliance(user, year: int, month: int) -> list[ComplianceRow]:
    """The monthly minimum for every instructor the user may see, shortfalls first."""
    rows = list(compliance_counts(user, year, month))
    required = required_days({r["region_id"] for r in rows}, year)
    result = [
        ComplianceRow(
            instructor_id=r["id"], name=r["name"], unit=r["unit__name"] or "",
            confirmed_days=r["confirmed_days"],
            pending_days=r["open_days"] - r["confirmed_days"],
            required=required[r["region_id"]],
        )
        for r in rows
    ]
    result.sort(key=lambda row: -row.shortfall)  # stable: names stay in order within a level
    return result


def month_grid(user, year: int, month: int) -> dict[int, dict[datetime.date, str]]:
    """{instructor_id: {date: "confirmed" | "pending" | "disputed"}} for the compliance grid,
    in one query; a confirmed visit that day wins over pending, pending over disputed."""
    rank = {VisitStatus.CONFIRMED: 3, VisitStatus.PENDING: 2, VisitStatus.DISPUTED: 1}
    grid: dict[int, dict[datetime.date, str]] = {}
    visible = Instructor.objects.visible_to(user).values("pk")
    rows = (Visit.objects.in_month(year, month)
            .filter(instructor__in=visible, status__in=list(rank))
            .values_list("instructor_id", "date", "status").distinct())
    for instructor_id, date, status in rows:
        days = grid.setdefault(instructor_id, {})
        if rank[status] > rank.get(days.get(date), 0):
            days[date] = status
    return grid
