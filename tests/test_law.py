"""Each body of law gives its own letters: England and Wales, the PRC, FIDIC as a form incorporated or not,
for each kind of work and kind of debtor, checked on the documents' text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.law import law_for
from contractkit.model.models import DemandStage
from contractkit.model.project import load_project
from contractkit.render.contract import contract_document
from contractkit.render.letters import write_demand
from contractkit.render.pack import build_pack
from contractkit.rules import check_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import copy_sample

AS_OF = dt.date(2026, 11, 29)
ROOT = Path(__file__).resolve().parent.parent
STARTERS = ROOT / "src" / "contractkit" / "model" / "data" / "init"
#: The software sample's interest clause, whose rate displaces the Late Payment Act.
RATE_CLAUSE = (
    '  - use: penalty.late-payment-interest\n    with: {annual_rate: "11.75%", day_count: "365"}   # Bank Rate 3.75% '
    "plus 8%, the rate of the Late Payment of Commercial Debts (Interest) Act 1998\n"
)
SUSPENSION_CLAUSE = (
    "  - use: suspension.non-payment\n    with: {notice_days: 7}              # the Construction Act requires at "
    "least 7 days' notice\n"
)


def sample(name: str, tmp_path: Path, *edits: tuple[str, str]) -> Path:
    return copy_sample(name, tmp_path / name, *edits)


def letter(folder: Path, stage: DemandStage, node: str = "all", lang: str = "en", as_of: dt.date = AS_OF) -> str:
    out = folder.parent / f"{folder.name}-{stage}.docx"
    write_demand(load_project(folder), node, out, as_of=as_of, lang=lang, stage=stage, force=True)
    return docx_text(out)


def uk_construction(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The English construction starter with P2 applied for on 1 May 2026 and unpaid."""
    folder = tmp_path / "uk-construction"
    folder.mkdir()
    text = (STARTERS / "en-construction.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "events: []",
        'events:\n  - {on: 2026-05-01, node: P2, type: applied, amount: "647,500.00", ref: Application no. 2}\n'
        '  - {on: 2026-05-01, node: P2, type: invoiced, amount: "647,500.00", ref: INV-0002}\n',
    )
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------- kind of work


def test_a_project_without_a_kind_is_warned_about_and_treated_as_no_construction(tmp_path: Path) -> None:
    folder = sample("software-uk", tmp_path, ("  kind: software\n", ""))
    loaded = load_project(folder)
    assert any(f.code == "LAW001" for f in check_project(loaded))
    out = tmp_path / "c.docx"
    out.write_bytes(contract_document(loaded, "en"))
    text = docx_text(out)
    assert "Construction Contract" not in text and "the Employer" not in text
    assert "the Client" in text and "the Supplier" in text


def test_software_in_england_never_relies_on_the_construction_act(tmp_path: Path) -> None:
    folder = sample("software-uk", tmp_path)
    for stage in (DemandStage.NOTICE, DemandStage.FINAL):
        assert "Housing Grants" not in letter(folder, stage)
    folder = sample(
        "software-uk", tmp_path / "b", ("  - use: suspension.non-payment\n    with: {notice_days: 7}\n", "")
    )
    from contractkit.errors import Refusal

    with pytest.raises(Refusal, match="no suspension clause"):
        letter(folder, DemandStage.SUSPENSION)


def test_construction_in_england_may_suspend_under_section_112_whatever_the_contract_says(tmp_path: Path) -> None:
    folder = uk_construction(
        tmp_path,
        (SUSPENSION_CLAUSE, ""),
    )
    loaded = load_project(folder)
    account = build_account(loaded, AS_OF)
    assert account.terms.suspension is not None and account.terms.suspension.notice_days == 7
    assert account.terms.suspension.statute == "uk.construction-act.s112"
    assert not any(f.code == "REM002" for f in check_project(loaded))
    text = letter(folder, DemandStage.SUSPENSION)
    assert "section 112 of the housing grants, construction and regeneration act 1996" in text.lower()
    # sent 29 November; deemed delivered by 2 December at the latest; seven days' notice ends 9 December
    assert "10 December 2026" in text and "9 December 2026" in text


# ------------------------------------------------------------------------------------------ limitation


