"""Candidates and procedure runs move through core.workflow.transition: a history row per
move, audited, shown on the record page."""

import pytest

from liangxin.core.models import AuditLog
from liangxin.core.services import ServiceError
from liangxin.partylife.models import (
    Candidate,
    CandidateTransition,
    ProcedureKind,
    ProcedureRun,
    ProcedureRunTransition,
)
from liangxin.partylife.services import pipeline as pipeline_services
from liangxin.partylife.services import procedures as procedure_services
from tests.partylife.conftest import d


@pytest.fixture
def candidate(world, po):
    return Candidate.objects.create(
        region=world.county, party_organization=po, name="王芳"
    )


def test_stopping_a_candidate_keeps_a_history_row_shown_on_its_page(
    world, candidate, login
):
    pipeline_services.stop_candidate(
        user=world.users.contact, candidate=candidate, reason="本人撤回申请"
    )
    step = CandidateTransition.objects.get(candidate=candidate)
    assert (step.from_status, step.to_status, step.by, step.note) == (
        "active",
        "stopped",
        world.users.contact,
        "本人撤回申请",
    )
    assert AuditLog.objects.filter(
        object_id=str(candidate.pk), content_type__model="candidate", note="终止发展"
    ).exists()
    text = login(world.users.contact).get(candidate.get_absolute_url()).content
    assert "培养中 → 已终止" in text.decode()


def test_a_stopped_candidate_cannot_be_stopped_again(world, candidate):
    pipeline_services.stop_candidate(
        user=world.users.contact, candidate=candidate, reason="本人撤回申请"
    )
    with pytest.raises(ServiceError, match="发展对象当前为“已终止”"):
        pipeline_services.stop_candidate(
            user=world.users.contact, candidate=candidate, reason="再次终止"
        )
    assert CandidateTransition.objects.count() == 1


def test_the_last_step_of_a_procedure_is_a_move_to_done_with_a_history_row(
    world, po, login
):
    run = procedure_services.start_procedure(
        user=world.users.instructor,
        run=ProcedureRun(party_organization=po, kind=ProcedureKind.LIFE),
    )
    last = run.template.steps.order_by("-number").first().number
    for n in range(1, last + 1):
        run.refresh_from_db()
        procedure_services.record_procedure_step(
            user=world.users.instructor,
            run=run,
            number=n,
            date=d(f"2026-10-{n + 1:02d}"),
            done_by="王书记",
        )
    step = ProcedureRunTransition.objects.get(run=run)
    assert (step.from_status, step.to_status) == ("open", "done")
    text = login(world.users.instructor).get(run.get_absolute_url()).content
    assert "进行中 → 已完成" in text.decode()
