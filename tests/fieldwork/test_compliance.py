"""The monthly minimum: distinct confirmed days across organizations, one set-based query."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from liangxin.core.models import Policy
from liangxin.fieldwork import compliance
from liangxin.fieldwork.models import VisitStatus
from tests import factories as f

OCT = datetime.date(2026, 10, 1)


def d(day):
    return OCT.replace(day=day)


@pytest.fixture
def second_org(world):
    return f.AssignmentFactory(
        instructor=world.ins_a,
        organization=world.org_a2,
        started_on=datetime.date(2024, 3, 1),
    )


def _row(rows, instructor):
    return next(r for r in rows if r.instructor_id == instructor.pk)


def test_a_day_counts_once_with_two_organizations(world, make_visit, second_org):
    make_visit(world.asg_a, d(12), VisitStatus.CONFIRMED)
    make_visit(second_org, d(12), VisitStatus.CONFIRMED)
    make_visit(world.asg_a, d(13), VisitStatus.CONFIRMED)
    make_visit(second_org, d(14), VisitStatus.PENDING)
    make_visit(world.asg_a, d(13 + 2), VisitStatus.DISPUTED)
    make_visit(
        world.asg_a, d(12) - datetime.timedelta(days=20), VisitStatus.CONFIRMED
    )  # Sept
    row = _row(
        compliance.monthly_compliance(world.users.nonpublic, 2026, 10), world.ins_a
    )
    assert (row.confirmed_days, row.pending_days, row.required, row.shortfall) == (
        2,
        1,
        5,
        3,
    )


def test_a_pending_visit_on_a_confirmed_day_adds_no_pending_day(
    world, make_visit, second_org
):
    make_visit(world.asg_a, d(5), VisitStatus.CONFIRMED)
    make_visit(second_org, d(5), VisitStatus.PENDING)
    row = _row(compliance.monthly_compliance(world.users.county, 2026, 10), world.ins_a)
    assert (row.confirmed_days, row.pending_days) == (1, 0)


def test_the_minimum_comes_from_the_policy_up_the_tree(world, make_visit):
    Policy.objects.create(region_id="140900", year=2026, min_days_per_month=8)
    for day in (1, 2, 3):
        make_visit(world.asg_a, d(day), VisitStatus.CONFIRMED)
    row = _row(compliance.monthly_compliance(world.users.county, 2026, 10), world.ins_a)
    assert (row.required, row.shortfall) == (8, 5)


def test_shortfalls_come_first_and_scope_holds(world, make_visit):
    f.AssignmentFactory(instructor=world.ins_idle, organization=world.org_a2)
    for day in range(1, 6):
        make_visit(world.asg_a, d(day), VisitStatus.CONFIRMED)
    rows = compliance.monthly_compliance(world.users.nonpublic, 2026, 10)
    assert [r.name for r in rows] == ["王志强", "张建国"]  # ins_idle short, ins_a met
    assert rows[1].met
    assert [
        r.name for r in compliance.monthly_compliance(world.users.instructor, 2026, 10)
    ] == ["张建国"]


def _many_instructors(world, make_visit, count):
    for n in range(count):
        assignment = f.AssignmentFactory(
            instructor=f.InstructorFactory(
                committee=world.nonpublic, unit=world.unit_a
            ),
            organization=f.OrganizationFactory(committee=world.nonpublic),
        )
        make_visit(assignment, d(1 + n % 28), VisitStatus.CONFIRMED)
        make_visit(assignment, d(2 + n % 27), VisitStatus.PENDING)


def test_the_computation_is_one_query(world, make_visit, django_assert_num_queries):
    _many_instructors(world, make_visit, 6)
    # the counts, the policies, the approved leave (and the month's calendar when there is
    # any), the days in post
    with django_assert_num_queries(4):
        rows = compliance.monthly_compliance(world.users.county, 2026, 10)
    assert len(rows) == 9


def test_the_page_query_count_does_not_grow_with_instructors(
    world, make_visit, login, django_assert_max_num_queries
):
    client = login(world.users.county)
    client.get("/fieldwork/compliance/?month=2026-10")  # warm the session
    counts = []
    for added in (2, 12):
        _many_instructors(world, make_visit, added)
        caches[
            "shared"
        ].clear()  # computed afresh (the factories record no audit entry)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/fieldwork/compliance/?month=2026-10")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    caches["shared"].clear()
    with django_assert_max_num_queries(counts[0]):
        text = client.get("/fieldwork/compliance/?month=2026-10").content.decode()
    assert (
        text.count("<tr") == 2 + 12 + 3 + 1
    )  # + world's three instructors, the header


def test_the_page_shows_the_grid(world, make_visit, login, second_org):
    make_visit(world.asg_a, d(1), VisitStatus.CONFIRMED)  # 2026-10-01 国庆节
    make_visit(second_org, d(1), VisitStatus.CONFIRMED)
    text = (
        login(world.users.nonpublic)
        .get("/fieldwork/compliance/?month=2026-10")
        .content.decode()
    )
    assert "2026年10月到岗情况" in text
    assert "国庆节" in text and "✓" in text
    # ins_idle, never posted, owes no days (issue 10 item 3); ins_a is short
    assert "未达最少天数：1 人" in text


def test_a_provisional_month_is_marked(world, login):
    text = (
        login(world.users.county)
        .get("/fieldwork/compliance/?month=2027-01")
        .content.decode()
    )
    assert "暂定" in text


def test_a_bad_month_falls_back_to_this_month(world, login):
    assert (
        login(world.users.county).get("/fieldwork/compliance/?month=x").status_code
        == 200
    )


def test_the_contact_does_not_see_the_compliance_page(world, login):
    assert login(world.users.contact).get("/fieldwork/compliance/").status_code == 404


def test_the_export_is_the_table(world, make_visit, login):
    make_visit(world.asg_a, d(3), VisitStatus.CONFIRMED)
    response = login(world.users.nonpublic).get(
        "/fieldwork/compliance/?month=2026-10&export=xlsx"
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0] == (
        "指导员",
        "派出单位",
        "已确认天数",
        "待确认天数",
        "最少天数",
        "还差天数",
    )
    assert ("张建国", "县发展和改革局", 1, 0, 5, 4) in rows


def test_the_export_has_the_daily_grid_as_a_second_sheet(
    world, make_visit, login, second_org
):
    make_visit(world.asg_a, d(1), VisitStatus.CONFIRMED)  # 国庆节
    make_visit(second_org, d(1), VisitStatus.CONFIRMED)  # the same day elsewhere
    make_visit(world.asg_a, d(9), VisitStatus.PENDING)
    response = login(world.users.nonpublic).get(
        "/fieldwork/compliance/?month=2026-10&export=xlsx"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["2026年10月到岗情况", "每日到岗"]
    rows = list(book["每日到岗"].values)
    header = rows[2]
    assert header[:3] == ("指导员", "派出单位", "1日（节假日）")
    assert header[-2:] == ("已确认天数", "最少天数") and len(header) == 2 + 31 + 2
    row = next(r for r in rows[3:] if r[0] == "张建国")
    assert row[2] == "✓" and row[2 + 8] == "?" and row[2 + 2] is None
    assert row[-2:] == (1, 5)  # one confirmed day although two organizations


def test_the_api_gives_the_month(world, make_visit, api, second_org):
    make_visit(world.asg_a, d(12), VisitStatus.CONFIRMED)
    make_visit(second_org, d(12), VisitStatus.CONFIRMED)
    response = api(world.users.nonpublic).get("/api/compliance/monthly/?month=2026-10")
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2026-10"
    row = next(r for r in body["results"] if r["instructor"] == world.ins_a.pk)
    assert (row["confirmed_days"], row["shortfall"]) == (1, 4)
    assert {r["name"] for r in body["results"]} == {"张建国", "王志强"}


def test_the_api_refuses_a_bad_month_in_chinese(world, api):
    response = api(world.users.county).get("/api/compliance/monthly/?month=2026-13")
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["month"][0]


def test_the_api_hides_compliance_from_contacts(world, api):
    assert api(world.users.contact).get("/api/compliance/monthly/").status_code == 404


def test_approved_leave_lowers_that_instructors_required_days(world, make_visit):
    from liangxin.duties.models import LeaveRequest, LeaveStatus

    make_visit(world.asg_a, d(12), VisitStatus.CONFIRMED)
    for status, days in (
        (LeaveStatus.APPROVED, 3),
        (LeaveStatus.PENDING, 1),
        (LeaveStatus.REJECTED, 1),
    ):
        LeaveRequest.objects.create(
            region=world.county,
            instructor=world.ins_a,
            start=d(20),
            end=d(22),
            days=days,
            reason="住院",
            status=status,
        )
    rows = compliance.monthly_compliance(world.users.county, 2026, 10)
    mine, other = _row(rows, world.ins_a), _row(rows, world.ins_b)
    assert (mine.required, mine.shortfall) == (
        2,
        1,
    )  # 5 − 3 approved days; pending ignored
    assert other.required == 5
    LeaveRequest.objects.create(
        region=world.county,
        instructor=world.ins_a,
        start=d(26),
        end=d(30),
        days=5,
        reason="培训",
        status=LeaveStatus.APPROVED,
    )
    assert (
        _row(
            compliance.monthly_compliance(world.users.county, 2026, 10), world.ins_a
        ).required
        == 0
    )  # never below zero


def test_an_instructor_sees_their_month_as_a_calendar_on_a_phone(
    world, make_visit, login, second_org
):
    """An instructor only ever sees their own row: on a phone it is a calendar of weeks
    (Monday first) with the same marks as the grid, which stays for wider screens."""
    make_visit(world.asg_a, d(1), VisitStatus.CONFIRMED)  # 2026-10-01, a Thursday
    make_visit(second_org, d(1), VisitStatus.CONFIRMED)  # the same day counts once
    make_visit(world.asg_a, d(9), VisitStatus.PENDING)
    page = login(world.users.instructor).get("/fieldwork/compliance/?month=2026-10")
    weeks = page.context["weeks"]
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][:3] == [None, None, None] and weeks[0][3]["day"].date == d(1)
    days = [cell for week in weeks for cell in week if cell]
    assert [cell["day"].date.day for cell in days] == list(range(1, 32))
    marks = {cell["day"].date.day: str(cell["mark"]) for cell in days}
    assert "已确认" in marks[1] and "待确认" in marks[9] and marks[2] == ""
    text = page.content.decode()
    assert 'id="my-month"' in text and "已确认 <strong>1</strong> 天" in text
    assert "按达标情况筛选" not in text  # nothing to filter in a list of one
    # a manager's grid has no calendar
    manager = login(world.users.nonpublic).get("/fieldwork/compliance/?month=2026-10")
    assert manager.context["weeks"] is None
    assert 'id="my-month"' not in manager.content.decode()


def test_several_months_at_once_equal_each_month_alone(demo):
    """The worklist reads last month and this month together (leave and days in post of the
    span in one query each): every row equals the month computed alone, on the demo county
    (approved leave, postings that start and end within months)."""
    from liangxin.core.models import User

    county = User.objects.get(username="county")
    months = [(2026, 9), (2026, 10), (2026, 11)]
    together = compliance.months_compliance(county, months)
    for year, month in months:
        alone = compliance.monthly_compliance(county, year, month)
        assert together[(year, month)] == alone
        assert any(row.required for row in alone)
