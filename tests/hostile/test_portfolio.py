"""Portfolios: one bad project is a row of its own with its error; the rest go through; the exit code says so."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.harness import AS_OF, attempt, edit, sample_project

#: name -> how to spoil a project folder, and what its row says
BAD: dict[str, tuple[Callable[[Path], None], str]] = {
    "10,000-deep nesting": (
        lambda p: edit(p, "escalation: {", "deep: " + "[" * 10_000 + "]" * 10_000 + "\nescalation: {"),
        "nested more than 32 levels deep",
    ),
    "a lone surrogate": (lambda p: edit(p, "name: 上海浦江置业有限公司", 'name: "上海\\ud800浦江"'), "U+D800"),
    "a date past the calendar": (lambda p: edit(p, "finish: 2026-09-30", "finish: 9999-12-31"), "outside the dates"),
    "a calendar file that is a pipe": (
        lambda p: (os.mkfifo(p / "cal.yaml"), edit(p, "escalation: {", "calendar: {file: cal.yaml}\nescalation: {")),
        "FIL002",
    ),
    "bytes that are not YAML": (lambda p: (p / "project.yaml").write_bytes(b"\x00\xff" * 50), "not UTF-8"),
}


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    folder = tmp_path / "portfolio"
    for i in range(2):
        sample_project(folder / f"good{i}")
        edit(folder / f"good{i}", "code: FIT-2026-017", f"code: GOOD-{i}")
    for i, (spoil, _) in enumerate(BAD.values()):
        project = sample_project(folder / f"bad{i}")
        edit(project, "code: FIT-2026-017", f"code: BAD-{i}")
        spoil(project)
    return folder


def test_status_over_a_portfolio_reports_each_bad_project_on_its_row(portfolio: Path) -> None:
    outcome = attempt(["status", str(portfolio), "--as-of", AS_OF], exits=[2], seconds=60, located=False)
    assert "Portfolio of 2 projects" in outcome.output and "GOOD-0" in outcome.output and "GOOD-1" in outcome.output
    rows = [line for line in outcome.output.splitlines() if "bad" in line and "│" in line]
    assert len({next(n for n in range(len(BAD)) if f"bad{n}" in row) for row in rows}) == len(BAD), outcome.output
    for _spoil, says in BAD.values():
        assert says in outcome.output, (says, outcome.output)


def test_status_json_lists_the_problems(portfolio: Path) -> None:
    outcome = attempt(["status", str(portfolio), "--as-of", AS_OF, "--json"], exits=[2], seconds=60, located=False)
    payload = json.loads(outcome.output[: outcome.output.rindex("}") + 1])
    assert [p["project"] for p in payload["projects"]] == ["GOOD-0", "GOOD-1"]
    assert sorted(Path(p["file"]).parent.name for p in payload["problems"]) == [f"bad{i}" for i in range(len(BAD))]


def test_all_overdue_writes_the_good_letters_and_names_the_bad_projects(portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    outcome = attempt(
        ["demand", "--all-overdue", str(portfolio), "-o", str(out), "--as-of", AS_OF], exits=[2], located=False
    )
    assert sorted(p.name for p in out.iterdir()) == [f"GOOD-{i}-notice-20261129.docx" for i in range(2)]
    for i in range(len(BAD)):
        assert f"bad{i}" in outcome.output, outcome.output
    assert f"2 letters for {2 + len(BAD)} projects" in outcome.output and f"{len(BAD)} with problems" in outcome.output
