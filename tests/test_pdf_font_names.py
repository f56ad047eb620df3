"""Embedded CJK fonts carry the name of the face whose glyphs they draw.

The regional faces of a Noto CJK collection (.ttc) share one CFF table, named after the Japanese face, and
LibreOffice names what it embeds after that CFF (``NotoSerifCJKjp-Regular-VKana``) whichever face it drew
with; ``normalise_pdf`` renames a font that draws the Simplified Chinese face after that face
(``NotoSerifCJKsc-Regular``), so that ``pdffonts`` lists no Japanese face in a Chinese document. The glyphs
are checked as well as the names (tests/fonts.py compares outlines), and a font that draws another
region's forms keeps its name.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from fontTools.cffLib import CFFFontSet
from pypdf import PdfReader

from contractkit.cli import main
from contractkit.render import docx as render_docx
from contractkit.render.docx import docx_to_pdf, name_simplified_chinese_faces, normalise_pdf
from tests.fonts import embedded_glyphs, faces_drawing, type1_program
from tests.projects import copy_sample


def _cjk_fonts_installed() -> bool:
    if shutil.which("fc-list") is None or shutil.which("fc-match") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return "Noto Serif CJK SC" in listed and "Noto Sans CJK SC" in listed


needs_cjk_fonts = pytest.mark.skipif(
    not _cjk_fonts_installed() and not os.environ.get("CI"),
    reason="the Noto CJK fonts (fonts-noto-cjk) are not installed (CI installs them and never skips this)",
)
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it and never skips this)",
)

#: The node's title carries characters whose Simplified Chinese and Japanese forms differ.
TITLE = "轻钢龙骨直角令进度款"
#: The faces the templates' SimSun and SimHei become (regular and bold).
SIMPLIFIED = {"NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Bold", "NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"}
DAY = dt.date(2026, 9, 20)


def font_names(path: Path | bytes) -> list[tuple[str, str]]:
    """Every name a PDF's fonts go by, with where it is: the font dictionaries' /BaseFont, the descriptors'
    /FontName, and the embedded programs' own names (a Type 1 program's FontName, FullName and FamilyName;
    a CFF's name, full and family names and the names of its font dictionaries)."""
    names: list[tuple[str, str]] = []
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with pikepdf.open(source) as pdf:
        for font in pdf.objects:
            if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
                continue
            names.append(("BaseFont", str(font.get("/BaseFont", ""))[1:]))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:
                continue
            names.append(("FontName", str(descriptor.FontName)[1:]))
            if "/FontFile" in descriptor:
                program = type1_program(descriptor.FontFile)
                info = program.font["FontInfo"]
                names += [("Type 1 FontName", program.font["FontName"])]
                names += [(f"Type 1 {key}", info[key]) for key in ("FullName", "FamilyName") if key in info]
            if "/FontFile3" in descriptor:
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(descriptor.FontFile3.read_bytes()), None)
                top = cff[cff.fontNames[0]]
                names += [("CFF name", cff.fontNames[0])]
                names += [(f"CFF {key}", getattr(top, key)) for key in ("FullName", "FamilyName") if hasattr(top, key)]
                names += [
                    ("CFF FD FontName", fd.FontName) for fd in getattr(top, "FDArray", []) if hasattr(fd, "FontName")
                ]
    return names


def text_of(path: Path | bytes) -> str:
    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else path)
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def _glyph_faces(pdf: bytes, tmp_path: Path, character: str) -> set[str]:
    """The Noto CJK faces whose glyph for ``character`` the PDF draws (tests/fonts.py reads a file)."""
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(pdf)
    return faces_drawing(character, embedded_glyphs(path)[character])


# ------------------------------------------------------------------------------ LibreOffice's Chinese PDFs


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """A Chinese application pack and a Chinese formal notice (demand --pdf), made twice: the PDFs of each
    run by their path in the run's folder."""
    root = tmp_path_factory.mktemp("names")
    project = copy_sample("fitout-cn", root / "fitout", ("第一期进度款", TITLE))
    runs: dict[str, dict[str, Path]] = {}
    for run in ("first", "second"):
        out = root / run
        out.mkdir()
        pack = ["apply", str(project), "--node", "P2", "-o", str(out / "pack"), "--as-of", "2026-09-20"]
        letter = ["demand", str(project), "--node", "P2", "--stage", "notice", "--as-of", "2026-09-30"]
        for args in (pack, [*letter, "--pdf", "-o", str(out / "letter-zh.docx")]):
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 0, result.output
        runs[run] = {p.relative_to(out).as_posix(): p for p in sorted(out.rglob("*.pdf"))}
    return runs


