"""A sum held back is named for why it is held: a sum a certificate left out is not one the client disputed, and a
letter that said "you dispute" of it would put words in the client's mouth."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample

AFTER = "  - {on: 2026-06-20, node: P2, type: paid,"
# P3 of the fit-out: 996,000.00 applied for, 950,000.00 certified (46,000.00 left out), 300,000.00 paid
P3 = (
    "  - {on: 2026-08-01, node: P3, type: acceptance_requested, ref: 竣工验收申请}\n"
    '  - {on: 2026-08-01, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}\n'
    "  - {on: 2026-08-10, node: P3, type: accepted, ref: 竣工验收记录}\n"
    '  - {on: 2026-08-12, node: P3, type: certified, amount: "950,000.00", by: 监理 张工, ref: 审核单}\n'
    '  - {on: 2026-08-12, node: P3, type: invoiced, amount: "950,000.00", ref: 发票 No.0311-0003}\n'
    '  - {on: 2026-09-01, node: P3, type: paid, amount: "300,000.00", ref: 银行回单 20260901}\n'
)
DISPUTE = '  - {on: 2026-08-12, node: P3, type: disputed, amount: "20,000.00", reason: 吊顶平整度不合格}\n'


def _letter(tmp_path: Path, lang: str, *ledger: str, stage: str = "notice") -> str:
    folder = copy_sample("fitout-cn", tmp_path / f"fitout-{lang}-{stage}", (AFTER, "".join(ledger) + AFTER))
    out = tmp_path / f"{stage}-{lang}.docx"
    args = ["demand", str(folder), "--node", "P3", "--stage", stage, "--as-of", "2026-11-29", "--lang", lang]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return " ".join(docx_text(out).split())


def test_a_sum_left_out_of_a_certificate_is_not_called_disputed(tmp_path: Path) -> None:
    zh = _letter(tmp_path, "zh", P3)
    assert "上述欠款不含贵方证书未予确认、尚待解决的人民币46,000.00元" in zh
    assert "（另有未获证书确认人民币46,000.00元）" in zh
    assert "提出异议" not in zh and "另有争议" not in zh
    en = _letter(tmp_path, "en", P3)
    assert "The sums above leave out CNY 46,000.00 that your certificate left out and that remains to be resolved" in en
    assert "(and CNY 46,000.00 not certified)" in en
    assert "disputed)" not in en and "that you dispute" not in en


def test_a_disputed_sum_is_still_called_disputed(tmp_path: Path) -> None:
    text = _letter(tmp_path, "en", P3.replace("950,000.00", "996,000.00"), DISPUTE)
    assert "that you dispute and that remains to be resolved" in text and "certificate left out" not in text


def test_the_bilingual_letter_says_it_in_both_columns(tmp_path: Path) -> None:
    text = _letter(tmp_path, "bilingual", P3, stage="reminder")
    assert "其中人民币46,000.00元贵方证书未予确认、尚待解决，不在本函催告之列" in text
    assert "of which CNY 46,000.00 was left out of your certificate and yet to be resolved" in text
