"""问题和困难 figures (cockpit.md): problems open and past their time limit."""

from liangxin.core.figures import MANAGER_ROLES, figure, list_url
from liangxin.handbook.models import Problem


def _problems(scope):
    return scope.narrow(
        Problem.objects.visible_to(scope.user),
        committee_path="organization__committee_id",
    )


@figure(
    "handbook.problems_open",
    "问题办理中",
    "个",
    url=lambda s: list_url("handbook:problem_list", pending="1", **s.params()),
    period="now",
    higher_is_better=False,
    roles=MANAGER_ROLES,
    description="待办理或办理中的问题和困难",
)
def problems_open(scope):
    return _problems(scope).pending(), None


@figure(
    "handbook.problems_overdue",
    "问题逾期",
    "个",
    url=lambda s: list_url("handbook:problem_list", overdue="1", **s.params()),
    period="now",
    higher_is_better=False,
    roles=MANAGER_ROLES,
    description="超过办理时限仍未办结的问题",
)
def problems_overdue(scope):
    return _problems(scope).overdue(), None
