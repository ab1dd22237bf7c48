"""What roster decides about organizations: whether one has an instructor in post."""

from django.db.models import Exists, OuterRef

from liangxin.core.conditions import register
from liangxin.roster.models import Assignment


@register("orgs.organization", "has_instructor")
def has_instructor():
    return Exists(
        Assignment.objects.filter(organization=OuterRef("pk"), ended_on__isnull=True)
    )
