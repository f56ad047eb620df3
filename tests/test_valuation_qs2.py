"""A quantity surveyor's check of the measured valuations of samples/warehouse-cn (payment.monthly-progress), with the
figures worked out by hand and read back from the generated documents and workbooks:

- the advance is recovered only once it has been paid (the clause recovers, 扣回, what was advanced, up to its
  amount): an advance not paid by the end of a valuation's period is not deducted from it;
- a valuation carried into the next one (below the minimum certificate) is named in the next one's documents, whose
  "this period" runs from the last certificate;
- the final account payment of a measured contract does not say that the advance is not recovered from the other
  payments (the monthly-progress clause recovers it from the valuations).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from contractkit.cli import main
from tests.docs import docx_text

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "warehouse-cn"
P1_PAID = '  - {on: 2026-02-26, node: P1, type: paid, amount: "3,775,288.50", ref: 银行回单 20260226}\n'


def copy_sample(tmp_path: Path, edit: dict[str, str] | None = None, before_clauses: str = "") -> Path:
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLE, folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (edit or {}).items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    if before_clauses:
        text = text.replace("\nclauses:\n", "\n" + before_clauses + "\nclauses:\n", 1)
    path.write_text(text, encoding="utf-8")
    return folder


def apply(runner: CliRunner, project: Path, node: str, out: Path, as_of: str, *args: str) -> str:
    result = runner.invoke(
        main,
        ["apply", str(project), "--node", node, "-o", str(out), "--as-of", as_of, "--no-pdf", "--allow-missing", *args],
    )
    assert result.exit_code == 0, result.output
    return result.output


def export(runner: CliRunner, project: Path, book: Path, valuation: str, as_of: str) -> None:
    result = runner.invoke(main, ["export", str(project), "-o", str(book), "--valuation", valuation, "--as-of", as_of])
    assert result.exit_code == 0, result.output


def flat(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------------------------- advance not paid


def test_an_advance_not_paid_is_not_recovered(runner: CliRunner, tmp_path: Path) -> None:
    # V02: value to date 9,212,745.00; 80% = 7,370,196.00; retention 3% = 276,382.35; the recovery would be
    # 25% × (9,212,745.00 - 20% × 37,752,885.00 = 7,550,577.00) = 415,542.00, but no advance has been paid:
    # 7,370,196.00 - 276,382.35 - 0.00 = 7,093,813.65 earned, less V01's 2,070,318.25 = 5,023,495.40 (not 4,607,953.40)
    project = copy_sample(tmp_path, {P1_PAID: ""})
    out = tmp_path / "v02"
    apply(runner, project, "V02", out, "2026-04-27")
    statement = flat(docx_text(out / "payment-statement.docx"))
    assert "7.累计扣回的预付款0.00" in statement
    assert "8.累计应付金额（5-6-7）7,093,813.65" in statement
    assert "10.本期应付金额（8-9）5,023,495.40" in statement
    assert "截至本期末已支付预付款人民币0.00元，未支付的部分不予扣回" in statement
    letter = flat(docx_text(out / "application-letter.docx"))
    assert "本期应付进度款为人民币5,023,495.40元" in letter

    # the workbook's summary recovers no more than the advance paid by the end of the period (cell d)
    book = tmp_path / "v02.xlsx"
    result = runner.invoke(
        main, ["export", str(project), "-o", str(book), "--valuation", "V02", "--as-of", "2026-04-27"]
    )
    assert result.exit_code == 0, result.output
    summary = openpyxl.load_workbook(book).worksheets[0]
    cells = {row[0].value: (row[1].value, row[2].value) for row in summary.iter_rows(min_row=5)}
    assert cells["d"] == ("预付款（截至本期末已支付部分）", 0)
    assert cells["7"][1] == "=MIN(C8,MAX(0,ROUND((C15-C9)*C10,2)))"


def test_an_advance_paid_in_part_is_recovered_up_to_what_was_paid(runner: CliRunner, tmp_path: Path) -> None:
    # 300,000.00 of the advance paid on 10 April: V02 recovers min(300,000.00, 415,542.00) = 300,000.00:
    # 7,370,196.00 - 276,382.35 - 300,000.00 = 6,793,813.65 earned, less 2,070,318.25 = 4,723,495.40
    paid = '  - {on: 2026-04-10, node: P1, type: paid, amount: "300,000.00", ref: 银行回单 20260410}\n'
    project = copy_sample(tmp_path, {P1_PAID: paid})
    result = runner.invoke(main, ["status", str(project), "--as-of", "2026-04-27", "--explain"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (
        "advance recovered 300,000.00 = 6,793,813.65 earned; less the earlier periods 2,070,318.25 = 4,723,495.40"
        in (text)
    )
    assert "advance paid by 2026-04-25: 300,000.00 of 3,775,288.50" in text
    out = tmp_path / "v02"
    apply(runner, project, "V02", out, "2026-04-27")
    statement = flat(docx_text(out / "payment-statement.docx"))
    assert "7.累计扣回的预付款300,000.00" in statement
    assert "10.本期应付金额（8-9）4,723,495.40" in statement


def test_the_sample_with_its_advance_paid_is_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    # the advance was paid on 26 February, before V02's period ended: 415,542.00 recovered, 4,607,953.40 due
    result = runner.invoke(main, ["status", str(SAMPLE), "--as-of", "2026-05-01", "--explain"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert (
        "advance recovered 415,542.00 = 6,678,271.65 earned; less the earlier periods 2,070,318.25 = 4,607,953.40"
        in (text)
    )
    assert "advance paid by" not in text


# ------------------------------------------------------------------------------------- minimum: carried forward

CARRIED = """  - id: V06
    title: 第6期进度款（2026年8月）
    period: {from: 2026-07-26, to: 2026-08-25}
    evidence: [工程量计算书, 监理工程师签认的计量记录, 材料及试块检测报告]
    lines:
      - {item: "010401003001", to_date: "300"}
  - id: V07
    title: 第7期进度款（2026年9月）
    period: {from: 2026-08-26, to: 2026-09-25}
    evidence: [工程量计算书, 监理工程师签认的计量记录, 材料及试块检测报告]
    lines:
      - {item: "010901002001", to_date: "14,000"}
      - {item: "010101002001", to_date: "18,000"}
  - id: V08
    title: 第8期进度款（2026年10月）
    period: {from: 2026-09-26, to: 2026-10-25}
    evidence: [工程量计算书, 监理工程师签认的计量记录, 材料及试块检测报告]
    lines:
      - {item: "011101001001", to_date: "6,000"}
