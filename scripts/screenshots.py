"""Render the pictures in the README: a page of a drafted contract, of an application pack and of a letter.

Needs LibreOffice and poppler (pdftoppm): `python scripts/screenshots.py` writes docs/images/*.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"

#: (demo output relative to the sample folder, page, picture name)
PICTURES = [
    ("fitout-cn/contract.docx", 2, "contract-zh-page2.png"),
    ("fitout-cn/application-P2/payment-statement.docx", 1, "pack-statement-zh.png"),
    ("fitout-cn/demand-P2-notice.docx", 1, "letter-notice-zh.png"),
    ("software-uk/demand-P3-final.docx", 1, "letter-final-en.png"),
]


def main() -> None:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        sys.exit("screenshots.py needs LibreOffice (soffice) and poppler-utils (pdftoppm)")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "contractkit", "demo", str(work / "demo")], check=True, capture_output=True
        )
        for relative, page, name in PICTURES:
            source = work / "demo" / relative
            if not source.is_file():
                print(f"skipped {relative}: not made by the demo")
                continue
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True,
                capture_output=True,
            )
            pdf = work / f"{source.stem}.pdf"
            stem = work / "page"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                check=True,
            )
            shutil.move(f"{stem}.png", IMAGES / name)
            print(f"wrote docs/images/{name}")
        chart = work / "demo" / "fitout-cn" / "progress-report.png"
        shutil.copy(chart, IMAGES / "report-cash-curve.png")
        print("wrote docs/images/report-cash-curve.png")


if __name__ == "__main__":
    main()
