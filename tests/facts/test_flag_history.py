"""A flag that clears keeps its row with the day it cleared; raised again, it is a new row."""

import datetime

from liangxin.core.worklist import Flag
from liangxin.facts import refresh as facts
from liangxin.facts.models import FlagRow
from tests import factories as f

DAY = datetime.date(2026, 10, 5)


def _flag(detail="2 个问题超过办理时限", severity=2, instructor_id=7):
    return Flag(
        kind="handbook.problem_overdue",
        label="问题逾期未办结",
        detail=detail,
        url="/handbook/problems/?overdue=1",
        instructor_id=instructor_id,
        instructor_name="张建国",
        severity=severity,
    )


def test_a_cleared_flag_keeps_its_history(db, monkeypatch):
    f.region()
    live: list[Flag] = [_flag()]
    monkeypatch.setattr(facts, "flags_for", lambda user: list(live))

    assert facts.refresh_flags("140931", DAY) == (1, 0, 1)
    first = FlagRow.objects.get()
    assert (first.raised_on, first.cleared_on, first.days_open) == (DAY, None, None)

    # still raised, the evidence changed: the same row, updated in place
    live[:] = [_flag(detail="3 个问题超过办理时限", severity=3)]
    assert facts.refresh_flags("140931", DAY + datetime.timedelta(days=1)) == (0, 0, 1)
    first.refresh_from_db()
    assert (first.detail, first.severity, first.raised_on) == (
        "3 个问题超过办理时限",
        3,
        DAY,
    )

    # cleared: the row stays, with the day it cleared
    live[:] = []
    cleared = DAY + datetime.timedelta(days=9)
    assert facts.refresh_flags("140931", cleared) == (0, 1, 0)
    first.refresh_from_db()
    assert first.cleared_on == cleared and first.days_open == 9
    assert not FlagRow.objects.open().exists()

    # raised again: a new row, the old one untouched
    live[:] = [_flag()]
    again = DAY + datetime.timedelta(days=20)
    assert facts.refresh_flags("140931", again) == (1, 0, 1)
    rows = list(FlagRow.objects.order_by("raised_on"))
    assert [(r.raised_on, r.cleared_on) for r in rows] == [
        (DAY, cleared),
        (again, None),
    ]


def test_flags_of_another_region_are_left_alone(db, monkeypatch):
    f.region()
    f.region("140930", "河曲县")
    monkeypatch.setattr(facts, "flags_for", lambda user: [_flag()])
    facts.refresh_flags("140930", DAY)
    monkeypatch.setattr(facts, "flags_for", lambda user: [])
    facts.refresh_flags("140931", DAY)
    row = FlagRow.objects.get()
    assert row.region_id == "140930" and row.cleared_on is None


def test_two_flags_with_the_same_identity_are_both_kept(db, monkeypatch):
    f.region()
    monkeypatch.setattr(
        facts, "flags_for", lambda user: [_flag(detail="a"), _flag(detail="b")]
    )
    facts.refresh_flags("140931", DAY)
    assert sorted(FlagRow.objects.values_list("detail", flat=True)) == ["a", "b"]
    assert facts.refresh_flags("140931", DAY) == (0, 0, 2)
