"""A variation counts from the day it is approved: status, letters, reports and the workbook as of an earlier day
neither add it to a node nor to the price, and list it as pending."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli.main import main
from tests.conftest import SAMPLES
from tests.docs import docx_text


def _fitout(tmp_path: Path, approved: str) -> Path:
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    old = "approved_on: 2026-05-02, node: P3}"
    assert old in text
    path.write_text(text.replace(old, f"approved_on: {approved}, node: P2}}"), encoding="utf-8")
    return folder


def _node(folder: Path, as_of: str, node: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    found: dict[str, object] = next(n for n in payload["nodes"] if n["node"] == node)
    return found


def test_status_counts_a_variation_only_from_its_approval(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "2026-12-15")
    before = _node(folder, "2026-11-29", "P2")
    assert before["amount"] == "720000.00"
    assert before["outstanding"] == "520000.00"
    assert before["accrued_interest"] == "50040.00"  # 520,000 × 0.05% × 184 days: nothing on the variation
    after = _node(folder, "2026-12-20", "P2")
    assert after["amount"] == "756000.00"


def test_a_letter_before_the_approval_claims_nothing_of_the_variation(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "2026-12-15")
    out = tmp_path / "notice.docx"
    result = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P2", "--stage", "notice", "--as-of", "2026-11-29", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "人民币520,000.00元" in text
    assert "556,000.00" not in text


def test_a_report_before_the_approval_states_the_price_without_it(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "2026-12-15")
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["report", str(folder), "--as-of", "2026-11-29", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "2,436,000.00" not in text  # the price with the variation
    assert "2,400,000.00" in text
