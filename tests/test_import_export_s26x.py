"""Excel in and out as the project file's other writers: `export` never replaces what the project reads (its
project file, evidence or calendar); `import boq` and `import valuation` take the lock and the journal that
`demand --record` takes (a concurrent event is kept, an interrupted record is finished first, the file's mode,
links and inode are kept), refuse a workbook that is a pipe at once, and never write a project file with a
validation error it did not have; `export` lays out only a valuation that has ended, as its help says."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.model.project import load_project
from contractkit.render.journal import commit, locked_for_update
from contractkit.render.ledger import append_events
from contractkit.render.output import Staged
from tests.conftest import SAMPLES
from tests.hostile.harness import attempt, leftovers
from tests.hostile.test_record import _fork, _invoke, _run_killed_at

AS_OF = "2026-11-29"
INPUT = "this is an input of the command; an output never replaces an input"


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """A copy of the measured sample (V01-V05, V05 overdue on AS_OF), with its evidence."""
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    return folder


@pytest.fixture
def v06(warehouse: Path, tmp_path: Path) -> Path:
    """The sample's own export with one quantity to date raised: the next month, as a PM would make it."""
    out = tmp_path / "v05.xlsx"
    result = CliRunner().invoke(main, ["export", str(warehouse), "-o", str(out), "--as-of", "2026-08-20"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book["计量明细 V05"]
    for row in range(6, sheet.max_row + 1):
        done, billed = sheet[f"I{row}"].value, sheet[f"E{row}"].value
        if isinstance(done, int | float) and isinstance(billed, int | float) and done < billed:
            sheet[f"I{row}"] = done + 1
            break
    book.save(tmp_path / "v06.xlsx")
    return tmp_path / "v06.xlsx"


def import_v06(project: Path, workbook: Path, *extra: str) -> list[str]:
    args = ["import", "valuation", str(workbook), "--project", str(project)]
    return [*args, "--id", "V06", "--to", "2026-08-25", *extra]


def record(project: Path, out: Path) -> list[str]:
    return [
        "demand", str(project), "--node", "V05", "-o", str(out), "--as-of", AS_OF,
        "--record", "--sent-by", "sf-express", "--tracking", "SF 1234",
    ]  # fmt: skip


def _notices(project: Path) -> int:
    """The notices recorded beyond the sample's own two."""
    return sum(1 for e in load_project(project).project.events if str(e.type) == "notice") - SAMPLE_NOTICES


SAMPLE_NOTICES = 2


def _valuations(project: Path) -> list[str]:
    return [v.id for v in load_project(project).project.valuations]


# -- 1. export never replaces an input ------------------------------------------------------------------------


def _evidence_workbook(project: Path) -> Path:
    """V05's quantities kept as Excel: the evidence entry names evidence/q.xlsx."""
    book = openpyxl.Workbook()
    book.active["A1"] = "工程量计算书"
    book.save(project / "evidence" / "q.xlsx")
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert "file: evidence/v05-quantities.pdf" in text
    path.write_text(text.replace("file: evidence/v05-quantities.pdf", "file: evidence/q.xlsx"), encoding="utf-8")
    return project / "evidence" / "q.xlsx"


def _calendar_workbook(project: Path) -> Path:
    """A calendar file whose name ends in .xlsx (its content is the calendar's YAML)."""
    (project / "cal.xlsx").write_text("holidays: [2026-10-01]\n", encoding="utf-8")
    with open(project / "project.yaml", "a", encoding="utf-8") as handle:
        handle.write("calendar: {file: cal.xlsx}\n")
    return project / "cal.xlsx"


def _project_workbook(project: Path) -> Path:
    """The project file itself, named proj.xlsx."""
    (project / "project.yaml").rename(project / "proj.xlsx")
    return project / "proj.xlsx"


TARGETS: dict[str, Callable[[Path], Path]] = {
    "an evidence file": _evidence_workbook,
    "the calendar file": _calendar_workbook,
    "the project file": _project_workbook,
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_export_never_replaces_an_input(warehouse: Path, target: str) -> None:
    victim = TARGETS[target](warehouse)
    project = warehouse / "proj.xlsx" if target == "the project file" else warehouse
    before = victim.read_bytes()
    args = ["export", str(project), "-o", str(victim), "--force", "--as-of", AS_OF]
    outcome = attempt(args, project=warehouse, exits=[2])
    assert f"{victim}: {INPUT}" in outcome.output
    assert victim.read_bytes() == before


def test_a_portfolio_export_never_replaces_an_input_of_any_project(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    for name in ("a", "b"):
        shutil.copytree(SAMPLES / "warehouse-cn", folder / name)
    victim = _calendar_workbook(folder / "b")
    before = victim.read_bytes()
    outcome = attempt(
        ["export", str(folder), "-o", str(victim), "--force", "--as-of", AS_OF], project=folder, exits=[2]
    )
    assert f"{victim}: {INPUT}" in outcome.output and victim.read_bytes() == before
    # anywhere else, the portfolio's aging is written
    attempt(["export", str(folder), "-o", str(tmp_path / "aging.xlsx"), "--as-of", AS_OF], exits=[0])


# -- 5. export lays out the latest valuation ended by the date, as its help says ----------------------------------


def test_export_lays_out_no_valuation_before_the_first_has_ended(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "w.xlsx"
    args = ["export", str(SAMPLES / "warehouse-cn"), "-o", str(out), "--as-of", "2026-03-01"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "no valuation has ended by 2026-03-01 (the first, V01, ends on 2026-03-25)" in result.output
    assert openpyxl.load_workbook(out).sheetnames == ["工程量清单", "对账单", "账龄"]
    # on the day V01 ends it is laid out; asked for by name, it is laid out before
    result = runner.invoke(main, [*args[:-1], "2026-03-25", "--force"])
    assert result.exit_code == 0 and "no valuation has ended" not in result.output, result.output
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["计量汇总 V01", "计量明细 V01"]
    result = runner.invoke(main, [*args, "--force", "--valuation", "V01"])
    assert result.exit_code == 0 and "no valuation has ended" not in result.output, result.output
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["计量汇总 V01", "计量明细 V01"]


# -- 3. a workbook that is a pipe ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["boq", "valuation"])
def test_a_pipe_given_as_the_workbook_is_refused_at_once(warehouse: Path, kind: str) -> None:
    pipe = warehouse / "q.xlsx"
    os.mkfifo(pipe)
    args = ["import", kind, str(pipe), "--project", str(warehouse)]
    if kind == "valuation":
        args += ["--id", "V06", "--to", "2026-08-25"]
    before = (warehouse / "project.yaml").read_bytes()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "contractkit", *args], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"import {kind} waited on a pipe")
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip() == f"{pipe}: this is not a regular file (a device, a pipe or a socket)"
    assert (warehouse / "project.yaml").read_bytes() == before


# -- 4. an import never writes a project with a validation error it did not have ----------------------------------


def test_an_overlapping_from_is_refused_naming_the_option(warehouse: Path, v06: Path) -> None:
    outcome = attempt(import_v06(warehouse, v06, "--from", "2026-07-01"), project=warehouse, exits=[2])
    assert outcome.output.startswith(
        "contractkit: --from 2026-07-01: the period would overlap valuation V05 (2026-06-26 to 2026-07-25)"
    ), outcome.output
    assert "start it on 2026-07-26" in outcome.output
    assert _valuations(warehouse)[-1] == "V05"
    # the day after V05 ends is the default, and is accepted when given
    attempt(import_v06(warehouse, v06, "--from", "2026-07-26"), exits=[0])
    assert CliRunner().invoke(main, ["validate", str(warehouse)]).exit_code == 0


def test_an_import_that_would_add_validation_errors_is_refused_with_them(warehouse: Path, tmp_path: Path) -> None:
    """A bill whose quantity changed no longer adds up to the price (BOQ001), and the certificates no longer match
    their nodes: refused with the findings, located in the file as it would be written, and nothing written."""
    out = tmp_path / "m.xlsx"
    assert CliRunner().invoke(main, ["export", str(warehouse), "-o", str(out), "--as-of", AS_OF]).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book["工程量清单"]
    assert sheet["A5"].value == "010101001001"
    sheet["E5"] = sheet["E5"].value + 10
    book.save(out)
    outcome = attempt(["import", "boq", str(out), "--project", str(warehouse)], project=warehouse, exits=[1])
    path = warehouse / "project.yaml"
    bill_line = path.read_text(encoding="utf-8")[: path.read_text(encoding="utf-8").index("\nbill:")].count("\n") + 2
    assert f"{path}:{bill_line}: BOQ001 error bill: the bill's 26 items add up to CNY 37,752,903.50" in outcome.output
    assert "it does not have now" in outcome.output and "nothing was written" in outcome.output


def test_an_error_the_project_had_before_does_not_stop_an_import(warehouse: Path, v06: Path) -> None:
    path = warehouse / "project.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('price: "37,752,885.00"', 'price: "37,752,886.00"'), encoding="utf-8")
    assert "BOQ001" in CliRunner().invoke(main, ["validate", str(warehouse)]).output
    attempt(import_v06(warehouse, v06), exits=[0])
    assert _valuations(warehouse)[-1] == "V06"


# -- 2. the lock, the journal, and the file's mode, links and inode -----------------------------------------------


def _only_inserted(before: bytes, after: bytes) -> bytes:
    """What ``after`` adds to ``before`` in one place; fails if any byte of ``before`` changed or went."""
    head = 0
    while head < len(before) and before[head] == after[head]:
        head += 1
    tail = len(before) - head
    assert after[len(after) - tail :] == before[head:], "bytes after the insertion changed"
    return after[head : len(after) - tail]


@pytest.mark.parametrize("kind", ["boq", "valuation"])
def test_imports_keep_the_mode_owner_links_and_inode(warehouse: Path, v06: Path, tmp_path: Path, kind: str) -> None:
    real = tmp_path / "elsewhere" / "project.yaml"
    real.parent.mkdir()
    (warehouse / "project.yaml").rename(real)
    (warehouse / "project.yaml").symlink_to(real)
    real.chmod(0o600)  # bank details: only the owner reads it
    os.link(real, tmp_path / "backup.yaml")
    info = os.stat(real)
    # boq: the bill as exported, the same items, its section rewritten as the import writes it
    args = ["import", "boq", str(v06), "--project", str(warehouse)] if kind == "boq" else import_v06(warehouse, v06)
    before = real.read_bytes()
    attempt(args, exits=[0])
    assert (warehouse / "project.yaml").is_symlink()  # edited through the link, not replaced by a copy
    after = os.stat(real)
    assert (after.st_ino, after.st_uid, after.st_gid) == (info.st_ino, info.st_uid, info.st_gid)
    assert stat.S_IMODE(after.st_mode) == 0o600 and after.st_nlink == 2
    assert real.read_bytes() == (tmp_path / "backup.yaml").read_bytes()
    if kind == "valuation":
        added = _only_inserted(before, real.read_bytes()).decode("utf-8")
        assert added.startswith("  - id: V06\n") and added.count("\n") == 7, added
        assert _valuations(warehouse)[-1] == "V06"


def _event(path: Path) -> None:
    """Record a notice in the project file as `demand --record` does: under the lock, through the journal."""
    with locked_for_update(path) as locked:
        old = locked.read()
        event = {"on": "2026-11-20", "node": "V05", "type": "notice", "stage": "reminder", "via": "email"}
        commit(Staged(), locked, old, append_events(old, str(path), [event]))


def test_an_event_recorded_while_an_import_edits_the_file_is_kept(warehouse: Path, v06: Path) -> None:
    """A `demand --record` comes while the import is editing the file's text: it waits for the import, and then
    appends to the file the import wrote; neither the event nor the valuation is lost."""
    path = warehouse / "project.yaml"
    editing, edit_started = os.pipe()
    go_on, may_go = os.pipe()

    def importer() -> int:
        import contractkit.render.project_edit as project_edit

        original = project_edit.append_item

        def paused(*args: object, **kwargs: object) -> str:
            os.write(edit_started, b"x")  # the import has read the file and is about to add the valuation
            os.read(go_on, 1)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        project_edit.append_item = paused
        imports = sys.modules.get("contractkit.render.imports")
        if imports is not None:
            imports.append_item = paused  # type: ignore[attr-defined]
        return _invoke(import_v06(warehouse, v06))

    def recorder() -> int:
        _event(path)
        return 0

    child = _fork(importer)
    assert os.read(editing, 1) == b"x"
    other = _fork(recorder)
    deadline = time.monotonic() + 3  # a recorder not held back by the import is done long before this
    recorded = os.waitpid(other, os.WNOHANG)
    while time.monotonic() < deadline and recorded == (0, 0):
        time.sleep(0.05)
        recorded = os.waitpid(other, os.WNOHANG)
    os.write(may_go, b"x")
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    if recorded == (0, 0):  # held back by the import's lock, as it should be
        recorded = os.waitpid(other, 0)
    assert os.waitstatus_to_exitcode(recorded[1]) == 0
    assert _notices(warehouse) == 1 and _valuations(warehouse)[-1] == "V06"
    assert CliRunner().invoke(main, ["validate", str(warehouse)]).exit_code == 0


def test_an_import_waits_for_a_record_under_way(warehouse: Path, v06: Path) -> None:
    """A writer holds the lock (as `demand --record` does while it writes): the import waits for it."""
    path = warehouse / "project.yaml"
    read, write = os.pipe()

    def run() -> int:
        os.close(write)
        os.read(read, 1)  # the lock is taken
        return _invoke(import_v06(warehouse, v06))

    child = _fork(run)  # before the lock is taken: a child holding a copy of the locked file would hold the lock
    os.close(read)
    with locked_for_update(path) as locked:
        os.write(write, b"x")
        os.close(write)
        time.sleep(1.5)  # the import starts meanwhile and must wait for the lock
        assert os.waitpid(child, os.WNOHANG) == (0, 0)
        old = locked.read()
        event = {"on": "2026-11-20", "node": "V05", "type": "notice", "stage": "reminder", "via": "email"}
        commit(Staged(), locked, old, append_events(old, str(path), [event]))
    code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    assert code == 0
    assert _notices(warehouse) == 1 and _valuations(warehouse)[-1] == "V06"


def test_imports_and_records_at_once_lose_nothing(warehouse: Path, v06: Path, tmp_path: Path) -> None:
    read, write = os.pipe()

    def one(args: list[str]) -> Callable[[], int]:
        def run() -> int:
            os.close(write)
            os.read(read, 1)  # all start together
            return _invoke(args)

        return run

    runs = [import_v06(warehouse, v06)] + [record(warehouse, tmp_path / f"n{i}.docx") for i in range(3)]
    children = [_fork(one(args)) for args in runs]
    os.close(read)
    os.write(write, b"x" * len(runs))
    os.close(write)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert codes == [0] * len(runs)
    assert _notices(warehouse) == 3 and _valuations(warehouse)[-1] == "V06"
    assert not leftovers(warehouse, tmp_path)


def test_an_import_finishes_a_record_killed_at_any_step_first(warehouse: Path, v06: Path, tmp_path: Path) -> None:
    """A `demand --record` killed at each of its writing steps, then an import: the import finishes (or takes back)
    the record before reading the file, so the letter and its event are both there or both absent, the valuation
    is added, and every command reads the file afterwards."""
    old = (warehouse / "project.yaml").read_bytes()
    whole = tmp_path / "whole"
    shutil.copytree(warehouse, whole)
    steps = os.waitstatus_to_exitcode(_run_killed_at(record(whole, tmp_path / "whole.docx"), 0)) - 100
    assert steps > 5 and (whole / "project.yaml").read_bytes() != old
    journals = 0
    for step in range(1, steps + 1):
        project = tmp_path / f"p{step}"
        shutil.copytree(warehouse, project)
        out = tmp_path / f"out{step}"
        out.mkdir()
        status = _run_killed_at(record(project, out / "n.docx"), step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        journal = project / ".project.yaml.contractkit-journal"
        journals += journal.exists()
        outcome = attempt(import_v06(project, v06), exits=[0])
        assert "wrote valuation V06" in outcome.output, step
        assert not journal.exists() and not leftovers(project), step  # (the letter's folder is the next letter's)
        assert CliRunner().invoke(main, ["validate", str(project)]).exit_code == 0, step
        assert _valuations(project)[-1] == "V06", step
        assert (_notices(project) == 1) == (out / "n.docx").exists(), step
    assert journals >= 3  # the kills left records half done for the import to finish


def test_an_import_killed_at_any_step_leaves_the_file_before_or_after(
    warehouse: Path, v06: Path, tmp_path: Path
) -> None:
    old = (warehouse / "project.yaml").read_bytes()
    whole = tmp_path / "whole"
    shutil.copytree(warehouse, whole)
    steps = os.waitstatus_to_exitcode(_run_killed_at(import_v06(whole, v06), 0)) - 100
    new = (whole / "project.yaml").read_bytes()
    assert steps >= 3 and new != old
    journals = 0
    for step in range(1, steps + 1):
        project = tmp_path / f"p{step}"
        shutil.copytree(warehouse, project)
        status = _run_killed_at(import_v06(project, v06), step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        journals += (project / ".project.yaml.contractkit-journal").exists()
        # the next command finishes or takes back the interrupted import
        assert CliRunner().invoke(main, ["validate", str(project)]).exit_code == 0, step
        assert (project / "project.yaml").read_bytes() in (old, new), step
        assert not (project / ".project.yaml.contractkit-journal").exists() and not leftovers(project), step
    assert journals >= 3  # killed after its commit point: finished by the next command
