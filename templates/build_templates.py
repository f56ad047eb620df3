"""Build the default .docx templates in this folder.

Run `python templates/build_templates.py` after changing the layout or wording here. The templates are
ordinary Word files with docxtpl tags: users restyle them in Word (letterhead, fonts, margins) and keep the
`{{ ... }}` tags; `contractkit templates export DIR` copies them out for that. Numbering is computed by
contractkit and written as text, never Word auto-numbering, which breaks inside template loops.

Fonts and language: every style and the document defaults name a Latin face and a Simplified Chinese face
(w:eastAsia, declared in the font table with the GB2312 character set and its Chinese name), theme-font
attributes are removed, and the East Asian language is zh-CN everywhere a reader looks for it (document
defaults, styles, the theme's script fonts and w:themeFontLang). python-docx's stock template is a Japanese
one (MS Mincho, themeFontLang ja-JP): left in, Word takes Japanese faces and LibreOffice shapes the shared
CJK glyphs in their Japanese forms (骨, 角, 直, 令).

Every part is written in the child order the ECMA-376 schemas require, so Word opens the files without
"repair" (tests/test_document_craft.py validates each generated document).
"""

from __future__ import annotations

import re
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
    lang.set(qn("w:val"), "en-GB")  # the document's own language is set in save(), from the file name
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
    _schema_order(rpr_parent)


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
    # Chinese body text: a first-line indent of two characters (2 x 10.5 pt), as Chinese letters are set.
    body = styles.add_style("Letter Body", 1)
    body.base_style = normal
    body.paragraph_format.first_line_indent = Pt(21)

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


def table(
    doc,
    widths_cm: list[float],
    head: list[str],
    row: list[str],
    *,
    loop: str,
    total: list[str] | None = None,
    span_total: bool = False,
    right: tuple[int, ...] = (),
):
    """A table: a header row repeated on each page, one row repeated by ``{%tr for loop %}``, an optional total.

    ``span_total``: the total's label spans the empty cells after it (for a label wider than its column);
    ``right``: the columns set flush right (amounts and percentages, so that their digits line up)."""
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
    for r in t.rows[2:]:  # the rows of the loop and the total, not the head
        for i in right:
            r.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if total and span_total:
        span = 1
        while span < len(total) and total[span] == "":
            span += 1
        cells = t.rows[-1].cells
        merged = cells[0].merge(cells[span - 1])
        for extra in merged.paragraphs[1:]:  # the merged cells' empty paragraphs would make the row tall
            extra._p.getparent().remove(extra._p)
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


def _keep_rows(doc) -> None:
    """Keep every table row on one page: an amount, its words and its node never split across a page break."""
    for tr in doc.element.body.iter(qn("w:tr")):
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _fixed_layout(t, widths_cm: list[float]) -> None:
    tbl_pr = t._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    _schema_order(tbl_pr)
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))  # on by its presence: "true" is not an ST_OnOff value Word accepts


def borderless(t) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    t._tbl.tblPr.append(borders)
    _schema_order(t._tbl.tblPr)


def kept_block(doc, width_cm: float = 16.2):
    """A borderless one-cell table whose row may not split: what is written into the returned cell stays on
    one page. Word and LibreOffice both honour a row that cannot split, where LibreOffice drops long chains
    of "keep with next" paragraphs; the closing of a letter (closing words, signature and seal, date,
    enclosures) is set in one, and the paragraph before it is kept with it."""
    t = doc.add_table(rows=1, cols=1)
    borderless(t)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    t._tbl.tblPr.append(margins)
    _fixed_layout(t, [width_cm])
    cell = t.rows[0].cells[0]
    cell.width = Cm(width_cm)
    first = cell.paragraphs[0]._p
    first.getparent().remove(first)  # the cell's paragraphs are the caller's
    return cell


def keep_last_paragraph(doc) -> None:
    """Keep the last paragraph printed before this point with what follows.

    That is the last paragraph outside any ``{%p if %}`` or ``{%p for %}`` (always printed) and those after it
    inside one (printed or not, whichever is last on the page keeps its place with what follows)."""
    depth, tail = 0, []
    for paragraph in doc.paragraphs:
        text = paragraph.text.strip()
        if text.startswith("{%p"):
            if text.startswith(("{%p if", "{%p for")):
                depth += 1
            elif text.startswith(("{%p endif", "{%p endfor")):
                depth -= 1
            continue
        if depth == 0 and text:
            tail = []
        if text:
            tail.append(paragraph)
    for paragraph in tail:
        paragraph.paragraph_format.keep_with_next = True


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ------------------------------------------------------------------------------ schema order and language

#: Child order of the WordprocessingML elements the build writes into (ECMA-376 Part 1, transitional).
_SEQUENCES = {
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em "
    "lang eastAsianLayout specVanish oMath rPrChange",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "tblBorders": "top left start bottom right end insideH insideV",
    "tcBorders": "top left start bottom right end insideH insideV tl2br tr2bl",
    "pBdr": "top left bottom right between bar",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
    "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
}
_ORDER = {
    qn(f"w:{parent}"): {qn(f"w:{c}"): i for i, c in enumerate(children.split())}
    for parent, children in _SEQUENCES.items()
}


def _schema_order(root) -> None:
    """Put the children of every property element under ``root`` in schema order (python-docx appends)."""
    for element in root.iter(*_ORDER):
        order = _ORDER[element.tag]
        children = list(element)
        ranked = sorted(children, key=lambda child: order.get(child.tag, len(order)))
        if ranked != children:
            for child in children:
                element.remove(child)
            element.extend(ranked)


#: The font table: the faces the styles name, with what Word and WPS need to find or substitute them.
_FONT_TABLE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="SimHei"><w:altName w:val="黑体"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
</w:fonts>
"""


def _part(doc, name: str):
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.target_part.partname == name:
            return rel.target_part
    raise KeyError(name)


def _mark_language(doc, lang: str) -> None:
    """Simplified Chinese as the East Asian language and face everywhere; the document's own language."""
    latin = "zh-CN" if lang == "zh" else "en-GB"
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = defaults.find(qn("w:lang"))
    language.set(qn("w:val"), latin)
    language.set(qn("w:eastAsia"), "zh-CN")
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:eastAsia"), "zh-CN")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    theme_lang.set(qn("w:val"), latin)
    theme_lang.set(qn("w:eastAsia"), "zh-CN")
    # Word 2010's copy of the styles carries the Japanese theme fonts again; Word 2013 and later, WPS and
    # LibreOffice read styles.xml alone.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    _part(doc, "/word/fontTable.xml")._blob = _FONT_TABLE.encode("utf-8")
    theme = _part(doc, "/word/theme/theme1.xml")
    xml = theme.blob.decode("utf-8")
    major, minor = xml.split("<a:minorFont>")
    major = major.replace('<a:ea typeface=""/>', f'<a:ea typeface="{CJK_SANS}"/>')
    minor = minor.replace('<a:ea typeface=""/>', f'<a:ea typeface="{CJK_SERIF}"/>')
    theme._blob = f"{major}<a:minorFont>{minor}".encode()


def save(doc, name: str) -> Path:
    import io

    path = HERE / name
    _mark_language(doc, re.sub(r"^.*\.(zh|en|bilingual)\.docx$", r"\1", name))
    _keep_rows(doc)
    _schema_order(doc.element)
    _schema_order(doc.styles.element)
    for section in doc.sections:
        _schema_order(section.header._element)
        _schema_order(section.footer._element)
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
