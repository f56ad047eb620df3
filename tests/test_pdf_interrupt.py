"""A run stopped while LibreOffice converts leaves nothing behind: no temporary files, no processes, no output.

Each test starts ``contractkit demand --pdf`` (one conversion) with its own TMPDIR, waits until LibreOffice is
at work, stops the run the way a user or a service manager does, and looks at what is left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from contractkit.cli.common import EXIT_INTERRUPTED

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups"),
]

#: Generous bounds that only a failing (or very slow) run reaches: LibreOffice starts in about a second.
STARTING_SECONDS = 60
ENDING_SECONDS = 30


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    pgid: int
    state: str
    command: str

    @property
    def alive(self) -> bool:
        """Running or stopped, not an exited process waiting for its parent (or init) to reap it."""
        return not self.state.startswith("Z")


def processes() -> list[Process]:
    """Every process on the machine, from ``ps`` (psutil is not a dependency)."""
    listing = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid=,pgid=,stat=,comm="], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for line in listing.splitlines():
        fields = line.split(None, 4)
        if len(fields) == 5:
            found.append(Process(int(fields[0]), int(fields[1]), int(fields[2]), fields[3], fields[4]))
    return found


def descendants(pid: int) -> list[Process]:
    """The processes whose parent chain leads to ``pid``."""
    table = processes()
    children: dict[int, list[Process]] = {}
    for process in table:
        children.setdefault(process.ppid, []).append(process)
    found: list[Process] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pid)
    return found


def found(tmp: Path, pattern: str) -> list[Path]:
    """The files under ``tmp`` matching ``pattern``: a walk that meets a folder LibreOffice removes under it (its
    profile changes while it starts) is taken again."""
    while True:
        try:
            return list(tmp.rglob(pattern))
        except FileNotFoundError:
            continue


def converting(tmp: Path, pid: int) -> list[Process]:
    """LibreOffice's processes under ``pid`` once it is at work (its own temporary files written), else none."""
    if not list(tmp.glob("contractkit-pdf-*")) or not found(tmp, "lu*.tmp"):
        return []
    started = descendants(pid)
    return started if any("soffice" in p.command or "oosplash" in p.command for p in started) else []


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    tmp: Path
    out: Path
    libreoffice: list[Process]


@pytest.fixture
def converting_run(tmp_path: Path) -> Iterator[Run]:
    """``demand --pdf`` in a session of its own (as a terminal's job is), caught while LibreOffice converts."""
    project = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", project)
    tmp, out = tmp_path / "tmp", tmp_path / "out"
    tmp.mkdir()
    out.mkdir()
    command = [sys.executable, "-m", "contractkit", "demand", str(project), "--node", "P2", "--as-of", "2026-09-30"]
    command += ["--pdf", "-o", str(out / "letter.docx")]
    environment = {**os.environ, "TMPDIR": str(tmp)}
    process = subprocess.Popen(
        command,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    libreoffice: list[Process] = []
    try:
        deadline = time.monotonic() + STARTING_SECONDS
        while not libreoffice:
            if process.poll() is not None:
                stdout, stderr = process.communicate()
                pytest.fail(f"the run ended before LibreOffice started: {process.returncode} {stdout!r} {stderr!r}")
            if time.monotonic() > deadline:
                pytest.fail(f"LibreOffice did not start within {STARTING_SECONDS} s")
            time.sleep(0.02)
            libreoffice = converting(tmp, process.pid)
        yield Run(process, tmp, out, libreoffice)
    finally:  # whatever the test found, leave no process of its own behind
        for group in {process.pid, *(p.pgid for p in libreoffice)}:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        process.communicate()


def assert_nothing_left(run: Run) -> None:
    try:
        _, stderr = run.process.communicate(timeout=ENDING_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the run did not end within {ENDING_SECONDS} s of the signal")
    assert run.process.returncode == EXIT_INTERRUPTED, stderr
    assert b"interrupted; nothing was written" in stderr
    assert sorted(p.name for p in run.tmp.glob("contractkit-pdf-*")) == []
    assert sorted(str(p.relative_to(run.tmp)) for p in found(run.tmp, "lu*.tmp")) == []
    pids = {p.pid for p in run.libreoffice}
    groups = {p.pgid for p in run.libreoffice}
    survivors = [p for p in processes() if p.alive and (p.pid in pids or p.pgid in groups)]
    assert survivors == []
    assert sorted(p.name for p in run.out.iterdir()) == []


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_signal_to_contractkit_during_conversion_ends_libreoffice_and_removes_its_files(
    converting_run: Run, stop: str
) -> None:
    """``kill PID`` or ``timeout``, and a closed terminal: the signal reaches contractkit alone."""
    converting_run.process.send_signal(getattr(signal, stop))
    assert_nothing_left(converting_run)


def test_ctrl_c_during_conversion_removes_libreoffices_own_temporary_files(converting_run: Run) -> None:
    """^C in a terminal signals the whole foreground process group."""
    os.killpg(converting_run.process.pid, signal.SIGINT)
    assert_nothing_left(converting_run)
