"""Archival PDFs: PDF/A-2b from LibreOffice and for the evidence bundle, files that strict readers open,
Simplified Chinese glyphs, and the same bytes for the same inputs.

The validator is page (page-validation on PyPI, a Rust implementation of the veraPDF PDF/A rules). It is
run in a child process: it and pikepdf bundle native libraries that crash when loaded in one process in
the wrong order. Two of its font rules misread fonts that are correct, and where they fire we check the
fonts ourselves instead (see ``PAGE_FONT_RULES``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.fonts import embedded_glyphs, faces_drawing, to_unicode, type1_program

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="PDF output needs LibreOffice")

#: page's rules that misjudge correct CJK fonts: it does not recognise LibreOffice's Type 1 header
#: "%!FontType1-1.0" (a form the Type 1 specification allows) and reads the widths of CID-keyed CFF
#: glyphs against the first FD's nominal width instead of their own FD's. Where they fire, the fonts are
#: checked here with fontTools: every glyph present, its advance equal to the /Widths or /W entry.
PAGE_FONT_RULES = {
    "PDFA2B-FONT-EMBEDDING-001",
    "PDFA2B-TYPE1-SUBSET-CHARSET-001",
    "PDFA2B-TRUETYPE-GLYPH-WIDTH-001",
    "PDFA2B-STREAM-LENGTH-001",  # fired on a bundle whose every /Length matches its data (checked below)
}


def validate(paths: list[Path]) -> dict[str, list[str]]:
    """page's PDF/A-2b verdict on each file: the rules that failed (empty: conforming)."""
    script = (
        "import json, sys, page\n"
        "out = {}\n"
        "for p in sys.argv[1:]:\n"
        "    r = page.validate_pdf(p, profile='2b')\n"
        "    out[p] = sorted({f.rule_id for f in r.failures}) if not r.is_compliant else []\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, paths)], capture_output=True, text=True, check=True
    )
    return {f"{Path(k).parent.name}/{Path(k).name}": v for k, v in json.loads(result.stdout).items()}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """PDFs of every LibreOffice-made kind (contract, letter, statement, summary, index) in zh and en, and
    the evidence bundles. The fit-out's node titles carry characters whose Japanese forms differ."""
    root = tmp_path_factory.mktemp("pdf")
    fitout = root / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", fitout)
    text = (fitout / "project.yaml").read_text(encoding="utf-8")
    (fitout / "project.yaml").write_text(text.replace("第一期进度款", "轻钢龙骨直角令进度款"), encoding="utf-8")
    runner = CliRunner()
    (root / "again").mkdir()
    letter = ["--as-of", "2026-09-30", "--pdf", "-o"]
    english = ["--lang", "en"]
    runs = [
        ["draft", str(fitout), "-o", str(root / "contract-zh.docx"), "--pdf"],
        ["draft", str(SAMPLES / "software-uk"), "-o", str(root / "contract-en.docx"), "--pdf"],
        ["draft", str(SAMPLES / "software-uk"), "-o", str(root / "again" / "contract-en.docx"), "--pdf"],
        ["apply", str(fitout), "--node", "P2", "-o", str(root / "zh"), "--as-of", "2026-05-12", "--pdf"],
        # the EPC's interim payment as applied for on 15 June: four documents dated by then go in its bundle (the
        # software sample records its applications before their documents exist: those bundles hold an index only)
        ["apply", str(SAMPLES / "epc-intl"), "--node", "P3", "-o", str(root / "en"), "--as-of", "2026-06-15", *english],
        # letters: a letter before action with its case summary, and a Chinese formal notice
        [
            "demand",
            str(SAMPLES / "software-uk"),
            "--node",
            "all",
            "--stage",
            "final",
            *letter,
            str(root / "letter-en.docx"),
        ],
        ["demand", str(fitout), "--node", "P2", "--stage", "notice", *letter, str(root / "letter-zh.docx")],
    ]
    for args in runs:
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    made = [*root.glob("*.pdf"), *root.glob("zh/*.pdf"), *root.glob("en/*.pdf")]
    return {f"{p.parent.name}/{p.name}": p for p in sorted(made)}


