"""A node whose undisputed part is paid and whose disputed part is held (state ``disputed``) in every document
that states a node's state: the progress summary of a pack and the workbook's statement of account. Both ended
in an internal error (KeyError) until the state had its words; every state and every waiting reason has them."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from click.testing import CliRunner

from contractkit.account.account import NodeState
from contractkit.account.dates import Waiting
from contractkit.cli import main
from contractkit.documents.pack import state_label
from tests.conftest import SAMPLES
from tests.docs import docx_text

ZH = "无争议部分已付清，争议部分待解决"
EN = "undisputed part paid; the disputed part is pending"


@pytest.fixture()
def disputed(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    accepted = "  - {on: 2026-05-15, node: P2, type: accepted"
    dispute = (
        '  - {on: 2026-05-14, node: P2, type: disputed, amount: "520,000.00", reason: 吊顶工程量有争议, '
        "ref: 发包人异议函}\n"
    )
    path.write_text(text.replace(accepted, dispute + accepted, 1), encoding="utf-8")
    return folder


def test_the_state_is_disputed(runner: CliRunner, disputed: Path) -> None:
    result = runner.invoke(main, ["status", str(disputed), "--as-of", "2026-11-29", "--json"])
    assert result.exit_code == 0, result.output
    assert '"state": "disputed"' in result.output


def test_a_pack_states_the_disputed_node(runner: CliRunner, disputed: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    args = ["apply", str(disputed), "--node", "P3", "-o", str(out), "--as-of", "2026-11-29", "--no-pdf"]
    result = runner.invoke(main, [*args, "--allow-missing"])
    assert result.exit_code == 0, result.output
    assert ZH in docx_text(out / "progress-summary.docx")


@pytest.mark.parametrize(("lang", "words"), [("zh", ZH), ("en", EN)])
def test_the_workbook_states_the_disputed_node(
    runner: CliRunner, disputed: Path, tmp_path: Path, lang: str, words: str
) -> None:
    out = tmp_path / "w.xlsx"
    result = runner.invoke(main, ["export", str(disputed), "-o", str(out), "--as-of", "2026-11-29", "--lang", lang])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(words in cell for cell in cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_state_and_waiting_reason_has_words(lang: str) -> None:
    for state in NodeState:
        if state is NodeState.WAITING:
            for reason in Waiting:
                if reason.value:  # the empty reason belongs to nodes that wait for nothing
                    node = SimpleNamespace(state=state, due=SimpleNamespace(waiting=reason))
                    assert state_label(node, lang)  # type: ignore[arg-type]
        else:
            assert state_label(SimpleNamespace(state=state, due=None), lang)  # type: ignore[arg-type]
