"""What comes from the command line and the environment: dates, odd consoles, odd names, a broken font setting."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.harness import attempt, command, sample_project

DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2026-02-30", "tomorrow", ""]


@pytest.mark.parametrize("value", DATES)
@pytest.mark.parametrize("name", ["status", "apply", "demand", "report"])
def test_as_of_outside_the_calendar_is_refused(tmp_path: Path, name: str, value: str) -> None:
    project = sample_project(tmp_path / "p")
    args = command(name, project, tmp_path)
    args[args.index("--as-of") + 1] = value
    outcome = attempt(args, project=project, out=tmp_path, exits=[2])
    assert "--as-of" in outcome.output, outcome.output


@pytest.mark.parametrize("value", ["0001-01-01", "2200-01-01", "2026-13-01"])
def test_since_outside_the_calendar_is_refused(tmp_path: Path, value: str) -> None:
    project = sample_project(tmp_path / "p")
    outcome = attempt([*command("report", project, tmp_path), "--since", value], project=project, exits=[2])
    assert "--since" in outcome.output


def _text_font(tmp: Path) -> str:
    (tmp / "font.ttf").write_text("not a font", encoding="utf-8")
    return str(tmp / "font.ttf")


def _fifo_font(tmp: Path) -> str:
    os.mkfifo(tmp / "pipe.ttf")
    return str(tmp / "pipe.ttf")


def _folder_font(tmp: Path) -> str:
    (tmp / "dir.ttf").mkdir()
    return str(tmp / "dir.ttf")


FONTS: dict[str, tuple[Callable[[Path], str], str]] = {
    "not a font file name": (lambda tmp: "/etc/passwd", "not a .ttf, .otf or .ttc font file"),
    "text named .ttf": (_text_font, "cannot be read as a font"),
    "a missing file": (lambda tmp: str(tmp / "nowhere.ttf"), "no such file"),
    "a pipe named .ttf": (_fifo_font, "not a regular file"),
    "a folder named .ttf": (_folder_font, "this is a folder"),
    "a font without Chinese": (lambda tmp: _latin_font(), "has no Chinese characters"),
}


def _latin_font() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


@pytest.mark.parametrize("font", sorted(FONTS))
@pytest.mark.parametrize("name", ["apply", "report"])
def test_a_broken_cjk_font_setting_is_named(tmp_path: Path, name: str, font: str) -> None:
    make, message = FONTS[font]
    project = sample_project(tmp_path / "p")
    out = tmp_path / "out"
    out.mkdir()
    value = make(tmp_path)
    outcome = attempt(
        command(name, project, out), project=project, out=out, exits=[2], env={"CONTRACTKIT_CJK_FONT": value}
    )
    assert f"CONTRACTKIT_CJK_FONT={value}" in outcome.output and message in outcome.output, outcome.output


def _run(args: list[str | bytes], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "contractkit", *args],
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_an_ascii_console_gets_every_command_s_output(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p")
    (tmp_path / "folder").mkdir()
    sample_project(tmp_path / "folder" / "a")
    (tmp_path / "folder" / "b").mkdir()
    (tmp_path / "folder" / "b" / "project.yaml").write_text('contractkit: 1\nproject: {name: "工\\ud800程"}\n', "utf-8")
    ascii_console = {"PYTHONIOENCODING": "ascii"}
    runs = {
        "validate": (["validate", str(project)], 0),
        "status": (["status", str(project), "--as-of", "2026-11-29"], 0),
        "portfolio": (["status", str(tmp_path / "folder"), "--as-of", "2026-11-29"], 2),
        "clauses": (["clauses", "list", "--lang", "zh"], 0),
        "draft into a folder with a Chinese name": (["draft", str(project), "-o", str(tmp_path / "合同.docx")], 0),
    }
    for name, (args, code) in runs.items():
        done = _run(list(args), ascii_console)
        text = (done.stdout + done.stderr).decode("utf-8", errors="replace")  # click writes UTF-8 regardless
        assert done.returncode == code and "Traceback" not in text and "internal error" not in text, (name, text)
    assert (tmp_path / "合同.docx").exists()


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p")
    target = os.fsencode(tmp_path) + b"/\xff\xfe.docx"
    done = _run(["draft", str(project), "-o", target], {})
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert os.path.exists(target) and b"\\udcff" in done.stdout  # the name is shown, escaped