"""


def test_valuations_below_the_minimum_are_named_in_the_next(runner: CliRunner, tmp_path: Path) -> None:
    # V06: +100 m³ brick wall × 610.00 = 61,000.00, and V05's 650,000.00 of materials no longer stated: value
    # 29,402,085.00, earned 18,864,316.95, -453,530.00 against V05's 19,317,846.95: no certificate.
    # V07: +6,000 m² roof × 185.00 = 1,110,000.00, an omission of 200 m³ excavation × 14.60 = -2,920.00:
    # value 30,509,165.00, 80% 24,407,332.00 - 915,274.95 - 3,775,288.50 = 19,716,768.55; 398,921.60 < 500,000.00.
    # V08: +6,000 m² wall cladding × 146.00 = 876,000.00: value 31,385,165.00, 80% 25,108,132.00 - retention
    # 941,554.95 - advance 3,775,288.50 = 20,391,288.55, less 19,317,846.95 = 1,073,441.60; the work since the last
    # certificate (V05) is 61,000.00 + 1,110,000.00 - 2,920.00 + 876,000.00 = 2,044,080.00
    paid = '  - {on: 2026-08-20, node: V05, type: paid, amount: "7,089,802.50"}\n'
    project = copy_sample(
        tmp_path, {"  - {on: 2026-08-18, node: V05": paid + "  - {on: 2026-08-18, node: V05"}, CARRIED
    )
    out = tmp_path / "v08"
    apply(runner, project, "V08", out, "2026-10-26")
    carried = "并入第6期、第7期（2026年7月26日至2026年9月25日）未签发进度款支付证书的计量结果"
    statement = flat(docx_text(out / "payment-statement.docx"))
    assert f"计量周期：2026年9月26日至2026年10月25日（{carried}）" in statement
    assert "9.减：以前各期应付进度款累计金额19,317,846.95" in statement
    assert "10.本期应付金额（8-9）1,073,441.60" in statement
    assert "本期完成工作价值2,044,080.00" in statement
    letter = flat(docx_text(out / "application-letter.docx"))
    assert f"其中本期完成工作价值人民币2,044,080.00元（{carried}）" in letter
    sheet = flat(docx_text(out / "measurement-sheet.docx"))
    assert f"第8期（2026年9月26日至2026年10月25日，{carried}）完成的工程量" in sheet

    english = tmp_path / "v08-en"
    apply(runner, project, "V08", english, "2026-10-26", "--lang", "en")
    text = " ".join(docx_text(english / "payment-statement.docx").split())
    assert (
        "(including the measurement of valuations Nos. 6 and 7 (26 July 2026 to 25 September 2026), for which no "
        "payment certificate was issued)" in text
    )

    book = tmp_path / "v08.xlsx"
    result = runner.invoke(
        main, ["export", str(project), "-o", str(book), "--valuation", "V08", "--as-of", "2026-10-26"]
    )
    assert result.exit_code == 0, result.output
    valuation = openpyxl.load_workbook(book).worksheets[1]
    assert carried in valuation["A2"].value

    # a valuation following a certified one names none
    out = tmp_path / "v05"
    apply(runner, project, "V05", out, "2026-07-27")
    assert "并入" not in docx_text(out / "payment-statement.docx")


# ------------------------------------------------------------------------------------------------ final account


def test_measured_final_account_does_not_say_the_advance_is_not_recovered(runner: CliRunner, tmp_path: Path) -> None:
    # PF as the file stands: 38,663,885.00 (price + V1) - P1 3,775,288.50 - V01..V05 19,317,846.95 - retention on the
    # final account min(3% × 38,663,885.00, 1,132,586.55) = 1,132,586.55 = 14,438,163.00
    calendar = "calendar: {holidays: [2027-01-01], workdays: [], through: 2027-12-31}\nescalation:"
    project = copy_sample(tmp_path, {"escalation:": calendar})
    out = tmp_path / "pf"
    apply(runner, project, "PF", out, "2026-11-20")
    statement = flat(docx_text(out / "payment-statement.docx"))
    assert "人民币14,438,163.00元" in statement
    assert "不从其他各期款项中扣回" not in statement
