"""Where an instructor's list cannot come from the rows (暗访 items, records in two counties,
rows not current) it runs live; what it shows from the rows is still what live shows."""

import datetime

from liangxin.core.worklist import flags_for
from liangxin.dashboard.own_flags import own_county, own_flags
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagState
from liangxin.inspections import services as inspections
from liangxin.inspections.models import Inspection, Kind
from tests import factories as f
from tests.dashboard.test_own_flags import _same


def _overdue_rectification(world, kind):
    inspection = inspections.record_inspection(
        user=world.users.nonpublic,
        inspection=Inspection(
            kind=kind,
            date=datetime.date.today() - datetime.timedelta(days=40),
            inspectors="王检查",
            instructor=world.ins_a,
            organization=world.org_a,
            on_duty="good",
            issues="台账不全",
            result="基本合格",
        ),
    )
    inspections.add_rectification(
        user=world.users.nonpublic,
        inspection=inspection,
        description="补齐工作手册",
        owner="张建国",
        due_on=datetime.date.today() - datetime.timedelta(days=10),
    )


def test_a_covert_inspections_items_stay_off_the_instructors_list(world):
    _overdue_rectification(world, Kind.COVERT)
    facts.refresh_flags("140931", datetime.date.today())
    county = {fl.kind for fl in flags_for(world.users.county)}
    assert "inspections.rectification_overdue" in county  # the county's rows count it
    own = own_flags(world.users.instructor)
    assert own is not None
    assert "inspections.rectification_overdue" not in {fl.kind for fl in own}
    # an open inspection's overdue item does reach them, read live
    _overdue_rectification(world, Kind.OPEN)
    facts.refresh_flags("140931", datetime.date.today())
    own = own_flags(world.users.instructor)
    items = [fl for fl in own if fl.kind == "inspections.rectification_overdue"]
    assert len(items) == 1 and items[0].detail.startswith("1 项整改")
    assert _same(own) == _same(flags_for(world.users.instructor))


def test_the_list_runs_live_when_the_rows_cannot_say_it(world):
    facts.refresh_flags("140931", datetime.date.today())
    assert own_county(world.users.instructor) == (world.ins_a.pk, "140931")
    assert own_flags(world.users.instructor) is not None
    # rows not current (reconciled another day, or a write since): live
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    FlagState.objects.filter(pk="140931").update(refreshed_on=yesterday)
    assert own_flags(world.users.instructor) is None
    facts.refresh_flags("140931", datetime.date.today())
    # posted once across the county line: their records lie in two counties' rows
    posting = f.AssignmentFactory(
        instructor=world.ins_a,
        organization=world.org_far,
        region=world.other_county,
        started_on=datetime.date(2024, 3, 1),
        ended_on=datetime.date(2024, 9, 1),
    )
    assert own_county(world.users.instructor) is None
    posting.delete()
    assert own_county(world.users.instructor) is not None
    # serving a party organization of another county (a 联合支部 across the line): live too
    world.org_a.party_organization = f.PartyOrganizationFactory(committee=world.far)
    world.org_a.save()
    assert own_county(world.users.instructor) is None
    # anyone but an instructor: never
    assert own_county(world.users.county) is None
    assert own_county(world.users.contact) is None


def test_only_the_kinds_shown_safe_come_from_the_rows(world):
    from liangxin.core.worklist import collectors_for
    from liangxin.dashboard.own_flags import FROM_ROWS

    kinds = {c.kind for c in collectors_for(world.users.instructor)}
    # what an instructor's list still computes live: a new collector lands here by default
    assert kinds - set(FROM_ROWS) == {
        "inspections.rectification_overdue",
        "fieldwork.unconfirmed",
    }


def test_a_party_life_row_naming_no_party_organization_sends_the_list_live(world):
    from liangxin.facts.models import FlagRow

    facts.refresh_flags("140931", datetime.date.today())
    assert own_flags(world.users.instructor) is not None
    # as a row reconciled by the code before party organizations were kept would be
    FlagRow.objects.create(
        key="partylife.term|||party_org:0",
        kind="partylife.term",
        label="换届到期或逾期",
        detail="旧记录",
        region_id="140931",
        raised_on=datetime.date.today(),
    )
    assert own_flags(world.users.instructor) is None
