"""manage.py refresh_facts [--region R] [--month YYYY-MM]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from liangxin.facts.models import InstructorMonth


def test_refresh_facts_for_a_region_and_a_month(world):
    out = StringIO()
    call_command("refresh_facts", region="140931", month="2026-10", stdout=out)
    assert "已重建 1 个区县" in out.getvalue()
    rows = InstructorMonth.objects.all()
    assert {(r.year, r.month) for r in rows} == {(2026, 10)}
    assert {r.region_id for r in rows} == {"140931"}
    assert rows.count() == 3  # the county's three instructors

    call_command("refresh_facts", stdout=StringIO())  # everything, this and last month
    assert InstructorMonth.objects.filter(region_id="140930").count() == 0
    assert InstructorMonth.objects.exclude(year=2026, month=10).count() >= 3


@pytest.mark.parametrize(
    "options",
    [
        {"month": "2026-13"},
        {"month": "10/2026"},
        {"region": "999999"},
        {"committee_flags": True, "month": "2026-10"},
    ],
)
def test_refresh_facts_rejects_bad_arguments(world, options):
    with pytest.raises(CommandError):
        call_command("refresh_facts", stdout=StringIO(), **options)


@pytest.mark.parametrize("jobs", [0, 65])
def test_refresh_facts_rejects_a_bad_number_of_jobs(world, jobs):
    with pytest.raises(CommandError):
        call_command("refresh_facts", stdout=StringIO(), jobs=jobs)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="processes share committed data: PostgreSQL only (CI runs it there)",
)
@pytest.mark.django_db(transaction=True)
def test_refreshing_in_parallel_writes_what_one_process_writes(world):
    from liangxin.facts.models import FlagRow, PartyOrgPeriod

    call_command("refresh_facts", stdout=StringIO())
    one = (
        sorted(InstructorMonth.objects.values_list("instructor_id", "year", "month")),
        PartyOrgPeriod.objects.count(),
        FlagRow.objects.open().count(),
    )
    InstructorMonth.objects.all().delete()
    out = StringIO()
    call_command("refresh_facts", stdout=out, jobs=2)
    two = (
        sorted(InstructorMonth.objects.values_list("instructor_id", "year", "month")),
        PartyOrgPeriod.objects.count(),
        FlagRow.objects.open().count(),
    )
    assert one == two and one[0]


def test_refresh_facts_committee_flags_reconciles_only_the_committees(world):
    from liangxin.facts.models import FlagRow

    out = StringIO()
    call_command("refresh_facts", committee_flags=True, stdout=out)
    assert "已重算 2 个区县各委员会的预警记录" in out.getvalue()
    assert not FlagRow.objects.filter(scope="").exists()
    assert FlagRow.objects.exclude(scope="").exists()
