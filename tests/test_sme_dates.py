"""The SME Payment Regulations (保障中小企业款项支付条例) only from the day they came into force, 2020-09-01 (State
Council Order 728, art. 29): a payment that fell late before then bears the interest that applies otherwise (here
the SPC Interpretation (I) on construction contracts, art. 26: the one-year LPR), for every day of its delay; the
letters cite no article of the Regulations for it and offer no complaint; a contract signed before then is not
checked against their rules on contract terms, nor its agreed rate floored. Through the public API: the account
(``build_account``), ``contractkit demand`` (the letters read back with python-docx) and ``contractkit validate``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.law.prc import SME_2020, SME_REGULATIONS
from contractkit.model.project import load_project
from tests.docs import docx_text
from tests.projects import copy_sample

#: The fit-out six years earlier, with no agreed rate and P3 accepted and invoiced: signed 2020-02-20; P2 falls due
#: on 2020-05-29 (late from 2020-05-30, before the Regulations) with CNY 200,000.00 paid on 2020-06-20; P3 falls
#: due on 2020-09-24 (late from 2020-09-25, under the 2020 text).
NO_RATE = ("  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n", "")
P3 = (
    "\nescalation:",
    '  - {on: 2026-09-07, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}\n'
    "  - {on: 2026-09-10, node: P3, type: accepted, ref: 竣工验收记录}\n"
    '  - {on: 2026-09-10, node: P3, type: invoiced, amount: "996,000.00", ref: 增值税专用发票 No.0311-0003}\n'
    "\nescalation:",
)
EARLIER = ("2026-", "2020-")
AS_OF = dt.date(2020, 12, 31)

REGULATIONS = "保障中小企业款项支付条例"
ORDER_728 = "《保障中小企业款项支付条例》（2020年7月5日国务院令第728号公布）"
SPC_26 = "《最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）》第二十六条"


def _project(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    return copy_sample("fitout-cn", tmp_path / "fitout", NO_RATE, P3, EARLIER, *edits)


def _demand(folder: Path, out: Path, node: str, stage: str, as_of: str = "2020-12-31") -> str:
    result = CliRunner().invoke(
        main, ["demand", str(folder), "--node", node, "--as-of", as_of, "-o", str(out), "--stage", stage]
    )
    assert result.exit_code == 0, result.output
    return " ".join(docx_text(out).split())


def _listed(text: str) -> str:
    """The letter's list of the provisions it relies on."""
    return text[text.index("我方的上述主张") :]


def _basis(text: str) -> str:
    start = text.index("计息依据：")
    return text[start : text.index("。", start)]


def test_the_dates_come_from_the_law_module_with_their_source() -> None:
    assert SME_2020 == dt.date(2020, 9, 1) == SME_REGULATIONS[0].on
    assert "Order 728" in SME_REGULATIONS[0].source and "art. 29" in SME_REGULATIONS[0].source
    assert SME_REGULATIONS[1].on == dt.date(2025, 6, 1) and "Order 802" in SME_REGULATIONS[1].source


# ----------------------------------------------------------------------------------------------- the account


def test_a_delay_before_the_regulations_bears_the_lpr_for_every_day(tmp_path: Path) -> None:
    account = build_account(load_project(_project(tmp_path)), AS_OF)
    p2 = account.node("P2")
    assert p2 is not None and p2.interest is not None
    # SPC Interpretation (I) art. 26: the one-year LPR on the first day of the delay (3.85% from 2020-04-20)
    assert p2.interest.terms.basis == "cn.spc-construction.26"
    periods = p2.interest.periods
    assert [(q.first, q.last, q.days, q.principal) for q in periods] == [
        (dt.date(2020, 5, 30), dt.date(2020, 6, 20), 22, Decimal("720000.00")),
        (dt.date(2020, 6, 21), dt.date(2020, 12, 31), 194, Decimal("520000.00")),
    ]
    # the delay spans 2020-09-01 and is not split there: no day of it at 0.05% a day
    assert all(not q.per_day and q.rate == Decimal("0.0385") for q in periods)
    assert [q.amount for q in periods] == [Decimal("1670.79"), Decimal("10640.77")]
    assert p2.interest.interest == Decimal("12311.56")


def test_a_delay_under_the_regulations_bears_their_rate_whenever_the_contract_was_signed(tmp_path: Path) -> None:
    account = build_account(load_project(_project(tmp_path)), AS_OF)
    p3 = account.node("P3")
    assert p3 is not None and p3.interest is not None
    assert p3.interest.terms.basis == "cn.sme-payment.17"
    (period,) = p3.interest.periods
    assert (period.first, period.days, period.per_day, period.rate) == (
        dt.date(2020, 9, 25),
        98,
        True,
        Decimal("0.0005"),
    )
    assert p3.interest.interest == Decimal("48804.00")  # 996,000.00 x 0.05% x 98
    assert account.interest == Decimal("61115.56")


