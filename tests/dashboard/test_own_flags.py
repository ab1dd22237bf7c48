"""An instructor's worklist reads their county's flag rows while those are current, and shows
exactly the flags the live collectors give them: on the demo county for every instructor, with
the 暗访 items an instructor never sees left out, and live where the rows cannot say it."""

from django.core.cache import caches
from django.test import Client

from liangxin.core import summaries
from liangxin.core.models import Role, User
from liangxin.core.worklist import flags_for
from liangxin.dashboard.own_flags import own_flags


def _same(flags):
    return sorted(
        (fl.kind, fl.instructor_id, fl.subject, fl.detail, fl.severity, fl.url)
        for fl in flags
    )


def test_every_demo_instructors_flags_from_the_rows_equal_the_live_ones(demo):
    instructors = User.objects.filter(role=Role.INSTRUCTOR)
    assert instructors.count() == 22
    shown = 0
    for user in instructors:
        own = own_flags(user)
        assert own is not None, user.username  # the demo's rows are current
        live = flags_for(user)
        assert _same(own) == _same(live), user.username
        shown += len(live)
    assert shown > 100
    # a 联合支部's flag names one of its instructors; the other sees it too, as live
    other = [
        fl
        for user in instructors
        for fl in own_flags(user)
        if fl.kind.startswith("partylife.") and fl.instructor_id != user.instructor_id
    ]
    assert other


def test_an_instructors_worklist_runs_a_handful_of_queries(
    demo, django_assert_max_num_queries
):
    caches["shared"].clear()
    summaries.renew()
    user = User.objects.get(username="instructor01")
    client = Client()
    client.force_login(user)
    # session, user, newest write, the instructor and where they work, the rows' state, the
    # rows, and the two kinds live for them: rectifications, visits unconfirmed (its policy
    # and its visits); 28 when every collector ran
    with django_assert_max_num_queries(9):
        page = client.get("/worklist/?view=flags")
    assert _same(page.context["flags"]) == _same(flags_for(user))
