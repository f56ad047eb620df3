"""A smoke test of the benchmark harness (quick mode, the two cheapest rows): it runs and prints its table.

It measures nothing: the figures are `benchmarks/run`'s, on a machine you describe.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _bench(*args: str) -> str:
    """What ``benchmarks/bench.py ARGS`` prints; it must succeed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_benchmark_harness_prints_contractkit_peer_and_ratio() -> None:
    out = _bench("--quick", "--only", "help,validate")
    assert "QUICK: not a measurement" in out
    assert "- CPU: " in out and "Python " in out and "docxtpl " in out and "pypdf " in out
    rows = [line for line in out.splitlines() if line.startswith("| `")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| `--help`, whole process",
        "| `validate` on the sample, whole process",
    ]
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1].endswith(("ms", " s")) and cells[2].endswith(("ms", " s"))
        assert cells[3].startswith("**") and cells[3].endswith("×**")


def test_the_figures_in_the_readme_and_the_docs_are_the_saved_run() -> None:
    """Every row of the tables in the README's Figures and in docs/performance.md's latest run is a row that
    `benchmarks/run --replot docs/performance.json` prints from the saved samples: no figure without its run."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        out = _bench("--replot", str(ROOT / "docs" / "performance.json"), "--png", str(Path(folder) / "curves.png"))
    printed = {line for line in out.splitlines() if line.startswith(("| `", "- "))}
    assert len([line for line in printed if line.startswith("| `")]) >= 10
    for document in (ROOT / "README.md", ROOT / "docs" / "performance.md"):
        text = document.read_text(encoding="utf-8")
        start = text.index("- CPU: ")
        shown = text[start : text.index("\nPeers (", start)].splitlines()
        for line in shown:
            if line.startswith(("| `", "- ")):
                assert line in printed, f"{document.name}: {line!r} is not in the saved run"
