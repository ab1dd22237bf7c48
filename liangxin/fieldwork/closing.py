"""Month close and reminders: the scheduled side of the monthly minimum. Both are run by
management commands from cron and are safe to run twice."""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction, Region, RegionLevel, Role, User
from liangxin.core.models.region import region_prefix
from liangxin.core.notifications import notify
from liangxin.core.services import ServiceError
from liangxin.fieldwork.compliance import region_compliance
from liangxin.fieldwork.models import MonthClose, Visit, VisitStatus

CONTACT_REMINDER_AFTER_DAYS = 3
REMIND_SHORT_FROM_DAY = 20


def previous_month(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def can_close(user, region: Region) -> bool:
    if user is None:  # the scheduled command
        return True
    if user.is_superuser:
        return True
    return (
        user.is_authenticated
        and user.role == Role.COUNTY_ADMIN
        and bool(user.region_id)
        and region.code.startswith(user.region_prefix)
    )


def close_month(
    *, user, region: Region, year: int, month: int
) -> tuple[MonthClose, bool]:
    """Lock a finished month of a region and keep its figures; a month already closed is
    returned as it is. The committees are told who fell short."""
    if not can_close(user, region):
        raise ServiceError("只有县级管理员可以结账。")
    today = timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise ServiceError("只能结账已经结束的月份。", field="month")
    existing = MonthClose.objects.filter(region=region, year=year, month=month).first()
    if existing is not None:
        return existing, False
    rows = region_compliance(region.code, year, month)
    results = [
        {
            "instructor": r.instructor_id,
            "name": r.name,
            "unit": r.unit,
            "committee": r.committee_id,
            "confirmed_days": r.confirmed_days,
            "pending_days": r.pending_days,
            "required": r.required,
            "shortfall": r.shortfall,
        }
        for r in rows
    ]
    try:
        with transaction.atomic():
            closed = MonthClose.objects.create(
                region=region, year=year, month=month, closed_by=user, results=results
            )
            audit.log(
                user=user,
                action=AuditAction.CREATE,
                obj=closed,
                after={
                    "year": year,
                    "month": month,
                    "instructors": len(results),
                    "short": sum(1 for r in rows if not r.met),
                },
                note=f"{year}年{month}月结账"
                + ("（定时任务）" if user is None else ""),
            )
            _notify_committees(closed, rows)
    except IntegrityError:  # a concurrent run closed it first
        return MonthClose.objects.get(region=region, year=year, month=month), False
    return closed, True


def _notify_committees(closed: MonthClose, rows) -> None:
    short_by_committee = defaultdict(list)
    for row in rows:
        if not row.met:
            short_by_committee[row.committee_id].append(row)
    url = reverse("fieldwork:compliance") + f"?month={closed.year}-{closed.month:02d}"
    staff = User.objects.filter(
        role=Role.COMMITTEE_STAFF,
        is_active=True,
        committee__isnull=False,
        committee__region__code__startswith=region_prefix(closed.region_id),
    )
    for user in staff:
        short = short_by_committee.get(user.committee_id, [])
        if short:
            lines = [
                f"{r.name}：已确认 {r.confirmed_days} 天，还差 {r.shortfall} 天"
                for r in short
            ]
            body = f"未达到每月最少到岗天数的指导员 {len(short)} 人：\n" + "\n".join(
                lines
            )
        else:
            body = "本委所有指导员均达到每月最少到岗天数。"
        notify(
            recipient=user,
            title=f"{closed.year}年{closed.month}月到岗情况已结账",
            body=body,
            url=url,
            key=f"month-close:{closed.region_id}:{closed.year}-{closed.month:02d}",
        )


def county_regions():
    return Region.objects.filter(level=RegionLevel.COUNTY)


def send_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """From the 20th, instructors still short of the minimum; every day, contacts with visits
    waiting for their confirmation more than three days. Each notice once per key."""
    today = today or timezone.localdate()
    sent = {"instructors": 0, "contacts": 0}
    if today.day >= REMIND_SHORT_FROM_DAY:
        url = reverse("fieldwork:checkin")
        for region in county_regions():
            short = [
                row
                for row in region_compliance(region.code, today.year, today.month)
                if not row.met and row.user_id is not None
            ]
            users = User.objects.filter(is_active=True).in_bulk(
                [r.user_id for r in short]
            )
            for row in short:
                if row.user_id not in users:
                    continue
                _, created = notify(
                    recipient=users[row.user_id],
                    title="本月到岗天数提醒",
                    body=f"本月已到岗 {row.confirmed_days} 天，还差 {row.shortfall} 天。",
                    url=url,
                    key=f"short-of-minimum:{today.year}-{today.month:02d}",
                )
                sent["instructors"] += created
    cutoff = timezone.now() - datetime.timedelta(days=CONTACT_REMINDER_AFTER_DAYS)
    waiting = dict(
        Visit.objects.filter(status=VisitStatus.PENDING, recorded_at__lt=cutoff)
        .values_list("organization_id")
        .annotate(n=Count("id"))
    )
    contacts = User.objects.filter(
        role=Role.ORG_CONTACT, is_active=True, organization_id__in=list(waiting)
    )
    url = reverse("fieldwork:visit_list") + "?status=pending"
    for contact in contacts:
        _, created = notify(
            recipient=contact,
            title="有到岗记录等待您确认",
            body=f"本组织有 {waiting[contact.organization_id]} 条到岗记录已超过 "
            f"{CONTACT_REMINDER_AFTER_DAYS} 天未确认，请及时确认或提出异议。",
            url=url,
            key=f"confirm-reminder:{today.isoformat()}",
        )
        sent["contacts"] += created
    return sent
