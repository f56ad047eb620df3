"""A variation counts from the day it is approved: status, letters, reports and the workbook as of an earlier day
neither add it to a node nor to the price, and list it as pending."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli.main import main
from tests.docs import docx_text
from tests.projects import copy_sample


def _fitout(tmp_path: Path, approved: str, node: str = "P3") -> Path:
    edit = ("approved_on: 2026-05-02, node: P3}", f"approved_on: {approved}, node: {node}}}")
    return copy_sample("fitout-cn", tmp_path / "fitout", edit)


def _node(folder: Path, as_of: str, node: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    found: dict[str, object] = next(n for n in payload["nodes"] if n["node"] == node)
    return found


def test_status_counts_a_variation_only_from_its_approval(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "2026-12-15")
    assert _node(folder, "2026-11-29", "P3")["amount"] == "960000.00"
    assert _node(folder, "2026-12-20", "P3")["amount"] == "996000.00"


def test_a_variation_approved_after_its_node_was_applied_for_is_refused(tmp_path: Path) -> None:
    """P2 was applied for on 2026-05-12: its application cannot hold a variation approved in December, and a
    demand would claim the variation, with interest, from P2's due date in May."""
    folder = _fitout(tmp_path, "2026-12-15", node="P2")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "CON010" in result.output and "after P2 was applied for on 2026-05-12" in result.output
    out = tmp_path / "notice.docx"
    refused = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P2", "--stage", "notice", "--as-of", "2026-12-20", "-o", str(out)]
    )
    assert refused.exit_code != 0 and not out.exists()


def test_a_report_before_the_approval_states_the_price_without_it(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "2026-12-15")
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["report", str(folder), "--as-of", "2026-11-29", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "2,436,000.00" not in text  # the price with the variation
    assert "2,400,000.00" in text


def test_a_valuation_cannot_measure_a_variation_before_its_approval(tmp_path: Path) -> None:
    """V05 (to 2026-07-25) measures V1's items; with V1 approved on 2026-07-30 it had no agreed rate in that period,
    and an account as of a day between would drop the lines from a certified valuation: BOQ005 refuses it."""
    folder = copy_sample("warehouse-cn", tmp_path / "warehouse", ("approved_on: 2026-06-10", "approved_on: 2026-07-30"))
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "BOQ005" in result.output and "approved on 2026-07-30, after the period it values ended" in result.output
