"""Scope of the statutes the account and the letters apply (s27), each through the command line and read back from
the documents written: the SME Payment Regulations reach no individual or sole-trader client in the account either
(one definition: ``Project.sme_regulations_apply``); the LPR-at-signing floor the interest clause states for an LPR
multiple is the one the engine applies; a public body is named a 机关/事业单位 in letters whatever its ``size``
says; and against an English client who may be a residential occupier (s.106) the notice in default, the
notified-sum letter and the dispute reply rest on the contract's clause, not on sections of the Construction Act."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from contractkit.account.terms import contract_terms, interest_terms
from contractkit.documents.common import party_view
from contractkit.law.prc import sme_protected
from contractkit.model.models import DemandStage, PartyForm
from contractkit.model.project import load_project
from contractkit.render.letters import write_demand
from tests.docs import docx_text
from tests.projects import copy_sample
from tests.test_law_letters_s27 import english_works
from tests.test_letters_s26l import demand, paragraphs, run

LARGE = "    size: large\n"
INDIVIDUAL = LARGE + "    form: individual\n"
SOLE_TRADER = LARGE + "    form: sole-trader\n"
LPR_CLAUSE = (
    "  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n",
    "  - use: penalty.late-payment-lpr\n    with: {lpr_multiplier: 1}\n",
)
#: The one-year LPR falls after signing (3% on 20 February 2026): a multiple of 1 falls below the LPR at signing.
LPR_FALLS = '\nrates:\n  lpr-1y:\n    - {from: 2026-04-20, rate: "2.50%"}\n'
FLOORED = "below the floor of 3% (the LPR at signing), so the floor"


def _fitout(tmp_path: Path, name: str, *edits: tuple[str, str], append: str = "") -> Path:
    return copy_sample("fitout-cn", tmp_path / name, *edits, count=1, append=append)


def _status(folder: Path, as_of: str = "2026-08-01") -> str:
    code, output = run("status", folder, "--as-of", as_of, "--explain")
    assert code == 0, output
    return output


def _valid(folder: Path) -> None:
    code, output = run("validate", folder)
    assert code == 0, output


# ------------------------------------------- 1. the SME Regulations reach no individual client, in the account too


@pytest.mark.parametrize("form", [INDIVIDUAL, SOLE_TRADER])
def test_the_account_applies_no_lpr_floor_for_an_individual_or_sole_trader_sized_large(
    tmp_path: Path, form: str
) -> None:
    folder = _fitout(tmp_path, "ind", (LARGE, form), LPR_CLAUSE, append=LPR_FALLS)
    _valid(folder)
    project = load_project(folder).project
    assert not project.sme_regulations_apply() and not sme_protected(project)
    assert interest_terms(project).floor is None
    output = _status(folder)
    assert FLOORED not in output and "× 2.5%/year" in output
    # the contract drafted for it states no floor either: the account and the contract agree
    out = tmp_path / "c.docx"
    code, text = run("draft", folder, "-o", out)
    assert code == 0, text
    assert "按本合同签订时的LPR计算" not in docx_text(out)
    # the sample's large company: the floor in the contract and in the account
    company = _fitout(tmp_path, "co", LPR_CLAUSE, append=LPR_FALLS)
    assert FLOORED in _status(company)
    assert run("draft", company, "-o", tmp_path / "co.docx")[0] == 0
    assert "按本合同签订时的LPR计算" in docx_text(tmp_path / "co.docx")


def _silent_on_acceptance(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """No acceptance or milestone-schedule clause, AC-BASE without deemed acceptance, and P2 accepted in writing
    ten days after its review period ended (2026-05-15)."""
    return _fitout(
        tmp_path,
        name,
        *edits,
        ("  - use: payment.milestone-schedule\n", ""),
        ("  - use: acceptance.inspection-period\n    with: {review_days: 7, deemed_acceptance: true}\n", ""),
        ("    review_days: 7\n    deemed_accepted: true\n", "    review_days: 7\n    deemed_accepted: false\n"),
        ("{on: 2026-05-15, node: P2, type: accepted", "{on: 2026-05-25, node: P2, type: accepted"),
    )


def test_the_account_applies_no_art_10_payment_clock_for_an_individual_client(tmp_path: Path) -> None:
    folder = _silent_on_acceptance(tmp_path, "ind", (LARGE, INDIVIDUAL))
    _valid(folder)
    assert not contract_terms(load_project(folder).project).clock_from_review_end
    output = _status(folder)
    assert "art. 10" not in output
    assert "due: 2026-06-08 (14 days after acceptance on 2026-05-25)" in output
    # a large company: art. 10 runs the payment period from the end of the review period
    output = _status(_silent_on_acceptance(tmp_path, "co"))
    assert "SME Payment Regulations art. 10 (the contract is silent)" in output
    assert "due: 2026-05-29 (14 days after acceptance on 2026-05-15)" in output


def test_the_cn_rules_hold_no_individual_client_to_the_large_enterprise_term(tmp_path: Path) -> None:
    long_term = ("    due: {after: acceptance, days: 14}\n", "    due: {after: acceptance, days: 90}\n")
    output = run("validate", _fitout(tmp_path, "ind", (LARGE, INDIVIDUAL), long_term))[1]
    assert "CN003" not in output, output
    output = run("validate", _fitout(tmp_path, "co", long_term))[1]
    assert "CN003" in output, output


# ---------------------------------------------- 2. the floor the interest clause states for an LPR multiple


def test_the_engine_applies_the_floor_the_interest_clause_states(tmp_path: Path) -> None:
    clause = (LPR_CLAUSE[0], "  - use: penalty.late-payment-interest\n    with: {lpr_multiplier: 1}\n")
    folder = _fitout(tmp_path, "co", clause, append=LPR_FALLS)
    _valid(folder)
    assert interest_terms(load_project(folder).project).floor == Decimal("0.03")
    output = _status(folder)
    assert FLOORED in output
    assert "22 days × 720,000.00 × 3%/year ÷ 365 = 1,301.92" in output
    # and the contract states it
    assert run("draft", folder, "-o", tmp_path / "c.docx")[0] == 0
    assert "依本条计算的年利率低于本合同签订时的一年期贷款市场报价利率（LPR）的" in docx_text(tmp_path / "c.docx")
    # an individual client: neither the clause nor the engine
    folder = _fitout(tmp_path, "ind", (LARGE, INDIVIDUAL), clause, append=LPR_FALLS)
    assert interest_terms(load_project(folder).project).floor is None
    assert FLOORED not in _status(folder)


# ------------------------------------------------------ 3. a public body is a 机关/事业单位 whatever its size says

EDUCATION_BUREAU = ("上海浦江置业有限公司", "上海市浦东新区教育局")
GOVERNMENT_ZH = "我方为中小企业，贵方属于机关、事业单位"
LARGE_ZH = "我方为中小企业，贵方为大型企业"


def test_a_public_body_is_named_a_public_body_in_the_notice(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, "gov", (LARGE, "    size: government\n    form: public-body\n"), EDUCATION_BUREAU)
    _valid(folder)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2026-11-30", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert GOVERNMENT_ZH in text and LARGE_ZH not in text


@pytest.mark.parametrize("size", ["", "    size: large\n"])
def test_the_letter_context_names_a_public_body_government_whatever_its_size(tmp_path: Path, size: str) -> None:
    # validate refuses such a file (CN007), so the writer is called directly: the context, not the check, decides
    folder = _fitout(tmp_path, "pb", (LARGE, size + "    form: public-body\n"), EDUCATION_BUREAU)
    loaded = load_project(folder)
    client = loaded.project.parties.client
    assert client.form is PartyForm.PUBLIC_BODY and party_view(client)["size"] == "government"
    out = tmp_path / "n.docx"
    write_demand(loaded, "P2", out, as_of=dt.date(2026, 11, 30), lang="zh", stage=DemandStage.NOTICE)
    text = paragraphs(out)
    assert GOVERNMENT_ZH in text and LARGE_ZH not in text


def test_a_large_company_is_still_a_large_enterprise(tmp_path: Path) -> None:
    out = tmp_path / "n.docx"
    assert demand(_fitout(tmp_path, "co"), out, "P2", "2026-11-30", "--stage", "notice")[0] == 0
    assert LARGE_ZH in paragraphs(out)


# ------------------------------------- 4. England: a possible residential occupier and the Construction Act clause

LAW_LIST = {"en": "Our claim rests on the Contract and on the following provisions", "zh": "我方的上述主张以合同约定"}
SECTION = re.compile(r"Housing Grants|[Ss]ection 11\d|住房补助|第11\dA?B?条")


def _default_notice_project(folder: Path) -> Path:
    """P1 accepted on 1 June 2026 and never applied for: the payee gives a notice in default (s.110B)."""
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - {on: 2026-12-10, node: P2")
    end = text.index("\n#", start)
    accepted = "  - {on: 2026-06-01, node: P1, type: accepted, ref: First-fix inspection record}"
    path.write_text(text[:start] + accepted + text[end:], encoding="utf-8")
    return folder


def _disputed_project(folder: Path) -> Path:
    path = folder / "project.yaml"
    invoiced = '  - {on: 2026-12-11, node: P2, type: invoiced, amount: "647,500.00"}\n'
    disputed = '  - {on: 2027-01-20, node: P2, type: disputed, amount: "47,500.00", reason: quantities disputed}\n'
    text = path.read_text(encoding="utf-8")
    assert invoiced in text
    path.write_text(text.replace(invoiced, invoiced + disputed), encoding="utf-8")
    return folder


def _stage_project(folder: Path, stage: str, *, individual: bool) -> tuple[Path, str, str]:
    """English works with the Act's clause, set up for a letter of ``stage``: (folder, node, as-of)."""
    folder = english_works(folder, act=True, individual=individual)
    if stage == "default-notice":
        return _default_notice_project(folder), "P1", "2026-06-16"
    if stage == "dispute-reply":
        _disputed_project(folder)
    return folder, "P2", "2027-02-15"


