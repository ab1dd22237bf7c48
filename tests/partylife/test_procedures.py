"""工作指南: the 换届选举 and 组织生活会 procedures as guided checklists with printable forms."""

import datetime
import re
import zlib

import pytest
from django.utils import timezone

from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.partylife.models import (
    Election,
    MeetingKind,
    ProcedureKind,
    ProcedureRun,
    ProcedureStep,
    ProcedureTemplate,
    RunStatus,
)
from liangxin.partylife.services import procedures as procedure_services
from tests import factories as f
from tests.partylife.conftest import d

CJK_FONT = re.compile(rb"Noto-?S(?:ans|erif)-?CJK")


def _inflated(pdf: bytes) -> bytes:
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"".join(parts)


@pytest.fixture
def election(world, po):
    po.term_started_on = d("2023-12-20")
    po.save()
    return Election.objects.create(
        region_id=po.region_id,
        party_organization=po,
        request_on=d("2026-09-01"),
        approval_on=d("2026-09-15"),
        seats=5,
        candidates=6,
        entitled_count=9,
        present_count=8,
        held_on=d("2026-10-20"),
        result="张三 8 票、李四 7 票、王五 7 票、赵六 6 票、孙七 6 票当选",
    )


@pytest.fixture
def start(world, po):
    def _start(kind=ProcedureKind.ELECTION, user=None, **extra):
        run = ProcedureRun(party_organization=po, kind=kind, **extra)
        return procedure_services.start_procedure(
            user=user or world.users.instructor, run=run
        )

    return _start


def _step(run, user, number, date, done_by="王书记"):
    run.refresh_from_db()
    return procedure_services.record_procedure_step(
        user=user, run=run, number=number, date=d(date), done_by=done_by
    )


def test_the_province_procedures_are_seeded_as_data(world):
    election = ProcedureTemplate.objects.get(
        region_id="140000", kind="election", version=1
    )
    life = ProcedureTemplate.objects.get(region_id="140000", kind="life", version=1)
    names = list(election.steps.values_list("name", flat=True))
    assert len(names) == 7 and names[1] == "书面请示上级党委"
    assert "20%" in election.steps.get(number=4).guidance
    assert "4/5" in election.steps.get(number=5).guidance
    assert life.steps.count() == 4 and "谈心谈话" in life.steps.get(number=1).guidance


