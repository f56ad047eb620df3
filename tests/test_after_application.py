"""After the application: certificates (recorded or deemed), disputes, promises to pay and the Construction Act's
notices, counted by each regime's own rules and checked in the account, in status and in the letters."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import NodeState, build_account
from contractkit.account.actions import next_action
from contractkit.cli import main
from contractkit.errors import Refusal
from contractkit.model.models import DemandStage
from contractkit.model.project import load_project
from contractkit.render.letters import write_demand
from contractkit.rules import check_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

ROOT = Path(__file__).resolve().parent.parent
STARTERS = ROOT / "src" / "contractkit" / "model" / "data" / "init"
D = dt.date


def english(tmp_path: Path, events: str, *edits: tuple[str, str]) -> Path:
    """The English construction starter (Construction Act clause: final date 21 days after the due date, pay less
    notice 7 days before it) with ``events``."""
    folder = tmp_path / "uk"
    folder.mkdir(parents=True, exist_ok=True)
    text = (STARTERS / "en-construction.yaml").read_text(encoding="utf-8")
    text = text.replace("events: []", "events:\n" + events)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    return folder


#: P2 (35% of 1,850,000.00) applied for and invoiced on 1 June 2026: payment due date 8 June (7 days), payment
#: notice by 13 June (5 days), final date 29 June (21 days), pay less notice by 22 June (7 days before).
APPLIED = (
    '  - {on: 2026-06-01, node: P2, type: applied, amount: "647,500.00", ref: Application no. 2}\n'
    "  - {on: 2026-06-01, node: P2, type: invoiced, ref: INV-0002}\n"
)
SCHEME = (
    "  - use: payment.construction-act      # Construction Act payment notices: due date, final date, pay less "
    "notice\n    with: {final_days: 21, pay_less_days: 7}\n",
    "",
)


def fitout(tmp_path: Path, events: str = "", *edits: tuple[str, str]) -> Path:
    """The PRC fit-out sample: P2 (720,000.00) applied for on 12 May 2026; the payment clause gives 7 days to
    confirm it, and silence confirms it."""
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nescalation:", events + "\nescalation:")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return folder


def node(folder: Path, as_of: dt.date, node_id: str = "P2"):  # type: ignore[no-untyped-def]
    loaded = load_project(folder)
    assert not [f for f in check_project(loaded) if f.severity == "error"], [
        (f.code, f.message) for f in check_project(loaded)
    ]
    found = build_account(loaded, as_of).node(node_id)
    assert found is not None
    return found


def letter(folder: Path, stage: DemandStage, as_of: dt.date, lang: str = "en", node_id: str = "P2") -> str:
    out = folder.parent / f"{folder.name}-{stage}-{lang}.docx"
    write_demand(load_project(folder), node_id, out, as_of=as_of, lang=lang, stage=stage, force=True)
    return docx_text(out)


# ---------------------------------------------------------------------------------- the Construction Act


def test_statutory_dates_follow_the_clause_and_the_act(tmp_path: Path) -> None:
    n = node(english(tmp_path, APPLIED), D(2026, 6, 10))
    assert n.claim is not None and n.claim.notices is not None
    notices = n.claim.notices
    assert notices.statutory_due == D(2026, 6, 8)
    assert notices.payment_notice_by == D(2026, 6, 13)  # five days after the due date (s.110A)
    assert notices.final_date == D(2026, 6, 29) == n.due_on  # payment is late only after the final date
    assert notices.pay_less_by == D(2026, 6, 22)  # seven days before it (s.111)
    assert n.state is NodeState.NOT_DUE
    assert "pay less" in next_action(n, D(2026, 6, 10)).text


def test_bank_holidays_are_not_counted(tmp_path: Path) -> None:
    events = (
        '  - {on: 2026-12-14, node: P2, type: applied, amount: "647,500.00"}\n'
        "  - {on: 2026-12-14, node: P2, type: invoiced}\n"
    )
    notices = node(english(tmp_path, events), D(2026, 12, 20)).claim.notices
    assert notices.statutory_due == D(2026, 12, 21)
    # 22, 23, 24, 27, 29 December: Christmas Day, Boxing Day and its substitute day are left out (s.116)
    assert notices.payment_notice_by == D(2026, 12, 29)
    # 21 days from 21 December without 25, 26 and 28 December and New Year's Day
    assert notices.final_date == D(2027, 1, 15)
    assert notices.pay_less_by == D(2027, 1, 8)


@pytest.mark.parametrize(("day", "valid"), [("2026-06-22", True), ("2026-06-23", False)])
def test_a_pay_less_notice_one_day_late_has_no_effect(tmp_path: Path, day: str, valid: bool) -> None:
    events = APPLIED + (
        f'  - {{on: {day}, node: P2, type: pay_less_notice, amount: "500,000.00", basis: Defective ceilings}}\n'
    )
    folder = english(tmp_path, events)
    n = node(folder, D(2026, 7, 10))
    assert n.claim is not None and n.claim.notices is not None
    assert n.claim.notices.pay_less_valid is valid
    assert n.outstanding == (Decimal("500000.00") if valid else Decimal("647500.00"))
    assert n.held == (Decimal("147500.00") if valid else 0)
    if valid:
        with pytest.raises(Refusal, match="valid pay less notice"):
            letter(folder, DemandStage.NOTIFIED_SUM, D(2026, 7, 10))
        return
    text = letter(folder, DemandStage.NOTIFIED_SUM, D(2026, 7, 10))
    assert "notice of 23 June 2026 came after 22 June 2026" in text and "not a valid pay less notice" in text
    assert "section 111" in text.lower() and "GBP 647,500.00" in text
    reminder = letter(folder, DemandStage.REMINDER, D(2026, 7, 10))
    assert "under section 111" in reminder and "payable in full" in reminder


@pytest.mark.parametrize(("day", "valid"), [("2026-06-13", True), ("2026-06-14", False)])
def test_a_payment_notice_one_day_late_does_not_fix_the_notified_sum(tmp_path: Path, day: str, valid: bool) -> None:
    events = APPLIED + (
        f'  - {{on: {day}, node: P2, type: payment_notice, amount: "600,000.00", basis: Valuation 2}}\n'
    )
    n = node(english(tmp_path, events), D(2026, 7, 10))
    notices = n.claim.notices
    assert notices.payment_notice_valid is valid
    # a late payment notice is ignored: the application, made before the payer's last day, stands (s.110B(4))
    assert notices.notified_sum == (Decimal("600000.00") if valid else Decimal("647500.00"))


def test_under_the_scheme_an_application_in_time_does_not_stand_as_the_payees_notice(tmp_path: Path) -> None:
    # without the clause the Scheme applies: final date 17 days after the due date; the contract does not ask the
    # application to state the sum and its basis (s.110B(4)), so it does not stand as the payee's notice: no sum
    # is notified, nothing is late, and the payee's notice in default is the route
    folder = english(tmp_path, APPLIED, SCHEME)
    n = node(folder, D(2026, 6, 16))
    notices = n.claim.notices
    assert notices.final_date == D(2026, 6, 25) and notices.notified_sum is None
    assert notices.pay_less_by == D(2026, 6, 18)
    assert "section 110B" in letter(folder, DemandStage.DEFAULT_NOTICE, D(2026, 6, 16))
    assert node(folder, D(2026, 7, 10)).state is NodeState.WAITING


#: P1 (30%: 555,000.00) accepted on 1 June 2026 and never applied for: due 8 June, payment notice by 13 June.
ACCEPTED = "  - {on: 2026-06-01, node: P1, type: accepted, ref: First-fix inspection record}\n"


def test_without_an_application_the_payee_gives_a_notice_in_default_and_the_final_date_moves(
    tmp_path: Path,
) -> None:
    folder = english(tmp_path, ACCEPTED, SCHEME)
    n = node(folder, D(2026, 6, 16), "P1")
    notices = n.claim.notices
    assert notices.final_date == D(2026, 6, 25) and notices.notified_sum is None
    action = next_action(n, D(2026, 6, 16))
    assert action.stage is DemandStage.DEFAULT_NOTICE and "2026-06-13" in action.text
    text = letter(folder, DemandStage.DEFAULT_NOTICE, D(2026, 6, 16), node_id="P1")
    # sent 16 June, delivered by 19 June at the latest: six days after 13 June, so the final date moves six days
    # to 1 July, and a pay less notice is out of time after 24 June
    assert "section 110B" in text and "1 July 2026" in text and "24 June 2026" in text
    assert "30% of the Contract Sum of GBP 1,850,000.00" in text
    # recorded as given on 17 June: four days late, so the final date is 29 June
    folder = english(
        tmp_path / "recorded",
        ACCEPTED + '  - {on: 2026-06-17, node: P1, type: default_notice, amount: "555,000.00"}\n',
        SCHEME,
    )
    n = node(folder, D(2026, 7, 10), "P1")
    assert n.due_on == D(2026, 6, 29) and n.claim.notices.notified_sum == Decimal("555000.00")
    with pytest.raises(Refusal, match="already fixed"):
        letter(folder, DemandStage.DEFAULT_NOTICE, D(2026, 7, 10), node_id="P1")


def test_the_postponement_leaves_bank_holidays_out_of_the_days_late(tmp_path: Path) -> None:
    # P1 accepted 11 May 2026: payment due date 18 May, payment notice by 23 May, final date 9 June (21 days
    # without the Spring bank holiday, 25 May). The notice in default, sent 26 May, is delivered by 29 May at the
    # latest: 24 to 29 May less 25 May is 5 days late, not 6 (s.116 leaves bank holidays out of any period under
    # the Act, so of this one too): final date 14 June, a Sunday, which the contract's time clause moves to Monday
    # 15 June; pay less notice by 8 June
    folder = english(tmp_path, "  - {on: 2026-05-11, node: P1, type: accepted, ref: First-fix inspection record}\n")
    notices = node(folder, D(2026, 5, 26), "P1").claim.notices
    assert (notices.statutory_due, notices.payment_notice_by) == (D(2026, 5, 18), D(2026, 5, 23))
    assert notices.final_date == D(2026, 6, 9)
    text = letter(folder, DemandStage.DEFAULT_NOTICE, D(2026, 5, 26), node_id="P1")
    assert "29 May 2026" in text
    assert "15 June 2026" in text and "8 June 2026" in text
    assert "14 June 2026" not in text and "7 June 2026" not in text
    # recorded as given on 29 May: the account moves the final date as the letter said
    folder = english(
        tmp_path / "recorded",
        "  - {on: 2026-05-11, node: P1, type: accepted}\n"
        '  - {on: 2026-05-29, node: P1, type: default_notice, amount: "555,000.00"}\n',
    )
    n = node(folder, D(2026, 6, 20), "P1")
    assert n.due_on == n.claim.notices.final_date == D(2026, 6, 15)
    assert n.claim.notices.pay_less_by == D(2026, 6, 8)


def test_postponed_final_counts_both_sides_without_bank_holidays() -> None:
    from contractkit.account.claims import postponed_final
    from contractkit.law.calendars import WorkingCalendar
    from contractkit.model.models import Jurisdiction

    england = WorkingCalendar(Jurisdiction.UK, "GB-ENG")
    # late days 24-29 May without 25 May: 5; added to 9 June: 14 June
    assert postponed_final(D(2026, 6, 9), D(2026, 5, 23), D(2026, 5, 29), england) == D(2026, 6, 14)
    # 2 to 6 May without 4 May (Early May bank holiday): 4 days late; added to 21 May without 25 May: 26 May
    assert postponed_final(D(2026, 5, 21), D(2026, 5, 1), D(2026, 5, 6), england) == D(2026, 5, 26)
    assert postponed_final(D(2026, 5, 21), D(2026, 5, 1), D(2026, 5, 5), england) == D(2026, 5, 24)
    assert postponed_final(D(2026, 6, 9), D(2026, 5, 23), D(2026, 5, 23), england) == D(2026, 6, 9)


def test_a_dispute_without_a_pay_less_notice_does_not_reduce_the_notified_sum(tmp_path: Path) -> None:
    events = APPLIED + '  - {on: 2026-06-20, node: P2, type: disputed, amount: "100,000.00", reason: Snagging}\n'
    folder = english(tmp_path, events)
    n = node(folder, D(2026, 7, 10))
    assert n.outstanding == Decimal("647500.00") and n.held == 0
    text = letter(folder, DemandStage.DISPUTE_REPLY, D(2026, 7, 10))
    assert "section 111" in text.lower() and "Snagging" in text


def test_notices_of_the_act_are_refused_where_the_act_does_not_apply(tmp_path: Path) -> None:
    folder = fitout(tmp_path)
    with pytest.raises(Refusal, match="Construction"):
        letter(folder, DemandStage.DEFAULT_NOTICE, D(2026, 9, 30))


# ---------------------------------------------------------------------------------- certificates (PRC)


def test_deemed_certification_on_the_last_day_and_the_day_after(tmp_path: Path) -> None:
    folder = fitout(tmp_path)
    # applied 12 May, before the work was accepted on 15 May: the application counts from acceptance (it is made
    # once the milestone is achieved); seven days to confirm end 22 May, and silence confirms from 23 May
    on_the_last_day = node(folder, D(2026, 5, 22)).claim
    assert on_the_last_day.certified is None and on_the_last_day.certify_by == D(2026, 5, 22)
    the_day_after = node(folder, D(2026, 5, 23)).claim
    assert the_day_after.certified_deemed and the_day_after.certified == Decimal("720000.00")
    assert the_day_after.certified_on == D(2026, 5, 22)


def test_a_certificate_for_less_holds_back_the_rest(tmp_path: Path) -> None:
    events = '  - {on: 2026-05-19, node: P2, type: certified, amount: "650,000.00", by: 监理单位, ref: 付款证书2}\n'
    n = node(fitout(tmp_path, events), D(2026, 9, 30))
    assert not n.claim.certified_deemed and n.claim.certified == Decimal("650000.00")
    assert n.outstanding == Decimal("450000.00") and n.held == Decimal("70000.00")
    assert n.interest is not None and n.interest.periods[0].principal == Decimal("650000.00")


def test_an_objection_after_the_review_period_holds_nothing_back(tmp_path: Path) -> None:
    # the period for objections ran from acceptance on 15 May (the application came first) and ended 22 May
    events = '  - {on: 2026-05-23, node: P2, type: disputed, amount: "100,000.00", reason: 工程量有误, ref: 异议函}\n'
    folder = fitout(tmp_path, events)
    n = node(folder, D(2026, 9, 30))
    assert n.claim.dispute_late and n.claim.certified_deemed
    assert n.outstanding == Decimal("520000.00") and n.held == 0
    text = letter(folder, DemandStage.DISPUTE_REPLY, D(2026, 9, 30), lang="zh")
    assert "晚于该期限提出" in text and "2026年5月22日" in text


def test_a_dispute_of_part_holds_only_that_part_and_the_ladder_chases_the_rest(tmp_path: Path) -> None:
    events = '  - {on: 2026-05-18, node: P2, type: disputed, amount: "100,000.00", reason: 工程量有误, ref: 异议函}\n'
    folder = fitout(tmp_path, events)
    n = node(folder, D(2026, 9, 30))
    assert n.state is NodeState.OVERDUE
    assert n.outstanding == Decimal("420000.00") and n.held == Decimal("100000.00")
    assert n.interest.periods[0].principal == Decimal("620000.00")
    assert n.next_step is not None and n.next_step.stage is DemandStage.NOTICE
    notice = letter(folder, DemandStage.NOTICE, D(2026, 9, 30), lang="zh")
    assert "人民币420,000.00元" in notice and "人民币100,000.00元" in notice and "工程量有误" in notice
    reply = letter(folder, DemandStage.DISPUTE_REPLY, D(2026, 9, 30), lang="zh")
    assert "无争议金额" in reply and "人民币620,000.00元" in reply and "我方不接受贵方的异议" in reply
    reply_en = letter(folder, DemandStage.DISPUTE_REPLY, D(2026, 9, 30), lang="en")
    assert "You do not dispute the remaining CNY 620,000.00" in reply_en
    # resolved: 40,000.00 of the 100,000.00 is payable after all
    resolved = events + '  - {on: 2026-08-01, node: P2, type: resolved, amount: "40,000.00"}\n'
    n = node(fitout(tmp_path / "r", resolved), D(2026, 9, 30))
    assert n.outstanding == Decimal("460000.00") and n.held == 0
    # paid all that is due: only the disputed part is left, and the ladder stops
    paid = events + '  - {on: 2026-08-01, node: P2, type: paid, amount: "420,000.00"}\n'
    n = node(fitout(tmp_path / "p", paid), D(2026, 9, 30))
    assert n.state is NodeState.DISPUTED and n.next_step is None and n.interest is not None
    assert "contested" in next_action(n, D(2026, 9, 30)).text


# ------------------------------------------------------------------------------------ promises to pay


PROMISE = '  - {on: 2026-07-05, node: P2, type: promised, amount: "200,000.00", by: "2026-07-20", ref: 王经理微信}\n'


def test_a_promise_pauses_the_ladder_until_its_day(tmp_path: Path) -> None:
    n = node(fitout(tmp_path, PROMISE), D(2026, 7, 10))
    assert n.promise is not None and n.promise.kept is None
    assert n.next_step is not None and n.next_step.on == D(2026, 7, 21)
    assert "promised by 2026-07-20" in next_action(n, D(2026, 7, 10)).text


def test_a_promise_kept(tmp_path: Path) -> None:
    events = PROMISE + '  - {on: 2026-07-20, node: P2, type: paid, amount: "200,000.00", ref: 回单}\n'
    n = node(fitout(tmp_path, events), D(2026, 7, 25))
    assert n.promise.kept is True
    assert "broken" not in next_action(n, D(2026, 7, 25)).text


def test_a_broken_promise_is_cited_in_the_next_letter(tmp_path: Path) -> None:
    events = PROMISE + '  - {on: 2026-07-18, node: P2, type: paid, amount: "50,000.00", ref: 回单}\n'
    folder = fitout(tmp_path, events)
    n = node(folder, D(2026, 7, 25))
    assert n.promise.kept is False and n.promise.paid_since == Decimal("50000.00")
    assert "broken" in next_action(n, D(2026, 7, 25)).text
    text = letter(folder, DemandStage.NOTICE, D(2026, 7, 25), lang="zh")
    assert "2026年7月5日承诺（王经理微信）于2026年7月20日（含当日）前支付P2款项人民币200,000.00元" in text
    assert "仅支付人民币50,000.00元" in text


# -------------------------------------------------------------------------------------- final account


FINAL_ACCOUNT = "  - use: payment.final-account\n    with: {review_days: 28, pay_days: 2}\n"
FINAL_EVENTS = '  - {on: 2026-10-01, node: P4, type: applied, amount: "408,000.00", ref: 竣工结算申请单}\n'


@pytest.mark.parametrize(("deemed", "expected"), [("true", True), ("false", False)])
def test_a_final_account_is_deemed_approved_only_where_the_contract_says_so(
    tmp_path: Path, deemed: str, expected: bool
) -> None:
    clause = FINAL_ACCOUNT.replace("pay_days: 2}", f"pay_days: 2, deemed_approval: {deemed}}}")
    folder = fitout(tmp_path, FINAL_EVENTS, ("  - use: payment.advance\n", clause + "  - use: payment.advance\n"))
    claim = node(folder, D(2026, 12, 1), "P4").claim
    assert claim.certify_by == D(2026, 10, 29)
    assert claim.certified_deemed is expected
    if not expected:
        assert "does not make silence certify" in claim.basis


def test_without_a_final_account_clause_construction_silence_approves_no_final_account(tmp_path: Path) -> None:
    claim = node(fitout(tmp_path, FINAL_EVENTS), D(2026, 12, 1), "P4").claim
    assert not claim.certified_deemed and "art. 21" in claim.basis


# ------------------------------------------------------------------------ status and the statement of account


def test_status_shows_the_exchange_and_the_next_step(tmp_path: Path, runner: CliRunner) -> None:
    events = (
        '  - {on: 2026-05-18, node: P2, type: disputed, amount: "100,000.00", reason: 工程量有误, ref: 异议函}\n'
        + PROMISE.replace("2026-07-20", "2026-10-20").replace("2026-07-05", "2026-09-25")
    )
    folder = fitout(tmp_path, events)
    result = runner.invoke(main, ["status", str(folder), "--as-of", "2026-09-30", "--explain"])
    assert result.exit_code == 0, result.output
    assert "disputed: 100,000.00 on 2026-05-18: 工程量有误 (异议函)" in result.output
    assert "held until resolved: 100,000.00" in result.output
    assert "promised: 200,000.00 by 2026-10-20" in result.output
    assert "next: wait for the payment of 200,000.00 promised by 2026-10-20" in result.output
    result = runner.invoke(main, ["status", str(folder), "--as-of", "2026-09-30", "--json"])
    row = next(r for r in json.loads(result.output)["nodes"] if r["node"] == "P2")
    assert row["claim"]["held"] == "100000.00" and row["claim"]["undisputed"] == "620000.00"
    assert row["claim"]["promise"]["by"] == "2026-10-20" and row["claim"]["certified_deemed"] is False


def test_the_statement_of_account_lists_every_node_for_signature(tmp_path: Path) -> None:
    events = '  - {on: 2026-05-18, node: P2, type: disputed, amount: "100,000.00", reason: 工程量有误}\n'
    folder = fitout(tmp_path, events)
    text = letter(folder, DemandStage.ACKNOWLEDGMENT, D(2026, 9, 30), lang="zh", node_id="all")
    assert "对账单" in text
    # P1 (applied and paid) is on the statement although nothing is owed on it
    assert "P1 预付款" in text and "人民币240,000.00元" in text
    assert "尚欠人民币420,000.00元" in text and "另有人民币100,000.00元尚存争议" in text
    en = letter(folder, DemandStage.ACKNOWLEDGMENT, D(2026, 9, 30), lang="en", node_id="all")
    assert "Statement of Account" in en and "we have paid CNY 440,000.00" in en


# ------------------------------------------------------------------------------------ model conditions


@pytest.mark.parametrize(
    ("form", "days", "deemed", "cite"),
    [("gf-2017-0201", 14, True, "cn.gf-2017.12.4.4"), ("fidic-red-2017", 28, False, "intl.fidic.14.6")],
)
def test_the_model_conditions_certify_where_the_contract_has_no_payment_clause(
    tmp_path: Path, form: str, days: int, deemed: bool, cite: str
) -> None:
    from contractkit.account.terms import contract_terms
    from tests.projects import base, changed, write_project

    data = changed(base(), {"contract.form": form})
    write_project(tmp_path / "p", data)
    terms = contract_terms(load_project(tmp_path / "p").project)
    assert terms.certification is not None
    assert (terms.certification.days, terms.certification.deemed) == (days, deemed)
    assert terms.certification.citations == (cite,)
    # P2 applied for on 12 May 2026 and accepted on 15 May, from when the application counts: under FIDIC the
    # Engineer's silence certifies nothing
    claim = node(tmp_path / "p", D(2026, 6, 30)).claim
    assert claim.certify_by == D(2026, 5, 15) + dt.timedelta(days=days)
    assert claim.certified_deemed is deemed
    if not deemed:
        assert "does not make silence certify" in claim.basis and claim.due == Decimal("582000.00")


# ---------------------------------------------------------------------------------- rejection of the work


def _rejections(tmp_path: Path, events: list[dict[str, str]]) -> Path:
    from tests.projects import base, changed, write_project

    data = changed(base(), {"events": events})
    write_project(tmp_path / "p", data)
    return tmp_path / "p"


REQUEST = {"on": "2026-05-04", "node": "P2", "type": "acceptance_requested", "ref": "分部验收通知"}


def test_a_rejection_in_time_stops_deemed_acceptance_until_a_new_request(tmp_path: Path) -> None:
    rejected = {"on": "2026-05-11", "node": "P2", "type": "rejected", "reason": "防水层渗漏", "ref": "监理通知"}
    folder = _rejections(tmp_path, [REQUEST, rejected])
    # the request of 4 May gave 7 days to 11 May; the rejection on the last day stops deemed acceptance
    n = node(folder, D(2026, 6, 30))
    assert n.accepted_on is None and n.due_on is None
    assert "rejected 2026-05-11 (防水层渗漏)" in n.acceptance.note
    again = {"on": "2026-05-20", "node": "P2", "type": "acceptance_requested", "ref": "复验通知"}
    n = node(_rejections(tmp_path / "b", [REQUEST, rejected, again]), D(2026, 6, 30))
    assert n.acceptance.deemed and n.accepted_on == D(2026, 5, 27)
    # a rejection after the review period has ended comes too late
    late = dict(rejected, on="2026-05-12")
    n = node(_rejections(tmp_path / "c", [REQUEST, late]), D(2026, 6, 30))
    assert n.acceptance.deemed and n.accepted_on == D(2026, 5, 11)


def test_a_rejection_needs_its_reasons_and_a_request(tmp_path: Path) -> None:
    folder = _rejections(tmp_path, [{"on": "2026-05-11", "node": "P2", "type": "rejected"}])
    codes = {f.code for f in check_project(load_project(folder))}
    assert {"LED003", "DAT005"} <= codes


def test_under_the_scheme_the_notified_sum_letter_cites_the_scheme(tmp_path: Path) -> None:
    late = '  - {on: 2026-06-23, node: P2, type: pay_less_notice, amount: "500,000.00", basis: Defective ceilings}\n'
    # under the Scheme the application is no notice: the payee's notice in default (two days late) fixes the sum
    default = '  - {on: 2026-06-15, node: P2, type: default_notice, amount: "647,500.00"}\n'
    text = letter(english(tmp_path, APPLIED + default + late, SCHEME), DemandStage.NOTIFIED_SUM, D(2026, 7, 10))
    assert "Scheme for Construction Contracts" in text  # its 17 and 7 days are the periods the letter applies
    text = letter(english(tmp_path / "clause", APPLIED + late), DemandStage.NOTIFIED_SUM, D(2026, 7, 10))
    assert "Scheme for Construction Contracts" not in text  # the contract's own clause fixes them


def test_a_dispute_reply_speaks_of_a_past_due_date_in_the_past(tmp_path: Path) -> None:
    disputed = '  - {on: 2026-05-15, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶返工}\n'
    text = letter(fitout(tmp_path, disputed), DemandStage.DISPUTE_REPLY, D(2026, 11, 29))
    assert "which fell due on" in text and "which falls due on" not in text


def test_explain_says_a_timely_objection_kept_silence_from_certifying(tmp_path: Path) -> None:
    disputed = '  - {on: 2026-05-18, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶工程量与图纸不符}\n'
    result = CliRunner().invoke(main, ["status", str(fitout(tmp_path, disputed)), "--as-of", "2026-11-29", "--explain"])
    assert "made in time, kept silence from certifying" in " ".join(result.output.split())
    assert "does not make silence certify" not in result.output


@pytest.mark.parametrize(("dated", "complete"), [("2026-05-08", True), ("2026-05-11", False)])
def test_a_document_dated_after_the_request_does_not_complete_it(tmp_path: Path, dated: str, complete: bool) -> None:
    folder = fitout(
        tmp_path,
        "",
        ("p2-quantities.pdf, date: 2026-05-08}", f"p2-quantities.pdf, date: {dated}}}"),
        ("  - {on: 2026-05-15, node: P2, type: accepted, ref: 隐蔽工程验收记录 AC-BASE-01}\n", ""),
        (
            "    deemed_accepted: true\n  - id: AC-FINAL",
            "    deemed_accepted: true\n    documents: [监理确认的工程量清单]\n  - id: AC-FINAL",
        ),
    )  # the request of 8 May encloses E4, the quantities the criterion requires
    n = node(folder, D(2026, 11, 29))
    assert (n.acceptance.accepted_on == D(2026, 5, 15)) is complete
    if not complete:
        assert "lacked 监理确认的工程量清单" in n.acceptance.note
        findings = check_project(load_project(folder))
        assert any(f.code == "LED005" and "cannot have been enclosed" in f.message for f in findings)


def test_a_final_date_on_a_rest_day_moves_as_the_contract_moves_it(tmp_path: Path) -> None:
    """The contract's time clause moves the last day of a period, and a payment date it fixes, off a rest day:
    the final date for payment (fixed by the contract's Construction Act clause) with it, and the pay less
    deadline counted back from it. Left on the Saturday, the letters claimed two days' interest too many and
    called a pay less notice given in time late."""
    applied = (
        '  - {on: 2026-08-21, node: P2, type: applied, amount: "647,500.00", ref: Application no. 2}\n'
        "  - {on: 2026-08-21, node: P2, type: invoiced, ref: INV-0002}\n"
    )
    n = node(english(tmp_path, applied), D(2026, 9, 30))
    notices = n.claim.notices
    # due 28 August; 21 days without the bank holiday of 31 August end on Saturday 19 September
    assert notices.statutory_due == D(2026, 8, 28)
    assert notices.final_date == n.due_on == D(2026, 9, 21)
    assert notices.pay_less_by == D(2026, 9, 14)
    assert n.interest is not None and n.interest.periods[0].first == D(2026, 9, 22)
    assert "2026-09-19 is a rest day, so it moves to the next working day" in n.due_note
    # a pay less notice on 14 September is in time
    late = applied + '  - {on: 2026-09-14, node: P2, type: pay_less_notice, amount: "500,000.00", basis: x}\n'
    with_notice = node(english(tmp_path / "pl", late), D(2026, 9, 30))
    assert with_notice.claim.notices.pay_less_valid and with_notice.claim.due == Decimal("500000.00")


def test_the_notice_of_suspension_leaves_christmas_and_bank_holidays_out(tmp_path: Path) -> None:
    """s.112 asks at least seven days' notice, and s.116 leaves Christmas Day, Good Friday and bank holidays out
    of every period under the Act: sent on 22 December 2026 and delivered by the 24th at the latest, the seven
    days leave out 25, 26 and 28 December and 1 January and end on Monday 4 January 2027; suspension starts on
    5 January, not on 30 December as when they were counted straight through (a premature suspension is a
    breach)."""
    folder = english(tmp_path, APPLIED)
    out = tmp_path / "suspension.docx"
    write_demand(
        load_project(folder), "P2", out, as_of=D(2026, 12, 22), lang="en", stage=DemandStage.SUSPENSION, force=True
    )
    text = docx_text(out)
    assert "with effect from 5 January 2027" in text and "30 December 2026" not in text


def test_s116_leaves_out_bank_holidays_not_the_weekend_days_they_stand_for() -> None:
    """The holidays package lists a Sunday Boxing Day and a Saturday New Year's Day beside their substitute
    Mondays; only Christmas Day, Good Friday and the bank holidays themselves are left out of a period (s.116),
    so a Sunday 26 December is counted like any other day."""
    from contractkit.law.calendars import WorkingCalendar
    from contractkit.model.models import Jurisdiction

    england = WorkingCalendar(Jurisdiction.UK, "GB-ENG")
    assert england.is_public_holiday(D(2027, 12, 25))  # Christmas Day on a Saturday: left out (s.116)
    assert not england.is_public_holiday(D(2027, 12, 26))  # Sunday Boxing Day: not a bank holiday (BFDA Sch.1)
    assert england.is_public_holiday(D(2027, 12, 27)) and england.is_public_holiday(D(2027, 12, 28))
    assert england.is_public_holiday(D(2026, 12, 26))  # a Saturday 26 December is one ("if it be not a Sunday")
    assert not england.is_public_holiday(D(2028, 1, 1)) and england.is_public_holiday(D(2028, 1, 3))
    # 7 days from Friday 24 December 2027 leave out 25, 27 and 28 December and 3 January (New Year's substitute)
    # and count Sunday 26 December and Saturday 1 January: they end on 4 January 2028
    assert england.add_days_excluding_holidays(D(2027, 12, 24), 7) == D(2028, 1, 4)
