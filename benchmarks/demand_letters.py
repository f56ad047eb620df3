"""500 demand letters across a generated portfolio with `demand --all-overdue` (both cores; target: over
25 letters a second, whole process)."""

import subprocess
import tempfile
import time
from pathlib import Path

from _common import ROOT, contractkit, report


def generate(folder: Path, count: int) -> None:
    text = (ROOT / "samples" / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    for i in range(count):
        project = folder / f"p{i:03d}"
        project.mkdir()
        (project / "project.yaml").write_text(
            text.replace("code: FIT-2026-017", f"code: FIT-{i:03d}").replace("HT-2026-017", f"HT-{i:03d}"),
            encoding="utf-8",
        )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        folder.mkdir()
        generate(folder, 500)
        out = Path(tmp) / "letters"
        start = time.perf_counter()
        subprocess.run(
            contractkit("demand", "--all-overdue", str(folder), "-o", str(out), "--as-of", "2026-11-29"),
            check=True,
            capture_output=True,
        )
        elapsed = time.perf_counter() - start
        letters = len(list(out.glob("*.docx")))
        assert letters == 500, letters
        report("demand --all-overdue: 500 letters (whole process, 2 cores)", letters / elapsed, "letters/s", "> 25 /s")
