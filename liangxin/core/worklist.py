"""The worklist: flags each app contributes, shown to the people who must act.

An app registers a collector in `<app>/worklist.py`; a collector takes the requesting user and
returns flags for records that user may see (it scopes with `visible_to`), in a bounded number
of queries.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flag:
    kind: str  # "fieldwork.under_minimum"
    label: str  # short Chinese label of the kind
    detail: str  # the evidence, in Chinese
    url: str = ""
    instructor_id: int | None = None
    instructor_name: str = ""
    organization_id: int | None = None
    severity: int = 2  # 1 notice, 2 warning, 3 serious
    # what the flag is about when kind, instructor and organization do not say it alone
    # (a month, a party organization, a candidate): part of its identity in the facts table
    subject: str = ""
    # the party organization a 干的实 flag is about: an instructor's list (read from the flag
    # rows, dashboard.worklist) holds the flags of every party organization they serve, even
    # those named after another instructor posted there too
    party_organization_id: int | None = None


@dataclass(frozen=True)
class Collector:
    kind: str
    label: str
    collect: Callable[[object], Iterable[Flag]]
    roles: tuple[str, ...] = field(
        default=()
    )  # empty: every role that can see the records


_collectors: dict[str, Collector] = {}


def register(kind: str, label: str, *, roles: tuple[str, ...] = ()):
    """Decorator: `@register("fieldwork.under_minimum", "到岗天数不足")` on `collect(user)`."""

    def wrap(fn):
        _collectors[kind] = Collector(kind, label, fn, roles)
        return fn

    return wrap


def collectors() -> list[Collector]:
    return sorted(_collectors.values(), key=lambda c: c.kind)


def collectors_for(user) -> list[Collector]:
    return [c for c in collectors() if not c.roles or user.has_role(*c.roles)]


def flags_for(user, kinds=None) -> list[Flag]:
    """Every flag for what the user may see; `kinds` runs only those collectors."""
    flags: list[Flag] = []
    for collector in collectors_for(user):
        if kinds is not None and collector.kind not in kinds:
            continue
        flags.extend(collector.collect(user))
    return sorted(flags, key=lambda f: (-f.severity, f.instructor_name, f.kind))


@dataclass
class Ranked:
    """An instructor's flags, for the list of whom to check first."""

    instructor_id: int
    instructor_name: str
    flags: list[Flag]

    @property
    def score(self) -> int:
        return sum(f.severity for f in self.flags)


def rank_instructors(flags: list[Flag]) -> list[Ranked]:
    """Instructors ordered by the weight of their flags (sum of severities), then by the number
    of kinds flagged, then by name; flags without an instructor are left out."""
    by_instructor: dict[int, Ranked] = {}
    for flag in flags:
        if flag.instructor_id is None:
            continue
        entry = by_instructor.setdefault(
            flag.instructor_id, Ranked(flag.instructor_id, flag.instructor_name, [])
        )
        entry.flags.append(flag)
    return sorted(
        by_instructor.values(),
        key=lambda r: (-r.score, -len({f.kind for f in r.flags}), r.instructor_name),
    )
