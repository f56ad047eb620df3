"""Outputs: never over an input, --force replaces only the command's own files, all or nothing on a full disk.

The disk-full cases write onto a small tmpfs mounted here (root in CI); where mounting is not allowed they
are skipped with that reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from contractkit.model.clauses import resource_dir
from tests.hostile.harness import AS_OF, attempt, command, leftovers, sample_project

#: name -> (arguments, given the project and a scratch folder; the exit; what the message says)
ONTO_INPUTS: dict[str, tuple[Callable[[Path, Path], list[str]], int, str]] = {
    "apply into the project folder with --force": (lambda p, t: _apply(p, p, "--force"), 0, ""),
    "apply into the evidence folder with --force": (lambda p, t: _apply(p, p / "evidence", "--force"), 0, ""),
    "apply into the folder above the project with --force": (lambda p, t: _apply(p, p.parent, "--force"), 0, ""),
    "apply onto the project file": (lambda p, t: _apply(p, p / "project.yaml", "--force"), 2, "is a file"),
    "draft onto the template it renders from": (
        lambda p, t: _draft(p, t / "tpl" / "contract.zh.docx", "--templates", str(t / "tpl"), "--force"),
        2,
        "an output never replaces an input",
    ),
    "draft onto another template of its folder": (
        lambda p, t: _draft(p, t / "tpl" / "report.zh.docx", "--templates", str(t / "tpl"), "--force"),
        2,
        "an output never replaces an input",
    ),
    "report onto its template": (
        lambda p, t: _report(p, t / "tpl" / "report.zh.docx", "--templates", str(t / "tpl"), "--force"),
        2,
        "an output never replaces an input",
    ),
    "draft onto a link to the project file": (
        lambda p, t: _draft(p, _link(t / "link.docx", p / "project.yaml"), "--force"),
        2,
        "an output never replaces an input",
    ),
    "draft onto a hard link of the project file": (
        lambda p, t: _draft(p, _hard(t / "hard.docx", p / "project.yaml"), "--force"),
        2,
        "an output never replaces an input",
    ),
    "demand onto an evidence file named .docx": (
        lambda p, t: ["demand", str(p), "--node", "P2", "-o", str(_evidence_docx(p)), "--as-of", AS_OF, "--force"],
        2,
        "an output never replaces an input",
    ),
    "draft onto a bundled template": (
        lambda p, t: _draft(p, resource_dir("templates") / "contract.en.docx", "--force"),
        2,
        "an output never replaces an input",
    ),
    "templates export into the bundled templates": (
        lambda p, t: ["templates", "export", str(resource_dir("templates")), "--force"],
        2,
        "an output never replaces an input",
    ),
    "demo into the project folder with --force": (
        lambda p, t: ["demo", str(p), "--sample", "fitout-cn", "--force"],
        0,
        "",
    ),
    "draft into /dev": (lambda p, t: _draft(p, Path("/dev/full.docx")), 2, "folder of the operating system"),
    "draft onto a pipe": (lambda p, t: _draft(p, _fifo(t / "pipe.docx"), "--force"), 2, "a pipe"),
    "draft with a 300-byte name": (lambda p, t: _draft(p, t / ("n" * 295 + ".docx")), 2, "255 bytes"),
    "draft into a missing folder": (lambda p, t: _draft(p, t / "no" / "c.docx"), 2, "no such folder"),
}


def _apply(project: Path, out: Path, *extra: str) -> list[str]:
    return ["apply", str(project), "--node", "P2", "-o", str(out), "--as-of", "2026-05-12", "--no-pdf", *extra]


def _report(project: Path, out: Path, *extra: str) -> list[str]:
    return ["report", str(project), "-o", str(out), "--as-of", AS_OF, *extra]


def _draft(project: Path, out: Path, *extra: str) -> list[str]:
    return ["draft", str(project), "-o", str(out), *extra]


def _link(link: Path, target: Path) -> Path:
    link.symlink_to(target)
    return link


def _hard(link: Path, target: Path) -> Path:
    os.link(target, link)
    return link


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _evidence_docx(project: Path) -> Path:
    """The acceptance record saved under a .docx name (evidence is known by its content, not its name)."""
    source = project / "evidence" / "p2-acceptance.pdf"
    target = source.with_suffix(".docx")
    source.rename(target)
    text = (project / "project.yaml").read_text(encoding="utf-8").replace("p2-acceptance.pdf", "p2-acceptance.docx")
    (project / "project.yaml").write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("case", sorted(ONTO_INPUTS))
def test_an_output_never_replaces_an_input(tmp_path: Path, case: str) -> None:
    make, exit_code, message = ONTO_INPUTS[case]
    project = sample_project(tmp_path / "p")
    shutil.copytree(resource_dir("templates"), tmp_path / "tpl")
    bundled = {p.name: p.read_bytes() for p in resource_dir("templates").iterdir() if p.is_file()}
    templates = {p.name: p.read_bytes() for p in (tmp_path / "tpl").iterdir() if p.is_file()}
    args = make(project, tmp_path)
    outcome = attempt(args, project=project, exits=[exit_code])
    assert message in outcome.output, outcome.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "tpl").iterdir() if p.is_file()} == templates
    assert {p.name: p.read_bytes() for p in resource_dir("templates").iterdir() if p.is_file()} == bundled


def test_force_replaces_only_the_files_the_command_writes(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p")
    out = tmp_path / "pack"
    attempt(_apply(project, out, "--zip"), exits=[0])
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    attempt(_apply(project, out, "--force"), exits=[0])
    names = sorted(p.name for p in out.iterdir())
    assert "notes.txt" in names and "application-pack.zip" not in names  # the earlier pack's zip went with it
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_stale_temporary_files_of_dead_runs_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".contractkit-4194303-0123456789ab.tmp"  # above any pid the kernel hands out
    live = out / f".contractkit-{os.getppid()}-0123456789ab.tmp"
    dead.write_bytes(b"half a letter")
    live.write_bytes(b"another run's letter")
    from click.testing import CliRunner

    from contractkit.cli import main

    assert CliRunner().invoke(main, command("draft", project, out)).exit_code == 0
    assert not dead.exists() and live.exists()


# -- a full disk ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(folder: Path, free_kib: int) -> Iterator[Path]:
    """A tmpfs of 2 MiB at ``folder`` with about ``free_kib`` KiB left free."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode(errors='replace').strip() or 'not root'})")
    try:
        stat = os.statvfs(folder)
        filler = stat.f_bavail * stat.f_frsize - free_kib * 1024
        with open(folder / "filler", "wb") as handle:
            handle.write(b"\0" * max(filler, 0))
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


