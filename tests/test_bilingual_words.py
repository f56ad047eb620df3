"""A bilingual document built from a project written "English / 中文": each language's sentences name the project
(and the node applied for) in that language; the tables both languages share show the words as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES

AS_OF = "2026-11-29"
NAME = "Capas 60 MWp Solar PV Power Plant and 69 kV Interconnection / 卡帕斯60 MWp光伏电站及69 kV送出工程"
NODE = "Interim payment 2 - mechanical completion / 第二期进度款：机械完工"
CJK = re.compile("[\u4e00-\u9fff]")


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "epc"
    shutil.copytree(SAMPLES / "epc-intl", folder)
    return folder


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _sentences(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def _cells(path: Path) -> list[str]:
    return [c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells]


def _one_language(sentences: list[str]) -> None:
    """No sentence carries both sides of the project's name or the node's title."""
    for paragraph in sentences:
        for text in paragraph.splitlines():  # a bilingual heading: the Chinese line, then the English line
            assert NAME not in text and NODE not in text, text
            if "卡帕斯" in text:
                assert "Capas 60 MWp Solar" not in text, text


def test_a_bilingual_letter_names_the_project_in_each_language(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "letters"
    out.mkdir()
    letter = out / "final.docx"
    _run("demand", str(project), "--node", "P3", "--stage", "final", "--as-of", AS_OF, "-o", str(letter))
    sentences = _sentences(letter)
    _one_language(sentences)
    assert any("《卡帕斯60 MWp光伏电站及69 kV送出工程》合同" in s for s in sentences)
    assert any("for Capas 60 MWp Solar PV Power Plant and 69 kV Interconnection (Contract No." in s for s in sentences)
    summary = next(out.glob("*case-summary.docx"))
    _one_language(_sentences(summary))
    assert NAME in _cells(summary)  # 项目 Project: the shared table keeps it as written


def test_a_bilingual_pack_names_the_project_and_node_in_each_language(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "pack"
    _run("apply", str(project), "--node", "P3", "--as-of", AS_OF, "-o", str(out), "--allow-missing", "--no-pdf")
    letter = _sentences(out / "application-letter.docx")
    _one_language(letter)
    assert any("付款节点“第二期进度款：机械完工”的付款条件为" in s for s in letter)
    assert any("the milestone for the payment node “Interim payment 2 - mechanical completion” is" in s for s in letter)
    for name in ("payment-statement.docx", "progress-summary.docx", "evidence-index.docx"):
        cells = _cells(out / name)
        assert NAME in cells, name
        assert f"P3 {NODE}" in cells, name
        _one_language(_sentences(out / name))


def test_a_bilingual_report_names_the_project_in_each_language(tmp_path: Path) -> None:
    project = _project(tmp_path)
    out = tmp_path / "report.docx"
    _run("report", str(project), "--as-of", AS_OF, "-o", str(out))
    _one_language(_sentences(out))
    assert any("现将《卡帕斯60 MWp光伏电站及69 kV送出工程》" in s for s in _sentences(out))
    assert NAME in _cells(out)
