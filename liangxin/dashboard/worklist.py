"""The worklist's region filter: it needs the organization and roster tables, so it lives
here, above them, not in `core.worklist` (which knows no app)."""

from liangxin.core.models.region import region_prefix
from liangxin.core.worklist import Flag
from liangxin.orgs.models import Organization
from liangxin.roster.models import Instructor


def in_region(flags: list[Flag], region_code: str) -> list[Flag]:
    """Flags whose instructor (or organization) lies in a region and below, one query each."""
    prefix = region_prefix(region_code)
    instructors = {f.instructor_id for f in flags if f.instructor_id}
    orgs = {
        f.organization_id for f in flags if not f.instructor_id and f.organization_id
    }
    keep_i = (
        set(
            Instructor.objects.filter(
                pk__in=instructors, region__code__startswith=prefix
            ).values_list("pk", flat=True)
        )
        if instructors
        else set()
    )
    keep_o = (
        set(
            Organization.objects.filter(
                pk__in=orgs, region__code__startswith=prefix
            ).values_list("pk", flat=True)
        )
        if orgs
        else set()
    )
    return [
        f
        for f in flags
        if (f.instructor_id in keep_i)
        or (not f.instructor_id and f.organization_id in keep_o)
    ]
