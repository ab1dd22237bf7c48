"""Writes of the inspections: record, note privately, rectify, spot-check, plan."""

import secrets
from collections import Counter

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit, worklist
from liangxin.core.dates import add_years
from liangxin.core.models import AuditAction, Role
from liangxin.core.services import ServiceError
from liangxin.handbook.models import HandbookEntry
from liangxin.inspections import sampling
from liangxin.inspections.models import (
    INSPECTORS,
    Inspection,
    InspectionPlan,
    Kind,
    PhoneCall,
    PrivateNote,
    Rating,
    Rectification,
    Satisfaction,
    VisitFrequency,
)
from liangxin.roster.models import Assignment, Instructor

SPOT_CHECK_SIZE = 5
CALL_LIST_SIZE = 5


def _require_inspector(user):
    if not user.has_role(Role.COUNTY_ADMIN, Role.COMMITTEE_STAFF):
        raise ServiceError("您没有执行该操作的权限。")


def record_inspection(
    *,
    user,
    inspection: Inspection,
    private_note: str = "",
    sample_seed: int | None = None,
) -> Inspection:
    """Record an inspection; a handbook spot check draws its sample from `sample_seed` (random
    unless given, e.g. by the deterministic demo) and stores the seed for re-checking."""
    _require_inspector(user)
    with transaction.atomic():
        if (
            not Instructor.objects.visible_to(user)
            .filter(pk=inspection.instructor_id)
            .exists()
        ):
            raise ServiceError("该指导员不在您的管辖范围内。", field="instructor")
        if inspection.date > timezone.localdate():
            raise ServiceError("检查日期不能晚于今天。", field="date")
        inspection.region_id = inspection.instructor.region_id
        inspection.created_by = user
        if inspection.kind == Kind.HANDBOOK:
            inspection.sample_seed = (
                sample_seed if sample_seed is not None else secrets.randbits(48)
            )
            inspection.sample = spot_check_sample(
                inspection.instructor_id, inspection.date, inspection.sample_seed
            )
        elif inspection.kind == Kind.PHONE:
            inspection.sample_seed = (
                sample_seed if sample_seed is not None else secrets.randbits(48)
            )
        inspection.full_clean()
        inspection.save()
        if inspection.kind == Kind.PHONE:
            PhoneCall.objects.bulk_create(
                [
                    PhoneCall(
                        inspection=inspection,
                        contact_id=pk,
                        organization_id=org,
                        name=name,
                        phone=phone,
                    )
                    for pk, name, phone, org in call_list_sample(
                        inspection.instructor_id, inspection.sample_seed
                    )
                ]
            )
        # a covert inspection's audit entry names no details: the trail is read by auditors
        # and county admins only, but the record kind is enough there
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=inspection,
            after=audit.snapshot(inspection),
        )
        if private_note.strip():
            PrivateNote.objects.create(
                inspection=inspection, text=private_note.strip(), by=user
            )
    return inspection


def spot_check_sample(
    instructor_id: int, on, seed: int, size: int = SPOT_CHECK_SIZE
) -> list:
    """A reproducible sample of the instructor's handbook entries of the 12 months up to `on`."""
    since = add_years(on, -1)
    ids = HandbookEntry.objects.filter(
        instructor_id=instructor_id, date__range=(since, on)
    ).values_list("pk", flat=True)
    return [{"entry": pk, "rating": ""} for pk in sampling.sample_ids(ids, size, seed)]


def call_list_population(instructor_id: int) -> dict[int, tuple[str, str, int]]:
    """Contacts of the organizations the instructor is currently posted to:
    {user id: (name, phone, organization id)}."""
    from liangxin.core.models import User

    orgs = (
        Assignment.objects.active()
        .filter(instructor_id=instructor_id)
        .values("organization_id")
    )
    rows = User.objects.filter(
        role=Role.ORG_CONTACT, is_active=True, organization_id__in=orgs
    ).values_list("pk", "display_name", "username", "phone", "organization_id")
    return {
        pk: (display or username, phone, org)
        for pk, display, username, phone, org in rows
    }


def call_list_sample(
    instructor_id: int, seed: int, size: int = CALL_LIST_SIZE
) -> list[tuple]:
    """A reproducible call list: [(user id, name, phone, organization id)] drawn by `seed`."""
    population = call_list_population(instructor_id)
    return [
        (pk, *population[pk][:2], population[pk][2])
        for pk in sampling.sample_ids(population, size, seed)
    ]


def record_call(
    *,
    user,
    call: PhoneCall,
    reached: bool,
    frequency: str = "",
    satisfaction: str = "",
    comment: str = "",
) -> PhoneCall:
    """The answers of one call of a phone survey (re-recording is allowed and audited)."""
    _require_inspector(user)
    comment = (comment or "").strip()
    if reached:
        if frequency not in VisitFrequency.values:
            raise ServiceError("请选择指导员到企业（组织）的情况。", field="frequency")
        if satisfaction not in Satisfaction.values:
            raise ServiceError(
                "请选择满意度（满意、基本满意或不满意）。", field="satisfaction"
            )
    elif frequency or satisfaction:
        raise ServiceError("未接通的电话不能填写到岗情况和满意度。", field="reached")
    with transaction.atomic():
        call = (
            PhoneCall.objects.select_for_update()
            .select_related("inspection")
            .get(pk=call.pk)
        )
        before = {
            "reached": call.reached,
            "frequency": call.frequency,
            "satisfaction": call.satisfaction,
            "comment": call.comment,
        }
        call.reached, call.frequency, call.satisfaction = (
            reached,
            frequency,
            satisfaction,
        )
        call.comment, call.called_by, call.called_at = comment, user, timezone.now()
        call.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=call.inspection,
            before=before,
            after={
                "reached": reached,
                "frequency": frequency,
                "satisfaction": satisfaction,
                "comment": comment,
            },
            note=f"电话调查记录 #{call.pk}",
        )
    return call