def test_a_county_version_replaces_the_province_steps_without_code(world, start):
    county = ProcedureTemplate.objects.create(
        region=world.county,
        kind="life",
        name="县组织生活会程序",
        version=2,
        effective_from=d("2025-01-01"),
    )
    ProcedureStep.objects.create(
        template=county, number=1, name="会前准备", guidance="县里的指引"
    )
    ProcedureStep.objects.create(template=county, number=2, name="召开会议")
    run = start(ProcedureKind.LIFE, topic="对照党章找差距")
    assert run.template == county
    _step(run, world.users.instructor, 1, "2026-11-02")
    _step(run, world.users.instructor, 2, "2026-11-10")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_the_instructor_starts_a_换届_linked_to_the_existing_election(
    world, login, po, election
):
    client = login(world.users.instructor)
    assert client.get("/partylife/procedures/new/").status_code == 200
    response = client.post(
        "/partylife/procedures/new/",
        {
            "party_organization": po.pk,
            "kind": "election",
            "planned_on": "2026-12-20",
            "seats": 5,
            "secretary_posts": "书记1名、副书记1名",
            "method": "差额选举",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ProcedureRun.objects.get()
    assert run.election == election and run.template.region_id == "140000"
    assert AuditLog.objects.filter(action="create", object_id=str(run.pk)).exists()
    body = client.get(run.get_absolute_url()).content.decode()
    assert "支委会决定召开换届选举" in body and "下一步" in body
    assert "候选人差额" in body and "符合" in body  # the election's own checks, reused


def test_the_contact_and_the_committee_may_start_procedures(world, start):
    assert (
        start(ProcedureKind.LIFE, user=world.users.contact).started_by
        == world.users.contact
    )
    assert start(ProcedureKind.ELECTION, user=world.users.nonpublic).kind == "election"


def test_a_second_open_run_of_the_same_kind_is_refused(world, start):
    start(ProcedureKind.LIFE)
    with pytest.raises(ServiceError, match="进行中"):
        start(ProcedureKind.LIFE)


def test_an_outsider_cannot_start_one_for_a_party_organization_they_do_not_see(
    world, po
):
    run = ProcedureRun(party_organization=po, kind=ProcedureKind.LIFE)
    with pytest.raises(ServiceError):
        procedure_services.start_procedure(user=world.users.social, run=run)


def test_steps_are_entered_in_order_and_each_write_is_audited(world, login, start):
    run = start(ProcedureKind.LIFE, topic="强化政治意识")
    client = login(world.users.contact)
    url = f"/partylife/procedures/{run.pk}/steps/"
    client.post(url, {"number": 2, "date": "2026-11-03", "done_by": "王书记"})
    run.refresh_from_db()
    assert run.current_step == 0
    response = client.post(
        url,
        {
            "number": 1,
            "date": "2026-11-03",
            "done_by": "王书记",
            "note": "谈心谈话 12 人次",
        },
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.current_step == 1
    assert run.records.get().note == "谈心谈话 12 人次"
    with pytest.raises(ServiceError, match="早于上一步"):
        _step(run, world.users.contact, 2, "2026-11-01")
    _step(run, world.users.contact, 2, "2026-11-10")
    notes = list(
        AuditLog.objects.filter(object_id=str(run.pk), action="update").values_list(
            "note", flat=True
        )
    )
    assert any("第 1 步" in n for n in notes) and any("第 2 步" in n for n in notes)
    body = client.get(run.get_absolute_url()).content.decode()
    assert "下一步：第 3 步 制定并落实整改措施" in body and "逐项抓好落实" in body


def test_a_future_date_or_a_missing_name_is_refused(world, start):
    run = start(ProcedureKind.LIFE)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError):
        procedure_services.record_procedure_step(
            user=world.users.instructor,
            run=run,
            number=1,
            date=tomorrow,
            done_by="王书记",
        )
    with pytest.raises(ServiceError, match="经办人"):
        procedure_services.record_procedure_step(
            user=world.users.instructor,
            run=run,
            number=1,
            date=d("2026-11-01"),
            done_by=" ",
        )


def test_the_last_step_completes_the_run(world, start, election):
    run = start(ProcedureKind.ELECTION)
    for n in range(1, 8):
        _step(run, world.users.instructor, n, f"2026-10-{n + 10:02d}")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    with pytest.raises(ServiceError, match="已办结"):
        _step(run, world.users.instructor, 8, "2026-10-30")


def test_pages_answer_404_outside_the_scope(world, login, start):
    run = start(ProcedureKind.LIFE)
    client = login(world.users.social)
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(f"/partylife/procedures/{run.pk}/pdf/report/").status_code == 404
    assert (
        client.post(
            f"/partylife/procedures/{run.pk}/steps/",
            {"number": 1, "date": "2026-11-01", "done_by": "某"},
        ).status_code
        == 404
    )
    assert client.get(f"/partylife/procedures/{run.pk}/edit/").status_code == 404


@pytest.mark.parametrize("who", ["county", "unit", "auditor"])
def test_roles_that_only_read_may_not_start_or_record(world, login, start, who):
    run = start(ProcedureKind.LIFE)
    client = login(getattr(world.users, who))
    assert client.get("/partylife/procedures/new/").status_code == 403
    assert (
        client.post(
            f"/partylife/procedures/{run.pk}/steps/",
            {"number": 1, "date": "2026-11-01", "done_by": "某"},
        ).status_code
        == 403
    )


def test_the_county_reads_the_run_without_the_step_form(world, login, start):
    run = start(ProcedureKind.LIFE)
    body = login(world.users.county).get(run.get_absolute_url()).content.decode()
    assert "会前准备" in body and "登记本步完成" not in body


def test_wrong_methods_answer_405(world, login, start):
    run = start(ProcedureKind.LIFE)
    client = login(world.users.instructor)
    assert client.get(f"/partylife/procedures/{run.pk}/steps/").status_code == 405
    assert client.post(f"/partylife/procedures/{run.pk}/pdf/report/").status_code == 405
    assert client.post("/partylife/procedures/").status_code == 405


def test_the_list_stays_within_a_fixed_query_count(
    world, login, django_assert_max_num_queries
):
    client = login(world.users.county)
    template = ProcedureTemplate.objects.get(region_id="140000", kind="life")

    def grow(to: int):
        while ProcedureRun.objects.count() < to:
            po = f.PartyOrganizationFactory(committee=world.nonpublic)
            ProcedureRun.objects.create(
                region_id=po.region_id,
                party_organization=po,
                kind="life",
                template=template,
                topic="主题",
            )

    grow(5)
    with django_assert_max_num_queries(14):
        assert client.get("/partylife/procedures/").status_code == 200
    grow(35)
    with django_assert_max_num_queries(14):
        body = client.get("/partylife/procedures/").content.decode()
    assert "组织生活会" in body


def test_the_request_pdf_is_prefilled_with_chinese_fonts_and_audited(
    world, login, start, election
):
    run = start(
        ProcedureKind.ELECTION,
        planned_on=d("2026-12-20"),
        seats=5,
        secretary_posts="书记1名、副书记1名",
        method="差额选举，无记名投票",
    )
    response = login(world.users.instructor).get(
        f"/partylife/procedures/{run.pk}/pdf/request/"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert CJK_FONT.search(_inflated(response.content))
    log = AuditLog.objects.get(action="export", object_id=str(run.pk))
    assert "换届选举请示" in log.note


def test_the_form_contexts_carry_the_records(world, start, election, make_meeting):
    from liangxin.partylife.views.procedures import procedure_form_context

    run = start(ProcedureKind.ELECTION, planned_on=d("2026-12-20"), seats=5)
    ctx = procedure_form_context(run, "request")
    assert ctx["term_due"] == d("2026-12-20") and ctx["run"].seats == 5
    ctx = procedure_form_context(run, "result")
    assert ctx["election"].present_count == 8
    assert dict((n, ok) for n, ok, _ in ctx["checks"])["到会人数"] is True
    meeting = make_meeting(
        run.party_organization,
        d("2026-11-12"),
        kind=MeetingKind.LIFE,
        expected_count=9,
        present_count=9,
    )
    life = start(
        ProcedureKind.LIFE,
        topic="对照检查",
        meeting=meeting,
        problems="学习不够深入",
        rectification="制定学习计划\n\n每月集中学习",
    )
    ctx = procedure_form_context(life, "report")
    assert ctx["held_on"] == d("2026-11-12") and ctx["items"] == [
        "制定学习计划",
        "每月集中学习",
    ]


@pytest.mark.parametrize("form", ["result", "report"])
def test_the_other_forms_render_as_pdf(world, login, start, election, form):
    kind = ProcedureKind.ELECTION if form == "result" else ProcedureKind.LIFE
    run = start(kind, topic="主题", problems="问题", rectification="措施一\n措施二")
    response = login(world.users.nonpublic).get(
        f"/partylife/procedures/{run.pk}/pdf/{form}/"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_form_of_the_other_procedure_answers_404(world, login, start):
    run = start(ProcedureKind.LIFE)
    assert (
        login(world.users.instructor)
        .get(f"/partylife/procedures/{run.pk}/pdf/request/")
        .status_code
        == 404
    )


def test_the_result_report_waits_for_an_election_record(world, login, start):
    run = start(ProcedureKind.ELECTION)
    assert run.election is None
    response = login(world.users.instructor).get(
        f"/partylife/procedures/{run.pk}/pdf/result/"
    )
    assert response.status_code == 302


def test_an_election_of_another_party_organization_cannot_be_linked(world, start):
    other = f.PartyOrganizationFactory(committee=world.nonpublic)
    foreign = Election.objects.create(
        region_id=other.region_id, party_organization=other
    )
    with pytest.raises(ServiceError, match="不属于"):
        start(ProcedureKind.ELECTION, election=foreign)


def test_the_nav_lists_the_guide(world, login):
    body = login(world.users.instructor).get("/partylife/procedures/").content.decode()
    assert "工作指南" in body
