"""Letters that rest on the right provision with the right period: the contract's termination clause, FIDIC 16.1 only
for a notice it allows, the member-state law that gives effect to the Late Payment Directive, fixed compensation only
in its own currency, and the half-yearly fixing of the Directive's rate. Each through the command line, read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_letters_s26l import PRC_CALENDAR, copy, demand, paragraphs, run

TERMINATION = (
    "  - use: suspension.non-payment\n    with: {notice_days: 7}\n",
    "  - use: suspension.non-payment\n    with: {notice_days: 7}\n"
    "  - use: suspension.termination-for-non-payment\n    with: {unpaid_days: 56, notice_days: 30}\n",
)


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_the_final_demand_warns_of_termination_as_the_contracts_clause_provides(tmp_path: Path, lang: str) -> None:
    folder = copy("fitout-cn", tmp_path, TERMINATION, append=PRC_CALENDAR)
    out = tmp_path / "f.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "final", "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    if lang in ("zh", "bilingual"):
        assert "依照合同第11条的约定" in text and "自本函送达之日起30日内（即2027年1月4日（含当日）前）" in text
        assert "第五百六十三条" not in text  # the clause governs, not the statute's shorter "reasonable period"
    if lang in ("en", "bilingual"):
        assert "Under Clause 11 of the Contract" in text
        assert "within 30 days of receiving this letter, that is by 4 January 2027" in text
        assert "Article 563" not in text


def test_a_termination_clause_whose_overdue_days_have_not_run_is_not_invoked_yet(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, TERMINATION, append=PRC_CALENDAR)
    out = tmp_path / "f.docx"
    # P2 fell due on 2026-05-29: on 2026-07-20 it has been overdue 52 days, not yet the clause's 56
    code, output = demand(folder, out, "P2", "2026-07-20", "--stage", "final", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert "have not yet been overdue for 56 days; if they remain unpaid on or after 24 July 2026" in text
    assert "This letter is that written demand" not in text


def test_without_a_termination_clause_the_final_demand_warns_as_before(tmp_path: Path) -> None:
    # neither a termination clause nor the suspension clause's termination paragraph: the statute (s27)
    folder = copy("fitout-cn", tmp_path, ("  - use: suspension.non-payment\n    with: {notice_days: 7}\n", ""))
    out = tmp_path / "f.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "final")
    assert code == 0, output
    assert "依照《中华人民共和国民法典》第五百六十三条，我方有权解除合同" in paragraphs(out)


def fidic(tmp_path: Path, days: int) -> Path:
    folder = copy(
        "epc-intl",
        tmp_path,
        ("  currency: USD\n", "  currency: USD\n  form: fidic-red-1999\n"),
        ("with: {notice_days: 21, resume_days: 14", f"with: {{notice_days: {days}, resume_days: 14"),
    )
    path = folder / "project.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(x for x in lines if not x.startswith("  - {on: 2026-09-10, node: P3, type: notice, stage: suspension")),
        encoding="utf-8",
    )
    return folder


def test_a_fidic_suspension_notice_cites_16_1_only_for_a_notice_it_allows(tmp_path: Path) -> None:
    short = fidic(tmp_path / "a", 7)
    out = tmp_path / "s.docx"
    code, output = demand(short, out, "P3", "2026-11-29", "--stage", "suspension", "--lang", "en")
    assert code == 0, output
    assert "16.1" not in paragraphs(out) and "7 days' notice" in paragraphs(out)
    code, output = run("validate", short)
    assert "LAW009" in output and "Sub-Clause 16.1" in output
    full = fidic(tmp_path / "b", 21)
    out = tmp_path / "s21.docx"
    code, output = demand(full, out, "P3", "2026-11-29", "--stage", "suspension", "--lang", "en")
    assert code == 0, output
    assert "Sub-Clause 16.1" in paragraphs(out)
    assert "LAW009" not in run("validate", full)[1]


INTEREST = (
    '  - use: penalty.late-payment-interest\n    with: {annual_rate: "11.75%", day_count: "365"}',
    "  - use: penalty.recovery-costs\n",
)


def software(tmp_path: Path, currency: str, eu: bool = True) -> Path:
    folder = copy("software-uk", tmp_path, ("  currency: GBP", f"  currency: {currency}"))
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - use: penalty.late-payment-interest\n")
    text = text[:start] + text[text.index("  - use: penalty.recovery-costs\n") :]
    if eu:
        text = text.replace("jurisdiction: UK", "jurisdiction: EU", 1).replace(
            "    with: {law: England and Wales}",
            "    with: {law: other, law_other: 德国法律, law_other_en: the laws of Germany}",
        )
    path.write_text(text, encoding="utf-8")
    return folder


def test_an_eu_letter_claims_under_the_governing_law_that_gives_effect_to_the_directive(tmp_path: Path) -> None:
    folder = software(tmp_path, "EUR")
    for lang, words in (
        ("en", "under the law governing the contract (the laws of Germany), which gives effect to Directive 2011/7/EU"),
        ("zh", "依据合同适用的法律（德国法律）中转化实施欧盟《打击商业交易逾期付款指令》（2011/7/EU）的规定"),
    ):
        out = tmp_path / f"n-{lang}.docx"
        code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice", "--lang", lang)
        assert code == 0, output
        text = paragraphs(out)
        assert words in text
        assert "under Directive 2011/7/EU" not in text and "依据欧盟" not in text
        # the engine fixes the rate per half-year, and the letter says so
        assert "following each change" not in text and "随该利率调整分段计算" not in text
        assert "1 January or 1 July" in text or "1月1日或7月1日" in text
        assert ("EUR 40.00" in text) if lang == "en" else ("欧元40.00" in text)


@pytest.mark.parametrize(("currency", "eu"), [("USD", True), ("JPY", True), ("USD", False)])
def test_fixed_compensation_is_never_claimed_in_another_currency(tmp_path: Path, currency: str, eu: bool) -> None:
    folder = software(tmp_path, currency, eu)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2026-11-29", "--stage", "notice", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert not re.search(rf"{currency} (40|70|100)(\.00)?(?![\d,.])", text)
    assert "together with fixed compensation" not in text
    assert "No fixed compensation is claimed in this letter" in text
    if not eu:
        assert "thresholds in GBP are not applied to amounts in USD" in text


def test_a_broken_promise_says_nothing_was_paid_by_the_day_not_ever_after(tmp_path: Path) -> None:
    """Paid after the promised day: the Chinese said "此后未支付任何款项" (nothing paid since), which the same
    letter's figures contradict; the English says "you paid nothing by that day"."""
    last = "ref: 发送至 wang.jianguo@pujiang-property.example}\n"
    folder = copy(
        "fitout-cn",
        tmp_path,
        (
            last,
            last
            + '  - {on: 2026-10-20, node: P2, type: promised, amount: "520,000.00", by: "2026-11-13"}\n'
            + '  - {on: 2026-11-20, node: P2, type: paid, amount: "50,000.00", ref: 回单}\n',
        ),
    )
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "notice", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert "至该日未支付任何款项" in text and "此后未支付任何款项" not in text
    assert "by that day you had paid nothing" in text


