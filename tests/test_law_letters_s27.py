"""Letters that claim only what the law gives this debtor and say sums that add up: no Late Payment Directive interest
or compensation from a consumer (nor any other business statute's), the Directive's interest on the sum with VAT, no
Construction Act machinery against a client who may be a residential occupier unless the contract adopts it, a
reminder and a statement whose figures add up when part of a sum is disputed, a total row with the amount column
filled in, and a list of authorities naming every provision the letter relies on. Each through the command line,
read back from the documents written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document

from tests.projects import copy_sample
from tests.test_letters_s26l import PRC_CALENDAR, copy, demand, paragraphs, run

# ------------------------------------------------------------------------------------------------ helpers


def total_rows(path: Path) -> list[list[str]]:
    """The total row of every table of the document, each cell's text with its lines joined by a space."""
    rows = []
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = [" ".join(" ".join(p.text for p in cell.paragraphs).split()) for cell in row.cells]
            if cells and cells[0].split(" ")[0] in ("合计", "Total"):
                rows.append(cells)
    return rows


def eu_consumer(tmp_path: Path, form: str | None = "individual") -> Path:
    """The software contract under Irish law in euro, silent on late payment, its client an individual (``form``)."""
    folder = copy(
        "software-uk",
        tmp_path,
        ("jurisdiction: UK", "jurisdiction: EU"),
        ("  currency: GBP", "  currency: EUR"),
        (
            "    with: {law: England and Wales}",
            "    with: {law: other, law_other: 爱尔兰法律, law_other_en: the laws of Ireland}",
        ),
        ("    with: {court: the courts of England and Wales}", "    with: {court: the courts of Ireland}"),
        ("    size: large\n", f"    size: large\n    form: {form}\n" if form else "    size: large\n"),
    )
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - use: penalty.late-payment-interest\n")
    text = text[:start] + text[text.index("  - use: penalty.recovery-costs\n") :]
    text = "".join(line for line in text.splitlines(keepends=True) if "node: P3" not in line)
    p3 = (
        '  - {on: 2026-05-20, node: P3, type: applied, amount: "126,000.00"}\n'
        "  - {on: 2026-05-31, node: P3, type: accepted}\n"
        '  - {on: 2026-05-31, node: P3, type: invoiced, amount: "126,000.00"}\n'
        '  - {on: 2026-07-15, node: P3, type: paid, amount: "40,000.00"}\n'
    )
    path.write_text(text.replace("\nescalation:", p3 + "\nescalation:", 1), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ 1. no business statute against a consumer


def test_status_charges_a_consumer_no_directive_interest_or_compensation(tmp_path: Path) -> None:
    folder = eu_consumer(tmp_path)
    code, output = run("status", folder, "--as-of", "2026-09-30", "--explain")
    assert code == 0, output
    assert "ecb-mro" not in output and "fixed compensation" not in output
    assert "no statutory default: the Late Payment Directive covers commercial transactions" in output
    data = json.loads(run("status", folder, "--as-of", "2026-09-30", "--json")[1])
    p3 = next(n for n in data["nodes"] if n["node"] == "P3")
    assert p3["fixed_compensation"] == "0"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stage", ["notice", "final"])
def test_a_letter_to_a_consumer_neither_cites_the_directive_nor_claims_its_interest(
    tmp_path: Path, lang: str, stage: str
) -> None:
    out = tmp_path / "f.docx"
    code, output = demand(eu_consumer(tmp_path), out, "P3", "2026-09-30", "--stage", stage, "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    assert "2011/7/EU" not in text
    assert not re.search(r"EUR 40\.00(?![\d,])|欧元40\.00元", text)
    assert "Fixed compensation" not in text and "固定补偿金" not in text
    assert "Interest to" not in text and "逾期利息（截至" not in text
    # the debt itself, with its VAT, is still claimed
    assert "86,000.00" in text and "103,200.00" in text


def test_the_directive_still_reaches_a_sole_trader_and_its_interest_runs_on_the_sum_with_vat(tmp_path: Path) -> None:
    out = tmp_path / "n.docx"
    code, output = demand(eu_consumer(tmp_path, "sole-trader"), out, "P3", "2026-09-30", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "which gives effect to Directive 2011/7/EU" in text and "EUR 40.00" in text
    # art. 2(8): the amount due includes the VAT invoiced (126,000.00 and 86,000.00 with VAT at 20%)
    assert "EUR 151,200.00" in text and "EUR 103,200.00" in text
    assert "excluding VAT" not in text


def test_validate_says_the_contracts_own_clause_is_a_consumers_only_interest(tmp_path: Path) -> None:
    output = run("validate", eu_consumer(tmp_path / "eu"))[1]
    assert "LAW011" in output and "Directive 2011/7/EU" in output
    assert "the contract's own late-payment clause is the only basis for interest" in output
    assert "LAW011" not in run("validate", eu_consumer(tmp_path / "co", None))[1]
    # in England too, and a low contract rate is no warning there: a consumer owes no statutory interest to displace
    uk = copy(
        "software-uk",
        tmp_path / "uk",
        ("    size: large\n", "    size: large\n    form: individual\n"),
        ('{annual_rate: "11.75%", day_count: "365"}', '{annual_rate: "2%", day_count: "365"}'),
    )
    output = run("validate", uk)[1]
    assert "LAW004" not in output and "LAW011" not in output  # the clause gives the interest
    sample = (uk / "project.yaml").read_text(encoding="utf-8")
    start = sample.index("  - use: penalty.late-payment-interest\n")
    (uk / "project.yaml").write_text(
        sample[:start] + sample[sample.index("  - use: penalty.recovery-costs\n") :], encoding="utf-8"
    )
    output = run("validate", uk)[1]
    assert "LAW011" in output and "Late Payment of Commercial Debts (Interest) Act 1998" in output


def test_the_sme_regulations_reach_no_individual_client(tmp_path: Path) -> None:
    """An individual is neither a public body nor a large enterprise, whatever ``size`` the file gives it."""
    folder = copy_sample(
        "fitout-cn", tmp_path / "fitout-cn", ("    size: large", "    size: large\n    form: individual"), count=1
    )
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2026-11-30", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "保障中小企业款项支付条例" not in text and "我方为中小企业" not in text
    control = tmp_path / "c.docx"
    assert demand(copy("fitout-cn", tmp_path / "c"), control, "P2", "2026-11-30", "--stage", "notice")[0] == 0
    assert "保障中小企业款项支付条例" in paragraphs(control)


# ------------------------------------------------------- 2. the Construction Act and a residential occupier

ACT_CLAUSE = (
    "  - use: payment.construction-act      # Construction Act payment notices: due date, final date, pay less "
    "notice\n    with: {final_days: 21, pay_less_days: 7}\n"
)
SUSPENSION_CLAUSE = "  - use: suspension.non-payment\n    with: {notice_days: 7}"


def english_works(
    tmp_path: Path, *, act: bool, individual: bool, suspension: bool = True, default_notice: bool = False
) -> Path:
    """`contractkit init --kind construction`, P2 applied for and invoiced, with or without the Construction Act
    clause and the suspension clause, for an individual client or the sample's company; with ``default_notice``
    the payee's notice in default for P2 (without the clause the application is no notice, and nothing is late
    until a sum is notified)."""
    folder = tmp_path / "uk-con"
    code, output = run("init", folder, "--lang", "en", "--kind", "construction")
    assert code == 0, output
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert ACT_CLAUSE in text and SUSPENSION_CLAUSE in text
    if not act:
        text = text.replace(ACT_CLAUSE, "")
    if not suspension:
        text = re.sub(re.escape(SUSPENSION_CLAUSE) + r"[^\n]*\n", "", text)
    if individual:
        text = text.replace("    size: large ", "    form: individual\n    size: large ", 1)
    events = (
        "events:\n"
        '  - {on: 2026-12-10, node: P2, type: applied, amount: "647,500.00"}\n'
        '  - {on: 2026-12-11, node: P2, type: invoiced, amount: "647,500.00"}\n'
    )
    if default_notice:
        events += '  - {on: 2026-12-23, node: P2, type: default_notice, amount: "647,500.00"}\n'
    path.write_text(text.replace("events: []", events + "#", 1), encoding="utf-8")
    return folder


def test_validate_warns_that_the_act_may_not_reach_an_individual_client(tmp_path: Path) -> None:
    output = run("validate", english_works(tmp_path / "a", act=False, individual=True))[1]
    assert "LAW010" in output and "residential occupier" in output and "s.106" in output
    assert "add - use: payment.construction-act" in output
    assert "LAW010" not in run("validate", english_works(tmp_path / "b", act=True, individual=True))[1]
    assert "LAW010" not in run("validate", english_works(tmp_path / "c", act=False, individual=False))[1]


def test_status_applies_no_scheme_to_a_client_who_may_be_a_residential_occupier(tmp_path: Path) -> None:
    code, output = run(
        "status", english_works(tmp_path, act=False, individual=True), "--as-of", "2027-02-15", "--explain"
    )
    assert code == 0, output
    p2 = output[output.index("P2 Interim payment 2") :]
    p2 = p2[: p2.index("\nP3 ")]
    assert "Scheme" not in p2 and "final date for payment" not in p2
    assert "s.111" not in p2 and "s.110B" not in p2 and "pay less" not in p2
    assert "due: 2026-12-17 (7 days after application on 2026-12-10)" in p2
    # a company client: the Scheme's final date, and the notified sum under s.111, as before
    code, output = run(
        "status",
        english_works(tmp_path / "co", act=False, individual=False, default_notice=True),
        "--as-of",
        "2027-02-15",
        "--explain",
    )
    assert "final date for payment" in output and "payable in full (s.111)" in output


@pytest.mark.parametrize("stage", ["reminder", "notice", "final"])
def test_letters_to_a_possible_residential_occupier_rest_on_no_section_of_the_act(tmp_path: Path, stage: str) -> None:
    folder = english_works(tmp_path, act=False, individual=True)
    out = tmp_path / f"{stage}.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", stage)
    assert code == 0, output
    text = paragraphs(out)
    assert "Housing Grants" not in text and "section 11" not in text and "Section 11" not in text
    assert "final date for payment" not in text and "notified sum" not in text
    if stage == "notice":  # the warning of suspension rests on the contract's clause
        assert re.search(r"a separate notice under Clause \d+ of the Contract that we will suspend work", text)


def test_no_suspension_against_a_possible_residential_occupier_without_a_clause(tmp_path: Path) -> None:
    folder = english_works(tmp_path, act=False, individual=True, suspension=False)
    out = tmp_path / "s.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", "suspension")
    assert code == 1 and "no suspension clause" in output and not out.exists()
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "suspend" not in text and "section 112" not in text
    # a company client: the statute gives the right, and the notice warns of it under s.112, which it lists
    company = english_works(tmp_path / "co", act=False, individual=False, suspension=False, default_notice=True)
    out = tmp_path / "co.docx"
    assert demand(company, out, "P2", "2027-02-15", "--stage", "notice")[0] == 0
    text = paragraphs(out)
    assert (
        "under section 112 of the Housing Grants, Construction and Regeneration Act 1996, stating the grounds" in text
    )
    assert "Section 112 of the Housing Grants, Construction and Regeneration Act 1996" in text  # the list


def test_where_the_contract_adopts_the_act_a_possible_residential_occupier_is_held_to_the_clause(
    tmp_path: Path,
) -> None:
    folder = english_works(tmp_path, act=True, individual=True, suspension=False)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    # the notified sum and the right to suspend are the clause's (payment.construction-act), not the statute's
    found = re.search(
        r"no pay less notice was given by 4 January 2027, so under Clause (\d+) of the Contract that", text
    )
    assert found, text
    clause = found.group(1)
    assert f"a separate notice under Clause {clause} of the Contract that we will suspend work" in text
    assert "section 111" not in text and "section 112" not in text and "Housing Grants" not in text
    out = tmp_path / "s.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", "suspension")
    assert code == 0, output
    text = paragraphs(out)
    assert f"In accordance with Clause {clause} of the Contract, we hereby give you notice" in text
    assert "section 112" not in text and "Section 112" not in text and ", including interest" not in text


