"""Values the engine would read in a way the user did not mean are refused where they are written: an
escalation ladder that goes down, and materials on site worth less than nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES


def _validate(folder: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["validate", str(folder)])


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        ("{reminder: 30, notice: 15, final: 1}", "notice (15 days overdue) comes before reminder (30)"),
        (
            "{reminder: 1, notice: 15, suspension: 10, final: 30}",
            "suspension (10 days overdue) comes before notice (15)",
        ),
        ("{reminder: 1, notice: 40, final: 30}", "final (30 days overdue) comes before notice (40)"),
    ],
)
def test_an_escalation_ladder_that_goes_down_is_refused(tmp_path: Path, ladder: str, message: str) -> None:
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    old = "escalation: {reminder: 1, notice: 15, final: 30}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, f"escalation: {ladder}"), encoding="utf-8")
    result = _validate(folder)
    assert result.exit_code == 2 and f"project.yaml:{line}: escalation: {message}" in result.output


def test_a_ladder_with_letters_due_the_same_day_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "escalation: {reminder: 1, notice: 15, final: 30}", "escalation: {reminder: 1, notice: 1, final: 30}"
    )
    path.write_text(text, encoding="utf-8")
    assert _validate(folder).exit_code in (0, 1)


def test_materials_on_site_cannot_be_negative(tmp_path: Path) -> None:
    folder = tmp_path / "w"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("materials:")
    end = text.index(",", start) if text.index(",", start) < text.index("}", start) else text.index("}", start)
    line = text[:start].count("\n") + 1
    path.write_text(text[:start] + 'materials: "-100"' + text[end:], encoding="utf-8")
    result = _validate(folder)
    assert result.exit_code == 2 and "internal error" not in result.output
    assert f"project.yaml:{line}: valuations[" in result.output and "materials: '-100' is negative" in result.output


def test_a_percentage_written_past_eight_decimal_places_is_refused_at_its_line(tmp_path: Path) -> None:
    # "10.00000000000000000000000000000000000001%" passed, was printed so in the contract, and lost its last
    # digits in the account's arithmetic
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert "share: 30%" in text
    path.write_text(text.replace("share: 30%", "share: 30.000000000001%", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert "project.yaml:" in result.output and "has more than 8 decimal places" in result.output