PROMISE_ON_SUNDAY = '  - {on: 2026-10-20, node: P2, type: promised, amount: "520,000.00", by: "2026-11-15"}\n'


def test_a_promise_for_a_sunday_runs_to_the_monday(tmp_path: Path) -> None:
    """Promised by Sunday 15 November: a payment on Monday the 16th keeps it (the contract moves a last day off a
    rest day); one on the 20th does not, and the letter says the promise ran to the 16th."""
    last = "ref: 发送至 wang.jianguo@pujiang-property.example}\n"
    kept = copy(
        "fitout-cn",
        tmp_path / "kept",
        (
            last,
            last + PROMISE_ON_SUNDAY + '  - {on: 2026-11-16, node: P2, type: paid, amount: "520,000.00", ref: 回单}\n',
        ),
    )
    code, output = run("status", kept, "--as-of", "2026-11-29", "--json")
    assert code == 0, output
    (p2,) = [n for n in json.loads(output)["nodes"] if n["node"] == "P2"]
    promise = p2["claim"]["promise"]
    assert (promise["by"], promise["kept_by"], promise["kept"]) == ("2026-11-15", "2026-11-16", True)
    broken = copy(
        "fitout-cn",
        tmp_path / "broken",
        (
            last,
            last + PROMISE_ON_SUNDAY + '  - {on: 2026-11-20, node: P2, type: paid, amount: "50,000.00", ref: 回单}\n',
        ),
    )
    out = tmp_path / "notice.docx"
    code, output = demand(broken, out, "P2", "2026-11-29", "--stage", "notice", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert "至2026年11月16日（承诺之日为休息日，顺延至其后第一个工作日）未支付任何款项" in text
    assert "by 16 November 2026 (the day promised being a rest day, the first working day after it)" in text


def test_status_json_names_no_next_letter_once_limitation_has_ended(tmp_path: Path) -> None:
    import json

    folder = copy("fitout-cn", tmp_path, append=PRC_CALENDAR)
    code, output = run("status", folder, "--as-of", "2029-07-03", "--json")
    assert code == 0, output
    p2 = next(n for n in json.loads(output)["nodes"] if n["node"] == "P2")
    assert p2["next_step"] is None  # it said {"stage": "notice", ...} beside "next": "... take legal advice"
    assert "limitation period ended" in p2["next"]


def test_a_letter_claiming_vat_says_its_contract_interest_runs_on_the_sums_without_it(tmp_path: Path) -> None:
    out = tmp_path / "notice.docx"
    code, output = demand(copy("software-uk", tmp_path), out, "P3", "2026-11-29", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "VAT of GBP 17,200.00" in text and "calculated on the sums due excluding VAT" in text
    # the Late Payment Act's interest runs on the debt as invoiced, VAT included: nothing to say there
    sample = (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8")
    start = sample.index("  - use: penalty.late-payment-interest\n")
    clause = sample[start : sample.index("\n  - use:", start + 1) + 1]  # the clause with its parameters
    statutory = copy("software-uk", tmp_path / "act", (clause, ""))
    out = tmp_path / "act.docx"
    code, output = demand(statutory, out, "P3", "2026-11-29", "--stage", "notice")
    assert code == 0, output
    assert "excluding VAT" not in paragraphs(out)
