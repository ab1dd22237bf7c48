"""Personas for every role, plus an outsider from the other committee (Healthchecks' alice/bob).

The world: 保德县 with two committees. `nonpublic` manages org_a (with instructor ins_a, from
unit_a); `social` manages org_b (instructor ins_b, unit_b). Each persona sees only its part.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction

from liangxin.core.models import Role
from liangxin.demo.builder import DemoBuilder
from liangxin.orgs.models import CommitteeKind, OrgKind
from tests import factories as f


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """The cockpit summaries live in the shared cache (in this process under test): each
    test starts without another test's."""
    from django.core.cache import caches

    caches["shared"].clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    # two-factor sign-in has its own tests (tests/core/test_two_factor.py); elsewhere the
    # county admin and auditor personas sign in with a password alone
    settings.TWO_FACTOR_ROLES = []
    settings.TWO_FACTOR_SUPERUSERS = False


@pytest.fixture
def world(db):
    county = f.region()
    other_county = f.region("140930", "河曲县")
    nonpublic = f.CommitteeFactory(
        region=county,
        kind=CommitteeKind.NONPUBLIC,
        name="中共保德县非公有制经济组织委员会",
    )
    social = f.CommitteeFactory(
        region=county, kind=CommitteeKind.SOCIAL, name="中共保德县社会组织委员会"
    )
    far = f.CommitteeFactory(
        region=other_county,
        kind=CommitteeKind.NONPUBLIC,
        name="中共河曲县非公有制经济组织委员会",
    )
    unit_a = f.UnitFactory(region=county, name="县发展和改革局")
    unit_b = f.UnitFactory(region=county, name="县民政局")
    po_a = f.PartyOrganizationFactory(
        committee=nonpublic, name="中共保德县华鑫煤业有限公司支部委员会"
    )
    org_a = f.OrganizationFactory(
        committee=nonpublic,
        name="保德县华鑫煤业有限公司",
        party_organization=po_a,
        formal_members=5,
    )
    org_a2 = f.OrganizationFactory(committee=nonpublic, name="保德县兴隆商贸有限公司")
    org_b = f.OrganizationFactory(
        committee=social, name="保德县个体劳动者协会", kind=OrgKind.SOCIAL
    )
    org_far = f.OrganizationFactory(committee=far, name="河曲县黄河发电有限公司")
    ins_a = f.InstructorFactory(committee=nonpublic, unit=unit_a, name="张建国")
    ins_b = f.InstructorFactory(committee=social, unit=unit_b, name="李秀英")
    ins_idle = f.InstructorFactory(committee=nonpublic, unit=unit_a, name="王志强")
    asg_a = f.AssignmentFactory(instructor=ins_a, organization=org_a)
    asg_b = f.AssignmentFactory(instructor=ins_b, organization=org_b)
    users = SimpleNamespace(
        county=f.UserFactory(username="county", role=Role.COUNTY_ADMIN, region=county),
        nonpublic=f.UserFactory(
            username="nonpublic",
            role=Role.COMMITTEE_STAFF,
            committee=nonpublic,
            region=county,
        ),
        social=f.UserFactory(
            username="social",
            role=Role.COMMITTEE_STAFF,
            committee=social,
            region=county,
        ),
        instructor=f.UserFactory(
            username="instructor01", role=Role.INSTRUCTOR, region=county
        ),
        contact=f.UserFactory(
            username="contact001",
            role=Role.ORG_CONTACT,
            organization=org_a,
            region=county,
        ),
        unit=f.UserFactory(
            username="unit01", role=Role.UNIT_LIAISON, unit=unit_a, region=county
        ),
        auditor=f.UserFactory(username="auditor", role=Role.AUDITOR, region=county),
        far_county=f.UserFactory(
            username="hequ", role=Role.COUNTY_ADMIN, region=other_county
        ),
    )
    ins_a.user = users.instructor
    ins_a.save()
    return SimpleNamespace(
        county=county,
        other_county=other_county,
        nonpublic=nonpublic,
        social=social,
        far=far,
        unit_a=unit_a,
        unit_b=unit_b,
        po_a=po_a,
        org_a=org_a,
        org_a2=org_a2,
        org_b=org_b,
        org_far=org_far,
        ins_a=ins_a,
        ins_b=ins_b,
        ins_idle=ins_idle,
        asg_a=asg_a,
        asg_b=asg_b,
        users=users,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county, built once per module and rolled back after it (building it takes
    most of a test's time); tests still run in their own transaction inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            DemoBuilder(seed=7).build("county")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_county, db):
    return None