def test_english_limitation_is_six_years_restarted_only_by_part_payment_or_acknowledgment(tmp_path: Path) -> None:
    folder = sample("software-uk", tmp_path)
    p3 = build_account(load_project(folder), AS_OF).node("P3")
    # due 9 August 2026; the part payment of 18 September 2026 restarts the six years (s.29(5)); the reminder
    # delivered on 11 August does nothing in England
    assert p3 is not None and p3.limitation_on == dt.date(2032, 9, 18)
    assert p3.limitation.restarted_by is not None and str(p3.limitation.restarted_by.kind) == "part payment"
    folder = sample(
        "software-uk",
        tmp_path / "b",
        (
            "escalation:",
            "  - {on: 2026-10-01, node: P3, type: notice, stage: notice, via: courier, delivered_on: 2026-10-03}\n"
            "  - {on: 2026-10-20, node: P3, type: acknowledged, ref: signed statement}\n\nescalation:",
        ),
    )
    p3 = build_account(load_project(folder), AS_OF).node("P3")
    assert p3 is not None and p3.limitation_on == dt.date(2032, 10, 20)  # the acknowledgment, not the notice


def test_recording_a_letter_says_what_stops_limitation_under_the_governing_law(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = sample("software-uk", tmp_path)
    result = runner.invoke(
        main,
        [
            "demand",
            str(folder),
            "--node",
            "P3",
            "-o",
            str(tmp_path / "n.docx"),
            "--as-of",
            "2026-11-29",
            "--record",
            "--sent-by",
            "email",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "does not stop limitation" in result.output and "ss.29(5), 30" in result.output
    assert "interrupts limitation once it is delivered" not in result.output
    assert "interrupts limitation" in law_for(load_project(SAMPLES / "fitout-cn").project).record_note()


# -------------------------------------------------------------------------------- statutory interest


def test_a_contract_rate_displaces_the_late_payment_act_in_the_letters(tmp_path: Path) -> None:
    text = letter(sample("software-uk", tmp_path), DemandStage.FINAL)
    assert "Late Payment of Commercial Debts" not in text
    assert "11.75% a year on a 365-day year" in text


def test_statutory_interest_is_named_with_its_rate_and_day(tmp_path: Path) -> None:
    folder = sample(
        "software-uk",
        tmp_path,
        (RATE_CLAUSE, ""),
    )
    text = letter(folder, DemandStage.NOTICE)
    # P3 fell due on 9 August 2026: interest starts in July-December, so Bank Rate in force on 30 June 2026
    assert "Bank of England Bank Rate of 3.75% in force on 30 June 2026 plus 8 percentage points" in text
    assert "boe-bank-rate" not in text
    assert "section 1 of the late payment of commercial debts (interest) act 1998" in text.lower()
    assert "section 5a of the late payment" in text.lower()


def test_interest_on_a_debt_paid_late_can_still_be_demanded(tmp_path: Path) -> None:
    folder = sample(
        "software-uk",
        tmp_path,
        (
            '  - {on: 2026-06-04, node: P2, type: paid, amount: "72,000.00"',
            '  - {on: 2026-07-06, node: P2, type: paid, amount: "72,000.00"',
        ),
    )
    p2 = build_account(load_project(folder), AS_OF).node("P2")
    assert p2 is not None and str(p2.state) == "paid" and p2.accrued_interest > 0
    text = letter(folder, DemandStage.NOTICE, node="P2")
    assert "GBP 0.00" not in text.split("interest of")[0][-40:]  # no principal is claimed
    assert f"{p2.accrued_interest:,.2f}" in text


# ----------------------------------------------------------------------------------- pre-action conduct


def test_the_letter_before_action_to_a_company_follows_the_practice_direction(tmp_path: Path) -> None:
    text = letter(sample("software-uk", tmp_path), DemandStage.FINAL)
    assert "Dear Ms Gallagher," in text and "Dear Sirs" not in text
    assert "Yours sincerely," in text
    assert "Oliver Hartley, Managing Director" in text
    assert "paragraph 6 of the Practice Direction on Pre-Action Conduct and Protocols" in text
    assert "Oliver Hartley" in text  # a named signatory
    assert "negotiation or mediation" in text  # paras 8-11: an invitation to ADR
    assert "invoice of 10 July 2026 (Invoice ASH-INV-0131)" in text  # the invoice that started the period, named
    assert "Invoice P3, 10 July 2026 (Invoice ASH-INV-0131)" in text  # ... and enclosed
    assert "within 14 days of receiving this letter" in text


@pytest.mark.parametrize("form", ["individual", "sole-trader"])
def test_an_individual_or_a_sole_trader_gets_the_debt_claims_protocol(tmp_path: Path, form: str) -> None:
    folder = sample(
        "software-uk",
        tmp_path,
        ("    size: large\n", f"    size: large\n    form: {form}\n"),
        (RATE_CLAUSE, ""),
    )
    text = letter(folder, DemandStage.FINAL)
    assert "Pre-Action Protocol for Debt Claims" in text and "within 30 days of receiving this letter" in text
    assert "Practice Direction" not in text
    pack = docx_text(folder.parent / f"{folder.name}-final-reply-pack.docx")
    assert "Reply form" in pack and "Financial statement" in pack and "Citizens Advice" in pack
    # statutory interest is owed by a sole trader, never by a consumer
    assert ("Late Payment of Commercial Debts" in text) is (form == "sole-trader")
    account = build_account(load_project(folder), AS_OF)
    assert (account.interest > 0) is (form == "sole-trader")


# --------------------------------------------------------------------------------------------- PRC


def test_the_prc_final_demand_cites_the_construction_priority_and_its_limits(tmp_path: Path) -> None:
    text = letter(sample("fitout-cn", tmp_path), DemandStage.FINAL, lang="zh")
    for article in ("第八百零七条", "第三十五条", "第三十七条", "第四十条", "第四十一条"):
        assert article in text, article
    assert "不包括逾期付款违约金" in text  # art. 40: interest has no priority
    # due 29 May 2026: at most 18 months, to 29 November 2027
    assert "2027年11月29日" in text


# ------------------------------------------------------------------------------------------- FIDIC


def test_fidic_is_cited_only_where_the_contract_incorporates_it(tmp_path: Path) -> None:
    folder = sample("epc-intl", tmp_path)
    assert not any(f.code == "REM001" for f in check_project(load_project(folder)))
    for stage in (DemandStage.NOTICE, DemandStage.FINAL):
        assert "FIDIC" not in letter(folder, stage)
    folder = sample("epc-intl", tmp_path / "b", ("  currency: USD\n", "  currency: USD\n  form: fidic-red-1999\n"))
    final = letter(folder, DemandStage.FINAL)
    assert "Sub-Clause 14.7" in final
    # the sample's own 8% clause stands in place of 14.8's financing charges, and no letter terminates (16.2)
    assert "Sub-Clause 14.8" not in final and "Sub-Clause 16.2" not in final


def test_financing_charges_are_a_late_payment_remedy(tmp_path: Path) -> None:
    folder = sample(
        "epc-intl",
        tmp_path,
        (
            '  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: "8%", day_count: "365"}',
            "  - use: penalty.financing-charges",
        ),
    )
    assert not any(f.code == "REM001" for f in check_project(load_project(folder)))


def _financing_charges(tmp_path: Path) -> Path:
    """The EPC sample under FIDIC 14.8's financing charges, with a central bank discount rate to run them on."""
    folder = sample(
        "epc-intl",
        tmp_path,
        (
            '  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: "8%", day_count: "365"}',
            "  - use: penalty.financing-charges",
        ),
    )
    with (folder / "project.yaml").open("a", encoding="utf-8") as f:
        f.write('\nrates:\n  central-bank-discount:\n    - {from: 2025-12-11, rate: "3.75%", source: "test"}\n')
    return folder


def test_a_letter_names_the_financing_charges_it_calls_interest(tmp_path: Path) -> None:
    """The Chinese text says 延期付款融资费用 throughout, the contract's term; the English names it where the basis is
    stated, so the two columns of a bilingual letter claim the same thing."""
    folder = _financing_charges(tmp_path)
    out = tmp_path / "notice.docx"
    args = ["demand", str(folder), "--node", "P3", "--stage", "notice", "--as-of", "2026-11-29", "--lang", "bilingual"]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "Basis of interest: financing charges under Clause 10 of the Contract, called interest in this" in text
    assert "延期付款融资费用" in text


# ---------------------------------------------------------------------------------------- statement


def test_only_a_prc_construction_statement_refers_to_the_model_contract(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, expected in (("fitout-cn", True), ("software-uk", False)):
        out = tmp_path / f"{name}-pack"
        result = runner.invoke(
            main,
            [
                "apply",
                str(SAMPLES / name),
                "--node",
                "P4",
                "-o",
                str(out),
                "--as-of",
                "2026-11-29",
                "--no-pdf",
                "--allow-missing",
                "--lang",
                "en",
            ],
        )
        assert result.exit_code == 0, result.output
        statement = docx_text(out / "payment-statement.docx")
        assert ("GF-2017-0201" in statement) is expected, name
        assert not re.search(r"\{\{|None", statement)


def test_with_vat_the_debt_and_statutory_interest_include_it(tmp_path: Path) -> None:
    folder = sample("software-uk", tmp_path, (RATE_CLAUSE, ""))  # the sample adds VAT at 20% to its invoices
    account = build_account(load_project(folder), AS_OF)
    p3 = account.node("P3")
    assert p3 is not None and p3.interest is not None
    # 86,000.00 net outstanding; the Act runs interest on the invoice as issued, with VAT: 103,200.00
    assert p3.interest.periods[-1].principal == Decimal("103200.00")
    assert p3.outstanding_vat == Decimal("17200.00")
    text = letter(folder, DemandStage.NOTICE)
    assert "VAT at 20% on the sum outstanding" in text and "GBP 17,200.00" in text
    # the sentence that asks for the money adds up: principal, VAT and interest make the total claimed
    claim = p3.outstanding + p3.outstanding_vat + p3.accrued_interest + 100  # fixed compensation: GBP 100.00
    assert (
        f"GBP 86,000.00, VAT of GBP 17,200.00 and interest of GBP {p3.accrued_interest:,.2f} together with fixed "
        f"compensation of GBP 100.00, in all GBP {claim:,.2f}"
    ) in text


def test_every_citation_belongs_to_a_law_module_and_every_module_cites_only_its_own() -> None:
    from contractkit.law.england import ENGLAND_AND_WALES
    from contractkit.law.eu import EU
    from contractkit.law.intl import CONTRACT_ALONE
    from contractkit.law.prc import PRC
    from contractkit.model.clauses import legal_references

    refs = legal_references()
    law_dir = ROOT / "src" / "contractkit" / "law"
    for key, ref in refs.items():
        assert (law_dir / f"{ref['module']}.py").is_file(), key
        assert ref["source"], key
    modules = {
        "CN": (PRC, "prc"),
        "UK": (ENGLAND_AND_WALES, "england"),
        "EU": (EU, "eu"),
        "INTL": (CONTRACT_ALONE, "intl"),
    }
    for jurisdiction, (law, module) in modules.items():
        for name in ("fitout-cn", "software-uk", "epc-intl"):
            project = load_project(SAMPLES / name).project.model_copy(update={"jurisdiction": jurisdiction})
            for stage in DemandStage:
                for basis in ("none", "cn.sme-payment.17", "uk.late-payment-act", "eu.late-payment-directive"):
                    for key in law.citations(project, stage, basis):
                        assert key in refs, key
                        assert refs[key]["module"] == module or key == basis, (jurisdiction, key)


@pytest.mark.parametrize(
    ("drop", "greeting", "closing"),
    [
        ((), "Dear Ms Gallagher,", "Yours sincerely,"),
        (("salutation",), "Dear Fiona Gallagher,", "Yours sincerely,"),  # no greeting given: the name
        (("salutation", "representative"), "Dear Sir or Madam,", "Yours faithfully,"),  # nobody named
    ],
)
def test_every_english_letter_greets_the_client_as_the_project_says(
    tmp_path: Path, drop: tuple[str, ...], greeting: str, closing: str
) -> None:
    folder = sample("software-uk", tmp_path)
    path = folder / "project.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(tuple(f"    {key}: " for key in drop))))
    demand = letter(folder, DemandStage.NOTICE)
    written = build_pack(load_project(folder), "P3", tmp_path / "pack", as_of=AS_OF, lang="en", pdf=False)
    application = docx_text(next(p for p in written if p.name == "application-letter.docx"))
    for text in (demand, application):
        assert greeting in text and closing in text
        assert "Dear Sirs" not in text


def test_a_final_demand_claims_costs_of_recovery_only_on_a_basis(tmp_path: Path) -> None:
    # the contract's recovery-costs clause is the basis in England (software-uk has one); the fit-out has none
    english = letter(sample("software-uk", tmp_path), DemandStage.FINAL)
    assert "costs of recovery under Clause" in english
    chinese = letter(sample("fitout-cn", tmp_path), DemandStage.FINAL, node="P2", lang="zh")
    assert "实现债权" not in chinese and "逾期付款违约金" in chinese
    without = letter(sample("software-uk", tmp_path / "without", ("  - use: penalty.recovery-costs\n", "")),
                     DemandStage.FINAL)  # fmt: skip
    assert "costs of recovery" not in without


def test_a_consumer_owed_no_interest_is_sent_no_interest_figures(tmp_path: Path) -> None:
    folder = sample(
        "software-uk",
        tmp_path,
        ("    registration: Company no. 04821736\n", "    form: individual\n"),
        ("  - use: penalty.late-payment-interest\n", "  - use: general.notices\n"),
        ('    with: {annual_rate: "11.75%", day_count: "365"}', "   "),
    )
    for stage in (DemandStage.NOTICE, DemandStage.FINAL):
        text = letter(folder, stage)
        assert "GBP 0.00" not in text and "Zero Pounds" not in text, stage
        assert "interest until payment" not in text and "further interest" not in text.lower(), stage
        assert "GBP 86,000.00" in text  # the principal is claimed
    final = letter(folder, DemandStage.FINAL)
    assert "without further notice" not in final  # the Protocol gives the debtor time to take advice
    assert "we may issue proceedings" in final or "we may commence proceedings" in final


def test_earlier_letters_are_not_said_to_have_had_no_result_when_money_came(tmp_path: Path) -> None:
    text = letter(sample("software-uk", tmp_path), DemandStage.NOTICE)
    assert "without result" not in text and "the sums outstanding above remain unpaid" in text


def test_suspension_extends_time_as_the_clause_says_and_resumes_on_its_terms(tmp_path: Path) -> None:
    text = letter(sample("software-uk", tmp_path), DemandStage.SUSPENSION)
    assert "extended by the period of the suspension." in text and "its consequences" not in text
    assert "As Clause" in text and "of the Contract provides, we will resume work" in text


def test_no_letter_escalates_while_a_promise_to_pay_runs(tmp_path: Path) -> None:
    folder = sample("software-uk", tmp_path)  # P3: promised on 20 August to pay by 4 September
    result = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P3", "--as-of", "2026-09-01", "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 1 and "promise runs" in result.output and "2026-09-04" in result.output
    assert not (tmp_path / "x.docx").exists()
    args = ["demand", str(folder), "--node", "P3", "--as-of", "2026-09-01", "--stage", "notice"]
    forced = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "y.docx")])
    assert forced.exit_code == 0, forced.output
    after = CliRunner().invoke(
        main, ["demand", str(folder), "--node", "P3", "--as-of", "2026-09-05", "-o", str(tmp_path / "z.docx")]
    )
    assert after.exit_code == 0 and "(notice)" in after.output


def test_the_deadline_runs_from_delivery_by_the_method_given_even_without_recording(tmp_path: Path) -> None:
    folder = sample("fitout-cn", tmp_path)
    ledger = (folder / "project.yaml").read_bytes()
    deadlines = {}
    for method in ("email", "ems"):
        out = tmp_path / f"{method}.docx"
        args = ["demand", str(folder), "--node", "P2", "--as-of", "2026-11-29", "--stage", "notice", "--lang", "en"]
        result = CliRunner().invoke(main, [*args, "--sent-by", method, "-o", str(out)])
        assert result.exit_code == 0, result.output
        deadlines[method] = re.search(r"formal notice to pay us, by (\d+ \w+ 2026)", docx_text(out))
    assert deadlines["email"] and deadlines["ems"]
    assert deadlines["email"].group(1) != deadlines["ems"].group(1)  # an email is delivered sooner than a courier
    assert (folder / "project.yaml").read_bytes() == ledger  # nothing recorded without --record


def test_financing_charges_cite_14_8_and_name_the_rate(tmp_path: Path) -> None:
    folder = sample(
        "epc-intl",
        tmp_path,
        (
            '  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: "8%", day_count: "365"}',
            "  - use: penalty.financing-charges",
        ),
        ("  currency: USD\n", "  currency: USD\n  form: fidic-red-1999\n"),
    )
    loaded = load_project(folder)
    assert any(f.code == "LAW007" for f in check_project(loaded))  # no table of the discount rate yet
    with (folder / "project.yaml").open("a", encoding="utf-8") as f:
        f.write('rates: {central-bank-discount: [{from: 2026-01-01, rate: "4.00%", source: central bank}]}\n')
    assert not any(f.code == "LAW007" for f in check_project(load_project(folder)))
    text = letter(folder, DemandStage.NOTICE)
    assert "Sub-Clause 14.8" in text and "central bank discount rate of 4%" in text
    assert "central-bank-discount" not in text


def test_financing_charges_are_payable_within_7_days_of_a_statement_which_a_demand_is(tmp_path: Path) -> None:
    """The drafted clause had the charges paid with the next payment falling due after the contractor's statement,
    while every letter demands them by its own deadline (7 days or more after delivery): the clause now makes them
    payable within 7 days of a statement, and says a demand that sets out their calculation is one."""
    folder = _financing_charges(tmp_path)
    out = tmp_path / "contract.docx"
    result = CliRunner().invoke(main, ["draft", str(folder), "-o", str(out), "--lang", "bilingual"])
    assert result.exit_code == 0, result.output
    text = " ".join(docx_text(out).split())
    assert "shall pay the financing charges within 7 days after receiving" in text
    assert "a demand for payment from" in text and "that sets out their calculation is such a statement" in text
    assert "载明融资费用计算的催款函件，即为该结算单" in text
    assert "next payment due after receiving" not in text