def test_a_rate_agreed_before_the_regulations_is_not_floored(tmp_path: Path) -> None:
    """Art. 15 of the 2020 text (the agreed rate not below the LPR at signing) governs what a contract may agree:
    a contract signed on 2020-02-20 keeps its rate (2% a year, below the LPR of 4.05% at signing)."""
    agreed = (
        "  - use: acceptance.inspection-period",
        "  - use: penalty.late-payment-interest\n    with: {annual_rate: 2%}\n  - use: acceptance.inspection-period",
    )
    folder = _project(tmp_path, agreed)
    account = build_account(load_project(folder), AS_OF)
    p3 = account.node("P3")
    assert p3 is not None and p3.interest is not None
    assert p3.interest.terms.basis == "clause:penalty.late-payment-interest"
    assert p3.interest.terms.floor is None
    assert p3.interest.interest == Decimal("5348.38")  # 996,000.00 x 2% x 98 / 365, not at the LPR
    result = CliRunner().invoke(main, ["validate", str(folder), "--json"])
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert "CN006" not in codes


# ----------------------------------------------------------------------------------------------- the letters


def test_a_notice_for_a_delay_before_the_regulations_relies_on_none_of_them(tmp_path: Path) -> None:
    text = _demand(_project(tmp_path), tmp_path / "notice.docx", "P2", "notice")
    listed = _listed(text)
    assert REGULATIONS not in listed
    assert SPC_26 in listed  # the interest that applies otherwise
    assert "投诉" not in text  # no complaint under Regulations that do not govern the delay
    assert "人民币12,311.56元" in text  # the account's figure
    assert "年3.85%（365日/年）" in text and "0.05%/日" not in text


def test_the_notice_states_the_interest_basis_that_applies(tmp_path: Path) -> None:
    text = _demand(_project(tmp_path), tmp_path / "notice.docx", "P2", "notice")
    assert REGULATIONS not in text
    assert _basis(text).startswith(f"计息依据：依据{SPC_26}")


def test_a_final_demand_cites_the_regulations_only_for_the_delay_they_govern(tmp_path: Path) -> None:
    text = _demand(_project(tmp_path), tmp_path / "final.docx", "all", "final")
    listed = _listed(text)
    for article in ("第八条", "第十五条", "第十七条"):  # P3's duties, and the complaint, in the 2020 text
        assert f"{ORDER_728}{article}" in listed
    assert SPC_26 in listed  # P2's interest
    assert "第802号" not in listed  # the 2025 text was not in force
    # P3's delay is governed by them: the complaint is open
    assert f"依照{ORDER_728}第八条、第十五条，贵方应当" in text and "依照该条例第十七条向省级以上" in text
    assert "人民币61,115.56元" in text


def test_the_final_demand_states_each_nodes_interest_basis(tmp_path: Path) -> None:
    basis = _basis(_demand(_project(tmp_path), tmp_path / "final.docx", "all", "final"))
    assert f"依据{SPC_26}" in basis and "（P2）" in basis
    assert f"依据{ORDER_728}第十五条，每日0.05%（P3）" in basis
    assert "第802号" not in basis and "《保障中小企业款项支付条例》第十七条" not in basis


# ----------------------------------------------------------------------------------------------- the rules


def _codes(folder: Path) -> dict[str, list[str]]:
    result = CliRunner().invoke(main, ["validate", str(folder), "--json"])
    found: dict[str, list[str]] = {}
    for f in json.loads(result.output)["findings"]:
        found.setdefault(f["code"], []).append(f["message"])
    return found


LONG_TERM = ("    due: {after: acceptance, days: 14}", "    due: {after: acceptance, days: 90}")
PUBLIC = ("    size: large", "    size: government")


@pytest.mark.parametrize(("signed", "fires"), [("2020-08-31", False), ("2020-09-01", True)])
def test_the_public_body_cap_binds_contracts_signed_under_the_regulations(
    tmp_path: Path, signed: str, fires: bool
) -> None:
    folder = copy_sample(
        "fitout-cn", tmp_path / "fitout", LONG_TERM, PUBLIC, ("signed_on: 2026-02-20", f"signed_on: {signed}")
    )
    found = _codes(folder)
    assert ("CN002" in found) is fires
    if fires:
        # cited in the text in force at signing: art. 8 of the 2020 text
        assert all("(2020) art. 8 ¶1" in m for m in found["CN002"])


@pytest.mark.parametrize(("signed", "fires"), [("2020-02-20", False), ("2025-05-31", False), ("2025-06-01", True)])
def test_the_60_days_for_a_large_client_are_the_2025_texts(tmp_path: Path, signed: str, fires: bool) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "fitout", LONG_TERM, ("signed_on: 2026-02-20", f"signed_on: {signed}"))
    assert ("CN003" in _codes(folder)) is fires


def test_the_deposit_rule_binds_contracts_signed_under_the_regulations(tmp_path: Path) -> None:
    deposits = (
        "  deposits:\n",
        "  deposits:\n    - {kind: other, title: 安全文明施工保证金, forms: [cash]}\n",
    )
    before = copy_sample("fitout-cn", tmp_path / "before", deposits, ("signed_on: 2026-02-20", "signed_on: 2020-02-20"))
    after = copy_sample("fitout-cn", tmp_path / "after", deposits)
    assert "CN005" not in _codes(before)
    assert "CN005" in _codes(after)
