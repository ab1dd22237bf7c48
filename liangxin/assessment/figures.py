"""考核等次分布 (cockpit.md): how many instructors got each grade in the latest published year."""

from liangxin.assessment.models import Grade, Result
from liangxin.assessment.models.round import VISIBLE_TO_ASSESSED
from liangxin.core.figures import MANAGER_ROLES, figure, list_url, memoized


def published_results(scope):
    """Results of published rounds the user may see, narrowed to the scope."""
    return scope.narrow(
        Result.objects.visible_to(scope.user).filter(
            round__status__in=VISIBLE_TO_ASSESSED
        ),
        committee_path="instructor__committee_id",
    )


def latest_year(scope) -> int | None:
    """The year of the latest published round's period end in the scope (once per page)."""
    key = ("assessment.latest_year", scope.user.pk, scope.region, scope.committee_id)

    def compute():
        last = (
            published_results(scope)
            .order_by("-round__period_end")
            .values_list("round__period_end", flat=True)
            .first()
        )
        return last.year if last else None

    return memoized(key, compute)


def _results_url(scope, grade):
    return list_url(
        "assessment:result_list",
        published="1",
        year=latest_year(scope),
        grade=grade,
        **scope.params(),
    )


def _grade_figure(grade: Grade):
    @figure(
        f"assessment.grade_{grade.value}",
        f"考核{grade.label}",
        "名",
        url=lambda s: _results_url(s, grade.value),
        period="now",
        higher_is_better=grade in (Grade.EXCELLENT, Grade.COMPETENT),
        roles=MANAGER_ROLES,
        description=f"最近一个已公布考核年度评为“{grade.label}”的指导员人次",
    )
    def parts(scope):
        year = latest_year(scope)
        results = published_results(scope)
        if year is None:
            return results.none(), None
        return results.filter(round__period_end__year=year, grade=grade), None

    return parts


GRADE_KEYS = tuple(f"assessment.grade_{g.value}" for g in Grade)
for _grade in Grade:
    _grade_figure(_grade)
