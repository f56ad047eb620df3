"""Finding a portfolio's project files: each file read once whatever names it, its real path as the system
resolves it, and every rule run in a process that has loaded nothing yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from contractkit.cli.status import project_files
from contractkit.model.loading import real_paths
from tests.projects import base, changed, write_project


def test_real_paths_are_what_realpath_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "real" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")  # a folder through a link
    (tmp_path / "real" / "b.yaml").symlink_to(tmp_path / "real" / "sub")  # a name that is itself a link
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    monkeypatch.chdir(tmp_path / "real")
    names = [
        tmp_path / "real" / "a.yaml",
        tmp_path / "linked" / "a.yaml",
        tmp_path / "linked" / "b.yaml",
        tmp_path / "linked" / "sub" / ".." / "a.yaml",
        tmp_path / "linked" / "missing.yaml",
        tmp_path / "loop" / "x.yaml",
        tmp_path / "linked" / "..",
        Path("a.yaml"),
        Path("sub/../a.yaml"),
        Path("."),
    ]
    assert real_paths(names) == [os.path.realpath(name) for name in names]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    one = write_project(tmp_path / "one", base())
    two = tmp_path / "two"
    two.mkdir()
    (two / "project.yml").write_bytes(one.read_bytes())  # a project folder whose file is project.yml
    (tmp_path / "alias.yaml").symlink_to(one)  # the first project again, through a link beside the others
    found = project_files([tmp_path, tmp_path / "one", two, two / "project.yml", tmp_path / "two" / ".." / "two"])
    assert [str(p.relative_to(tmp_path)) for p in found] == ["alias.yaml", "two/project.yml"]


def test_a_fresh_process_runs_every_rule_over_a_portfolio(tmp_path: Path) -> None:
    """Rules register as their modules load: a portfolio's first project is checked by all of them, not by
    the (empty) list of a process that has imported none yet."""
    for i in range(3):
        write_project(tmp_path / f"p{i}", changed(base(), {"project.code": f"T-{i}"}))
    # nodes adding up to more than the price: a rule's finding (SCH004), not a typing error
    write_project(tmp_path / "p0", changed(base(), {"project.code": "T-0", "payment_schedule.0.share": "90%"}))
    result = subprocess.run(
        [sys.executable, "-m", "contractkit", "status", str(tmp_path), "--as-of", "2026-11-29"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "SCH004" in result.stdout and "p0/project.yaml: 1 validation error" in result.stderr


def test_a_path_below_a_real_folder_resolves_as_realpath_does(tmp_path: Path) -> None:
    """path_in_project resolves the named file below the project folder's real path name by name (one lstat
    each) where no name is a link or '..'; every case must give what os.path.realpath gives."""
    from contractkit.model.project import _real_below

    root = os.path.realpath(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.pdf").write_bytes(b"%PDF")
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "out").symlink_to("/etc")
    (tmp_path / "loop").symlink_to("loop")
    cases = ["a/b/f.pdf", "a/b/missing.pdf", "missing/x", "file/x", "link/b/f.pdf", "a/out/passwd", "a/../file"]
    cases += ["./a/b/f.pdf", "a//b/f.pdf", "loop", "loop/x", "a/b", "a\\b", "链接/文件.pdf"]
    for relative in cases:
        assert _real_below(root, relative) == os.path.realpath(os.path.join(root, relative)), relative
