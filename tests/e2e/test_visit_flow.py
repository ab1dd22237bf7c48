"""Fieldwork (issue 3) on a 375-px phone: the instructor checks in with location, the contact confirms, the
compliance page counts the day once although two organizations were visited that day."""

import datetime
import decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liangxin.fieldwork.models import Visit, VisitStatus
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_check_in_confirm_and_count_once(live_server, world, phone, desktop, sign_in):
    world.org_a.latitude = decimal.Decimal("39.022000")
    world.org_a.longitude = decimal.Decimal("111.086000")
    world.org_a.save()
    second = f.AssignmentFactory(
        instructor=world.ins_a,
        organization=world.org_a2,
        started_on=datetime.date(2024, 3, 1),
    )
    today = timezone.localdate()
    Visit.objects.create(  # earlier today, at the other organization, already confirmed
        region_id=world.org_a2.region_id,
        instructor=world.ins_a,
        organization=world.org_a2,
        assignment=second,
        date=today,
        activities=["research"],
        recorded_at=timezone.now(),
        status=VisitStatus.CONFIRMED,
    )

    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation(
        {"latitude": 39.0221, "longitude": 111.0861, "accuracy": 15}
    )
    page = sign_in(phone, "instructor01")
    page.goto(f"{live_server.url}/fieldwork/visits/checkin/")
    expect(page.locator("#location-status")).to_contain_text("已获取位置")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("两新组织").select_option(label="保德县华鑫煤业有限公司")
    page.get_by_text("调研", exact=True).click()
    page.get_by_text("帮扶解决问题", exact=True).click()
    page.get_by_role("button", name="提交到岗记录").click()
    expect(page.locator(".alert-success")).to_contain_text("等待联络员确认")
    visit = Visit.objects.get(organization=world.org_a)
    assert visit.latitude is not None and visit.needs_review is False
    assert visit.activities == ["research", "help"]

    contact = sign_in(desktop, "contact001")
    contact.goto(f"{live_server.url}{visit.get_absolute_url()}")
    contact.get_by_role("button", name="确认指导员当天到岗").click()
    expect(contact.locator(".alert-success")).to_contain_text("已确认")

    page.get_by_role("button", name="退出").click()
    page = sign_in(phone, "nonpublic")
    page.goto(f"{live_server.url}/fieldwork/compliance/")
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name="张建国"))
    expect(row.locator("td").nth(0)).to_have_text("1")
