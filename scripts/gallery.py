#!/usr/bin/env python
"""Write the document gallery: one page of every document type in zh, en and bilingual, as PNG.

    python scripts/gallery.py            # docs/gallery/*.png and docs/gallery.md

The documents are those `contractkit demo` writes for the bundled samples: the Chinese fit-out (zh), the
English software contract (en) and the international EPC contract (bilingual). Each is turned into PDF by
LibreOffice and one page of it into a PNG at 60 dpi in 64 colours, so that a reviewer sees every layout at
a glance and the pictures stay small. Needs LibreOffice, poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from contractkit.cli.demo import DEMO_AS_OF, run_demo  # noqa: E402
from contractkit.render.docx import PDFA_EXPORT  # noqa: E402

GALLERY = ROOT / "docs" / "gallery"
INDEX = ROOT / "docs" / "gallery.md"
DPI = 60

#: (sample, language) in the order of the gallery's columns.
SAMPLES = (("fitout-cn", "zh"), ("software-uk", "en"), ("epc-intl", "bilingual"))

#: (name in the gallery, what it is, the file in a sample's demo output ({node}: the node applied for or
#: demanded), the page shown: a number, or the first page holding one of these words).
DOCUMENTS: tuple[tuple[str, str, str, int | tuple[str, ...]], ...] = (
    ("contract", "Draft contract: the payment schedule", "contract.docx", ("比例", "Share")),
    ("application-letter", "Application for payment: the letter", "application-{node}/application-letter.docx", 1),
    ("payment-statement", "Payment statement (G702/G703)", "application-{node}/payment-statement.docx", 1),
    ("progress-summary", "Progress summary", "application-{node}/progress-summary.docx", 1),
    ("evidence-index", "Evidence index", "application-{node}/evidence-index.docx", 1),
    ("evidence-bundle", "Evidence bundle: its index page", "application-{node}/evidence-bundle.pdf", 1),
    ("demand-reminder", "Payment reminder", "demand-{node}-reminder.docx", 1),
    ("demand-notice", "Formal notice of default", "demand-{node}-notice.docx", 1),
    ("demand-suspension", "Notice of suspension of work", "demand-{node}-suspension.docx", 1),
    ("demand-final", "Final demand / letter before action", "demand-{node}-final.docx", 1),
    ("demand-acknowledgment", "Statement of account (对账单) for signature", "demand-{node}-acknowledgment.docx", 1),
    ("case-summary", "Case summary for counsel", "demand-{node}-final-case-summary.docx", 1),
    ("progress-report", "Progress report with the cash curve", "progress-report.docx", 1),
    # documents that need a ledger the three samples do not have: made from a variant (see _variant)
    ("demand-dispute-reply", "Reply to a dispute (the fit-out, P2 disputed in part)", "*", 1),
    ("demand-default-notice", "Payee's notice of the sum due (an English construction contract)", "*", 1),
    ("demand-notified-sum", "The notified sum is payable (an English construction contract)", "*", 1),
    ("demand-protocol", "Debt Claims Protocol reply pack (a sole trader in England)", "*", 1),
    ("valuation-statement", "Valuation: G702 summary and G703 by item (the warehouse)", "*", 1),
    ("measurement-sheet", "Valuation: measurement sheet (工程量确认单)", "*", 1),
)
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "bilingual": "中英双语 bilingual"}


def _node(folder: Path) -> str:
    return next(folder.glob("application-*")).name.removeprefix("application-")


def _stand_in(work: Path, name: str, lang: str) -> Path:
    """A letter the sample's ledger does not call for (the EPC works already stand suspended): the same stage
    for the Chinese fit-out, in the language of the column."""
    import datetime as dt

    from contractkit.law.calendars import CalendarGap
    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.letters import write_demand

    stage = DemandStage(name.removeprefix("demand-"))
    target = work / "stand-in" / f"{name}.{lang}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    loaded = load_project(work / "demo" / "fitout-cn" / "project")
    try:
        write_demand(loaded, "P2", target, as_of=DEMO_AS_OF, lang=lang, stage=stage)
    except CalendarGap:  # its deadline falls in a year of holidays not yet published: written a month earlier
        write_demand(loaded, "P2", target, as_of=DEMO_AS_OF - dt.timedelta(days=30), lang=lang, stage=stage)
    return target


STARTERS = ROOT / "src" / "contractkit" / "model" / "data" / "init"


def _project_with(work: Path, name: str, text: str, events: str) -> Path:
    """A project folder made from ``text`` with ``events`` added to its ledger."""
    from contractkit.model.project import load_project

    folder = work / "variants" / name
    folder.mkdir(parents=True, exist_ok=True)
    if "events: []" in text:
        text = text.replace("events: []", "events:\n" + events)
    else:
        text = text.replace("\nescalation:", events + "\nescalation:")
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    load_project(folder)  # a variant that does not load is a bug in this script
    return folder


def _variant(work: Path, name: str, lang: str) -> Path:
    """The documents the samples' ledgers do not call for, from a variant of a sample or a starter."""
    import datetime as dt

    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.letters import write_demand
    from contractkit.render.pack import build_pack

    target = work / "variants" / "out" / f"{name}.{lang}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    if name == "demand-dispute-reply":
        text = (ROOT / "samples" / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
        dispute = (
            '  - {on: 2026-05-18, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶工程量与图纸不符, '
            "ref: 浦江物业异议函〔2026〕12号}\n"
        )
        folder = _project_with(work, "disputed", text, dispute)
        shutil.copytree(ROOT / "samples" / "fitout-cn" / "evidence", folder / "evidence", dirs_exist_ok=True)
        write_demand(load_project(folder), "P2", target, as_of=DEMO_AS_OF, lang=lang, stage=DemandStage.DISPUTE_REPLY)
        return target
    if name in ("demand-default-notice", "demand-notified-sum"):
        text = (STARTERS / "en-construction.yaml").read_text(encoding="utf-8")
        if name == "demand-default-notice":  # P1 accepted, never applied for: no payment notice came
            events = "  - {on: 2026-06-01, node: P1, type: accepted, ref: First-fix inspection record}\n"
            node, day, stage = "P1", dt.date(2026, 6, 16), DemandStage.DEFAULT_NOTICE
        else:  # P2 applied for; a pay less notice one day late
            events = (
                '  - {on: 2026-06-01, node: P2, type: applied, amount: "647,500.00", ref: Application no. 2}\n'
                "  - {on: 2026-06-01, node: P2, type: invoiced, ref: INV-0002}\n"
                '  - {on: 2026-06-23, node: P2, type: pay_less_notice, amount: "500,000.00", basis: Snagging}\n'
            )
            node, day, stage = "P2", dt.date(2026, 7, 10), DemandStage.NOTIFIED_SUM
        folder = _project_with(work, name, text, events)
        write_demand(load_project(folder), node, target, as_of=day, lang=lang, stage=stage)
        return target
    if name == "demand-protocol":
        text = (ROOT / "samples" / "software-uk" / "project.yaml").read_text(encoding="utf-8")
        head = next(line for line in text.splitlines(keepends=True) if line.startswith("  client:"))
        text = text.replace(head, head + "    form: sole-trader\n", 1)
        folder = _project_with(work, "sole-trader", text, "")
        shutil.copytree(ROOT / "samples" / "software-uk" / "evidence", folder / "evidence", dirs_exist_ok=True)
        write_demand(load_project(folder), "all", target, as_of=DEMO_AS_OF, lang=lang, stage=DemandStage.FINAL)
        return target.with_name(f"{target.stem}-reply-pack.docx")
    # the valuation pack of the warehouse sample's last valuation, applied for on 27 July 2026
    out = work / "variants" / f"valuation-{lang}"
    if not out.exists():
        sample = work / "variants" / "warehouse"
        if not sample.exists():
            shutil.copytree(ROOT / "samples" / "warehouse-cn", sample)
        build_pack(
            load_project(sample), "V05", out, as_of=dt.date(2026, 7, 27), lang=lang, allow_missing=True, pdf=False
        )
    return out / ("payment-statement.docx" if name == "valuation-statement" else "measurement-sheet.docx")


def _to_pdf(docx: Path, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="gallery-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                PDFA_EXPORT,
                "--outdir",
                str(out),
                str(docx),
            ],
            capture_output=True,
            check=True,
        )
    return out / f"{docx.stem}.pdf"