def _libreoffice_made(made: dict[str, dict[str, Path]]) -> dict[str, Path]:
    return {name: path for name, path in made["first"].items() if not name.endswith("evidence-bundle.pdf")}


@needs_soffice
@needs_cjk_fonts
def test_every_kind_of_chinese_pdf_is_made(made: dict[str, dict[str, Path]]) -> None:
    assert set(made["first"]) == {
        "letter-zh.pdf",
        *(f"pack/{n}.pdf" for n in ("application-letter", "payment-statement", "progress-summary")),
        *(f"pack/{n}.pdf" for n in ("evidence-index", "evidence-bundle")),
    }


@needs_soffice
@needs_cjk_fonts
def test_no_font_of_a_chinese_pdf_is_named_after_the_japanese_face(made: dict[str, dict[str, Path]]) -> None:
    for name, path in _libreoffice_made(made).items():
        names = font_names(path)
        assert not [(where, n) for where, n in names if "jp" in n.lower()], name
        bases = [n for where, n in names if where == "BaseFont"]
        cjk = {re.sub(r"^[A-Z]{6}\+", "", n) for n in bases if "CJK" in n}
        assert "NotoSerifCJKsc-Regular" in cjk and cjk <= SIMPLIFIED, (name, cjk)
        # the subset tag is kept; the descriptor's /FontName is the /BaseFont; the program is named alike
        assert all(re.fullmatch(r"[A-Z]{6}\+.+", n) for n in bases), (name, bases)
        assert [n for where, n in names if where == "FontName"] == bases, name
        programs = [n for where, n in names if where == "Type 1 FontName"]
        assert sorted(programs) == sorted(n[7:] for n in bases if "CJK" in n), name


@needs_soffice
@needs_cjk_fonts
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts is in poppler-utils")
def test_pdffonts_lists_no_japanese_face(made: dict[str, dict[str, Path]]) -> None:
    """What a reviewer runs: ``pdffonts FILE | grep -i jp`` finds nothing."""
    for name, path in made["first"].items():
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "NotoSerifCJKsc-Regular" in listing or name.endswith("evidence-bundle.pdf"), listing
        assert "jp" not in listing.lower(), (name, listing)


@needs_soffice
@needs_cjk_fonts
def test_the_renamed_type1_programs_keep_their_parts_and_lengths(made: dict[str, dict[str, Path]]) -> None:
    checked = 0
    for path in _libreoffice_made(made).values():
        with pikepdf.open(path) as pdf:
            for font in pdf.objects:
                if not isinstance(font, pikepdf.Dictionary) or "CJK" not in str(font.get("/BaseFont", "")):
                    continue
                stream = font.FontDescriptor.FontFile
                data = stream.read_bytes()
                first, second, third = int(stream.Length1), int(stream.Length2), int(stream.Length3)
                assert first + second + third == len(data)
                assert (
                    data[:first].endswith(b"currentfile eexec\n")
                    and data[first + second :].strip(b"0\n") == b"cleartomark"
                )
                assert data[:first].startswith(b"%!FontType1-1.0: " + str(font.BaseFont)[8:].encode() + b" ")
                program = type1_program(stream)  # the eexec part decrypts and every glyph parses
                assert program.font["FontName"] == str(font.BaseFont)[8:]
                assert len(program.font["CharStrings"]) > 1
                checked += 1
    assert checked >= 10


@needs_soffice
@needs_cjk_fonts
def test_the_glyphs_are_still_the_simplified_chinese_ones(made: dict[str, dict[str, Path]]) -> None:
    for name in ("pack/application-letter.pdf", "pack/payment-statement.pdf"):
        glyphs = embedded_glyphs(made["first"][name])
        for character in "骨角直令":
            faces = faces_drawing(character, glyphs.get(character, set()))
            assert any(face.endswith(" SC") for face in faces), (name, character, faces)
            assert not any(face.endswith(" JP") for face in faces), (name, character, faces)


