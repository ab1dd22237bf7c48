"""Writes of party life. Meetings, elections, candidates and service activities are entered by
the organization's contact (their own organization's party organization) or the instructor
(the party organizations of their assigned organizations); extensions are approved by the
committee or the county. The rules come from the rule set in force (RuleSet rows)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from liangxin.core import audit
from liangxin.core.models import AuditAction
from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.uploads import IMAGE_TYPES, check_upload
from liangxin.orgs.models import Organization, PartyOrganization
from liangxin.partylife.models import (
    Candidate,
    CandidateStatus,
    Election,
    Meeting,
    MeetingKind,
    MeetingRule,
    PipelineStep,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    ProcedureStepRecord,
    ProcedureTemplate,
    RuleSet,
    RunStatus,
    ServiceActivity,
    StepRecord,
    TermExtension,
)

WRITER_ROLES = ("instructor", "org_contact")
APPROVER_ROLES = ("county_admin", "committee_staff")


def can_write_for(user, party_organization: PartyOrganization) -> bool:
    if not user.is_authenticated or not user.has_role(*WRITER_ROLES):
        return False
    if user.is_superuser:
        return True
    if user.role == "org_contact":
        return Organization.objects.filter(
            pk=user.organization_id, party_organization_id=party_organization.pk).exists()
    return PartyOrganization.objects.visible_to(user).filter(pk=party_organization.pk).exists()


def _check_writer(user, party_organization: PartyOrganization) -> None:
    if not can_write_for(user, party_organization):
        raise ServiceError("只有本组织党建联络员或派驻的指导员可以登记该党组织的记录。",
                           field="party_organization")


def _check_date(date, field="date"):
    if date is None:
        raise ServiceError("请填写日期。", field=field)
    if date > timezone.localdate():
        raise ServiceError("日期不能晚于今天。", field=field)


def _wrap(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        messages = exc.messages
        raise ServiceError(messages[0] if messages else "数据有误。") from exc


def ruleset_for(region_code: str, on: datetime.date) -> RuleSet:
    ruleset = RuleSet.for_region(region_code, on)
    if ruleset is None:
        raise ServiceError("本地区尚未设定组织生活规则，请联系县级管理员。")
    return ruleset


# --- meetings ----------------------------------------------------------------------------------

def check_meeting(meeting: Meeting) -> None:
    """The quorum and grading rules of the rule set in force on the meeting's date."""
    if not meeting.expected_count:
        raise ServiceError("应到人数须大于 0。", field="expected_count")
    if meeting.present_count > meeting.expected_count:
        raise ServiceError("实到人数不能多于应到人数。", field="present_count")
    ruleset = ruleset_for(meeting.party_organization.region_id, meeting.date)
    rule = MeetingRule.objects.filter(ruleset=ruleset, kind=meeting.kind).first()
    if rule is not None and rule.quorum_more_than_percent is not None:
        if meeting.present_count * 100 <= meeting.expected_count * rule.quorum_more_than_percent:
            raise ServiceError(
                f"{meeting.get_kind_display()}实到人数须超过应到人数的 "
                f"{rule.quorum_more_than_percent}%，本次未达到，不能作为有效会议。",
                field="present_count")
    graded = meeting.graded_count
    if meeting.kind != MeetingKind.EVALUATION:
        if graded is not None:
            raise ServiceError("只有民主评议党员可以填写评议等次。", field="excellent_count")
        return
    if graded is None:
        return
    if graded > meeting.present_count:
        raise ServiceError("评议等次人数合计不能多于实到人数。", field="excellent_count")
    if not ruleset.excellent_allowed(meeting.excellent_count or 0, graded):
        raise ServiceError(
            f"评为优秀的党员一般不超过参评党员的 {ruleset.excellent_max_numerator}/"
            f"{ruleset.excellent_max_denominator}。", field="excellent_count")


MEETING_PHOTO_MAX_BYTES = 5 * 1024 * 1024


