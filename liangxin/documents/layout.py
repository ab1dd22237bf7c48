"""党政机关公文格式 (GB/T 9704-2012) for python-docx documents.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines of 28 characters
(a line grid with exact 28.95 pt line spacing, and 三号 condensed by 0.25 pt); title in 小标宋
二号; body in 仿宋_GB2312 三号 with a two-character first-line indent; headings 黑体 (一、),
楷体 (（一）) and 仿宋 bold (1.); page numbers "— 1 —" in 4号 half-width digits, odd pages
right and even pages left, one character in from the edge. Fonts are named, never embedded:
the reader's WPS or Word supplies them. East-Asian text takes the font named in w:eastAsia,
so every style sets it beside ascii/hAnsi.
"""

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: (297 − 37 − 35) mm ÷ 22 lines = 28.95 pt = 579 twips
LINE_PITCH = Twips(579)
#: (210 − 28 − 26) mm = 442.2 pt ÷ 28 characters = 15.79 pt a character: 三号 (16 pt)
#: condensed by 0.25 pt, in twentieths of a point (w:spacing)
CHAR_SPACING = -5

#: paragraph kinds → style names (the names tests and the PDF writer look for)
TITLE = "公文标题"
BODY = "公文正文"
HEADING1 = "公文一级标题"
HEADING2 = "公文二级标题"
HEADING3 = "公文三级标题"
SIGNATURE = "公文发文机关"
DATE = "公文成文日期"
CAPTION = "公文图表题"
TABLE_TEXT = "公文表格"
KINDS = (TITLE, BODY, HEADING1, HEADING2, HEADING3, SIGNATURE, DATE, CAPTION)

#: style → (East-Asian font, size, bold, alignment, first-line indent in chars)
STYLES = {
    TITLE: (TITLE_FONT, SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    BODY: (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    HEADING1: (HEADING1_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    HEADING2: (HEADING2_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    HEADING3: (BODY_FONT, SIZE_3, True, WD_ALIGN_PARAGRAPH.LEFT, 2),
    SIGNATURE: (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    DATE: (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    CAPTION: (HEADING1_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    TABLE_TEXT: (BODY_FONT, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
}
KEEP_WITH_NEXT = (TITLE, HEADING1, HEADING2, HEADING3, CAPTION, SIGNATURE)
#: 成文日期 右空四字; 发文机关 centred over the date (GB/T 9704-2012 7.3.5.1)
RIGHT_INDENT_CHARS = {DATE: 4, SIGNATURE: 6}


def set_fonts(rpr_owner, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a style or run, East-Asian included (python-docx sets only ascii)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


AFTER_SPACING = (
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
)


def _char_spacing(element, twentieths: int) -> None:
    rpr = element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        # w:spacing comes before these in CT_RPr's sequence (Word rejects other orders)
        later = [rpr.find(qn(f"w:{tag}")) for tag in AFTER_SPACING]
        later = [e for e in later if e is not None]
        if later:
            later[0].addprevious(spacing)
        else:
            rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def _style(doc, name: str):
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        return styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def apply_page_setup(doc) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin = MARGINS["top"]
        section.bottom_margin = MARGINS["bottom"]
        section.left_margin = MARGINS["left"]
        section.right_margin = MARGINS["right"]
        section.header_distance = Mm(15)
        section.footer_distance = Mm(28) - Mm(7)  # 页码 一字线上距版心下边缘 7 mm
        _document_grid(section)
        _page_numbers(section)
    doc.settings.odd_and_even_pages_header_footer = True


def _document_grid(section) -> None:
    """22 lines a page: Word, WPS and LibreOffice snap lines to this grid.

    The 28 characters a line come from the body styles' character spacing (CHAR_SPACING),
    not from a character grid: LibreOffice lays out a "linesAndChars" grid with far wider
    cells than Word does, and the draft must look the same in both.
    """
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    grid.attrib.pop(qn("w:charSpace"), None)


def _page_number_paragraph(paragraph, *, odd: bool) -> None:
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    # 单页码居右空一字，双页码居左空一字
    if odd:
        fmt.right_indent, fmt.left_indent = SIZE_4, Pt(0)
    else:
        fmt.left_indent, fmt.right_indent = SIZE_4, Pt(0)
    parts = [("text", "— "), ("field", "PAGE"), ("text", " —")]
    for kind, value in parts:
        if kind == "text":
            run = paragraph.add_run(value)
        else:
            run = paragraph.add_run()
            begin = OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {value} "
            separate = OxmlElement("w:fldChar")
            separate.set(qn("w:fldCharType"), "separate")
            shown = OxmlElement("w:t")
            shown.text = "1"
            end = OxmlElement("w:fldChar")
            end.set(qn("w:fldCharType"), "end")
            for element in (begin, instr, separate, shown, end):
                run._r.append(element)
        run.font.size = SIZE_4
        set_fonts(run._r, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT)


def _page_numbers(section) -> None:
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer.paragraphs[0], odd=True)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], odd=False)


def apply_styles(doc) -> None:
    """Define (or redefine) the paragraph styles of the document kinds; idempotent."""
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    set_fonts(normal.element, BODY_FONT)
    for name, (font, size, bold, align, indent) in STYLES.items():
        style = _style(doc, name)
        style.base_style = normal
        style.quick_style = True
        style.font.size = size
        style.font.bold = bold
        set_fonts(style.element, font)
        _char_spacing(style.element, CHAR_SPACING if size == SIZE_3 else 0)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(size.pt * indent) if indent else Pt(0)
        fmt.right_indent = Pt(SIZE_3.pt * RIGHT_INDENT_CHARS.get(name, 0))
        # a heading or a caption never ends a page apart from what it introduces
        fmt.keep_with_next = name in KEEP_WITH_NEXT
        if name == TABLE_TEXT:
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        else:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = LINE_PITCH
        if name == TITLE:
            # the title takes two grid lines per line of text (二号 over a 三号 grid)
            fmt.line_spacing = Pt(35)
            fmt.space_after = LINE_PITCH


def apply_layout(doc) -> None:
    apply_page_setup(doc)
    apply_styles(doc)
