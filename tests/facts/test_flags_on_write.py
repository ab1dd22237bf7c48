"""A recorded write brings the written county's flag rows up to date once it commits, and the
county's worklist then reads those rows (a few queries) instead of running every collector,
showing the same flags the collectors give."""

import datetime
import logging

import pytest
from django.db import transaction

from liangxin.core import audit, summaries
from liangxin.core.models import AuditAction, Region, Role
from liangxin.core.worklist import flags_for
from liangxin.duties.services import requests as request_services
from liangxin.facts import on_write
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagRow, FlagState, committee_scope
from tests import factories as f


def _open_keys(code):
    return set(
        FlagRow.objects.open().filter(region_id=code).values_list("key", flat=True)
    )


def _live_keys(user):
    return set(facts.keyed(flags_for(user)))


def _staff_and_committees(world):
    return (
        (world.users.nonpublic, world.nonpublic),
        (world.users.social, world.social),
    )


def _committee_rows(committee):
    return FlagRow.objects.open(committee_scope(committee.pk)).filter(
        region_id="140931"
    )


def _request(world):
    """An instructor's request submitted: a 请示待批复 flag for the county."""
    draft = request_services.draft_request(
        user=world.users.instructor,
        organization=world.org_a,
        subject="换届选举",
        content="拟于下月召开党员大会进行换届选举。",
        urgency="normal",
        planned_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    return request_services.submit_request(user=world.users.instructor, request=draft)


def test_a_committed_write_reconciles_the_countys_flag_rows(
    world, django_capture_on_commit_callbacks
):
    facts.refresh_flags("140931", datetime.date.today())
    before = _open_keys("140931")
    assert before == _live_keys(world.users.county)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _request(world)
    # draft and submit, two writes: one refresh for the whole transaction
    assert sum(hasattr(c, "pending") for c in callbacks) == 1
    after = _open_keys("140931")
    assert after == _live_keys(world.users.county)
    assert any(k.startswith("duties.request_awaiting_reply|") for k in after - before)
    state = FlagState.objects.get(pk="140931")
    assert state.through_write == audit.latest_write("140931")
    assert on_write.is_current("140931", fresh=True)


def test_the_county_worklist_reads_current_rows_and_shows_the_live_flags(
    world, login, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        _request(world)
    live = flags_for(world.users.county)
    assert live
    client = login(world.users.county)
    caches_clear()
    # session, user, newest write, the rows' state, the counts, a page of the ranking, its flags
    with django_assert_max_num_queries(8):
        ranked = client.get("/worklist/")
    assert ranked.context["flag_count"] == len(live)
    assert (
        "facts-as-of" not in ranked.content.decode()
    )  # current, not "as of last night"
    flags = client.get("/worklist/?view=flags")
    shown = {(fl.kind, fl.instructor_id, fl.detail) for fl in flags.context["flags"]}
    assert shown == {(fl.kind, fl.instructor_id, fl.detail) for fl in live}


def test_a_write_not_yet_reconciled_sends_the_worklist_back_to_the_collectors(
    world, login
):
    facts.refresh_flags("140931", datetime.date.today())
    client = login(world.users.county)
    first = client.get("/worklist/?view=flags")
    assert on_write.is_current("140931", fresh=True)
    # a write whose refresh has not run (in the test's transaction nothing commits)
    _request(world)
    assert not on_write.is_current("140931", fresh=True)
    page = client.get("/worklist/?view=flags")
    kinds = {fl.kind for fl in page.context["flags"]}
    assert "duties.request_awaiting_reply" in kinds
    assert page.context["flag_count"] == first.context["flag_count"] + 1


def test_rows_reconciled_on_another_day_are_not_current(world):
    facts.refresh_flags("140931", datetime.date.today())
    FlagState.objects.filter(pk="140931").update(
        refreshed_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    # a problem may have turned overdue at midnight: yesterday's rows are not today's flags
    assert not on_write.is_current("140931", fresh=True)
    assert on_write.refresh_county("140931")
    assert on_write.is_current("140931", fresh=True)
    assert not on_write.refresh_county("140931")  # already current: nothing to do


def test_a_write_about_an_instructor_of_another_county_refreshes_both(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        audit.log(
            user=world.users.far_county,
            action=AuditAction.UPDATE,
            obj=f.AssignmentFactory(instructor=world.ins_a, organization=world.org_far),
        )
    assert set(FlagState.objects.values_list("pk", flat=True)) == {"140930", "140931"}


def test_a_rolled_back_write_or_a_citys_refreshes_nothing(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            audit.log(
                user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a
            )
            transaction.set_rollback(True)
    assert not any(hasattr(c, "pending") for c in callbacks)
    assert not FlagState.objects.exists()
    # a city's policy reaches every county below it: the nightly job's work
    with django_capture_on_commit_callbacks(execute=True):
        audit.log(
            user=world.users.county,
            action=AuditAction.UPDATE,
            region_id=Region.objects.get(code="140900").code,
        )
    assert not FlagState.objects.exists()
    # a reading changes nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        audit.log(user=world.users.county, action=AuditAction.EXPORT, obj=world.org_a)
    assert not any(hasattr(c, "pending") for c in callbacks)


def test_the_refresh_can_be_switched_off(
    world, settings, django_capture_on_commit_callbacks
):
    settings.FACTS_FLAGS_ON_WRITE = False
    with django_capture_on_commit_callbacks(execute=True):
        _request(world)
    assert not FlagState.objects.exists() and not FlagRow.objects.exists()


def test_a_failed_refresh_keeps_the_write_and_the_old_rows(
    world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    facts.refresh_flags("140931", datetime.date.today())
    rows = _open_keys("140931")

    def broken(user, kinds=None):
        raise RuntimeError("collector failed")

    monkeypatch.setattr(facts, "flags_for", broken)
    with caplog.at_level(logging.ERROR, logger="liangxin.facts.on_write"):
        with django_capture_on_commit_callbacks(execute=True):
            request = _request(world)
    request.refresh_from_db()
    assert request.status == "submitted"
    assert _open_keys("140931") == rows
    assert not on_write.is_current("140931", fresh=True)  # the worklist computes live
    assert "140931" in caplog.text


def test_a_worker_refreshes_when_one_runs(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from liangxin.facts import tasks

    sent = []
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(tasks.refresh_county_flags, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        _request(world)
    assert sent == ["140931"] and not FlagState.objects.exists()
    assert tasks.refresh_county_flags("140931") is True  # what the worker runs
    assert on_write.is_current("140931", fresh=True)


def test_who_reads_the_rows(world):
    from liangxin.dashboard.worklist import reads_county_rows

    facts.refresh_flags("140931", datetime.date.today())
    assert reads_county_rows(world.users.county)
    assert reads_county_rows(world.users.auditor)
    assert reads_county_rows(world.users.nonpublic)  # the committee's own rows
    # an instructor sees their own part of a county: their list stays live
    assert not reads_county_rows(world.users.instructor)
    assert not reads_county_rows(
        f.UserFactory(role=Role.COUNTY_ADMIN, region=world.other_county)
    )


def test_each_committee_has_its_own_rows_equal_to_its_staffs_live_flags(
    world, login, django_assert_max_num_queries
):
    _request(world)
    facts.refresh_flags("140931", datetime.date.today())
    for staff, committee in _staff_and_committees(world):
        rows = set(_committee_rows(committee).values_list("key", "detail"))
        live = flags_for(staff)
        assert rows == {(k, fl.detail) for k, fl in facts.keyed(live).items()}
        client = login(staff)
        with django_assert_max_num_queries(8):
            page = client.get("/worklist/?view=flags")
        shown = {(fl.kind, fl.instructor_id, fl.detail) for fl in page.context["flags"]}
        assert shown == {(fl.kind, fl.instructor_id, fl.detail) for fl in live}
    # the county's own rows are the administrator's flags, whatever the committees hold
    assert _open_keys("140931") == _live_keys(world.users.county)


def caches_clear():
    from django.core.cache import caches

    caches["shared"].clear()
    summaries.renew()


def test_a_row_whose_evidence_changed_says_when(world):
    facts.refresh_flags("140931", datetime.date.today())
    row = FlagRow.objects.open().filter(region_id="140931").first()
    long_ago = row.refreshed_at - datetime.timedelta(days=3)
    FlagRow.objects.filter(pk=row.pk).update(detail="旧的依据", refreshed_at=long_ago)
    facts.refresh_flags("140931", datetime.date.today())
    row.refresh_from_db()
    assert row.detail != "旧的依据" and row.refreshed_at > long_ago


def test_a_county_never_written_is_reconciled_once_and_then_current(world):
    # no audit entry at all yet: the newest write is 0, the rows were never computed
    assert audit.latest_write("140931") == 0
    assert not on_write.is_current("140931", fresh=True)
    assert on_write.refresh_county("140931")
    assert _open_keys("140931") == _live_keys(world.users.county)
    assert not on_write.refresh_county("140931")


def test_the_nightly_run_reconciles_the_countys_rows_and_leaves_the_committees_to_the_next_job(
    world, django_capture_on_commit_callbacks
):
    from liangxin.dashboard.worklist import reads_county_rows

    facts.refresh("140931")  # what refresh_facts runs each night
    assert on_write.is_current("140931", fresh=True)
    assert not on_write.is_current("140931", committees=True, fresh=True)
    assert not FlagRow.objects.exclude(scope="").exists()
    assert reads_county_rows(world.users.county)
    assert not reads_county_rows(world.users.nonpublic)  # live until a write
    with django_capture_on_commit_callbacks(execute=True):
        _request(world)
    assert on_write.is_current("140931", committees=True, fresh=True)
    assert reads_county_rows(world.users.nonpublic)


def test_the_committee_job_reconciles_the_committees_rows_and_leaves_the_countys(world):
    from liangxin.dashboard.worklist import reads_county_rows
    from liangxin.jobs import tasks

    _request(world)
    facts.refresh("140931")
    county_rows = set(FlagRow.objects.open().values_list("pk", "refreshed_at"))
    assert not reads_county_rows(world.users.social)
    tasks.refresh_committee_flags.apply(throw=True)  # scheduled after the nightly run
    assert reads_county_rows(world.users.nonpublic)
    assert reads_county_rows(world.users.social)
    for staff, committee in _staff_and_committees(world):
        rows = set(_committee_rows(committee).values_list("key", flat=True))
        assert rows == _live_keys(staff)
    # the county's own rows untouched, still current
    assert set(FlagRow.objects.open().values_list("pk", "refreshed_at")) == county_rows
    assert on_write.is_current("140931", fresh=True)


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_any_transaction_refreshes_at_once(world):
    # autocommit: the entry is committed as it is saved, and the county reconciled right after
    audit.log(user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a)
    assert on_write.is_current("140931", fresh=True)


def test_committee_staff_read_their_committees_rows_whatever_region_their_account_names(
    world, login
):
    from liangxin.dashboard.worklist import county_rows_of, reads_county_rows

    # an account left with another county's region: scoping follows the committee
    staff = f.UserFactory(
        role=Role.COMMITTEE_STAFF, committee=world.nonpublic, region=world.other_county
    )
    facts.refresh_flags("140931", datetime.date.today())
    assert county_rows_of(staff) == ("140931", committee_scope(world.nonpublic.pk))
    assert reads_county_rows(staff)
    page = login(staff).get("/worklist/?view=flags")
    live = flags_for(staff)
    assert live and page.context["flag_count"] == len(live)
