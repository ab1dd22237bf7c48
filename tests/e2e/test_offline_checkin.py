"""Poor signal (issue 3): a check-in made while the phone is offline waits on the phone and is
sent when the network returns, stored once, with the time and place of the check-in."""

import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liangxin.fieldwork.models import RecordedVia, Visit
from tests.e2e.conftest import wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


#: the offline queue (IndexedDB) as plain data: a Blob cannot cross into Python
QUEUED = """() => LiangxinQueue.all(null).then(rows => rows.map(r => ({
    idempotency_key: r.idempotency_key, recorded_at: r.recorded_at,
    photo_size: r.photo ? r.photo.size : 0, photo_type: r.photo ? r.photo.type : ""})))"""


def _fill(page):
    page.get_by_label("两新组织").select_option(label="保德县华鑫煤业有限公司")
    page.get_by_text("调研", exact=True).click()


def test_an_offline_check_in_is_kept_and_sent_when_back_online(
    live_server, world, phone, sign_in
):
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation(
        {"latitude": 39.0221, "longitude": 111.0861, "accuracy": 20}
    )
    page = sign_in(phone, "instructor01")
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    expect(page.locator("#location-status")).to_contain_text("已获取位置")
    _fill(page)

    page.context.set_offline(True)
    checked_in = timezone.now()
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator("#offline-status")).to_contain_text("已暂存在手机上")
    expect(page.locator("#offline-status")).to_contain_text("联网后自动提交")
    queued = page.evaluate(QUEUED)
    assert len(queued) == 1 and queued[0]["idempotency_key"]
    assert not Visit.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text("已自动提交 1 条")
    assert page.evaluate(QUEUED) == []

    page.reload()  # the next page load finds nothing left to send
    expect(page.locator("#location-status")).to_contain_text("已获取位置")
    visit = Visit.objects.get()
    assert visit.idempotency_key == queued[0]["idempotency_key"]
    assert visit.recorded_via == RecordedVia.ON_SITE
    assert abs(visit.recorded_at - checked_in) < datetime.timedelta(seconds=30)
    assert visit.latitude is not None


def test_a_queued_check_in_is_sent_on_the_next_page_load(
    live_server, world, phone_without_worker, sign_in
):
    """Without a service worker (no background sync) the next check-in page sends it."""
    page = sign_in(phone_without_worker, "instructor01")
    assert not wait_for_worker(page)
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    _fill(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator("#offline-status")).to_contain_text("已暂存在手机上")
    context = page.context
    page.close()  # the phone is put away before the network returns: no `online` event
    context.set_offline(False)
    page = context.new_page()
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    expect(page.locator("#offline-status")).to_contain_text("已自动提交 1 条")
    assert Visit.objects.count() == 1


def test_the_worker_sends_a_queued_check_in_with_no_page_open(
    live_server, world, phone, sign_in
):
    """Background sync: the network returns while the phone is put away."""
    page = sign_in(phone, "instructor01")
    assert wait_for_worker(page)
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    _fill(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator("#offline-status")).to_contain_text("已暂存在手机上")
    assert len(page.evaluate(QUEUED)) == 1
    context = page.context
    page.close()
    context.set_offline(False)
    for _ in range(100):  # up to 20 s on a loaded machine
        if Visit.objects.exists():
            break
        time.sleep(0.2)
    assert Visit.objects.count() == 1
    page = context.new_page()  # the next page finds nothing left to send
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    expect(page.locator("#checkin-form")).to_be_visible()
    page.wait_for_timeout(1000)
    assert page.evaluate(QUEUED) == []
    assert Visit.objects.count() == 1


def test_a_check_in_with_a_photo(
    live_server, world, phone, sign_in, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    page = sign_in(phone, "instructor01")
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    _fill(page)
    page.get_by_label("现场照片").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator(".alert-success")).to_contain_text("等待联络员确认")
    image = page.get_by_role("img", name="现场照片")
    expect(image).to_be_visible()
    # visible is not loaded: wait until the browser has finished with it (a broken image
    # completes too, with no width), then check it decoded
    page.wait_for_function("document.querySelector('img[alt=现场照片]').complete")
    assert (
        page.evaluate("document.querySelector('img[alt=现场照片]').naturalWidth") == 1
    )


def test_a_refused_check_in_shows_the_reason_on_the_page(
    live_server, world, phone, sign_in
):
    page = sign_in(phone, "instructor01")
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    page.get_by_label("两新组织").select_option(label="保德县华鑫煤业有限公司")
    page.get_by_role("button", name="提交到岗记录").click()  # no activity chosen
    expect(page.locator("#checkin-form")).to_contain_text("请至少选择一项工作内容")
    _fill(page)
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator(".alert-success")).to_contain_text("等待联络员确认")
    assert Visit.objects.count() == 1
