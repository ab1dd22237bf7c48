"""What the cockpit shows, computed with a fixed number of grouped queries per level."""

from collections import defaultdict

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Substr
from django.urls import reverse

from liangxin.assessment.figures import GRADE_KEYS, latest_year
from liangxin.core import figures
from liangxin.core.figures import Scope, list_url
from liangxin.core.memo import memoized
from liangxin.core.models import Region, Role
from liangxin.core.models.region import region_prefix
from liangxin.coverage.figures import in_operation
from liangxin.facts.models import FlagRow, committee_scope
from liangxin.fieldwork.figures import compliance_months, compliance_rows
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.orgs.models import PartyCommittee

CARD_KEYS = (
    "coverage.instructor",
    "coverage.organization",
    "coverage.work",
    "fieldwork.met",
    "coverage.without_instructor",
    "alert.ready_to_found",
    "fieldwork.short",
    "handbook.problems_open",
    "handbook.problems_overdue",
    "inspections.rectify_overdue",
    "partylife.term_overdue",
    "partylife.compliance",
)
MONTHS_SHOWN = 6


def cards(scope: Scope) -> tuple[list[dict], dict | None]:
    """Registry figures with the change against last month for monthly figures, and the
    grade distribution of the latest published assessment year; every count in one query."""
    # this month's, last month's and the heatmap's compliance, in one read
    compliance_months(scope, MONTHS_SHOWN)
    allowed = {f.key for f in figures.available(scope.user)}
    keys = [key for key in CARD_KEYS if key in allowed]
    grade_keys = [key for key in GRADE_KEYS if key in allowed]
    before_scope = scope.shift(-1)
    values = figures.evaluate_many(
        [(key, scope) for key in keys + grade_keys]
        + [(key, before_scope) for key in keys if figures.get(key).period == "month"]
    )
    out = []
    for key in keys:
        value = values[(key, scope)]
        change = None
        if value.figure.period == "month":
            before = values[(key, before_scope)].value
            if value.value is not None and before is not None:
                change = round(value.value - before, 1)
        out.append({"value": value, "change": change, "good": _good(value, change)})
    return out, _grades([values[(key, scope)] for key in grade_keys], scope)


def _grades(values, scope) -> dict | None:
    """考核等次分布: one card, a count and link per grade."""
    if not values:
        return None
    year = latest_year(scope)
    return {
        "label": f"考核等次分布（{year}年度）" if year else "考核等次分布",
        "year": year,
        "total": sum(v.numerator for v in values),
        "grades": [
            {"label": v.figure.label.removeprefix("考核"), "value": v} for v in values
        ],
    }


def flag_duration(scope: Scope) -> dict | None:
    """预警平均持续天数: the mean days from raised to cleared of the worklist flags cleared in
    the scope's month, in the scope's region (from the facts' flag rows, which keep cleared
    flags): the county's rows, or a committee's own (`FlagRow.scope`) where the scope is one
    committee."""
    user = scope.user
    committee_id = scope.committee_id
    if not user.is_superuser:
        if user.role == Role.COMMITTEE_STAFF:  # their committee is all they see
            if not user.committee_id or committee_id not in (None, user.committee_id):
                return None
            committee_id = user.committee_id
        elif user.role not in (Role.COUNTY_ADMIN, Role.AUDITOR):
            return None
        if not user.region_id:
            return None
    if committee_id:
        rows = FlagRow.objects.filter(scope=committee_scope(committee_id))
    else:
        rows = FlagRow.objects.county_wide()
    rows = rows.filter(cleared_on__gte=scope.first_day, cleared_on__lte=scope.last_day)
    if not user.is_superuser and user.role != Role.COMMITTEE_STAFF:
        # a committee's rows are its own wherever its staff's account says they are
        rows = rows.in_region(user.region_prefix)
    if scope.region:
        rows = rows.in_region(region_prefix(scope.region))
    totals = rows.aggregate(
        n=Count("pk"),
        total=Sum(
            ExpressionWrapper(
                F("cleared_on") - F("raised_on"), output_field=DurationField()
            )
        ),
    )
    n = totals["n"]
    days = round(totals["total"].total_seconds() / 86400 / n, 1) if n else None
    return {
        "label": "预警平均持续天数",
        "display": "—" if days is None else f"{days}",
        "days": days,
        "count": n,
        "tooltip": f"本月消除的 {n} 条预警从发出到消除的平均天数",
        "url": list_url("worklist", region=scope.region),
    }


