"""Dates beyond China's published holiday data: refused with the fix, or taken from the project's calendar:,
never guessed — in the account, status, letters, packs and reports.

The years follow the installed ``chinesecalendar``: the first year it does not cover is the gap, so these tests
keep testing the gap when a newer package adds a year.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from chinese_calendar import constants
from click.testing import CliRunner

from contractkit.account.account import NodeState, build_account, letter_period
from contractkit.account.dates import Waiting
from contractkit.cli import main
from contractkit.law.calendars import CalendarGap
from contractkit.model.formatting import date as format_date
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import base, changed, write_project

#: The last year the installed package covers; the next one is the gap.
LAST = max(day.year for day in constants.holidays)
GAP_YEAR = LAST + 1


def _fitout(tmp_path: Path, calendar: str = "") -> Path:
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    if calendar:
        with (folder / "project.yaml").open("a", encoding="utf-8") as f:
            f.write(f"\ncalendar: {calendar}\n")
    return folder


def _demand(runner: CliRunner, folder: Path, out: Path, stage: str, as_of: dt.date):  # type: ignore[no-untyped-def]
    args = ["demand", str(folder), "--node", "P2", "--stage", stage, "--as-of", str(as_of), "--lang", "zh"]
    return runner.invoke(main, [*args, "-o", str(out)])


def _refused_naming(result, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert f"project.yaml: no official Chinese holiday data for {day}" in result.output  # located at the file
    assert "calendar:" in result.output and f"through: {day.year}-12-31" in result.output  # the fix, with an example


@pytest.mark.parametrize(
    ("stage", "as_of", "last_day"),
    [
        # 30 days to return the acknowledgment, from delivery 3 days after 29 Nov: 1 January, a statutory holiday
        ("acknowledgment", dt.date(LAST, 11, 29), dt.date(GAP_YEAR, 1, 1)),
        # 10 days to pay, from delivery 3 days after 20 Dec: 2 January
        ("notice", dt.date(LAST, 12, 20), dt.date(GAP_YEAR, 1, 2)),
    ],
)
def test_a_letter_deadline_beyond_the_holiday_data_is_refused_not_guessed(
    runner: CliRunner, tmp_path: Path, stage: str, as_of: dt.date, last_day: dt.date
) -> None:
    folder = _fitout(tmp_path)
    out = tmp_path / "letter.docx"
    result = _demand(runner, folder, out, stage, as_of)
    _refused_naming(result, last_day)
    assert not out.exists()


def test_a_letter_deadline_comes_from_the_projects_calendar(runner: CliRunner, tmp_path: Path) -> None:
    # the project supplies the next year: 1 January a holiday, so the deadline moves to the next working day
    folder = _fitout(tmp_path, f"{{holidays: [{GAP_YEAR}-01-01], through: {GAP_YEAR}-12-31}}")
    out = tmp_path / "ack.docx"
    result = _demand(runner, folder, out, "acknowledgment", dt.date(LAST, 11, 29))
    assert result.exit_code == 0, result.output
    day = dt.date(GAP_YEAR, 1, 2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    text = docx_text(out)
    assert f"于{format_date(day, 'zh')}（含当日）前" in text
    assert f"{format_date(dt.date(GAP_YEAR, 1, 1), 'zh')}（含当日）" not in text


def test_letter_period_refuses_a_day_beyond_the_data() -> None:
    account = build_account(load_project(SAMPLES / "fitout-cn"), dt.date(LAST, 11, 29))
    with pytest.raises(CalendarGap, match=f"{GAP_YEAR}-01-01"):
        letter_period(account, dt.date(LAST, 11, 29), 30)


def _gap_project(tmp_path: Path, *, calendar: dict[str, object] | None = None) -> Path:
    """The base project with P3 applied for on 30 December of the last covered year, due 5 working days later:
    the count runs into the year no data covers."""
    changes: dict[str, object] = {
        "payment_schedule[2].due": {"after": "application", "days": "5", "working_days": "true"},
        "events": [*base()["events"], {"on": f"{LAST}-12-30", "node": "P3", "type": "applied", "amount": "291,000.00"}],
    }
    if calendar is not None:
        changes["calendar"] = calendar
    return write_project(tmp_path / "gap", changed(base(), changes)).parent


def test_a_future_due_date_beyond_the_data_is_unknown_not_guessed(tmp_path: Path) -> None:
    account = build_account(load_project(_gap_project(tmp_path)), dt.date(LAST, 12, 31))
    p3 = account.node("P3")
    assert p3 is not None
    assert p3.due_on is None and p3.state is NodeState.WAITING
    assert p3.due.waiting is Waiting.CALENDAR and p3.due.gap
    assert f"no official Chinese holiday data for {GAP_YEAR}-01-01" in p3.due_note
    assert any(f"{GAP_YEAR}-01-01" in w and "calendar:" in w for w in account.warnings)
    assert account.calendar_gaps


def test_status_shows_the_gap(runner: CliRunner, tmp_path: Path) -> None:
    folder = _gap_project(tmp_path)
    result = runner.invoke(main, ["status", str(folder), "--as-of", f"{LAST}-12-31"])
    assert result.exit_code == 0, result.output
    assert "holiday data missing" in result.output
    assert f"{GAP_YEAR}-01-01" in result.output
    data = json.loads(runner.invoke(main, ["status", str(folder), "--as-of", f"{LAST}-12-31", "--json"]).output)
    p3 = next(n for n in data["nodes"] if n["node"] == "P3")
    assert p3["due_on"] is None and p3["waiting_for"] == "calendar"
    assert f"{GAP_YEAR}-01-01" in p3["calendar_gap"] and data["calendar_gaps"]


def test_the_projects_calendar_gives_the_due_date(tmp_path: Path) -> None:
    calendar = {"holidays": [f"{GAP_YEAR}-01-01"], "through": f"{GAP_YEAR}-12-31"}
    account = build_account(load_project(_gap_project(tmp_path, calendar=calendar)), dt.date(LAST, 12, 31))
    p3 = account.node("P3")
    assert p3 is not None and p3.due_on is not None and not p3.due.gap
    assert p3.due_on.year == GAP_YEAR and p3.due_on != dt.date(GAP_YEAR, 1, 1)
    assert not account.calendar_gaps


def test_a_pack_whose_due_date_is_beyond_the_data_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = _gap_project(tmp_path)
    out = tmp_path / "pack"
    args = ["apply", str(folder), "--node", "P3", "-o", str(out), "--as-of", f"{LAST}-12-30", "--allow-missing"]
    result = runner.invoke(main, [*args, "--no-pdf"])
    _refused_naming(result, dt.date(GAP_YEAR, 1, 1))
    assert not out.exists() or not any(out.iterdir())


def test_a_report_with_a_date_beyond_the_data_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = _gap_project(tmp_path)
    out = tmp_path / "report.docx"
    result = runner.invoke(main, ["report", str(folder), "-o", str(out), "--as-of", f"{LAST}-12-31"])
    _refused_naming(result, dt.date(GAP_YEAR, 1, 1))
    assert not out.exists()
