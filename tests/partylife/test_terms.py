import pytest
from django.core.management import call_command

from liangxin.core.models import Notification
from liangxin.core.services import ServiceError
from liangxin.partylife import compliance as comp
from liangxin.partylife.models import Election, RuleSet
from liangxin.partylife.services import terms as term_services
from tests.partylife.conftest import d


@pytest.fixture
def termed(po):
    po.term_started_on = d("2024-03-01")
    po.term_years = 3
    po.save()
    return po  # due 2027-03-01


@pytest.mark.parametrize(
    "today,state",
    [
        ("2026-08-31", comp.OK),
        ("2026-09-01", comp.REMIND),
        ("2027-01-01", comp.REQUEST),
        ("2027-03-01", comp.REQUEST),
        ("2027-03-02", comp.OVERDUE),
    ],
)
def test_the_term_state_follows_the_rule_set_dates(world, termed, today, state):
    status = comp.term_statuses([termed], d(today))[0]
    assert status.due_on == d("2027-03-01")
    assert status.remind_on == d("2026-09-01") and status.request_by == d("2027-01-01")
    assert status.state == state


def test_the_request_lead_time_is_a_rule_set_setting(world, termed, rules):
    rules.request_lead_months = 4
    rules.save()
    status = comp.term_statuses([termed], d("2026-11-15"))[0]
    assert status.request_by == d("2026-11-01") and status.state == comp.REQUEST


def test_a_party_organization_without_a_term_record_is_unknown(world, po):
    assert comp.term_statuses([po], d("2026-01-01"))[0].state == comp.UNKNOWN


def test_an_approved_extension_moves_the_due_date(world, termed):
    term_services.approve_extension(
        user=world.users.nonpublic,
        party_organization=termed,
        months=6,
        approved_on=d("2026-10-01"),
        approved_by="县非公党委",
        reason="企业改制",
    )
    status = comp.term_statuses([termed], d("2027-05-01"))[0]
    assert status.due_on == d("2027-09-01") and status.extended_months == 6
    assert status.state == comp.REMIND
    assert comp.term_statuses([termed], d("2027-07-15"))[0].state == comp.REQUEST
    assert comp.term_statuses([termed], d("2027-09-02"))[0].state == comp.OVERDUE


def test_extensions_of_a_term_stay_within_one_year(world, termed):
    kwargs = dict(
        user=world.users.county,
        party_organization=termed,
        approved_on=d("2026-10-01"),
        approved_by="县委社会工作部",
        reason="改制",
    )
    term_services.approve_extension(months=8, **kwargs)
    with pytest.raises(ServiceError, match="不超过 12 个月"):
        term_services.approve_extension(months=5, **kwargs)
    term_services.approve_extension(months=4, **kwargs)


def test_only_the_committee_or_county_approves_extensions(world, termed):
    for user in (world.users.instructor, world.users.contact, world.users.social):
        with pytest.raises(ServiceError):
            term_services.approve_extension(
                user=user,
                party_organization=termed,
                months=3,
                approved_on=d("2026-10-01"),
                approved_by="x",
                reason="y",
            )


def test_reminders_are_sent_once_however_often_the_command_runs(
    world, termed, monkeypatch
):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: d("2026-10-01"))
    call_command("send_partylife_reminders")
    call_command("send_partylife_reminders")
    notices = Notification.objects.filter(key__startswith="partylife.term.remind")
    recipients = set(notices.values_list("recipient__username", flat=True))
    assert recipients == {"instructor01", "contact001", "nonpublic"}
    assert notices.count() == 3

    monkeypatch.setattr(timezone, "localdate", lambda: d("2027-01-05"))
    call_command("send_partylife_reminders")
    requests = Notification.objects.filter(key__startswith="partylife.term.request")
    assert requests.count() == 3
    notice = requests.get(recipient__username="nonpublic")
    # the 请示 is due from this day on: never "please submit before <a passed date>"
    assert "已到报送换届请示的时限" in notice.body and "请于" not in notice.body
    # the notice opens the terms list on its own party organization
    assert notice.url == f"/partylife/terms/?party_org={termed.pk}"


def _election(po, **values):
    base = dict(
        party_organization=po,
        request_on=d("2026-09-01"),
        approval_on=d("2026-09-20"),
        seats=5,
        candidates=6,
        entitled_count=10,
        present_count=9,
        held_on=d("2026-10-10"),
        result="选举产生新一届支委会",
        report_on=d("2026-10-15"),
    )
    return Election(**{**base, **values})


def _checks(election):
    return {name: ok for name, ok, _ in term_services.election_checks(election)}


def test_the_election_checks_are_computed(world, termed):
    election = _election(
        termed, region_id=termed.region_id, term_due_on=termed.term_due_on
    )
    assert _checks(election) == {
        "候选人差额": True,
        "到会人数": True,
        "步骤顺序": True,
        "按期换届": True,
        "先批复后选举": True,
    }
    election.candidates = 5  # 5 < 5 × 120 %
    election.present_count = 8  # 8 is not more than 4/5 of 10
    election.approval_on = d("2026-10-11")
    checks = _checks(election)
    assert (
        not checks["候选人差额"]
        and not checks["到会人数"]
        and not checks["先批复后选举"]
    )


def test_the_quorum_and_surplus_are_rule_set_settings(world, termed):
    RuleSet.objects.filter(region_id="140000").update(
        candidate_surplus_percent=0, election_quorum_percent=50
    )
    election = _election(
        termed, region_id=termed.region_id, candidates=5, present_count=6
    )
    assert _checks(election)["候选人差额"] and _checks(election)["到会人数"]


def test_a_valid_election_with_a_result_starts_the_new_term(world, termed):
    term_services.save_election(user=world.users.contact, election=_election(termed))
    termed.refresh_from_db()
    assert termed.term_started_on == d("2026-10-10")
    assert comp.term_statuses([termed], d("2027-06-01"))[0].state == comp.OK


def test_a_failed_election_does_not_start_a_new_term(world, termed):
    term_services.save_election(
        user=world.users.contact, election=_election(termed, present_count=7)
    )
    termed.refresh_from_db()
    assert termed.term_started_on == d("2024-03-01")
