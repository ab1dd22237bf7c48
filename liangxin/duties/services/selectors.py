"""Reads that a page and the API (or the worklist) both need, written once: who sees which
year-end ratings, and the training-hour rows of the instructors a user sees."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from liangxin.core.models import Policy
from liangxin.duties.models import Rating, RoundStatus
from liangxin.duties.services.base import instructor_of
from liangxin.duties.services.training import training_at_risk, training_hours
from liangxin.duties.services.year_end import round_scores
from liangxin.roster.models import Instructor

COUNTY_READERS = ("county_admin", "auditor")


@dataclass
class VisibleRatings:
    """What a user may see of a year-end round: `instructors` with their anonymous
    aggregate in `scores` ({instructor_id: {"count", "score", "grades"}}); `comments`
    ({instructor_id: [(grade, comment)]}) only for an instructor's own closed result."""

    instructors: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)
    comments: dict | None = None
    is_county: bool = False


def visible_ratings(user, rnd) -> VisibleRatings:
    """The county (and its auditors) see the aggregate of every active instructor they see in
    the round's region; an instructor sees their own aggregate and comments once the round
    is closed; nobody else sees results (evaluators see only the ratings they gave)."""
    if user.is_superuser or user.role in COUNTY_READERS:
        instructors = list(
            Instructor.objects.visible_to(user)
            .filter(region_id=rnd.region_id)
            .active()
            .order_by("name", "pk")
        )
        return VisibleRatings(
            instructors=instructors,
            scores=_scores(rnd, [i.pk for i in instructors]),
            is_county=True,
        )
    instructor = instructor_of(user) if user.role == "instructor" else None
    if instructor is None or rnd.status != RoundStatus.CLOSED:
        return VisibleRatings()
    # comments only, sorted by grade and text: never by who or when
    comments = list(
        Rating.objects.filter(round=rnd, instructor=instructor)
        .exclude(comment="")
        .order_by("grade", "comment")
        .values_list("grade", "comment")
    )
    return VisibleRatings(
        instructors=[instructor],
        scores=_scores(rnd, [instructor.pk]),
        comments={instructor.pk: comments},
    )


def _scores(rnd, instructor_ids) -> dict:
    return {
        instructor_id: entry
        for (_, instructor_id), entry in round_scores([rnd.pk], instructor_ids).items()
    }


def training_hour_rows(user, year: int, today: datetime.date | None = None) -> list:
    """Each active instructor the user sees, with the hours attended in `year` (up to today
    in the current year) against the Policy's target, and whether they are at risk."""
    today = today or timezone.localdate()
    instructors = list(
        Instructor.objects.visible_to(user)
        .active()
        .select_related("unit")
        .order_by("name", "pk")
    )
    end = min(datetime.date(year, 12, 31), today) if year == today.year else None
    hours = training_hours(
        [i.pk for i in instructors],
        datetime.date(year, 1, 1),
        end or datetime.date(year, 12, 31),
    )
    policies = Policy.for_regions({i.region_id for i in instructors}, year)
    rows = []
    for instructor in instructors:
        target = policies[instructor.region_id].training_hours_target
        got = hours.get(instructor.pk) or 0
        rows.append(
            {
                "instructor": instructor,
                "hours": got,
                "target": target,
                "at_risk": year == today.year and training_at_risk(got, target, today),
                "met": got >= target,
            }
        )
    return rows
