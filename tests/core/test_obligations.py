import datetime

import pytest

from liangxin.core import obligations as ob
from liangxin.core.workcalendar import add_workdays


def test_periods_of_a_year_for_each_cadence():
    assert len(ob.periods(2026, ob.Cadence.MONTHLY)) == 12
    quarters = ob.periods(2026, ob.Cadence.QUARTERLY)
    assert [(p.start, p.end) for p in quarters][1] == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
    )
    assert quarters[3].label == "2026年第4季度"
    assert ob.periods(2026, ob.Cadence.YEARLY)[0].end == datetime.date(2026, 12, 31)
    assert (
        ob.period_of(datetime.date(2026, 8, 15), ob.Cadence.HALF_YEARLY).label
        == "2026年下半年"
    )


def test_obligations_give_shortfall_rate_and_share_met():
    months = ob.periods(2026, ob.Cadence.MONTHLY)[:2]
    result = ob.evaluate(
        [1, 2],
        months,
        5,
        {(1, months[0].start): 6, (1, months[1].start): 3, (2, months[0].start): 5},
    )
    by = {(o.subject_id, o.period.start.month): o for o in result}
    assert by[(1, 1)].met and by[(1, 1)].rate == 100.0 and by[(1, 1)].shortfall == 0
    assert by[(1, 2)].shortfall == 2 and by[(1, 2)].rate == 60.0
    assert by[(2, 2)].actual == 0
    assert ob.rate(result) == 50.0


def test_a_rule_can_vary_by_subject_and_period_and_zero_expected_is_not_counted():
    months = ob.periods(2026, ob.Cadence.MONTHLY)[:1]
    result = ob.evaluate(
        [1, 2], months, lambda subject, period: 0 if subject == 2 else 1, {}
    )
    assert [o.rate for o in result] == [0.0, None]
    assert ob.rate(result) == 0.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "count", "end"),
    [
        (
            datetime.date(2025, 9, 26),
            5,
            datetime.date(2025, 10, 9),
        ),  # across National Day 2025
        (
            datetime.date(2026, 9, 30),
            5,
            datetime.date(2026, 10, 12),
        ),  # 2026-10-10 is a 补班 Saturday
        # Spring Festival 2026: 13 Feb (Fri), 14 Feb (补班 Saturday), then rest until 23 Feb
        (datetime.date(2026, 2, 13), 3, datetime.date(2026, 2, 24)),
    ],
)
def test_working_day_windows_follow_the_official_calendar(start, count, end):
    window = add_workdays(start, count)
    assert window.end == end and not window.provisional


@pytest.mark.django_db
def test_a_window_into_an_unknown_year_is_provisional_not_an_error():
    window = add_workdays(datetime.date(2026, 12, 30), 5)
    assert window.end == datetime.date(2027, 1, 5)  # Mon–Fri assumed for 2027
    assert window.provisional


@pytest.mark.django_db
def test_not_counting_the_start_day_moves_the_window():
    assert add_workdays(
        datetime.date(2026, 3, 2), 1, count_start=False
    ).end == datetime.date(2026, 3, 3)