# ----------------------------------------------------------------- 3. and 4. a disputed part, and the totals

DISPUTE = (
    "ref: 发送至 wang.jianguo@pujiang-property.example}\n",
    "ref: 发送至 wang.jianguo@pujiang-property.example}\n"
    '  - {on: 2026-05-18, node: P2, type: disputed, amount: "120,000.00", reason: 吊顶工程量有争议, '
    "ref: 发包人异议函}\n"
    '  - {on: 2026-09-25, node: P2, type: promised, amount: "400,000.00", by: "2026-10-15", ref: 付款承诺函}\n',
)


@pytest.fixture
def disputed(tmp_path: Path) -> Path:
    """The fit-out's P2 (720,000.00, 200,000.00 paid) with 120,000.00 disputed in time and a broken promise."""
    return copy("fitout-cn", tmp_path, DISPUTE, append=PRC_CALENDAR)


def test_the_reminder_says_what_is_unpaid_disputed_and_demanded_in_sums_that_add_up(
    disputed: Path, tmp_path: Path
) -> None:
    zh, en = tmp_path / "zh.docx", tmp_path / "en.docx"
    assert demand(disputed, zh, "P2", "2026-11-30", "--stage", "reminder", "--lang", "zh")[0] == 0
    assert demand(disputed, en, "P2", "2026-11-30", "--stage", "reminder", "--lang", "en")[0] == 0
    text = paragraphs(zh)
    assert (
        "该期款项人民币720,000.00元的付款期限已于2026年5月29日届满，现已逾期185日，其中已付人民币200,000.00元，"
        "尚未支付人民币520,000.00元；其中人民币120,000.00元贵方有争议、尚待解决，不在本函催告之列，无争议部分尚欠"
        "人民币400,000.00元"
    ) in text
    assert "已付人民币200,000.00元，尚欠人民币400,000.00元" not in text
    assert "上述无争议的逾期款项合计人民币400,000.00元" in text
    text = paragraphs(en)
    assert (
        "CNY 200,000.00 of it has been paid. CNY 520,000.00 remains unpaid, of which CNY 120,000.00 is in dispute "
        "and yet to be resolved and is not claimed in this letter; the undisputed sum outstanding is CNY 400,000.00"
    ) in text
    assert "The total undisputed sum outstanding is CNY 400,000.00" in text


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
@pytest.mark.parametrize("stage", ["notice", "final"])
def test_every_statement_row_and_total_adds_up_with_a_disputed_part(
    disputed: Path, tmp_path: Path, stage: str, lang: str
) -> None:
    out = tmp_path / "l.docx"
    code, output = demand(disputed, out, "P2", "2026-11-30", "--stage", stage, "--lang", lang)
    assert code == 0, output
    cny = "人民币{}元" if lang != "en" else "CNY {}"
    held = "（另有争议{}）" if lang != "en" else "(and {} disputed)"
    row = [
        cny.format("720,000.00"),
        cny.format("200,000.00"),
        cny.format("400,000.00") + " " + held.format(cny.format("120,000.00")),
    ]
    documents = [out] + ([tmp_path / "l-case-summary.docx"] if stage == "final" else [])
    for document in documents:
        totals = [r for r in total_rows(document) if len(r) >= 4]
        assert totals, document
        statement = totals[0]
        # amount 720,000 less paid 200,000 is the 400,000 claimed and the 120,000 disputed
        assert [c for c in statement if c in row] == row, (document.name, statement)
        text = paragraphs(document)
        assert "其中争议" not in text and "of which CNY 120,000.00 disputed" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_statement_total_row_gives_the_amount_payable(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "n.docx"
    code, output = demand(copy("fitout-cn", tmp_path), out, "P2", "2026-11-30", "--stage", "notice", "--lang", lang)
    assert code == 0, output
    cny = "人民币{}元" if lang == "zh" else "CNY {}"
    total = total_rows(out)[0]
    assert total == [
        "合计" if lang == "zh" else "Total",
        "",
        cny.format("720,000.00"),
        cny.format("200,000.00"),
        cny.format("520,000.00"),
    ]
    out = tmp_path / "f.docx"
    assert (
        demand(copy("fitout-cn", tmp_path / "f"), out, "P2", "2026-11-30", "--stage", "final", "--lang", lang)[0] == 0
    )
    summary = [r for r in total_rows(tmp_path / "f-case-summary.docx") if len(r) == 5]
    assert summary[0][1:4] == [cny.format("720,000.00"), cny.format("200,000.00"), cny.format("520,000.00")]


# ------------------------------------------------------------------ 5. the authorities a letter relies on


@pytest.mark.parametrize("stage", ["final", "notice", "suspension"])
def test_an_english_letter_lists_every_section_of_the_act_its_body_relies_on(tmp_path: Path, stage: str) -> None:
    folder = english_works(tmp_path, act=True, individual=False)
    out = tmp_path / f"{stage}.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", stage)
    assert code == 0, output
    text = paragraphs(out)
    # the body: the payment due date and the final date (s.110), and the notified sum payable in full (s.111) fixed
    # by our application standing as the notice (s.110B)
    assert "so under section 111 of the Housing Grants, Construction and Regeneration Act 1996" in text
    listed = text[text.index("rests on the Contract and on the following provisions") :]
    for section in ("110", "110B", "111", "116"):
        assert f"Section {section} of the Housing Grants, Construction and Regeneration Act 1996" in listed, section
    assert ("Section 112 of" in listed) == (stage == "suspension")  # the notice warns under the suspension clause
    if stage == "final":
        assert "Paragraph 6 of the Practice Direction on Pre-Action Conduct and Protocols" in listed
        assert listed.index("Section 111") < listed.index("Paragraph 6")


