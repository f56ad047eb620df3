"""The attack harness: run a command as a user would and check the four promises of issue #16.

Every attempt must end in exit 0, 1 or 2 with no internal error and no traceback, a failure's first line
naming a file; it must lose no input (every file of the project folder keeps its bytes), leave no partial
output or temporary file, and open no file it was not meant to (an audit hook sees every open).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.test_apply import make_pdf, make_photo

AS_OF = "2026-11-29"
APPLIED = "2026-05-12"
#: The commands that read a project, each writing (when it writes) into ``out``.
COMMANDS = ("validate", "status", "draft", "apply", "demand", "report")
LOCATED = re.compile(r"^(contractkit: )?[^\s:][^:\n]*(:\d+)?: ", re.MULTILINE)


def command(name: str, project: Path, out: Path, *extra: str) -> list[str]:
    """The arguments of one command on ``project`` writing into the folder ``out``."""
    args = {
        "validate": ["validate", str(project)],
        "status": ["status", str(project), "--as-of", AS_OF],
        "draft": ["draft", str(project), "-o", str(out / "c.docx")],
        "apply": ["apply", str(project), "--node", "P2", "-o", str(out / "pack"), "--as-of", APPLIED, "--no-pdf"],
        "demand": ["demand", str(project), "--node", "P2", "-o", str(out / "d.docx"), "--as-of", AS_OF],
        "report": ["report", str(project), "-o", str(out / "r.docx"), "--as-of", AS_OF],
    }[name]
    return [*args, *extra]


def sample_project(folder: Path) -> Path:
    """The fit-out sample with its P2 evidence made here (two PDFs and a photo)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    (folder / "evidence").mkdir(exist_ok=True)
    make_pdf(folder / "evidence" / "p2-acceptance.pdf", pages=2)
    make_pdf(folder / "evidence" / "p2-quantities.pdf")
    make_photo(folder / "evidence" / "p2-site-photo.jpg")
    return folder


def edit(project: Path, old: str, new: str) -> None:
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8", errors="surrogatepass")


# -- what an attempt may open ---------------------------------------------------------------------------

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


class Hang(BaseException):
    """An attempt ran past its time: a hang is a failure, not a result (BaseException: nothing may catch it)."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    exit_code: int
    output: str
    opened: list[str] = field(default_factory=list)


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[str(path.relative_to(folder))] = path.read_bytes()
    return files


def leftovers(*folders: Path) -> list[Path]:
    """Temporary files or staging folders contractkit left behind."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += [p for p in folder.rglob(".contractkit-*")]
    return found


def attempt(
    args: Sequence[str],
    *,
    project: Path | None = None,
    out: Path | None = None,
    exits: Sequence[int] = (0, 1, 2),
    forbidden: Sequence[Path] = (),
    seconds: float = 60,
    env: dict[str, str] | None = None,
    located: bool = True,
) -> Outcome:
    """Run ``contractkit args`` in-process and check the promises; the outcome for further checks.

    ``located``: a failure's first line names a file (not so for a portfolio, whose table comes first).
    """
    global _OPENED
    before = _snapshot(project) if project is not None else {}
    out_before = set(os.listdir(out)) if out is not None and out.is_dir() else set()
    opened: list[str] = []
    _OPENED = opened
    try:
        with _deadline(seconds):
            result = CliRunner().invoke(main, list(args), env=env)
    finally:
        _OPENED = None
    output = result.output
    where = f"contractkit {' '.join(args)}\n{output}"
    assert "internal error" not in output and "Traceback" not in output, where
    assert result.exception is None or isinstance(result.exception, SystemExit), (where, result.exception)
    assert result.exit_code in exits, (result.exit_code, where)
    if result.exit_code == 2 and located:
        assert LOCATED.match(output.strip().splitlines()[0]), where
    if project is not None:  # nothing lost: every file of the project keeps its bytes
        after = _snapshot(project)
        lost = {name for name, data in before.items() if after.get(name) != data}
        assert not lost, (lost, where)
    folders = [p for p in (project, out) if p is not None]
    assert not leftovers(*folders), (leftovers(*folders), where)
    if out is not None and result.exit_code != 0 and out.is_dir():  # nothing partial
        assert set(os.listdir(out)) == out_before, (set(os.listdir(out)) - out_before, where)
    for path in forbidden:
        targets = {str(path), os.path.realpath(path)}
        assert not targets & {os.path.realpath(p) for p in opened}, (f"{path} was opened", where)
    return Outcome(result.exit_code, output, opened)
