"""List pages (issue 13, tables and forms): any field-backed column sorts, 20/50/100 rows a
page, an htmx request from the filter form gets the results only, one empty choice text."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(world):
    for name, employees in (("甲", 120), ("乙", 7), ("丙", 480)):
        f.OrganizationFactory(
            committee=world.nonpublic,
            name=f"保德县排序{name}有限公司",
            employees=employees,
        )


def names(response):
    return [obj.name for obj in response.context["object_list"]]


def reading_order(values, reverse=False):
    """Pinyin order on PostgreSQL (core.ordering), code-point order on SQLite."""
    from django.db import connection
    from pypinyin import lazy_pinyin

    pinyin = connection.vendor == "postgresql"
    return sorted(values, key=lazy_pinyin if pinyin else None, reverse=reverse)


def test_a_column_sorts_both_ways_by_its_path(world, login, orgs):
    client = login(world.users.nonpublic)
    up = client.get("/orgs/?q=排序&o=employees")
    assert names(up) == [
        "保德县排序乙有限公司",
        "保德县排序甲有限公司",
        "保德县排序丙有限公司",
    ]
    down = client.get("/orgs/?q=排序&o=-employees")
    assert names(down) == list(reversed(names(up)))
    html = down.content.decode()
    assert 'aria-sort="descending"' in html and "bi-sort-down" in html


def test_a_column_through_a_foreign_key_sorts_too(world, login):
    client = login(world.users.county)
    page = client.get("/orgs/?o=-committee.name")
    committees = [obj.committee.name for obj in page.context["object_list"]]
    assert committees == reading_order(committees, reverse=True)
    assert len(set(committees)) == 2
    # the header links to it; a method or computed column does not sort
    sortable = page.context["sortable"]
    assert sortable["committee.name"] == "committee__name"
    assert "categories" not in sortable


def test_a_stale_sort_key_leaves_the_list_unsorted_not_empty(world, login, orgs):
    client = login(world.users.nonpublic)
    page = client.get("/orgs/?q=排序&o=no_such_field")
    assert len(page.context["object_list"]) == 3


@pytest.mark.parametrize(
    ("per", "rows"), [("", 20), ("50", 50), ("100", 100), ("7", 20)]
)
def test_page_size_is_20_50_or_100(world, login, per, rows):
    for i in range(120):
        f.OrganizationFactory(
            committee=world.nonpublic, name=f"保德县分页{i:03d}有限公司"
        )
    page = login(world.users.nonpublic).get(f"/orgs/?q=分页&per={per}")
    assert len(page.context["object_list"]) == rows


def test_the_filter_form_gets_the_results_only(world, login, orgs):
    client = login(world.users.nonpublic)
    response = client.get(
        "/orgs/?q=乙", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="list-results"' in html and "保德县排序乙有限公司" in html
    # the count and the export link are updated out of band
    assert 'id="list-count" hx-swap-oob="true">共 1 条' in html
    assert 'id="list-export" hx-swap-oob="true"' in html and "q=%E4%B9%99" in html
    full = client.get("/orgs/?q=乙").content.decode()
    assert "<html" in full and "hx-swap-oob" not in full
    assert 'hx-get="/orgs/"' in full and 'hx-target="#list-results"' in full


def test_rows_carry_their_labels_for_the_phone_cards(world, login, orgs):
    html = login(world.users.nonpublic).get("/orgs/?q=排序").content.decode()
    assert (
        'class="table table-hover table-sm align-middle table-list table-cards"' in html
    )
    assert '<td data-label="从业人员数">480</td>' in html


def test_selects_offer_one_empty_choice_text(world, login):
    html = login(world.users.county).get("/roster/assignments/new/").content.decode()
    assert "---------" not in html
    assert '<option value="" selected>请选择</option>' in html


def test_a_multiple_choice_has_no_empty_choice(world, login):
    # choosing several instructors: "请选择" is no instructor to pick
    html = login(world.users.county).get("/duties/notices/new/").content.decode()
    start = html.index('name="instructors"')
    options = html[start : html.index("</select>", start)]
    assert 'value=""' not in options and "张建国" in options


def test_a_computed_column_has_no_sort_link(world, login):
    html = login(world.users.nonpublic).get("/fieldwork/visits/").content.decode()
    assert "日期类型" in html and "按日期类型排序" not in html
    assert "按到岗日期排序" in html


def test_people_and_organizations_are_found_by_pinyin_too(world, login):
    response = login(world.users.county).get("/roster/assignments/new/")
    html = response.content.decode()
    assert (
        f'<option value="{world.ins_a.pk}" data-keys="张建国 zhangjianguo zjg">' in html
    )
    assert 'data-keys="保德县华鑫煤业有限公司 baodexianhuaxinmeiyeyouxiangongsi' in html


def test_every_rating_starts_at_unrated(world, login):
    html = login(world.users.nonpublic).get("/inspections/new/").content.decode()
    for name in ("on_duty", "contact_masses", "problem_solving", "handbook_records"):
        start = html.index(f'name="{name}"')
        first = html[start : html.index("</option>", start)]
        assert first.endswith('<option value="" selected>未评'), name


def test_a_short_date_names_its_year_unless_it_is_this_year():
    import datetime

    from django.utils import timezone

    from liangxin.core.templatetags.liangxin import day

    today = timezone.localdate()
    assert day(today.replace(month=1, day=5)) == "1月5日"
    last = datetime.date(today.year - 1, 12, 25)
    assert day(last) == f"{today.year - 1}年12月25日"
    assert day(None) == ""


def test_cells_and_filters_are_escaped_when_built_in_python(world, login):
    """Table rows and filter selects are built in Python (no template per cell): text from
    the database is still escaped, links still lead to the record."""
    org = f.OrganizationFactory(
        committee=world.nonpublic, name="保德县<script>alert(1)</script>有限公司"
    )
    html = login(world.users.county).get("/orgs/?q=保德县<script>").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "保德县&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in html
    assert f'href="{org.get_absolute_url()}"' in html
    assert 'data-label="名称"' in html


def test_a_yes_no_filter_offers_yes_and_no(world, login):
    """A boolean filter (the themes' 启用) lists 全部 / 是 / 否, the chosen one selected
    (it used to render as an empty select)."""
    client = login(world.users.county)
    html = client.get("/partylife/themes/").content.decode()
    select = html[html.index('<select name="active"') :]
    select = select[: select.index("</select>")]
    assert "：全部</option>" in select and "：是</option>" in select
    assert "：否</option>" in select
    chosen = client.get("/partylife/themes/?active=false").content.decode()
    assert 'value="false" selected>' in chosen


@pytest.mark.parametrize(("page", "number"), [("999", 2), ("abc", 1), ("-1", 2)])
def test_a_page_number_out_of_range_shows_a_page_not_a_404(world, login, page, number):
    for _ in range(25):
        f.OrganizationFactory(committee=world.nonpublic)
    response = login(world.users.county).get(f"/orgs/?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.num_pages == 2
    assert response.context["page_obj"].number == number


def test_the_folded_filters_open_when_one_is_in_use_even_set_to_no(world, login):
    """On a phone the filters other than search fold away, and open when one is in use: a
    yes/no filter set to 否 is in use (its value is False), an untouched one is not."""
    client = login(world.users.county)

    def folded(url):
        html = client.get(url).content.decode()
        tag = html[: html.index('id="more-filters"')]
        return " show" not in tag[tag.rindex("<div") :]

    assert folded("/partylife/themes/")
    assert folded("/partylife/themes/?q=党课")  # the search box stays outside the fold
    assert not folded("/partylife/themes/?active=false")
    assert not folded("/partylife/themes/?active=true")


def test_the_filter_form_built_in_python_keeps_every_kind_of_filter(world, login):
    """The search box with its hint, a hidden filter set by a link (an organization's visits)
    kept as a hidden input, the selects, and the ordering with the chosen one selected."""
    client = login(world.users.county)
    url = f"/fieldwork/visits/?organization={world.org_a.pk}&o=-date&q=张"
    html = client.get(url).content.decode()
    assert 'placeholder="指导员或组织"' in html and 'name="q" value="张"' in html
    assert (
        f'<input type="hidden" name="organization" value="{world.org_a.pk}" '
        'id="id_organization">' in html
    )
    assert '<input type="hidden" name="instructor" id="id_instructor">' in html
    assert 'id="filter-status"' in html and 'id="filter-month"' in html
    assert '<option value="-date" selected>排序：到岗日期（倒序）</option>' in html
    # the hidden filter is in use: the folded filters open on a phone
    tag = html[: html.index('id="more-filters"')]
    assert " show" in tag[tag.rindex("<div") :]


def test_names_sort_in_pinyin_order_on_postgresql(world, login):
    """德 (de) before 东 (dong) before 华 (hua): the order of a paper roster. By code point
    东 U+4E1C comes first; PostgreSQL's ICU collation gives pinyin, SQLite keeps code point."""
    from django.db import connection

    for word in ("东关", "德馨", "华鑫"):
        f.OrganizationFactory(
            committee=world.nonpublic, name=f"保德县拼音{word}有限公司"
        )
    client = login(world.users.county)
    ours = [n for n in names(client.get("/orgs/?q=拼音&o=name")) if "拼音" in n]
    default = [n for n in names(client.get("/orgs/?q=拼音")) if "拼音" in n]
    pinyin = [
        "保德县拼音德馨有限公司",
        "保德县拼音东关有限公司",
        "保德县拼音华鑫有限公司",
    ]
    expected = pinyin if connection.vendor == "postgresql" else sorted(pinyin)
    assert ours == expected and default == expected
    descending = names(client.get("/orgs/?q=拼音&o=-name"))
    assert [n for n in descending if "拼音" in n] == expected[::-1]


def test_empty_values_sort_last_both_ways(world, login):
    """A column with blanks (an organization without a party organization of its own) lists
    the rows that have a value first, ascending and descending alike."""
    for name, po in (("空", None), ("甲", "A党支部"), ("乙", "B党支部")):
        f.OrganizationFactory(
            committee=world.nonpublic,
            name=f"保德县空值{name}公司",
            party_organization=po
            and f.PartyOrganizationFactory(committee=world.nonpublic, name=po),
        )
    client = login(world.users.county)

    def listed(order):
        response = client.get(f"/orgs/?q=空值&o={order}")
        return [n for n in names(response) if "空值" in n]

    assert listed("party_organization.name") == [
        "保德县空值甲公司",
        "保德县空值乙公司",
        "保德县空值空公司",
    ]
    assert listed("-party_organization.name") == [
        "保德县空值乙公司",
        "保德县空值甲公司",
        "保德县空值空公司",
    ]


def test_detail_columns_hide_on_medium_screens_but_stay_in_the_export(world, login):
    """/orgs/ fits a 1440 px screen: the credit code and committee columns carry col-wide
    (shown from 1600 px and on phone cards), long names col-wrap; the export keeps them."""
    import re
    from io import BytesIO

    from openpyxl import load_workbook

    f.OrganizationFactory(committee=world.nonpublic, credit_code="91140931MA0TEST01X")
    client = login(world.users.county)
    body = client.get("/orgs/").content.decode()
    assert re.search(
        r'<th scope="col" class="col-wide">\s*<a [^>]*>统一社会信用代码', body
    )
    assert (
        '<td data-label="统一社会信用代码" class="col-wide">91140931MA0TEST01X' in body
    )
    assert '<td data-label="管理党委" class="col-wide">' in body
    assert '<td data-label="所属党组织" class="col-wrap">' in body
    assert '<td data-label="名称"><a href=' in body  # no class where none is set
    sheet = load_workbook(
        BytesIO(b"".join(client.get("/orgs/?export=xlsx").streaming_content)),
        read_only=True,
    ).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "统一社会信用代码" in header and "管理党委" in header
