"""`demand --record`: the event is appended and every other byte kept; runs at once lose nothing; a run killed
at any step leaves the letter and its record both or neither, and the next run leaves no temporary file."""

from __future__ import annotations

import difflib
import os
import shutil
import signal
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.model.project import load_project
from tests.hostile.harness import AS_OF, attempt, leftovers, sample_project
from tests.hostile.test_outputs import small_disk


def record(project: Path, out: Path, *extra: str) -> list[str]:
    return [
        "demand", str(project), "--node", "P2", "-o", str(out), "--as-of", AS_OF,
        "--record", "--sent-by", "sf-express", "--tracking", "SF 1234", *extra,
    ]  # fmt: skip


def _only_inserted(before: str, after: str) -> str:
    """What ``after`` adds to ``before``; fails if anything of ``before`` changed or went."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert all(op[0] == "insert" for op in changes), changes
    return "".join(after[j1:j2] for _op, _i1, _i2, j1, j2 in changes)


def _events(text: str) -> str:
    return text[text.index("events:") :]


#: name -> a change to the sample's text before the run (the file is written back in binary, as is)
def _entries(text: str) -> list[str]:
    """The sample's ledger entries, one line each."""
    return [line for line in _events(text).splitlines()[1:] if line.strip().startswith("- ")]


