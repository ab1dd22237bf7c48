"""Assigning instructors to organizations: assign, reassign, end. History is never rewritten."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from liangxin.core import audit, facts
from liangxin.core.dates import month_end
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.validators import mask_phone
from liangxin.orgs.models import Organization, OrgStatus
from liangxin.roster.models import Assignment, Instructor, InstructorStatus

#: who may see an instructor's phone in full, besides the instructor: those who manage them
PHONE_ROLES = (Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF)


def phone_for(user, instructor: Instructor, *, request=None) -> str:
    """An instructor's phone in full for those who manage them and for themselves; masked for
    everyone else (personal data is minimised). A full number shown to someone other than
    the instructor is audited when the `request` is given."""
    if instructor.user_id == user.pk:
        return instructor.phone
    if user.has_role(*PHONE_ROLES):
        if instructor.phone and request is not None:
            audit.note_reveal(request, instructor, "指导员手机号")
        return instructor.phone
    return mask_phone(instructor.phone)


def phone_shown(user, instructor: Instructor) -> tuple[str, bool]:
    """(the phone as an instructor's page first shows it, whether the viewer may reveal it):
    in full to the instructor themself; masked to everyone else, their managers revealing it
    with a click (`phone_for`, audited then, not on every visit to the page)."""
    if instructor.user_id == user.pk:
        return instructor.phone, False
    revealable = bool(instructor.phone) and user.has_role(*PHONE_ROLES)
    return mask_phone(instructor.phone), revealable


def _check(user, *, instructor: Instructor, organization: Organization) -> None:
    if not Organization.objects.visible_to(user).filter(pk=organization.pk).exists():
        raise ServiceError(
            "该组织不在您的管辖范围内（可能属于其他行业党委）。", field="organization"
        )
    if (
        user.role == "committee_staff"
        and organization.committee_id != user.committee_id
    ):
        raise ServiceError("该组织由其他行业党委管理，不能派驻。", field="organization")
    if not Instructor.objects.visible_to(user).filter(pk=instructor.pk).exists():
        raise ServiceError("该指导员不在您的管辖范围内。", field="instructor")
    if instructor.region_id[:4] != organization.region_id[:4]:
        raise ServiceError("指导员与组织不在同一地区，不能派驻。", field="instructor")
    if instructor.status != InstructorStatus.ACTIVE:
        raise ServiceError(
            f"该指导员当前状态为“{instructor.get_status_display()}”，不能派驻。",
            field="instructor",
        )
    if organization.status != OrgStatus.ACTIVE:
        raise ServiceError(
            f"该组织当前状态为“{organization.get_status_display()}”，不能派驻。",
            field="organization",
        )


def assign_instructor(
    *,
    user,
    instructor: Instructor,
    organization: Organization,
    started_on: datetime.date,
    note: str = "",
) -> Assignment:
    """Post an instructor to an organization that has no active instructor."""
    _check(user, instructor=instructor, organization=organization)
    if started_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ServiceError("派驻开始日期不能晚于一年以后。", field="started_on")
    with transaction.atomic():
        current = (
            Assignment.objects.select_for_update()
            .filter(organization=organization, ended_on__isnull=True)
            .select_related("instructor")
            .first()
        )
        if current is not None:
            raise ServiceError(
                f"该组织已有在岗指导员（{current.instructor}），请先结束原派驻或使用“调整派驻”。",
                field="organization",
            )
        assignment = Assignment(
            region_id=organization.region_id,
            committee_id=organization.committee_id,
            instructor=instructor,
            organization=organization,
            started_on=started_on,
            note=note,
        )
        try:
            with transaction.atomic():
                assignment = create_record(
                    user=user,
                    instance=assignment,
                    note="派驻指导员",
                    action=AuditAction.ASSIGN,
                )
        except (
            IntegrityError
        ) as exc:  # the partial unique index caught a concurrent assignment
            raise ServiceError("该组织已有在岗指导员。", field="organization") from exc
        facts.changed_between(instructor_id=instructor.pk, first=started_on, last=None)
        return assignment


def end_assignment(
    *,
    user,
    assignment: Assignment,
    ended_on: datetime.date,
    reason: str,
    expected_version: int | None = None,
) -> Assignment:
    if not Assignment.objects.visible_to(user).filter(pk=assignment.pk).exists():
        raise ServiceError("该派驻记录不在您的管辖范围内。")
    if assignment.ended_on is not None:
        raise ServiceError("该派驻已经结束。")
    if ended_on < assignment.started_on:
        raise ServiceError("结束日期不能早于派驻开始日期。", field="ended_on")
    if ended_on > timezone.localdate():
        raise ServiceError("结束日期不能晚于今天。", field="ended_on")
    if not reason.strip():
        raise ServiceError("请填写结束原因。", field="end_reason")
    assignment.ended_on = ended_on
    assignment.end_reason = reason.strip()
    with transaction.atomic():
        assignment = update_record(
            user=user,
            instance=assignment,
            expected_version=expected_version,
            action=AuditAction.END,
            note=f"结束派驻：{reason.strip()}",
        )
        facts.changed_between(
            instructor_id=assignment.instructor_id, first=ended_on, last=None
        )
    return assignment


def reassign_organization(
    *,
    user,
    organization: Organization,
    instructor: Instructor,
    started_on: datetime.date,
    reason: str,
) -> Assignment:
    """End the current assignment the day before and start the new one, in one transaction."""
    with transaction.atomic():
        current = (
            Assignment.objects.select_for_update()
            .filter(organization=organization, ended_on__isnull=True)
            .first()
        )
        if current is not None:
            if current.instructor_id == instructor.pk:
                raise ServiceError(
                    "该指导员已在此组织在岗，无需调整。", field="instructor"
                )
            # History must neither overlap nor leave a gap: the new posting starts after the old
            # one began, and not later than today (the old one ends the day before).
            if started_on <= current.started_on:
                raise ServiceError(
                    f"新派驻开始日期须晚于原派驻开始日期（{current.started_on:%Y-%m-%d}）。",
                    field="started_on",
                )
            if started_on > timezone.localdate():
                raise ServiceError(
                    "调整派驻的开始日期不能晚于今天。", field="started_on"
                )
            end_assignment(
                user=user,
                assignment=current,
                ended_on=started_on - datetime.timedelta(days=1),
                reason=reason or "调整派驻",
            )
        return assign_instructor(
            user=user,
            instructor=instructor,
            organization=organization,
            started_on=started_on,
            note=reason,
        )


def save_instructor(
    *, user, instructor: Instructor, expected_version: int | None = None
):
    from liangxin.orgs.models import PartyCommittee

    if (
        not PartyCommittee.objects.visible_to(user)
        .filter(pk=instructor.committee_id)
        .exists()
    ):
        raise ServiceError("所选行业党委不在您的管辖范围内。", field="committee")
    if instructor.unit.region_id[:4] != instructor.committee.region_id[:4]:
        raise ServiceError("派出单位与管理党委不在同一地区。", field="unit")
    instructor.region_id = instructor.committee.region_id
    with transaction.atomic():
        if instructor.pk is None:
            instructor = create_record(user=user, instance=instructor)
        else:
            instructor = update_record(
                user=user, instance=instructor, expected_version=expected_version
            )
        # the facts carry the instructor's region and committee
        facts.changed(instructor_id=instructor.pk, on=timezone.localdate())
    return instructor


def save_unit(*, user, unit, expected_version: int | None = None):
    if not unit.region_id:
        unit.region_id = user.region_id
    if not unit.region_id:
        raise ServiceError("您的账号未设置所属区划，不能新增派出单位。")
    if unit.pk is None:
        return create_record(user=user, instance=unit)
    return update_record(user=user, instance=unit, expected_version=expected_version)


def days_in_post(
    instructor_ids, start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, int]]:
    """{instructor_id: {first of month: days in post}} inside [start, end]: the days covered by
    at least one of the instructor's assignments (overlapping assignments count a day once).
    A month before the first assignment or after the last is absent. One query."""
    rows = Assignment.objects.filter(
        instructor_id__in=list(instructor_ids), started_on__lte=end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    spans: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for pk, first, last in rows.values_list("instructor_id", "started_on", "ended_on"):
        spans.setdefault(pk, []).append((max(first, start), min(last or end, end)))
    result: dict[int, dict[datetime.date, int]] = {}
    for pk, ranges in spans.items():
        merged: list[list[datetime.date]] = []
        for first, last in sorted(ranges):
            if merged and first <= merged[-1][1] + datetime.timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        months: dict[datetime.date, int] = {}
        for first, last in merged:
            day = first
            while day <= last:  # one step per month of the span
                month_last = month_end(day)
                upto = min(last, month_last)
                key = day.replace(day=1)
                months[key] = months.get(key, 0) + (upto - day).days + 1
                day = upto + datetime.timedelta(days=1)
        result[pk] = months
    return result
