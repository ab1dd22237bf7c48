"""`visible_to(user)` returns exactly the rows each persona may see, for every scoped model."""

import pytest
from django.contrib.auth.models import AnonymousUser

from liangxin.core import audit
from liangxin.core.models import AuditAction, AuditLog
from liangxin.orgs.models import Organization, PartyCommittee, PartyOrganization
from liangxin.roster.models import Assignment, DispatchingUnit, Instructor

PERSONAS = [
    "county",
    "auditor",
    "far_county",
    "nonpublic",
    "social",
    "instructor",
    "contact",
    "unit",
]


def _visible(model, user):
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def _pks(world, names):
    return {getattr(world, n).pk for n in names}


EXPECTED = {
    Organization: {
        "county": ["org_a", "org_a2", "org_b"],
        "auditor": ["org_a", "org_a2", "org_b"],
        "far_county": ["org_far"],
        "nonpublic": ["org_a", "org_a2"],
        "social": ["org_b"],
        "instructor": ["org_a"],
        "contact": ["org_a"],
        "unit": ["org_a"],
    },
    PartyOrganization: {
        "county": ["po_a"],
        "auditor": ["po_a"],
        "far_county": [],
        "nonpublic": ["po_a"],
        "social": [],
        "instructor": ["po_a"],
        "contact": ["po_a"],
        "unit": ["po_a"],
    },
    PartyCommittee: {
        "county": ["nonpublic", "social"],
        "auditor": ["nonpublic", "social"],
        "far_county": ["far"],
        "nonpublic": ["nonpublic"],
        "social": ["social"],
        "instructor": ["nonpublic", "social"],
        "contact": ["nonpublic", "social"],
        "unit": ["nonpublic", "social"],
    },
    Instructor: {
        "county": ["ins_a", "ins_b", "ins_idle"],
        "auditor": ["ins_a", "ins_b", "ins_idle"],
        "far_county": [],
        "nonpublic": ["ins_a", "ins_idle"],
        "social": ["ins_b"],
        "instructor": ["ins_a"],
        "contact": ["ins_a"],
        "unit": ["ins_a", "ins_idle"],
    },
    Assignment: {
        "county": ["asg_a", "asg_b"],
        "auditor": ["asg_a", "asg_b"],
        "far_county": [],
        "nonpublic": ["asg_a"],
        "social": ["asg_b"],
        "instructor": ["asg_a"],
        "contact": ["asg_a"],
        "unit": ["asg_a"],
    },
    DispatchingUnit: {
        "county": ["unit_a", "unit_b"],
        "auditor": ["unit_a", "unit_b"],
        "far_county": [],
        "nonpublic": ["unit_a", "unit_b"],
        "social": ["unit_a", "unit_b"],
        "instructor": ["unit_a"],
        "contact": [],
        "unit": ["unit_a"],
    },
}

CASES = [(model, persona) for model in EXPECTED for persona in PERSONAS]


@pytest.mark.parametrize(
    ("model", "persona"), CASES, ids=[f"{m.__name__}-{p}" for m, p in CASES]
)
def test_it_shows_each_persona_exactly_its_own_records(world, model, persona):
    user = getattr(world.users, persona)
    assert _visible(model, user) == _pks(world, EXPECTED[model][persona])


@pytest.mark.parametrize("model", [*EXPECTED, AuditLog], ids=lambda m: m.__name__)
def test_it_shows_an_anonymous_visitor_nothing(world, model):
    if model is AuditLog:
        audit.log(user=world.users.county, action=AuditAction.UPDATE, obj=world.org_a)
    assert model.objects.count() > 0
    assert _visible(model, AnonymousUser()) == set()


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda m: m.__name__)
def test_it_shows_an_inactive_user_nothing(world, model):
    user = world.users.county
    user.is_active = False
    assert _visible(model, user) == set()


def test_it_shows_a_county_admin_without_a_region_nothing(world):
    user = world.users.county
    user.region = None
    assert _visible(Organization, user) == set()
    assert _visible(AuditLog, user) == set()


def test_it_shows_a_user_without_a_role_nothing(world):
    user = world.users.county
    user.role = ""
    for model in EXPECTED:
        assert _visible(model, user) == set()


def test_it_shows_a_superuser_everything(world):
    user = world.users.county
    user.is_superuser = True
    assert _visible(Organization, user) == _pks(
        world, ["org_a", "org_a2", "org_b", "org_far"]
    )


def test_it_hides_an_instructor_s_organization_once_the_assignment_has_ended(world):
    world.asg_a.ended_on = world.asg_a.started_on
    world.asg_a.save()
    assert _visible(Organization, world.users.instructor) == set()
    assert _visible(Organization, world.users.unit) == set()
    assert _visible(Instructor, world.users.contact) == set()
    # history stays visible to the instructor and the organization
    assert _visible(Assignment, world.users.instructor) == {world.asg_a.pk}
    assert _visible(Assignment, world.users.contact) == {world.asg_a.pk}


class TestAuditLog:
    @pytest.fixture
    def logs(self, world):
        return {
            "a": audit.log(
                user=world.users.nonpublic, action=AuditAction.UPDATE, obj=world.org_a
            ),
            "b": audit.log(
                user=world.users.social, action=AuditAction.UPDATE, obj=world.org_b
            ),
            "far": audit.log(
                user=world.users.far_county,
                action=AuditAction.UPDATE,
                obj=world.org_far,
            ),
        }

    @pytest.mark.parametrize(
        ("persona", "expected"),
        [
            ("county", {"a", "b"}),
            ("auditor", {"a", "b"}),
            ("far_county", {"far"}),
            ("nonpublic", set()),
            ("social", set()),
            ("instructor", set()),
            ("contact", set()),
            ("unit", set()),
        ],
    )
    def test_it_shows_audit_entries_only_to_admins_and_auditors_of_the_region(
        self, world, logs, persona, expected
    ):
        user = getattr(world.users, persona)
        assert _visible(AuditLog, user) == {logs[k].pk for k in expected}

    def test_it_shows_a_city_level_auditor_the_entries_of_every_county_below(
        self, world, logs
    ):
        from liangxin.core.models import Region

        user = world.users.auditor
        user.region = Region.objects.get(code="140900")
        assert _visible(AuditLog, user) == {log.pk for log in logs.values()}
        assert _visible(Organization, user) == _pks(
            world, ["org_a", "org_a2", "org_b", "org_far"]
        )