def _good(value, change):
    if not change:
        return None
    return (change > 0) == value.figure.higher_is_better


def _child_key(kind: str):
    """How organizations and instructors group into the children of a level."""
    if kind == "province":
        return "city", lambda code: code[:4] + "00"
    if kind == "city":
        return "county", lambda code: code
    return "committee", None


def rankings(level) -> dict:
    """Children of the level ranked by instructor coverage and by 到岗达标率."""
    scope, kind = level.scope, level.kind
    compliance = compliance_rows(scope)
    if kind == "committee":
        rows = sorted(compliance, key=lambda r: (-r.confirmed_days, r.name))
        return {
            "child": "instructor",
            "title": f"指导员到岗天数排行（{scope.year}年{scope.month}月）",
            "rows": [
                {
                    "name": r.name,
                    "value": r.confirmed_days,
                    "required": r.required,
                    "met": r.met,
                    "url": reverse("roster:instructor_detail", args=[r.instructor_id]),
                }
                for r in rows
            ],
        }
    child, to_key = _child_key(kind)
    orgs = in_operation(scope).with_coverage().order_by()
    if child == "committee":
        grouped = orgs.values("committee_id", "committee__name")
    else:
        width = 4 if child == "city" else 6
        grouped = orgs.annotate(key=Substr("region_id", 1, width)).values("key")
    grouped = grouped.annotate(
        total=Count("pk"), covered=Count("pk", filter=Q(has_instructor=True))
    )
    met = defaultdict(lambda: [0, 0])
    for r in compliance:
        k = r.committee_id if child == "committee" else to_key(r.region_id)
        met[k][1] += 1
        met[k][0] += r.met
    cov, names = {}, {}
    for g in grouped:
        k = g.get("committee_id") if child == "committee" else g["key"]
        if child == "city":
            k = k + "00"
        cov[k] = (g["covered"], g["total"])
        if child == "committee" and k is not None:
            names[k] = g["committee__name"]
    if child == "committee":
        # instructors' committees without organizations in operation
        missing = {k for k in met if k is not None} - set(names)
        if missing:
            names.update(
                PartyCommittee.objects.filter(pk__in=missing).values_list("pk", "name")
            )
    else:
        names = region_names(set(cov) | set(met))
    rows = []
    for k, name in names.items():
        c, t = cov.get(k, (0, 0))
        m, n = met.get(k, (0, 0))
        params = {"committee": k} if child == "committee" else {"region": k}
        rows.append(
            {
                "name": name,
                "key": str(k),
                "coverage": _pct(c, t),
                "coverage_text": f"{c} / {t}",
                "met": _pct(m, n),
                "met_text": f"{m} / {n}",
                "params": params,
            }
        )
    rows.sort(key=lambda r: (-(r["met"] or 0), r["name"]))
    return {
        "child": child,
        "title": "各{}到岗达标率与指导员覆盖率（{}年{}月）".format(
            {"city": "市", "county": "县", "committee": "行业党委"}[child],
            scope.year,
            scope.month,
        ),
        "rows": rows,
    }


def _pct(part, whole):
    return round(part * 100 / whole, 1) if whole else None


def heatmap(level) -> dict:
    """到岗 compliance over the last months: instructors × month in a county or committee,
    children × month (达标率) above."""
    scope = level.scope
    months = [scope.shift(-i) for i in reversed(range(MONTHS_SHOWN))]
    labels = [f"{m.year}-{m.month:02d}" for m in months]
    per_month = _history(scope, months)
    if level.kind in ("county", "committee"):
        names, cells = {}, []
        for rows in per_month:
            for r in rows:
                names.setdefault(r.instructor_id, r.name)
        order = sorted(names, key=lambda pk: names[pk])
        index = {pk: y for y, pk in enumerate(order)}
        for x, rows in enumerate(per_month):
            for r in rows:
                cells.append(
                    [
                        x,
                        index[r.instructor_id],
                        r.confirmed_days,
                        r.required,
                        int(r.met),
                    ]
                )
        return {
            "title": "指导员每月经确认到岗天数",
            "months": labels,
            "rows": [names[pk] for pk in order],
            "cells": cells,
            "unit": "天",
        }
    child, to_key = _child_key(level.kind)
    groups: dict[str, list] = defaultdict(lambda: [[0, 0] for _ in months])
    for x, rows in enumerate(per_month):
        for r in rows:
            k = to_key(r.region_id)
            groups[k][x][1] += 1
            groups[k][x][0] += r.met
    names = region_names(groups)
    order = sorted(groups, key=lambda k: names.get(k, k))
    cells = [
        [x, y, _pct(*groups[k][x]), groups[k][x][1]]
        for y, k in enumerate(order)
        for x in range(len(months))
    ]
    return {
        "title": "各地区每月到岗达标率",
        "months": labels,
        "rows": [names.get(k, k) for k in order],
        "cells": cells,
        "unit": "%",
    }


