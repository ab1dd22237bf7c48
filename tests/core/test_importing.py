"""Import through the pages: template, preview (nothing stored), confirm (all or nothing)."""

import base64
import csv
import io
import os
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from liangxin.core.models import AuditAction, AuditLog
from liangxin.core.validators import make_credit_code
from liangxin.orgs.imports import OrganizationImport
from liangxin.orgs.models import Organization
from liangxin.roster.imports import AssignmentImport, InstructorImport
from liangxin.roster.models import Assignment, Instructor

ORG_URL = "/orgs/import/"
INSTRUCTOR_URL = "/roster/instructors/import/"
ASSIGNMENT_URL = "/roster/assignments/import/"

ORG_HEADERS = [
    "名称",
    "统一社会信用代码",
    "组织类型",
    "管理党委",
    "行业",
    "从业人员数",
    "登记日期",
]
NONPUBLIC = "中共保德县非公有制经济组织委员会"
SOCIAL = "中共保德县社会组织委员会"


def code(n: int) -> str:
    return make_credit_code("91", "140931", f"IM{n:06d}".replace("I", "K"))


def org_row(n: int, *, committee=NONPUBLIC, credit_code=None, name=None):
    return [
        f"保德县导入测试{n}号有限公司" if name is None else name,
        credit_code or code(n),
        "非公有制企业",
        committee,
        "煤炭开采",
        "120",
        "2021-05-01",
    ]


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def upload(client, url, content: bytes, name: str):
    f = io.BytesIO(content)
    f.name = name
    return client.post(url, {"file": f})


def confirm(client, url, response):
    """Press the confirm button of a preview page (the page carries the file base64-encoded)."""
    html = response.content.decode()
    assert 'name="confirm"' in html
    return client.post(
        url,
        {
            "confirm": "1",
            "content": response.context["content"],
            "filename": response.context["filename"],
        },
    )


def counts():
    return (
        Organization.objects.count(),
        Instructor.objects.count(),
        Assignment.objects.count(),
        AuditLog.objects.count(),
    )


def assert_row_error(response, row: int, column: str, reason: str):
    html = response.content.decode()
    assert "文件未导入" in html
    errors = [
        (r.number, c, m) for r in response.context["result"].rows for c, m in r.errors
    ]
    assert any(n == row and c == column and reason in m for n, c, m in errors), errors
    assert f"第 {row} 行" in html
    assert reason in html


