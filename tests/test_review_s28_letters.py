"""Review s28, read as the debtor's lawyer reads the letters: each test writes a letter through the command line and
reads its text back, on a combination earlier rounds had not tried (a bilingual letter beside its one-language
versions, a letter after a part payment, interest-only demands, FIDIC and EU letters)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_letters_s26l import copy, demand, paragraphs

# ------------------------------------------------------------- 1. bilingual conditions on a string value


def test_the_bilingual_final_demand_warns_of_termination_under_the_suspension_clause_as_each_language_does(
    tmp_path: Path,
) -> None:
    """The fit-out's suspension clause lets the contractor terminate 28 days into a suspension. The Chinese and the
    English final demands say so; the bilingual one left the paragraph out, because its template condition
    ``termination.route == 'suspension'`` was rewritten to compare with the string 'zh.suspension'."""
    texts = {}
    for lang in ("zh", "en", "bilingual"):
        out = tmp_path / f"final-{lang}.docx"
        code, output = demand(
            copy("fitout-cn", tmp_path / lang), out, "P2", "2026-11-29", "--stage", "final", "--lang", lang
        )
        assert code == 0, output
        texts[lang] = paragraphs(out)
    zh = "付款是贵方在合同项下的主要债务。依照合同第10条的约定，自我方依该条暂停施工之日起满28日"
    en = "Payment is your main obligation under the Contract. Under Clause 10 of the Contract, if you have not paid"
    assert zh in texts["zh"] and en in texts["en"]
    assert zh in texts["bilingual"] and en in texts["bilingual"]


TEMPLATES = Path(__file__).parent.parent / "templates"


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.bilingual.docx")))
def test_no_bilingual_template_compares_with_a_scoped_string(name: str) -> None:
    """A string value in a template condition stays the value: never 'zh.…' or 'en.…'."""
    path = TEMPLATES / name
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert not re.findall(r"'(?:zh|en|written)\.[a-z_]+'", xml)


# ------------------------------------------------------------- 2. what a notice of suspension makes the client pay

#: The software contract without its late-payment clause: the Late Payment Act's interest and compensation.
NO_RATE = (
    '  - use: penalty.late-payment-interest\n    with: {annual_rate: "11.75%", day_count: "365"}   '
    "# Bank Rate 3.75% plus 8%, the rate of the Late Payment of Commercial Debts (Interest) Act 1998\n",
    "",
)


def test_a_notice_of_suspension_is_avoided_by_paying_the_overdue_price_not_the_interest(tmp_path: Path) -> None:
    """The suspension clause stops work "unless the overdue amount is paid in full" within the notice (and s.112's
    right ends once the sum due is paid): the letter said the client avoids the suspension only by paying "all the
    sums due", right after a total that adds statutory interest and fixed compensation. A client who paid the
    invoice could be told the suspension was still coming: the notice must name the price (with its VAT) alone."""
    folder = copy("software-uk", tmp_path, NO_RATE)
    out = tmp_path / "s.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "suspension", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert "fixed compensation of GBP 100.00" in text  # the letter still claims it ...
    price = "the overdue principal of GBP 86,000.00 with its VAT of GBP 17,200.00 (GBP 103,200.00 in all)"
    # ... but neither stopping nor ending the suspension waits for it (no late-payment clause: the price alone)
    assert f"If you pay {price} in full by 9 December 2026, the work will not be suspended." in text
    assert f"the suspension will continue until {price} has been paid in full." in text
    assert "all the sums due" not in text and "until the sums due have been paid" not in text
    # and the totals read as a sentence
    assert "with VAT of GBP 17,200.00; interest to 29 November 2026 amounts to GBP 4,338.94" in text


def test_under_a_late_payment_clause_the_suspension_ends_on_the_price_with_its_interest(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path)
    out = tmp_path / "s.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "suspension", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert "如贵方在2026年12月9日（含当日）前付清逾期欠款本金人民币520,000.00元，我方将不暂停施工。" in text
    assert "直至贵方付清逾期欠款本金人民币520,000.00元及逾期付款违约金。" in text
    assert "If you pay the overdue principal of CNY 520,000.00 in full by 9 December 2026" in text
    assert "until the overdue principal of CNY 520,000.00, with the interest on it, has been paid in full." in text
    assert "上述全部到期款项" not in text and "all the sums due" not in text


# ------------------------------------------------------------- 3. a price paid late: only its interest is unpaid

PAID_LATE = (
    "\nescalation:",
    '\n  - {on: 2026-10-15, node: P3, type: paid, amount: "86,000.00", ref: BACS balance}\n\nescalation:',
)


@pytest.mark.parametrize("stage", ["notice", "final"])
def test_after_the_price_is_paid_a_letter_does_not_say_the_sums_the_earlier_letters_chased_remain_unpaid(
    tmp_path: Path, stage: str
) -> None:
    """P3 was reminded on 11 August and paid in full, late, on 15 October: what is left is the interest (and the
    Act's compensation). The letter said the earlier letters' sums "remain unpaid" (and a letter before action that
    they "are due under our invoice"), which the client refutes with its bank statement."""
    folder = copy("software-uk", tmp_path, NO_RATE, PAID_LATE)
    texts = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"{stage}-{lang}.docx"
        code, output = demand(folder, out, "P3", "2026-11-29", "--stage", stage, "--lang", lang)
        assert code == 0, output
        texts[lang] = paragraphs(out)
    en, zh = texts["en"], texts["zh"]
    assert "although you have since paid the principal, the interest on the late payment remains unpaid:" in en
    assert "remain unpaid:" not in en.replace("the interest on the late payment remains unpaid:", "")
    assert "贵方此后虽已付清欠款本金，但逾期付款产生的逾期利息至今未付：" in zh
    assert "贵方至今仍未付清：" not in zh
    if stage == "final":
        assert "The sums claimed are interest on your late payment of our invoice of 10 July 2026" in en
        assert "are due under our invoice" not in en
        assert "上述款项系贵方逾期支付我方2026年7月10日的发票（Invoice ASH-INV-0131）项下款项产生的逾期利息" in zh


def test_while_the_price_is_unpaid_the_earlier_letters_sums_remain_unpaid(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    code, output = demand(copy("software-uk", tmp_path, NO_RATE), out, "P3", "2026-11-29", "--stage", "final")
    assert code == 0, output
    text = paragraphs(out)
    assert "(the table gives the payment node each letter was about), and the sums remain unpaid:" in text
    assert "The sums claimed are due under our invoice of 10 July 2026 (Invoice ASH-INV-0131)" in text


# ------------------------------------------------------------- 4. the notified sum, after a part payment

#: The English software contract as construction operations under the Scheme (no Construction Act clause, no rate
#: agreed): P3's payment due date 9 August 2026, no payment notice, GBP 40,000.00 paid on 18 September and the
#: payee's notice in default of 30 November fixing the notified sum at the GBP 126,000.00 applied for; final date
#: for payment postponed to 12 December 2026.
NOTIFIED_AFTER_PART_PAYMENT = (
    ("  kind: software\n", "  kind: construction\n"),
    NO_RATE,
    (
        "\nescalation:",
        '\n  - {on: 2026-11-30, node: P3, type: default_notice, amount: "126,000.00", ref: Notice in default HD-1}\n'
        "\nescalation:",
    ),
)


def test_a_letter_stating_the_notified_sum_payable_in_full_credits_what_was_paid_of_it(tmp_path: Path) -> None:
    """ "The notified sum for P3 is GBP 126,000.00 ... that sum is payable in full" in a formal notice to a client
    that paid GBP 40,000.00 of it: it reads as a claim to the whole sum again. The sentence now says what was paid
    and what remains, as the statement and the notified-sum letter do."""
    folder = copy("software-uk", tmp_path, *NOTIFIED_AFTER_PART_PAYMENT)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2027-01-20", "--stage", "notice", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert "that sum is payable in full; of it you have paid GBP 40,000.00, and GBP 86,000.00 remains unpaid." in text
    assert "该通知金额应当足额支付；其中贵方已付英镑40,000.00，尚欠英镑86,000.00。" in text


@pytest.mark.parametrize("stage", ["notice", "notified-sum"])
def test_the_chinese_letter_calls_the_payees_notice_in_default_what_it_is(tmp_path: Path, stage: str) -> None:
    """The English says "our notice of 30 November 2026 under section 110B"; the Chinese called it 我方…发出的付款通知,
    the payer's payment notice (s.110A), whose absence is the very reason the payee's notice was given."""
    folder = copy("software-uk", tmp_path, *NOTIFIED_AFTER_PART_PAYMENT)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2027-01-20", "--stage", stage, "--lang", "zh")
    assert code == 0, output
    text = paragraphs(out)
    assert "依据为我方2026年11月30日依英国《1996年住房补助、建设和重建法》第110B条发出的收款方应付金额通知" in text
    assert "我方2026年11月30日发出的付款通知" not in text


# ------------------------------------------------------------- 5. a negotiation clause and an objection in time

NEGOTIATION = (
    (
        "  - use: dispute.arbitration\n",
        "  - use: dispute.negotiation\n    with: {days: 30}\n  - use: dispute.arbitration\n",
    ),
    (
        "\nescalation:",
        '\n  - {on: 2026-05-25, node: P2, type: disputed, amount: "100,000.00", reason: 工程量有误, ref: 异议函}\n'
        "\nescalation:",
    ),
)


def test_a_final_demand_does_not_threaten_arbitration_without_notice_on_a_part_the_contract_sends_to_negotiation(
    tmp_path: Path,
) -> None:
    """The client objected to CNY 100,000.00 of P2 on 25 May 2026: too late to stop the application being deemed
    certified (the review period ended on 22 May), but before P2 fell due on 29 May. The negotiation clause exempts
    from its 30 days only a sum not objected to before its time for payment: for that part arbitration must wait
    for the negotiation, and a letter that threatened it "without further notice" on the whole sum would be met with
    the clause. The letter now says so, and is the Notice of Dispute the 30 days run from."""
    folder = copy("fitout-cn", tmp_path, *NEGOTIATION)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P2", "2026-06-30", "--stage", "final", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert (
        "You objected in writing, before the time for payment expired, to CNY 100,000.00 of P2 (on 25 May 2026)" in text
    )
    assert "this letter is our Notice of Dispute under Clause 12 of the Contract" in text
    # 30 days from delivery (3 July at the latest) end on Sunday 2 August: the next working day (art. 203)
    assert "not resolved within 30 days after this letter is delivered, that is by 3 August 2026" in text
    assert "贵方已在付款期限届满前就P2的人民币100,000.00元（2026年5月25日提出）书面提出异议" in text
    assert "自本函送达之日起30日内（即2026年8月3日（含当日）前）协商不成的" in text


def test_without_an_objection_before_the_due_date_the_negotiation_clause_is_not_raised(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, NEGOTIATION[0])
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "final", "--lang", "en")
    assert code == 0, output
    assert "Notice of Dispute" not in paragraphs(out)


# ------------------------------------------------------------- 6. a payment notice is not a certificate

#: The English contract as construction operations under the Scheme: the Client's payment notice of 12 August
#: 2026 (in time) notifies GBP 100,000.00 of the GBP 126,000.00 applied for; GBP 40,000.00 paid on 18 September.
PAYMENT_NOTICE = (
    ("  kind: software\n", "  kind: construction\n"),
    NO_RATE,
    (
        "\nescalation:",
        '\n  - {on: 2026-08-12, node: P3, type: payment_notice, amount: "100,000.00", ref: Payment notice PN-3}\n'
        "\nescalation:",
    ),
)


def test_a_sum_left_out_of_a_payment_notice_is_not_said_to_be_left_out_of_a_certificate(tmp_path: Path) -> None:
    """Under the Construction Act the payer gives a payment notice (s.110A), not a certificate: the letter said the
    GBP 26,000.00 the notice left out was "left out of your certificate" and "not certified", a document the client
    never issued."""
    folder = copy("software-uk", tmp_path, *PAYMENT_NOTICE)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert (
        "The sums above leave out GBP 26,000.00 that your payment notice left out and that remains to be resolved"
        in text
    )
    assert "上述欠款不含贵方付款通知未予确认、尚待解决的英镑26,000.00" in text
    assert "（另有未列入付款通知英镑26,000.00）" in text  # the bilingual tables' cells
    assert "your certificate" not in text and "not certified" not in text and "证书" not in text
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice", "--lang", "en", "--force")
    assert code == 0, output
    text = paragraphs(out)
    assert "(and GBP 26,000.00 not in the payment notice)" in text
    assert "your certificate" not in text and "not certified" not in text


# ------------------------------------------------------------- 7. a letter asked for while a promise runs


def test_a_letter_asked_for_while_the_clients_promise_runs_warns_the_user(tmp_path: Path) -> None:
    """On 20 August 2026 the client promised to pay by 4 September. Without --stage no letter is written before 5
    September (the ladder waits); with --stage the notice was written in silence, calling the client in default of a
    promise it was still keeping. It is still written, as asked, but the user is told."""
    out = tmp_path / "n.docx"
    code, output = demand(SAMPLES / "software-uk", out, "P3", "2026-08-25", "--stage", "notice")
    assert code == 0, output
    assert "P3: the client promised on 2026-08-20 to pay by 2026-09-04, a day not yet passed" in output
    assert out.exists()
    code, output = demand(SAMPLES / "software-uk", tmp_path / "later.docx", "P3", "2026-09-05", "--stage", "notice")
    assert code == 0, output
    assert "a day not yet passed" not in output  # broken by then: the letter says so itself


# ------------------------------------------------------------- 8. Sub-Clause 14.8 only for the charges it gives


def _fidic_charges(tmp_path: Path, margin: str) -> Path:
    return copy(
        "epc-intl",
        tmp_path,
        ("  currency: USD\n", "  currency: USD\n  form: fidic-red-1999\n"),
        (
            '  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: "8%", day_count: "365"}',
            f'  - use: penalty.financing-charges\n    with: {{margin: "{margin}"}}',
        ),
        append='rates: {central-bank-discount: [{from: 2026-01-01, rate: "4.00%", source: central bank}]}\n',
    )


@pytest.mark.parametrize(("margin", "cited"), [("3%", True), ("5%", False)])
def test_a_letter_cites_14_8_only_for_financing_charges_at_its_three_points(
    tmp_path: Path, margin: str, cited: bool
) -> None:
    """Sub-Clause 14.8 (1999) gives financing charges at three points above the discount rate. A contract whose
    clause charges five points claims 9%, not 7%: citing 14.8 for that figure hands the client the answer that the
    provision relied on gives less."""
    folder = _fidic_charges(tmp_path, margin)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert f"plus {margin[0]} percentage points" in text
    assert "Sub-Clause 14.7" in text
    assert ("Sub-Clause 14.8" in text) is cited
