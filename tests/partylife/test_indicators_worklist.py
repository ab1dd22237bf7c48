import datetime

from liangxin.core import indicators
from liangxin.core.worklist import flags_for
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife.models import Candidate, MeetingKind, StepRecord
from tests import factories as f
from tests.partylife.conftest import d

NAMES = [
    "partylife.compliance_rate",
    "partylife.activity_day_attendance",
    "partylife.elections_on_time",
    "partylife.pipeline_on_time",
    "partylife.coverage_change",
]


def test_the_indicators_are_registered():
    registered = {i.name for i in indicators.all_indicators()}
    assert set(NAMES) <= registered


def test_the_compliance_rate_counts_ended_periods_of_the_instructors_party_orgs(
    world, po, make_meeting
):
    for month in (1, 2, 3):
        make_meeting(po, d(f"2026-{month:02d}-10"), kind=MeetingKind.COMMITTEE)
        make_meeting(
            po,
            d(f"2026-{month:02d}-12"),
            kind=MeetingKind.ACTIVITY_DAY,
            instructor_attended=month != 3,
        )
    make_meeting(po, d("2026-02-20"), kind=MeetingKind.MEMBERS)
    make_meeting(po, d("2026-02-21"), kind=MeetingKind.LECTURE)
    values = indicators.compute(
        "partylife.compliance_rate",
        [world.ins_a.pk, world.ins_b.pk],
        d("2026-01-01"),
        d("2026-03-31"),
    )
    # committee 3/3, activity day 3/3, members Q1 1/1, lecture Q1 1/1 → 8 of 8
    assert values == {world.ins_a.pk: 100.0, world.ins_b.pk: 0}
    values = indicators.compute(
        "partylife.compliance_rate", [world.ins_a.pk], d("2026-01-01"), d("2026-04-30")
    )
    assert values[world.ins_a.pk] == round(
        8 * 100 / 10, 1
    )  # April: two monthly missing
    attendance = indicators.compute(
        "partylife.activity_day_attendance",
        [world.ins_a.pk],
        d("2026-01-01"),
        d("2026-03-31"),
    )
    assert attendance[world.ins_a.pk] == round(2 * 100 / 3, 1)


def test_the_indicators_run_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    for n in range(6):
        extra = f.PartyOrganizationFactory(
            committee=world.nonpublic,
            term_started_on=d("2022-01-01"),
            founded_on=d("2026-02-01"),
        )
        org = f.OrganizationFactory(committee=world.nonpublic, party_organization=extra)
        f.AssignmentFactory(
            instructor=world.ins_a if n % 2 else world.ins_idle, organization=org
        )
        Candidate.objects.create(
            region=world.county, party_organization=extra, name=f"甲{n}"
        )
    ids = [world.ins_a.pk, world.ins_b.pk, world.ins_idle.pk]
    for name in NAMES:
        with django_assert_max_num_queries(6):
            indicators.compute(name, ids, d("2026-01-01"), d("2026-06-30"))
    assert indicators.compute(
        "partylife.coverage_change", ids, d("2026-01-01"), d("2026-06-30")
    ) == {world.ins_a.pk: 3, world.ins_b.pk: 0, world.ins_idle.pk: 3}
    assert (
        indicators.compute(
            "partylife.elections_on_time", ids, d("2026-01-01"), d("2026-06-30")
        )[world.ins_a.pk]
        == 0.0
    )


def test_the_pipeline_indicator_counts_late_steps(world, po):
    c = Candidate.objects.create(
        region=world.county, party_organization=po, name="王芳"
    )
    StepRecord.objects.bulk_create(
        [
            StepRecord(candidate=c, number=1, date=d("2026-01-05")),
            StepRecord(candidate=c, number=2, date=d("2026-03-01")),
        ]
    )
    value = indicators.compute(
        "partylife.pipeline_on_time", [world.ins_a.pk], d("2026-01-01"), d("2026-06-30")
    )
    assert value[world.ins_a.pk] == 50.0  # the talk came later than one month