def region_names(codes) -> dict[str, str]:
    """{code: name} of regions, each read once per request (the ranking and the heatmap
    name the same regions: core.memo)."""
    codes = {c for c in codes if c}
    known = memoized(("region-names",), dict)
    missing = codes - known.keys()
    if missing:
        known.update(dict.fromkeys(missing))
        known.update(
            Region.objects.filter(code__in=missing).values_list("code", "name")
        )
    return {c: known[c] for c in codes if known[c] is not None}


def _history(scope, months) -> list[list]:
    """Compliance rows per month: the last two as the cards computed them, the older ones
    from the facts (the instructors that have the month; a month without facts is an empty
    column). All months' facts come in the one query the cards already made."""
    found = compliance_months(scope, len(months))
    recent = {(m.year, m.month) for m in months[-2:]}
    return [
        compliance_rows(m)
        if (m.year, m.month) in recent
        else found.get((m.year, m.month), ([], False))[0]
        for m in months
    ]


def trend(level) -> dict:
    """Coverage month by month this year (partylife's definition, two queries)."""
    from liangxin.coverage.services import coverage_trend

    scope = level.scope
    rows = coverage_trend(
        in_operation(scope).with_coverage(), scope.year, through_month=scope.month
    )
    return {
        "labels": [r["label"] for r in rows],
        "organization_rate": [r["organization_rate"] for r in rows],
        "work_rate": [r["work_rate"] for r in rows],
        "own_rate": [r["own_rate"] for r in rows],
    }


MAP_POINT_LEVELS = ("county", "committee")


def map_data(level) -> dict:
    """Outlines to load and, in a county or committee, organizations as points coloured by
    state (one query); above a county, counties coloured by instructor coverage."""
    from liangxin.dashboard.cockpit.maps import maps_for

    scope = level.scope
    maps = maps_for(level)
    out = {"maps": maps, "points": [], "areas": [], "focus": None}
    if level.kind in ("county", "committee") and scope.region:
        out["focus"] = scope.region
    if level.kind in MAP_POINT_LEVELS:
        visited = Visit.objects.filter(
            organization=OuterRef("pk"),
            status=VisitStatus.CONFIRMED,
            date__gte=scope.first_day,
            date__lte=scope.last_day,
        )
        rows = (
            in_operation(scope)
            .filter(latitude__isnull=False, longitude__isnull=False)
            .with_coverage()
            .annotate(visited=Exists(visited))
            .order_by()
            .values_list(
                "pk", "name", "longitude", "latitude", "has_instructor", "visited"
            )
        )
        for pk, name, lng, lat, has_instructor, was_visited in rows:
            state = (
                "visited"
                if was_visited
                else "covered"
                if has_instructor
                else "uncovered"
            )
            out["points"].append([float(lng), float(lat), name, state, pk])
        out["org_url"] = reverse("orgs:organization_list")
    else:
        counties = (
            in_operation(scope)
            .with_coverage()
            .order_by()
            .values("region_id", "region__name")
            .annotate(
                total=Count("pk"), covered=Count("pk", filter=Q(has_instructor=True))
            )
        )
        out["areas"] = [
            {
                "code": r["region_id"],
                "name": r["region__name"],
                "value": _pct(r["covered"], r["total"]),
                "text": f"{r['covered']} / {r['total']}",
            }
            for r in counties
        ]
    return out


def drill_url(params: dict, scope: Scope) -> str:
    return list_url("cockpit", month=scope.month_value, **params)
