"""Writes of 发展党员: candidates, their steps, and stopping a candidate."""

import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core.dates import add_years
from liangxin.core.services import ServiceError, create_record
from liangxin.core.workflow import advance, transition
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import (
    Candidate,
    CandidateStatus,
    PipelineStep,
    StepRecord,
)
from liangxin.partylife.services.base import (
    _check_date,
    _check_writer,
    _wrap,
    ruleset_for,
)

#: 党章 第一条: 年满十八岁 (细则 第九条 for the application)
MIN_AGE = 18


def adult_on(birth_date: datetime.date) -> datetime.date:
    """The day a person born on `birth_date` turns 18 (29 February → 28 February)."""
    return add_years(birth_date, MIN_AGE)


def add_candidate(
    *,
    user,
    party_organization: PartyOrganization,
    name: str,
    birth_date: datetime.date | None = None,
    note: str = "",
) -> Candidate:
    _check_writer(user, party_organization)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写姓名。", field="name")
    if birth_date is None:
        raise ServiceError(
            "请填写出生日期：递交入党申请书时须年满十八岁。", field="birth_date"
        )
    _check_date(birth_date, "birth_date")
    if adult_on(birth_date) > timezone.localdate():
        raise ServiceError(
            f"未满十八岁，不能申请入党（{adult_on(birth_date):%Y-%m-%d} 年满十八岁）。",
            field="birth_date",
        )
    candidate = Candidate(
        region_id=party_organization.region_id,
        party_organization=party_organization,
        name=name,
        birth_date=birth_date,
        note=note or "",
    )
    return _wrap(create_record, user=user, instance=candidate, note="登记发展党员对象")


def record_step(
    *,
    user,
    candidate: Candidate,
    number: int,
    date: datetime.date,
    publicity_started_on: datetime.date | None = None,
    note: str = "",
) -> StepRecord:
    """Enter the actual date of the next step. Steps go in order; time rules that are broken
    are shown as warnings (the decision is the organization's, entered by people)."""
    _check_writer(user, candidate.party_organization)
    if candidate.status != CandidateStatus.ACTIVE:
        raise ServiceError("该发展对象已不在培养中。")
    if number != candidate.current_step + 1:
        raise ServiceError(
            f"请按顺序登记：下一步是第 {candidate.current_step + 1} 步。",
            field="number",
        )
    _check_date(date)
    if number == 1:
        if candidate.birth_date is None:
            raise ServiceError(
                "请先补录该对象的出生日期：递交入党申请书时须年满十八岁。",
                field="date",
            )
        if date < adult_on(candidate.birth_date):
            raise ServiceError(
                "递交入党申请书时须年满十八岁（党章第一条），该对象于 "
                f"{adult_on(candidate.birth_date):%Y-%m-%d} 年满十八岁。",
                field="date",
            )
    records = list(candidate.steps.all())
    first = next((r.date for r in records if r.number == 1), date)
    ruleset = ruleset_for(candidate.region_id, first)
    rule = PipelineStep.objects.filter(ruleset=ruleset, number=number).first()
    if rule is None:
        raise ServiceError("规则中没有该步骤。", field="number")
    if rule.after_step:
        base = next((r.date for r in records if r.number == rule.after_step), None)
        if base and date < base:
            raise ServiceError(
                f"日期不能早于第 {rule.after_step} 步（{base:%Y-%m-%d}）。",
                field="date",
            )
    if publicity_started_on is not None:
        if not rule.publicity_workdays:
            raise ServiceError("该步骤无需公示。", field="publicity_started_on")
        _check_date(publicity_started_on, "publicity_started_on")
    with transaction.atomic():
        record = StepRecord.objects.create(
            candidate=candidate,
            number=number,
            date=date,
            publicity_started_on=publicity_started_on,
            note=(note or "")[:500],
            entered_by=user,
        )
        last = PipelineStep.objects.filter(ruleset=ruleset).order_by("-number").first()
        advance(
            candidate,
            finished=last is not None and number >= last.number,
            to=CandidateStatus.ADMITTED,
            user=user,
            note=f"登记第 {number} 步：{rule.name}",
            changes={"current_step": number},
        )
    return record


def stop_candidate(*, user, candidate: Candidate, reason: str) -> Candidate:
    _check_writer(user, candidate.party_organization)
    if not (reason or "").strip():
        raise ServiceError("请填写终止原因。", field="reason")
    reason = reason.strip()[:500]
    transition(
        candidate,
        CandidateStatus.STOPPED,
        user=user,
        note=reason,
        changes={"note": reason},
        audit_note="终止发展",
    )
    return candidate