def test_every_kind_of_pdf_is_made(pdfs: dict[str, Path]) -> None:
    for name in ("application-letter", "payment-statement", "progress-summary", "evidence-index", "evidence-bundle"):
        assert f"zh/{name}.pdf" in pdfs and f"en/{name}.pdf" in pdfs
    letters = {name.rsplit("/", 1)[-1] for name in pdfs}
    assert {"letter-en.pdf", "letter-en-case-summary.pdf", "letter-zh.pdf"} <= letters
    assert {f"{p.parent.name}/{p.name}" for p in pdfs.values()} >= {
        f"{pdfs['zh/application-letter.pdf'].parent.parent.name}/contract-zh.pdf"
    }


def _cjk(name: str) -> bool:
    """The files with CJK fonts: the Chinese documents and every bundle (its index is set in Noto CJK)."""
    return name.startswith("zh/") or name.endswith(("contract-zh.pdf", "letter-zh.pdf", "evidence-bundle.pdf"))


def test_english_documents_conform_to_pdfa_2b(pdfs: dict[str, Path]) -> None:
    verdicts = validate([p for name, p in pdfs.items() if not _cjk(name)])
    assert len(verdicts) == 7  # the contract, the pack's four, the letter before action and its case summary
    assert verdicts == {name: [] for name in verdicts}, verdicts


def _cid_widths(descendant: pikepdf.Dictionary) -> dict[int, float]:
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    i = 0
    while i < len(entries):
        first = int(entries[i])
        if isinstance(entries[i + 1], pikepdf.Array):
            for offset, width in enumerate(entries[i + 1]):
                widths[first + offset] = float(width)
            i += 2
        else:
            for cid in range(first, int(entries[i + 1]) + 1):
                widths[cid] = float(entries[i + 2])
            i += 3
    return widths


def test_cjk_documents_conform_but_for_the_validators_font_misreadings(pdfs: dict[str, Path]) -> None:
    cjk = [p for name, p in pdfs.items() if _cjk(name)]
    verdicts = validate(cjk)
    assert len(verdicts) == 8
    for name, failed in verdicts.items():
        assert set(failed) <= PAGE_FONT_RULES, (name, failed)
    for path in cjk:
        with pikepdf.open(path) as pdf:
            fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]
            for font in fonts:
                if font.get("/Subtype") == "/Type0" and "/FontFile3" in font.DescendantFonts[0].FontDescriptor:
                    import io

                    from fontTools.cffLib import CFFFontSet
                    from fontTools.pens.basePen import NullPen

                    descendant = font.DescendantFonts[0]
                    cff = CFFFontSet()
                    cff.decompile(io.BytesIO(descendant.FontDescriptor.FontFile3.read_bytes()), None)
                    charstrings = cff[cff.fontNames[0]].CharStrings
                    for cid, width in _cid_widths(descendant).items():
                        if f"cid{cid:05d}" not in charstrings:  # listed in /W, never drawn
                            continue
                        glyph = charstrings[f"cid{cid:05d}"]
                        glyph.draw(NullPen())
                        assert glyph.width == width, (path.name, cid, glyph.width, width)
                if font.get("/Subtype") != "/Type1":
                    continue
                program = type1_program(font.FontDescriptor.FontFile)
                encoding, charstrings = program.font["Encoding"], program.font["CharStrings"]
                first, widths = int(font.FirstChar), [float(w) for w in font.Widths]
                for code in range(first, int(font.LastChar) + 1):
                    name = encoding[code]
                    if name == ".notdef":  # code 0 is never drawn; PDF/A compares the glyphs drawn
                        continue
                    assert name in charstrings, (path.name, code)
                    glyph = charstrings[name]
                    glyph.decompile()
                    advance = glyph.program[glyph.program.index("hsbw") - 1]
                    assert advance * program.font["FontMatrix"][0] * 1000 == widths[code - first], (path.name, name)


def test_the_bundle_has_every_stream_length_right(pdfs: dict[str, Path]) -> None:
    for name in ("zh/evidence-bundle.pdf", "en/evidence-bundle.pdf"):
        data = pdfs[name].read_bytes()
        checked = 0
        for match in re.finditer(rb">>\s*stream(\r\n|\n)", data):
            head = data[data.rfind(b" obj", 0, match.start()) : match.start()]
            lengths = re.findall(rb"/Length (\d+)(?! \d+ R)", head)
            raw = data.find(b"endstream", match.end()) - match.end()
            if lengths:
                assert raw - int(lengths[-1]) in (0, 1, 2), (name, head[:80])
                checked += 1
        assert checked > 10


