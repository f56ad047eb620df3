"""Review s28, the clause text against the engine: for clauses the samples use little, the rule the drafted text states
is the rule ``status`` applies. Through the CLI: ``contractkit status --json`` / ``--explain`` and ``contractkit draft``
(read back with python-docx).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner

from contractkit.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _project(tmp_path: Path, sample: str, events: list[str] | None, *changes: tuple[str, str]) -> Path:
    """``sample`` copied, each (old, new) text change made and, where ``events`` is given, its ledger replaced."""
    folder = tmp_path / sample
    shutil.copytree(SAMPLES / sample, folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    if events is not None:
        start, end = text.index("\nevents:"), text.index("\nescalation:")
        ledger = "".join(f"  - {e}\n" for e in events)
        text = text[:start] + "\nevents:\n" + ledger + text[end:]
    path.write_text(text, encoding="utf-8")
    return folder


def _status(folder: Path, as_of: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["status", str(folder), "--json", "--as-of", as_of])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def _node(status: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in status["nodes"] if n["node"] == node_id)


def _explain(folder: Path, as_of: str) -> str:
    result = CliRunner().invoke(main, ["status", str(folder), "--explain", "--as-of", as_of])
    assert result.exit_code in (0, 1), result.output
    return " ".join(result.output.split())


def _draft(folder: Path, tmp_path: Path, lang: str) -> str:
    out = tmp_path / f"draft-{lang}.docx"
    result = CliRunner().invoke(main, ["draft", str(folder), "-o", str(out), "--lang", lang, "--force"])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


FITOUT_CLAUSES_END = "  - use: general.notices\n"


# --- acceptance.defects-rectification: the re-inspection after a rejection takes its recheck_days -----------------

RECTIFICATION_EVENTS = [
    "{on: 2026-02-26, node: P1, type: applied, amount: '240,000.00', ref: 预付款申请}",
    "{on: 2026-03-03, node: P1, type: paid, amount: '240,000.00', ref: 银行回单}",
    "{on: 2026-05-08, node: P2, type: acceptance_requested, ref: 隐蔽工程验收通知, enclosed: [E4]}",
    "{on: 2026-05-11, node: P2, type: rejected, ref: 缺陷清单, reason: 基层平整度超差}",
    # the notice of rectification (a further notice of completion) on Tuesday 19 May
    "{on: 2026-05-19, node: P2, type: acceptance_requested, ref: 整改完成通知, enclosed: [E4]}",
]


INSPECTION_PERIOD = "  - use: acceptance.inspection-period\n    with: {review_days: 7, deemed_acceptance: true}\n"


def _rectification(tmp_path: Path, *, inspection_clause: bool = True) -> Path:
    changes = [
        (
            FITOUT_CLAUSES_END,
            FITOUT_CLAUSES_END + "  - use: acceptance.defects-rectification\n    with: {recheck_days: 3}\n",
        )
    ]
    if not inspection_clause:
        changes.append((INSPECTION_PERIOD, ""))
    return _project(tmp_path, "fitout-cn", RECTIFICATION_EVENTS, *changes)


@pytest.mark.parametrize("inspection_clause", [True, False], ids=["with-inspection-period", "alone"])
def test_defects_rectification_recheck_period_governs_the_reinspection(tmp_path: Path, inspection_clause: bool) -> None:
    """The clause: the client re-inspects within recheck_days (3) after the notice of rectification, silence passes
    the re-inspection, and that day is the date of acceptance. The engine gave the further notice the criterion's
    whole review period again (7 days: deemed accepted 26 May, not 22 May), with or without the inspection-period
    clause beside it."""
    folder = _rectification(tmp_path, inspection_clause=inspection_clause)
    p2 = _node(_status(folder, "2026-07-10"), "P2")
    assert p2["acceptance_requested_on"] == "2026-05-19"
    assert p2["review_ends"] == "2026-05-22"
    assert p2["accepted_on"] == "2026-05-22" and p2["acceptance_deemed"] is True
    explain = _explain(folder, "2026-07-10")
    assert "re-inspected within 3 days" in explain and "acceptance.defects-rectification" in explain


def test_inspection_period_text_defers_reinspection_to_defects_rectification(tmp_path: Path) -> None:
    """The inspection-period clause promised a new Review Period after a rejection beside the rectification clause's
    re-inspection period; with that clause it now states the one rule the engine applies, in both languages."""
    folder = _rectification(tmp_path)
    zh, en = _draft(folder, tmp_path, "zh"), _draft(folder, tmp_path, "en")
    assert "验收期限自收到再次发出的验收通知之日起重新计算" not in zh
    assert "复验在该条约定的复验期限内进行，不重新计算验收期限" in zh
    assert "a new Review Period shall run from receipt of the further notice" not in en
    assert "re-inspection takes place within the re-inspection period that Clause sets" in en
    # without the rectification clause the sentence is as before
    plain = _draft(SAMPLES / "fitout-cn", tmp_path, "zh")
    assert "验收期限自收到再次发出的验收通知之日起重新计算" in plain


# --- payment.milestone-schedule with payment.final-account outside construction ---------------------------------

FINAL_ACCOUNT_CLAUSE = (
    "  - use: payment.final-account\n    with: {deemed_approval: false, review_days: 14, pay_days: 16}\n"
)


def _software_final(tmp_path: Path) -> Path:
    events = [
        "{on: 2026-03-02, node: P1, type: invoiced, amount: '54,000.00', ref: Invoice 0101}",
        "{on: 2026-03-13, node: P1, type: paid, amount: '54,000.00', ref: BACS}",
        "{on: 2026-09-25, node: P4, type: accepted, ref: Go-live acceptance certificate}",
        # the final account statement, received on Thursday 1 October
        "{on: 2026-10-01, node: P4, type: applied, amount: '90,000.00', ref: Final account statement}",
    ]
    return _project(
        tmp_path,
        "software-uk",
        events,
        ("  - use: general.notices\n", "  - use: general.notices\n" + FINAL_ACCOUNT_CLAUSE),
        (
            "Go-live invoice]\n    due: {after: acceptance, days: 30}",
            "Go-live invoice]\n    due: {after: application, days: 30}",
        ),
    )


def test_software_final_account_is_not_deemed_confirmed_by_the_payment_clause(tmp_path: Path) -> None:
    """A software contract with the final-account clause (silence is not approval, 14 days' review): the engine
    reviews the final account under that clause (no deemed confirmation, certificate due by 15 October), but the
    payment clause's sub-clause on reviewing applications said, for every application, that silence for its 10 days
    confirms the amount applied for. It now leaves the final account to the final-account clause, in both
    languages."""
    folder = _software_final(tmp_path)
    claim = _node(_status(folder, "2026-10-20"), "P4")["claim"]
    assert claim["certify_by"] == "2026-10-15"
    assert claim["certified"] is None and claim["certified_deemed"] is False
    en, zh = _draft(folder, tmp_path, "en"), _draft(folder, tmp_path, "zh")
    assert (
        "The review period and the deemed confirmation in this sub-clause do not apply to an application for the "
        "final account sum: its review period, and the effect of the Client's silence, are those of Clause 17."
    ) in en
    assert "最终结算款的申请不适用本款的审核期限及视为确认，" in zh
    assert "其审核期限以及委托方逾期不予答复的效力按照第17条办理。" in zh


# --- dispute.negotiation: when an objection must come, as the payment clause and the engine have it ----------------


def test_negotiation_objection_period_is_the_payment_clause_review_period(tmp_path: Path) -> None:
    """Without the undisputed-amount clause the negotiation clause let the client dispute part of a payment at any
    time "before the time for payment expires", while the payment clause deems the application confirmed once its
    review period passes in silence, and the engine holds back nothing for an objection after that period (here on
    26 May, after the review ended on 22 May and before the due date of 29 May). The clause now names the payment
    clause's review period."""
    events = [
        "{on: 2026-02-26, node: P1, type: applied, amount: '240,000.00', ref: 预付款申请}",
        "{on: 2026-03-03, node: P1, type: paid, amount: '240,000.00', ref: 银行回单}",
        "{on: 2026-05-08, node: P2, type: acceptance_requested, ref: 隐蔽工程验收通知, enclosed: [E4]}",
        "{on: 2026-05-12, node: P2, type: applied, amount: '720,000.00', ref: 付款申请第2期}",
        "{on: 2026-05-15, node: P2, type: accepted, ref: 隐蔽工程验收记录}",
        "{on: 2026-05-20, node: P2, type: invoiced, amount: '720,000.00', ref: 发票}",
        "{on: 2026-05-26, node: P2, type: disputed, amount: '100,000.00', ref: 异议函, reason: 工程量}",
    ]
    folder = _project(
        tmp_path,
        "fitout-cn",
        events,
        (FITOUT_CLAUSES_END, FITOUT_CLAUSES_END + "  - use: dispute.negotiation\n"),
    )
    p2 = _node(_status(folder, "2026-06-10"), "P2")
    assert p2["due_on"] == "2026-05-29"
    assert p2["claim"]["dispute_late"] is True and p2["outstanding"] == "720000.00"
    zh, en = _draft(folder, tmp_path, "zh"), _draft(folder, tmp_path, "en")
    assert "应当在付款期限届满前书面说明有异议的金额和理由" not in zh
    assert "应当在第5条约定的审核期限内（不适用该条视为确认的付款申请，在付款期限届满前）书面说明" in zh
    assert "it shall state in writing, before the time for payment expires, the amount disputed" not in en
    assert "it shall state in writing within the review period under Clause 5 (or, for an application" in en


# --- acceptance.staged: the review period runs from a complete notice, one stage a line ---------------------------


def test_staged_acceptance_periods_run_from_a_complete_notice(tmp_path: Path) -> None:
    """The staged clause counted each stage's review period from "the notice for that stage", while the engine (and
    Clause 4) start it only on a notice enclosing the stage's acceptance documents: a notice without them starts
    nothing (here the notice of 8 May encloses a photograph, not the
    measured quantities the criterion lists; the one of 12 May encloses them). Its stages also ran together on one line
    (the list's line breaks were trimmed)."""
    events = [
        "{on: 2026-05-08, node: P2, type: acceptance_requested, ref: 验收通知, enclosed: [E5]}",
        "{on: 2026-05-12, node: P2, type: acceptance_requested, ref: 验收通知（附资料）, enclosed: [E4]}",
    ]
    folder = _project(
        tmp_path,
        "fitout-cn",
        events,
        (
            INSPECTION_PERIOD,
            "  - use: acceptance.staged\n",
        ),
        (
            "    criteria: [隐蔽工程验收记录经监理签认, 吊顶及墙面基层平整度偏差不大于3毫米]\n",
            "    criteria: [隐蔽工程验收记录经监理签认, 吊顶及墙面基层平整度偏差不大于3毫米]\n"
            "    documents: [监理确认的工程量清单]\n",
        ),
    )
    p2 = _node(_status(folder, "2026-07-10"), "P2")
    assert p2["acceptance_requested_on"] == "2026-05-12"
    zh, en = _draft(folder, tmp_path, "zh"), _draft(folder, tmp_path, "en")
    assert "验收标准及验收期限如下：\n（1）隐蔽工程及基层验收" in zh
    assert "验收期限为收到附齐验收资料的该阶段验收通知之日起7日" in zh
    assert "are as follows:\n(1) " in en
    assert "after receipt of the notice of completion for that stage with the acceptance documents" in en


def test_defects_rectification_defers_to_the_uat_retest_period(tmp_path: Path) -> None:
    """With the UAT clause, a redelivery is retested within the UAT clause's retest period (5 days), which the engine
    applies; the rectification clause stated its own re-inspection period (here 2 days) for the same retest. It now
    names the UAT clause's retest period where that clause is in the contract."""
    events = [
        "{on: 2026-06-26, node: P3, type: acceptance_requested, ref: Notice of readiness for UAT}",
        "{on: 2026-07-01, node: P3, type: rejected, ref: UAT defect report, reason: Severity 2 defects}",
        "{on: 2026-07-06, node: P3, type: acceptance_requested, ref: Redelivery notice}",
    ]
    folder = _project(
        tmp_path,
        "software-uk",
        events,
        (
            "  - use: general.notices\n",
            "  - use: general.notices\n  - use: acceptance.defects-rectification\n    with: {recheck_days: 2}\n",
        ),
    )
    p3 = _node(_status(folder, "2026-08-01"), "P3")
    assert p3["acceptance_requested_on"] == "2026-07-06" and p3["review_ends"] == "2026-07-11"
    en, zh = _draft(folder, tmp_path, "en"), _draft(folder, tmp_path, "zh")
    assert "The Client shall re-inspect within the retest period of Clause 8, counted from receipt of that notice" in en
    assert "re-inspect within 2 days" not in en
    assert "委托方应当在第8条约定的复测期限内（自收到通知之日起算）进行复验" in zh


# --- payment.retention: the return of retention is paid or objected to within return_days -------------------------


def test_retention_return_objection_period_is_the_retention_clause(tmp_path: Path) -> None:
    """The retention clause: within return_days (14) after receiving the application the client pays or objects with
    reasons, and silence for that period is agreement. The engine reviewed the application under the payment clause's
    7 days, so an objection made on the 10th day held nothing back and the letters claimed, with interest, the amount
    objected to. The payment clause now sends that application to the retention clause, as the engine does."""
    events = [
        "{on: 2026-02-26, node: P1, type: applied, amount: '240,000.00', ref: 预付款申请}",
        "{on: 2026-03-03, node: P1, type: paid, amount: '240,000.00', ref: 银行回单}",
        # Tuesday 1 September: the application for the return of retention; an objection on Friday 11 September
        "{on: 2026-09-01, node: P5, type: applied, amount: '72,000.00', ref: 质保金返还申请}",
        "{on: 2026-09-02, node: P5, type: invoiced, amount: '72,000.00', ref: 发票}",
        "{on: 2026-09-11, node: P5, type: disputed, amount: '10,000.00', ref: 异议函, reason: 维修费用}",
    ]
    folder = _project(tmp_path, "fitout-cn", events)
    p5 = _node(_status(folder, "2026-09-30"), "P5")
    assert p5["due_on"] == "2026-09-15"
    assert p5["claim"]["certify_by"] == "2026-09-15"
    assert p5["claim"]["dispute_late"] is False and p5["claim"]["held"] == "10000.00"
    assert p5["outstanding"] == "62000.00"
    zh, en = _draft(folder, tmp_path, "zh"), _draft(folder, tmp_path, "en")
    assert "返还质量保证金的申请，其付款或者提出异议的期限以及逾期不予答复的效力，按照第7条办理。" in zh
    assert (
        "An application for the return of retention is governed by Clause 7 as to the period within which the "
        "Employer pays or objects to it and the effect of its silence." in en
    )
