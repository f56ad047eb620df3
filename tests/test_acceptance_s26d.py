"""A written acceptance that comes after the review period has run out in silence does not postpone acceptance: the
acceptance clauses deem the work accepted on the last day of the review period (SME Payment Regulations art. 10),
and a confirmation given later is noted, not used. One given within the period counts from its own date, and a
rejection within the period still stops deeming. The account, ``status``, the application pack, the progress
report and the drafted clauses all say the same."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import base, changed, write_project

AS_OF = "2026-11-29"
#: fit-out P2: acceptance requested 8 May with a 7-day review period, which ends 15 May unanswered
RECORDED = "{on: 2026-05-15, node: P2, type: accepted, ref: 隐蔽工程验收记录 AC-BASE-01}"


def _fitout(tmp_path: Path, accepted_on: str, extra: str = "") -> Path:
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert RECORDED in text
    text = text.replace(RECORDED, RECORDED.replace("2026-05-15", accepted_on))
    if extra:
        text = text.replace(
            "  - {on: 2026-05-12, node: P2, type: applied", extra + "\n  - {on: 2026-05-12, node: P2, type: applied"
        )
    path.write_text(text, encoding="utf-8")
    return folder


def _status_json(runner: CliRunner, folder: Path, as_of: str = AS_OF) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return next(n for n in data["nodes"] if n["node"] == "P2")


def test_a_written_acceptance_after_the_review_period_leaves_acceptance_deemed_at_its_end(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = _fitout(tmp_path, "2026-05-25")
    p2 = _status_json(runner, folder)
    assert p2["accepted_on"] == "2026-05-15" and p2["acceptance_deemed"] is True
    assert p2["acceptance_recorded_late_on"] == "2026-05-25"
    assert p2["due_on"] == "2026-05-29"  # 14 days after 15 May, not after 25 May (8 June)
    assert p2["interest_periods"][0]["from"] == "2026-05-30"
    explain = runner.invoke(main, ["status", str(folder), "--as-of", AS_OF, "--explain"])
    assert explain.exit_code == 0, explain.output
    text = " ".join(explain.output.split())
    assert "deemed accepted 2026-05-15" in text
    assert (
        "the written acceptance of 2026-05-25 (隐蔽工程验收记录 AC-BASE-01) came after the review period had ended "
        "and does not move the date of acceptance" in text
    )
    assert "a recorded acceptance prevails over a deemed one" not in text


def test_a_written_acceptance_within_the_review_period_counts_from_its_own_date(
    runner: CliRunner, tmp_path: Path
) -> None:
    p2 = _status_json(runner, _fitout(tmp_path, "2026-05-13"))
    assert p2["accepted_on"] == "2026-05-13" and p2["acceptance_deemed"] is False
    assert p2["acceptance_recorded_late_on"] is None
    assert p2["due_on"] == "2026-05-27"


def test_a_rejection_within_the_review_period_still_stops_deeming(runner: CliRunner, tmp_path: Path) -> None:
    rejected = "  - {on: 2026-05-11, node: P2, type: rejected, reason: 基层平整度超差, ref: 监理通知}"
    p2 = _status_json(runner, _fitout(tmp_path, "2026-05-25", rejected))
    # no new request after the rejection: nothing is deemed, and the acceptance of 25 May is the acceptance
    assert p2["accepted_on"] == "2026-05-25" and p2["acceptance_deemed"] is False
    assert p2["due_on"] == "2026-06-08"


def test_without_deemed_acceptance_a_late_acceptance_does_not_move_the_payment_clock(tmp_path: Path) -> None:
    events = [
        {"on": "2026-05-20", "node": "P2", "type": "acceptance_requested"},
        {"on": "2026-06-20", "node": "P2", "type": "accepted", "ref": "验收记录"},
    ]
    changes = {
        "events": events,
        "acceptance[0].deemed_accepted": "false",
        "clauses": [*base()["clauses"], {"use": "payment.milestone-schedule", "with": {"invoice_required": "false"}}],
    }
    node = build_account(load_project(write_project(tmp_path, changed(base(), changes))), dt.date(2026, 11, 29)).node(
        "P2"
    )
    assert node is not None
    # accepted late on 20 June; the payment period still runs from 27 May, the end of the review period
    assert node.accepted_on == dt.date(2026, 6, 20) and not node.acceptance_deemed
    assert node.acceptance.clock_start == dt.date(2026, 5, 27)
    assert node.due_on == dt.date(2026, 6, 10)
    assert "so the payment period runs from 2026-05-27" in node.acceptance.note


def test_the_application_letter_and_the_progress_report_say_acceptance_was_deemed(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = _fitout(tmp_path, "2026-05-25")
    # the application made on 26 May, after the late record (a pack for an application the ledger records earlier
    # is that application, as it was made: render/pack.py pack_date)
    ledger = folder / "project.yaml"
    applied = "  - {on: 2026-05-12, node: P2, type: applied"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(applied, applied.replace("05-12", "05-26")), "utf-8")
    pack = tmp_path / "pack"
    result = runner.invoke(
        main, ["apply", str(folder), "--node", "P2", "-o", str(pack), "--as-of", "2026-05-26", "--no-pdf"]
    )
    assert result.exit_code == 0, result.output
    letter = docx_text(pack / "application-letter.docx")
    assert "工作成果于2026年5月15日视为验收合格（合同第8条）" in letter
    assert "贵方于2026年5月25日出具的书面验收确认晚于验收期限，不改变验收合格之日" in letter
    assert "不迟于2026年5月29日" in letter
    assert "2026年6月8日" not in letter
    assert "2026年5月15日（视为验收合格）" in docx_text(pack / "progress-summary.docx")

    for lang, deemed, late in (
        ("zh", "于2026年5月15日视为验收合格", "贵方2026年5月25日的书面确认晚于验收期限，不改变验收合格之日"),
        ("en", "deemed accepted on 15 May 2026", "your written acceptance of 25 May 2026 came after it"),
    ):
        out = tmp_path / f"report-{lang}.docx"
        args = ["report", str(folder), "-o", str(out), "--as-of", "2026-05-31", "--since", "2026-05-20"]
        result = runner.invoke(main, [*args, "--lang", lang])
        assert result.exit_code == 0, result.output
        text = docx_text(out)
        assert deemed in text and late in text, lang


def _uat(tmp_path: Path, events: list[str], as_of: str = AS_OF) -> dict:  # type: ignore[type-arg]
    folder = tmp_path / "uat"
    shutil.copytree(SAMPLES / "software-uk", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  - {on: 2026-07-10, node: P3, type: accepted, ref: UAT acceptance certificate UAT-R1-ACC}\n"
    assert old in text
    path.write_text(text.replace(old, "".join(f"  - {e}\n" for e in events)), encoding="utf-8")
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    return next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P3")


def test_uat_acceptance_after_the_uat_period_is_deemed_at_its_end(tmp_path: Path) -> None:
    # notice of readiness 26 June; the 15-day UAT Period ends 11 July; the certificate came on 20 July
    p3 = _uat(
        tmp_path,
        [
            "{on: 2026-06-26, node: P3, type: acceptance_requested, ref: Notice of readiness for UAT}",
            "{on: 2026-07-20, node: P3, type: accepted, ref: UAT acceptance certificate UAT-R1-ACC}",
        ],
    )
    assert p3["accepted_on"] == "2026-07-11" and p3["acceptance_deemed"] is True
    assert p3["due_on"] == "2026-08-10"


def test_a_redelivery_after_rejected_uat_is_retested_within_the_retest_period(tmp_path: Path) -> None:
    # rejected 3 July within the UAT Period; redelivered 6 July: the clause's 5-day retest period ends 11 July
    p3 = _uat(
        tmp_path,
        [
            "{on: 2026-06-26, node: P3, type: acceptance_requested, ref: Notice of readiness for UAT}",
            "{on: 2026-07-03, node: P3, type: rejected, reason: Severity 2 defect in claim upload, ref: UAT report 1}",
            "{on: 2026-07-06, node: P3, type: acceptance_requested, ref: Notice of redelivery}",
        ],
    )
    assert p3["review_ends"] == "2026-07-11"
    assert p3["accepted_on"] == "2026-07-11" and p3["acceptance_deemed"] is True


def test_taking_over_under_the_fidic_sample_follows_the_same_rule(tmp_path: Path) -> None:
    folder = tmp_path / "epc"
    shutil.copytree(SAMPLES / "epc-intl", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    events = (
        "  - {on: 2026-09-01, node: P4, type: acceptance_requested, ref: Notice of completion (Sub-Clause 10.1)}\n"
        "  - {on: 2026-10-20, node: P4, type: accepted, ref: Taking-Over Certificate}\n"
    )
    path.write_text(text.replace("\nescalation:", events + "\nescalation:"), encoding="utf-8")
    account = build_account(load_project(folder), dt.date(2026, 11, 29))
    p4 = account.node("P4")
    assert p4 is not None
    # 28 days from 1 September: the Taking-Over Certificate is deemed issued on 29 September
    assert p4.accepted_on == dt.date(2026, 9, 29) and p4.acceptance_deemed
    assert p4.acceptance.late_record == dt.date(2026, 10, 20)


@pytest.mark.parametrize(
    ("sample", "lang", "sentences"),
    [
        (
            "fitout-cn",
            "zh",
            [
                "发包人在验收期限内书面确认验收合格的，以其书面确认的验收合格之日为验收合格之日。"
                "验收期限届满后发包人才作出的书面确认，不改变视为验收合格之日。",
                "自该验收期限届满之日起算，此后作出的书面确认不改变该起算日。",
            ],
        ),
        (
            "software-uk",
            "en",
            [
                "where the Client confirms acceptance in writing within that period, the date of acceptance it "
                "confirms is the date of acceptance. A written confirmation that the Client gives only after that "
                "period has expired does not change the date of deemed acceptance.",
                "it runs from the expiry of that review period, and a written confirmation given afterwards does not "
                "change that date.",
            ],
        ),
        (
            "epc-intl",
            "bilingual",
            [
                "where the Employer confirms acceptance in writing within the Review Period, the date of acceptance it "
                "confirms is the date of acceptance.",
                "验收期限届满后发包人才作出的书面确认，不改变视为验收合格之日。",
            ],
        ),
    ],
)
def test_the_drafted_acceptance_and_payment_clauses_state_the_rule(
    runner: CliRunner, tmp_path: Path, sample: str, lang: str, sentences: list[str]
) -> None:
    out = tmp_path / "contract.docx"
    result = runner.invoke(main, ["draft", str(SAMPLES / sample), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    for sentence in sentences:
        assert sentence in text, sentence
    assert "where the Client confirms acceptance in writing, the date" not in text
