"""An application pack with 200 evidence files and 1,000 pages (target: under 15 s whole process and
under 500 MiB peak memory). PDF copies of the documents are left out (--no-pdf): they time LibreOffice."""

import shutil
import tempfile
from pathlib import Path

from _common import ROOT, contractkit, peak_rss_mib, report
from fpdf import FPDF


def make_project(folder: Path, files: int, pages_each: int) -> None:
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    pdf = FPDF()
    for page in range(pages_each):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        for line in range(30):
            pdf.cell(
                0,
                8,
                f"Site record page {page + 1}, line {line + 1}: measured quantities and signatures",
                new_x="LMARGIN",
                new_y="NEXT",
            )
    data = bytes(pdf.output())
    text = (ROOT / "samples" / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    entries = []
    for i in range(files):
        (evidence / f"record-{i:03d}.pdf").write_bytes(data)
        requirement = "隐蔽工程验收记录" if i % 2 else "监理确认的工程量清单"
        entries.append(
            f"  - {{id: B{i:03d}, node: P2, title: 记录{i:03d}, satisfies: {requirement}, "
            f"file: evidence/record-{i:03d}.pdf, date: 2026-05-10}}"
        )
    start = text.index("\nevidence:\n") + len("\nevidence:\n")
    end = text.index("\nevents:")
    text = text[:start] + "\n".join(entries) + "\n" + text[end:]
    (folder / "project.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        make_project(folder, files=200, pages_each=5)
        out = Path(tmp) / "pack"
        command = contractkit("apply", str(folder), "--node", "P2", "-o", str(out), "--as-of", "2026-05-12", "--no-pdf")
        seconds, peak = peak_rss_mib(command)
        shutil.rmtree(out, ignore_errors=True)
        report("apply pack: 200 files, 1,000 pages (whole process)", seconds, "s", "< 15 s")
        report("apply pack: peak memory", peak, "MiB", "< 500 MiB")