def test_every_pdf_is_archival_in_its_properties_and_opens_strictly(pdfs: dict[str, Path]) -> None:
    """The properties PDF/A rests on, checked directly: output intent, identification, metadata that agrees
    with the document information, every font embedded, nothing encrypted, nothing that runs."""
    for name, path in pdfs.items():
        reader = PdfReader(path, strict=True)
        assert all(page.extract_text() is not None for page in reader.pages)
        with pikepdf.open(path) as pdf:
            assert not pdf.is_encrypted
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3, name
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B", name
            assert str(pdf.docinfo["/Title"]) == meta["dc:title"], name
            assert str(pdf.docinfo["/Producer"]) == meta["pdf:Producer"] == "contractkit", name
            for key in ("/OpenAction", "/AA", "/AcroForm"):
                assert key not in pdf.Root or not isinstance(pdf.Root[key], pikepdf.Dictionary), (name, key)
            assert "/JavaScript" not in pdf.Root.get("/Names", {}), name
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                    assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(obj.keys()), (name, obj.get("/FontName"))
            pages = len(pdf.pages)
        assert pages == len(reader.pages)


def test_chinese_is_drawn_in_simplified_chinese_forms(pdfs: dict[str, Path]) -> None:
    """骨, 角, 直 and 令 differ between the Simplified Chinese and Japanese faces of Noto CJK: the glyphs in
    the PDFs must be the SC ones, never the JP ones (LibreOffice names every face of the collection
    "NotoSerifCJKjp", so the outlines are compared, not the names)."""
    for name in ("zh/application-letter.pdf", "zh/payment-statement.pdf", "zh/evidence-bundle.pdf"):
        glyphs = embedded_glyphs(pdfs[name])
        for character in "骨角直令":
            faces = faces_drawing(character, glyphs.get(character, set()))
            assert any(face.endswith(" SC") for face in faces), (name, character, faces)
            assert not any(face.endswith(" JP") for face in faces), (name, character, faces)


def test_bundle_fonts_are_named_as_the_simplified_chinese_face(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["zh/evidence-bundle.pdf"]) as pdf:
        ours = {
            str(o.BaseFont)
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary)
            and o.get("/Type") == "/Font"
            and o.get("/Subtype") == "/Type0"
            and to_unicode(o)
            and "MPDFAA+" in str(o.BaseFont)
        }
    assert ours and all("SC" in n and "JP" not in n for n in ours), ours


def test_the_bundle_says_when_its_inputs_keep_it_from_pdfa(tmp_path: Path) -> None:
    from tests.test_apply import make_pdf, run_apply

    project = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", project)
    make_pdf(project / "evidence" / "p2-quantities.pdf", text="quantities")  # Helvetica, not embedded
    out = tmp_path / "pack"
    result = run_apply(CliRunner(), project, out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "evidence-bundle.pdf is not PDF/A-2b" in result.output
    assert "E4 evidence/p2-quantities.pdf: font Helvetica is not embedded" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bundle_archival"] == {
        "standard": None,
        "why_not": ["E4 evidence/p2-quantities.pdf: font Helvetica is not embedded"],
    }
    with pikepdf.open(out / "evidence-bundle.pdf") as pdf:
        assert "pdfaid:part" not in pdf.open_metadata()
    sample = CliRunner().invoke(
        main,
        [
            "apply",
            str(SAMPLES / "fitout-cn"),
            "--node",
            "P2",
            "-o",
            str(tmp_path / "s"),
            "--no-pdf",
            "--as-of",
            "2026-05-12",
        ],
    )
    assert sample.exit_code == 0 and "not PDF/A" not in sample.output
    assert json.loads((tmp_path / "s" / "manifest.json").read_text())["bundle_archival"] == {"standard": "PDF/A-2b"}


def test_a_drafted_contract_pdf_is_the_same_bytes_each_time(pdfs: dict[str, Path]) -> None:
    first = next(p for name, p in pdfs.items() if name.endswith("contract-en.pdf"))
    assert (first.parent / "again" / "contract-en.pdf").read_bytes() == first.read_bytes()
