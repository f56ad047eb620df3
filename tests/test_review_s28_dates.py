"""Review s28, time computation: dates the account computes, checked against a hand count from the clause text and the
governing law, at the boundaries (rest days, 调休 working Saturdays, bank holidays, the day the rate data is confirmed
to). Through the CLI: ``contractkit status --json``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from contractkit.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _project(tmp_path: Path, sample: str, events: list[str], *changes: tuple[str, str]) -> Path:
    """``sample`` copied, its ledger replaced by ``events`` and each (old, new) text change made."""
    folder = tmp_path / sample
    shutil.copytree(SAMPLES / sample, folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    start, end = text.index("\nevents:"), text.index("\nescalation:")
    ledger = "".join(f"  - {e}\n" for e in events)
    path.write_text(text[:start] + "\nevents:\n" + ledger + text[end:], encoding="utf-8")
    return folder


def _status(folder: Path, as_of: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["status", str(folder), "--json", "--as-of", as_of])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _node(status: dict[str, Any], node: str) -> dict[str, Any]:
    return next(n for n in status["nodes"] if n["node"] == node)


# --- the reference-rate warning follows the day the rate is read, not the due date --------------------------------

NO_CLAUSE_UK = (re.compile(r"  - use: penalty.late-payment-interest\n    with: \{[^\n]*\n"), "")


def _uk_statutory(tmp_path: Path, events: list[str]) -> Path:
    folder = _project(
        tmp_path,
        "software-uk",
        events,
        ("signed_on: 2026-03-02", "signed_on: 2026-01-05"),
        ("start: 2026-03-09", "start: 2026-01-09"),
    )
    path = folder / "project.yaml"
    path.write_text(NO_CLAUSE_UK[0].sub(NO_CLAUSE_UK[1], path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_a_late_payment_act_rate_fixed_on_a_confirmed_day_draws_no_warning(tmp_path: Path) -> None:
    # Late Payment Act, no agreed rate: P2 due 30 days after acceptance on 2026-02-13, so 2026-03-15; interest runs
    # from 2026-03-16, in January-June, so at Bank Rate on 31 December 2025 (SI 2002/1675 art. 4), fixed for the debt.
    # That day is within the data (confirmed through 2026-02-28): no later change can touch the rate.
    folder = _uk_statutory(
        tmp_path,
        [
            '{on: 2026-01-20, node: P2, type: applied, amount: "72,000.00"}',
            "{on: 2026-02-13, node: P2, type: accepted}",
            '{on: 2026-02-13, node: P2, type: invoiced, amount: "72,000.00"}',
        ],
    )
    status = _status(folder, "2026-04-01")
    p2 = _node(status, "P2")
    assert p2["due_on"] == "2026-03-15"
    assert p2["interest_periods"][0]["from"] == "2026-03-16"
    assert "on 2025-12-31" in p2["interest_periods"][0]["note"]
    assert not any("confirmed only through" in w for w in status["warnings"])


def test_a_fixed_lpr_read_the_day_after_the_last_confirmed_day_is_warned_of(tmp_path: Path) -> None:
    # No agreed rate, construction, not an SME protected by the Regulations: the one-year LPR on the day after the due
    # date (SPC Interpretation (I) on construction contracts arts. 26-27). P1 is applied for on 2026-02-21 and due 7
    # days later, 2026-02-28: a Saturday made a working day (调休), so it stays. The LPR is read on 2026-03-01, the day
    # after the data is confirmed to: the warning must say so.
    folder = _project(
        tmp_path,
        "fitout-cn",
        [
            '{on: 2026-02-21, node: P1, type: applied, amount: "240,000.00"}',
            '{on: 2026-02-21, node: P1, type: invoiced, amount: "240,000.00"}',
        ],
        ("  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n", ""),
        ("    size: large\n", "    size: sme\n"),
    )
    status = _status(folder, "2026-03-10")
    p1 = _node(status, "P1")
    assert p1["due_on"] == "2026-02-28" and p1["due_rolled_from"] is None
    assert p1["interest_periods"][0]["note"] == "lpr-1y 3% on 2026-03-01"
    assert any("confirmed only through 2026-02-28" in w for w in status["warnings"])


# --- a final account silence does not confirm starts no invoicing period -------------------------------------------


def test_a_late_invoice_for_an_unconfirmed_final_account_moves_no_due_date(tmp_path: Path) -> None:
    # fit-out P4 (结算款, kind final) is due 30 days after its application of 2026-10-12: 2026-11-11. Clause 5.3 keeps
    # the final account out of deemed confirmation (and so does SPC Interpretation (I) art. 21), and clause 5.4 asks
    # for the invoice within 7 days after the amount is confirmed: with no confirmation recorded, no invoicing period
    # has started, so an invoice issued on 2026-11-05 is not late and moves nothing ("除此之外，发票的开具不影响付款
    # 期限的计算"), and a missing one does not leave the node waiting either.
    applied = '{on: 2026-10-12, node: P4, type: applied, amount: "408,000.00"}'
    late = _project(
        tmp_path / "late", "fitout-cn", [applied, '{on: 2026-11-05, node: P4, type: invoiced, amount: "408,000.00"}']
    )
    p4 = _node(_status(late, "2026-11-20"), "P4")
    assert p4["invoice_deadline"] is None
    assert (p4["due_on"], p4["state"], p4["days_overdue"]) == ("2026-11-11", "overdue", 9)
    none = _project(tmp_path / "none", "fitout-cn", [applied])
    p4 = _node(_status(none, "2026-11-20"), "P4")
    assert (p4["due_on"], p4["state"]) == ("2026-11-11", "overdue")


def test_a_recorded_confirmation_of_the_final_account_starts_the_invoicing_period(tmp_path: Path) -> None:
    # confirmed in writing on 2026-10-16: the invoice is due within 7 days, by 2026-10-23 (a Friday); issued on
    # 2026-10-28 it is 5 days late, and the due date 2026-11-11 moves by 5 days to 2026-11-16 (a Monday)
    folder = _project(
        tmp_path,
        "fitout-cn",
        [
            '{on: 2026-10-12, node: P4, type: applied, amount: "408,000.00"}',
            '{on: 2026-10-16, node: P4, type: certified, amount: "408,000.00"}',
            '{on: 2026-10-28, node: P4, type: invoiced, amount: "408,000.00"}',
        ],
    )
    p4 = _node(_status(folder, "2026-11-20"), "P4")
    assert p4["invoice_deadline"] == "2026-10-23"
    assert (p4["due_on"], p4["days_overdue"]) == ("2026-11-16", 4)


# --- Construction Act periods in Scotland leave out Scotland's bank holidays, not every day the package lists ------


def test_construction_act_periods_in_scotland_count_weekend_days_that_are_not_bank_holidays(tmp_path: Path) -> None:
    # s.116: Christmas Day, Good Friday and bank holidays in the relevant part of the UK (Banking and Financial
    # Dealings Act 1971) are left out. In Scotland 2027-12-26 is a Sunday named Boxing Day by the holidays package, and
    # 2028-01-02 a Sunday named New Year Holiday: neither is a bank holiday (the substitutes 2027-12-28 and 2028-01-04
    # are), while Saturday 2028-01-01 is one (Sch.1 para 2: "New Year's Day, if it be not a Sunday").
    # Payment due date 2027-12-20 (30 days after acceptance on 2027-11-20). Payment notice by 5 days later: 21, 22,
    # 23, 24, (25 out), 26 -> 2027-12-26. Final date 17 days later: 21-24 (4), 26 (5), 29-31 (8), 2 Jan (9), 5-12
    # Jan (17) -> 2028-01-12; pay less notice not later than 7 days before it: 2028-01-05.
    folder = _project(
        tmp_path,
        "software-uk",
        [
            '{on: 2027-11-15, node: P3, type: applied, amount: "126,000.00"}',
            "{on: 2027-11-20, node: P3, type: accepted}",
            '{on: 2027-11-20, node: P3, type: invoiced, amount: "126,000.00"}',
        ],
        ("kind: software", "kind: construction"),
        ("  - use: penalty.recovery-costs\n", "  - use: penalty.recovery-costs\n  - use: payment.construction-act\n"),
        ("\nacceptance:", "\ncalendar: {country: GB-SCT}\n\nacceptance:"),
    )
    p3 = _node(_status(folder, "2028-01-13"), "P3")
    notices = p3["claim"]["notices"]
    assert notices["payment_due_date"] == "2027-12-20"
    assert notices["payment_notice_by"] == "2027-12-26"
    assert (p3["due_on"], notices["final_date"], notices["pay_less_by"]) == ("2028-01-12", "2028-01-12", "2028-01-05")
    assert (p3["state"], p3["days_overdue"]) == ("overdue", 1)


# --- a limitation date on a holiday fixed by date, beyond the holiday data, is not stated as if it were final --------


def test_a_limitation_date_on_national_day_beyond_the_data_says_it_moves(tmp_path: Path) -> None:
    # P1 due 2026-04-08 (7 days after the application of 2026-04-01); the client's written acknowledgment of
    # 2026-10-01 restarts limitation (Civil Code art. 195): 3 years, to 2029-10-01, a Monday. 1 October is National
    # Day every year (全国年节及纪念日放假办法 art. 2), so by Civil Code art. 203 the period ends only on the first
    # working day after the holiday ends, a day the State Council's 2029 notice will fix: the date shown is the
    # earliest, and the note must say so, as it does for a Saturday or Sunday.
    folder = _project(
        tmp_path,
        "fitout-cn",
        [
            '{on: 2026-04-01, node: P1, type: applied, amount: "240,000.00"}',
            '{on: 2026-04-01, node: P1, type: invoiced, amount: "240,000.00"}',
            '{on: 2026-10-01, node: P1, type: acknowledged, amount: "240,000.00"}',
        ],
    )
    p1 = _node(_status(folder, "2026-10-10"), "P1")
    assert p1["limitation_on"] == "2029-10-01"
    assert "2029-10-01 is National Day" in p1["limitation_note"]
    assert "the day shown is the earliest" in p1["limitation_note"]
    assert "cn.civil-code.203" in p1["limitation_note"]
