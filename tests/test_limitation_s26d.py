"""PRC limitation ends on the first working day after a statutory holiday its last day falls on (Civil Code art. 203),
where the calendar covers that day; beyond the data the date is not guessed; English limitation is left as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import base, changed, write_project

#: P2 accepted 1 September 2023 (due 15 September); a part payment on 1 October 2023 restarts limitation, whose
#: three years end on 1 October 2026, National Day: the period ends on 8 October, the first working day after it.
RESTARTED_ON_NATIONAL_DAY = {
    "contract.signed_on": "2023-02-20",
    "project.start": "2023-03-01",
    "project.finish": "2023-09-30",
    "events": [
        {"on": "2023-09-01", "node": "P2", "type": "accepted"},
        {"on": "2023-10-01", "node": "P2", "type": "paid", "amount": "100,000.00", "ref": "回单"},
    ],
}


def test_a_prc_limitation_period_ending_on_a_holiday_ends_on_the_next_working_day(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "p"
    write_project(folder, changed(base(), RESTARTED_ON_NATIONAL_DAY))
    node = build_account(load_project(folder), dt.date(2026, 9, 1)).node("P2")
    assert node is not None and node.limitation_on == dt.date(2026, 10, 8)
    assert "cn.civil-code.203" in node.limitation.citations
    result = runner.invoke(main, ["status", str(folder), "--as-of", "2026-09-01", "--explain"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (
        "limitation: 2026-10-08: 3 years from the part payment on 2023-10-01, which restarted limitation; 2026-10-01 "
        "is a rest day, so the period ends on 2026-10-08, the first working day after it" in text
    )
    # the progress report's point for attention gives the same date
    out = tmp_path / "report.docx"
    result = runner.invoke(main, ["report", str(folder), "-o", str(out), "--as-of", "2026-09-01"])
    assert result.exit_code == 0, result.output
    report = docx_text(out)
    assert "诉讼时效期间将于2026年10月8日届满" in report and "2026年10月1日届满" not in report


def test_a_limitation_end_on_a_working_day_does_not_move(tmp_path: Path) -> None:
    # before the email reminder of 1 July 2026, which restarts limitation again: from the part payment of 20 June
    node = build_account(load_project(SAMPLES / "fitout-cn"), dt.date(2026, 6, 30)).node("P2")
    assert node is not None and node.limitation_on == dt.date(2029, 6, 20)  # a Wednesday
    assert "rest day" not in node.limitation_note


def test_a_weekend_end_beyond_the_holiday_data_is_not_guessed(tmp_path: Path) -> None:
    # a part payment on 24 June 2026 restarts limitation, which ends on Sunday 24 June 2029: beyond the published
    # holiday data the date stays (the earliest it can be) and the note says it may still move
    events = [
        {"on": "2026-05-12", "node": "P2", "type": "applied", "amount": "600,000.00"},
        {"on": "2026-05-15", "node": "P2", "type": "accepted"},
        {"on": "2026-06-24", "node": "P2", "type": "paid", "amount": "200,000.00", "ref": "回单"},
    ]
    node = build_account(
        load_project(write_project(tmp_path, changed(base(), {"events": events}))), dt.date(2026, 11, 29)
    ).node("P2")
    assert node is not None and node.limitation_on == dt.date(2029, 6, 24)
    assert "2029-06-24 is a Sunday beyond the published holiday data" in node.limitation_note


def test_english_limitation_is_not_rolled(tmp_path: Path) -> None:
    # software-uk P3: part payment on 18 September 2026; six years on is Saturday 18 September 2032, left as it is
    node = build_account(load_project(SAMPLES / "software-uk"), dt.date(2026, 11, 29)).node("P3")
    assert node is not None and node.limitation_on == dt.date(2032, 9, 18)
    assert node.limitation_on.weekday() == 5
    assert "rest day" not in node.limitation_note


def test_a_promise_to_pay_restarts_prc_limitation_as_an_agreement_to_perform(tmp_path: Path) -> None:
    """SPC limitation rules art. 14: a payment plan counts as the debtor agreeing to perform (art. 195)."""
    import json

    from click.testing import CliRunner

    from contractkit.cli import main
    from tests.projects import copy_sample

    last = "ref: 发送至 wang.jianguo@pujiang-property.example}\n"
    promised = '  - {on: 2026-10-20, node: P2, type: promised, amount: "520,000.00", by: "2026-11-15"}\n'
    folder = copy_sample("fitout-cn", tmp_path / "fitout", (last, last + promised))
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", "2026-11-29", "--json"])
    assert result.exit_code == 0, result.output
    p2 = next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P2")
    assert p2["limitation_on"] == "2029-10-20"
    assert "promise to pay on 2026-10-20" in p2["limitation_note"]
