"""Document craft: files Word opens without repair, Simplified Chinese marked and named, layouts that hold.

Most checks run over every document the demo writes for the three samples (a Chinese, an English and a
bilingual project), so that a new document type is covered the day it is added to the demo.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from contractkit.cli.demo import DEMO_AS_OF, run_demo
from tests.conftest import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document type of the three samples, as `contractkit demo` writes them, and in ``extra/`` the
    ones the demo's ledgers do not call for: a bilingual notice of suspension, and the reply pack of the
    Pre-Action Protocol for Debt Claims (an English final demand to a sole trader) in every language."""
    import shutil

    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.letters import write_demand

    folder = tmp_path_factory.mktemp("demo") / "out"
    run_demo(folder, samples=None, as_of=DEMO_AS_OF, force=False, say=lambda _: None)
    extra = folder / "extra"
    extra.mkdir()
    fitout = load_project(folder / "fitout-cn" / "project")
    write_demand(
        fitout,
        "P2",
        extra / "demand-P2-suspension.bilingual.docx",
        as_of=DEMO_AS_OF,
        lang="bilingual",
        stage=DemandStage.SUSPENSION,
    )
    sole = extra / "sole-trader"
    shutil.copytree(folder / "software-uk" / "project", sole)
    text = (sole / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("    size: large\n", "    size: large\n    form: sole-trader\n", 1)
    (sole / "project.yaml").write_text(text, encoding="utf-8")
    trader = load_project(sole)
    for lang in ("zh", "en", "bilingual"):
        write_demand(
            trader, "P3", extra / f"demand-P3-final.{lang}.docx", as_of=DEMO_AS_OF, lang=lang, stage=DemandStage.FINAL
        )
    return folder


def documents(folder: Path) -> list[Path]:
    parts = ("project", "sole-trader")
    return sorted(p for p in folder.rglob("*.docx") if not set(parts) & set(p.relative_to(folder).parts))


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def test_demo_writes_every_document_type(demo: Path) -> None:
    names = {p.name.split(".")[0] for p in documents(demo)}
    for kind in ("contract", "progress-report", "application-letter", "payment-statement", "progress-summary"):
        assert kind in names
    assert {"evidence-index", "demand-P2-reminder", "demand-P2-final-case-summary", "demand-P3-suspension"} <= names
    reply_packs = [p for p in documents(demo) if "reply-pack" in p.name]
    assert len(reply_packs) == 3 and len(documents(demo)) >= 45


def test_every_document_is_valid_against_the_ooxml_schemas(demo: Path) -> None:
    """What Word would "repair" (elements out of schema order, values outside a type) fails here. The demo
    renders every template (each document type in zh, en and bilingual), so templates are covered too."""
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator()
    problems = []
    for path in documents(demo):
        result = validator.validate(str(path))
        problems += [f"{path.name}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_mark_simplified_chinese_and_name_chinese_faces(path: Path) -> None:
    styles = part(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert default is not None
    assert default.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert default.find(f"{W}lang").get(f"{W}val") == ("zh-CN" if ".zh." in path.name else "en-GB")
    assert default.find(f"{W}rFonts").get(f"{W}eastAsia") == "SimSun"
    for fonts in styles.iter(f"{W}rFonts"):
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")], etree.tostring(fonts)
        assert fonts.get(f"{W}eastAsia") in (None, "SimSun", "SimHei")
    assert {lang.get(f"{W}eastAsia") for lang in styles.iter(f"{W}lang")} == {"zh-CN"}
    theme_lang = part(path, "word/settings.xml").find(f"{W}themeFontLang")
    assert theme_lang is not None and theme_lang.get(f"{W}eastAsia") == "zh-CN"
    table = part(path, "word/fontTable.xml")
    charsets = {f.get(f"{W}name"): f.find(f"{W}charset").get(f"{W}val") for f in table.iter(f"{W}font")}
    assert charsets["SimSun"] == charsets["SimHei"] == "86"  # GB2312
    assert "80" not in charsets.values()  # no Shift-JIS (Japanese) face left from python-docx's template
    with zipfile.ZipFile(path) as archive:
        assert "word/stylesWithEffects.xml" not in archive.namelist()
        theme = archive.read("word/theme/theme1.xml").decode()
    assert '<a:ea typeface="SimSun"/>' in theme and '<a:ea typeface="SimHei"/>' in theme


def test_documents_carry_their_language_in_the_properties(demo: Path) -> None:
    for path in documents(demo):
        core = part(path, "docProps/core.xml")
        language = core.find("{http://purl.org/dc/elements/1.1/}language")
        assert language is not None and language.text in ("zh-CN", "en-GB"), path


def test_one_language_documents_of_a_bilingual_project_show_one_language(tmp_path: Path) -> None:
    """The EPC sample writes its titles "English / 中文" and names "Name (中文名)": an English document shows
    the English side only, a Chinese document the Chinese side of each pair."""
    import re
    import shutil

    from click.testing import CliRunner
    from pypdf import PdfReader

    from contractkit.cli import main
    from tests.conftest import SAMPLES
    from tests.docs import docx_text

    project = tmp_path / "epc"
    shutil.copytree(SAMPLES / "epc-intl", project)
    runner = CliRunner()
    for lang in ("en", "zh"):
        out = tmp_path / lang
        out.mkdir()
        for args in (
            ["draft", str(project), "-o", str(out / "contract.docx")],
            ["report", str(project), "-o", str(out / "report.docx"), "--as-of", "2026-11-29"],
            [
                "demand",
                str(project),
                "--node",
                "P3",
                "--stage",
                "final",
                "-o",
                str(out / "final.docx"),
                "--as-of",
                "2026-11-29",
            ],
            ["apply", str(project), "--node", "P3", "-o", str(out / "pack"), "--as-of", "2026-06-15", "--no-pdf"],
        ):
            result = runner.invoke(main, [*args, "--lang", lang])
            assert result.exit_code == 0, result.output
        texts = {p.name: docx_text(p) for p in sorted(out.rglob("*.docx"))}
        texts["bundle index"] = PdfReader(out / "pack" / "evidence-bundle.pdf").pages[0].extract_text()
        assert len(texts) == 9
        for name, text in texts.items():
            if lang == "en":
                assert not re.search(r"[\u4e00-\u9fff]", text), (name, re.findall(r".{20}[\u4e00-\u9fff]+", text)[:3])
            else:
                assert " / 期中付款申请第2号" not in text and "Interim payment 2" not in text, name
        if lang == "en":
            assert "Jiangsu Huayao New Energy Engineering Co., Ltd." in texts["contract.docx"]
            assert "Statement No. 2" in texts["evidence-index.docx"]
        else:
            assert "江苏华耀新能源工程有限公司" in texts["contract.docx"]
            assert "期中付款申请第2号" in texts["evidence-index.docx"]


# ------------------------------------------------------------------------------------------------ layout


def test_no_word_is_wider_than_its_table_column(demo: Path) -> None:
    """Measured with the fonts' metrics: a column too narrow for a word breaks it ("Tota l", "Nod e")."""
    from tests.layout import broken_words

    problems = [f"{path.name}: {word}" for path in documents(demo) for word in broken_words(path)]
    assert not problems, "\n".join(problems[:20])


def test_table_rows_never_split_across_pages(demo: Path) -> None:
    for path in documents(demo):
        for row in part(path, "word/document.xml").iter(f"{W}tr"):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None, path.name


def header_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        headers = [n for n in archive.namelist() if n.startswith("word/header")]
        return " ".join("".join(etree.fromstring(archive.read(n)).itertext()).strip() for n in headers).strip()


def test_demand_letters_carry_no_confidentiality_mark_and_the_case_summary_one(demo: Path) -> None:
    """A demand letter is written to be shown to a court: it is not marked confidential. Documents that are
    marked carry the mark once, in the header (the samples with a confidentiality clause: fitout, software)."""
    marks = {"fitout-cn": "保密", "software-uk": "CONFIDENTIAL", "epc-intl": "", "warehouse-cn": ""}
    for path in documents(demo):
        sample = path.relative_to(demo).parts[0]
        if path.name.startswith("demand-") and "case-summary" not in path.name:
            assert header_text(path) == "", path.name
        elif sample == "extra":  # the sole trader's case summaries, in each language
            assert header_text(path) in ("保密", "CONFIDENTIAL", "保密 CONFIDENTIAL"), path.name
        elif not path.name.startswith("contract"):
            assert header_text(path) == marks[sample], path.name


def test_chinese_letters_close_with_cizhi_jingli_then_the_enclosures(demo: Path) -> None:
    from docx import Document

    from tests.docs import docx_text

    letter = demo / "fitout-cn" / "application-P2" / "application-letter.docx"
    text = docx_text(letter)
    order = [text.index(mark) for mark in ("此致", "敬礼！", "（盖章）", "附件：", "1. 付款申请明细表")]
    assert order == sorted(order), order
    body = [p for p in Document(str(letter)).paragraphs if p.text.startswith(("根据", "现承包人", "按照合同"))]
    assert len(body) == 3
    for paragraph in body:  # two characters of 10.5 pt
        assert paragraph.style.name == "Letter Body" and paragraph.style.paragraph_format.first_line_indent.pt == 21
    reminder = docx_text(demo / "fitout-cn" / "demand-P2-reminder.docx")
    order = [reminder.index(mark) for mark in ("此致", "敬礼！", "（盖章）", "附件：")]
    assert order == sorted(order), order


def test_chinese_statement_counts_in_yuan_and_has_sign_off_boxes(demo: Path) -> None:
    from tests.docs import docx_text

    zh = docx_text(demo / "fitout-cn" / "application-P2" / "payment-statement.docx")
    assert "金额单位：元" in zh and "CNY" not in zh
    summary = docx_text(demo / "fitout-cn" / "demand-P2-final-case-summary.docx")
    assert "币种\n人民币" in summary and "CNY" not in summary  # the currency by its Chinese name
    for box in ("承包人（申请人）", "负责人（签字）", "盖章", "发包人审核意见", "审核金额", "审核人（签字）"):
        assert box in zh
    en = docx_text(demo / "software-uk" / "application-P3" / "payment-statement.docx")
    for box in ("Prepared by (signature)", "Seal:", "Amount certified", "Reviewed by (signature)"):
        assert box in en


def test_bilingual_schedule_gives_amounts_in_words_in_both_languages(demo: Path) -> None:
    from contractkit.model.words import amount_in_chinese, amount_in_english
    from tests.docs import docx_text

    text = docx_text(demo / "epc-intl" / "contract.docx")
    from decimal import Decimal

    for amount in (Decimal("3850000.00"), Decimal("9625000.00")):
        assert amount_in_chinese(amount, "USD", prefix=True) in text
        assert amount_in_english(amount, "USD") in text


def test_the_gallery_shows_every_document_type_in_every_language() -> None:
    """docs/gallery.md (made by scripts/gallery.py) has a small page image of each type in zh, en, bilingual."""
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    assert spec and spec.loader
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    index = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    shown = set(re.findall(r'<img src="gallery/([\w-]+\.png)"', index))
    expected = {f"{name}-{lang}.png" for name, *_ in gallery.DOCUMENTS for _, lang in gallery.SAMPLES}
    assert shown == expected and len(expected) == 57
    # every kind of template contractkit ships has its row (a valuation pack names its statement differently)
    families = {p.name.split(".")[0] for p in (ROOT / "templates").glob("*.zh.docx")}
    shown_names = {name for name, *_ in gallery.DOCUMENTS}
    aliases = {
        "apply-letter": "application-letter",
        "apply-statement": "payment-statement",
        "apply-progress": "progress-summary",
        "apply-evidence": "evidence-index",
        "report": "progress-report",
        "apply-valuation": "valuation-statement",
        "apply-measurement": "measurement-sheet",
    }
    assert {aliases.get(f, f) for f in families} <= shown_names
    for name in expected:
        image = ROOT / "docs" / "gallery" / name
        assert image.is_file() and 2_000 < image.stat().st_size < 300_000, name
    assert "(docs/gallery.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- rendered by LibreOffice

CLOSINGS = ("特此", "此致", "敬礼", "Yours faithfully", "Yours sincerely", "For and on behalf of")


@pytest.fixture(scope="session")
def rendered(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every demo document as LibreOffice lays it out (one conversion run for all of them)."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from contractkit.render.docx import PDFA_EXPORT

    out = tmp_path_factory.mktemp("rendered")
    sources = []
    for path in documents(demo):
        copy = out / f"{path.parent.name}--{path.name}"
        shutil.copy(path, copy)
        sources.append(str(copy))
    profile = (out / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            PDFA_EXPORT,
            "--outdir",
            str(out),
            *sources,
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    return {p.stem: p for p in sorted(out.glob("*.pdf"))}


def test_letters_never_end_on_a_page_of_closing_and_seal_alone(rendered: dict[str, Path]) -> None:
    """Where the closing falls on the last page, body text of the letter comes before it on that page."""
    import subprocess

    letters = [name for name in rendered if "demand-" in name or "application-letter" in name or "report" in name]
    assert len(letters) >= 21
    for name in letters:
        path = rendered[name]
        pages = int(
            next(
                line.split()[1]
                for line in subprocess.run(
                    ["pdfinfo", str(path)], capture_output=True, text=True, check=True
                ).stdout.splitlines()
                if line.startswith("Pages:")
            )
        )
        text = subprocess.run(
            ["pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [
            line.strip()
            for line in text.splitlines()
            if line.strip() and line.strip() not in ("保密", "CONFIDENTIAL", "保密 CONFIDENTIAL", str(pages))
        ]
        first_closing = next((i for i, line in enumerate(lines) if line.startswith(CLOSINGS)), None)
        if first_closing is not None:
            assert first_closing > 0, (name, pages, lines[:4])


def test_nothing_is_drawn_in_the_side_margins(rendered: dict[str, Path], tmp_path: Path) -> None:
    """A table or a line wider than the text area shows as ink in the side margins of the rendered page."""
    import subprocess

    from PIL import Image

    dpi = 30
    strip = round(1.2 / 2.54 * dpi)  # the outer 1.2 cm of each 2.4 cm side margin
    for name, path in rendered.items():
        stem = tmp_path / name
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(path), str(stem)], check=True)
        for page in sorted(tmp_path.glob(f"{name}-*.pgm")):
            with Image.open(page) as image:
                width, height = image.size
                top, bottom = round(2.3 / 2.54 * dpi), height - round(2.0 / 2.54 * dpi)
                for box in ((0, top, strip, bottom), (width - strip, top, width, bottom)):
                    darkest = image.crop(box).getextrema()[0]
                    assert darkest > 200, (name, page.name, box, darkest)
