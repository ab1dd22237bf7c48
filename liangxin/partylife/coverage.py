"""The two coverages month by month: the figures of liangxin.orgs extended with the instructors
actually working there (confirmed visits), which only this level of the apps can see."""

from django.db.models.functions import ExtractMonth

from liangxin.core.workcalendar import month_bounds
from liangxin.fieldwork.models import Visit
from liangxin.orgs.models import CoverageMode
from liangxin.orgs.services import CoverageFigures


def coverage_trend(qs, year: int, *, through_month: int = 12) -> list[dict]:
    """The two coverages month by month for an annotated organization queryset (`coverage_queryset`).

    An organization counts as organizationally covered from its party organization's founding
    month (unknown founding dates count as always); it is work-covered in a month when it has a
    party organization then, or an instructor actively worked there (a confirmed visit in that
    month). `founded` counts party organizations founded in the month. Two queries.
    """
    orgs = list(
        qs.order_by().values_list(
            "pk",
            "coverage_mode",
            "party_organization_id",
            "party_organization__founded_on",
        )
    )
    visited = set(
        Visit.objects.confirmed()
        .filter(organization_id__in=[o[0] for o in orgs], date__year=year)
        .order_by()
        .annotate(month=ExtractMonth("date"))
        .values_list("organization_id", "month")
        .distinct()
    )
    founded_on = {po: founded for _, _, po, founded in orgs if po is not None}
    result = []
    for month in range(1, through_month + 1):
        first, last = month_bounds(year, month)
        own = joint = work = active = 0
        for pk, mode, _po, founded in orgs:
            covered = mode != CoverageMode.NONE and (founded is None or founded <= last)
            if covered:
                own += mode == CoverageMode.OWN
                joint += mode == CoverageMode.JOINT
            was_visited = (pk, month) in visited
            active += was_visited
            work += covered or was_visited
        total = len(orgs)
        rate = CoverageFigures._rate
        result.append(
            {
                "month": month,
                "label": f"{year}-{month:02d}",
                "total": total,
                "own": own,
                "joint": joint,
                "active_instructor": active,
                "work_covered": work,
                "organization_rate": rate(own + joint, total),
                "own_rate": rate(own, total),
                "work_rate": rate(work, total),
                "founded": sum(
                    1 for f in founded_on.values() if f and first <= f <= last
                ),
            }
        )
    return result
