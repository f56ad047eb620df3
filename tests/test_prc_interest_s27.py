"""PRC letters: the statutory rate stated for each node as the engine read it (SPC Sales Interpretation art. 18 para.
4: the LPR at the time of each breach), the SME Payment Regulations cited in the version in force when each payment
fell late, a promise to pay dated on a rest day kept by payment on the next working day, and an English notice in
default named by the contract's clause where the letter rests on it. Each through the command line, read back from
the documents written."""

from __future__ import annotations

from pathlib import Path

from tests.test_letters_s26l import copy, demand, paragraphs

#: The fit-out without its late-payment clause, P3 accepted and invoiced as well: P2 falls late on 2026-05-30 and P3
#: on 2026-07-15, each with no agreed rate.
NO_RATE = ("  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n", "")
P3_DUE = (
    "\nescalation:",
    '  - {on: 2026-06-20, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}\n'
    "  - {on: 2026-06-30, node: P3, type: accepted, ref: 竣工验收记录}\n"
    '  - {on: 2026-06-30, node: P3, type: invoiced, amount: "996,000.00", ref: 增值税专用发票 No.0311-0003}\n'
    "\nescalation:",
)
#: Project work that is not construction, and a contractor that is not an SME: the Sales Interpretation by reference.
SERVICES = [("  kind: construction", "  kind: services"), ("  fitout: true", "  fitout: false")]
NOT_SME = ("    size: sme", "    size: large")


def _basis(text: str) -> str:
    """The letter's sentence on the basis of interest."""
    start = text.index("计息依据：") if "计息依据：" in text else text.index("Interest basis")
    return text[start : text.index("。", start) if "。" in text[start:] else start + 800]


# ------------------------------------------------------------------------ 1. the rate at each node's breach


def test_the_sales_interpretation_rate_is_stated_for_each_node_at_its_own_breach(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, NO_RATE, P3_DUE, *SERVICES, NOT_SME)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2026-09-20", "--stage", "final")
    assert code == 0, output
    basis = _basis(paragraphs(out))
    # the paragraph that governs a sale with no agreed damages, applied by reference
    assert "参照《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条第四款" in basis
    # each node's rate, read on the first day of its own delay, as the engine computed it
    assert "P2为2026年5月30日适用的3%，即年利率3.9%" in basis
    assert "P3为2026年7月15日适用的3%，即年利率3.9%" in basis
    # one statement on later changes: fixed at the breach, and no "the changed rate applies" beside it
    assert "此后不变" not in basis and "以调整后的利率为准" not in basis
    assert "利率于逾期之日确定，此后该利率的调整不影响计算" in basis
    # the rate data runs out before the breaches: what is open is the rate in force on the day of each breach
    assert "如上述日期实际适用的一年期贷款市场报价利率（LPR）与此不同，以该日实际适用的利率为准" in basis
    assert "第十八条第四款" in paragraphs(out)[paragraphs(out).index("我方的上述主张") :]


def test_the_construction_interpretation_rate_says_what_the_engine_does(tmp_path: Path) -> None:
    """SPC Interpretation (I) on construction art. 26: the engine reads the LPR on the first day of each delay and
    keeps it; the letter says exactly that, without a caveat that contradicts it."""
    folder = copy("fitout-cn", tmp_path, NO_RATE, P3_DUE, NOT_SME)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2026-09-20", "--stage", "final")
    assert code == 0, output
    basis = _basis(paragraphs(out))
    assert "第二十六条" in basis
    assert "P2为2026年5月30日适用的3%，即年利率3%" in basis and "P3为2026年7月15日适用的3%，即年利率3%" in basis
    assert "此后不变" not in basis and "以调整后的利率为准" not in basis


def test_an_english_letter_states_each_nodes_rate_too(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, NO_RATE, P3_DUE, *SERVICES, NOT_SME, ("language: zh", "language: en"))
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2026-09-20", "--stage", "final")
    assert code == 0, output
    text = paragraphs(out)
    assert "Article 18(4) of the Supreme People's Court Interpretation on Sales Contract Disputes" in text
    assert "P2: 3% in force on 30 May 2026, that is 3.9% a year" in text
    assert "P3: 3% in force on 15 July 2026, that is 3.9% a year" in text
    assert "fixed for the debt" not in text and "the changed rate applies" not in text


# ------------------------------------------------------------- 2. the SME Payment Regulations by version

#: The fit-out a year earlier, P3 accepted and invoiced so that it falls late under the 2025 text: P2 falls late on
#: 2025-05-30 (the 2020 text, State Council Order 728) and P3 on 2025-06-25 (the 2025 text, in force 2025-06-01).
SME_2025 = [
    NO_RATE,
    (
        "\nescalation:",
        '  - {on: 2026-06-05, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}\n'
        "  - {on: 2026-06-10, node: P3, type: accepted, ref: 竣工验收记录}\n"
        '  - {on: 2026-06-10, node: P3, type: invoiced, amount: "996,000.00", ref: 增值税专用发票 No.0311-0003}\n'
        "\nescalation:",
    ),
    ("2026-", "2025-"),
]
ORDER_728 = "《保障中小企业款项支付条例》（2020年7月5日国务院令第728号公布）"
ORDER_802 = "《保障中小企业款项支付条例》（2025年3月17日国务院令第802号修订）"


def test_each_breach_is_cited_under_the_sme_regulations_in_force_when_the_payment_fell_late(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, *SME_2025)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2025-07-20", "--stage", "final")
    assert code == 0, output
    text = paragraphs(out)
    # interest at 0.05% a day under both texts, each node under the one in force on the first day of its delay
    assert f"依据{ORDER_728}第十五条（P2）、{ORDER_802}第十七条（P3），每日0.05%" in _basis(text)
    # the duties in both texts; the complaint under the text in force on the letter's date
    assert f"依照{ORDER_728}第八条、第十五条及{ORDER_802}第九条、第十七条，贵方应当" in text
    assert f"我方可以依照{ORDER_802}第二十四条向省级以上" in text
    listed = text[text.index("我方的上述主张") :]
    for article in ("第八条", "第十五条"):
        assert f"{ORDER_728}{article}" in listed
    for article in ("第九条", "第十七条", "第二十四条"):
        assert f"{ORDER_802}{article}" in listed
    # never the 2025 article numbers alone beside the 2020 text, nor 2020's art. 17 (its complaint) for interest
    assert "《保障中小企业款项支付条例》第九条" not in text and f"{ORDER_728}第十七条" not in text


def test_a_letter_before_the_2025_text_cites_only_the_2020_text(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, *SME_2025)
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P2", "2025-05-30", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert f"依据{ORDER_728}第十五条，每日0.05%" in _basis(text)
    assert f"依照{ORDER_728}第八条、第十五条，贵方应当" in text and "依照该条例第十七条向省级以上" in text
    assert "第802号" not in text and "第二十四条" not in text and "第九条" not in text


def test_an_english_letter_names_both_texts(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, *SME_2025, ("language: zh", "language: en"))
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2025-07-20", "--stage", "final")
    assert code == 0, output
    text = paragraphs(out)
    regs = "the Regulations on Ensuring Payments to Small and Medium-sized Enterprises"
    assert (
        f"Under Articles 8 and 15 of {regs} (State Council Order No. 728 of 2020) and Articles 9 and 17 of {regs} "
        "(as revised by State Council Order No. 802 of 2025) you are" in text
    )
    assert f"complain under Article 24 of {regs} (as revised by State Council Order No. 802 of 2025) to" in text
