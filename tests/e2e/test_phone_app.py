"""Issue 13 on a 375-px phone: the contact confirms from home; the check-in opens without
signal after one earlier visit; an offline check-in with its photo is stored once when the
network returns; an instructor's menu has no management items; history speaks Chinese."""

import datetime
import decimal
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liangxin.fieldwork import services
from liangxin.fieldwork.models import Activity, RecordedVia, Visit, VisitStatus
from tests.e2e.conftest import wait_for_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
expect.set_options(timeout=15_000)  # a shared 2-core CI machine is slow to paint


def _camera_photo() -> bytes:
    """A photo as large as a phone camera's (3000 x 2000 px), as PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), (180, 40, 50)).save(buffer, "PNG")
    return buffer.getvalue()


QUEUED = """() => LiangxinQueue.all(null).then(rows => rows.map(r => ({
    idempotency_key: r.idempotency_key, recorded_at: r.recorded_at,
    photo_size: r.photo ? r.photo.size : 0, photo_type: r.photo ? r.photo.type : ""})))"""


@pytest.fixture(autouse=True)
def _patient(request):
    """The first page of a session may take long on a loaded 2-core machine."""
    for name in ("phone", "desktop"):
        if name in request.fixturenames:
            request.getfixturevalue(name).context.set_default_timeout(30_000)


@pytest.fixture
def api_posts():
    """The check-ins sent to the API, as the live server received them (from the page or
    from the service worker's background sync alike)."""
    from django.core.signals import request_started

    posts = []

    def _count(sender, environ, **kwargs):
        if (
            environ["REQUEST_METHOD"] == "POST"
            and environ["PATH_INFO"] == "/api/visits/"
        ):
            posts.append(environ.get("HTTP_USER_AGENT", ""))

    request_started.connect(_count, weak=False)
    yield posts
    request_started.disconnect(_count)


def _place(world):
    world.org_a.latitude = decimal.Decimal("39.022000")
    world.org_a.longitude = decimal.Decimal("111.086000")
    world.org_a.save()


def _at_the_organization(page):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(
        {"latitude": 39.0221, "longitude": 111.0861, "accuracy": 20}
    )


def test_the_contact_sees_and_confirms_a_new_visit_from_home(
    live_server, world, phone, sign_in
):
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=timezone.localdate(),
        activities=[Activity.RESEARCH],
        summary="了解企业党员思想动态",
    )
    page = sign_in(phone, "contact001")
    waiting = page.locator("#waiting-visits")
    expect(waiting).to_contain_text("有 1 条到岗记录等待您确认")
    expect(waiting).to_contain_text("了解企业党员思想动态")
    expect(page.locator("#unread-count")).to_have_text("1")  # the notification
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    waiting.get_by_role("button", name="确认到岗").click()  # the second tap
    expect(page.locator(".alert-success")).to_contain_text("已确认")
    expect(page.locator("#waiting-visits")).to_contain_text("没有等待您确认的到岗记录")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED


def test_the_check_in_opens_offline_after_one_earlier_visit(
    live_server, world, phone, sign_in
):
    _place(world)
    _at_the_organization(phone)
    page = sign_in(phone, "instructor01")
    assert wait_for_worker(page)  # active on the home page before going on
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")  # kept as it is opened
    expect(page.locator("#location-status")).to_contain_text("已获取位置")

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    page.wait_for_load_state()
    expect(page.locator("#checkin-form")).to_be_visible()
    expect(page.get_by_label("两新组织")).to_be_visible()
    key = page.locator("[name=idempotency_key]")  # its scripts ran from the cache
    expect(key).not_to_have_value("")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # the visit list is kept too, but only once opened: nothing was fetched in advance
    page.goto(f"{live_server.url}/fieldwork/visits/")
    expect(page.get_by_role("heading", name="网络不可用")).to_be_visible()
    page.goto(f"{live_server.url}/partylife/meetings/")  # a page never kept
    expect(page.get_by_role("heading", name="网络不可用")).to_be_visible()
    expect(page.get_by_role("link", name="到岗签到（离线暂存）")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="到岗签到（离线暂存）").click()
    expect(page.locator("#checkin-form")).to_be_visible()


def test_an_offline_check_in_with_a_photo_is_stored_once_when_back_online(
    live_server, world, phone, sign_in, tmp_path, settings, api_posts
):
    settings.MEDIA_ROOT = tmp_path
    _place(world)
    _at_the_organization(phone)
    page = sign_in(phone, "instructor01")
    assert wait_for_worker(page)
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    expect(page.locator("#location-status")).to_contain_text("已选中距您最近的组织")
    page.get_by_text("调研", exact=True).click()
    page.get_by_label("现场照片").set_input_files(
        files=[
            {"name": "photo.png", "mimeType": "image/png", "buffer": _camera_photo()}
        ]
    )
    page.context.set_offline(True)
    made_at = timezone.now()
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator("#offline-status")).to_contain_text("含照片")
    queued = page.evaluate(QUEUED)
    assert len(queued) == 1
    assert queued[0]["photo_size"] > 0 and queued[0]["photo_type"] == "image/jpeg"
    assert queued[0]["recorded_at"]
    assert not Visit.objects.exists() and api_posts == []

    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_contain_text("已自动提交 1 条")
    page.reload()  # nothing is left to send twice
    expect(page.locator("#location-status")).to_contain_text("已获取位置")
    page.wait_for_timeout(1000)  # a late background sync would have sent it by now
    assert page.evaluate(QUEUED) == []
    assert (
        len(api_posts) == 1
    )  # sent once: not once by the page and again by the worker
    visit = Visit.objects.get()
    assert visit.organization == world.org_a
    assert visit.photo and visit.recorded_via == RecordedVia.ON_SITE
    from PIL import Image

    with Image.open(visit.photo.path) as stored:
        assert max(stored.size) == 1600  # resized on the phone
    assert abs(visit.recorded_at - made_at) < datetime.timedelta(seconds=30)


def test_an_instructors_menu_has_no_management_items(
    live_server, world, phone, sign_in
):
    page = sign_in(phone, "instructor01")
    page.get_by_role("button", name="打开菜单").click()
    menu = page.locator("#sidebar")
    expect(menu).to_contain_text("到岗签到")
    for item in (
        "派驻记录",
        "派出单位",
        "行业党委",
        "考核方案",
        "补贴发放",
        "接口文档",
    ):
        expect(menu).not_to_contain_text(item)


def test_history_panels_show_no_raw_field_names(live_server, world, desktop, sign_in):
    visit = services.record_visit(
        user=world.users.instructor,
        organization=world.org_a,
        date=timezone.localdate(),
        activities=[Activity.RESEARCH],
    )
    services.confirm_visit(user=world.users.contact, visit=visit)
    page = sign_in(desktop, "county")
    page.goto(f"{live_server.url}{visit.get_absolute_url()}")
    panel = page.locator(".history-panel")
    expect(panel).to_contain_text("确认状态：待确认 → 已确认")
    text = panel.inner_text()
    for raw in ("status", "confirmed_by", "version", "_at", "None"):
        assert raw not in text
