"""The evidence bundle as a client, a clerk and an archivist read it: searchable stamps in the bundle's language,
one confidentiality mark on our own index, supporting documents and documents to follow listed, and nothing
in the client's files that can act."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
from click.testing import CliRunner
from pypdf import PdfReader

from tests.docs import docx_text
from tests.test_apply import make_pdf, project, run_apply

__all__ = ["project"]


def register(folder: Path, line: str) -> None:
    """Add an evidence line to the fit-out sample's register (after E4)."""
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - {id: E4, node: P2,"
    start = text.index(anchor)
    end = text.index("\n", start) + 1
    path.write_text(text[:end] + line + "\n" + text[end:], encoding="utf-8")


def test_stamps_are_searchable_in_the_bundles_language_and_confidential_only_on_the_index(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    for lang, index, evidence, mark in (
        ("zh", "P2 · 索引 · 第1页 共5页", "P2 · E3 · 第2页 共5页", "保密"),
        ("en", "P2 · index · page 1 of 5", "P2 · E3 · page 2 of 5", "CONFIDENTIAL"),
        ("bilingual", "P2 · 索引 index · 第1页 共5页 · page 1 of 5", "P2 · E3 · 第2页 共5页 · page 2 of 5", "保密"),
    ):
        out = tmp_path / lang
        assert run_apply(runner, project, out, "--lang", lang).exit_code == 0
        pages = PdfReader(out / "evidence-bundle.pdf").pages
        first, second = pages[0].extract_text(), pages[1].extract_text()
        assert "\x00" not in first + second  # every code maps to its character (a correct ToUnicode map)
        assert index in first, first
        assert evidence in second, second
        assert "E3" in first and "SHA-256" in first  # the index's own text is searchable too
        # the confidentiality mark: once, on our index; never over the client's own pages
        assert first.count(mark) == 1
        for page in pages[1:]:
            text = page.extract_text()
            assert "保密" not in text and "CONFIDENTIAL" not in text


def test_supporting_documents_follow_the_required_ones(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    make_pdf(project / "evidence" / "p2-letter.pdf", pages=1, text="covering letter")
    register(project, "  - {id: E9, node: P2, title: 监理工作联系单, file: evidence/p2-letter.pdf, date: 2026-05-11}")
    out = tmp_path / "pack"
    result = run_apply(runner, project, out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "E9 监理工作联系单" in result.output and "其他证明材料" in result.output
    reader = PdfReader(out / "evidence-bundle.pdf")
    assert len(reader.pages) == 6 and "P2 · E9 · 第6页 共6页" in reader.pages[-1].extract_text()
    index = reader.pages[0].extract_text()
    assert index.index("其他证明材料") > index.index("监理确认的工程量清单")
    assert "E9 监理工作联系单" in index
    assert [item.title for item in reader.outline][-1] == "E9 监理工作联系单"
    table = docx_text(out / "evidence-index.docx")
    assert "其他证明材料" in table and "E9 监理工作联系单" in table and "第6页" in table
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    supporting = [i for i in manifest["inputs"] if i["role"] == "supporting evidence E9"]
    assert supporting and supporting[0]["pages_in_bundle"] == [6, 6] and "requirement" not in supporting[0]


def test_documents_to_follow_are_listed_in_the_index_and_named_in_the_letter(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    text = (project / "project.yaml").read_text(encoding="utf-8")
    start = text.index("  - {id: E4, node: P2,")
    (project / "project.yaml").write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    for lang, to_follow in (("zh", "后补"), ("en", "to follow")):
        out = tmp_path / lang
        result = run_apply(runner, project, out, "--allow-missing", "--lang", lang)
        assert result.exit_code == 0, result.output
        assert "监理确认的工程量清单" in result.output
        index = PdfReader(out / "evidence-bundle.pdf").pages[0].extract_text()
        row = next(line for line in index.splitlines() if "监理确认的工程量清单" in line)
        assert to_follow in row
        assert to_follow in docx_text(out / "evidence-index.docx")
        letter = docx_text(out / "application-letter.docx")
        assert "监理确认的工程量清单" in letter
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["to_follow"] == ["监理确认的工程量清单"]


def _active(path: Path) -> None:
    """Give an evidence PDF every kind of active content: actions, JavaScript, a file, a form field, a link."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
        pdf.Root.OpenAction = js
        attached = pdf.make_stream(b"payload")
        attached.Type = pikepdf.Name.EmbeddedFile
        spec = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("a.exe"), EF=pikepdf.Dictionary(F=attached))
        )
        pdf.Root.Names = pikepdf.Dictionary(
            JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), js])),
            EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a.exe"), spec])),
        )
        appearance = pdf.make_stream(b"BT /Helv 10 Tf 2 4 Td (FILLED-IN) Tj ET")
        appearance.Type = pikepdf.Name.XObject
        appearance.Subtype = pikepdf.Name.Form
        appearance.BBox = pikepdf.Array([0, 0, 120, 20])
        appearance.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(
                Helv=pikepdf.Dictionary(
                    Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
                )
            )
        )
        field = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Tx,
                T=pikepdf.String("f"),
                V=pikepdf.String("FILLED-IN"),
                Rect=pikepdf.Array([100, 600, 220, 620]),
                AP=pikepdf.Dictionary(N=appearance),
                F=4,
            )
        )
        launch = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Link,
                Rect=pikepdf.Array([100, 500, 200, 520]),
                A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")),
            )
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([field, launch]))
        pdf.pages[0].obj.AA = pikepdf.Dictionary(O=js)
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))
        pdf.save(path)


def test_the_bundle_keeps_pages_and_drops_active_content(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    _active(project / "evidence" / "p2-acceptance.pdf")
    out = tmp_path / "pack"
    result = run_apply(runner, project, out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "E3: JavaScript, actions, embedded files, form fields removed; the pages are kept" in result.output
    with pikepdf.open(out / "evidence-bundle.pdf") as pdf:
        assert len(pdf.pages) == 5  # every page is kept
        assert "/OpenAction" not in pdf.Root and "/AcroForm" not in pdf.Root and "/AA" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", {}) and "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for page in pdf.pages:
            assert "/AA" not in page.obj
            for annotation in page.obj.get("/Annots", []):
                assert "/A" not in annotation and annotation.get("/Subtype") != "/Widget"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/S") not in ("/JavaScript", "/Launch") and obj.get("/Type") != "/EmbeddedFile"
    # the form's filled-in value is still on the page, now as page content
    assert "FILLED-IN" in PdfReader(out / "evidence-bundle.pdf").pages[1].extract_text()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    e3 = next(i for i in manifest["inputs"] if i["role"] == "evidence E3")
    assert e3["removed_from_bundle"] == ["JavaScript", "actions", "embedded files", "form fields"]
    e4 = next(i for i in manifest["inputs"] if i["role"] == "evidence E4")
    assert "removed_from_bundle" not in e4


def test_a_page_that_draws_through_an_xobject_named_like_the_stamp_keeps_it(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    """The stamp goes on as a form XObject under a name the page does not use: a client's own /Stamp stays."""
    path = project / "evidence" / "p2-drawing.pdf"
    make_pdf(path, pages=1, text="CLIENT-DRAWING")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        form = pdf.make_stream(
            page.Contents.read_bytes(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=page.MediaBox
        )
        form.Resources = page.Resources
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Stamp=form))
        page.Contents = pdf.make_stream(b"q /Stamp Do Q")
        pdf.save(path)
    register(project, "  - {id: E9, node: P2, title: 图纸, file: evidence/p2-drawing.pdf, date: 2026-05-11}")
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--lang", "en").exit_code == 0
    reader = PdfReader(out / "evidence-bundle.pdf")
    last = reader.pages[-1]
    text = last.extract_text()
    assert "CLIENT-DRAWING" in text and f"P2 · E9 · page {len(reader.pages)} of {len(reader.pages)}" in text, text
    names = set(last["/Resources"]["/XObject"])
    assert "/Stamp" in names and len(names) == 2, names
