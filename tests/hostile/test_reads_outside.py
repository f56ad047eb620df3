"""Files a project names (evidence, the calendar file) are read from inside the project folder only.

Each path is tried as an evidence file and as the calendar file, through every command: all of them
refuse with a located FIL001/FIL002 finding, none hangs, and the audit hook sees no open of the target.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.harness import COMMANDS, attempt, command, edit, sample_project

SECRET = "SECRET-MARKER-7f3a"


def _secret(tmp: Path, name: str) -> Path:
    path = tmp / name
    path.write_text(f"{SECRET}: do not read\n", encoding="utf-8")
    return path


#: name -> (make the target and return (path as written in the project file, the file that must stay unopened))
TARGETS: dict[str, Callable[[Path, Path], tuple[str, Path]]] = {
    "dot-dot to a file beside the project": lambda tmp, p: ("../secret.yaml", _secret(tmp, "secret.yaml")),
    "absolute path": lambda tmp, p: (str(_secret(tmp, "abs.yaml")), tmp / "abs.yaml"),
    "/etc/shadow": lambda tmp, p: ("/etc/shadow", Path("/etc/shadow")),
    "/dev/zero": lambda tmp, p: ("/dev/zero", Path("/dev/zero")),
    "symlink pointing out": lambda tmp, p: _link(p / "evidence" / "link.pdf", _secret(tmp, "out.pdf")),
    "symlink to /dev/zero": lambda tmp, p: _link(p / "evidence" / "zero.pdf", Path("/dev/zero")),
    "FIFO in the project": lambda tmp, p: _fifo(p / "evidence" / "pipe.pdf"),
    "a folder": lambda tmp, p: ("evidence", p / "evidence"),
    "trailing slash": lambda tmp, p: ("evidence/p2-acceptance.pdf/", p / "evidence" / "p2-acceptance.pdf"),
    "3 GB sparse file": lambda tmp, p: _sparse(p / "evidence" / "huge.pdf"),
}


def _link(link: Path, target: Path) -> tuple[str, Path]:
    link.symlink_to(target)
    return str(link.relative_to(link.parent.parent)), target


def _fifo(path: Path) -> tuple[str, Path]:
    os.mkfifo(path)
    return str(path.relative_to(path.parent.parent)), path


def _sparse(path: Path) -> tuple[str, Path]:
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB that take no disk
    return str(path.relative_to(path.parent.parent)), path


@pytest.mark.parametrize("role", ["evidence", "calendar"])
@pytest.mark.parametrize("target", sorted(TARGETS))
@pytest.mark.parametrize("name", COMMANDS)
def test_a_named_file_outside_the_project_is_refused_unread(tmp_path: Path, role: str, target: str, name: str) -> None:
    project = sample_project(tmp_path / "p")
    written, path = TARGETS[target](tmp_path, project)
    if role == "evidence":
        edit(project, "file: evidence/p2-acceptance.pdf", f"file: '{written}'")
    else:
        edit(project, "escalation: {", f"calendar: {{file: '{written}'}}\nescalation: {{")
    out = tmp_path / "out"
    out.mkdir()
    # the targets themselves are not project data the harness should compare (a FIFO, a 3 GB file)
    outcome = attempt(command(name, project, out), out=out, exits=[1], forbidden=[path], seconds=20)
    assert SECRET not in outcome.output, outcome.output
    field = "evidence[2].file" if role == "evidence" else "calendar.file"
    assert re.search(rf"project\.yaml:\d+: FIL00[12] error {re.escape(field)}", outcome.output), outcome.output


def test_an_unreadable_evidence_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    project = sample_project(tmp_path / "p")
    (project / "evidence" / "p2-acceptance.pdf").chmod(0)
    outcome = attempt(["validate", str(project)], project=None, exits=[1])
    assert "FIL002" in outcome.output and "permission denied" in outcome.output
