"""Lists (issue 13, tables and forms): a header click sorts, filters apply as they change
without a page load, rows are label: value cards on a 375-px phone, and a long select is
searched by typing (tom-select)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liangxin.fieldwork.filters import month_choices
from liangxin.fieldwork.models import Visit, VisitStatus
from tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_orgs(world):
    for name, employees in (("甲", 120), ("乙", 7), ("丙", 480)):
        f.OrganizationFactory(
            committee=world.nonpublic,
            name=f"保德县排序{name}有限公司",
            employees=employees,
        )


def first_cells(page, column: int) -> list[str]:
    return page.locator(
        f"#list-results tbody tr td:nth-child({column})"
    ).all_inner_texts()


def test_a_header_click_sorts_and_filters_apply_as_they_change(
    live_server, world, three_orgs, desktop, sign_in
):
    page = sign_in(desktop, "nonpublic")
    page.goto(f"{live_server.url}/orgs/?q=排序")
    employees = 7  # the 从业人员数 column
    header = page.get_by_role("link", name=re.compile("^从业人员数"))
    header.click()
    page.wait_for_url(re.compile(r"o=employees"))
    assert first_cells(page, employees) == ["7", "120", "480"]
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("从业人员数")
    page.get_by_role("link", name=re.compile("^从业人员数")).click()
    page.wait_for_url(re.compile(r"o=-employees"))
    assert first_cells(page, employees) == ["480", "120", "7"]
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("从业人员数")

    # typing in the search box filters without a click on 查询 and without a page load
    page.evaluate("window.__samePage = true")
    page.locator("#filter-q").fill("乙")
    expect(page.locator("#list-results tbody tr")).to_have_count(1)
    expect(page.locator("#list-results")).to_contain_text("保德县排序乙有限公司")
    expect(page.locator("#list-count")).to_have_text("共 1 条")
    assert page.evaluate("window.__samePage") is True
    assert "q=%E4%B9%99" in page.url or "q=乙" in page.url  # the address follows
    assert "o=-employees" in page.url  # and keeps the sorting
    export = page.locator("#list-export").get_attribute("href")
    assert "export=xlsx" in export and "%E4%B9%99" in export

    # a select applies as soon as it changes
    page.locator("#filter-q").fill("排序")
    expect(page.locator("#list-results tbody tr")).to_have_count(3)
    page.locator("#filter-o").select_option(label="排序：名称")
    page.wait_for_url(re.compile(r"o=name"))
    expect(page.locator("#list-results tbody tr")).to_have_count(3)
    assert page.evaluate("window.__samePage") is True

    # 20 / 50 / 100 rows a page
    page.get_by_role("link", name="50", exact=True).click()
    page.wait_for_url(re.compile(r"per=50"))
    expect(page.get_by_label("每页条数")).to_contain_text("50")


def test_rows_are_cards_on_a_phone(live_server, world, three_orgs, phone, sign_in):
    page = sign_in(phone, "nonpublic")
    page.goto(f"{live_server.url}/orgs/?q=排序&o=-employees")
    rows = page.locator("#list-results tbody tr")
    expect(rows).to_have_count(3)
    assert page.locator("#list-results thead").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # every value is on screen with its label, none behind a sideways scroll
    card = rows.first
    assert card.evaluate("tr => getComputedStyle(tr).display") == "block"
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    cell = card.locator("td[data-label='从业人员数']")
    expect(cell).to_have_text("480")
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"从业人员数"'
    assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= 375
    # on a phone the sorting is a select
    page.get_by_role("button", name="筛选").click()
    page.locator("#filter-o").select_option(label="排序：从业人员数")
    page.wait_for_url(re.compile(r"o=employees"))
    expect(rows.first.locator("td[data-label='从业人员数']")).to_have_text("7")


def test_a_long_select_is_searched_by_typing(live_server, world, desktop, sign_in):
    value, label = month_choices()[14]  # 36 months: a long list
    year, month = (int(part) for part in value.split("-"))
    Visit.objects.create(
        region_id=world.org_a.region_id,
        instructor=world.ins_a,
        organization=world.org_a,
        assignment=world.asg_a,
        date=datetime.date(year, month, 10),
        activities=["research"],
        recorded_at=timezone.now(),
        status=VisitStatus.CONFIRMED,
    )
    page = sign_in(desktop, "nonpublic")
    page.goto(f"{live_server.url}/fieldwork/visits/")
    wrapper = page.locator(
        ".ts-wrapper:has(+ #filter-month), #filter-month + .ts-wrapper"
    )
    expect(wrapper).to_have_count(1)
    assert page.locator("#filter-month").evaluate("s => !!s.tomselect")
    short = page.locator("#filter-status")  # 3 choices: stays a native select
    assert short.evaluate("s => !s.tomselect")

    wrapper.click()
    expect(wrapper.locator(".ts-dropdown")).to_be_visible()
    # typed into tom-select's own search box (focused first), key by key as a person would;
    # typing at the page once lost a keystroke's target on a loaded CI machine
    wrapper.locator(".ts-control input").press_sequentially(label, delay=30)
    options = wrapper.locator(".ts-dropdown .option:visible")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(label)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"month={value}"))
    expect(page.locator("#list-results tbody tr")).to_have_count(1)
    expect(page.locator("#list-results")).to_contain_text(f"{year}-{month:02d}-10")

    # Back returns to the whole list with working widgets (a reload, no stale snapshot)
    page.go_back()
    page.wait_for_url(re.compile(r"/fieldwork/visits/$"))
    expect(page.locator("#filter-month + .ts-wrapper")).to_have_count(1)
    assert page.locator("#filter-month").evaluate(
        "s => !!s.tomselect && s.value === ''"
    )
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") in (None, "[]")

    # nothing matches: said in Chinese
    wrapper.click()
    page.keyboard.type("不存在的月份")
    expect(wrapper.locator(".ts-dropdown")).to_contain_text("没有匹配的选项")


def test_instructors_are_chosen_by_name_pinyin_or_initials(
    live_server, world, phone, sign_in
):
    page = sign_in(phone, "county")
    page.goto(f"{live_server.url}/duties/notices/new/")
    select = page.locator("select[name=instructors]")
    wrapper = page.locator("select[name=instructors] + .ts-wrapper")
    expect(wrapper).to_have_count(1)  # two instructors, still a searchable select
    wrapper.click()
    page.keyboard.type("zjg")  # 张建国's initials
    options = wrapper.locator(".ts-dropdown .option:visible")
    expect(options).to_have_count(1)
    expect(options.first).to_have_text("张建国")
    page.keyboard.press("Enter")
    page.keyboard.type("wangzhi")  # 王志强 in pinyin
    expect(options).to_have_count(1)
    page.keyboard.press("Enter")
    chosen = select.evaluate("s => [...s.selectedOptions].map(o => o.text)")
    assert chosen == ["张建国", "王志强"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