def test_the_payees_notice_lists_section_111_on_which_it_says_the_sum_must_be_paid(tmp_path: Path) -> None:
    folder = english_works(tmp_path, act=True, individual=False)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    # P1 accepted on 1 June 2026 and never applied for: no notice stands, so the payee gives one in default (s.110B)
    start = text.index("  - {on: 2026-12-10, node: P2")
    end = text.index("\n#", start)
    text = (
        text[:start] + "  - {on: 2026-06-01, node: P1, type: accepted, ref: First-fix inspection record}" + text[end:]
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "d.docx"
    code, output = demand(folder, out, "P1", "2026-06-16", "--stage", "default-notice")
    assert code == 0, output
    letter = paragraphs(out)
    assert "(section 111)" in letter
    assert "Section 111 of the Housing Grants" in letter[letter.index("rests on the Contract") :]


def test_work_resumes_on_the_sums_the_suspension_clause_names(tmp_path: Path) -> None:
    """An English solicitor's reading: with no late-payment clause (the Late Payment Act's interest), the suspension
    clause has work resume once the overdue sums are paid; the letter said "including interest", which the clause
    does not say, inviting a claim of wrongful suspension."""
    clause = '  - use: penalty.late-payment-interest\n    with: {annual_rate: "11.75%", day_count: "365"}'
    folder = copy_sample("software-uk", tmp_path / "sw", (clause, ""))
    out = tmp_path / "suspension.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "suspension")
    assert code == 0, output
    text = paragraphs(out)
    assert "after you have paid in full the sums due." in text and "including interest" not in text
    # with the contract's interest clause the clause names interest, and so does the letter
    out = tmp_path / "with-interest.docx"
    code, output = demand(
        copy_sample("software-uk", tmp_path / "sw2"), out, "P3", "2026-11-29", "--stage", "suspension"
    )
    assert code == 0, output
    assert "after you have paid in full the sums due, including interest." in paragraphs(out)


def test_an_interest_table_on_the_sums_with_vat_says_so(tmp_path: Path) -> None:
    """The Late Payment Act's interest runs on the debt as invoiced: the table's principal (151,200.00) is not the
    statement's 126,000.00, and the letter says why instead of leaving a judge to wonder."""
    clause = '  - use: penalty.late-payment-interest\n    with: {annual_rate: "11.75%", day_count: "365"}'
    folder = copy_sample("software-uk", tmp_path / "sw", (clause, ""))
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "The table is calculated on the sums due including VAT, as invoiced" in text
    assert "excluding VAT." not in text


def test_the_notified_sum_letter_lists_the_notice_that_fixed_the_sum_and_the_compensation_it_claims(
    tmp_path: Path,
) -> None:
    """An English solicitor's reading: the letter relied on the application standing as the payment notice (s.110B)
    and claimed fixed compensation (s.5A) without listing either."""
    from tests.test_scope_s27 import _stage_project

    folder, node, as_of = _stage_project(tmp_path / "w", "notified-sum", individual=False)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    clause = re.search(r"  - use: penalty.late-payment-interest\n(    with: .*\n)?", text)
    assert clause is not None
    path.write_text(text.replace(clause.group(0), ""), encoding="utf-8")
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, node, as_of, "--stage", "notified-sum")
    assert code == 0, output
    listed = paragraphs(out).split("Our claim rests on the Contract and on the following provisions")[1]
    assert "Section 110B of the Housing Grants" in listed
    assert "Section 5A of the Late Payment of Commercial Debts (Interest) Act 1998" in listed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_dispute_reply_under_the_act_does_not_call_the_notified_sum_the_undisputed_remainder(
    tmp_path: Path, lang: str
) -> None:
    """An English solicitor's reading: with 47,500 disputed of a notified sum of 647,500 and no pay less notice, the
    reply said "You do not dispute the remaining GBP 647,500.00": the whole notified sum is payable, the disputed part
    included."""
    from tests.test_scope_s27 import _stage_project

    folder, node, as_of = _stage_project(tmp_path / "w", "dispute-reply", individual=False)
    out = tmp_path / "d.docx"
    code, output = demand(folder, out, node, as_of, "--stage", "dispute-reply", "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    if lang == "en":
        assert "You do not dispute the remaining" not in text
        assert "the notified sum of GBP 647,500.00, the GBP 47,500.00 you dispute included, is payable in full" in text
    else:
        assert "贵方未提出异议的" not in text
        assert "通知金额英镑647,500.00（含贵方有异议的英镑47,500.00）应当足额支付" in text.replace(" ", "")
