"""An instructor's page shows managers the phone masked; a tap on 显示完整号码 swaps in the
full number (htmx), as a link that calls it, and only then writes the audit entry."""

import pytest
from playwright.sync_api import expect

from liangxin.core.models import AuditAction, AuditLog

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_reveals_the_phone_with_a_tap(live_server, world, phone, sign_in):
    page = sign_in(phone, "nonpublic")
    page.goto(f"{live_server.url}/roster/instructors/{world.ins_a.pk}/")
    number = page.locator("dt:has-text('手机号') + dd")
    expect(number).to_contain_text("139****5678")
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()
    number.get_by_role("button", name="显示完整号码").click()
    call = number.get_by_role("link", name="13912345678")
    expect(call).to_have_attribute("href", "tel:13912345678")
    assert page.url.endswith(f"/roster/instructors/{world.ins_a.pk}/")  # no page load
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 1
