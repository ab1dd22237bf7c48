"""到岗 figures (cockpit.md): the monthly minimum of distinct confirmed days."""

from liangxin.core import facts
from liangxin.core.figures import MANAGER_ROLES, figure, list_url, memoized
from liangxin.fieldwork.compliance import instructors_in_scope, monthly_compliance
from liangxin.fieldwork.models import Visit
from liangxin.fieldwork.services import confirm_within_days_for


def _memo_key(scope) -> tuple:
    return (
        "compliance",
        scope.user.pk,
        scope.year,
        scope.month,
        scope.region,
        scope.committee_id,
    )


def compliance_rows(scope):
    """The month's compliance rows for a scope (computed once per page): from the facts when
    they cover the scope's month, else live (the definition; a test compares the two)."""
    kwargs = dict(region=scope.region, committee_id=scope.committee_id)

    def compute():
        rows = facts.read(
            "compliance", user=scope.user, year=scope.year, month=scope.month, **kwargs
        )
        if rows is None:
            rows = monthly_compliance(scope.user, scope.year, scope.month, **kwargs)
        return rows

    return memoized(_memo_key(scope), compute)


def compliance_months(scope, count: int) -> dict:
    """{(year, month): (rows, complete)} for the scope's month and the `count - 1` before it,
    from the facts in one query per page; each complete month becomes that month's
    `compliance_rows` for the rest of the page (no second read). Empty without the facts."""
    months = [scope.shift(-i) for i in reversed(range(count))]

    def compute():
        found = facts.read(
            "compliance_months",
            user=scope.user,
            months=[(m.year, m.month) for m in months],
            region=scope.region,
            committee_id=scope.committee_id,
        )
        return found or {}

    found = memoized(("compliance_months", count) + _memo_key(scope), compute)
    for m in months:
        rows, complete = found.get((m.year, m.month), (None, False))
        if complete:
            memoized(_memo_key(m), lambda rows=rows: rows)
    return found


_rows = compliance_rows


def _grid_url(scope, **params):
    return list_url("fieldwork:compliance", **scope.params(month=True), **params)


@figure(
    "fieldwork.met",
    "到岗达标率",
    "%",
    url=lambda s: _grid_url(s, met="yes"),
    denominator_url=_grid_url,
    denominator_label="指导员",
    roles=MANAGER_ROLES,
    description="经确认的到岗天数（同一天只计一次）达到当月最少天数（扣除已批准请假）的指导员比例",
)
def met(scope):
    ids = [row.instructor_id for row in _rows(scope) if row.met]
    base = instructors_in_scope(scope.user, scope.region, scope.committee_id)
    return base.filter(pk__in=ids), base


@figure(
    "fieldwork.short",
    "到岗未达标",
    "名",
    url=lambda s: _grid_url(s, met="no"),
    higher_is_better=False,
    roles=MANAGER_ROLES,
    description="当月经确认的到岗天数未达到最少天数的指导员",
)
def short(scope):
    ids = [row.instructor_id for row in _rows(scope) if not row.met]
    base = instructors_in_scope(scope.user, scope.region, scope.committee_id)
    return base.filter(pk__in=ids), None


@figure(
    "fieldwork.unconfirmed",
    "久未确认",
    "条",
    url=lambda s: list_url("fieldwork:review", overdue="1", **s.params()),
    period="now",
    higher_is_better=False,
    roles=("county_admin", "committee_staff"),
    description="联络员超过确认期限仍未确认的到岗记录",
)
def unconfirmed(scope):
    days = confirm_within_days_for(scope.user)
    visits = scope.narrow(
        Visit.objects.visible_to(scope.user),
        committee_path="organization__committee_id",
    )
    return visits.unconfirmed_past(days), None
