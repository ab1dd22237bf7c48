"""Filling a template .docx with a draft's content, and the PDF of the filled document.

Placeholders are `{{name}}` in the text. Word and WPS often split typed text over several runs,
so a paragraph is read as a whole and rebuilt run by run: literal text keeps the formatting of
the run it came from, a figure takes the formatting of the run where its placeholder began.
Tables and charts replace a paragraph that holds only their placeholder.
"""

import copy
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from liangxin.documents import layout as L
from liangxin.documents.content.base import CHART_PREFIX, TABLE_PREFIX, Content

PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
CHART_WIDTH = Mm(150)
TEXT_WIDTH = L.PAGE_WIDTH - L.MARGINS["left"] - L.MARGINS["right"]


def missing_text(name: str) -> str:
    return f"【待补充：{name}】"


def default_docx(paragraphs: list[tuple[str, str]]) -> bytes:
    doc = Document()
    L.apply_layout(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    return save(doc)


def save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def all_paragraphs(doc):
    """Body paragraphs, then those inside tables (nested too)."""
    yield from doc.paragraphs

    def in_tables(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
                    yield from in_tables(cell.tables)

    yield from in_tables(doc.tables)
    for section in doc.sections:
        for part in (section.header, section.footer, section.even_page_footer):
            yield from part.paragraphs


def _runs_text(paragraph) -> str:
    return "".join(run.text for run in paragraph.runs)


def placeholders_in(doc) -> list[tuple[str, bool]]:
    """(name, alone in a body paragraph) for every placeholder, in document order."""
    body = {id(p._p) for p in doc.paragraphs}
    found = []
    for paragraph in all_paragraphs(doc):
        text = _runs_text(paragraph)
        for match in PLACEHOLDER_RE.finditer(text):
            alone = id(paragraph._p) in body and text.strip() == match.group(0)
            found.append((match.group(1), alone))
    return found


def fill(template: bytes, content: Content) -> bytes:
    doc = open_docx(template)
    L.apply_layout(doc)
    for paragraph in list(all_paragraphs(doc)):
        text = _runs_text(paragraph)
        if "{{" not in text:
            continue
        match = PLACEHOLDER_RE.fullmatch(text.strip())
        name = match.group(1) if match else ""
        if (
            name.startswith(TABLE_PREFIX)
            and name[len(TABLE_PREFIX) :] in content.tables
        ):
            _table(doc, paragraph, name, content.tables[name[len(TABLE_PREFIX) :]])
        elif (
            name.startswith(CHART_PREFIX)
            and name[len(CHART_PREFIX) :] in content.charts
        ):
            _chart(paragraph, name, content.charts[name[len(CHART_PREFIX) :]])
        else:
            _inline(paragraph, content.figures)
    return save(doc)


def _new_run(paragraph, source, text: str, *, highlight: bool = False):
    run = paragraph.add_run(text)
    source_rpr = source._r.rPr if source is not None else None
    if source_rpr is not None:
        run._r.insert(0, copy.deepcopy(source_rpr))
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


def _inline(paragraph, figures: dict[str, str | None]) -> None:
    runs = paragraph.runs
    owners = []  # the run each character of the paragraph's text comes from
    for run in runs:
        owners.extend([run] * len(run.text))
    text = "".join(run.text for run in runs)
    pieces = []  # (source run, text, missing)
    position = 0
    for match in PLACEHOLDER_RE.finditer(text):
        for i in range(position, match.start()):
            pieces.append((owners[i], text[i], False))
        name = match.group(1)
        if name in figures and figures[name] is not None:
            pieces.append((owners[match.start()], figures[name], False))
        else:
            pieces.append((owners[match.start()], missing_text(name), True))
        position = match.end()
    for i in range(position, len(text)):
        pieces.append((owners[i], text[i], False))
    for run in runs:
        run._r.getparent().remove(run._r)
    merged = []
    for source, piece, missing in pieces:
        if merged and merged[-1][0] is source and not missing and not merged[-1][2]:
            merged[-1][1] += piece
        else:
            merged.append([source, piece, missing])
    for source, piece, missing in merged:
        _new_run(paragraph, source, piece, highlight=missing)


def _placeholder_missing(paragraph, name: str) -> None:
    source = paragraph.runs[0] if paragraph.runs else None
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    _new_run(paragraph, source, missing_text(f"{name}（暂无数据）"), highlight=True)


def _chart(paragraph, name: str, chart) -> None:
    if chart is None:
        _placeholder_missing(paragraph, name)
        return
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    fmt = paragraph.paragraph_format
    # an exact line height would clip the picture to one line
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=CHART_WIDTH)


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _table(doc, paragraph, name: str, table) -> None:
    if table is None:
        _placeholder_missing(paragraph, name)
        return
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.alignment = 1  # centred
    _borders(grid)
    for r, values in enumerate([table.headers, *table.rows]):
        row = grid.rows[r]
        if r == 0:
            header = OxmlElement("w:tblHeader")  # repeat on every page
            row._tr.get_or_add_trPr().append(header)
        for c, value in enumerate(values):
            cell_paragraph = row.cells[c].paragraphs[0]
            cell_paragraph.style = doc.styles[L.TABLE_TEXT]
            run = cell_paragraph.add_run(value or "")
            run.font.bold = r == 0
    _column_widths(grid, [table.headers, *table.rows])
    paragraph._p.addnext(grid._tbl)
    paragraph._p.getparent().remove(paragraph._p)


def _column_widths(grid, rows: list[list[str]]) -> None:
    """Share the text width by each column's longest text plus one for the cell's padding
    (at least 3 and at most 15 chars), so unit names and findings get the room."""
    longest = [
        min(15, max(3, *(len(row[c] or "") + 1 for row in rows)))
        for c in range(len(rows[0]))
    ]
    total = sum(longest)
    grid.autofit = False
    for c, column in enumerate(grid.columns):
        width = int(TEXT_WIDTH * longest[c] / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


# ---- the PDF: the filled document's own paragraphs, tables and pictures, through WeasyPrint


STYLE_CLASSES = {
    L.TITLE: "title",
    L.HEADING1: "h1",
    L.HEADING2: "h2",
    L.HEADING3: "h3",
    L.SIGNATURE: "signature",
    L.DATE: "date",
    L.CAPTION: "caption",
    L.TABLE_TEXT: "cell",
}


def _picture_uris(doc, paragraph) -> list[str]:
    import base64

    uris = []
    for blip in paragraph._p.iter(qn("a:blip")):
        rel = blip.get(qn("r:embed"))
        part = doc.part.related_parts.get(rel)
        if part is not None:
            data = base64.b64encode(part.blob).decode()
            uris.append(f"data:{part.content_type};base64,{data}")
    return uris


def _paragraph_block(doc, paragraph) -> dict:
    style = paragraph.style.name if paragraph.style is not None else ""
    runs = [
        {
            "text": run.text,
            "missing": run.font.highlight_color is not None,
            "bold": bool(run.font.bold),
        }
        for run in paragraph.runs
    ]
    return {
        "type": "p",
        "css": STYLE_CLASSES.get(style, "body"),
        "runs": runs,
        "pictures": _picture_uris(doc, paragraph),
    }


def blocks(data: bytes) -> list[dict]:
    """The filled document as a list of paragraphs and tables, in order (for the PDF)."""
    doc = open_docx(data)
    result = []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            result.append(_paragraph_block(doc, Paragraph(element, doc)))
        elif element.tag == qn("w:tbl"):
            table = DocxTable(element, doc)
            result.append(
                {
                    "type": "table",
                    "rows": [[cell.text for cell in row.cells] for row in table.rows],
                }
            )
    return result


def pdf(data: bytes, title: str) -> bytes:
    from liangxin.core.pdf import render_pdf

    return render_pdf(
        "documents/pdf/document.html", {"title": title, "blocks": blocks(data)}
    )