FULL_DISK: dict[str, Callable[[Path, Path], list[str]]] = {
    "draft": lambda p, d: command("draft", p, d),
    "apply": lambda p, d: command("apply", p, d),
    "final demand and case summary": lambda p, d: [*command("demand", p, d), "--stage", "final"],
    "report and its chart": lambda p, d: command("report", p, d),
    "templates export": lambda p, d: ["templates", "export", str(d / "tpl")],
}


@pytest.mark.parametrize("share", [0, 2])
@pytest.mark.parametrize("case", sorted(FULL_DISK))
def test_a_full_disk_leaves_nothing_behind(tmp_path: Path, case: str, share: int) -> None:
    """Room for none of the outputs, or for about half of them: either way nothing is left."""
    project = sample_project(tmp_path / "p")
    measure = tmp_path / "measure"
    measure.mkdir()
    attempt(FULL_DISK[case](project, measure), exits=[0])
    size = sum(p.stat().st_size for p in measure.rglob("*") if p.is_file())
    with small_disk(tmp_path / "disk", size * share // 4 // 1024) as disk:
        outcome = attempt(FULL_DISK[case](project, disk), project=project, out=disk, exits=[2])
        assert "the disk is full" in outcome.output, outcome.output
        assert sorted(os.listdir(disk)) == ["filler"] and not leftovers(disk)
