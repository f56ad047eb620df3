"""A PRC lawyer's review of the Chinese documents (s27): a public body is a 机关/事业单位 whatever its size says
(SME Payment Regulations art. 9 ¶1); a contract never recites that its late-payment rate meets the LPR floor
(art. 17) — a rate below the floor is refused where the Regulations apply, and the clause states the floor instead;
and each contract uses the words of its kind and refers only to the clauses it has."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.terms import interest_terms
from contractkit.cli import main
from contractkit.documents.contract import example_project, render_clause_text
from contractkit.law import law_for
from contractkit.model.clauses import default_library
from contractkit.model.models import PartyForm, PartySize, ProjectKind
from contractkit.model.project import load_project
from tests.docs import docx_text
from tests.projects import copy_sample

EDUCATION_BUREAU = "上海市浦东新区教育局"
CLIENT = "上海浦江置业有限公司"
LARGE = "    size: large\n"
P2_DUE = "    due: {after: acceptance, days: 14}\n"
PENALTY = "  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n"


def _fitout(tmp_path: Path, *edits: tuple[str, str], name: str = "fitout-cn") -> Path:
    return copy_sample("fitout-cn", tmp_path / name, *edits, count=1)


def _validate(runner: CliRunner, folder: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["validate", str(folder)])
    return result.exit_code, result.output


def _draft(runner: CliRunner, folder: Path, out: Path, lang: str | None = None) -> str:
    result = runner.invoke(main, ["draft", str(folder), "-o", str(out), *(["--lang", lang] if lang else [])])
    assert result.exit_code == 0, result.output
    return docx_text(out)


def _sub_clauses(text: str, clause: str) -> list[str]:
    """The sub-clauses of clause number ``clause`` in a drafted contract, in order."""
    return [line for line in text.splitlines() if re.match(rf"{clause}\.\d+", line)]


# -- 1. a public body is a 机关/事业单位 whatever its size says ------------------------------------------------


def test_a_public_body_sized_large_is_held_to_the_public_body_cap(runner: CliRunner, tmp_path: Path) -> None:
    # the reviewer's repro: a 90-day term for an education bureau was only the large-enterprise warning (CN003)
    folder = _fitout(
        tmp_path,
        (LARGE, LARGE + "    form: public-body\n"),
        (CLIENT, EDUCATION_BUREAU),
        (P2_DUE, "    due: {after: acceptance, days: 90}\n"),
    )
    code, output = _validate(runner, folder)
    assert code != 0, output
    assert "CN002 error payment_schedule[1].due.days" in output and "60-day cap for a public body" in output
    assert "CN003" not in output
    # the size that contradicts the form is a warning of its own, on the size (the figures do not depend on it)
    assert "CN007 warning parties.client.size" in output and "size: government" in output


def test_a_public_body_without_a_size_is_under_the_regulations(runner: CliRunner, tmp_path: Path) -> None:
    folder = _fitout(
        tmp_path,
        (LARGE, "    form: public-body\n"),
        (CLIENT, EDUCATION_BUREAU),
        (P2_DUE, "    due: {after: acceptance, days: 90}\n"),
    )
    code, output = _validate(runner, folder)
    assert code != 0
    assert "CN002 error" in output and "CN007" not in output  # no size: read as government, as the model reads it
    project = load_project(folder).project
    assert project.sme_regulations_apply(PartySize.GOVERNMENT) and not project.sme_regulations_apply(PartySize.LARGE)
    assert law_for(project).drafting(project).sme_rate_floor is True

    # stated as the regulations see it, only the cap is left
    path = folder / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    form: public-body\n", "    form: public-body\n    size: government\n"
        ),
        encoding="utf-8",
    )
    code, output = _validate(runner, folder)
    assert "CN002 error" in output and "CN007" not in output and "CN003" not in output


@pytest.mark.parametrize("size", [PartySize.LARGE, PartySize.SME, None])
def test_the_model_reads_a_public_body_as_government(size: PartySize | None) -> None:
    project = example_project("zh")
    client = project.parties.client.model_copy(update={"form": PartyForm.PUBLIC_BODY, "size": size})
    project = project.model_copy(update={"parties": project.parties.model_copy(update={"client": client})})
    assert project.sme_regulations_apply()
    assert project.sme_regulations_apply(PartySize.GOVERNMENT)
    assert not project.sme_regulations_apply(PartySize.LARGE)


def test_a_sole_trader_is_not_bound_whatever_its_size(runner: CliRunner, tmp_path: Path) -> None:
    # 个体工商户 is not an enterprise the Regulations bind (law/prc.py reads it so for interest and letters): no rule
    # applies their caps, and the governing-law clause does not say their standards apply
    folder = _fitout(
        tmp_path,
        (LARGE, LARGE + "    form: sole-trader\n"),
        (P2_DUE, "    due: {after: acceptance, days: 90}\n"),
        (
            "  - use: general.governing-law",
            "  - use: suspension.termination-for-non-payment\n  - use: general.governing-law",
        ),
    )
    _, output = _validate(runner, folder)
    assert "CN00" not in output, output
    text = _draft(runner, folder, tmp_path / "c.docx")
    assert "保障中小企业款项支付" not in text

    large = _fitout(tmp_path, name="large")
    assert "保障中小企业款项支付的行政法规" in _draft(runner, large, tmp_path / "large.docx")


# -- 2. no recital that the late-payment rate meets the LPR floor ------------------------------------------------

FLOOR_ZH = "低于本合同签订时的一年期贷款市场报价利率（LPR）的，按本合同签订时的一年期LPR计算逾期付款违约金"


@pytest.mark.parametrize(
    "clause",
    [
        "  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: 2%}\n",
        "  - use: penalty.late-payment-interest\n    with: {annual_rate: 2%}\n",
        "  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.01%}\n",  # 3.65% a year: above 3.00%
    ],
    ids=["annual-rate-clause-2%", "annual-rate-2%", "daily-rate-0.01%"],
)
def test_a_rate_below_the_lpr_at_signing_is_refused_where_the_regulations_apply(
    runner: CliRunner, tmp_path: Path, clause: str
) -> None:
    folder = _fitout(tmp_path, (PENALTY, clause))
    below = "2%" in clause
    _, output = _validate(runner, folder)
    if below:
        # the LPR at signing (2026-02-20) is 3.00%: a warning (a signed contract still gets its figures), and the
        # engine computes at the floor the clause states
        assert "CN006 warning" in output and "below the one-year LPR" in output, output
        assert "computes interest at the LPR at signing" in output
        result = runner.invoke(main, ["status", str(folder), "--as-of", "2026-11-29", "--explain"])
        assert result.exit_code == 0, result.output
        assert "3% a year" in result.output and "the agreed rate is below it" in result.output
    else:
        assert "CN006" not in output
        text = _draft(runner, folder, tmp_path / "c.docx")
        assert "双方确认，本条" not in text and FLOOR_ZH in text


@pytest.mark.parametrize(
    ("clause", "zh", "en"),
    [
        (
            "  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: 8%}\n",
            "本条约定的年利率" + FLOOR_ZH + "。",
            "Where the annual rate in this Clause is lower than the one-year Loan Prime Rate (LPR) on the date this "
            "Contract was signed, interest is calculated at the one-year LPR on the date this Contract was signed "
            "instead.",
        ),
        (
            PENALTY,
            "本条约定的每日比例乘以365所得的年利率" + FLOOR_ZH + "（一年按365日计）。",
            "Where the daily rate in this Clause multiplied by 365 is lower than the one-year Loan Prime Rate (LPR)",
        ),
        (
            "  - use: penalty.late-payment-interest\n    with: {lpr_multiplier: 1.5}\n",
            "依本条计算的年利率" + FLOOR_ZH + "。",
            "Where the annual rate calculated under this Clause is lower than the one-year Loan Prime Rate (LPR)",
        ),
        (
            "  - use: penalty.late-payment-lpr\n",
            "依本条计算的年利率低于本合同签订时的LPR的，按本合同签订时的LPR计算。",
            "the LPR on the date this Contract was signed applies instead.",
        ),
    ],
    ids=["annual-rate-clause", "daily-rate", "lpr-multiple", "lpr-clause"],
)
def test_the_late_payment_clause_states_the_floor_and_recites_nothing(
    runner: CliRunner, tmp_path: Path, clause: str, zh: str, en: str
) -> None:
    folder = _fitout(tmp_path, (PENALTY, clause))
    chinese = _draft(runner, folder, tmp_path / "zh.docx", "zh")
    english = _draft(runner, folder, tmp_path / "en.docx", "en")
    [late] = [line for line in chinese.splitlines() if re.match(r"9\.1", line)]
    assert "逾期付款违约金" in late
    assert zh in chinese and en in english
    assert "双方确认，本条" not in chinese and "The parties confirm" not in english


def test_without_the_regulations_the_clause_states_no_floor(runner: CliRunner, tmp_path: Path) -> None:
    folder = _fitout(
        tmp_path,
        ("    size: sme\n", "    size: large\n"),
        (PENALTY, "  - use: penalty.late-payment-annual-rate\n    with: {annual_rate: 2%}\n"),
    )
    _, output = _validate(runner, folder)
    assert "CN006" not in output, output
    text = _draft(runner, folder, tmp_path / "c.docx")
    assert "年利率2%" in text and "LPR" not in text and "双方确认，本条" not in text


def test_the_engine_applies_the_floor_the_interest_clause_states_for_an_lpr_multiple(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, (PENALTY, "  - use: penalty.late-payment-interest\n    with: {lpr_multiplier: 1.1}\n"))
    assert interest_terms(load_project(folder).project).floor == Decimal("0.03")


def test_the_lpr_clause_floor_is_applied(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, (PENALTY, "  - use: penalty.late-payment-lpr\n    with: {lpr_multiplier: 1.1}\n"))
    assert interest_terms(load_project(folder).project).floor == Decimal("0.03")


# -- 3. the words of the contract's kind, and references only to clauses it has ------------------------------------

#: Construction words a software or services contract never uses (停工期间 is not 工期).
CONSTRUCTION_ZH = re.compile(r"(?<!停)工期|缺陷责任期|保修|竣工|现场|签证")
CONSTRUCTION_EN = re.compile(r"time for completion|defects liability|\bthe site\b|site instruction", re.IGNORECASE)
LATE_ZH = re.compile(r"逾期付款违约金|融资费用")
LATE_EN = re.compile(r"late-payment interest|financing charges", re.IGNORECASE)


def _software(runner: CliRunner, tmp_path: Path, *, penalty: bool = False, extra: str = "") -> Path:
    folder = tmp_path / "sw"
    result = runner.invoke(main, ["init", str(folder), "--kind", "software"])
    assert result.exit_code == 0, result.output
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    if not penalty:
        text, n = re.subn(r"  - use: penalty\.late-payment-interest\n    with: \{[^}]*\}\n", "", text)
        assert n == 1
    text = text.replace("  - use: general.notices\n", "  - use: general.notices\n" + extra)
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_software_contract_without_a_penalty_clause_speaks_of_neither(
    runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    extra = "  - use: suspension.termination-for-non-payment\n  - use: general.entire-agreement\n"
    folder = _software(runner, tmp_path, extra=extra)
    text = _draft(runner, folder, tmp_path / f"{lang}.docx", lang)
    late, construction = (LATE_ZH, CONSTRUCTION_ZH) if lang == "zh" else (LATE_EN, CONSTRUCTION_EN)
    assert not late.findall(text), [line for line in text.splitlines() if late.search(line)]
    assert not construction.findall(text), [line for line in text.splitlines() if construction.search(line)]
    if lang == "zh":
        assert "履行期限相应顺延" in text  # the advance payment clause (was 工期相应顺延)
        assert "质量保证期为12个月" in text and "质量保证责任" in text
        assert "直至委托方付清全部逾期款项。" in text
        assert "本合同关于付款期限和验收期限的约定" in text
        # the termination clause's list closes up where there is no late-payment interest to claim
        assert (
            "（3）受托方撤离工作场所以及遣散人员的费用；（4）依本合同应当退还的保证金；（5）因解除给受托方造成的损失；（6）"
            in text
        )
    else:
        assert "the time for performance shall be extended by the same period" in text
        assert "The warranty period shall be 12 months" in text
        assert "(d) any deposit to be returned under this Contract;" in text


def test_a_software_contract_with_the_penalty_clause_refers_to_it_by_number(runner: CliRunner, tmp_path: Path) -> None:
    folder = _software(runner, tmp_path, penalty=True)
    chinese = _draft(runner, folder, tmp_path / "zh.docx", "zh")
    english = _draft(runner, folder, tmp_path / "en.docx", "en")
    # the penalty clause is clause 10 here; suspension follows it
    assert "第10条　逾期付款违约金" in chinese
    assert "直至委托方付清全部逾期款项及依第10条计算的逾期付款违约金。" in chinese
    assert "all overdue sums together with late-payment interest under Clause 10." in english
    assert not CONSTRUCTION_ZH.findall(chinese) and not CONSTRUCTION_EN.findall(english)


def test_a_construction_contract_keeps_its_words(runner: CliRunner, tmp_path: Path) -> None:
    text = _draft(runner, _fitout(tmp_path), tmp_path / "c.docx")
    assert "缺陷责任期" in text and "暂停施工" in text
    assert "保修" not in text or "保修责任" in text


LIBRARY = default_library()
#: Clauses made for construction alone (a Construction Act contract; a bill of quantities measured monthly) and
#: one that lists the project's own acceptance criteria.
CONSTRUCTION_ONLY = {"payment.construction-act", "payment.monthly-progress", "acceptance.staged"}
LATE_PAYMENT = {
    "penalty.late-payment-interest",
    "penalty.late-payment-annual-rate",
    "penalty.late-payment-lpr",
    "penalty.financing-charges",
}


@pytest.mark.parametrize("kind", [ProjectKind.SOFTWARE, ProjectKind.SERVICES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_clause_uses_construction_words_or_names_an_absent_late_payment_clause(kind: ProjectKind, lang: str) -> None:
    # every clause in one contract with no late-payment clause, as a software or services project
    project = example_project(lang)
    project = project.model_copy(update={"project": project.project.model_copy(update={"kind": kind})})
    used = sorted(c.id for c in LIBRARY if c.id not in LATE_PAYMENT)
    numbers = {clause_id: str(5 + i) for i, clause_id in enumerate(used)}
    late, construction = (LATE_ZH, CONSTRUCTION_ZH) if lang == "zh" else (LATE_EN, CONSTRUCTION_EN)
    found = []
    for clause_id in used:
        clause = LIBRARY.get(clause_id)
        assert clause is not None
        for i, text in enumerate(render_clause_text(clause, project, lang, {}, numbers=numbers)):
            words = late.findall(text) + ([] if clause_id in CONSTRUCTION_ONLY else construction.findall(text))
            if words:
                found.append(f"{clause_id}[{i}]: {words}")
    assert not found, found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_financing_charges_contract_calls_them_so(lang: str) -> None:
    project = example_project(lang)
    used = ["penalty.financing-charges", "suspension.non-payment", "suspension.termination-for-non-payment"]
    numbers = {clause_id: str(20 + i) for i, clause_id in enumerate(used)}
    text = "\n".join(
        "\n".join(render_clause_text(LIBRARY.get(c), project, lang, {}, numbers=numbers))  # type: ignore[arg-type]
        for c in used[1:]
    )
    if lang == "zh":
        assert "依第20条计算的融资费用" in text and "逾期付款违约金" not in text
    else:
        assert "financing charges under Clause 20" in text and "late-payment interest" not in text