def save_meeting(*, user, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Record or correct a meeting of a party organization the user writes for."""
    _check_writer(user, meeting.party_organization)
    _check_date(meeting.date)
    meeting.topic = (meeting.topic or "").strip()
    if not meeting.topic:
        raise ServiceError("请填写会议主题。", field="topic")
    check_meeting(meeting)
    if meeting.photo and not getattr(meeting.photo, "_committed", True):  # a new upload
        check_upload(meeting.photo, types=IMAGE_TYPES, max_bytes=MEETING_PHOTO_MAX_BYTES,
                     field="photo", what="照片", formats="JPEG、PNG 或 WebP 图片")
    meeting.region_id = meeting.party_organization.region_id
    if meeting.pk is None:
        meeting.entered_by = user
        return _wrap(create_record, user=user, instance=meeting,
                     note=f"登记{meeting.get_kind_display()}")
    return _wrap(update_record, user=user, instance=meeting, expected_version=expected_version,
                 note=f"修改{meeting.get_kind_display()}")


# --- terms and 换届 ----------------------------------------------------------------------------

def approve_extension(*, user, party_organization: PartyOrganization, months: int,
                      approved_on: datetime.date, approved_by: str, reason: str) -> TermExtension:
    """Record an approved delay of the 换届; all extensions of a term stay within the maximum."""
    if not user.has_role(*APPROVER_ROLES) or not PartyOrganization.objects.visible_to(
            user).filter(pk=party_organization.pk).exists():
        raise ServiceError("只有上级党委或县级管理员可以登记延期换届。")
    due = party_organization.term_due_on
    if due is None:
        raise ServiceError("该党组织尚未登记本届任期，无法延期。")
    _check_date(approved_on, "approved_on")
    ruleset = ruleset_for(party_organization.region_id, approved_on)
    already = sum(TermExtension.objects.filter(party_organization=party_organization,
                                               term_due_on=due).values_list("months", flat=True))
    if not months or months < 1:
        raise ServiceError("延期月数须至少 1 个月。", field="months")
    if already + months > ruleset.max_extension_months:
        raise ServiceError(f"延期换届一般不超过 {ruleset.max_extension_months} 个月"
                           f"（本届已延期 {already} 个月）。", field="months")
    if not (approved_by or "").strip() or not (reason or "").strip():
        raise ServiceError("请填写批准机关和延期原因。", field="reason")
    ext = TermExtension(region_id=party_organization.region_id,
                        party_organization=party_organization, term_due_on=due, months=months,
                        approved_on=approved_on, approved_by=approved_by.strip(),
                        reason=reason.strip())
    return _wrap(create_record, user=user, instance=ext, note="登记延期换届")


def election_checks(election: Election) -> list[tuple[str, bool | None, str]]:
    """(check, passed or None when not yet known, detail) — computed, never typed."""
    ruleset = RuleSet.for_region(election.region_id or election.party_organization.region_id,
                                 election.held_on or timezone.localdate())
    surplus = ruleset.candidate_surplus_percent if ruleset else 20
    quorum = ruleset.election_quorum_percent if ruleset else 80
    checks = []
    if election.seats and election.candidates is not None:
        ok = election.candidates * 100 >= election.seats * (100 + surplus)
        checks.append(("候选人差额", ok, f"候选人 {election.candidates} 人，应选 {election.seats} 人，"
                                       f"须不少于 {100 + surplus}%"))
    else:
        checks.append(("候选人差额", None, "尚未填写应选和候选人数"))
    if election.entitled_count and election.present_count is not None:
        ok = election.present_count * 100 > election.entitled_count * quorum
        checks.append(("到会人数", ok, f"实到 {election.present_count} 人，应到 "
                                     f"{election.entitled_count} 人，须超过 {quorum}%"))
    else:
        checks.append(("到会人数", None, "尚未填写应到和实到人数"))
    order = [("报送请示", election.request_on), ("上级批复", election.approval_on),
             ("选举", election.held_on), ("报告上级", election.report_on)]
    known = [(name, d) for name, d in order if d]
    in_order = all(a[1] <= b[1] for a, b in zip(known, known[1:], strict=False))
    checks.append(("步骤顺序", in_order if len(known) > 1 else None,
                   "请示 → 批复 → 选举 → 报告" + ("" if in_order else "：日期先后有误")))
    if election.term_due_on and election.held_on:
        checks.append(("按期换届", election.held_on <= election.term_due_on,
                       f"届满 {election.term_due_on:%Y-%m-%d}，选举 {election.held_on:%Y-%m-%d}"))
    if election.approval_on and election.held_on:
        checks.append(("先批复后选举", election.approval_on <= election.held_on, ""))
    return checks


def save_election(*, user, election: Election, expected_version: int | None = None) -> Election:
    """Record the steps of a 换届选举; when held with a result, the new term starts."""
    po = election.party_organization
    _check_writer(user, po)
    for name in ("request_on", "approval_on", "held_on", "report_on"):
        if getattr(election, name):
            _check_date(getattr(election, name), name)
    if election.present_count is not None and election.entitled_count is not None \
            and election.present_count > election.entitled_count:
        raise ServiceError("实到会人数不能多于有选举权的党员数。", field="present_count")
    election.region_id = po.region_id
    with transaction.atomic():
        if election.pk is None:
            election.term_due_on = po.term_due_on
            saved = _wrap(create_record, user=user, instance=election, note="登记换届选举")
        else:
            saved = _wrap(update_record, user=user, instance=election,
                          expected_version=expected_version, note="修改换届选举")
        failed = [name for name, ok, _ in election_checks(saved) if ok is False
                  and name in ("候选人差额", "到会人数")]
        if saved.held_on and saved.result.strip() and not failed and (
                po.term_started_on is None or saved.held_on > po.term_started_on):
            before = audit.snapshot(po)
            PartyOrganization.objects.filter(pk=po.pk).update(
                term_started_on=saved.held_on, term_years=saved.new_term_years,
                version=po.version + 1)
            po.refresh_from_db()
            audit.log(user=user, action=AuditAction.UPDATE, obj=po, before=before,
                      after=audit.snapshot(po), note="换届选举完成，开始新一届任期")
    return saved


# --- 发展党员 ----------------------------------------------------------------------------------

def add_candidate(*, user, party_organization: PartyOrganization, name: str,
                  note: str = "") -> Candidate:
    _check_writer(user, party_organization)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写姓名。", field="name")
    candidate = Candidate(region_id=party_organization.region_id,
                          party_organization=party_organization, name=name, note=note or "")
    return _wrap(create_record, user=user, instance=candidate, note="登记发展党员对象")


def record_step(*, user, candidate: Candidate, number: int, date: datetime.date,
                publicity_started_on: datetime.date | None = None, note: str = "") -> StepRecord:
    """Enter the actual date of the next step. Steps go in order; time rules that are broken
    are shown as warnings (the decision is the organization's, entered by people)."""
    _check_writer(user, candidate.party_organization)
    if candidate.status != CandidateStatus.ACTIVE:
        raise ServiceError("该发展对象已不在培养中。")
    if number != candidate.current_step + 1:
        raise ServiceError(f"请按顺序登记：下一步是第 {candidate.current_step + 1} 步。",
                           field="number")
    _check_date(date)
    records = list(candidate.steps.all())
    first = next((r.date for r in records if r.number == 1), date)
    ruleset = ruleset_for(candidate.region_id, first)
    rule = PipelineStep.objects.filter(ruleset=ruleset, number=number).first()
    if rule is None:
        raise ServiceError("规则中没有该步骤。", field="number")
    if rule.after_step:
        base = next((r.date for r in records if r.number == rule.after_step), None)
        if base and date < base:
            raise ServiceError(f"日期不能早于第 {rule.after_step} 步（{base:%Y-%m-%d}）。",
                               field="date")
    if publicity_started_on is not None:
        if not rule.publicity_workdays:
            raise ServiceError("该步骤无需公示。", field="publicity_started_on")
        _check_date(publicity_started_on, "publicity_started_on")
    with transaction.atomic():
        record = StepRecord.objects.create(candidate=candidate, number=number, date=date,
                                           publicity_started_on=publicity_started_on,
                                           note=(note or "")[:500], entered_by=user)
        before = audit.snapshot(candidate)
        candidate.current_step = number
        last = PipelineStep.objects.filter(ruleset=ruleset).order_by("-number").first()
        if last is not None and number >= last.number:
            candidate.status = CandidateStatus.ADMITTED
        candidate.version += 1
        candidate.save()
        audit.log(user=user, action=AuditAction.UPDATE, obj=candidate, before=before,
                  after=audit.snapshot(candidate), note=f"登记第 {number} 步：{rule.name}")
    return record


def stop_candidate(*, user, candidate: Candidate, reason: str) -> Candidate:
    _check_writer(user, candidate.party_organization)
    if not (reason or "").strip():
        raise ServiceError("请填写终止原因。", field="reason")
    if candidate.status != CandidateStatus.ACTIVE:
        raise ServiceError("该发展对象已不在培养中。")
    candidate.status = CandidateStatus.STOPPED
    candidate.note = reason.strip()[:500]
    return _wrap(update_record, user=user, instance=candidate, note="终止发展")


# --- service to society ------------------------------------------------------------------------

def save_service_activity(*, user, activity: ServiceActivity, themes=None,
                          expected_version: int | None = None) -> ServiceActivity:
    org = activity.organization
    allowed = user.has_role(*WRITER_ROLES) and (
        user.is_superuser or (user.role == "org_contact" and user.organization_id == org.pk)
        or (user.role == "instructor"
            and Organization.objects.visible_to(user).filter(pk=org.pk).exists()))
    if not allowed:
        raise ServiceError("只有本组织党建联络员或派驻的指导员可以登记。", field="organization")
    _check_date(activity.date)
    activity.region_id = org.region_id
    with transaction.atomic():
        if activity.pk is None:
            saved = _wrap(create_record, user=user, instance=activity, note="登记服务社会活动")
        else:
            saved = _wrap(update_record, user=user, instance=activity,
                          expected_version=expected_version, note="修改服务社会活动")
        if themes is not None:
            saved.themes.set(themes)
    return saved


# --- standard procedures (工作指南) -------------------------------------------------------------

PROCEDURE_ROLES = ("instructor", "org_contact", "committee_staff")


def can_run_procedure(user, party_organization: PartyOrganization) -> bool:
    """The instructor, the org contact or the committee staff who see the party organization."""
    if not user.is_authenticated or not user.has_role(*PROCEDURE_ROLES):
        return False
    return user.is_superuser or PartyOrganization.objects.visible_to(user).filter(
        pk=party_organization.pk).exists()


def _check_procedure_user(user, party_organization: PartyOrganization) -> None:
    if not can_run_procedure(user, party_organization):
        raise ServiceError("只有派驻的指导员、本组织党建联络员或上级党委工作人员可以办理。",
                           field="party_organization")


def _check_links(run: ProcedureRun) -> None:
    po_id = run.party_organization_id
    if run.kind == ProcedureKind.ELECTION:
        run.meeting = None
        if run.election_id and run.election.party_organization_id != po_id:
            raise ServiceError("所选换届选举记录不属于该党组织。", field="election")
    else:
        run.election = None
        if run.meeting_id and (run.meeting.party_organization_id != po_id
                               or run.meeting.kind != MeetingKind.LIFE):
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
    if ProcedureRun.objects.filter(party_organization=po, kind=run.kind,
                                   status=RunStatus.OPEN).exists():
        raise ServiceError(f"该党组织已有进行中的{run.get_kind_display()}，请在原记录中继续办理。",
                           field="kind")
    if run.kind == ProcedureKind.ELECTION and not run.election_id:
        run.election = Election.objects.filter(party_organization=po).order_by("-id").first()
    _check_links(run)
    run.region_id = po.region_id
    run.template = template
    run.started_by = user
    return _wrap(create_record, user=user, instance=run,
                 note=f"开始办理{run.get_kind_display()}（{template}）")


def save_procedure(*, user, run: ProcedureRun, expected_version: int | None = None
                   ) -> ProcedureRun:
    """Correct the particulars of a run (dates, numbers, problems and rectification list)."""
    _check_procedure_user(user, run.party_organization)
    _check_links(run)
    return _wrap(update_record, user=user, instance=run, expected_version=expected_version,
                 note=f"修改{run.get_kind_display()}办理信息")


def record_procedure_step(*, user, run: ProcedureRun, number: int, date: datetime.date,
                          done_by: str, note: str = "") -> ProcedureStepRecord:
    """Enter the next step of a run: its date, who did it and a note. Steps go in order."""
    _check_procedure_user(user, run.party_organization)
    if run.status != RunStatus.OPEN:
        raise ServiceError("该程序已办结。")
    if number != run.current_step + 1:
        raise ServiceError(f"请按顺序登记：下一步是第 {run.current_step + 1} 步。", field="number")
    _check_date(date)
    done_by = (done_by or "").strip()
    if not done_by:
        raise ServiceError("请填写经办人。", field="done_by")
    steps = list(ProcedureStep.objects.filter(template_id=run.template_id).order_by("number"))
    step = next((s for s in steps if s.number == number), None)
    if step is None:
        raise ServiceError("工作指南中没有该步骤。", field="number")
    previous = run.records.order_by("-number").first()
    if previous and date < previous.date:
        raise ServiceError(f"日期不能早于上一步（{previous.date:%Y-%m-%d}）。", field="date")
    with transaction.atomic():
        record = ProcedureStepRecord.objects.create(run=run, number=number, date=date,
                                                    done_by=done_by[:50],
                                                    note=(note or "").strip()[:500],
                                                    entered_by=user)
        before = audit.snapshot(run)
        run.current_step = number
        if number >= steps[-1].number:
            run.status = RunStatus.DONE
        run.version += 1
        run.save()
        audit.log(user=user, action=AuditAction.UPDATE, obj=run, before=before,
                  after=audit.snapshot(run), note=f"登记第 {number} 步：{step.name}（{date:%Y-%m-%d}）")
    return record
