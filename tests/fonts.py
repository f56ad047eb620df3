"""What the fonts embedded in a PDF really draw: glyph outlines compared with the regional Noto CJK faces.

LibreOffice embeds the Noto CJK collection's shared CFF outlines under the collection's one PostScript name
(``NotoSerifCJKjp-Regular``) whichever face it used, so a font name cannot tell Simplified Chinese glyphs
from Japanese ones; the outlines can (``normalise_pdf`` then renames a font whose glyphs are the SC face's
after that face, NotoSerifCJKsc-Regular: tests/test_pdf_font_names.py). ``embedded_glyphs`` reads every
embedded font of a PDF (LibreOffice's Type 1 conversions and fpdf2's CID-keyed CFF) and gives each
character's glyph outline; ``face_of`` names the faces of the collection whose glyphs those are.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from fontTools import t1Lib
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTCollection

#: A glyph's outline: its points, rounded, in drawing order (the same in a CFF and its Type 1 conversion).
Outline = tuple[tuple[int, int], ...]


def _outline(glyphset: Any, name: str) -> Outline:
    pen = DecomposingRecordingPen(glyphset)
    glyphset[name].draw(pen)
    return tuple((round(x), round(y)) for _, points in pen.value for x, y in points)


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.read_bytes().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be")
    return out


def type1_program(stream: pikepdf.Stream) -> t1Lib.T1Font:
    """A PDF's embedded Type 1 program (FontFile: cleartext, eexec part, zeros) parsed by fontTools."""
    data = stream.read_bytes()
    first, second = int(stream.Length1), int(stream.Length2)
    parts = [(1, data[:first]), (2, data[first : first + second]), (1, data[first + second :])]
    pfb = b"".join(b"\x80" + bytes([kind]) + struct.pack("<I", len(p)) + p for kind, p in parts) + b"\x80\x03"
    with tempfile.NamedTemporaryFile(suffix=".pfb", delete=False) as handle:
        handle.write(pfb)
    try:
        font = t1Lib.T1Font(handle.name)
        font.parse()
    finally:
        os.unlink(handle.name)
    return font


def embedded_glyphs(path: Path) -> dict[str, set[Outline]]:
    """Each character drawn with an embedded CJK-capable font, and the bounds of the glyphs drawing it."""
    found: dict[str, set[Outline]] = {}
    with pikepdf.open(path) as pdf:
        for font in pdf.objects:
            if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
                continue
            unicode = to_unicode(font)
            if font.get("/Subtype") == "/Type1" and "/FontFile" in font.get("/FontDescriptor", {}):
                program = type1_program(font.FontDescriptor.FontFile)
                encoding, glyphs = program.font["Encoding"], program.getGlyphSet()
                for code, text in unicode.items():
                    if code < len(encoding) and encoding[code] != ".notdef":
                        found.setdefault(text, set()).add(_outline(glyphs, encoding[code]))
            elif font.get("/Subtype") == "/Type0":
                descendant = font.DescendantFonts[0]
                stream = descendant.FontDescriptor.get("/FontFile3")
                if stream is None or font.get("/Encoding") != "/Identity-H":
                    continue
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(stream.read_bytes()), None)
                charstrings = cff[cff.fontNames[0]].CharStrings
                for code, text in unicode.items():
                    name = f"cid{code:05d}"
                    if name in charstrings:
                        found.setdefault(text, set()).add(_outline(charstrings, name))
    return found


@cache
def _collection(style: str) -> list[tuple[str, Any, dict[int, str]]]:
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", f"Noto {style} CJK SC"], capture_output=True, text=True, check=True
    ).stdout
    faces = []
    for face in TTCollection(path, lazy=True).fonts:
        faces.append((face["name"].getDebugName(4), face.getGlyphSet(), face.getBestCmap()))
    return faces


def faces_drawing(character: str, glyphs: set[Outline]) -> set[str]:
    """The Noto CJK faces (serif and sans, every region) whose glyph for ``character`` is among ``glyphs``."""
    names = set()
    for style in ("Serif", "Sans"):
        for name, glyphset, cmap in _collection(style):
            if ord(character) in cmap and _outline(glyphset, cmap[ord(character)]) in glyphs:
                names.add(name)
    return names