def test_the_worklist_flags_missing_meetings_terms_and_pipeline_deadlines(world, po):
    today = datetime.date.today()
    po.term_started_on = today.replace(year=today.year - 4)
    po.save()
    c = Candidate.objects.create(
        region=world.county, party_organization=po, name="王芳", current_step=1
    )
    StepRecord.objects.create(
        candidate=c, number=1, date=today - datetime.timedelta(days=60)
    )
    kinds = {flag.kind for flag in flags_for(world.users.instructor)}
    assert {
        "partylife.missing_meeting",
        "partylife.term",
        "partylife.pipeline",
    } <= kinds
    flags = [
        fl for fl in flags_for(world.users.nonpublic) if fl.kind.startswith("partylife")
    ]
    assert flags and all(fl.instructor_id == world.ins_a.pk for fl in flags)
    assert not [
        fl for fl in flags_for(world.users.social) if fl.kind.startswith("partylife")
    ]
    assert PartyOrganization.objects.count() >= 1


def test_the_pipeline_flags_read_the_calendar_once_however_many_candidates(world, po):
    """Each 公示 window used to read the work calendar (two queries a candidate-step)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from liangxin.partylife.worklist import pipeline_deadlines

    today = datetime.date.today()

    def add(n):
        for i in range(n):
            c = Candidate.objects.create(
                region=world.county, party_organization=po, name=f"候选{i}"
            )
            StepRecord.objects.bulk_create(
                StepRecord(
                    candidate=c,
                    number=step,
                    date=today - datetime.timedelta(days=300 - 30 * step),
                    publicity_started_on=today
                    - datetime.timedelta(days=300 - 30 * step),
                )
                for step in range(1, 8)
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            list(pipeline_deadlines(world.users.county))
        return len(queries)

    add(2)
    few = count()
    add(10)
    assert count() == few


def test_a_period_ending_today_is_not_yet_counted(world, po, make_meeting, monkeypatch):
    """As on the calendar and in the cockpit: the meeting may still be held today."""
    from django.utils import timezone

    for month in (1, 2):
        make_meeting(po, d(f"2026-{month:02d}-10"), kind=MeetingKind.COMMITTEE)
        make_meeting(po, d(f"2026-{month:02d}-12"), kind=MeetingKind.ACTIVITY_DAY)
    monkeypatch.setattr(timezone, "localdate", lambda *a: d("2026-03-31"))
    values = indicators.compute(
        "partylife.compliance_rate", [world.ins_a.pk], d("2026-01-01"), d("2026-03-31")
    )
    # January and February, both held: March and the first quarter end today
    assert values[world.ins_a.pk] == 100.0
    monkeypatch.setattr(timezone, "localdate", lambda *a: d("2026-04-01"))
    values = indicators.compute(
        "partylife.compliance_rate", [world.ins_a.pk], d("2026-01-01"), d("2026-03-31")
    )
    # now March (two monthly) and the quarter (members, lecture) are missed: 4 of 8
    assert values[world.ins_a.pk] == 50.0


def test_a_county_of_more_than_five_hundred_branches_is_flagged_whole(world):
    """The collectors once read the first 500 party organizations by name; the rest of a
    large county got no warning at all while the cockpit counted them."""
    import datetime as _dt

    from liangxin.core.worklist import flags_for
    from liangxin.orgs.models import PartyOrganization

    PartyOrganization.objects.bulk_create(
        PartyOrganization(
            region=world.county,
            committee=world.nonpublic,
            name=f"中共保德县第{n:03d}支部委员会",
            kind="branch",
            formal_members=5,
            term_started_on=_dt.date(2018, 1, 1),
        )
        for n in range(520)
    )
    terms = [fl for fl in flags_for(world.users.county) if fl.kind == "partylife.term"]
    assert len({fl.party_organization_id for fl in terms}) >= 520
