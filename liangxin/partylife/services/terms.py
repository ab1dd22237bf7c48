"""Writes of term extensions (approved by the committee or the county) and elections (换届)."""

import datetime

from django.db import transaction
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import Election, RuleSet, TermExtension
from liangxin.partylife.services.base import (
    APPROVER_ROLES,
    _check_date,
    _check_writer,
    _wrap,
    ruleset_for,
)


def approve_extension(
    *,
    user,
    party_organization: PartyOrganization,
    months: int,
    approved_on: datetime.date,
    approved_by: str,
    reason: str,
) -> TermExtension:
    """Record an approved delay of the 换届; all extensions of a term stay within the maximum."""
    if (
        not user.has_role(*APPROVER_ROLES)
        or not PartyOrganization.objects.visible_to(user)
        .filter(pk=party_organization.pk)
        .exists()
    ):
        raise ServiceError("只有上级党委或县级管理员可以登记延期换届。")
    due = party_organization.term_due_on
    if due is None:
        raise ServiceError("该党组织尚未登记本届任期，无法延期。")
    _check_date(approved_on, "approved_on")
    ruleset = ruleset_for(party_organization.region_id, approved_on)
    already = sum(
        TermExtension.objects.filter(
            party_organization=party_organization, term_due_on=due
        ).values_list("months", flat=True)
    )
    if not months or months < 1:
        raise ServiceError("延期月数须至少 1 个月。", field="months")
    if already + months > ruleset.max_extension_months:
        raise ServiceError(
            f"延期换届一般不超过 {ruleset.max_extension_months} 个月"
            f"（本届已延期 {already} 个月）。",
            field="months",
        )
    if not (approved_by or "").strip() or not (reason or "").strip():
        raise ServiceError("请填写批准机关和延期原因。", field="reason")
    ext = TermExtension(
        region_id=party_organization.region_id,
        party_organization=party_organization,
        term_due_on=due,
        months=months,
        approved_on=approved_on,
        approved_by=approved_by.strip(),
        reason=reason.strip(),
    )
    return _wrap(create_record, user=user, instance=ext, note="登记延期换届")


def election_checks(election: Election) -> list[tuple[str, bool | None, str]]:
    """(check, passed or None when not yet known, detail) — computed, never typed."""
    ruleset = RuleSet.for_region(
        election.region_id or election.party_organization.region_id,
        election.held_on or timezone.localdate(),
    )
    surplus = ruleset.candidate_surplus_percent if ruleset else 20
    quorum = ruleset.election_quorum_percent if ruleset else 80
    checks = []
    if election.seats and election.candidates is not None:
        ok = election.candidates * 100 >= election.seats * (100 + surplus)
        checks.append(
            (
                "候选人差额",
                ok,
                f"候选人 {election.candidates} 人，应选 {election.seats} 人，"
                f"须不少于 {100 + surplus}%",
            )
        )
    else:
        checks.append(("候选人差额", None, "尚未填写应选和候选人数"))
    if election.entitled_count and election.present_count is not None:
        ok = election.present_count * 100 > election.entitled_count * quorum
        checks.append(
            (
                "到会人数",
                ok,
                f"实到 {election.present_count} 人，应到 "
                f"{election.entitled_count} 人，须超过 {quorum}%",
            )
        )
    else:
        checks.append(("到会人数", None, "尚未填写应到和实到人数"))
    order = [
        ("报送请示", election.request_on),
        ("上级批复", election.approval_on),
        ("选举", election.held_on),
        ("报告上级", election.report_on),
    ]
    known = [(name, d) for name, d in order if d]
    in_order = all(a[1] <= b[1] for a, b in zip(known, known[1:], strict=False))
    checks.append(
        (
            "步骤顺序",
            in_order if len(known) > 1 else None,
            "请示 → 批复 → 选举 → 报告" + ("" if in_order else "：日期先后有误"),
        )
    )
    if election.term_due_on and election.held_on:
        checks.append(
            (
                "按期换届",
                election.held_on <= election.term_due_on,
                f"届满 {election.term_due_on:%Y-%m-%d}，选举 {election.held_on:%Y-%m-%d}",
            )
        )
    if election.approval_on and election.held_on:
        checks.append(("先批复后选举", election.approval_on <= election.held_on, ""))
    return checks


def save_election(
    *, user, election: Election, expected_version: int | None = None
) -> Election:
    """Record the steps of a 换届选举; when held with a result, the new term starts."""
    po = election.party_organization
    _check_writer(user, po)
    for name in ("request_on", "approval_on", "held_on", "report_on"):
        if getattr(election, name):
            _check_date(getattr(election, name), name)
    if (
        election.present_count is not None
        and election.entitled_count is not None
        and election.present_count > election.entitled_count
    ):
        raise ServiceError(
            "实到会人数不能多于有选举权的党员数。", field="present_count"
        )
    election.region_id = po.region_id
    with transaction.atomic():
        if election.pk is None:
            election.term_due_on = po.term_due_on
            saved = _wrap(
                create_record, user=user, instance=election, note="登记换届选举"
            )
        else:
            saved = _wrap(
                update_record,
                user=user,
                instance=election,
                expected_version=expected_version,
                note="修改换届选举",
            )
        failed = [
            name
            for name, ok, _ in election_checks(saved)
            if ok is False and name in ("候选人差额", "到会人数")
        ]
        if (
            saved.held_on
            and saved.result.strip()
            and not failed
            and (po.term_started_on is None or saved.held_on > po.term_started_on)
        ):
            before = audit.snapshot(po)
            PartyOrganization.objects.filter(pk=po.pk).update(
                term_started_on=saved.held_on,
                term_years=saved.new_term_years,
                version=po.version + 1,
            )
            po.refresh_from_db()
            audit.log(
                user=user,
                action=AuditAction.UPDATE,
                obj=po,
                before=before,
                after=audit.snapshot(po),
                note="换届选举完成，开始新一届任期",
            )
    return saved
