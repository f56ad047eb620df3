"""Where the account's time computation comes from: the drafted contract states it, so ``status --explain`` cites
the contract (its general.time-computation clause, or else the definition of "Day" every draft carries), and the
account counts periods exactly as that text says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.account.dates import Clock
from contractkit.account.explain import terms_lines
from contractkit.account.terms import DAY_DEFINITION, contract_terms
from contractkit.cli import main
from contractkit.law.calendars import project_calendar
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import base, changed, write_project

AS_OF = dt.date(2026, 11, 29)
#: The number of the definition of "Day", as the source names it: "1.5".
DAY_NUMBER = DAY_DEFINITION.split()[1]


def _periods_source(project_dir: Path) -> str:
    account = build_account(load_project(project_dir), AS_OF)
    [source] = [source for name, _, source in terms_lines(account) if name == "periods"]
    return source


def _draft(runner: CliRunner, project: Path, out: Path, lang: str) -> str:
    result = runner.invoke(main, ["draft", str(project), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    return docx_text(out)


def _sub_clause(text: str, number: str) -> list[str]:
    return [line.removeprefix(number) for line in text.splitlines() if line.startswith(number)]


def test_explain_cites_the_contract_definition_of_day_not_the_silence_of_the_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-11-29", "--explain"])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.strip().startswith("periods:")]
    assert "[Sub-clause 1.5 (definition of “Day”), in line with PRC law: cn.civil-code.203]" in line
    assert "the contract is silent" not in line


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_the_sub_clause_cited_states_the_rolling_rule_the_account_applies(
    runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    project = SAMPLES / "fitout-cn"
    terms = contract_terms(load_project(project).project)
    assert terms.rest_day_roll and terms.sources["rest_days"].startswith(DAY_DEFINITION)
    day = _sub_clause(_draft(runner, project, tmp_path / "c.docx", lang), DAY_NUMBER)
    assert len(day) == (2 if lang == "bilingual" else 1)
    for text in day:
        if text.startswith("“日”"):
            assert "开始的当日不计入，自下一日开始计算" in text
            # a weekday off under the holiday arrangements (Mon 5 October 2026) is a rest day, as the account counts it
            assert (
                "期间的最后一日是星期六、星期日、法定节假日或者按国家放假调休安排放假的日子（国家调休安排为工作日的除外）的"
                in text
            )
            assert "以其后的第一个工作日为期间的最后一日" in text
        else:
            assert text.startswith("“Day” means a calendar day")
            assert "starts on the day after the event that starts it" in text
            assert "public holiday or other day off under the official holiday arrangements" in text
            assert (
                "(other than a day officially designated a working day), the period ends on the next working day"
                in text
            )


def test_without_a_roll_the_definition_states_the_first_day_rule_and_the_law_fills_its_silence(
    runner: CliRunner, tmp_path: Path
) -> None:
    project = SAMPLES / "software-uk"
    terms = contract_terms(load_project(project).project)
    assert not terms.rest_day_roll
    assert _periods_source(project) == (
        f"{DAY_DEFINITION}; rest days: the law of England and Wales (the contract is silent)"
    )
    [text] = _sub_clause(_draft(runner, project, tmp_path / "c.docx", "en"), DAY_NUMBER)
    assert "starts on the day after the event that starts it" in text
    assert "working day" not in text


def test_a_time_computation_clause_is_the_source_and_the_definition_points_to_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    clauses = [*base()["clauses"], {"use": "general.time-computation"}]
    folder = tmp_path / "project"
    write_project(folder, changed(base(), {"clauses": clauses}))
    assert _periods_source(folder) == "Clause 9 (general.time-computation)"
    [text] = _sub_clause(_draft(runner, folder, tmp_path / "c.docx", "zh"), DAY_NUMBER)
    assert text.endswith("，具体按第9条计算。")


def test_a_rolled_due_date_names_the_definition_of_day(tmp_path: Path) -> None:
    # accepted 17 September 2026; 14 days later is 1 October, National Day: the period ends on 8 October
    events = [{"on": "2026-09-17", "node": "P2", "type": "accepted"}]
    path = write_project(tmp_path, changed(base(), {"events": events}))
    node = build_account(load_project(path), AS_OF).node("P2")
    assert node is not None and node.due_on == dt.date(2026, 10, 8)
    assert f"moves to the next working day ({DAY_DEFINITION}, in line with PRC law" in node.due_note


@pytest.mark.parametrize(
    ("start", "days", "last"),
    [
        # the day that starts the period is not counted
        (dt.date(2026, 9, 1), 2, dt.date(2026, 9, 3)),
        # a last day on a Saturday moves to Monday
        (dt.date(2026, 9, 1), 4, dt.date(2026, 9, 7)),
        # a last day in the National Day holiday moves to the first working day after it
        (dt.date(2026, 9, 17), 14, dt.date(2026, 10, 8)),
        # a Sunday the State makes a working day (调休) is a working day: no roll
        (dt.date(2026, 9, 10), 10, dt.date(2026, 9, 20)),
        # so is the Saturday after the holiday
        (dt.date(2026, 9, 30), 10, dt.date(2026, 10, 10)),
    ],
)
def test_the_account_counts_periods_as_the_definition_of_day_says(
    tmp_path: Path, start: dt.date, days: int, last: dt.date
) -> None:
    loaded = load_project(write_project(tmp_path, base()))
    clock = Clock(contract_terms(loaded.project), project_calendar(loaded.project), AS_OF)
    assert clock.strict_end(start, days)[0] == last


def test_without_a_roll_a_last_day_stays_on_a_saturday(tmp_path: Path) -> None:
    loaded = load_project(SAMPLES / "software-uk")
    clock = Clock(contract_terms(loaded.project), project_calendar(loaded.project), AS_OF)
    assert clock.strict_end(dt.date(2026, 9, 1), 4)[0] == dt.date(2026, 9, 5)


def test_a_fixed_payment_date_on_a_rest_day_rolls_as_the_definition_says(runner: CliRunner, tmp_path: Path) -> None:
    """The account moves a payment date fixed in the schedule off a rest day; the definition of "Day" says so."""
    import chinese_calendar

    folder = tmp_path / "p"
    write_project(folder, changed(base(), {"payment_schedule.2.due": {"on": "2026-10-03"}}))  # National Day
    p3 = build_account(load_project(folder), dt.date(2026, 11, 29)).node("P3")
    assert p3 is not None and p3.due.rolled_from == dt.date(2026, 10, 3)
    day = dt.date(2026, 10, 4)
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    assert p3.due_on == day
    text = _draft(runner, folder, tmp_path / "c.docx", "bilingual")
    assert "付款计划表约定的付款日期是上述日子的，亦顺延至其后的第一个工作日" in text
    assert "a payment date fixed in the payment schedule that falls on such a day likewise moves" in text