# --- template -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, spec",
    [
        (ORG_URL, OrganizationImport),
        (INSTRUCTOR_URL, InstructorImport),
        (ASSIGNMENT_URL, AssignmentImport),
    ],
)
def test_template_is_a_valid_xlsx_with_the_headers(world, login, url, spec):
    response = login(world.users.county).get(url + "?template=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers == [c.header for c in spec.columns]
    assert wb.worksheets[1].title == "填写说明"


def test_template_round_trip_fills_and_imports(world, login):
    """A user downloads the template, adds rows under the header and uploads it back."""
    client = login(world.users.county)
    wb = load_workbook(io.BytesIO(client.get(ORG_URL + "?template=1").content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    values = {
        "名称": "保德县模板回填有限公司",
        "统一社会信用代码": code(900),
        "组织类型": "非公有制企业",
        "管理党委": NONPUBLIC,
        "规模以上工业企业": "是",
    }
    ws.append([values.get(h, "") for h in headers])
    buf = io.BytesIO()
    wb.save(buf)
    preview = upload(client, ORG_URL, buf.getvalue(), "模板.xlsx")
    assert preview.context["result"].ok, preview.context["result"].rows[0].errors
    confirm(client, ORG_URL, preview)
    org = Organization.objects.get(credit_code=code(900))
    assert org.is_above_scale and org.committee == world.nonpublic


# --- happy paths ----------------------------------------------------------------------------


def test_xlsx_preview_stores_nothing_and_confirm_stores_all(world, login):
    client = login(world.users.county)
    content = xlsx([ORG_HEADERS, org_row(1), org_row(2), org_row(3, committee=SOCIAL)])
    before = counts()
    preview = upload(client, ORG_URL, content, "组织.xlsx")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "校验通过：共 3 行，没有错误" in html
    assert counts() == before  # not a row, not an audit entry

    done = confirm(client, ORG_URL, preview)
    assert done.status_code == 302 and done["Location"] == "/orgs/"
    assert Organization.objects.count() == before[0] + 3
    org = Organization.objects.get(credit_code=code(1))
    assert org.name == "保德县导入测试1号有限公司"
    assert org.committee == world.nonpublic and org.region_id == "140931"
    assert org.employees == 120 and org.registered_on.isoformat() == "2021-05-01"
    assert Organization.objects.get(credit_code=code(3)).committee == world.social
    # one create entry per row, plus one import entry for the file
    assert (
        AuditLog.objects.filter(
            action=AuditAction.CREATE,
            object_id__in=[
                str(o.pk)
                for o in Organization.objects.filter(
                    credit_code__in=[code(1), code(2), code(3)]
                )
            ],
        ).count()
        == 3
    )
    entry = AuditLog.objects.get(action=AuditAction.IMPORT)
    assert "3条" in entry.note and entry.user == world.users.county
    follow = client.get("/orgs/")
    assert "导入成功，共 3 条。" in follow.content.decode()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(world, login, encoding):
    client = login(world.users.county)
    content = csv_text([ORG_HEADERS, org_row(11), org_row(12)]).encode(encoding)
    if encoding == "utf-8-sig":
        assert content.startswith(b"\xef\xbb\xbf")
    preview = upload(client, ORG_URL, content, "组织.csv")
    assert preview.context["result"].ok, [
        r.errors for r in preview.context["result"].rows
    ]
    assert not Organization.objects.filter(credit_code=code(11)).exists()
    confirm(client, ORG_URL, preview)
    org = Organization.objects.get(credit_code=code(11))
    assert org.name == "保德县导入测试11号有限公司"  # Chinese decoded correctly
    assert org.committee == world.nonpublic
    assert Organization.objects.filter(credit_code=code(12)).exists()


def test_committee_staff_imports_into_own_committee(world, login):
    client = login(world.users.nonpublic)
    preview = upload(client, ORG_URL, xlsx([ORG_HEADERS, org_row(21)]), "a.xlsx")
    assert preview.context["result"].ok
    confirm(client, ORG_URL, preview)
    assert Organization.objects.get(credit_code=code(21)).committee == world.nonpublic


def test_instructor_import(world, login):
    client = login(world.users.county)
    headers = [
        "姓名",
        "性别",
        "手机号",
        "来源",
        "派出单位",
        "管理党委",
        "专职",
        "选派日期",
    ]
    rows = [
        headers,
        [
            "赵文明",
            "男",
            "13812345678",
            "退出领导岗位干部",
            "县发展和改革局",
            NONPUBLIC,
            "是",
            "2025-01-01",
        ],
        ["孙丽华", "女", "", "专职招聘人员", "县民政局", SOCIAL, "否", ""],
    ]
    before = Instructor.objects.count()
    preview = upload(client, INSTRUCTOR_URL, xlsx(rows), "指导员.xlsx")
    assert preview.context["result"].ok, [
        r.errors for r in preview.context["result"].rows
    ]
    assert Instructor.objects.count() == before
    confirm(client, INSTRUCTOR_URL, preview)
    assert Instructor.objects.count() == before + 2
    zhao = Instructor.objects.get(name="赵文明")
    assert (
        zhao.is_full_time
        and zhao.unit == world.unit_a
        and zhao.committee == world.nonpublic
    )


def test_assignment_import(world, login):
    client = login(world.users.county)
    rows = [
        ["组织统一社会信用代码", "指导员姓名", "派驻开始日期", "说明"],
        [world.org_a2.credit_code, "王志强", "2025-03-01", "新派"],
    ]
    preview = upload(client, ASSIGNMENT_URL, xlsx(rows), "派驻.xlsx")
    assert preview.context["result"].ok, [
        r.errors for r in preview.context["result"].rows
    ]
    assert not Assignment.objects.filter(organization=world.org_a2).exists()
    confirm(client, ASSIGNMENT_URL, preview)
    asg = Assignment.objects.get(organization=world.org_a2)
    assert asg.instructor == world.ins_idle and asg.ended_on is None
    assert AuditLog.objects.filter(
        action=AuditAction.ASSIGN, object_id=str(asg.pk)
    ).exists()


# --- one bad row: everything refused ---------------------------------------------------------

BAD_CODE = code(31)[:17] + ("0" if code(31)[17] != "0" else "1")


@pytest.mark.parametrize(
    "user, rows, row, column, reason",
    [
        (
            "county",
            [org_row(31, credit_code=BAD_CODE)],
            3,
            "统一社会信用代码",
            "校验位（第18位）错误",
        ),
        (
            "county",
            [org_row(31, credit_code="91140931ABC")],
            3,
            "统一社会信用代码",
            "应为18位",
        ),
        (
            "county",
            [org_row(31, committee="中共保德县不存在的党委")],
            3,
            "管理党委",
            "找不到名为“中共保德县不存在的党委”的行业党委",
        ),
        (
            "nonpublic",
            [org_row(31, committee=SOCIAL)],
            3,
            "管理党委",
            "不在您的管辖范围内",
        ),
        (
            "county",
            [org_row(31), org_row(32, credit_code=code(31))],
            4,
            "统一社会信用代码",
            "该统一社会信用代码已登记",
        ),
        (
            "county",
            [org_row(31, credit_code="EXISTING")],
            3,
            "统一社会信用代码",
            "该统一社会信用代码已登记",
        ),
        ("county", [org_row(31, name="")], 3, "名称", "必填"),
        (
            "county",
            [[*org_row(31)[:2], "国有企业", *org_row(31)[3:]]],
            3,
            "组织类型",
            "应为以下之一",
        ),
    ],
    ids=[
        "bad-check",
        "bad-length",
        "unknown-committee",
        "other-committee",
        "dup-in-file",
        "dup-existing",
        "missing-name",
        "bad-kind",
    ],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_row_stores_nothing(world, login, user, rows, row, column, reason, fmt):
    client = login(getattr(world.users, user))
    rows = [
        [world.org_a.credit_code if v == "EXISTING" else v for v in r] for r in rows
    ]
    table = [ORG_HEADERS, org_row(40), *rows, org_row(41)]
    content = xlsx(table) if fmt == "xlsx" else csv_text(table).encode("gbk")
    before = counts()
    preview = upload(client, ORG_URL, content, f"组织.{fmt}")
    assert preview.status_code == 200
    assert_row_error(preview, row, column, reason)
    assert (
        "发现" in preview.content.decode()
        and 'name="confirm"' not in preview.content.decode()
    )
    assert counts() == before

    # A forged confirm of the same file is refused the same way: all or nothing.
    forged = client.post(
        ORG_URL,
        {
            "confirm": "1",
            "content": base64.b64encode(content).decode(),
            "filename": f"组织.{fmt}",
        },
    )
    assert forged.status_code == 200
    assert_row_error(forged, row, column, reason)
    assert counts() == before
    assert not Organization.objects.filter(
        credit_code__in=[code(40), code(41)]
    ).exists()


def test_every_error_is_reported_at_once(world, login):
    client = login(world.users.county)
    table = [
        ORG_HEADERS,
        org_row(51, credit_code=BAD_CODE),
        org_row(52),
        org_row(53, committee="无此党委"),
    ]
    preview = upload(client, ORG_URL, xlsx(table), "a.xlsx")
    result = preview.context["result"]
    assert [r.number for r in result.rows if r.errors] == [2, 4]
    assert result.error_count == 2


# --- malformed files ------------------------------------------------------------------------


def _broken_sheet_xlsx() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx([ORG_HEADERS, org_row(61)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in src.namelist():
            data = (
                b"<worksheet><sheetData><row><c"
                if name.endswith("sheet1.xml")
                else src.read(name)
            )
            zf.writestr(name, data)
    return out.getvalue()


def _garbage_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "garbage <<")
    return out.getvalue()


@pytest.mark.parametrize(
    "content, name, reason",
    [
        (os.urandom(3000), "组织.xlsx", "无法读取该 Excel 文件"),
        (_garbage_zip(), "组织.xlsx", "无法读取该 Excel 文件"),
        (_broken_sheet_xlsx(), "组织.xlsx", "无法读取该 Excel 文件"),
        (xlsx([ORG_HEADERS, org_row(62)])[:700], "组织.xlsx", "无法读取该 Excel 文件"),
        (xlsx([["姓名", "电话"], ["a", "b"]]), "组织.xlsx", "无法识别的列：姓名、电话"),
        (
            csv_text([["名称", "行业"], ["a", "b"]]).encode(),
            "组织.csv",
            "缺少必填列：统一社会信用代码、组织类型、管理党委",
        ),
        (xlsx([ORG_HEADERS]), "组织.xlsx", "文件只有表头，没有数据行。"),
        (xlsx([]), "组织.xlsx", "文件中没有数据。"),
        (b"\n\n,,,\n", "组织.csv", "文件中没有数据。"),
        (bytes(range(128, 256)), "组织.csv", "无法识别文件编码"),
        ("名称,统一社会信用代码\n".encode(), "组织.txt", "只支持 .xlsx 或 .csv 文件。"),
    ],
    ids=[
        "random-bytes",
        "garbage-zip",
        "broken-sheet",
        "truncated",
        "wrong-headers",
        "missing-headers",
        "header-only",
        "empty-sheet",
        "blank-csv",
        "undecodable-csv",
        "txt",
    ],
)
def test_malformed_files_give_a_chinese_file_message(
    world, login, content, name, reason
):
    client = login(world.users.county)
    before = counts()
    response = upload(client, ORG_URL, content, name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "文件无法导入" in html and reason in html
    assert counts() == before


def test_empty_upload_is_refused_by_the_form(world, login):
    client = login(world.users.county)
    response = upload(client, ORG_URL, b"", "组织.xlsx")
    assert response.status_code == 200
    assert "提交的是空文件。" in response.content.decode()
    assert response.context["form"].errors


def test_no_file_and_bad_confirm_payload(world, login):
    client = login(world.users.county)
    before = counts()
    assert client.post(ORG_URL, {}).status_code == 200
    response = client.post(
        ORG_URL, {"confirm": "1", "content": "not base64!!", "filename": "a.xlsx"}
    )
    assert response.status_code == 200
    assert "文件是空的" in response.content.decode()
    assert counts() == before


def test_auditor_cannot_open_the_import_page(world, login):
    response = login(world.users.auditor).get(ORG_URL)
    assert response.status_code == 403


# --- assignment import ----------------------------------------------------------------------

ASG_HEADERS = ["组织统一社会信用代码", "指导员姓名", "派驻开始日期", "说明"]


def test_second_active_assignment_in_the_file_is_refused(world, login):
    client = login(world.users.county)
    ins_extra = Instructor.objects.create(
        committee=world.nonpublic,
        region=world.county,
        unit=world.unit_a,
        name="周海涛",
        gender="male",
        source="retired_leader",
    )
    rows = [
        ASG_HEADERS,
        [world.org_a2.credit_code, "王志强", "2025-03-01", ""],
        [world.org_a2.credit_code, "周海涛", "2025-04-01", ""],
    ]
    before = counts()
    preview = upload(client, ASSIGNMENT_URL, xlsx(rows), "派驻.xlsx")
    assert_row_error(
        preview, 3, "组织统一社会信用代码", "该组织已有在岗指导员（王志强）"
    )
    assert counts() == before
    forged = client.post(
        ASSIGNMENT_URL,
        {
            "confirm": "1",
            "filename": "派驻.xlsx",
            "content": base64.b64encode(xlsx(rows)).decode(),
        },
    )
    assert_row_error(forged, 3, "组织统一社会信用代码", "已有在岗指导员")
    assert counts() == before
    assert not Assignment.objects.filter(instructor=ins_extra).exists()


def test_assignment_to_an_organization_already_served_is_refused(world, login):
    client = login(world.users.county)
    rows = [ASG_HEADERS, [world.org_a.credit_code, "王志强", "2025-03-01", ""]]
    before = counts()
    preview = upload(client, ASSIGNMENT_URL, xlsx(rows), "派驻.xlsx")
    assert_row_error(
        preview, 2, "组织统一社会信用代码", "该组织已有在岗指导员（张建国）"
    )
    assert counts() == before


def test_assignment_import_of_other_committee_org_by_staff(world, login):
    client = login(world.users.nonpublic)
    rows = [ASG_HEADERS, [world.org_b.credit_code, "王志强", "2025-03-01", ""]]
    preview = upload(client, ASSIGNMENT_URL, xlsx(rows), "派驻.xlsx")
    assert_row_error(preview, 2, "组织统一社会信用代码", "不在您的管辖范围内")
    assert not Assignment.objects.filter(
        organization=world.org_b, instructor=world.ins_idle
    ).exists()
