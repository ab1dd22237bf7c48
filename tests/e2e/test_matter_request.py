"""An important-matter request on a 375-px phone: the instructor writes and submits it, the
committee replies on a desktop, and the instructor reads the reply back on the phone."""

import pytest
from playwright.sync_api import expect

from liangxin.duties.models import MatterRequest, RequestStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_request_from_a_phone_to_the_committees_reply_and_back(
    live_server, world, phone, desktop, sign_in
):
    page = sign_in(phone, "instructor01")
    page.goto(f"{live_server.url}/duties/requests/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("两新组织").select_option(label="保德县华鑫煤业有限公司")
    page.get_by_label("请示事项").fill("拟调整党支部书记")
    page.get_by_label("请示内容").fill("原书记调离，拟由副书记接任，特此请示。")
    page.get_by_label("紧急程度").select_option(label="紧急")
    page.get_by_label("事项拟实施日期").fill("2099-01-01")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    page.get_by_role("button", name="提交请示").click()
    expect(page.locator(".alert-success")).to_contain_text("等待行业党委批复")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    request = MatterRequest.objects.get()
    assert request.status == RequestStatus.SUBMITTED

    committee = sign_in(desktop, "nonpublic")
    committee.goto(f"{live_server.url}/duties/requests/")
    committee.get_by_role("link", name="拟调整党支部书记").click()
    committee.get_by_label("同意", exact=True).check()
    committee.get_by_label("批复内容").fill("同意，请按程序召开党员大会选举。")
    committee.get_by_role("button", name="提交批复").click()
    expect(committee.locator(".alert-success")).to_contain_text("已批复")

    page.goto(f"{live_server.url}/system/inbox/")
    notice = page.locator(".list-group-item").filter(has_text="请示已批复（同意）")
    notice.get_by_role("button", name="查看").click()
    page.wait_for_url(f"{live_server.url}{request.get_absolute_url()}")
    expect(page.locator("#decision")).to_have_text("同意")
    expect(page.get_by_text("同意，请按程序召开党员大会选举。")).to_be_visible()
    expect(page.get_by_role("button", name="撤回请示")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
