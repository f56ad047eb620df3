"""Reading generated documents back, for assertions on what a reader would see."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def docx_text(path: Path | str) -> str:
    """All text of a .docx: body paragraphs and table cells in document order, headers and footers."""
    document = Document(str(path))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in child.iter():
                if cell.tag.endswith("}tc"):
                    parts.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def pdf_text(page) -> str:  # type: ignore[no-untyped-def]
    """A PDF page's text with whitespace removed; pypdf reads fpdf2's CJK subset with stray NULs, dropped here."""
    return "".join(page.extract_text().replace("\x00", "").split())
