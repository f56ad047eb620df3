"""PRC letters, as a lawyer acting for the debtor reads them: no priority over the works for an advance, the
contract's own termination route, the fit-out priority's condition, a suspension as the clause allows it, and the
statutory interest's rate per breach."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_letters_s26l import copy, demand, paragraphs, run

# ---------------------------------------------------------------------------------------- 1. priority

#: The fit-out's advance (P1) left unpaid.
UNPAID_ADVANCE = ("  - {on: 2026-03-03, node: P1, type: paid", "  # - {on: 2026-03-03, node: P1, type: paid")


def test_no_priority_over_the_works_for_an_unpaid_advance(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, UNPAID_ADVANCE)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P1", "2026-04-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert "优先受偿" not in letter and "八百零七" not in letter
    summary = paragraphs(tmp_path / "final-case-summary.docx")
    assert "P1（预付款）" in summary
    assert "2027年9月5日" not in summary  # no last day for a priority the advance does not have


def test_the_priority_names_the_prices_it_covers_where_an_advance_is_claimed_too(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, UNPAID_ADVANCE)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "all", "2026-07-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert "亦不包括预付款和尚未完成的工作的款项，仅及于P2 第一期进度款的工程价款" in letter
    # the priority's last day is P2's (due 2026-05-29 + 18 months), not the advance's
    assert "2027年11月29日" in letter and "2027年9月5日" not in letter


# ---------------------------------------------------------------------------------------- 2. termination

REMINDER = "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: email"
SUSPENDED = REMINDER.replace("2026-07-01", "2026-07-06").replace("reminder", "suspension")


def test_the_final_demand_warns_of_termination_under_the_suspension_clause_not_article_563(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P2", "2026-07-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert "第五百六十三条" not in letter
    assert (
        "依照合同第10条的约定，自我方依该条暂停施工之日起满28日，贵方仍未付清全部逾期款项及逾期付款违约金的" in letter
    )
    # no suspension yet: the letter says what the clause requires first
    assert "截至本函日期，我方尚未依该条暂停施工；该条约定的解除须先经书面通知暂停施工" in letter
    en = tmp_path / "final-en.docx"
    code, output = demand(folder, en, "P2", "2026-07-20", "--stage", "final", "--lang", "en")
    assert code == 0, output
    english = paragraphs(en)
    assert "Article 563" not in english
    assert "within 28 days after we suspend the Works under that Clause" in english


def test_after_a_notice_of_suspension_the_final_demand_states_when_termination_opens(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path, (REMINDER, f"{SUSPENDED}}}\n{REMINDER}"))
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P2", "2026-07-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert "第五百六十三条" not in letter
    assert "我方已于2026年7月6日依该条向贵方发出暂停施工的通知；暂停满28日贵方仍未付清的" in letter


# ---------------------------------------------------------------------------------------- 3. fit-out priority


def test_the_fit_out_priority_is_stated_with_its_condition(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P2", "2026-07-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert (
        "本工程为装饰装修工程，该装饰装修工程具备折价或者拍卖条件的，我方可以就该装饰装修工程折价或者拍卖的价款优先受偿"
        in letter
    )
    assert "我方就该装饰装修工程折价或者拍卖的价款优先受偿" not in letter
    en = tmp_path / "final-en.docx"
    code, output = demand(folder, en, "P2", "2026-07-20", "--stage", "final", "--lang", "en")
    assert code == 0, output
    assert "where the fit-out works can be converted into money or auctioned" in paragraphs(en)


# ---------------------------------------------------------------------------------------- 4. suspension

SOFTWARE_EVENTS = (
    "events:\n"
    "  - {on: 2026-04-08, node: P2, type: accepted, ref: 需求确认单}\n"
    '  - {on: 2026-04-09, node: P2, type: applied, amount: "240,000.00", ref: 付款申请第2期}\n'
    '  - {on: 2026-04-09, node: P2, type: invoiced, amount: "240,000.00", ref: 发票 No.0001}\n'
)


@pytest.fixture
def software_cn(tmp_path: Path) -> Path:
    """A new PRC software project (contractkit init --kind software) whose P2 is overdue."""
    folder = tmp_path / "sw-cn"
    code, output = run("init", folder, "--kind", "software")
    assert code == 0, output
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nevents: []" in text
    path.write_text(text.replace("\nevents: []", "\n" + SOFTWARE_EVENTS + "#"), encoding="utf-8")
    return folder


def test_a_software_suspension_suspends_the_work_the_clause_allows_and_claims_the_costs_it_lists(
    software_cn: Path, tmp_path: Path
) -> None:
    out = tmp_path / "suspension.docx"
    code, output = demand(software_cn, out, "P2", "2026-06-20", "--stage", "suspension")
    assert code == 0, output
    letter = paragraphs(out)
    assert "全部义务" not in letter and "窝工" not in letter and "撤场" not in letter
    assert "我方将暂停履行本合同项下的工作" in letter
    assert "包括人员和设备闲置、重新安排和重新投入工作的费用，以及由此增加的其他合理费用" in letter
    # other losses are reserved, never claimed as owed (the clause lists the costs it gives)
    assert "其他损失，亦由贵方承担" not in letter and "我方保留就暂停给我方造成的其他损失依法要求赔偿的权利" in letter
    en = tmp_path / "suspension-en.docx"
    code, output = demand(software_cn, en, "P2", "2026-06-20", "--stage", "suspension", "--lang", "en")
    assert code == 0, output
    english = paragraphs(en)
    assert "demobilis" not in english and "will be for your account" not in english
    assert "We reserve our right to claim any further loss the suspension causes us." in english
    assert "idle personnel and equipment and of reassigning and redeploying them" in english


def test_the_agreed_termination_route_keeps_the_statutory_right_in_reserve(tmp_path: Path) -> None:
    """The final demand states the suspension clause's route and does not give up a right to terminate the law gives
    (the regression hunt: it had dropped art. 563 altogether, which reads as a waiver)."""
    out = tmp_path / "final.docx"
    code, output = demand(SAMPLES / "fitout-cn", out, "P2", "2026-07-20", "--stage", "final")
    assert code == 0, output
    letter = paragraphs(out)
    assert "上述约定不影响我方依照法律规定享有的其他解除合同的权利" in letter
    assert "第五百六十三条，我方有权解除合同" not in letter
