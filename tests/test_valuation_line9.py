"""Line 9 of a valuation's statement (the earlier valuations as measured) beside the certificates on record.

The account keeps what a certificate leaves out on the valuation it belongs to (held until resolved, as the
status of that node says); line 9 therefore sums the earlier valuations as measured. Where that is not the
certificates on record, the statement says what line 9 is made of, with the account's figures, and the parts
add up to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import copy_sample

LINE_9 = "12,228,044.45"  # V01-V04 as measured: 2,070,318.25 + 4,607,953.40 + 2,198,362.40 + 3,351,410.40
V03_CERTIFIED = '  - {on: 2026-06-01, node: V03, type: certified, amount: "2,198,362.40"'
V03_PAID = '  - {on: 2026-06-12, node: V03, type: paid, amount: "2,198,362.40"'


def _project(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    return copy_sample("warehouse-cn", tmp_path / "p", *edits, count=1)


def _note(runner: CliRunner, folder: Path, tmp_path: Path, lang: str) -> list[str]:
    check = runner.invoke(main, ["validate", str(folder)])
    assert check.exit_code == 0, check.output
    out = tmp_path / f"pack-{lang}"
    args = ["apply", str(folder), "--node", "V05", "-o", str(out), "--as-of", "2026-07-27", "--no-pdf"]
    result = runner.invoke(main, [*args, "--lang", lang, "--allow-missing"])
    assert result.exit_code == 0, result.output
    text = docx_text(out / "payment-statement.docx")
    assert f"\n{LINE_9}\n" in text
    return [line for line in text.split("\n") if line.startswith(("第9行", "Line 9"))]


def test_certificates_as_measured_need_no_note(runner: CliRunner, tmp_path: Path) -> None:
    assert _note(runner, _project(tmp_path), tmp_path, "zh") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_certificate_for_less_is_held_on_its_valuation(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    folder = _project(
        tmp_path,
        (V03_CERTIFIED, V03_CERTIFIED.replace("2,198,362.40", "2,000,000.00")),
        (V03_PAID, V03_PAID.replace("2,198,362.40", "2,000,000.00")),
    )
    (note,) = _note(runner, folder, tmp_path, lang)
    if lang == "zh":
        assert note == (
            "第9行为以前各期按计量应付进度款金额之和，其中：已确认（含视为确认及协商确认）人民币12,029,682.05元；"
            "未获确认或有异议、待解决人民币198,362.40元（在V03项下主张）。"
        )
    else:
        assert (
            "CNY 12,029,682.05 certified, deemed certified or agreed; CNY 198,362.40 not certified or disputed" in note
        )
        assert note.startswith("Line 9 is the sum of the amounts due on the earlier valuations as measured, of which:")
        assert "disputed and not yet resolved (claimed under V03)" in note
    status = runner.invoke(main, ["status", str(folder), "--as-of", "2026-07-27", "--json"])
    assert '"held": "198362.40"' in status.output  # the status of V03 says the same


def test_paid_in_full_all_the_same_and_a_resolution(runner: CliRunner, tmp_path: Path) -> None:
    paid_anyway = _project(tmp_path / "a", (V03_CERTIFIED, V03_CERTIFIED.replace("2,198,362.40", "2,000,000.00")))
    (note,) = _note(runner, paid_anyway, tmp_path / "a", "zh")
    assert note.endswith(
        "已确认（含视为确认及协商确认）人民币12,029,682.05元；未获确认或有异议但已支付人民币198,362.40元。"
    )
    resolved = _project(
        tmp_path / "b",
        (V03_CERTIFIED, V03_CERTIFIED.replace("2,198,362.40", "2,000,000.00")),
        (V03_PAID, '  - {on: 2026-06-20, node: V03, type: resolved, amount: "100,000.00", ref: 会议纪要}\n' + V03_PAID),
        (V03_PAID, V03_PAID.replace("2,198,362.40", "2,100,000.00")),
    )
    (note,) = _note(runner, resolved, tmp_path / "b", "zh")
    # 12,129,682.05 + 98,362.40 = line 9
    assert "已确认（含视为确认及协商确认）人民币12,129,682.05元；经协商不再主张人民币98,362.40元" in note


def test_a_valuation_never_applied_for(runner: CliRunner, tmp_path: Path) -> None:
    text = (SAMPLES / "warehouse-cn" / "project.yaml").read_text(encoding="utf-8")
    v02 = [line + "\n" for line in text.split("\n") if "node: V02," in line]
    assert len(v02) == 3  # applied, certified, paid
    folder = _project(tmp_path, *((line, "") for line in v02))
    (note,) = _note(runner, folder, tmp_path, "en")
    assert note.endswith("CNY 4,607,953.40 not yet applied for (V02, to be applied for separately).")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_contract_states_the_rule_line_9_applies(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    """The monthly-progress clause said 'less the earlier payment certificates' while the engine deducts the
    earlier periods' amounts as measured and keeps what a certificate leaves out on its own period: the clause
    now says so, and that such a part is not applied for again."""
    out = tmp_path / "c.docx"
    result = runner.invoke(main, ["draft", str(SAMPLES / "warehouse-cn"), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    if lang == "zh":
        assert (
            "再减去以前各期依本条计算的应付进度款金额之和。某期进度款支付证书未予确认或者有异议的部分，仍属该期的应付款项"
            in text
        )
        assert "不在以后各期重复申请" in text and "以前各期进度款支付证书的累计金额" not in text
    else:
        assert "less the total of the amounts due for the earlier periods under this Clause" in text
        assert "is not applied for again in a later period" in text and "earlier payment certificates" not in text
