"""An objection to an application holds money back only where it reaches the contractor within the period for
objections (Civil Code art. 137: a declaration not made face to face takes effect on arrival), and the reply to it
names that period's own last day, not the review period's."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample

# P2 of the fit-out: accepted 15 May 2026 (the application of 12 May is reviewed from then); the undisputed-amount
# clause gives 7 days for an objection, to 22 May; the inspection clause reviews for 7 days too.
UNDISPUTED = ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n")
LEDGER_AT = "  - {on: 2026-05-20, node: P2, type: invoiced,"


def _project(tmp_path: Path, dispute: str, *edits: tuple[str, str]) -> Path:
    return copy_sample("fitout-cn", tmp_path / "fitout", UNDISPUTED, (LEDGER_AT, dispute + "\n" + LEDGER_AT), *edits)


def _p2(folder: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", "2026-11-29", "--json"])
    assert result.exit_code == 0, result.output
    return next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P2")


def _reply(folder: Path, out: Path, lang: str) -> str:
    args = ["demand", str(folder), "--node", "P2", "--as-of", "2026-11-29", "--stage", "dispute-reply"]
    result = CliRunner().invoke(main, [*args, "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return " ".join(docx_text(out).split())


def test_an_objection_sent_in_time_and_delivered_late_holds_nothing_back(tmp_path: Path) -> None:
    folder = _project(
        tmp_path,
        '  - {on: 2026-05-22, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶平整度不合格, '
        "delivered_on: 2026-05-25}",
    )
    p2 = _p2(folder)
    assert p2["claim"]["held"] == "0" or p2["claim"]["held"] == "0.00"
    assert "(delivered 2026-05-25) came after the period for objections" in p2["claim"]["basis"]
    zh = _reply(folder, tmp_path / "zh.docx", "zh")
    assert "贵方对付款申请的异议最迟应当于2026年5月22日送达我方，贵方的异议于2026年5月25日方送达我方，晚于该期限" in zh
    en = _reply(folder, tmp_path / "en.docx", "en")
    assert "was to be made by 22 May 2026, and yours came later: it reached us on 25 May 2026" in en


def test_an_objection_delivered_in_time_holds_its_part(tmp_path: Path) -> None:
    folder = _project(
        tmp_path,
        '  - {on: 2026-05-21, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶平整度不合格, '
        "delivered_on: 2026-05-22}",
    )
    assert _p2(folder)["claim"]["held"] == "100000.00"


def test_an_objection_with_no_delivery_recorded_counts_from_the_day_sent(tmp_path: Path) -> None:
    """Where the ledger does not say when it arrived, the debtor has the benefit of the doubt: nothing overclaims."""
    folder = _project(
        tmp_path,
        '  - {on: 2026-05-22, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶平整度不合格}',
    )
    assert _p2(folder)["claim"]["held"] == "100000.00"


def test_the_reply_names_the_period_for_objections_not_the_review_period(tmp_path: Path) -> None:
    """With 5 days for objections and 7 for the review, an objection on the 6th day is late: the reply says the
    objections had to arrive by the 5th day, not by the review's last day (which would make it look in time)."""
    folder = _project(
        tmp_path,
        '  - {on: 2026-05-21, node: P2, type: disputed, amount: "100,000.00", reason: 吊顶平整度不合格}',
        ("  - use: payment.undisputed-amount\n", "  - use: payment.undisputed-amount\n    with: {notice_days: 5}\n"),
    )
    assert _p2(folder)["claim"]["held"] in ("0", "0.00")
    zh = _reply(folder, tmp_path / "zh.docx", "zh")
    assert "最迟应当于2026年5月20日送达我方" in zh and "晚于该期限提出" in zh
    en = _reply(folder, tmp_path / "en.docx", "en")
    assert "was to be made by 20 May 2026, and yours came later." in en
