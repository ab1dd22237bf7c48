"""Reminders of overdue records, one notice per record: the people who must act are told once,
through the shared `notify`, of each record they may see (scoped with `visible_to`, so a
reminder never reveals what the page would not show, e.g. a 暗访's findings)."""

from collections.abc import Callable

from liangxin.core.models import User
from liangxin.core.notifications import notify


def remind_instructors(
    overdue, *, instructor_field: str, notice: Callable[[object], dict]
) -> int:
    """Tell each instructor with an account, once per record, of the records in `overdue`
    (a queryset of what is overdue today) that are theirs and that they may see; `notice(obj)`
    gives the notice's title, body, url and key. Returns how many notices are new. One query
    for the recipients, one per recipient for their records, one or two per new notice."""
    ids = overdue.order_by().values(instructor_field).distinct()
    recipients = User.objects.filter(
        is_active=True, instructor_profile__in=ids
    ).select_related("instructor_profile")
    sent = 0
    for user in recipients:
        mine = overdue.visible_to(user).filter(
            **{instructor_field: user.instructor_profile.pk}
        )
        for obj in mine:
            _, created = notify(recipient=user, **notice(obj))
            sent += created
    return sent
