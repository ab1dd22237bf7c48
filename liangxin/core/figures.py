"""The figure registry: every number leaders see, defined once (cockpit.md "One definition per
figure").

A figure has a key, a Chinese label, a unit, its numerator and (for a rate) its denominator as
querysets scoped by `visible_to`, the period it refers to, and the URL of the list that shows
exactly its numerator (and of the list behind the denominator). Cards, charts, exports, the API and
document drafts read figures from here, so a card and its list cannot disagree: a test opens every
linked list as every role and compares its count with the figure.

Each app registers its figures in `<app>/figures.py` (imported at start-up, like indicators):

    @figure("coverage.instructor", "指导员覆盖率", "%", url=..., denominator_url=...)
    def instructor_coverage(scope): return numerator_qs, denominator_qs
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from liangxin.core.memo import evaluation, memoized  # noqa: F401  (figures' API)
from liangxin.core.models.region import region_prefix
from liangxin.core.params import is_number


@dataclass(frozen=True)
class Scope:
    """Whose figures, for which part of their scope and which month.

    `region` narrows to a region code and everything below it (drill-down); `committee_id` to one
    committee. Both only ever narrow what `visible_to(user)` allows."""

    user: object
    year: int
    month: int
    region: str | None = None
    committee_id: int | None = None

    @classmethod
    def current(cls, user, **kwargs) -> "Scope":
        today = timezone.localdate()
        return cls(user=user, year=today.year, month=today.month, **kwargs)

    @property
    def month_value(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        nxt = self.shift(1).first_day
        return nxt - datetime.timedelta(days=1)

    def shift(self, months: int) -> "Scope":
        index = self.year * 12 + self.month - 1 + months
        return replace(self, year=index // 12, month=index % 12 + 1)

    def narrow(
        self, qs: QuerySet, *, region_path: str | None = None, committee_path=""
    ):
        """Filter a visible queryset to the scope's region and committee."""
        if self.region:
            path = region_path or getattr(qs, "region_field", "region")
            qs = qs.filter(**{f"{path}__code__startswith": region_prefix(self.region)})
        if self.committee_id and committee_path is not None:
            qs = qs.filter(**{committee_path or "committee_id": self.committee_id})
        return qs

    def params(self, *, month: bool = False) -> dict:
        """The query parameters that carry this scope to a list page."""
        out = {}
        if self.region:
            out["region"] = self.region
        if self.committee_id:
            out["committee"] = self.committee_id
        if month:
            out["month"] = self.month_value
        return out


def scope_from_request(request) -> Scope:
    """?region=140931&committee=3&month=2026-10 → Scope; malformed values are ignored (the
    user's whole scope, this month), never a 500."""
    from liangxin.core.workcalendar import parse_month

    data = request.GET
    try:
        year, month = parse_month(data.get("month") or "")
    except ValueError:
        today = timezone.localdate()
        year, month = today.year, today.month
    region = data.get("region") or None
    if region and not (len(region) == 6 and region.isdigit()):
        region = None
    committee = data.get("committee") or ""
    committee_id = int(committee) if is_number(committee) else None
    return Scope(
        user=request.user,
        year=year,
        month=month,
        region=region,
        committee_id=committee_id,
    )


