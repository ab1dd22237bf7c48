"""A person's or an organization's record in one place: the apps contribute sections.

The instructor page lives in `roster` and the organization page in `orgs`, below the apps
that hold visits, handbook entries, meetings, trainings, reports and scores. Those apps
register a section for the subject in their `records.py` (autodiscovered, like
`worklist.py`); the detail page renders every section the reader may see. A section lists
the latest rows, already scoped with `visible_to`, in one or two queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    text: str
    url: str = ""
    meta: str = ""  # a date, a status: shown muted on the right
    badge: str = ""  # a short state shown as a badge
    tone: str = "secondary"  # bootstrap colour of the badge


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    summary: str = ""  # one line above the rows, e.g. "本月已到岗 3 天"
    more_url: str = ""  # the full list, filtered to this subject
    links: list[Row] = field(default_factory=list)  # documents: PDFs, exports
    actions: list[Row] = field(default_factory=list)  # buttons: the next step on it
    empty: str = "暂无记录"


@dataclass(frozen=True)
class Contributor:
    subject: str  # "roster.instructor" or "orgs.organization"
    key: str
    order: int
    build: Callable[[object, object], Section | None]


_contributors: list[Contributor] = []


def register(subject: str, key: str, *, order: int = 50):
    """Decorator: `@register("roster.instructor", "visits", order=10)` on
    `build(user, obj) -> Section | None` (None: nothing this reader may see)."""

    def wrap(fn):
        _contributors[:] = [
            c for c in _contributors if (c.subject, c.key) != (subject, key)
        ]
        _contributors.append(Contributor(subject, key, order, fn))
        return fn

    return wrap


def sections_for(user, obj) -> list[Section]:
    subject = obj._meta.label_lower
    sections = []
    for contributor in sorted(_contributors, key=lambda c: (c.order, c.key)):
        if contributor.subject != subject:
            continue
        section = contributor.build(user, obj)
        if section is not None:
            sections.append(section)
    return sections