@needs_soffice
@needs_cjk_fonts
def test_the_chinese_text_is_still_extracted(made: dict[str, dict[str, Path]]) -> None:
    pdfs = made["first"]
    assert TITLE in text_of(pdfs["pack/payment-statement.pdf"])
    assert "付款申请" in text_of(pdfs["pack/application-letter.pdf"])
    assert "逾期付款违约金" in text_of(pdfs["letter-zh.pdf"])
    for name, path in pdfs.items():
        assert re.search(r"[\u4e00-\u9fff]{4}", text_of(path)), name


@needs_soffice
@needs_cjk_fonts
def test_two_runs_give_the_same_bytes(made: dict[str, dict[str, Path]]) -> None:
    assert set(made["first"]) == set(made["second"])
    for name, path in made["first"].items():
        assert path.read_bytes() == made["second"][name].read_bytes(), name


@needs_soffice
@needs_cjk_fonts
def test_the_bundle_written_by_fpdf2_is_left_as_it_is(made: dict[str, dict[str, Path]]) -> None:
    """fpdf2 names its fonts after the SC face (its CFF keeps the collection's name inside): not ours to
    rename, and not renamed even if the bundle were normalised again."""
    bundle = made["first"]["pack/evidence-bundle.pdf"]
    before = font_names(bundle)
    assert {n for where, n in before if where == "BaseFont"} <= {"MPDFAA+NotoSansCJKSC", "MPDFAA+NotoSansCJKSCBold"}
    with pikepdf.open(bundle) as pdf:
        assert name_simplified_chinese_faces(pdf) == []
    assert font_names(normalise_pdf(bundle.read_bytes(), DAY, "bundle")) == before


