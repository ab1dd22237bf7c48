"""`?export=xlsx` on a list page: exactly the filtered rows on screen, real dates, audited."""

import datetime
import io

from openpyxl import load_workbook

from liangxin.core.models import AuditAction, AuditLog
from liangxin.orgs.views import ORGANIZATION_COLUMNS
from tests import factories as f

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)], ws


def screen_rows(response, columns):
    assert response.status_code == 200
    return [[c.cell(obj) for c in columns] for obj in response.context["object_list"]]


def normalize(rows):
    """openpyxl gives None for an empty cell; the page shows an empty string."""
    return [["" if v is None else v for v in row] for row in rows]


def test_export_equals_filtered_screen_rows(world, login):
    for i in range(3):
        f.OrganizationFactory(
            committee=world.nonpublic, name=f"保德县华鑫第{i}分公司", employees=i
        )
    f.OrganizationFactory(
        committee=world.social, name="保德县华鑫协会"
    )  # other committee
    f.OrganizationFactory(
        committee=world.nonpublic, name="保德县宏达有限公司"
    )  # no match
    client = login(world.users.county)
    query = f"committee={world.nonpublic.pk}&q=华鑫"
    page = client.get(f"/orgs/?{query}")
    on_screen = screen_rows(page, ORGANIZATION_COLUMNS)
    assert len(on_screen) == 4  # 华鑫煤业 + three branches
    before = AuditLog.objects.count()

    rows, ws = sheet_rows(client.get(f"/orgs/?{query}&export=xlsx"))
    assert rows[0] == [c.label for c in ORGANIZATION_COLUMNS]
    assert rows[0][:2] == ["名称", "统一社会信用代码"]
    assert ws.freeze_panes == "A2"
    assert normalize(rows[1:]) == on_screen
    names = [r[0] for r in rows[1:]]
    assert "保德县华鑫协会" not in names and "保德县宏达有限公司" not in names
    assert isinstance(
        rows[1][
            ORGANIZATION_COLUMNS.index(
                next(c for c in ORGANIZATION_COLUMNS if c.path == "employees")
            )
        ],
        int,
    )

    assert AuditLog.objects.count() == before + 1
    entry = AuditLog.objects.latest("pk")
    assert entry.action == AuditAction.EXPORT
    assert entry.user == world.users.county
    assert "4条" in entry.note and "两新组织" in entry.note


def test_export_is_not_limited_to_the_current_page(world, login):
    for i in range(30):
        f.OrganizationFactory(
            committee=world.nonpublic, name=f"保德县批量{i:02d}有限公司"
        )
    client = login(world.users.county)
    page = client.get("/orgs/?q=批量")
    assert len(page.context["object_list"]) == 20
    rows, _ = sheet_rows(client.get("/orgs/?q=批量&export=xlsx"))
    assert len(rows) - 1 == 30


def test_committee_staff_export_contains_only_own_committee(world, login):
    client = login(world.users.nonpublic)
    rows, _ = sheet_rows(client.get("/orgs/?export=xlsx"))
    names = {r[0] for r in rows[1:]}
    assert names == {world.org_a.name, world.org_a2.name}
    committees = {r[3] for r in rows[1:]}
    assert committees == {world.nonpublic.name}
    # Asking for the other committee explicitly does not leak it either.
    rows, _ = sheet_rows(client.get(f"/orgs/?committee={world.social.pk}&export=xlsx"))
    assert world.org_b.name not in {r[0] for r in rows[1:]}
    assert (
        AuditLog.objects.filter(
            action=AuditAction.EXPORT, user=world.users.nonpublic
        ).count()
        == 2
    )


def test_county_export_excludes_other_county(world, login):
    rows, _ = sheet_rows(login(world.users.county).get("/orgs/?export=xlsx"))
    names = {r[0] for r in rows[1:]}
    assert world.org_far.name not in names
    assert {world.org_a.name, world.org_a2.name, world.org_b.name} <= names


def test_dates_are_real_dates(world, login):
    client = login(world.users.county)
    world.asg_a.ended_on = datetime.date(2025, 2, 28)
    world.asg_a.end_reason = "到期"
    world.asg_a.save()
    rows, ws = sheet_rows(client.get("/roster/assignments/?export=xlsx"))
    header = rows[0]
    assert header == [
        "指导员",
        "两新组织",
        "派驻党委",
        "开始日期",
        "结束日期",
        "结束原因",
    ]
    start, end = header.index("开始日期"), header.index("结束日期")
    by_org = {r[1]: r for r in rows[1:]}
    a = by_org[world.org_a.name]
    assert isinstance(a[start], datetime.datetime) and a[start].date() == datetime.date(
        2024, 3, 1
    )
    assert a[end].date() == datetime.date(2025, 2, 28)
    assert by_org[world.org_b.name][end] is None
    cell = ws.cell(row=2, column=start + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


def test_booleans_and_choices_are_chinese(world, login):
    world.org_a.is_key = True
    world.org_a.save()
    rows, _ = sheet_rows(
        login(world.users.county).get(f"/orgs/?q={world.org_a.credit_code}&export=xlsx")
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["类型"] == "非公有制企业"
    assert row["经营状态"] == "正常经营"
    assert row["类别"] == "重点企业"
    assert row["所属党组织"] == world.po_a.name


def test_invalid_filter_exports_nothing_but_a_header(world, login):
    client = login(world.users.nonpublic)
    rows, _ = sheet_rows(client.get("/orgs/?committee=999999&export=xlsx"))
    assert rows == [[c.label for c in ORGANIZATION_COLUMNS]]


def test_export_requires_login(world, client):
    response = client.get("/orgs/?export=xlsx")
    assert response.status_code == 302
    assert not AuditLog.objects.filter(action=AuditAction.EXPORT).exists()
