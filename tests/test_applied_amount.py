"""An application states the sum it asks for: the account never claims more on a node than its application asked.

The payment clauses deem an application confirmed as made (payment.milestone-schedule: 视为已按付款申请确认应付金额;
payment.monthly-progress: deemed confirmed as applied for), so a node worth more than the amount the ledger records
for its application is due, and chased with interest, only up to that amount. Before, the account deemed the node's
whole amount certified and a letter claimed 220,000.00 that was never applied for.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli import main
from tests.projects import copy_sample


def _node(folder: Path, node: str, as_of: str) -> dict:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code in (0, 1), result.output
    return next(n for n in json.loads(result.output)["nodes"] if n["node"] == node)


def test_silence_confirms_the_amount_applied_for_not_the_node(tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "fitout",
        ('node: P2, type: applied, amount: "720,000.00"', 'node: P2, type: applied, amount: "500,000.00"'),
    )
    # validation refuses such a project (LED006, below): the account itself, through the API, still never claims
    # more than was applied for
    import datetime as dt
    from decimal import Decimal

    from contractkit.account.account import build_account
    from contractkit.model.project import load_project

    p2 = build_account(load_project(folder), dt.date(2026, 9, 1)).node("P2")
    assert p2 is not None and p2.claim is not None and p2.interest is not None
    assert p2.claim.certified_deemed is True
    assert (p2.claim.certified, p2.claim.due) == (Decimal("500000.00"), Decimal("500000.00"))
    assert p2.outstanding == Decimal("300000.00")  # 500,000.00 less the 200,000.00 paid, not 520,000.00
    assert "220,000.00 it did not ask for is not claimed" in p2.claim.basis
    # interest runs on what was applied for: 500,000.00, then 300,000.00 after the part payment
    assert [x.principal for x in p2.interest.periods] == [Decimal("500000.00"), Decimal("300000.00")]
    assert p2.accrued_interest == Decimal("16450.00")  # 22 days × 250.00 + 73 days × 150.00


def test_an_application_for_the_whole_node_or_more_changes_nothing(tmp_path: Path) -> None:
    same = _node(copy_sample("fitout-cn", tmp_path / "same"), "P2", "2026-09-01")
    assert same["claim"]["due"] == "720000.00"
    assert same["outstanding"] == "520000.00"
    more = copy_sample(
        "fitout-cn",
        tmp_path / "more",
        ('node: P2, type: applied, amount: "720,000.00"', 'node: P2, type: applied, amount: "864,000.00"'),
    )
    assert _node(more, "P2", "2026-09-01")["claim"]["due"] == "720000.00"  # never beyond what the node pays


def test_a_valuation_applied_for_at_less_than_it_now_works_out_at(tmp_path: Path) -> None:
    # the warehouse's V05 works out at 7,089,802.50; an application for 7,000,000.00 is what silence confirms
    certificate = (
        '  - {on: 2026-08-03, node: V05, type: certified, amount: "7,089,802.50", by: 总监理工程师 周立新, '
        "ref: 进度款支付证书 JL-031-05}\n"
    )
    applied = ('node: V05, type: applied, amount: "7,089,802.50"', 'node: V05, type: applied, amount: "7,000,000.00"')
    folder = copy_sample("warehouse-cn", tmp_path / "warehouse", applied, (certificate, ""))
    v05 = _node(folder, "V05", "2026-11-30")
    assert v05["claim"]["certified_deemed"] is True
    assert v05["claim"]["certified"] == "7000000.00"
    assert v05["claim"]["due"] == "7000000.00"
    # a certificate for more than was applied for is the client's own confirmation: it stands
    certified = copy_sample("warehouse-cn", tmp_path / "certified", applied)
    assert _node(certified, "V05", "2026-11-30")["claim"]["due"] == "7089802.50"


def test_the_clients_notices_count_from_the_day_they_arrive(tmp_path: Path) -> None:
    # s.111 "gives", Civil Code art. 137 and the notices clause: a notice is given when it reaches the payee. A
    # payment notice sent on 15 December and received on 18 December, after the last day (16 December), does not fix
    # the notified sum; a pay less notice sent on the last day for it and received later does not reduce it. Before,
    # both were judged by the day sent, and the letters under-claimed.
    from tests.test_notified_sum_s27 import APPLIED, p1, works

    late = '  - {on: 2026-12-15, node: P1, type: payment_notice, amount: "300,000.00", delivered_on: 2026-12-18}\n'
    node = p1(works(tmp_path / "a", act=True, events=APPLIED + late), "2027-01-20")
    assert node["claim"]["notices"]["payment_notice_valid"] is False
    assert node["claim"]["due"] == "555000.00"  # the application stands as the payee's notice
    assert "received 2026-12-18, came after 2026-12-16" in node["claim"]["basis"]
    in_time = late.replace("delivered_on: 2026-12-18", "delivered_on: 2026-12-16")
    assert p1(works(tmp_path / "b", act=True, events=APPLIED + in_time), "2027-01-20")["claim"]["due"] == "300000.00"
    pay_less = '  - {on: 2026-12-28, node: P1, type: pay_less_notice, amount: "100,000.00", delivered_on: 2026-12-31}\n'
    node = p1(works(tmp_path / "c", act=True, events=APPLIED + pay_less), "2027-01-20")
    assert node["claim"]["notices"]["pay_less_valid"] is False
    assert node["claim"]["due"] == "555000.00"
    on_time = pay_less.replace(", delivered_on: 2026-12-31", "")
    assert p1(works(tmp_path / "d", act=True, events=APPLIED + on_time), "2027-01-20")["claim"]["due"] == "100000.00"


def test_a_certificate_that_arrives_after_the_review_period_does_not_stop_silence_certifying(tmp_path: Path) -> None:
    # fit-out P2: the review ran from acceptance on 2026-05-15 to 2026-05-22; a certificate for less, dated the
    # last day but received on 2026-05-26, came too late: the application stands deemed certified
    certificate = '  - {on: 2026-05-22, node: P2, type: certified, amount: "600,000.00", delivered_on: 2026-05-26}\n'
    folder = copy_sample("fitout-cn", tmp_path / "late", append="")
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - {on: 2026-05-15, node: P2, type: accepted"
    assert anchor in text
    path.write_text(text.replace(anchor, certificate + anchor, 1), encoding="utf-8")
    p2 = _node(folder, "P2", "2026-09-01")
    assert p2["claim"]["certified_deemed"] is True
    assert p2["claim"]["due"] == "720000.00"
    assert "received 2026-05-26, for 600,000.00 came after the review period ended 2026-05-22" in p2["claim"]["basis"]


def test_an_unconfirmed_final_account_is_not_said_to_lack_an_invoice_the_contract_asks_for(tmp_path: Path) -> None:
    # the invoice follows the amount's confirmation (payment.milestone-schedule); silence does not confirm a final
    # account (SPC Interpretation (I) art. 21), so an overdue final account without a confirmation owes no invoice yet
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "final",
        ("\nescalation:", '  - {on: 2026-10-12, node: P4, type: applied, amount: "408,000.00"}\n\nescalation:'),
    )
    p4 = _node(folder, "P4", "2026-11-20")
    assert (p4["state"], p4["due_on"]) == ("overdue", "2026-11-11")
    assert p4["missing"] == [
        "an invoice once the amount is confirmed (none is recorded; the contract asks for one for the confirmed "
        "amount, and until the confirmation its absence does not move the due date)"
    ]


DISCOUNT = "  - use: incentive.early-payment-discount\n    with: {discount: 1%, within_days: 10}\n"


def _discounted(tmp_path: Path, name: str, paid: str) -> Path:
    """fit-out with a 1% discount for payment in full within 10 days of the invoice (P2 invoiced 2026-05-20: the
    period ends 2026-06-02 with the deemed delivery of a posted invoice), and ``paid`` in place of P2's payments."""
    folder = copy_sample(
        "fitout-cn",
        tmp_path / name,
        ("\nevidence:", f"{DISCOUNT}\nevidence:"),
        ('  - {on: 2026-06-20, node: P2, type: paid, amount: "200,000.00", ref: 银行回单 20260620}\n', paid),
    )
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    reminder = next(line for line in text.splitlines() if "node: P2, type: notice" in line)
    path.write_text(text.replace(reminder + "\n", ""), encoding="utf-8")
    return folder


