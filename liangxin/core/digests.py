"""What an instructor did in a period, in words: the parts of a report's first draft.

The regular report (duties) is drafted from records other apps hold: visits, handbook
entries, problems. Those apps are its siblings or above it, so instead of importing them,
each registers a part here from its `digests.py` (autodiscovered by `core.apps`); the draft
numbers the parts in their order.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    title: str  # e.g. "工作手册：本期记录 3 条。"
    lines: list[str]


@dataclass(frozen=True)
class _Contributor:
    key: str
    order: int
    build: Callable[[object, datetime.date, datetime.date], Part]


_CONTRIBUTORS: dict[str, _Contributor] = {}


def register(key: str, *, order: int):
    """Decorator: `build(instructor, start, end) -> Part` contributes one part of a draft."""

    def wrap(build):
        _CONTRIBUTORS[key] = _Contributor(key, order, build)
        return build

    return wrap


def parts(instructor, start: datetime.date, end: datetime.date) -> list[Part]:
    """Every registered part for the instructor's period, in order."""
    return [
        c.build(instructor, start, end)
        for c in sorted(_CONTRIBUTORS.values(), key=lambda c: (c.order, c.key))
    ]
