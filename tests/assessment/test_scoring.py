from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from liangxin.assessment.scoring import Rule, RuleKind, describe, score

points = st.decimals(min_value=1, max_value=40, places=2)
values = st.decimals(min_value=-5, max_value=1000, places=2)
floors = st.decimals(min_value=-10, max_value=0, places=2)


@st.composite
def rules(draw):
    kind = draw(
        st.sampled_from([RuleKind.LINEAR, RuleKind.THRESHOLDS, RuleKind.DEDUCTION])
    )
    top = draw(points)
    steps = draw(
        st.lists(
            st.tuples(
                st.decimals(min_value=0, max_value=50, places=0),
                st.decimals(min_value=0, max_value=top, places=2),
            ),
            max_size=4,
        )
    )
    return Rule(
        kind=kind,
        max_points=top,
        target=draw(st.decimals(min_value=1, max_value=100, places=1)),
        thresholds=tuple(steps),
        per_occurrence=draw(st.decimals(min_value=0, max_value=5, places=1)),
        floor=draw(floors),
        cap=draw(st.none() | st.decimals(min_value=0, max_value=50, places=1)),
        higher_is_better=draw(st.booleans()),
    )


@given(rules(), values)
def test_a_score_always_lies_between_the_floor_and_the_maximum(rule, value):
    result = score(rule, value)  # floors are <= 0 and caps >= 0, so floor <= ceiling
    assert rule.floor <= result <= rule.ceiling <= rule.max_points


@given(points, st.decimals(min_value=1, max_value=100, places=1), values, values)
def test_a_linear_rule_never_gives_fewer_points_for_a_higher_value(top, target, a, b):
    rule = Rule(kind=RuleKind.LINEAR, max_points=top, target=target)
    low, high = sorted([a, b])
    assert score(rule, low) <= score(rule, high)


@given(points, st.decimals(min_value=1, max_value=100, places=1), values, values)
def test_a_linear_rule_where_lower_is_better_never_rewards_a_higher_value(
    top, target, a, b
):
    rule = Rule(
        kind=RuleKind.LINEAR, max_points=top, target=target, higher_is_better=False
    )
    low, high = sorted([a, b])
    assert score(rule, low) >= score(rule, high)


def test_two_points_are_deducted_per_short_month_down_to_zero():
    rule = Rule(
        kind=RuleKind.DEDUCTION, max_points=Decimal(12), per_occurrence=Decimal(2)
    )
    assert [score(rule, n) for n in (0, 1, 5, 6, 12)] == [
        Decimal("12.00"),
        Decimal("10.00"),
        Decimal("2.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_thresholds_give_the_points_of_the_highest_step_reached():
    rule = Rule(
        kind=RuleKind.THRESHOLDS,
        max_points=Decimal(5),
        thresholds=(
            (Decimal(1), Decimal(2)),
            (Decimal(3), Decimal(4)),
            (Decimal(5), Decimal(5)),
        ),
    )
    assert [score(rule, n) for n in (0, 1, 2, 3, 9)] == [
        Decimal("0.00"),
        Decimal("2.00"),
        Decimal("2.00"),
        Decimal("4.00"),
        Decimal("5.00"),
    ]


def test_a_cap_lowers_the_full_marks():
    rule = Rule(
        kind=RuleKind.LINEAR, max_points=Decimal(10), target=Decimal(10), cap=Decimal(8)
    )
    assert score(rule, 100) == Decimal("8.00")


def test_each_rule_is_described_in_chinese():
    rule = Rule(
        kind=RuleKind.DEDUCTION, max_points=Decimal(12), per_occurrence=Decimal(2)
    )
    assert "扣 2 分" in describe(rule, "个月")
