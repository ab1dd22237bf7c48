"""Answers from the fact tables for the live computations that offer a reader (core.facts).

A reader answers only when the facts cover the whole question; otherwise it returns None and
the caller computes live, so a missing refresh costs time, never a wrong number."""

from django.db.models import F, FilteredRelation, Q

from liangxin.facts.models import InstructorMonth
from liangxin.fieldwork.compliance import ComplianceRow, instructors_in_scope


def _row(values: dict) -> ComplianceRow:
    unit = values.pop("unit_name") or ""
    return ComplianceRow(**values, unit=unit)


def _fact_values(qs):
    """InstructorMonth rows as the dictionaries `_row` takes (with year and month)."""
    return qs.values(
        "year",
        "month",
        "instructor_id",
        "region_id",
        "committee_id",
        "confirmed_days",
        "pending_days",
        name=F("instructor__name"),
        unit_name=F("instructor__unit__name"),
        user_id=F("instructor__user_id"),
        required=F("required_days"),
    )


def compliance(*, user, year, month, region=None, committee_id=None):
    """The month's compliance rows (fieldwork.compliance.monthly_compliance) from
    InstructorMonth, in one query; None if any instructor in scope has no row for the month."""
    rows, complete = compliance_months(
        user=user, months=[(year, month)], region=region, committee_id=committee_id
    )[(year, month)]
    return rows if complete else None


def compliance_months(*, user, months, region=None, committee_id=None):
    """{(year, month): (rows, complete)} for several months from InstructorMonth in one
    query: the rows of the instructors in scope that have the month, and whether every one of
    them has it (only then are the rows the month's answer; see `compliance`)."""
    wanted = Q()
    for year, month in months:
        wanted |= Q(facts_months__year=year, facts_months__month=month)
    rows = list(
        instructors_in_scope(user, region, committee_id)
        .alias(fact=FilteredRelation("facts_months", condition=wanted))
        .values(
            "name",
            "user_id",
            "region_id",
            "committee_id",
            instructor_id=F("id"),
            unit_name=F("unit__name"),
            year=F("fact__year"),
            month=F("fact__month"),
            confirmed_days=F("fact__confirmed_days"),
            pending_days=F("fact__pending_days"),
            required=F("fact__required_days"),
        )
        .order_by("name", "instructor_id")
    )
    everyone = {r["instructor_id"] for r in rows}
    by_month: dict[tuple[int, int], list] = {tuple(m): [] for m in months}
    for r in rows:
        key = (r.pop("year"), r.pop("month"))
        if key in by_month:
            by_month[key].append(r)
    out = {}
    for key, found in by_month.items():
        result = [_row(r) for r in found]
        complete = bool(everyone) and len(result) == len(everyone)
        if complete:  # ordered as the live rows: shortfalls first
            result.sort(key=lambda row: -row.shortfall)
        out[key] = (result, complete)
    return out


def instructor_month(instructor_id: int, year: int, month: int):
    """One instructor's compliance row from InstructorMonth (one query), or None."""
    row = _fact_values(
        InstructorMonth.objects.filter(
            instructor_id=instructor_id, year=year, month=month
        )
    ).first()
    if row is None:
        return None
    del row["year"], row["month"]
    return _row(row)
