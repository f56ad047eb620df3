"""Layout checks on generated documents that can be made without a human eye.

``broken_words`` measures every word of every table cell with the metrics of the faces LibreOffice sets
them in (Liberation Serif and Sans: metric-compatible with Times New Roman and Arial) and reports the
words wider than their cell, which a word processor can only break in the middle ("Tota l", "Nod e").
Chinese text may break between any two characters and is not measured; runs of Latin letters and digits
(an amount, a date, a reference) are.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree
from PIL import ImageFont

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIP = 1 / 20  # points
DEFAULT_CELL_MARGIN = 108  # twips each side: Word's and LibreOffice's default (0.19 cm)
_WORD = re.compile(r"[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
#: A word processor may break a word after a hyphen or a slash (evidence/p3-mechanical-completion.pdf).
_PIECE = re.compile(r"[^-/]+[-/]?|[-/]")


@cache
def _face(family: str, bold: bool) -> ImageFont.FreeTypeFont:
    name = "Liberation Sans" if family in ("Arial", "Liberation Sans") else "Liberation Serif"
    pattern = f"{name}:style={'Bold' if bold else 'Regular'}"
    path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True).stdout
    return ImageFont.truetype(path, size=1000)


def _width(text: str, family: str, bold: bool, size: float) -> float:
    return _face(family, bold).getlength(text) * size / 1000


class _Styles:
    def __init__(self, root: etree._Element) -> None:
        self.by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
        self.default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def run_props(self, style_id: str | None) -> dict[str, object]:
        chain = []
        while style_id and style_id in self.by_id:
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        props: dict[str, object] = {"family": "Times New Roman", "bold": False, "size": 10.5}
        for rpr in [self.default, *[s.find(f"{W}rPr") for s in reversed(chain)]]:
            if rpr is not None:
                _apply(rpr, props)
        return props


def _apply(rpr: etree._Element, props: dict[str, object]) -> None:
    fonts = rpr.find(f"{W}rFonts")
    if fonts is not None and fonts.get(f"{W}ascii"):
        props["family"] = fonts.get(f"{W}ascii")
    bold = rpr.find(f"{W}b")
    if bold is not None:
        props["bold"] = bold.get(f"{W}val") not in ("0", "false", "off")
    size = rpr.find(f"{W}sz")
    if size is not None:
        props["size"] = int(size.get(f"{W}val")) / 2


def broken_words(path: Path) -> list[str]:
    """Words (runs of Latin letters and digits) wider than the table cell they sit in, with their cell."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = _Styles(etree.fromstring(archive.read("word/styles.xml")))
    found = []
    for number, table in enumerate(body.iter(f"{W}tbl"), start=1):
        grid = [int(c.get(f"{W}w")) for c in table.find(f"{W}tblGrid")]
        for row in table.findall(f"{W}tr"):
            column = 0
            for cell in row.findall(f"{W}tc"):
                span_el = cell.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_el.get(f"{W}val")) if span_el is not None else 1
                inner = sum(grid[column : column + span]) - 2 * DEFAULT_CELL_MARGIN
                column += span
                for paragraph in cell.iter(f"{W}p"):
                    style = paragraph.find(f"{W}pPr/{W}pStyle")
                    base = styles.run_props(style.get(f"{W}val") if style is not None else None)
                    ind = paragraph.find(f"{W}pPr/{W}ind")
                    indent = int(ind.get(f"{W}left") or ind.get(f"{W}start") or 0) if ind is not None else 0
                    for run in paragraph.iter(f"{W}r"):
                        props = dict(base)
                        rpr = run.find(f"{W}rPr")
                        if rpr is not None:
                            _apply(rpr, props)
                        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                        for word in (piece for w in _WORD.findall(text) for piece in _PIECE.findall(w)):
                            width = _width(word, str(props["family"]), bool(props["bold"]), float(props["size"]))
                            room = (inner - indent) * TWIP
                            if width > room:
                                where = f"table {number}, column {column}"
                                found.append(f"{word!r}: {width:.0f} pt in a {room:.0f} pt cell ({where})")
    return found
