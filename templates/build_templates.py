"""Build the default .docx templates in this folder.

Run `python templates/build_templates.py` after changing the layout or wording here. The templates are
ordinary Word files with docxtpl tags: users restyle them in Word (letterhead, fonts, margins) and keep the
`{{ ... }}` tags; `contractkit templates export DIR` copies them out for that. Numbering is computed by
contractkit and written as text, never Word auto-numbering, which breaks inside template loops.

Fonts: every style and the document defaults name a Latin face and an East-Asian face (w:eastAsia), with
the theme-font attributes removed, so Chinese renders in a Chinese face in Word, WPS and LibreOffice.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from contractkit.render.docx import normalise_zip  # noqa: E402

LATIN_SERIF = "Times New Roman"
CJK_SERIF = "SimSun"  # 宋体: present in Word and WPS; LibreOffice substitutes a CJK serif (Noto Serif CJK)
CJK_SANS = "SimHei"  # 黑体 for headings
LATIN_SANS = "Arial"


def _set_fonts(rpr_parent, latin: str, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set w:rFonts on a style's or docDefaults' rPr, without theme attributes that would override it."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))
    if bold is not None:
        el = rpr.find(qn("w:b"))
        if bold and el is None:
            rpr.append(OxmlElement("w:b"))


def new_document(header_text: str | None = None, *, landscape: bool = False) -> Document:
    """An A4 document (portrait, or landscape for wide tables) with contractkit's styles and fonts."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(29.7), Cm(21)) if landscape else (Cm(21), Cm(29.7))
    section.left_margin = section.right_margin = Cm(2.4)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)

    # Document defaults: every run without its own font gets these.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    _set_fonts(rpr_default, LATIN_SERIF, CJK_SERIF, 10.5)

    styles = doc.styles
    normal = styles["Normal"]
    _set_fonts(normal.element, LATIN_SERIF, CJK_SERIF, 10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25

    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11.5), ("Subtitle", 11)):
        style = styles[name]
        _set_fonts(style.element, LATIN_SANS, CJK_SANS, size, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(10 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Title carries a bottom border in the default template; a contract title stands alone.
    ppr = styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None:
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)

    clause = styles.add_style("Clause Text", 1)
    clause.base_style = normal
    clause.paragraph_format.left_indent = Cm(0.9)
    clause.paragraph_format.first_line_indent = Cm(-0.9)
    clause.paragraph_format.space_after = Pt(3)
    sub = styles.add_style("Clause Item", 1)
    sub.base_style = normal
    sub.paragraph_format.left_indent = Cm(1.5)
    sub.paragraph_format.space_after = Pt(2)
    small = styles.add_style("Table Text", 1)
    small.base_style = normal
    _set_fonts(small.element, LATIN_SERIF, CJK_SERIF, 9)
    small.paragraph_format.space_after = Pt(0)
    small.paragraph_format.line_spacing = 1.1
    table_head = styles.add_style("Table Head", 1)
    table_head.base_style = small
    _set_fonts(table_head.element, LATIN_SANS, CJK_SANS, 9, bold=True)

    if header_text is not None:
        header = section.header.paragraphs[0]
        header.text = header_text
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.style = styles["Table Text"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.style = styles["Table Text"]
    _page_field(footer)
    return doc


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice fill in the page number."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


def p(doc, text: str = "", style: str | None = None, align=None, bold: bool = False):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
    if align is not None:
        paragraph.alignment = align
    return paragraph


def tag(doc, text: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); it disappears when rendered."""
    return doc.add_paragraph(text)


def table(doc, widths_cm: list[float], head: list[str], row: list[str], *, loop: str, total: list[str] | None = None):
    """A table: a header row repeated on each page, one row repeated by ``{%tr for loop %}``, an optional total."""
    t = doc.add_table(rows=1, cols=len(widths_cm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed_layout(t, widths_cm)

    def fill(cells, texts, style):
        for cell, text in zip(cells, texts, strict=False):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles[style]

    fill(t.rows[0].cells, head, "Table Head")
    _repeat_header(t.rows[0])
    # docxtpl replaces a row whose cell holds {%tr ... %} by the loop it opens or closes.
    t.add_row().cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    fill(t.add_row().cells, row, "Table Text")
    t.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    if total:
        fill(t.add_row().cells, total, "Table Text")
    for r in t.rows:
        for i, width in enumerate(widths_cm):
            r.cells[i].width = Cm(width)
    return t


def section_table(doc, widths_cm: list[float], head: list[str], row: list[str], *, loop: str, numeric_from: int = 3):
    """Rows by item with a heading row for each section: the loop's ``r.heading`` rows print ``r.code`` and
    ``r.description`` across the table in bold; other rows print ``row``. Figures from ``numeric_from`` on are set
    right. Returns the table so callers can add total rows."""
    t = doc.add_table(rows=1, cols=len(widths_cm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _fixed_layout(t, widths_cm)

    def fill(cells, texts, style):
        for i, (cell, text) in enumerate(zip(cells, texts, strict=False)):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles[style]
            if i >= numeric_from and style == "Table Text":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    fill(t.rows[0].cells, head, "Table Head")
    _repeat_header(t.rows[0])
    t.add_row().cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    t.add_row().cells[0].paragraphs[0].text = "{%tr if r.heading %}"
    heading = t.add_row()
    fill(heading.cells, ["{{ r.code }}"], "Table Head")
    merged = heading.cells[1].merge(heading.cells[-1])
    merged.paragraphs[0].text = "{{ r.description }}"
    merged.paragraphs[0].style = doc.styles["Table Head"]
    t.add_row().cells[0].paragraphs[0].text = "{%tr else %}"
    fill(t.add_row().cells, row, "Table Text")
    t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    t.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    return t


def set_widths(t, widths_cm: list[float]) -> None:
    """Give every cell of every row its column's width (Word reads the cells', LibreOffice the grid's)."""
    for r in t.rows:
        for i, width in enumerate(widths_cm):
            if i < len(r.cells):
                r.cells[i].width = Cm(width)


def _fixed_layout(t, widths_cm: list[float]) -> None:
    tbl_pr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def borderless(t) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    t._tbl.tblPr.append(borders)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def save(doc, name: str) -> Path:
    import io

    path = HERE / name
    buffer = io.BytesIO()
    props = doc.core_properties
    props.author = "contractkit"
    props.title = name
    props.last_modified_by = "contractkit"
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 1, 1)
    doc.save(buffer)
    path.write_bytes(normalise_zip(buffer.getvalue()))
    return path


def main() -> None:
    # the wording of each document family lives in its own module
    from contract_templates import build_contracts
    from demand_templates import build_demand
    from pack_templates import build_pack
    from report_templates import build_report

    for path in build_contracts() + build_pack() + build_demand() + build_report():
        print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
