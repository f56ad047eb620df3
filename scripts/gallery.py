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
    ("demand-acknowledgment", "Request for acknowledgment of debt", "demand-{node}-acknowledgment.docx", 1),
    ("case-summary", "Case summary for counsel", "demand-{node}-final-case-summary.docx", 1),
    ("progress-report", "Progress report with the cash curve", "progress-report.docx", 1),
)
LANGUAGE_NAMES = {"zh": "中文", "en": "English", "bilingual": "中英双语 bilingual"}


def _node(folder: Path) -> str:
    return next(folder.glob("application-*")).name.removeprefix("application-")


def _stand_in(work: Path, name: str, lang: str) -> Path:
    """A letter the sample's ledger does not call for (the EPC works already stand suspended): the same stage
    for the Chinese fit-out, in the language of the column."""
    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.letters import write_demand

    stage = DemandStage(name.removeprefix("demand-"))
    target = work / "stand-in" / f"{name}.{lang}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    loaded = load_project(work / "demo" / "fitout-cn" / "project")
    write_demand(loaded, "P2", target, as_of=DEMO_AS_OF, lang=lang, stage=stage)
    return target


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
            source = folder / pattern.format(node=_node(folder))
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
        "stand suspended), the fit-out's letter of that stage is shown in that language.",
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
