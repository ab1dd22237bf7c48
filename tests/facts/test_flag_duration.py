"""预警平均持续天数 on the cockpit: the mean days open of the flags cleared in the month."""

import datetime
import itertools

from django.utils import timezone

from liangxin.core.figures import Scope
from liangxin.dashboard.cockpit.data import flag_duration
from liangxin.facts.models import FlagRow

_keys = itertools.count(1)


def _row(region, raised, cleared, scope=""):
    return FlagRow.objects.create(
        scope=scope,
        key=f"handbook.problem_overdue|{next(_keys)}||",
        kind="handbook.problem_overdue",
        label="问题逾期未办结",
        region_id=region,
        raised_on=raised,
        cleared_on=cleared,
    )


def test_the_cockpit_shows_how_long_warnings_stayed_open(world, login):
    today = timezone.localdate()
    first = today.replace(day=1)
    _row("140931", first - datetime.timedelta(days=10), first)  # 10 days
    _row("140931", first, first + datetime.timedelta(days=2))  # 2 days
    _row("140931", first - datetime.timedelta(days=40), None)  # still open: not counted
    _row("140930", first - datetime.timedelta(days=30), first)  # another county
    # cleared last month: not this month's figure
    _row("140931", first - datetime.timedelta(days=50), first - datetime.timedelta(1))

    scope = Scope.current(world.users.county)
    stat = flag_duration(scope)
    assert (stat["count"], stat["days"], stat["display"]) == (2, 6.0, "6.0")

    html = login(world.users.county).get("/").content.decode()
    assert 'id="card-flag-duration"' in html and "预警平均持续天数" in html

    # committee staff: their committee's own rows (FlagRow.scope), not the county's
    _row("140931", first - datetime.timedelta(days=4), first, f"c{world.nonpublic.pk}")
    _row("140931", first - datetime.timedelta(days=8), first, f"c{world.social.pk}")
    stat = flag_duration(Scope.current(world.users.nonpublic))
    assert (stat["count"], stat["days"]) == (1, 4.0)
    assert 'id="card-flag-duration"' in (
        login(world.users.nonpublic).get("/").content.decode()
    )
    # the county's figure counts the county's rows only, not the committees' copies
    assert flag_duration(scope)["count"] == 2
    # an instructor sees no county figure
    assert flag_duration(Scope.current(world.users.instructor)) is None


def test_no_cleared_warning_shows_a_dash(world):
    stat = flag_duration(Scope.current(world.users.county))
    assert (stat["count"], stat["days"], stat["display"]) == (0, None, "—")
