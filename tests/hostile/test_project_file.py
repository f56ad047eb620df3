"""Hostile and clumsy project files through every command: cases/project_file.yaml, one located error each."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.hostile.harness import COMMANDS, attempt, command, sample_project

CASES = yaml.load((Path(__file__).parent / "cases" / "project_file.yaml").read_text("utf-8"), Loader=yaml.BaseLoader)
LONG_NUMBER = "HT-" + "7" * 497


def _generate(kind: str, project: Path) -> None:
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    if kind == "deep-flow":
        text = text.replace("escalation: {", "deep: " + "[" * 10_000 + "]" * 10_000 + "\nescalation: {", 1)
    elif kind == "deep-block":
        text += "deep:\n  " + "- " * 10_000 + "x\n"  # nested block lists, each "- " one level deeper
    elif kind == "long-requirement":
        text = text.replace("evidence: [预付款保函, 预付款收据]", "evidence: [" + "保" * 1200 + ", 预付款收据]", 1)
    elif kind == "huge-file":
        text += "# " + "x" * (21 * 1024 * 1024) + "\n"
    elif kind == "latin-1":
        path.write_bytes(text.encode("utf-8").replace("浦东某办公楼".encode(), "caf\xe9".encode("latin-1"), 1))
        return
    elif kind == "long-number":
        text = text.replace("number: HT-2026-017", f"number: {LONG_NUMBER}", 1)
    else:
        raise AssertionError(kind)
    path.write_text(text, encoding="utf-8")


def _cases() -> list[Any]:
    return [pytest.param(case, name, id=f"{case['name']}-{name}") for case in CASES["cases"] for name in COMMANDS]


@pytest.mark.parametrize(("case", "name"), _cases())
def test_hostile_project_file(tmp_path: Path, case: dict[str, Any], name: str) -> None:
    project = sample_project(tmp_path / "p")
    for old, new in (case.get("replace") or {}).items():
        text = (project / "project.yaml").read_text(encoding="utf-8")
        assert old in text, old
        # the case files write YAML escapes (\ud800) as text: they reach the loader as the user wrote them
        (project / "project.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    if "generate" in case:
        _generate(case["generate"], project)
    out = tmp_path / "out"
    out.mkdir()
    exits = [int(code) for code in case["exit"].split()]
    outcome = attempt(command(name, project, out), project=project, out=out, exits=exits)
    if case["message"]:
        assert re.search(case["message"], outcome.output), outcome.output


def test_a_long_contract_number_is_cut_in_the_document_properties_only(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p")
    _generate("long-number", project)
    attempt(command("draft", project, tmp_path), project=project, exits=[0])
    with zipfile.ZipFile(tmp_path / "c.docx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    subject = re.search(r"<dc:subject>(.*?)</dc:subject>", core)
    assert subject and len(subject.group(1)) == 255 and subject.group(1).endswith("…")
    assert LONG_NUMBER in body


def test_a_project_file_that_is_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "project.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        outcome = attempt(["validate", str(path)], exits=[2], seconds=10)
        assert "not a regular file" in outcome.output
