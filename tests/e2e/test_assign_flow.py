"""The committee clerk's main job on a phone: find an uncovered organization, assign an instructor.

Runs a real chromium (375x812, touch) against the live server. See conftest.py for the browser.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNCOVERED = "保德县兴隆商贸有限公司"


def uncovered_figure(page) -> int:
    return int(page.locator('[data-figure="without_instructor"]').inner_text().strip())


def coverage_row(page, name):
    return page.locator("table#coverage-list tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def test_static_files_are_served(live_server, phone):
    response = phone.request.get(
        f"{live_server.url}/static/vendor/bootstrap/css/bootstrap.min.css"
    )
    assert response.ok, response.status
    assert "bootstrap" in response.text()[:500].lower()


def test_assign_instructor_to_uncovered_org_on_phone(
    live_server, phone, world, sign_in
):
    page = sign_in(phone, "nonpublic")
    assert page.viewport_size == {"width": 375, "height": 812}
    # The layout really is styled (Bootstrap loaded), not a bare HTML page.
    expect(page.locator("nav.navbar")).to_have_css("position", "sticky")

    # Coverage: 兴隆商贸 has no instructor, is flagged, and listed before the covered one.
    page.goto(f"{live_server.url}/orgs/coverage/")
    before = uncovered_figure(page)
    assert before >= 1
    row = coverage_row(page, UNCOVERED)
    expect(row).to_have_class(re.compile(r"\btable-danger\b"))
    expect(row.get_by_role("link", name=re.compile("去派驻"))).to_be_visible()
    names = page.locator(
        "table#coverage-list tbody tr td:first-child a"
    ).all_inner_texts()
    assert names.index(UNCOVERED) < names.index("保德县华鑫煤业有限公司")

    # Search by full pinyin, then by initials (保德县兴隆 -> b d x x l).
    page.goto(f"{live_server.url}/orgs/")
    search = page.get_by_role("searchbox")
    search.fill("xinglong")
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(re.compile(r"[?&]q=xinglong"))
    results = page.locator("table tbody")
    expect(results.get_by_role("link", name=UNCOVERED)).to_be_visible()
    expect(results.get_by_role("link", name="保德县华鑫煤业有限公司")).to_have_count(0)

    search = page.get_by_role("searchbox")
    search.fill("bdxxl")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=bdxxl"))
    expect(results.get_by_role("link", name=UNCOVERED)).to_be_visible()
    expect(results.get_by_role("link", name="保德县华鑫煤业有限公司")).to_have_count(0)

    # Detail page -> 派驻指导员.
    results.get_by_role("link", name=UNCOVERED).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(UNCOVERED)
    expect(page.get_by_text("尚未派驻指导员")).to_be_visible()
    page.get_by_role("link", name="派驻指导员").tap()
    expect(page).to_have_url(re.compile(r"/roster/assignments/new/\?organization=\d+$"))

    # The organization is preselected; choose 王志强 and submit.
    organization = page.get_by_label("两新组织")
    expect(organization.locator("option:checked")).to_have_text(UNCOVERED)
    page.get_by_label("指导员").select_option(label="王志强")
    page.get_by_role("button", name="派驻", exact=True).tap()

    # Back on the organization page with a success message, and the instructor listed.
    expect(page.get_by_role("alert")).to_contain_text("已派驻")
    expect(page.get_by_role("alert")).to_contain_text("王志强")
    expect(page.get_by_role("heading", level=1)).to_have_text(UNCOVERED)
    expect(page.get_by_role("link", name="王志强")).to_be_visible()

    # Coverage again: one fewer uncovered, and the row is no longer flagged.
    page.goto(f"{live_server.url}/orgs/coverage/")
    assert uncovered_figure(page) == before - 1
    row = coverage_row(page, UNCOVERED)
    expect(row).not_to_have_class(re.compile(r"\btable-danger\b"))
    expect(row).to_contain_text("已派驻")
    expect(row.get_by_role("link", name=re.compile("去派驻"))).to_have_count(0)


def test_wrong_password_shows_chinese_error(live_server, phone, world):
    page = phone
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("nonpublic")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").tap()
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码错误")
    expect(page).to_have_url(re.compile(r"/login/"))
    # Still on the form, username kept, password cleared.
    expect(page.get_by_label("用户名")).to_have_value("nonpublic")
    expect(page.get_by_label("密码")).to_have_value("")
