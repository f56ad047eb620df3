"""The progress report's planned dates: a planned date already past for a milestone not reached says the programme
is behind, and the note says how each planned date was made (on the programme, at completion, or at the end of the
defects liability period)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.documents.report import DateBasis, report_facts
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

AS_OF = dt.date(2026, 11, 29)


def _report(runner: CliRunner, tmp_path: Path, lang: str, as_of: str = "2026-11-29") -> str:
    out = tmp_path / f"report-{lang}-{as_of}.docx"
    args = ["report", str(SAMPLES / "fitout-cn"), "-o", str(out), "--as-of", as_of, "--lang", lang]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    return docx_text(out)


def test_each_estimate_knows_how_it_was_made_and_whether_it_has_passed() -> None:
    facts = report_facts(load_project(SAMPLES / "fitout-cn"), AS_OF, None)
    p3, p4, p5 = (facts.expected_for(i) for i in ("P3", "P4", "P5"))
    assert all(x.basis is DateBasis.ESTIMATE for x in (p3, p4, p5))
    assert (p3.on, p3.floor, p3.behind) == (dt.date(2026, 8, 19), "", True)
    assert (p4.on, p4.floor, p4.behind) == (dt.date(2026, 9, 30), "completion", True)
    assert (p5.on, p5.floor, p5.behind) == (dt.date(2028, 9, 30), "defects", False)


@pytest.mark.parametrize(
    ("lang", "cells", "note"),
    [
        (
            "zh",
            ["2026年8月19日（计划），已滞后", "2026年9月30日（计划），已滞后", "2028年9月30日（计划）"],
            [
                "P3：计划开工日（2026年3月1日）加上计划工期（至2026年9月30日）乘以截至该节点的累计付款比例。",
                "P4：结算款不早于竣工，取计划竣工日（2026年9月30日）。",
                "P5：质量保证金于缺陷责任期届满后返还，取计划竣工日（2026年9月30日）起24个月的缺陷责任期届满之日。",
                "标注“已滞后”的节点（P3、P4）按计划应已达到付款条件而尚未达到，其款项将晚于计划日期到期。",
            ],
        ),
        (
            "en",
            [
                "19 August 2026 (planned), behind plan",
                "30 September 2026 (planned), behind plan",
                "30 September 2028 (planned)",
            ],
            [
                "P3: the planned start (1 March 2026) plus the planned duration (to 30 September 2026) times the "
                "node's cumulative share of the payments.",
                "P4: the planned completion (30 September 2026), as the final account does not come before completion.",
                "P5: the end of the defects liability period of 24 months from the planned completion (30 September "
                "2026), when the retention is released.",
                "A planned date marked “behind plan” (P3, P4) has passed without the milestone being reached: the "
                "payment will fall due later than planned.",
            ],
        ),
    ],
)
def test_the_report_says_which_planned_dates_have_passed_and_how_each_was_made(
    runner: CliRunner, tmp_path: Path, lang: str, cells: list[str], note: list[str]
) -> None:
    text = _report(runner, tmp_path, lang)
    lines = text.splitlines()
    for cell in cells:
        assert cell in lines, cell
    for sentence in note:
        assert sentence in text, sentence
    assert "2028年9月30日（计划），已滞后" not in text and "30 September 2028 (planned), behind plan" not in text


def test_before_the_planned_dates_nothing_is_behind(runner: CliRunner, tmp_path: Path) -> None:
    text = _report(runner, tmp_path, "zh", as_of="2026-06-30")
    assert "2026年8月19日（计划）" in text.splitlines()
    assert "已滞后" not in text
