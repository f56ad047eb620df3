"""The drafted contract states the VAT the letters claim: a price silent on VAT includes it (VAT Act 1994
s.19(2)), so where ``contract.vat`` makes the letters add VAT, sub-clause 2.1 says the price is net of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.docs import docx_text


def _draft(runner: CliRunner, project: Path, out: Path, lang: str) -> str:
    result = runner.invoke(main, ["draft", str(project), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    return docx_text(out)


def _sub_clauses(text: str, number: str) -> list[str]:
    """The paragraphs numbered ``number`` (two in a bilingual draft: the Chinese and the English column)."""
    return [line.removeprefix(number) for line in text.splitlines() if line.startswith(number)]


@pytest.fixture
def fitout_with_vat(tmp_path: Path) -> Path:
    folder = tmp_path / "fitout-vat"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\n  retention: 3%\n") == 1
    path.write_text(text.replace("\n  retention: 3%\n", "\n  retention: 3%\n  vat: 9%\n"), encoding="utf-8")
    return folder


def test_english_contract_with_vat_says_the_price_and_schedule_are_net_of_it(runner: CliRunner, tmp_path: Path) -> None:
    text = _draft(runner, SAMPLES / "software-uk", tmp_path / "c.docx", "en")
    [price] = _sub_clauses(text, "2.1")
    assert price == (
        "The Contract Price is GBP 360,000.00 (Three Hundred and Sixty Thousand Pounds Only). The Contract Price "
        "and every amount in the payment schedule in Clause 3 are exclusive of value added tax (VAT). The Client "
        "shall pay VAT on them in addition, at the rate of 20%, against a valid VAT invoice from the Supplier."
    )


def test_chinese_contract_with_vat_says_the_price_and_schedule_are_net_of_it(
    runner: CliRunner, tmp_path: Path, fitout_with_vat: Path
) -> None:
    text = _draft(runner, fitout_with_vat, tmp_path / "c.docx", "zh")
    [price] = _sub_clauses(text, "2.1")
    assert price == (
        "本合同总价为人民币2,400,000.00元（大写：人民币贰佰肆拾万元整），币种为人民币。"
        "合同价款及第3条付款计划表所列各期付款金额均不含增值税。"
        "发包人应当凭承包人开具的合法有效的增值税发票，按9%的税率另行支付增值税。"
    )


def test_bilingual_contract_states_vat_in_both_columns(
    runner: CliRunner, tmp_path: Path, fitout_with_vat: Path
) -> None:
    text = _draft(runner, fitout_with_vat, tmp_path / "c.docx", "bilingual")
    zh, en = _sub_clauses(text, "2.1")
    assert "均不含增值税" in zh and "按9%的税率另行支付增值税" in zh
    assert "exclusive of value added tax (VAT)" in en and "at the rate of 9%" in en


_PRICE_ZH = "本合同总价为人民币2,400,000.00元（大写：人民币贰佰肆拾万元整），币种为人民币。"
_PRICE_EN = "The Contract Price is CNY 2,400,000.00 (Two Million Four Hundred Thousand Yuan Only)."


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh", [_PRICE_ZH]), ("en", [_PRICE_EN]), ("bilingual", [_PRICE_ZH, _PRICE_EN])]
)
def test_contract_without_vat_drafts_the_price_as_before(
    runner: CliRunner, tmp_path: Path, lang: str, expected: list[str]
) -> None:
    text = _draft(runner, SAMPLES / "fitout-cn", tmp_path / "c.docx", lang)
    assert _sub_clauses(text, "2.1") == expected
    assert "增值税" not in text and "VAT" not in text