STYLES: dict[str, Callable[[str], bytes]] = {
    "flow items (the sample)": lambda t: t.encode(),
    "CRLF line ends and a byte-order mark": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
    "block items indented by four": lambda t: t.replace(
        _events(t).split("\n", 1)[1].split("\nescalation")[0],
        "\n".join(
            "    -   " + ", ".join(line.strip()[3:-1].split(", ")).replace(", ", "\n        ")
            for line in _events(t).split("\n", 1)[1].split("\nescalation")[0].splitlines()
        ),
    ).encode(),
    "a multi-line flow list with comments inside": lambda t: t.replace(
        _events(t).split("\nescalation")[0],
        "events: [  # the ledger\n"
        + "\n".join(
            f"  {line.strip()[2:]}{',' if i < len(_entries(t)) - 1 else ''}  # entry {i}"
            for i, line in enumerate(_entries(t))
        )
        + "\n]",
    ).encode(),
    "a !!binary value and a tab-free odd layout": lambda t: t.replace(
        "escalation:", 'rates:\n  lpr-1y: [{from: 2026-01-01, rate: 3.10%, source: !!binary "aGVsbG8="}]\nescalation:'
    ).encode(),
    "no newline at the end of the file": lambda t: t.rstrip("\n").encode(),
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_event_is_appended_and_every_other_byte_kept(tmp_path: Path, style: str) -> None:
    project = sample_project(tmp_path / "p")
    path = project / "project.yaml"
    path.write_bytes(STYLES[style](path.read_text(encoding="utf-8")))
    before = path.read_bytes()
    count = len(load_project(project).project.events)
    attempt(record(project, tmp_path / "n.docx"), exits=[0])
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    added = _only_inserted(before.decode("utf-8-sig"), after.decode("utf-8-sig"))
    assert "SF 1234" in added and "stage: notice" in added
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")  # CRLF stays CRLF, on the new lines too
    events = load_project(project).project.events
    assert len(events) == count + 1 and events[-1].tracking == "SF 1234"


def test_mode_owner_links_and_inode_are_kept(tmp_path: Path) -> None:
    linked = sample_project(tmp_path / "linked")
    real = tmp_path / "elsewhere" / "project.yaml"
    real.parent.mkdir()
    (linked / "project.yaml").rename(real)
    (linked / "project.yaml").symlink_to(real)
    real.chmod(0o600)  # bank details: only the owner reads it
    os.link(real, tmp_path / "backup.yaml")
    inode = os.stat(real).st_ino
    attempt(record(linked, tmp_path / "n.docx"), exits=[0])
    assert (linked / "project.yaml").is_symlink()  # edited through the link, not replaced by a copy
    info = os.stat(real)
    assert info.st_ino == inode and stat.S_IMODE(info.st_mode) == 0o600 and info.st_nlink == 2
    assert b"SF 1234" in real.read_bytes() and real.read_bytes() == (tmp_path / "backup.yaml").read_bytes()


def test_an_unwritable_project_file_means_no_letter_either(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files; the full-disk case below covers root")
    project = sample_project(tmp_path / "p")
    (project / "project.yaml").chmod(0o444)
    outcome = attempt(record(project, tmp_path / "n.docx"), project=project, exits=[2])
    assert "not writable" in outcome.output and not (tmp_path / "n.docx").exists()


def test_a_full_disk_under_the_project_means_no_letter_either(tmp_path: Path) -> None:
    source = sample_project(tmp_path / "src")
    with small_disk(tmp_path / "disk", 600) as disk:
        project = disk / "p"
        shutil.copytree(source, project)
        room = os.statvfs(disk)
        with open(disk / "more", "wb") as handle:  # room for the project as it is, not for its journal
            handle.write(b"\0" * (room.f_bavail * room.f_frsize - 4096))
        before = (project / "project.yaml").read_bytes()
        out = tmp_path / "letters"
        out.mkdir()
        outcome = attempt(record(project, out / "n.docx"), out=out, exits=[2])
        assert "the disk is full" in outcome.output
        assert (project / "project.yaml").read_bytes() == before and not leftovers(disk, out)


# -- runs at once, and runs killed -----------------------------------------------------------------------


def _fork(run: Callable[[], int]) -> int:
    """Run ``run`` in a forked child; its pid (the child never returns into pytest)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            code = run()
        finally:
            os._exit(code)
    return pid


def _invoke(args: list[str]) -> int:
    return CliRunner().invoke(main, args).exit_code


#: How many runs of `demand --record` start at once on one project.
AT_ONCE = (2, 6)


@pytest.mark.parametrize("runs", AT_ONCE)
def test_runs_at_once_lose_no_event(tmp_path: Path, runs: int) -> None:
    project = sample_project(tmp_path / "p")
    count = len(load_project(project).project.events)
    read, write = os.pipe()

    def one(i: int) -> Callable[[], int]:
        def run() -> int:
            os.close(write)
            os.read(read, 1)  # all start together
            return _invoke(record(project, tmp_path / f"n{i}.docx"))

        return run

    children = [_fork(one(i)) for i in range(runs)]
    os.close(read)
    os.write(write, b"x" * runs)
    os.close(write)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert codes == [0] * runs
    events = load_project(project).project.events
    assert len(events) == count + runs and all((tmp_path / f"n{i}.docx").exists() for i in range(runs))
    assert not leftovers(project, tmp_path)


#: The system calls of a record's writing steps; the child kills itself (SIGKILL) just before the k-th.
STEPS = ("fsync", "replace", "rename", "write", "ftruncate", "unlink")
#: How many of them a final demand with its case summary and its record makes (README's figure).
KILL_STEPS = 13


def _run_killed_at(args: list[str], step: int) -> int:
    """Run a command in a child that is killed by SIGKILL just before its ``step``-th writing call."""

    def run() -> int:
        calls = 0
        for name in STEPS:
            real = getattr(os, name)

            def killing(*a: object, _real: Callable[..., object] = real, **k: object) -> object:
                nonlocal calls
                calls += 1
                if calls == step:
                    os.kill(os.getpid(), signal.SIGKILL)
                return _real(*a, **k)

            setattr(os, name, killing)
        code = _invoke(args)
        return 100 + min(calls, 99) if step == 0 else code  # step 0: report how many calls a whole run makes

    pid = _fork(run)
    return os.waitpid(pid, 0)[1]


def _copy(base: Path, project: Path) -> Path:
    shutil.copytree(base, project)
    return project


def test_a_run_killed_at_any_step_leaves_both_or_neither(tmp_path: Path) -> None:
    base = sample_project(tmp_path / "base")
    old = (base / "project.yaml").read_bytes()
    whole = _copy(base, tmp_path / "whole")
    status = _run_killed_at(record(whole, tmp_path / "whole.docx", "--stage", "final"), 0)
    steps = os.waitstatus_to_exitcode(status) - 100
    new = (whole / "project.yaml").read_bytes()
    assert steps == KILL_STEPS and new != old
    for step in range(1, steps + 1):
        project = _copy(base, tmp_path / f"p{step}")
        out = tmp_path / f"out{step}"
        out.mkdir()
        status = _run_killed_at(record(project, out / "f.docx", "--stage", "final"), step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        journal = project / ".project.yaml.contractkit-journal"
        assert (project / "project.yaml").read_bytes() in (old, new) or journal.exists(), step
        # the next run: any command on the project finishes or takes back the interrupted record
        attempt(["validate", str(project)], exits=[0, 1])
        attempt(["draft", str(project), "-o", str(out / "next.docx")], exits=[0])  # writes where the letter was
        ledger = (project / "project.yaml").read_bytes()
        assert ledger in (old, new), step
        written = (out / "f.docx").exists(), (out / "f-case-summary.docx").exists()
        assert written == (ledger == new,) * 2, (step, written)
        assert not leftovers(project, out) and not journal.exists(), step


def test_status_over_a_portfolio_finishes_a_killed_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The portfolio finds the journals in one listing of each folder: every interrupted record is finished
    (or taken back) before any project is read by the worker processes or any folder cleaned."""
    from contractkit.cli import portfolio

    base = sample_project(tmp_path / "base")
    old = (base / "project.yaml").read_bytes()
    folder = tmp_path / "portfolio"
    folder.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    journals = 0
    for step in range(1, KILL_STEPS + 1):
        project = _copy(base, folder / f"p{step:02d}")
        _run_killed_at(record(project, out / f"f{step}.docx", "--stage", "final"), step)
        journals += (project / ".project.yaml.contractkit-journal").exists()
    assert journals >= 3  # the kills left updates half done to finish
    monkeypatch.setattr(portfolio, "POOL_FROM", 2)
    monkeypatch.setattr(portfolio, "TASK_PROJECTS", 2)
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    for step in range(1, KILL_STEPS + 1):
        project = folder / f"p{step:02d}"
        assert not (project / ".project.yaml.contractkit-journal").exists(), step
        recorded = (project / "project.yaml").read_bytes() != old
        assert (out / f"f{step}.docx").exists() == recorded, step
    assert not leftovers(folder, out)
