"""The server's receive time is the truth for visits; the phone's own time is kept beside it
and believed only within the offline queue's age window (issue 11, item 7)."""

import datetime

from django.utils import timezone

from liangxin.fieldwork import services
from liangxin.fieldwork.models import RecordedVia, Visit
from tests.fieldwork.conftest import days_ago


def _payload(world, date, recorded_at):
    return {
        "organization": world.org_a.pk,
        "date": date.isoformat(),
        "activities": ["research"],
        "summary": "了解企业党建情况",
        "on_site": True,
        "recorded_at": recorded_at,
    }


def test_an_old_phone_time_is_a_late_entry_at_the_servers_time(world, settings):
    settings.VISIT_OFFLINE_WINDOW_HOURS = 24
    date = days_ago(3)
    claimed = timezone.localtime().replace(hour=10) - datetime.timedelta(days=3)
    before = timezone.now()
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=date,
        activities=["research"],
        on_site=True,
        recorded_at=claimed,
    )
    assert visit.recorded_via == RecordedVia.LATE_ENTRY
    assert visit.recorded_at >= before and visit.received_at >= before
    assert visit.device_time == claimed  # kept beside, not believed


def test_a_phone_time_within_the_window_is_believed_and_kept(world, settings):
    settings.VISIT_OFFLINE_WINDOW_HOURS = 72
    made = timezone.localtime().replace(hour=10) - datetime.timedelta(days=1)
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=made.date(),
        activities=["research"],
        on_site=True,
        recorded_at=made,
    )
    assert visit.recorded_via == RecordedVia.ON_SITE
    assert visit.recorded_at == made == visit.device_time
    assert visit.received_at > made


def test_a_phone_time_in_the_future_is_not_believed(world):
    ahead = timezone.now() + datetime.timedelta(hours=3)
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=timezone.localdate(),
        activities=["research"],
        on_site=True,
        recorded_at=ahead,
    )
    assert visit.recorded_at <= timezone.now()
    assert visit.device_time == ahead


def test_an_absurd_phone_time_is_refused_with_a_chinese_message(world, api):
    response = api(world.users.instructor).post(
        "/api/visits/",
        _payload(world, timezone.localdate(), "0001-01-01T00:00:00"),
        format="json",
    )
    assert response.status_code == 400
    assert "recorded_at" in response.json()
    assert not Visit.objects.exists()


def test_a_past_entry_sent_as_on_site_with_a_stale_phone_time_is_a_late_entry(
    world, api, settings
):
    settings.VISIT_OFFLINE_WINDOW_HOURS = 24
    stale = timezone.localtime() - datetime.timedelta(days=2)
    response = api(world.users.instructor).post(
        "/api/visits/",
        _payload(world, stale.date(), stale.isoformat()),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["recorded_via"] == "late_entry"