def test_an_early_payment_discount_earned_is_not_claimed(tmp_path: Path) -> None:
    # incentive.early-payment-discount: the client paid 712,800.00 (720,000.00 less 1%) on 2026-05-25, within the
    # period and with nothing else overdue: P2 is paid. Before, the account had 7,200.00 overdue with interest and a
    # reminder demanded it.
    folder = _discounted(tmp_path, "earned", '  - {on: 2026-05-25, node: P2, type: paid, amount: "712,800.00"}\n')
    p2 = _node(folder, "P2", "2026-07-10")
    assert (p2["state"], p2["outstanding"], p2["accrued_interest"]) == ("paid", "0.00", "0")
    assert "early-payment discount of 7,200.00" in p2["claim"]["basis"]
    result = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P2", "--as-of", "2026-07-10", "-o", str(tmp_path / "r.docx")]
    )
    assert result.exit_code == 1, result.output  # nothing overdue: no letter
    assert not (tmp_path / "r.docx").exists()


def test_a_discount_paid_late_or_short_is_not_earned(tmp_path: Path) -> None:
    late = _discounted(tmp_path, "late", '  - {on: 2026-06-10, node: P2, type: paid, amount: "712,800.00"}\n')
    p2 = _node(late, "P2", "2026-07-10")
    assert (p2["state"], p2["outstanding"]) == ("overdue", "7200.00")  # deducted without the conditions: unpaid
    short = _discounted(tmp_path, "short", '  - {on: 2026-05-25, node: P2, type: paid, amount: "700,000.00"}\n')
    assert _node(short, "P2", "2026-07-10")["outstanding"] == "20000.00"


