"""Hostile user templates (cases/templates.yaml) and damaged .docx files: exit 2, naming the template and the tag.

Every case goes through `draft --templates`; the first of each command's own templates is made hostile
for `apply`, `demand` and `report` too, since all of them render through the same sandbox.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from contractkit.model import sandbox
from contractkit.model.clauses import resource_dir
from tests.hostile.harness import attempt, command, sample_project

CASES = yaml.load((Path(__file__).parent / "cases" / "templates.yaml").read_text("utf-8"), Loader=yaml.BaseLoader)
#: The template each command renders first, in Chinese.
FIRST_TEMPLATE = {
    "draft": "contract.zh.docx",
    "apply": "apply-letter.zh.docx",
    "demand": "demand-notice.zh.docx",
    "report": "report.zh.docx",
}


def _template(text: str) -> bytes:
    document = Document()
    document.add_paragraph("本合同由双方签订。")
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _folder(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A templates folder with the bundled templates; returns it and the path of the command's first template."""
    folder = tmp_path / "templates"
    shutil.copytree(resource_dir("templates"), folder)
    return folder, folder / FIRST_TEMPLATE[name]


@pytest.fixture(autouse=True)
def _short_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 2.0)


def _cases() -> list[Any]:
    params = [pytest.param(case, "draft", id=f"{case['name']}-draft") for case in CASES["cases"]]
    for name in ("apply", "demand", "report"):
        for case in CASES["cases"][::6]:  # every sixth case through the other renderers too
            params.append(pytest.param(case, name, id=f"{case['name']}-{name}"))
    return params


@pytest.mark.parametrize(("case", "name"), _cases())
def test_hostile_template(tmp_path: Path, case: dict[str, str], name: str) -> None:
    project = sample_project(tmp_path / "p")
    folder, template = _folder(tmp_path, name)
    template.write_bytes(_template(case["text"]))
    out = tmp_path / "out"
    out.mkdir()
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    outcome = attempt(
        [*command(name, project, out), "--templates", str(folder)], project=project, out=out, exits=[2], seconds=30
    )
    assert str(template) in outcome.output and case["message"] in outcome.output, outcome.output
    if case["name"] not in ("an unknown name", "lipsum globals"):  # refused by name before rendering
        assert "(at paragraph 2: " in outcome.output, outcome.output  # the tag is named
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def _zip(entries: dict[str, bytes], level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return buffer.getvalue()


def _with_document(xml: bytes) -> bytes:
    """A real template with its document part replaced."""
    source = zipfile.ZipFile(io.BytesIO(_template("x")))
    return _zip({n: (xml if n == "word/document.xml" else source.read(n)) for n in source.namelist()})


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    + b"<w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)

#: name -> (the template file's bytes, or None for a special file made by the test; what the message says)
DAMAGED: dict[str, tuple[Callable[[], bytes] | None, str]] = {
    "an empty file": (lambda: b"", "empty file"),
    "text, not a zip": (lambda: b"{{ contract.number }}", "not a zip archive"),
    "a truncated .docx": (lambda: _template("x")[:2000], "not a zip archive"),
    "a zip without a document": (lambda: _zip({"hello.txt": b"hi"}), "no word/document.xml"),
    "a zip bomb": (lambda: _zip({"word/document.xml": b"\0" * (201 * 1024 * 1024)}, level=1), "zip bomb"),
    "an XML entity bomb": (lambda: _with_document(_LAUGHS), "not a usable .docx template"),
    "broken XML": (lambda: _with_document(b"<w:document><w:body>"), "not a usable .docx template"),
    "a folder": (None, "this is a folder"),
    "a FIFO": (None, "not a regular file"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_damaged_template_file(tmp_path: Path, damage: str) -> None:
    project = sample_project(tmp_path / "p")
    folder, template = _folder(tmp_path, "draft")
    make, message = DAMAGED[damage]
    template.unlink()
    if damage == "a folder":
        template.mkdir()
    elif damage == "a FIFO":
        os.mkfifo(template)
    else:
        assert make is not None
        template.write_bytes(make())
    out = tmp_path / "out"
    out.mkdir()
    outcome = attempt(
        [*command("draft", project, out), "--templates", str(folder)], project=project, out=out, exits=[2], seconds=30
    )
    assert str(template) in outcome.output and message in outcome.output, outcome.output
