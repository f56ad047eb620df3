"""A late invoice extends the due date as the payment clause says: the due date the contract fixes (already moved
off a rest day) is extended by the days of the delay, and the new last day moves off a rest day in turn. Adding
the delay to the period and rolling once let a holiday swallow the extension, so that the payment fell due before
the late invoice was issued and interest ran from days the contract does not allow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample

#: P2 accepted 2026-09-17; 14 days later is 2026-10-01, National Day, so the due date is 2026-10-08, the first
#: working day after the holiday; the invoice was due by 2026-10-08 as well (confirmed 09-24, 14 days to invoice).
EVENTS = """\
  - {{on: 2026-09-10, node: P2, type: acceptance_requested, ref: 隐蔽工程验收通知, enclosed: [E4]}}
  - {{on: 2026-09-12, node: P2, type: applied, amount: "720,000.00", ref: 付款申请第2期}}
  - {{on: 2026-09-17, node: P2, type: accepted, ref: 隐蔽工程验收记录 AC-BASE-01}}
  - {{on: {invoiced}, node: P2, type: invoiced, amount: "720,000.00", ref: 增值税专用发票 No.0311-0002}}
  - {{on: 2026-10-20, node: P2, type: paid, amount: "200,000.00", ref: 银行回单 20261020}}

"""


def _project(tmp_path: Path, invoiced: str) -> Path:
    sample = copy_sample("fitout-cn", tmp_path / "fitout")
    project = sample / "project.yaml"
    text = project.read_text(encoding="utf-8")
    start, end = text.index("  - {on: 2026-05-08"), text.index("escalation:")
    text = text[:start] + EVENTS.format(invoiced=invoiced) + text[end:]
    project.write_text(text.replace("date: 2026-05", "date: 2026-09"), encoding="utf-8")
    return sample


def _p2(folder: Path) -> dict:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", "2026-11-20", "--json"])
    assert result.exit_code == 0, result.output
    return next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P2")


@pytest.mark.parametrize(
    ("invoiced", "due", "first_interest_day"),
    [
        # 4 days late: 2026-10-08 + 4 = 2026-10-12, a Monday
        ("2026-10-12", "2026-10-12", "2026-10-13"),
        # 3 days late: 2026-10-11 is a Sunday, so the extended due date moves to Monday 2026-10-12
        ("2026-10-11", "2026-10-12", "2026-10-13"),
        # on time: the due date stays where the holiday put it
        ("2026-10-08", "2026-10-08", "2026-10-09"),
    ],
)
def test_a_late_invoice_extends_the_due_date_after_the_rest_day_roll(
    tmp_path: Path, invoiced: str, due: str, first_interest_day: str
) -> None:
    p2 = _p2(_project(tmp_path, invoiced))
    assert p2["invoice_deadline"] == "2026-10-08"
    assert p2["due_on"] == due
    assert p2["interest_periods"][0]["from"] == first_interest_day
    # never due before the invoice the delay is counted from
    assert p2["due_on"] >= p2["invoiced_on"]
    assert "2026-10-01 is a rest day" in p2["due_note"]


def test_the_letter_states_the_extended_due_date_and_its_interest(tmp_path: Path) -> None:
    folder = _project(tmp_path, "2026-10-12")
    out = tmp_path / "notice.docx"
    result = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P2", "--stage", "notice", "--as-of", "2026-11-20", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "2026年10月12日" in text
    # 8 days on 720,000 and 31 days on 520,000 at 0.05% a day
    assert "10,940.00" in text
    p2 = _p2(folder)
    assert p2["accrued_interest"] == "10940.00"
