"""整改逾期 (cockpit.md): rectification items past their deadline, not yet done."""

from liangxin.core.figures import MANAGER_ROLES, figure, list_url
from liangxin.inspections.models import Rectification


@figure(
    "inspections.rectify_overdue",
    "整改逾期",
    "项",
    url=lambda s: list_url("inspections:rectification_list", overdue="1", **s.params()),
    period="now",
    higher_is_better=False,
    roles=MANAGER_ROLES,
    description="超过整改期限仍未完成的整改事项",
)
def rectify_overdue(scope):
    items = scope.narrow(
        Rectification.objects.visible_to(scope.user),
        region_path="inspection__region",
        committee_path="inspection__instructor__committee_id",
    )
    return items.overdue(), None
