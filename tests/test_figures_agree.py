"""The documents state the account's figures: what a report, a letter and ``status`` say of the same project on the
same day agree, read back from the documents the commands write."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli.main import main
from tests.conftest import SAMPLES
from tests.docs import docx_text

AS_OF = "2027-03-01"

#: The fit-out sample after the client answered: part of P2 disputed and half of it agreed payable (the other half
#: given up), P3 certified for less than applied for, part paid, and a promise to pay the rest.
ANSWERS = """\
  - {on: 2026-05-18, node: P2, type: disputed, amount: "120,000.00", reason: 墙面基层平整度部分不合格}
  - {on: 2026-07-20, node: P2, type: resolved, amount: "60,000.00", ref: 会议纪要}
  - {on: 2026-08-01, node: P3, type: acceptance_requested, ref: 竣工验收申请}
  - {on: 2026-08-01, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}
  - {on: 2026-08-10, node: P3, type: accepted, ref: 竣工验收记录}
  - {on: 2026-08-12, node: P3, type: certified, amount: "950,000.00", by: 监理, ref: 审核单}
  - {on: 2026-08-12, node: P3, type: invoiced, amount: "950,000.00", ref: 发票 No.0311-0003}
  - {on: 2026-09-01, node: P3, type: paid, amount: "300,000.00", ref: 银行回单 20260901}
  - {on: 2026-09-10, node: P3, type: promised, amount: "200,000.00", by: 2026-09-30, ref: 电话承诺}
"""


def _money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.fixture
def answered(tmp_path: Path) -> Path:
    folder = tmp_path / "fitout"
    folder.mkdir()
    text = (SAMPLES / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    assert "\nescalation:" in text
    (folder / "project.yaml").write_text(text.replace("\nescalation:", ANSWERS + "\nescalation:"), encoding="utf-8")
    return folder


def _status(runner: CliRunner, folder: Path, as_of: str = AS_OF) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _report(runner: CliRunner, folder: Path, out: Path, lang: str, as_of: str = AS_OF) -> str:
    result = runner.invoke(main, ["report", str(folder), "-o", str(out), "--as-of", as_of, "--lang", lang])
    assert result.exit_code == 0, result.output
    return docx_text(out)


OUTLOOK = {
    "zh": re.compile(
        r"为人民币([\d,.]+)元，截至.*?贵方已支付人民币([\d,.]+)元，尚待支付人民币([\d,.]+)元"
        r"(?:，另有人民币([\d,.]+)元未获确认或有异议、待解决)?(?:，人民币([\d,.]+)元经协商不再主张)?。"
    ),
    "en": re.compile(
        r"is CNY ([\d,.]+)\. By .*? you had paid CNY ([\d,.]+), and CNY ([\d,.]+) remains to be paid"
        r"(?:, with CNY ([\d,.]+) held until resolved \(not certified or disputed\))?"
        r"(?:; CNY ([\d,.]+) was given up in a resolution)?\."
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_report_states_what_remains_as_the_account_has_it(
    runner: CliRunner, answered: Path, tmp_path: Path, lang: str
) -> None:
    status = _status(runner, answered)
    outstanding = sum(Decimal(n["outstanding"]) for n in status["nodes"])
    held = sum(Decimal(n["claim"]["held"]) for n in status["nodes"] if n["claim"])
    paid = sum(Decimal(n["paid"]) for n in status["nodes"])
    amount = sum(Decimal(n["amount"]) for n in status["nodes"])
    assert held == Decimal("46000.00")  # P3: certified for less than applied for

    text = _report(runner, answered, tmp_path / f"report-{lang}.docx", lang)
    for side in ("zh", "en") if lang == "bilingual" else (lang,):
        found = OUTLOOK[side].search(text)
        assert found, f"no outlook sentence in {side}:\n{text}"
        stated_sum, stated_paid, stated_out, stated_held, stated_gone = found.groups()
        assert _money(stated_sum) == amount
        assert _money(stated_paid) == paid
        # the report's "remains to be paid" is the total outstanding status prints, not the price less payments
        assert _money(stated_out) == outstanding == Decimal("1590000.00")
        assert stated_held is not None and _money(stated_held) == held
        # the 60,000.00 given up when the P2 dispute was resolved is not owed, and the figures add up to the price
        assert stated_gone is not None and _money(stated_gone) == Decimal("60000.00")
        assert paid + outstanding + held + _money(stated_gone) == amount


def test_report_without_answers_states_price_less_paid(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "fitout"
    folder.mkdir()
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    status = _status(runner, folder, "2026-09-15")
    text = _report(runner, folder, tmp_path / "report.docx", "zh", "2026-09-15")
    found = OUTLOOK["zh"].search(text)
    assert found
    assert found.group(4) is None and found.group(5) is None  # nothing held or given up: no clause for them
    assert _money(found.group(3)) == sum(Decimal(n["outstanding"]) for n in status["nodes"]) == Decimal("1996000.00")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_and_notice_state_each_overdue_node_as_status_does(
    runner: CliRunner, answered: Path, tmp_path: Path, lang: str
) -> None:
    as_of = "2026-10-20"  # before the holiday data runs out, so that the notice can set its deadline
    status = _status(runner, answered, as_of)
    overdue = {n["node"]: n for n in status["nodes"] if n["state"] == "overdue"}
    assert set(overdue) == {"P2", "P3"}
    report = _report(runner, answered, tmp_path / "report.docx", lang, as_of)
    out = tmp_path / "notice.docx"
    args = ["demand", str(answered), "--node", "all", "--stage", "notice", "-o", str(out), "--as-of", as_of]
    result = runner.invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    notice = docx_text(out)
    for node_id, n in overdue.items():
        figure = f"{Decimal(n['outstanding']):,.2f}"
        days = str(n["days_overdue"])
        line = next(x for x in report.splitlines() if x.startswith(node_id) and figure in x)
        assert days in line
        assert figure in notice
        for period in n["interest_periods"]:  # the letter works the interest by period, as status --explain does
            assert f"{Decimal(period['amount']):,.2f}" in notice
            assert f"{Decimal(period['principal']):,.2f}" in notice
    total = sum(Decimal(n["outstanding"]) for n in overdue.values())
    assert total == Decimal(status["overdue"])
    assert f"{total:,.2f}" in notice
    assert f"{Decimal(status['accrued_interest']):,.2f}" in notice
