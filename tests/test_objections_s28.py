"""When an objection to a payment holds money back, and what a resolution of a late one does (through `status`).

- dispute.negotiation, where no other period is set, has an objection made before the time for payment expires;
- payment.undisputed-amount counts its period from receipt of any request for payment, an invoice included;
- payment.retention gives its own period to pay or object to the return of retention, the specific term;
- a late objection holds nothing back, but a resolution the parties then recorded is what they agreed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from contractkit.cli import main
from tests.projects import copy_sample


def _node(folder: Path, node: str, as_of: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code in (0, 1), result.output
    found: dict[str, Any] = next(n for n in json.loads(result.output)["nodes"] if n["node"] == node)
    return found


P2_PAID = '  - {on: 2026-06-20, node: P2, type: paid, amount: "200,000.00", ref: 银行回单 20260620}\n'


def test_under_the_negotiation_clause_an_objection_after_the_due_date_holds_nothing_back(tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "neg",
        ("  - use: payment.milestone-schedule\n", ""),
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: dispute.negotiation\n"),
        (P2_PAID, '  - {on: 2026-06-15, node: P2, type: disputed, amount: "100,000.00", reason: 工程量}\n'),
    )
    p2 = _node(folder, "P2", "2026-07-10")  # due 2026-05-29: the objection came after it
    assert p2["claim"]["dispute_late"] is True
    assert (p2["claim"]["due"], p2["claim"]["held"]) == ("720000.00", "0.00")
    assert "(dispute.negotiation)) and holds nothing back" in p2["claim"]["basis"]


def test_an_invoice_without_an_application_starts_the_period_for_objections(tmp_path: Path) -> None:
    # software-uk P1 is invoiced on 2 March with no application; the undisputed-amount clause gives 7 days from
    # receipt of the invoice, and an objection on 20 March comes after them
    folder = copy_sample(
        "software-uk",
        tmp_path / "inv",
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
        (
            '  - {on: 2026-03-13, node: P1, type: paid, amount: "54,000.00", ref: "BACS NMA-PAY-26-0311: GBP 64,800.00 '
            'incl. VAT"}\n',
            '  - {on: 2026-03-20, node: P1, type: disputed, amount: "10,000.00", reason: scope}\n',
        ),
    )
    p1 = _node(folder, "P1", "2026-07-10")
    assert p1["claim"]["dispute_late"] is True
    assert (p1["claim"]["due"], p1["claim"]["held"]) == ("54000.00", "0.00")


def test_the_retention_clause_gives_its_own_period_to_object_to_the_return_of_retention(tmp_path: Path) -> None:
    # P5 (the return of retention) applied for on 1 September; an objection on 11 September is within the retention
    # clause's 14 days, though after the undisputed-amount clause's 7
    events = (
        '  - {on: 2026-09-01, node: P5, type: applied, amount: "72,000.00"}\n'
        '  - {on: 2026-09-11, node: P5, type: disputed, amount: "10,000.00", reason: 维修费用}\n'
    )
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "ret",
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
        ("\nescalation:", events + "\nescalation:"),
    )
    p5 = _node(folder, "P5", "2026-10-30")
    assert p5["claim"]["dispute_late"] is False
    assert p5["claim"]["held"] == "10000.00"


def test_a_resolution_of_a_late_objection_is_what_the_parties_agreed(tmp_path: Path) -> None:
    # fit-out P2's review ended on 22 May; an objection on 23 May came late, but on 1 August the parties agreed that
    # 40,000.00 of the 100,000.00 objected to is payable: 660,000.00 is due, not 720,000.00
    events = (
        '  - {on: 2026-05-23, node: P2, type: disputed, amount: "100,000.00", reason: 工程量}\n'
        '  - {on: 2026-08-01, node: P2, type: resolved, amount: "40,000.00", ref: 会议纪要}\n'
    )
    folder = copy_sample("fitout-cn", tmp_path / "res", ("\nescalation:", events + "\nescalation:"))
    p2 = _node(folder, "P2", "2026-09-01")
    assert p2["claim"]["due"] == "660000.00"
    assert p2["outstanding"] == "460000.00"
    assert "came after the period for objections" in p2["claim"]["basis"]
    assert "but the parties resolved it" in p2["claim"]["basis"]


def test_a_part_a_resolution_makes_payable_is_late_only_after_the_days_the_clause_gives(tmp_path: Path) -> None:
    # payment.undisputed-amount: the part of a disputed sum found payable is paid within 7 days of the resolution,
    # with interest from the day after the original due date. P2 (due 2026-05-29): 100,000.00 disputed in time, the
    # other 620,000.00 paid; on 3 August (a Monday) 40,000.00 of it is agreed payable, by 10 August
    events = (
        '  - {on: 2026-05-20, node: P2, type: disputed, amount: "100,000.00", reason: 工程量}\n'
        '  - {on: 2026-08-03, node: P2, type: resolved, amount: "40,000.00", ref: 会议纪要}\n'
    )
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "settle",
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
        (P2_PAID, '  - {on: 2026-05-29, node: P2, type: paid, amount: "620,000.00"}\n'),
        ("\nescalation:", events + "\nescalation:"),
    )
    within = _node(folder, "P2", "2026-08-06")
    assert (within["state"], within["outstanding"], within["next_step"]) == ("not-due", "40000.00", None)
    assert "by 2026-08-10" in within["claim"]["basis"]
    # interest runs from 30 May on the 40,000.00: 69 days at 0.05% a day to 6 August
    assert within["accrued_interest"] == "1380.00"
    after = _node(folder, "P2", "2026-08-11")
    assert after["state"] == "overdue"
    assert after["accrued_interest"] == "1480.00"
