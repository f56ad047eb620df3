"""A calendar the project cannot use is found by ``validate`` (FIL003), located where it is written, in the same
words the commands that count days would refuse it in: the calendar file's line for its own errors, the project
file's ``calendar.file`` or ``calendar.country`` line otherwise."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.errors import ContractkitError
from contractkit.model.project import load_project
from tests.conftest import SAMPLES

AS_OF = "2026-11-29"


def _project(tmp_path: Path, calendar: str, calendar_file: str | None = None, sample: str = "fitout-cn") -> Path:
    """A sample project whose last line is ``calendar: ...``, with ``cal.yaml`` holding ``calendar_file``."""
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / sample, folder)
    with (folder / "project.yaml").open("a", encoding="utf-8") as f:
        f.write(f"\ncalendar: {calendar}\n")
    if calendar_file is not None:
        (folder / "cal.yaml").write_text(calendar_file, encoding="utf-8")
    return folder


def _calendar_line(folder: Path) -> str:
    """``…/project.yaml:N`` of the ``calendar:`` line."""
    lines = (folder / "project.yaml").read_text(encoding="utf-8").splitlines()
    return f"{folder / 'project.yaml'}:{len(lines)}"


def _validate(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    return result.exit_code, result.output.splitlines()


def _status(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", AS_OF])
    return result.exit_code, result.output.splitlines()


def _account_refusal(folder: Path) -> list[str]:
    """What the commands that count days (status, demand, export) say when they reach the calendar."""
    with pytest.raises(ContractkitError) as raised:
        build_account(load_project(folder), dt.date.fromisoformat(AS_OF))
    return raised.value.lines()


def test_a_misspelt_key_in_the_calendar_file_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: cal.yaml}", "holiday: [2026-10-01]\n")
    said = "holiday: unknown key 'holiday'; did you mean 'holidays'? (a misspelt key would silently drop a term)"
    code, lines = _validate(folder)
    assert code == 1
    assert lines[0] == f"{folder / 'cal.yaml'}:1: FIL003 error calendar.file: {said}"
    code, lines = _status(folder)
    assert code == 2  # unusable input: the calendar cannot be read
    assert lines[0] == f"{folder / 'cal.yaml'}:1: FIL003 error calendar.file: {said}"
    assert lines[-1] == f"{folder / 'project.yaml'}: fix the errors first; status needs a valid project"
    assert _account_refusal(folder) == [f"{folder / 'cal.yaml'}:1: {said}"]


def test_every_error_of_the_calendar_file_is_worded_as_the_project_file_s(tmp_path: Path) -> None:
    folder = _project(
        tmp_path, "{file: cal.yaml}", "through: 2026-12-31\nholidays: [2026-02-30]\nworkdays: 2026-10-10\n"
    )
    code, lines = _validate(folder)
    assert code == 1
    cal = folder / "cal.yaml"
    assert lines[:2] == [
        f"{cal}:2: FIL003 error calendar.file: holidays[0]: '2026-02-30' is not a date in the calendar",
        f"{cal}:3: FIL003 error calendar.file: workdays: must be a list (lines starting with '- ', or [a, b])",
    ]
    assert _account_refusal(folder) == [
        f"{cal}:2: holidays[0]: '2026-02-30' is not a date in the calendar",
        f"{cal}:3: workdays: must be a list (lines starting with '- ', or [a, b])",
    ]


def test_a_missing_calendar_file_is_reported_at_the_line_that_names_it(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: cal.yaml}")
    at = _calendar_line(folder)
    code, lines = _validate(folder)
    assert code == 1
    assert lines[0] == f"{at}: FIL003 error calendar.file: 'cal.yaml': no such file"
    code, lines = _status(folder)
    assert code == 2 and lines[0] == f"{at}: FIL003 error calendar.file: 'cal.yaml': no such file"
    assert _account_refusal(folder) == [f"{at}: calendar.file: 'cal.yaml': no such file"]


def test_the_project_file_named_as_its_own_calendar_is_reported_once(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: project.yaml}")
    at = _calendar_line(folder)
    said = "'project.yaml' is the project file itself; name a file that lists holidays:, workdays: and through:"
    code, lines = _validate(folder)
    assert code == 1
    assert lines == [f"{at}: FIL003 error calendar.file: {said}", f"{folder / 'project.yaml'}: 1 error"]
    code, lines = _status(folder)
    assert code == 2 and lines[0] == f"{at}: FIL003 error calendar.file: {said}"
    assert _account_refusal(folder) == [f"{at}: calendar.file: {said}"]


def test_an_unknown_country_is_reported_at_calendar_country(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{country: XX}", sample="software-uk")
    at = _calendar_line(folder)
    said = (
        "'XX' is not a country (and subdivision) whose public holidays contractkit knows; use an ISO 3166 code "
        "such as PH or GB-SCT, or list the holidays under calendar: {holidays: [...]}"
    )
    code, lines = _validate(folder)
    assert code == 1
    assert f"{at}: FIL003 error calendar.country: {said}" in lines
    code, lines = _status(folder)
    assert code == 2 and f"{at}: FIL003 error calendar.country: {said}" in lines
    assert _account_refusal(folder) == [f"{at}: calendar.country: {said}"]


def test_problems_in_both_files_are_all_reported(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: cal.yaml, country: ZZ}", "file: other.yaml\ncountry: QQ\n")
    at, cal = _calendar_line(folder), folder / "cal.yaml"
    code, lines = _validate(folder)
    assert code == 1
    found = [line for line in lines if "FIL003" in line]
    assert [line.split(": FIL003 error ")[0] for line in found] == [f"{cal}:1", f"{cal}:2", at]
    assert "calendar.file: file: a calendar file cannot name another file" in found[0]
    assert "calendar.file: country: 'QQ' is not a country" in found[1]
    assert "calendar.country: 'ZZ' is not a country" in found[2]
    assert len(_account_refusal(folder)) == 3


def test_a_calendar_file_that_is_not_a_mapping_is_refused_at_its_first_line(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: cal.yaml}", "- 2026-10-01\n")
    code, lines = _validate(folder)
    assert code == 1
    assert lines[0] == (
        f"{folder / 'cal.yaml'}:1: FIL003 error calendar.file: a calendar file is a mapping "
        "(holidays:, workdays:, through:, country:)"
    )


def test_a_folder_named_as_the_calendar_file_is_fil002_s_alone(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: evidence}")
    code, lines = _validate(folder)
    assert code == 1
    assert lines[0] == f"{_calendar_line(folder)}: FIL002 error calendar.file: 'evidence': this is a folder, not a file"
    assert not any("FIL003" in line for line in lines)


def test_a_sound_calendar_file_and_country_are_used(tmp_path: Path) -> None:
    folder = _project(tmp_path, "{file: cal.yaml}", "holidays: [2026-10-01]\ncountry: GB-SCT\n", sample="software-uk")
    code, lines = _validate(folder)
    assert code == 0, lines
    assert not any("FIL003" in line for line in lines)
    assert build_account(load_project(folder), dt.date.fromisoformat(AS_OF)).calendar.country == "GB-SCT"


def test_a_portfolio_row_names_the_calendar_file_its_line_is_in(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    shutil.copytree(SAMPLES / "fitout-cn", folder / "a")
    shutil.copytree(SAMPLES / "fitout-cn", folder / "b")
    (folder / "b" / "cal.yaml").write_text("holiday: [2026-10-01]\n", encoding="utf-8")
    with (folder / "b" / "project.yaml").open("a", encoding="utf-8") as f:
        f.write("calendar: {file: cal.yaml}\n")
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", AS_OF, "--json"])
    problems = " ".join(str(p) for p in json.loads(result.stdout)["problems"])
    assert "FIL003 cal.yaml line 1: calendar.file:" in problems, problems