def list_url(url_name: str, *args, **params) -> str:
    """A list URL with its filter parameters (None and "" left out)."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    url = reverse(url_name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


Parts = tuple[QuerySet, QuerySet | None]


@dataclass(frozen=True)
class Figure:
    key: str  # "coverage.instructor", stable: documents and exports refer to it
    label: str  # Chinese
    unit: str  # "%" for a rate, else what the numerator counts (个, 名, 天 …)
    parts: Callable[
        [Scope], Parts
    ]  # (numerator queryset, denominator queryset or None)
    url: Callable[[Scope], str]  # the list showing exactly the numerator
    denominator_url: Callable[[Scope], str] | None = None
    denominator_label: str = ""  # "在营组织", for the tooltip "共 187 个在营组织"
    period: str = "month"  # "month": the scope's month; "now": as of today
    higher_is_better: bool = True
    description: str = ""
    roles: tuple[str, ...] = field(
        default=()
    )  # empty: every role that may see the list

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class FigureValue:
    figure: Figure
    scope: Scope
    numerator: int
    denominator: int | None
    url: str
    denominator_url: str = ""

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def value(self) -> float | int | None:
        """The rate in % (one decimal; None when the denominator is 0), or the count."""
        if not self.figure.is_rate:
            return self.numerator
        if not self.denominator:
            return None
        return round(self.numerator * 100 / self.denominator, 1)

    @property
    def display(self) -> str:
        value = self.value
        if value is None:
            return "—"
        return f"{value}%" if self.figure.is_rate else f"{value}"

    @property
    def tooltip(self) -> str:
        if self.denominator is None:
            return self.figure.description or self.figure.label
        unit = "名" if "指导员" in self.figure.denominator_label else "个"
        return (
            f"{self.numerator} / {self.denominator}（共 {self.denominator} {unit}"
            f"{self.figure.denominator_label}）"
        )


_registry: dict[str, Figure] = {}


#: the roles that read the cockpit's figures (their lists are theirs too)
MANAGER_ROLES = ("county_admin", "committee_staff", "auditor")


class UnknownFigure(KeyError):
    pass


def register(fig: Figure) -> Figure:
    if fig.key in _registry and _registry[fig.key] is not fig:
        raise ValueError(f"figure {fig.key!r} is registered twice")
    _registry[fig.key] = fig
    return fig


def figure(key: str, label: str, unit: str, *, url, **kwargs):
    """Decorator form on `parts(scope) -> (numerator_qs, denominator_qs | None)`."""

    def wrap(fn):
        register(Figure(key, label, unit, fn, url, **kwargs))
        return fn

    return wrap


def get(key: str) -> Figure:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownFigure(key) from None


def all_figures() -> list[Figure]:
    return sorted(_registry.values(), key=lambda f: f.key)


def evaluate(key: str, scope: Scope) -> FigureValue:
    """The figure's numbers for a scope, its counts in one query."""
    return evaluate_many([(key, scope)])[(key, scope)]


def evaluate_many(wanted) -> dict[tuple[str, Scope], FigureValue]:
    """Several (key, scope) figures, e.g. cards for this month and last, with every COUNT
    sent to the database in one query: {(key, scope): value}."""
    pending = []
    for key, scope in wanted:
        fig = get(key)
        numerator, denominator = fig.parts(scope)
        pending.append((fig, scope, numerator, denominator))
    counts = iter(
        count_all([q for _, _, n, d in pending for q in (n, d) if q is not None])
    )
    out = {}
    for fig, scope, _, denominator in pending:
        out[(fig.key, scope)] = FigureValue(
            figure=fig,
            scope=scope,
            numerator=next(counts),
            denominator=None if denominator is None else next(counts),
            url=fig.url(scope),
            denominator_url=fig.denominator_url(scope) if fig.denominator_url else "",
        )
    return out


def count_all(parts) -> list[int]:
    """The COUNT of each queryset (or the length of each list), in one round trip: one SELECT
    of scalar subqueries, `SELECT (SELECT COUNT(*) FROM (q1)), (SELECT COUNT(*) FROM (q2))`.
    Querysets bound for different databases (a replica) are counted per database."""
    results: list[int | None] = [None] * len(parts)
    by_db: dict[str, list[tuple[int, QuerySet]]] = {}
    for i, qs in enumerate(parts):
        if isinstance(qs, list | tuple | set):
            results[i] = len(qs)
        else:
            by_db.setdefault(qs.db, []).append((i, qs.order_by()))
    for db, items in by_db.items():
        selects, params = [], []
        counted = []
        for i, qs in items:
            try:
                sql, qparams = qs.values("pk").query.get_compiler(using=db).as_sql()
            except EmptyResultSet:  # e.g. pk__in=[]: nothing to ask
                results[i] = 0
                continue
            selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS lx_count_{len(counted)})")
            params.extend(qparams)
            counted.append(i)
        if not counted:
            continue
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            row = cursor.fetchone()
        for i, value in zip(counted, row, strict=True):
            results[i] = int(value)
    return results


def available(user) -> list[Figure]:
    return [f for f in all_figures() if not f.roles or user.has_role(*f.roles)]
