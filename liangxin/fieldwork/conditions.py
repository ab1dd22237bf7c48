"""What fieldwork decides about organizations: whether an instructor worked there."""

from django.db.models import Exists, OuterRef

from liangxin.core.conditions import register
from liangxin.fieldwork.models import Visit, VisitStatus


@register("orgs.organization", "worked")
def worked(first, last):
    """A confirmed visit between `first` and `last` (工作覆盖, domain-rules §4)."""
    return Exists(
        Visit.objects.filter(
            organization=OuterRef("pk"),
            status=VisitStatus.CONFIRMED,
            date__gte=first,
            date__lte=last,
        )
    )
