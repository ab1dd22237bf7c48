"""A party organization whose every organization is deregistered (注销) is no longer expected
to hold meetings or renew its term: no warning, figure or list of party life counts it. A
joint branch with one organization still in business keeps counting."""

import datetime

from liangxin.core.worklist import flags_for
from liangxin.orgs.models import OrgStatus, PartyOrganization, PartyOrgKind
from tests import factories as f


def _flagged(user, po, kind):
    return any(
        po.name in fl.detail or fl.url.endswith(f"/{po.pk}/")
        for fl in flags_for(user, kinds={kind})
    )


def test_a_branch_of_a_closed_organization_raises_no_warning(world, login):
    po = world.po_a
    po.term_started_on, po.term_years = datetime.date(2015, 1, 1), 3
    po.save()
    county = world.users.county
    assert _flagged(county, po, "partylife.term")
    assert _flagged(county, po, "partylife.missing_meeting")
    client = login(county)
    assert po.name in client.get("/partylife/terms/?state=overdue").content.decode()

    world.org_a.status = OrgStatus.CLOSED
    world.org_a.save()
    assert not PartyOrganization.objects.filter(pk=po.pk).still_serving().exists()
    assert not _flagged(county, po, "partylife.term")
    assert not _flagged(county, po, "partylife.missing_meeting")
    assert po.name not in client.get("/partylife/terms/?state=overdue").content.decode()
    # its record stays in the party organizations' list
    assert PartyOrganization.objects.filter(pk=po.pk).exists()


def test_a_joint_branch_counts_while_one_of_its_organizations_is_in_business(world):
    joint = f.PartyOrganizationFactory(
        committee=world.nonpublic, kind=PartyOrgKind.JOINT_BRANCH
    )
    f.OrganizationFactory(
        committee=world.nonpublic, party_organization=joint, status=OrgStatus.CLOSED
    )
    f.OrganizationFactory(
        committee=world.nonpublic,
        party_organization=joint,
        status=OrgStatus.SUSPENDED,  # 停业 is not 注销: its members still meet
    )
    serving = PartyOrganization.objects.still_serving()
    assert serving.filter(pk=joint.pk).exists()
    lone = f.PartyOrganizationFactory(committee=world.nonpublic)  # no organization yet
    assert serving.filter(pk=lone.pk).exists()