def test_no_discount_while_another_sum_is_overdue(tmp_path: Path) -> None:
    # the clause's condition (2): at the time of payment no other sum due is unpaid; P1 unpaid since 2026-03-05
    folder = _discounted(tmp_path, "other", '  - {on: 2026-05-25, node: P2, type: paid, amount: "712,800.00"}\n')
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    p1_paid = next(line for line in text.splitlines() if "node: P1, type: paid" in line)
    path.write_text(text.replace(p1_paid + "\n", ""), encoding="utf-8")
    p2 = _node(folder, "P2", "2026-07-10")
    assert (p2["state"], p2["outstanding"]) == ("overdue", "7200.00")


def test_the_report_says_the_discount_was_earned_not_given_up(tmp_path: Path) -> None:
    from docx import Document

    folder = _discounted(tmp_path, "report", '  - {on: 2026-05-25, node: P2, type: paid, amount: "712,800.00"}\n')
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(main, ["report", str(folder), "--as-of", "2026-07-10", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "人民币7,200.00元为贵方提前付款所享受的折扣" in text
    assert "经协商不再主张" not in text


def test_validate_refuses_an_application_recorded_for_less_than_its_node(tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "less",
        ('node: P2, type: applied, amount: "720,000.00"', 'node: P2, type: applied, amount: "500,000.00"'),
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "LED006 error events[4].amount: the application for P2 is recorded at 500,000.00, less than" in (
        result.output
    )
    out = tmp_path / "notice.docx"
    result = CliRunner().invoke(main, ["demand", str(folder), "--node", "P2", "--as-of", "2026-09-01", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()  # no letter on it until it is put right


def test_validate_warns_of_a_second_application_for_a_node(tmp_path: Path) -> None:
    again = '  - {on: 2026-05-19, node: P2, type: applied, amount: "720,000.00", ref: 付款申请第2期（重报）}\n'
    folder = copy_sample("fitout-cn", tmp_path / "twice", ("\nescalation:", again + "\nescalation:"))
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert "LED007 warning" in result.output
    assert "P2 is already recorded as applied for on 2026-05-12; the account counts that application" in (result.output)
