"""The live figures the facts must equal, computed one record at a time with plain queries
(no grouping shared with facts.refresh), and the fact rows read back in the same shape."""

from decimal import Decimal

from liangxin.core.models.region import region_prefix
from liangxin.core.workcalendar import month_bounds
from liangxin.duties.models import Enrolment
from liangxin.facts.models import FlagRow, InstructorMonth, PartyOrgPeriod
from liangxin.fieldwork.compliance import region_compliance
from liangxin.fieldwork.models import Visit, VisitStatus
from liangxin.handbook.models import HandbookEntry, Problem
from liangxin.orgs.models import PartyOrganization
from liangxin.partylife import compliance as partylife

MONTH_FIELDS = [
    "region_id",
    "committee_id",
    "confirmed_days",
    "pending_days",
    "disputed_days",
    "required_days",
    "shortfall",
    "handbook_entries",
    "problems_opened",
    "problems_resolved",
    "training_hours",
]


def live_months(code: str, year: int, month: int) -> dict[int, dict]:
    first, last = month_bounds(year, month)
    rows = {}
    for r in region_compliance(code, year, month):
        i = r.instructor_id
        hours = sum(
            (
                e.event.hours
                for e in Enrolment.objects.filter(
                    instructor_id=i,
                    attended=True,
                    event__date__gte=first,
                    event__date__lte=last,
                ).select_related("event")
            ),
            Decimal("0"),
        )
        rows[i] = {
            "region_id": r.region_id,
            "committee_id": r.committee_id,
            "confirmed_days": r.confirmed_days,
            "pending_days": r.pending_days,
            "disputed_days": len(
                set(
                    Visit.objects.filter(
                        instructor_id=i,
                        date__gte=first,
                        date__lte=last,
                        status=VisitStatus.DISPUTED,
                    ).values_list("date", flat=True)
                )
            ),
            "required_days": r.required,
            "shortfall": r.shortfall,
            "handbook_entries": HandbookEntry.objects.filter(
                instructor_id=i, date__gte=first, date__lte=last
            ).count(),
            "problems_opened": Problem.objects.filter(
                instructor_id=i, raised_on__gte=first, raised_on__lte=last
            ).count(),
            "problems_resolved": Problem.objects.filter(
                instructor_id=i, resolved_on__gte=first, resolved_on__lte=last
            ).count(),
            "training_hours": hours,
        }
    return rows


def fact_months(code: str, year: int, month: int) -> dict[int, dict]:
    return {
        r["instructor_id"]: {k: r[k] for k in MONTH_FIELDS}
        for r in InstructorMonth.objects.filter(
            year=year, month=month, region__code__startswith=region_prefix(code)
        ).values()
    }


def live_periods(code: str, year: int, today) -> list[tuple]:
    party_orgs = list(
        PartyOrganization.objects.filter(region__code__startswith=region_prefix(code))
    )
    return sorted(
        (
            row.party_organization.pk,
            result.kind,
            o.period.start,
            o.period.end,
            o.expected,
            o.actual,
        )
        for row in partylife.compliance(party_orgs, year, today)
        for result in row.results.values()
        for o in result.obligations
        if o.expected
    )


def fact_periods(code: str, year: int) -> list[tuple]:
    return sorted(
        PartyOrgPeriod.objects.filter(
            year=year, region__code__startswith=region_prefix(code)
        ).values_list(
            "party_organization_id", "kind", "period_start", "period_end", "due", "held"
        )
    )


def flag_tuple(f) -> tuple:
    return (
        f.kind,
        f.instructor_id,
        f.organization_id,
        f.subject,
        f.severity,
        f.label,
        f.detail,
        f.url,
        f.instructor_name,
    )


def live_flags(flags) -> list[tuple]:
    return sorted((flag_tuple(f) for f in flags), key=repr)


def fact_flags(code: str) -> list[tuple]:
    return sorted(
        (flag_tuple(r) for r in FlagRow.objects.open().in_region(region_prefix(code))),
        key=repr,
    )