def _page_of(pdf: Path, page: int | tuple[str, ...]) -> int:
    if isinstance(page, int):
        return page
    from pypdf import PdfReader

    for number, content in enumerate(PdfReader(pdf).pages, start=1):
        text = content.extract_text()
        if any(word in text for word in page):
            return number
    raise SystemExit(f"gallery: no page of {pdf.name} holds any of {page}")


def _page_png(pdf: Path, page: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
            check=True,
        )
        with Image.open(f"{stem}.png") as image:
            image.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE).save(target, optimize=True)


def build(work: Path) -> list[tuple[str, str, dict[str, str]]]:
    """Render every document and write its PNG; the rows of the gallery's table."""
    run_demo(work / "demo", samples=None, as_of=DEMO_AS_OF, force=False, say=lambda _: None)
    GALLERY.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, title, pattern, page in DOCUMENTS:
        cells = {}
        for sample, lang in SAMPLES:
            folder = work / "demo" / sample
            source = _variant(work, name, lang) if pattern == "*" else folder / pattern.format(node=_node(folder))
            if not source.exists():
                source = _stand_in(work, name, lang)
            pdf = source if source.suffix == ".pdf" else _to_pdf(source, work / "pdf" / sample / name)
            target = GALLERY / f"{name}-{lang}.png"
            _page_png(pdf, _page_of(pdf, page), target)
            cells[lang] = target.name
        rows.append((name, title, cells))
    return rows