def rate_sample(*, user, inspection: Inspection, ratings: dict[int, str]) -> Inspection:
    _require_inspector(user)
    with transaction.atomic():
        before = [dict(item) for item in inspection.sample]
        for item in inspection.sample:
            rating = ratings.get(item["entry"])
            if rating is None:  # not sent: unchanged
                continue
            if rating and rating not in Rating.values:
                raise ServiceError("评价等级无效。", field="sample")
            item["rating"] = rating  # "" is 未评
        inspection.version += 1
        inspection.save(update_fields=["sample", "version", "updated_at"])
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=inspection,
            before={"sample": before},
            after={"sample": inspection.sample},
            note="手册抽查评价",
        )
    return inspection


def publish_finding(*, user, inspection: Inspection) -> Inspection:
    """The county publishes a covert inspection's absence finding: from then on it counts in
    the numbers the inspected side sees, shown only as "督查发现缺岗（日期）"."""
    if not user.has_role(Role.COUNTY_ADMIN):
        raise ServiceError("只有县级管理员可以公布暗访结论。")
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if inspection.kind != Kind.COVERT or inspection.on_duty != Rating.POOR:
            raise ServiceError("只有发现缺岗的暗访需要公布结论。")
        if inspection.finding_published_at is not None:
            raise ServiceError("该暗访结论已公布。")
        inspection.finding_published_at = timezone.now()
        inspection.version += 1
        inspection.save(update_fields=["finding_published_at", "version", "updated_at"])
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=inspection,
            after={"finding_published_at": inspection.finding_published_at.isoformat()},
            note="公布暗访缺岗结论",
        )
    return inspection


def add_private_note(*, user, inspection: Inspection, text: str) -> PrivateNote:
    if not user.has_role(*INSPECTORS) or user.role == Role.AUDITOR:
        raise ServiceError("您没有执行该操作的权限。")
    if not text.strip():
        raise ServiceError("请填写备注内容。", field="text")
    return PrivateNote.objects.create(inspection=inspection, text=text.strip(), by=user)


def add_rectification(
    *, user, inspection: Inspection, description: str, owner: str, due_on
) -> Rectification:
    _require_inspector(user)
    if not description.strip() or not owner.strip():
        raise ServiceError("请填写整改事项和责任人。", field="description")
    if due_on < inspection.date:
        raise ServiceError("整改期限不能早于检查日期。", field="due_on")
    with transaction.atomic():
        item = Rectification.objects.create(
            inspection=inspection,
            description=description.strip(),
            owner=owner.strip(),
            due_on=due_on,
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=inspection,
            note=f"整改事项：{item.description}（{item.owner}，{due_on:%Y-%m-%d} 前）",
        )
    return item


def close_rectification(
    *, user, item: Rectification, verification: str, on=None
) -> Rectification:
    """The inspector verifies the correction and closes the item."""
    _require_inspector(user)
    with transaction.atomic():
        item = Rectification.objects.select_for_update().get(pk=item.pk)
        if item.closed_on:
            raise ServiceError("该整改事项已验收。")
        if not verification.strip():
            raise ServiceError("请填写验收意见。", field="verification")
        item.closed_on = on or timezone.localdate()
        item.verified_by, item.verification = user, verification.strip()
        item.save()
        audit.log(
            user=user,
            action=AuditAction.UPDATE,
            obj=item.inspection,
            note=f"整改验收：{item.description[:50]}；{item.verification}",
        )
    return item


def plan_inputs(user) -> dict[str, list[list[int]]]:
    """Active instructors the planner may see, by committee, weighted 1 + worklist flags."""
    flags = Counter(
        f.instructor_id for f in worklist.flags_for(user) if f.instructor_id
    )
    strata: dict[str, list[list[int]]] = {}
    rows = (
        Instructor.objects.visible_to(user).active().values_list("pk", "committee_id")
    )
    for pk, committee in rows:
        strata.setdefault(str(committee), []).append([pk, 1 + flags.get(pk, 0)])
    return strata


def create_plan(
    *, user, name: str, size: int, seed: int | None = None
) -> InspectionPlan:
    _require_inspector(user)
    if size < 1:
        raise ServiceError("抽取人数应大于 0。", field="size")
    seed = seed if seed is not None else secrets.randbits(48)
    inputs = plan_inputs(user)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            region_id=user.region_id,
            name=name.strip() or "督查计划",
            seed=seed,
            size=size,
            inputs=inputs,
            result=sampling.draw(inputs, size, seed),
            created_by=user,
        )
        audit.log(
            user=user,
            action=AuditAction.CREATE,
            obj=plan,
            note=f"随机种子 {seed}，抽取 {len(plan.result)} 人",
        )
    return plan


def rerun_plan(plan: InspectionPlan) -> list[int]:
    """Anyone can check a plan: the stored seed and inputs give the stored result."""
    return sampling.draw(plan.inputs, plan.size, plan.seed)
