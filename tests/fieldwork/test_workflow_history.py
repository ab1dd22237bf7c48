"""Visits move through core.workflow.transition: the contact's decision and the committee's
review each keep a history row, shown on the visit page; a stale version is a 409."""

from importlib import import_module

import pytest
from django.apps import apps as global_apps

from liangxin.core.services import ConflictError, ServiceError
from liangxin.fieldwork import services
from liangxin.fieldwork.models import VisitStatus, VisitTransition
from tests.fieldwork.conftest import days_ago


@pytest.fixture
def visit(world, make_visit):
    return make_visit(world.asg_a, days_ago(1))


def _moves(visit):
    return list(
        VisitTransition.objects.filter(visit=visit).values_list(
            "from_status", "to_status", "by__username", "note"
        )
    )


def test_a_dispute_and_the_committee_decision_keep_history_rows(world, visit, login):
    services.dispute_visit(user=world.users.contact, visit=visit, reason="未见指导员")
    services.uphold_visit(
        user=world.users.nonpublic, visit=visit, reason="有签到照片为证"
    )
    assert _moves(visit) == [
        ("pending", "disputed", world.users.contact.username, "未见指导员"),
        ("disputed", "confirmed", world.users.nonpublic.username, "有签到照片为证"),
    ]
    page = login(world.users.instructor).get(visit.get_absolute_url())
    text = page.content.decode()
    assert "待确认 → 有异议" in text and "有异议 → 已确认" in text


def test_a_second_decision_is_refused_and_adds_no_history(world, visit):
    services.confirm_visit(user=world.users.contact, visit=visit)
    with pytest.raises(ServiceError, match="已处理"):
        services.dispute_visit(user=world.users.contact, visit=visit, reason="异议")
    assert len(_moves(visit)) == 1


def test_a_stale_version_is_a_conflict_in_the_service_and_409_in_the_api(
    world, visit, api
):
    with pytest.raises(ConflictError):
        services.confirm_visit(
            user=world.users.contact, visit=visit, expected_version=visit.version + 1
        )
    response = api(world.users.contact).post(
        f"/api/visits/{visit.pk}/confirm/",
        {"version": visit.version + 1},
        format="json",
    )
    assert response.status_code == 409
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PENDING and not _moves(visit)


def test_the_migration_backfills_decided_visits(world, visit):
    services.dispute_visit(user=world.users.contact, visit=visit, reason="未见指导员")
    VisitTransition.objects.all().delete()
    migration = import_module("liangxin.fieldwork.migrations.0004_workflow_history")
    migration.backfill(global_apps, None)
    assert [m[:3] for m in _moves(visit)] == [
        ("pending", "disputed", world.users.contact.username)
    ]