def write_index(rows: list[tuple[str, str, dict[str, str]]]) -> None:
    head = " | ".join(LANGUAGE_NAMES[lang] for _, lang in SAMPLES)
    lines = [
        "# Document gallery",
        "",
        "One page of every document contractkit writes, in Chinese, English and bilingual, as the bundled",
        "samples produce them (`contractkit demo`): the Chinese fit-out contract (zh), the English software",
        "contract (en) and the international EPC contract (bilingual). The pictures are made by",
        "`python scripts/gallery.py` (LibreOffice for the PDFs, 60 dpi); run it again after changing a template.",
        "Click a page to see it larger. Where a sample's ledger calls for no such letter (the EPC works already",
        "stand suspended), or a Chinese letter's deadline would fall in 2027, whose holidays are not yet published,",
        "the fit-out's letter of that stage is shown in that language (a month earlier where the holidays need it);",
        "the last rows come from variants whose ledgers call for them (a dispute, the Construction Act's notices, a",
        "sole-trader debtor, the warehouse's measured valuation), each in the column's language.",
        "",
        f"| document | {head} |",
        "|---|" + "---|" * len(SAMPLES),
    ]
    for _, title, cells in rows:
        images = " | ".join(
            f'[<img src="gallery/{cells[lang]}" width="240" alt="{title}, {lang}">](gallery/{cells[lang]})'
            for _, lang in SAMPLES
        )
        lines.append(f"| {title} | {images} |")
    INDEX.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            sys.exit(f"gallery: {tool} is needed (apt-get install libreoffice-writer-nogui poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="contractkit-gallery-") as tmp:
        rows = build(Path(tmp))
    write_index(rows)
    total = sum(p.stat().st_size for p in GALLERY.glob("*.png"))
    pages = len(rows) * len(SAMPLES)
    print(f"wrote {pages} pages to {GALLERY.relative_to(ROOT)} ({total // 1024} KiB) and {INDEX.name}")


if __name__ == "__main__":
    main()
