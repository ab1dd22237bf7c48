"""Every draft is laid out as a 党政机关公文 (GB/T 9704-2012), fonts named, not embedded."""

import io
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from liangxin.documents import layout
from liangxin.documents.models import DocumentKind
from liangxin.documents.services import default_template
from tests.documents.expected import open_docx

FONTS = {
    layout.TITLE: ("方正小标宋简体", 22),
    layout.BODY: ("仿宋_GB2312", 16),
    layout.HEADING1: ("黑体", 16),
    layout.HEADING2: ("楷体_GB2312", 16),
    layout.SIGNATURE: ("仿宋_GB2312", 16),
    layout.DATE: ("仿宋_GB2312", 16),
}


def _east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_the_page_is_a4_with_the_official_margins_and_a_22_by_28_grid(kind):
    doc = open_docx(default_template(kind))
    section = doc.sections[0]

    def mm(length):
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 37
    assert mm(section.bottom_margin) == 35
    assert mm(section.left_margin) == 28
    assert mm(section.right_margin) == 26
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    # (297 − 37 − 35) mm ÷ 22 lines = 28.95 pt = 579 twips
    line_pitch = int(grid.get(qn("w:linePitch")))
    assert line_pitch == 579
    assert round(225 / 25.4 * 72 * 20 / line_pitch) == 22
    # 28 characters of 三号 (16 pt), condensed by the body's character spacing, fill
    # the 156 mm line
    spacing = doc.styles[layout.BODY].element.rPr.find(qn("w:spacing"))
    char_pitch = 16 + int(spacing.get(qn("w:val"))) / 20
    assert int(156 / 25.4 * 72 / char_pitch) == 28


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_each_paragraph_kind_names_its_font_east_asian_included(kind):
    doc = open_docx(default_template(kind))
    for name, (font, size) in FONTS.items():
        style = doc.styles[name]
        assert _east_asian(style) == font, name
        assert style.font.size == Pt(size), name
    body = doc.styles[layout.BODY].paragraph_format
    assert body.first_line_indent == Pt(32)  # two characters
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.line_spacing.twips == 579
    assert doc.styles[layout.TITLE].paragraph_format.alignment == (
        WD_ALIGN_PARAGRAPH.CENTER
    )
    assert doc.styles[layout.DATE].paragraph_format.right_indent == Pt(64)  # 右空四字
    assert doc.styles[layout.HEADING1].paragraph_format.keep_with_next
    assert doc.styles[layout.CAPTION].paragraph_format.keep_with_next
    kinds = [p.style.name for p in doc.paragraphs]
    assert kinds[0] == layout.TITLE
    assert kinds[-2:] == [layout.SIGNATURE, layout.DATE]
    assert doc.paragraphs[-2].text == "{{发文机关}}"
    assert doc.paragraphs[-1].text == "{{成文日期}}"


def test_page_numbers_are_dashed_half_width_4hao_odd_right_even_left():
    doc = open_docx(default_template(DocumentKind.WORK_SUMMARY))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p.xml
        assert "PAGE" in xml
        assert paragraph.text == "— 1 —"
        assert all(run.font.size == Pt(14) for run in paragraph.runs)


def test_fonts_are_named_and_not_embedded():
    data = default_template(DocumentKind.WORK_SUMMARY)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if n.startswith("word/fonts/")]
