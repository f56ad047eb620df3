"""The portfolio's table laid out without rich is the table rich draws, character for character, or it is
left to rich; a portfolio prints its rows as its projects come, in tables of a bounded size."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from contractkit.cli import main, portfolio
from contractkit.cli.portfolio import COLUMNS, plain_table
from tests.conftest import SAMPLES

AS_OF = "2026-11-29"


def rich_lines(columns: list[tuple[str, bool]], rows: list[list[str]], width: int = 200) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, soft_wrap=False, width=width)
    table = Table(header_style="bold")
    for name, right in columns:
        table.add_column(name, justify="right" if right else "left")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)
    return out.getvalue().splitlines()


def plain_lines(columns: list[tuple[str, bool]], rows: list[list[str]], width: int = 200) -> list[str] | None:
    console = Console(file=io.StringIO(), soft_wrap=False, width=width)
    return plain_table(columns, rows, console)


COLUMNS_OF_A_PORTFOLIO = [(name, name in {"Overdue", "Oldest", "Interest"}) for name in COLUMNS]

WORDS = st.text(
    alphabet=st.sampled_from(list("abcXYZ019.,;:-()/_%'\"上海甲方有限公司é\u0301😀ｶ")), min_size=1, max_size=4
)
PLAIN = st.lists(WORDS, max_size=2).map(" ".join)  # cells rich prints as they are
ODD = st.text(alphabet=st.sampled_from(list("ab :[]\\\u00a0\u3000\t\x07\n")), max_size=5)
TABLES = st.lists(st.lists(PLAIN, min_size=7, max_size=7), max_size=6)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TABLES, st.sampled_from([80, 120, 200]))
def test_laid_out_as_rich_lays_it_out(rows: list[list[str]], width: int) -> None:
    lines = plain_lines(COLUMNS_OF_A_PORTFOLIO, rows, width)
    # a table of these cells is always laid out on 200 columns, unless a cell reads like an emoji code (":x:"),
    # which rich may replace: then rich draws the table
    emoji_like = any(re.search(r":\S*:", cell) for row in rows for cell in row)
    if lines is not None or (width == 200 and not emoji_like):
        assert lines == rich_lines(COLUMNS_OF_A_PORTFOLIO, rows, width)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TABLES, st.integers(0, 5), st.integers(0, 6), ODD)
def test_a_cell_rich_would_change_leaves_the_table_to_rich(
    rows: list[list[str]], row: int, column: int, odd: str
) -> None:
    if rows:
        rows[row % len(rows)][column] = odd
    lines = plain_lines(COLUMNS_OF_A_PORTFOLIO, rows)
    if lines is not None:
        assert lines == rich_lines(COLUMNS_OF_A_PORTFOLIO, rows)


def test_a_portfolio_row_is_laid_out_without_rich() -> None:
    rows = [
        ["P-00001", "甲方有限公司", "CNY", "3,822,576.00", "114 d", "217,886.83", "P2: reminder now (due 2026-08-08)"],
        ["FIT-2026-017", "Pujiang Properties Ltd", "GBP", "", "", "", ""],
    ]
    lines = plain_lines(COLUMNS_OF_A_PORTFOLIO, rows)
    assert lines is not None and lines == rich_lines(COLUMNS_OF_A_PORTFOLIO, rows)


def test_markup_emoji_codes_and_a_narrow_console_are_left_to_rich() -> None:
    for cell in ("[bold]x[/bold]", "a :warning: b", "two  spaces", "tab\there"):
        row = ["P1", cell, "CNY", "", "", "", ""]
        assert plain_lines(COLUMNS_OF_A_PORTFOLIO, [row]) is None
    assert plain_lines(COLUMNS_OF_A_PORTFOLIO, [["P1", "x" * 150, "CNY", "", "", "", ""]]) is None


@pytest.fixture
def portfolio_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "portfolio"
    for i in range(7):
        target = folder / f"p{i}"
        shutil.copytree(SAMPLES / "fitout-cn", target)
        project = target / "project.yaml"
        project.write_text(
            project.read_text(encoding="utf-8").replace("code: FIT-2026-017", f"code: P-{i}"), encoding="utf-8"
        )
    (folder / "p3" / "project.yaml").write_text("contractkit: 1\nproject: [\n", encoding="utf-8")
    return folder


def test_a_large_portfolio_prints_a_table_every_so_many_projects(
    portfolio_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "TABLE_ROWS", 3)
    result = CliRunner().invoke(main, ["status", str(portfolio_folder), "--as-of", AS_OF])
    assert result.exit_code == 2, result.output
    out = result.stdout
    assert out.startswith(f"Portfolio of 7 project files, as of {AS_OF}, in tables of 3 rows\n")
    assert out.count("┏") == 3 + 1  # three tables of projects (3, 3 and 1 rows) and the aging
    tables = out.split("┏")[1:4]
    assert ["P-0" in tables[0], "P-4" in tables[1], "P-6" in tables[2]] == [True, True, True]
    assert "Problem" in tables[1] and "p3/project.yaml" in tables[1] and "Problem" not in tables[0]
    assert "Aging of receivables" in out
    assert "unreadable:" in result.stderr


@pytest.mark.parametrize("workers", [False, True])
def test_a_portfolio_is_the_same_read_in_worker_processes_or_not(
    portfolio_folder: Path, monkeypatch: pytest.MonkeyPatch, workers: bool
) -> None:
    runner = CliRunner()
    args = ["status", str(portfolio_folder), "--as-of", AS_OF]
    expected = [runner.invoke(main, args), runner.invoke(main, [*args, "--json"])]
    monkeypatch.setattr(portfolio, "POOL_FROM", 2 if workers else 10**9)
    monkeypatch.setattr(portfolio, "TASK_PROJECTS", 2)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    got = [runner.invoke(main, args), runner.invoke(main, [*args, "--json"])]
    for before, after in zip(expected, got, strict=True):
        assert (after.exit_code, after.stdout, after.stderr) == (before.exit_code, before.stdout, before.stderr)
    payload = json.loads(got[1].stdout)
    assert [p["project"] for p in payload["projects"]] == ["P-0", "P-1", "P-2", "P-4", "P-5", "P-6"]
    assert len(payload["problems"]) == 1


def test_portfolio_json_is_what_json_dumps_makes(portfolio_folder: Path) -> None:
    result = CliRunner().invoke(main, ["status", str(portfolio_folder), "--as-of", AS_OF, "--json"])
    payload = json.loads(result.stdout)
    assert result.stdout == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    for name in ("p0", "p1", "p2", "p4", "p5", "p6"):
        shutil.rmtree(portfolio_folder / name)
    (portfolio_folder / "p9.yaml").write_text("contractkit: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["status", str(portfolio_folder), "--as-of", AS_OF, "--json"])
    payload = json.loads(result.stdout)
    assert payload["projects"] == [] and len(payload["problems"]) == 2
    assert result.stdout == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
