"""factory-boy factories for the core records; valid credit codes are generated."""

import datetime

import factory
from django.utils import timezone

from liangxin.core.models import Region, RegionLevel, Role, User
from liangxin.core.validators import make_credit_code
from liangxin.handbook.models import Problem
from liangxin.orgs.models import (
    CommitteeKind,
    Organization,
    OrgKind,
    PartyCommittee,
    PartyOrganization,
    PartyOrgKind,
)
from liangxin.roster.models import (
    Assignment,
    DispatchingUnit,
    Gender,
    Instructor,
    InstructorSource,
)


def region(code="140931", name="保德县"):
    province, _ = Region.objects.get_or_create(
        code="140000", defaults={"name": "山西省", "level": RegionLevel.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="140900",
        defaults={"name": "忻州市", "level": RegionLevel.CITY, "parent": province},
    )
    county, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": RegionLevel.COUNTY, "parent": city}
    )
    return county


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCommittee

    region = factory.LazyFunction(region)
    kind = CommitteeKind.NONPUBLIC
    name = factory.Sequence(lambda n: f"中共测试县行业党委{n}")


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    committee = factory.SubFactory(CommitteeFactory)
    region = factory.SelfAttribute("committee.region")
    name = factory.Sequence(lambda n: f"中共测试支部{n}")
    kind = PartyOrgKind.BRANCH
    formal_members = 5


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    committee = factory.SubFactory(CommitteeFactory)
    region = factory.SelfAttribute("committee.region")
    name = factory.Sequence(lambda n: f"保德县测试{n}号有限公司")
    credit_code = factory.Sequence(
        lambda n: make_credit_code("91", "140931", f"MA{n:06d}")
    )
    kind = OrgKind.ENTERPRISE
    employees = 50
    registered_on = datetime.date(2020, 1, 1)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DispatchingUnit

    region = factory.LazyFunction(region)
    name = factory.Sequence(lambda n: f"县测试局{n}")


class InstructorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instructor

    committee = factory.SubFactory(CommitteeFactory)
    region = factory.SelfAttribute("committee.region")
    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"指导员{n}")
    gender = Gender.MALE
    source = InstructorSource.RETIRED_LEADER
    phone = "13912345678"
    appointed_on = datetime.date(2024, 1, 1)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    instructor = factory.SubFactory(InstructorFactory)
    organization = factory.SubFactory(
        OrganizationFactory, committee=factory.SelfAttribute("..instructor.committee")
    )
    committee = factory.SelfAttribute("organization.committee")
    region = factory.SelfAttribute("organization.region")
    started_on = datetime.date(2024, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-1")
    role = Role.COUNTY_ADMIN


def api_token(user) -> str:
    """A fresh API token (django-rest-knox) for the user, as a client sends it."""
    from knox.models import AuthToken

    return AuthToken.objects.create(user)[1]


class ProblemFactory(factory.django.DjangoModelFactory):
    """A problem raised by an employee at an organization, stored directly (open, today)."""

    class Meta:
        model = Problem

    organization = factory.SubFactory(OrganizationFactory)
    region_id = factory.SelfAttribute("organization.region_id")
    instructor = factory.SubFactory(InstructorFactory)
    raised_by_kind = "employee"
    category = "labour"
    description = factory.Sequence(lambda n: f"职工反映的问题 {n}")
    raised_on = factory.LazyFunction(timezone.localdate)