def _docx(text: str, east_asia: str) -> bytes:
    """A .docx of one paragraph whose East Asian text is set in ``east_asia``."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    run = document.add_paragraph().add_run(text)
    run.font.name = "Liberation Serif"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@needs_soffice
@needs_cjk_fonts
def test_a_font_drawing_japanese_forms_keeps_its_japanese_name(tmp_path: Path) -> None:
    raw = docx_to_pdf(_docx("骨角直令 " + TITLE, "Noto Serif CJK JP"), "japanese")
    pdf = normalise_pdf(raw, DAY, "japanese")
    bases = [n for where, n in font_names(pdf) if where == "BaseFont" and "CJK" in n]
    assert bases and all("NotoSerifCJKjp" in n for n in bases), bases
    with pikepdf.open(io.BytesIO(raw)) as original:
        assert name_simplified_chinese_faces(original) == []
    faces = _glyph_faces(pdf, tmp_path, "直")
    assert "Noto Serif CJK JP" in faces and "Noto Serif CJK SC" not in faces


@needs_soffice
def test_a_pdf_without_cjk_fonts_is_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = docx_to_pdf(_docx("A payment application in English only.", "SimSun"), "english")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        assert name_simplified_chinese_faces(pdf) == []
    renamed = normalise_pdf(raw, DAY, "english")
    monkeypatch.setattr(render_docx, "name_simplified_chinese_faces", lambda pdf: [])
    assert normalise_pdf(raw, DAY, "english") == renamed


# ------------------------------------------------------------------------ a CID-keyed CFF (FontFile3)


def _cid_font_pdf(face: str, text: str, lang: str = "zh-CN") -> bytes:
    """A PDF that draws ``text`` in a CID-keyed CFF subset of ``face`` of the Noto Sans CJK collection
    (Type 0, Identity-H: as a producer that embeds CFF rather than Type 1 writes it), named as LibreOffice
    names it: after the collection's shared CFF (NotoSansCJKjp-Regular), whichever face it is."""
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTCollection, TTFont

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True, check=True
    ).stdout
    with TTCollection(path, lazy=True) as collection:
        index = next(i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(6) == face)
    buffer = io.BytesIO()
    with TTFont(path, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap()
        cids = [int(cmap[ord(c)][3:]) for c in text]
        options = Options()
        options.layout_features = []
        subsetter = Subsetter(options)
        subsetter.populate(glyphs=[cmap[ord(c)] for c in text])
        subsetter.subset(font)
        font.save(buffer)
    with TTFont(io.BytesIO(buffer.getvalue())) as subset:
        program = subset.reader["CFF "]
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(program), None)
    name = pikepdf.Name(f"/ABCDEF+{cff.fontNames[0]}")

    pdf = pikepdf.new()
    pdf.Root.Lang = pikepdf.String(lang)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=name,
        Flags=4,
        FontBBox=[-1002, -1048, 2928, 1808],
        ItalicAngle=0,
        Ascent=880,
        Descent=-120,
        CapHeight=733,
        StemV=80,
        FontFile3=pdf.make_stream(program, Subtype=pikepdf.Name.CIDFontType0C),
    )
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType0,
        BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
    )
    pairs = "".join(f"<{cid:04X}> <{ord(c):04X}>\n" for cid, c in zip(cids, text, strict=True))
    to_unicode = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{len(cids)} beginbfchar\n{pairs}endbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    type0 = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(cid_font)],
        ToUnicode=pdf.make_stream(to_unicode.encode()),
    )
    content = f"BT /F1 24 Tf 50 700 Td <{''.join(f'{cid:04X}' for cid in cids)}> Tj ET".encode()
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(type0))),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@needs_cjk_fonts
def test_a_cid_keyed_cff_drawing_the_sc_face_is_renamed_in_the_pdf_and_in_the_program(tmp_path: Path) -> None:
    raw = _cid_font_pdf("NotoSansCJKsc-Regular", TITLE)
    assert {n for _, n in font_names(raw)} >= {"ABCDEF+NotoSansCJKjp-Regular", "NotoSansCJKjp-Regular"}
    pdf = normalise_pdf(raw, DAY, "cid")
    names = font_names(pdf)
    assert not [(where, n) for where, n in names if "jp" in n.lower()], names
    assert {n for where, n in names if where in ("BaseFont", "FontName")} == {"ABCDEF+NotoSansCJKsc-Regular"}
    assert ("CFF name", "NotoSansCJKsc-Regular") in names
    assert all(n.startswith("NotoSansCJKsc-Regular-") for where, n in names if where == "CFF FD FontName")
    assert TITLE in text_of(pdf)
    faces = _glyph_faces(pdf, tmp_path, "直")
    assert "Noto Sans CJK SC" in faces and "Noto Sans CJK JP" not in faces
    assert normalise_pdf(raw, DAY, "cid") == pdf


@needs_cjk_fonts
def test_a_cid_keyed_cff_drawing_the_jp_face_keeps_its_name(tmp_path: Path) -> None:
    raw = _cid_font_pdf("NotoSansCJKjp-Regular", TITLE)
    pdf = normalise_pdf(raw, DAY, "cid")
    assert font_names(pdf) == font_names(raw)
    assert "Noto Sans CJK JP" in _glyph_faces(pdf, tmp_path, "直")


@needs_cjk_fonts
def test_a_japanese_document_keeps_the_names_even_where_its_glyphs_are_also_the_sc_ones() -> None:
    shared = "中文"  # the same glyphs in the SC and the JP face
    with pikepdf.open(io.BytesIO(_cid_font_pdf("NotoSansCJKsc-Regular", shared))) as pdf:
        assert name_simplified_chinese_faces(pdf) == [("NotoSansCJKjp-Regular", "NotoSansCJKsc-Regular")]
    raw = _cid_font_pdf("NotoSansCJKsc-Regular", shared, lang="ja-JP")
    assert font_names(normalise_pdf(raw, DAY, "ja")) == font_names(raw)


@pytest.mark.parametrize(
    ("lang", "other"),
    [
        ("zh-CN", False),
        ("zh-Hans-CN", False),
        ("zh", False),
        ("en-GB", False),
        ("ja-JP", True),
        ("ko", True),
        ("zh-TW", True),
        ("zh-Hant-HK", True),
    ],
)
def test_which_languages_keep_the_names(lang: str, other: bool) -> None:
    assert render_docx._asks_for_other_cjk(lang) is other
