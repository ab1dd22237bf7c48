"""Writes of standard procedures (工作指南): runs and their steps."""

import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.workflow import advance
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import (
    Election,
    MeetingKind,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    ProcedureStepRecord,
    ProcedureTemplate,
    RunStatus,
)
from liangxin.partylife.services.base import _check_date, _wrap

PROCEDURE_ROLES = ("instructor", "org_contact", "committee_staff")


def can_run_procedure(user, party_organization: PartyOrganization) -> bool:
    """The instructor, the org contact or the committee staff who see the party organization."""
    if not user.is_authenticated or not user.has_role(*PROCEDURE_ROLES):
        return False
    return (
        user.is_superuser
        or PartyOrganization.objects.visible_to(user)
        .filter(pk=party_organization.pk)
        .exists()
    )


def _check_procedure_user(user, party_organization: PartyOrganization) -> None:
    if not can_run_procedure(user, party_organization):
        raise ServiceError(
            "只有派驻的指导员、本组织党建联络员或上级党委工作人员可以办理。",
            field="party_organization",
        )


def _check_links(run: ProcedureRun) -> None:
    po_id = run.party_organization_id
    if run.kind == ProcedureKind.ELECTION:
        run.meeting = None
        if run.election_id and run.election.party_organization_id != po_id:
            raise ServiceError("所选换届选举记录不属于该党组织。", field="election")
    else:
        run.election = None
        if run.meeting_id and (
            run.meeting.party_organization_id != po_id
            or run.meeting.kind != MeetingKind.LIFE
        ):
            raise ServiceError("请选择该党组织的组织生活会记录。", field="meeting")


def start_procedure(*, user, run: ProcedureRun) -> ProcedureRun:
    """Start a 换届 or 组织生活会 for a party organization with the template in force today;
    a 换届 is linked to the party organization's latest election record when none is chosen."""
    po = run.party_organization
    _check_procedure_user(user, po)
    today = timezone.localdate()
    template = ProcedureTemplate.for_region(po.region_id, run.kind, today)
    if template is None:
        raise ServiceError("本地区尚未设定该工作指南，请联系县级管理员。", field="kind")
    if ProcedureRun.objects.filter(
        party_organization=po, kind=run.kind, status=RunStatus.OPEN
    ).exists():
        raise ServiceError(
            f"该党组织已有进行中的{run.get_kind_display()}，请在原记录中继续办理。",
            field="kind",
        )
    if run.kind == ProcedureKind.ELECTION and not run.election_id:
        run.election = (
            Election.objects.filter(party_organization=po).order_by("-id").first()
        )
    _check_links(run)
    run.region_id = po.region_id
    run.template = template
    run.started_by = user
    return _wrap(
        create_record,
        user=user,
        instance=run,
        note=f"开始办理{run.get_kind_display()}（{template}）",
    )


def save_procedure(
    *, user, run: ProcedureRun, expected_version: int | None = None
) -> ProcedureRun:
    """Correct the particulars of a run (dates, numbers, problems and rectification list)."""
    _check_procedure_user(user, run.party_organization)
    _check_links(run)
    return _wrap(
        update_record,
        user=user,
        instance=run,
        expected_version=expected_version,
        note=f"修改{run.get_kind_display()}办理信息",
    )


def record_procedure_step(
    *,
    user,
    run: ProcedureRun,
    number: int,
    date: datetime.date,
    done_by: str,
    note: str = "",
) -> ProcedureStepRecord:
    """Enter the next step of a run: its date, who did it and a note. Steps go in order."""
    _check_procedure_user(user, run.party_organization)
    if run.status != RunStatus.OPEN:
        raise ServiceError("该程序已办结。")
    if number != run.current_step + 1:
        raise ServiceError(
            f"请按顺序登记：下一步是第 {run.current_step + 1} 步。", field="number"
        )
    _check_date(date)
    done_by = (done_by or "").strip()
    if not done_by:
        raise ServiceError("请填写经办人。", field="done_by")
    steps = list(
        ProcedureStep.objects.filter(template_id=run.template_id).order_by("number")
    )
    step = next((s for s in steps if s.number == number), None)
    if step is None:
        raise ServiceError("工作指南中没有该步骤。", field="number")
    previous = run.records.order_by("-number").first()
    if previous and date < previous.date:
        raise ServiceError(
            f"日期不能早于上一步（{previous.date:%Y-%m-%d}）。", field="date"
        )
    with transaction.atomic():
        record = ProcedureStepRecord.objects.create(
            run=run,
            number=number,
            date=date,
            done_by=done_by[:50],
            note=(note or "").strip()[:500],
            entered_by=user,
        )
        advance(
            run,
            finished=number >= steps[-1].number,
            to=RunStatus.DONE,
            user=user,
            note=f"登记第 {number} 步：{step.name}（{date:%Y-%m-%d}）",
            changes={"current_step": number},
        )
    return record
