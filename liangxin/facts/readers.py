"""Answers from the fact tables for the live computations that offer a reader (core.facts).

A reader answers only when the facts cover the whole question; otherwise it returns None and
the caller computes live, so a missing refresh costs time, never a wrong number."""

from django.db.models import F, FilteredRelation, Q

from liangxin.facts.models import InstructorMonth
from liangxin.fieldwork.compliance import ComplianceRow, instructors_in_scope


def compliance(*, user, year, month, region=None, committee_id=None):
    """The month's compliance rows (fieldwork.compliance.monthly_compliance) from
    InstructorMonth, in one query; None if any instructor in scope has no row for the month."""
    rows = list(
        instructors_in_scope(user, region, committee_id)
        .alias(
            fact=FilteredRelation(
                "facts_months",
                condition=Q(facts_months__year=year, facts_months__month=month),
            )
        )
        .values("id", "name", "region_id", "unit__name", "committee_id", "user_id")
        .annotate(
            confirmed=F("fact__confirmed_days"),
            pending=F("fact__pending_days"),
            required=F("fact__required_days"),
        )
        .order_by("name", "id")
    )
    if not rows or any(r["confirmed"] is None for r in rows):
        return None
    result = [
        ComplianceRow(
            instructor_id=r["id"],
            name=r["name"],
            unit=r["unit__name"] or "",
            confirmed_days=r["confirmed"],
            pending_days=r["pending"],
            required=r["required"],
            committee_id=r["committee_id"],
            user_id=r["user_id"],
            region_id=r["region_id"],
        )
        for r in rows
    ]
    result.sort(key=lambda row: -row.shortfall)  # as the live rows: shortfalls first
    return result


def compliance_history(*, user, months, region=None, committee_id=None):
    """{(year, month): compliance rows} for past months, from InstructorMonth in one query
    (a chart's history: a month the facts don't hold is absent, not computed)."""
    wanted = Q()
    for year, month in months:
        wanted |= Q(year=year, month=month)
    rows = (
        InstructorMonth.objects.filter(
            wanted, instructor__in=instructors_in_scope(user, region, committee_id)
        )
        .values_list(
            "year",
            "month",
            "instructor_id",
            "instructor__name",
            "region_id",
            "committee_id",
            "confirmed_days",
            "pending_days",
            "required_days",
        )
        .order_by("instructor__name", "instructor_id")
    )
    out: dict[tuple[int, int], list[ComplianceRow]] = {}
    for (
        year,
        month,
        pk,
        name,
        region_id,
        committee,
        confirmed,
        pending,
        required,
    ) in rows:
        out.setdefault((year, month), []).append(
            ComplianceRow(
                instructor_id=pk,
                name=name,
                unit="",
                confirmed_days=confirmed,
                pending_days=pending,
                required=required,
                committee_id=committee,
                region_id=region_id,
            )
        )
    return out


def instructor_month(instructor_id: int, year: int, month: int):
    """One instructor's compliance row from InstructorMonth (one query), or None."""
    row = (
        InstructorMonth.objects.filter(
            instructor_id=instructor_id, year=year, month=month
        )
        .values_list(
            "instructor__name",
            "instructor__unit__name",
            "instructor__user_id",
            "region_id",
            "committee_id",
            "confirmed_days",
            "pending_days",
            "required_days",
        )
        .first()
    )
    if row is None:
        return None
    name, unit, user_id, region_id, committee_id, confirmed, pending, required = row
    return ComplianceRow(
        instructor_id=instructor_id,
        name=name,
        unit=unit or "",
        confirmed_days=confirmed,
        pending_days=pending,
        required=required,
        committee_id=committee_id,
        user_id=user_id,
        region_id=region_id,
    )
