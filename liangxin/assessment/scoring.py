"""Scoring rules for computed indicators: pure functions, no database.

A rule turns an indicator's value (days, entries, short months …) into points:

- ``linear``: ``max_points × value / target``, full marks from the target on (for an indicator
  where lower is better, full marks at 0 falling linearly to 0 points at the target);
- ``thresholds``: a list of ``[minimum value, points]``; the highest minimum reached wins;
- ``deduction``: ``max_points − per_occurrence × value`` (e.g. −2 per short month).

Every result is clamped to ``[floor, min(cap, max_points)]`` and rounded to 0.01 point.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class RuleKind:
    LINEAR = "linear"
    THRESHOLDS = "thresholds"
    DEDUCTION = "deduction"


@dataclass(frozen=True)
class Rule:
    kind: str
    max_points: Decimal
    target: Decimal | None = None
    thresholds: tuple[tuple[Decimal, Decimal], ...] = field(default_factory=tuple)
    per_occurrence: Decimal | None = None
    floor: Decimal = Decimal("0")
    cap: Decimal | None = None
    higher_is_better: bool = True

    @property
    def ceiling(self) -> Decimal:
        return (
            min(self.cap, self.max_points) if self.cap is not None else self.max_points
        )


def _d(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def score(rule: Rule, value) -> Decimal:
    """Points for one value under the rule, within [floor, ceiling]."""
    value = _d(value if value is not None else 0)
    top = rule.max_points
    if rule.kind == RuleKind.LINEAR:
        target = rule.target if rule.target and rule.target > 0 else Decimal(1)
        ratio = min(max(value, Decimal(0)) / target, Decimal(1))
        points = top * (ratio if rule.higher_is_better else 1 - ratio)
    elif rule.kind == RuleKind.THRESHOLDS:
        points = rule.floor
        for minimum, reached in sorted(rule.thresholds):
            if value >= minimum:
                points = reached
    elif rule.kind == RuleKind.DEDUCTION:
        points = top - (rule.per_occurrence or Decimal(0)) * max(value, Decimal(0))
    else:
        raise ValueError(f"unknown rule kind {rule.kind!r}")
    points = min(max(_d(points), rule.floor), rule.ceiling)
    return points.quantize(CENT, rounding=ROUND_HALF_UP)


def _n(value) -> str:
    """12.00 → "12", 2.50 → "2.5"."""
    if value is None:
        return ""
    text = f"{_d(value).normalize():f}"
    return text


def describe(rule: Rule, unit: str = "") -> str:
    """The rule in a sentence of Chinese, shown beside each computed point."""
    top, target, per = _n(rule.max_points), _n(rule.target), _n(rule.per_occurrence)
    if rule.kind == RuleKind.LINEAR:
        if rule.higher_is_better:
            text = f"达到 {target}{unit} 得满分 {top} 分，不足按比例计分"
        else:
            text = f"为 0 得满分 {top} 分，达到 {target}{unit} 得 0 分，其间按比例计分"
    elif rule.kind == RuleKind.THRESHOLDS:
        steps = "；".join(
            f"≥{_n(m)}{unit} 得 {_n(p)} 分" for m, p in sorted(rule.thresholds)
        )
        text = f"分档计分：{steps}"
    else:
        text = f"满分 {top} 分，每{unit or '次'}扣 {per} 分"
    text += f"，最低 {_n(rule.floor)} 分"
    if rule.cap is not None:
        text += f"，封顶 {_n(rule.cap)} 分"
    return text + "。"