def _letter(tmp_path: Path, stage: str, lang: str, *, individual: bool) -> tuple[str, str]:
    """The body of the letter of ``stage`` (before its list of authorities), and the clause number it rests on."""
    folder, node, as_of = _stage_project(tmp_path / f"{stage}-{lang}-{individual}", stage, individual=individual)
    out = tmp_path / f"{stage}-{lang}-{individual}.docx"
    code, output = demand(folder, out, node, as_of, "--stage", stage, "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    number = load_project(folder).project.clause_number("payment.construction-act")
    assert number is not None
    return text[: text.index(LAW_LIST[lang])] if LAW_LIST[lang] in text else text, number


@pytest.mark.parametrize("stage", ["default-notice", "notified-sum", "dispute-reply"])
def test_the_list_of_authorities_names_no_section_of_the_act_for_a_possible_residential_occupier(
    tmp_path: Path, stage: str
) -> None:
    """The whole letter, its list of the provisions the claim rests on included: the clause, not the Act."""
    folder, node, as_of = _stage_project(tmp_path / stage, stage, individual=True)
    out = tmp_path / f"{stage}.docx"
    code, output = demand(folder, out, node, as_of, "--stage", stage)
    assert code == 0, output
    text = paragraphs(out)
    assert not SECTION.search(text), SECTION.findall(text)
    assert "Scheme for Construction Contracts" not in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stage", ["default-notice", "notified-sum", "dispute-reply"])
def test_letters_to_a_possible_residential_occupier_rest_on_the_clause(tmp_path: Path, stage: str, lang: str) -> None:
    body, number = _letter(tmp_path, stage, lang, individual=True)
    assert not SECTION.search(body), SECTION.findall(body)
    assert "the Act" not in body and "该法" not in body
    clause = f"Clause {number} of the Contract" if lang == "en" else f"合同第{number}条"
    assert clause in body
    if stage == "default-notice":
        expected = {
            "en": [
                f"notice under Clause {number} of the Contract",
                f"Under Clause {number} of the Contract, you were to give us",
                f"(Clause {number} of the Contract).",
                f"reckoned as Clause {number} of the Contract provides",
            ],
            "zh": [f"（依合同第{number}条发出）", f"依照合同第{number}条，贵方应当", f"足额支付（合同第{number}条）"],
        }[lang]
    elif stage == "notified-sum":
        expected = {
            "en": [
                f"Under Clause {number} of the Contract, a payer who has not given",
                f"we are entitled under Clause {number} of the Contract to suspend",
            ],
            "zh": [f"依照合同第{number}条，付款方未有效发出少付通知的", f"我方有权依照合同第{number}条，在提前"],
        }[lang]
    else:
        expected = {
            "en": [f"Under Clause {number} of the Contract, a payer may pay less"],
            "zh": [f"依照合同第{number}条，付款方只能通过在约定期限内有效发出的少付通知"],
        }[lang]
    for words in expected:
        assert words in body, (words, body)


@pytest.mark.parametrize("stage", ["default-notice", "notified-sum", "dispute-reply"])
def test_letters_to_a_company_still_rest_on_the_act(tmp_path: Path, stage: str) -> None:
    body, _ = _letter(tmp_path, stage, "en", individual=False)
    assert "Housing Grants, Construction and Regeneration Act 1996" in body
    assert re.search(r"section 11[01]", body)


def test_the_bilingual_notice_in_default_rests_on_the_clause_in_both_languages(tmp_path: Path) -> None:
    folder = _default_notice_project(english_works(tmp_path, act=True, individual=True))
    out = tmp_path / "d.docx"
    code, output = demand(folder, out, "P1", "2026-06-16", "--stage", "default-notice", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    body = text  # no section of the Act is an authority: the letter lists none after its body
    number = load_project(folder).project.clause_number("payment.construction-act")
    assert f"依照合同第{number}条" in body and f"Clause {number} of the Contract" in body
    assert not SECTION.search(body), SECTION.findall(body)


@pytest.mark.parametrize("stage", ["default-notice", "notified-sum"])
def test_the_refusal_without_the_clause_gives_the_residential_occupier_reason(tmp_path: Path, stage: str) -> None:
    folder = english_works(tmp_path, act=False, individual=True)
    out = tmp_path / "x.docx"
    code, output = demand(folder, out, "P2", "2027-02-15", "--stage", stage)
    assert code == 1 and not out.exists(), output
    assert "residential occupier (s.106)" in output and "payment.construction-act" in output
    # outside England's construction operations, the reason stays what it was
    out = tmp_path / "cn.docx"
    code, output = demand(_fitout(tmp_path, "cn"), out, "P2", "2026-11-30", "--stage", stage)
    assert code == 1 and "apply only to construction operations under the law of England and Wales" in output
    assert "s.106" not in output


@pytest.mark.parametrize(
    ("individual", "authority"), [(True, "under Clause 7 of the Contract"), (False, "under section 110B")]
)
def test_the_notice_that_fixed_the_notified_sum_is_named_under_its_authority(
    tmp_path: Path, individual: bool, authority: str
) -> None:
    """Our notice in default, recorded, then the notified-sum letter: s.110B for a company, the contract's clause for
    a client who may be a residential occupier (s.106)."""
    folder = _default_notice_project(english_works(tmp_path / "w", act=True, individual=individual))
    code, output = demand(
        folder, tmp_path / "d.docx", "P1", "2026-06-16", "--stage", "default-notice", "--record", "--sent-by", "hand"
    )
    assert code == 0, output
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P1", "2026-07-20", "--stage", "notified-sum")
    assert code == 0, output
    assert f"fixed by our notice of 16 June 2026 {authority};" in paragraphs(out)
