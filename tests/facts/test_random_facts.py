"""On random small data (hypothesis): the facts equal the live computation row by row."""

import datetime

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangxin.core.models import Role
from liangxin.core.worklist import flags_for
from liangxin.dashboard.own_flags import own_flags
from liangxin.facts import refresh as facts
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from liangxin.handbook.models import Problem, ProblemStatus
from liangxin.roster.models import Instructor
from tests import factories as f
from tests.facts import live

COUNTIES = ["140931", "140930"]
STATUSES = [
    VisitStatus.CONFIRMED,
    VisitStatus.PENDING,
    VisitStatus.DISPUTED,
    VisitStatus.REJECTED,
]

instructors = st.lists(
    st.fixed_dictionaries(
        {
            "county": st.sampled_from(COUNTIES),
            "start_day": st.one_of(st.none(), st.integers(1, 28)),
            # (day, status, which of two organizations): one visit per organization a day
            "visits": st.lists(
                st.tuples(
                    st.integers(1, 28), st.sampled_from(STATUSES), st.integers(0, 1)
                ),
                max_size=8,
                unique_by=lambda v: (v[0], v[2]),
            ),
            "problems": st.lists(
                st.tuples(st.integers(1, 28), st.one_of(st.none(), st.integers(0, 5))),
                max_size=3,
            ),
        }
    ),
    min_size=1,
    max_size=4,
)


def _build(specs, first: datetime.date):
    committees = {
        code: f.CommitteeFactory(region=f.region(code, f"县{code}"))
        for code in COUNTIES
    }
    for committee in committees.values():
        f.PartyOrganizationFactory(committee=committee)
    for spec in specs:
        committee = committees[spec["county"]]
        instructor = f.InstructorFactory(committee=committee)
        started = (
            datetime.date(2024, 3, 1)
            if spec["start_day"] is None
            else first.replace(day=spec["start_day"])
        )
        assignments = [
            f.AssignmentFactory(
                instructor=instructor,
                organization=f.OrganizationFactory(committee=committee),
                started_on=started,
            )
            for _ in range(2)
        ]
        assignment = assignments[0]
        for day, status, which in spec["visits"]:
            assignment = assignments[which]
            Visit.objects.create(
                region_id=committee.region_id,
                instructor=instructor,
                organization=assignment.organization,
                assignment=assignment,
                date=first.replace(day=day),
                activities=[Activity.RESEARCH],
                recorded_via=RecordedVia.ON_SITE,
                recorded_at=timezone.now(),
                status=status,
            )
        for day, resolved_after in spec["problems"]:
            raised = first.replace(day=day)
            Problem.objects.create(
                region_id=committee.region_id,
                instructor=instructor,
                organization=assignment.organization,
                raised_by_kind="employee",
                category="labour",
                description="工资发放不及时",
                raised_on=raised,
                status=ProblemStatus.OPEN
                if resolved_after is None
                else ProblemStatus.RESOLVED,
                resolved_on=None
                if resolved_after is None
                else raised + datetime.timedelta(days=resolved_after),
            )


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(specs=instructors)
def test_random_facts_equal_the_live_computation(db, specs):
    today = timezone.localdate()
    months = facts.default_months(today)
    first = datetime.date(*months[0], 1)  # last month: its shortfalls are flagged
    with transaction.atomic():
        _build(specs, first)
        totals = facts.refresh("140900", today=today)
        assert totals.regions == len(COUNTIES)
        for code in COUNTIES:
            admin = f.UserFactory(
                username=f"county{code}", role=Role.COUNTY_ADMIN, region_id=code
            )
            for year, month in months:
                expected = live.live_months(code, year, month)
                assert live.fact_months(code, year, month) == expected
            assert live.fact_periods(code, today.year) == live.live_periods(
                code, today.year, today
            )
            assert live.fact_flags(code) == live.live_flags(flags_for(admin))
        assert sum(len(live.live_months(code, *months[0])) for code in COUNTIES) == len(
            specs
        )
        # each instructor's own list, read from their county's rows, is their live list
        for n, instructor in enumerate(Instructor.objects.all()):
            instructor.user = f.UserFactory(
                username=f"i{n}", role=Role.INSTRUCTOR, region_id=instructor.region_id
            )
            instructor.save()
            own = own_flags(instructor.user)
            assert own is not None
            assert live.live_flags(own) == live.live_flags(flags_for(instructor.user))
        transaction.set_rollback(True)
