"""Excel in and out: the exported workbook's cells (formulas evaluated as a spreadsheet would) against the account,
the export → edit → import round trip, and hostile workbooks, each refused at its cell."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.cli import main
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.measured_projects import realistic, write_with_evidence
from tests.projects import base, copy_sample, measured_base, write_project
from tests.xlsx_eval import Workbook

D = Decimal
AS_OF = "2026-07-01"


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    write_with_evidence(folder, measured_base())
    return folder


def export(runner: CliRunner, out: Path, *projects: Path, args: tuple[str, ...] = ()) -> Any:
    result = runner.invoke(main, ["export", *map(str, projects), "-o", str(out), "--as-of", AS_OF, *args])
    assert result.exit_code == 0, result.output
    return result


def table(book: Workbook, sheet: str) -> dict[str, list[Any]]:
    """A sheet's rows keyed by the text of their first cell (the line number or the item code)."""
    return {str(r[0]): r for r in book.rows(sheet) if r and r[0] is not None}


def test_the_exported_valuation_gives_the_accounts_figures(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    result = export(runner, out, small)
    assert "计量汇总 M03, 计量明细 M03, 工程量清单, 变更项目, 对账单, 账龄" in result.output
    book = Workbook(out)
    summary = table(book, "计量汇总 M03")
    assert summary["4"][2] == D("77340.00") and summary["5"][2] == D("61872.00")
    assert summary["6"][2] == D("2000") and summary["7"][2] == D("10000")  # the limit; all of the advance
    assert summary["8"][2] == D("49872.00") and summary["9"][2] == D("11600")
    assert summary["10"][2] == D("38272.00") and summary["11"][2] == D("27160.00")
    rows = table(book, "计量明细 M03")
    assert rows["B2"][6:16] == [D("10500.00"), D("0"), D("1.2"), D("1.2"), D("0.00"), D("5040.00"), D("6300"),
                               D("11340.00"), D("1.08"), D("-840.00")]  # fmt: skip
    total = next(r for r in book.rows("计量明细 M03") if r[2] == "合计")
    assert total[6] == D("104500.00") and total[13] == D("77340.00") and total[11] == D("56540.00")
    assert table(book, "工程量清单")["B1"][6] == D("70000.00")
    account = build_account(load_project(small), dt.date(2026, 7, 1))
    statement = table(book, "对账单")
    for node in account.nodes:
        row = next(r for r in book.rows("对账单") if r[1] == node.id)
        assert (row[4], row[7], row[8], row[9], row[11]) == (
            node.amount,
            node.paid,
            node.held,
            node.outstanding,
            node.accrued_interest,
        )
    assert statement["T-M"][9] == sum((n.outstanding for n in account.nodes), D(0))
    aging = book.rows("账龄")
    m03 = next(r for r in aging if r[2] == "M03")
    assert m03[5] == D(16) and m03[6] == D("38272") and m03[7] == "1-30"
    assert next(r for r in aging if r[0] == "CNY")[2] == D("38272")


def test_formats_frozen_headers_and_formulas_a_pm_can_follow(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    export(runner, out, small, args=("--lang", "en"))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary M03", "Valuation M03", "Bill", "Variations", "Account", "Aging"]
    valuation = book["Valuation M03"]
    assert valuation.freeze_panes == "D6"  # header on row 5, item code to description kept in view
    assert valuation["N6"].value == "=ROUND(I6*F6,2)+M6" and valuation["G6"].number_format.startswith('"¥"#,##0.00')
    assert valuation["O6"].number_format == "0.00%"
    summary = book["Summary M03"]
    assert summary.freeze_panes == "A5"
    assert any(str(c.value).startswith("=IF(AND(") for row in summary.iter_rows() for c in row)
    assert book["Aging"]["B2"].number_format == "yyyy-mm-dd"


def _recalculated_by_libreoffice(workbook: Path, lang: str) -> dict[str, list[list[str]]]:
    """Every sheet of ``workbook`` as LibreOffice Calc computes it, cell values unformatted."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed (CI installs it)"
    out = workbook.parent / f"calc-{lang}"
    # CSV export of every sheet (the last token, -1), UTF-8, values as stored rather than as formatted
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = (workbook.parent / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", csv_filter,
         "--outdir", str(out), str(workbook)],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    sheets = {p.stem.removeprefix(f"{workbook.stem}-"): p for p in out.glob("*.csv")}
    assert sheets, "LibreOffice Calc could not open the workbook (Debian: apt-get install libreoffice-calc-nogui)"
    return {name: list(csv.reader(path.read_text(encoding="utf-8").splitlines())) for name, path in sheets.items()}


def _as_number(text: str) -> Decimal | None:
    try:
        return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except InvalidOperation:
        return None


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice Calc")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_libreoffice_calc_computes_every_formula_as_the_account_does(
    runner: CliRunner, small: Path, tmp_path: Path, lang: str
) -> None:
    """The workbook carries formulas, not figures: a PM opening it in a spreadsheet sees what the spreadsheet
    computes. LibreOffice computes every cell of every sheet to the figure the tests above hold to the account."""
    out = tmp_path / f"m-{lang}.xlsx"
    export(runner, out, small, args=("--lang", lang))
    ours = Workbook(out)
    calc = _recalculated_by_libreoffice(out, lang)
    assert set(calc) == set(ours.book.sheetnames)
    formulas = 0
    for sheet, rows in calc.items():
        ws = ours.book[sheet]
        for r, row in enumerate(ours.rows(sheet), start=1):
            for c, value in enumerate(row, start=1):
                raw = ws.cell(r, c).value
                theirs = calc[sheet][r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else ""
                if isinstance(value, Decimal) or isinstance(raw, (int, float)):
                    formulas += isinstance(raw, str) and raw.startswith("=")
                    number = _as_number(theirs)  # a spreadsheet computes in binary floating point: 15 digits
                    assert number is not None and abs(number - Decimal(value)) <= Decimal("1e-12") * max(
                        1, abs(Decimal(value))
                    ), (sheet, ws.cell(r, c).coordinate, raw, theirs)
                elif isinstance(value, str) and isinstance(raw, str) and raw.startswith("="):
                    formulas += 1
                    assert theirs == value, (sheet, ws.cell(r, c).coordinate, raw, theirs)
    assert formulas > 50  # the summary, the valuation, the account and the aging all compute


def test_the_same_inputs_give_the_same_bytes(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    digests = set()
    for name in ("a.xlsx", "b.xlsx"):
        export(runner, tmp_path / name, small)
        digests.add(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert len(digests) == 1
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2026-07-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_a_portfolio_exports_its_aging(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write_project(other, base())
    out = tmp_path / "portfolio.xlsx"
    export(runner, out, small, other)
    book = Workbook(out)
    assert book.book.sheetnames == ["账龄", "对账单"]
    currencies = [r for r in book.rows("账龄") if r[0] == "CNY"]
    overdue = sum(
        (
            n.outstanding
            for p in (small, other)
            for n in build_account(load_project(p), dt.date(2026, 7, 1)).nodes
            if n.days_overdue
        ),
        D(0),
    )
    assert currencies[0][6] == overdue


def test_a_bill_round_trips_and_keeps_the_rest_of_the_file(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    export(runner, out, small)
    before = (small / "project.yaml").read_bytes()
    result = runner.invoke(main, ["import", "boq", str(out), "--project", str(small)])
    assert result.exit_code == 0, result.output
    assert "4 items in 2 sections from m.xlsx:工程量清单" in result.output
    after = (small / "project.yaml").read_bytes()
    head, tail = before.split(b"bill:\n", 1)
    assert after.startswith(head + b"bill:\n")
    assert after.endswith(tail[tail.index(b"variations:") :])
    project = load_project(small).project
    assert [(b.code, b.quantity, b.rate, b.section) for b in project.bill] == [
        (b.code, b.quantity, b.rate, b.section) for b in load_project_from(before, tmp_path).bill
    ]


def load_project_from(data: bytes, tmp_path: Path) -> Any:
    folder = tmp_path / "copy"
    folder.mkdir(exist_ok=True)
    (folder / "project.yaml").write_bytes(data)
    return load_project(folder).project


def test_export_edit_import_adds_a_valuation_without_losing_an_item(runner: CliRunner, tmp_path: Path) -> None:
    data = realistic(240)
    folder = tmp_path / "large"
    write_with_evidence(folder, data)
    out = tmp_path / "v.xlsx"
    export(runner, out, folder, args=("--valuation", "V04"))
    book = openpyxl.load_workbook(out)
    sheet = book["计量明细 V04"]
    edited = {}
    for row in range(6, 6 + 240, 7):  # every seventh item goes up by 1.5 units
        code = sheet[f"A{row}"].value
        quantity = D(str(sheet[f"I{row}"].value)) + D("1.5")
        sheet[f"I{row}"] = float(quantity)
        edited[code] = quantity
    book.save(tmp_path / "edited.xlsx")
    result = runner.invoke(
        main,
        [
            "import",
            "valuation",
            str(tmp_path / "edited.xlsx"),
            "--project",
            str(folder),
            "--id",
            "V05",
            "--to",
            "2026-07-25",
        ],
    )
    assert result.exit_code == 0, result.output
    loaded = load_project(folder)
    v05 = loaded.project.valuations[-1]
    assert v05.period.from_ == dt.date(2026, 6, 26) and v05.evidence == ["工程量计算书"]
    assert {line.item: line.to_date for line in v05.lines if line.to_date is not None} == edited
    stored = {line.item for line in v05.lines if line.materials}  # materials still on site, as the sheet says
    assert f"{len(set(edited) | stored)} items measured anew" in result.output
    assert runner.invoke(main, ["validate", str(folder)]).exit_code in (0, 1)
    # every item of the bill is still measured at its quantity: edited ones anew, the others carried forward
    schedule = build_account(loaded, dt.date(2026, 7, 25)).schedule
    assert schedule.measurement is not None
    v04, v05r = schedule.measurement.valuations[-2], schedule.measurement.valuations[-1]
    assert len(v05r.rows) == 240
    before = {r.item.code: r.quantity for r in v04.rows}
    for row in v05r.rows:
        assert row.quantity == edited.get(row.item.code, before[row.item.code])


# ------------------------------------------------------------------------------------------------ hostile input


def bill_book(path: Path, rows: list[list[Any]], header: list[str] | None = None, title: bool = True) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "清单"
    if title:
        ws.append(["某工程工程量清单"])
        ws.append([])
    ws.append(header or ["序号", "项目编码", "项目名称", "计量单位", "工程量", "综合单价（元）", "合价（元）"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


GOOD = [
    [None, None, "一、土方工程", None, None, None, None],
    [1, "A1", "挖基坑土方", "m³", 1000, 12.5, 12500],
    [2, "A2", "回填方", "m³", "800", "8.75", None],
    [None, None, "二、混凝土工程", None, None, None, None],
    [3, "B1", "C30混凝土基础", "m³", 200, 350, 70000],
    [4, "B2", "现浇构件钢筋", "t", 2.5, "4,200.00", 10500],
    [None, None, "合计", None, None, None, 100000],
]


def fresh(tmp_path: Path) -> Path:
    """A signed-later project (signed tomorrow in the test's world) with no bill: the first import."""
    data = measured_base()
    del data["bill"]
    data["valuations"] = []
    data["events"] = data["events"][:2]
    data["evidence"] = []
    folder = tmp_path / "fresh"
    write_project(folder, data)
    return folder


def test_a_plain_chinese_bill_with_section_rows_and_totals(runner: CliRunner, tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    path = bill_book(tmp_path / "bill.xlsx", GOOD)
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(folder)])
    assert result.exit_code == 0, result.output
    bill = load_project(folder).project.bill
    assert [(b.code, b.section, b.quantity, b.rate) for b in bill] == [
        ("A1", "土方工程", D("1000"), D("12.50")),
        ("A2", "土方工程", D("800"), D("8.75")),
        ("B1", "混凝土工程", D("200"), D("350.00")),
        ("B2", "混凝土工程", D("2.5"), D("4200.00")),
    ]
    assert "bill total CNY 100,000.00; contract price CNY 100,000.00" in result.output


@pytest.mark.parametrize(
    ("rows", "header", "needle"),
    [
        (
            GOOD,
            ["编号", "名称", "单位", "数量", "价格"],
            "清单!A3: no header row in the first 20 rows names the columns",
        ),
        ([[1, "A1", "挖基坑土方", "m³", "12 m³", 12.5, None]], None, "清单!E4: '12 m³' is not a quantity"),
        ([[1, "A1", "挖基坑土方", "m³", "=2*500", 12.5, None]], None, "清单!E4: holds a formula (=2*500)"),
        ([[1, "A1", "挖基坑土方", "m³", 1000, "#REF!", None]], None, "清单!F4: holds the error #REF!"),
        ([[1, "A1", "挖基坑土方", "m³", dt.datetime(2026, 1, 5), 12.5, None]], None, "清单!E4: is a date or time"),
        ([[1, "A1", "挖基坑土方", "m³", 1000, None, None]], None, "清单!F4: this item has no rate"),
        ([[1, "A1", "挖基坑土方", "m³", 1000, -12.5, None]], None, "清单!F4: the rate -12.5 is negative"),
        (
            [[1, "A1", "挖", "m³", 1, 1, None], [2, "A1", "填", "m³", 1, 1, None]],
            None,
            "清单!B5: item code A1 is already used on row 4",
        ),
        ([[1, "A 1", "挖", "m³", 1, 1, None]], None, "清单!B4: 'A 1' is not a usable item code"),
        ([[1, "A1", "挖" * 501, "m³", 1, 1, None]], None, "清单!C4: the description is longer than 500 characters"),
    ],
)
def test_a_hostile_bill_is_refused_at_its_cell(
    runner: CliRunner, tmp_path: Path, rows: list[list[Any]], header: list[str] | None, needle: str
) -> None:
    folder = fresh(tmp_path)
    before = (folder / "project.yaml").read_bytes()
    path = bill_book(tmp_path / "bad.xlsx", rows, header)
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(folder)])
    assert result.exit_code == 2, result.output
    assert f"{path}:{needle}" in result.output, result.output
    assert "Traceback" not in result.output and (folder / "project.yaml").read_bytes() == before


def test_every_problem_is_reported_in_one_run(runner: CliRunner, tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    rows = [[i, f"A{i}", "挖", "m³", "x", "y", None] for i in range(1, 5)]
    result = runner.invoke(main, ["import", "boq", str(bill_book(tmp_path / "b.xlsx", rows)), "--project", str(folder)])
    assert result.exit_code == 2 and result.output.count("is not a") == 8


def test_a_huge_sheet_is_refused_without_reading_a_million_rows(runner: CliRunner, tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    path = tmp_path / "huge.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Bill"
    ws.append(["Item", "Description", "Unit", "Quantity", "Rate"])
    ws.append(["A1", "Excavation", "m3", 1000, 12.5])
    ws["A25000"] = "stray"
    ws["XFD1048576"] = "corner"
    book.save(path)
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(folder)])
    assert result.exit_code == 2
    assert f"{path}:Bill!A20002: the sheet goes on beyond row 20001" in result.output


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-style .xls workbook; save it as .xlsx"),
        (b"<!DOCTYPE html><html>error</html>", "this is not an Excel workbook (.xlsx)"),
        (b"PK\x03\x04 broken", "the workbook is damaged"),
    ],
)
def test_files_that_are_not_workbooks(runner: CliRunner, tmp_path: Path, content: bytes, needle: str) -> None:
    folder = fresh(tmp_path)
    path = tmp_path / "bill.xlsx"
    path.write_bytes(content)
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(folder)])
    assert result.exit_code == 2 and f"{path}: " in result.output and needle in result.output, result.output


def test_a_zip_bomb_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(folder)])
    assert result.exit_code == 2 and "zip bomb" in result.output


def test_a_rate_changed_after_signing_is_refused(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.xlsx"
    export(runner, out, small)
    book = openpyxl.load_workbook(out)
    book["工程量清单"]["F6"] = 9.25  # A2's rate, 8.75 in the contract
    book.save(out)
    before = (small / "project.yaml").read_bytes()
    result = runner.invoke(main, ["import", "boq", str(out), "--project", str(small)])
    assert result.exit_code == 1
    assert (
        f"{out}:工程量清单!F6: the rate of A2 would change from 8.75 to 9.25, after the contract was signed"
        in result.output
    )
    assert (small / "project.yaml").read_bytes() == before


def test_a_valuation_with_a_new_rate_or_an_unknown_item_is_refused(
    runner: CliRunner, small: Path, tmp_path: Path
) -> None:
    out = tmp_path / "m.xlsx"
    export(runner, out, small)
    book = openpyxl.load_workbook(out)
    sheet = book["计量明细 M03"]
    sheet["F7"] = 9.0  # A2
    sheet["A8"] = "Z9"  # B1 renamed to a code the contract does not have
    book.save(out)
    result = runner.invoke(
        main, ["import", "valuation", str(out), "--project", str(small), "--id", "M04", "--to", "2026-06-25"]
    )
    assert result.exit_code == 1
    assert f"{out}:计量明细 M03!F7: the rate of A2 is 9 here but 8.75 in the contract" in result.output
    assert f"{out}:计量明细 M03!A8: item Z9 is in neither the bill nor an approved variation" in result.output


def test_dropping_a_measured_item_is_refused(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    path = bill_book(tmp_path / "short.xlsx", GOOD[:3])  # A1 and A2 only: B1 and B2 are measured
    result = runner.invoke(main, ["import", "boq", str(path), "--project", str(small)])
    assert result.exit_code == 1
    assert "valuation M01 measures item B1, which the workbook drops" in result.output


def test_imports_keep_a_crlf_file_with_a_bom_and_comments(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    """The bill section is replaced and the valuation appended where they stand; the rest is byte for byte."""
    out = tmp_path / "m.xlsx"
    export(runner, out, small)
    path = small / "project.yaml"
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("bill:\n", 1)
    bill, tail = rest.split("variations:\n", 1)
    text = head + "# the bill as signed\nbill:   # 工程量清单\n" + bill + "# after the bill\nvariations:\n" + tail
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    before = path.read_bytes()
    assert runner.invoke(main, ["import", "boq", str(out), "--project", str(small)]).exit_code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    prefix = before[: before.index(b"bill:")]
    suffix = before[before.index(b"# after the bill") :]
    key_line = "bill:   # 工程量清单\r\n".encode()  # the key's own line and its comment are kept
    assert after.startswith(prefix + key_line + b"  - {code: A1,") and after.endswith(suffix)
    book = openpyxl.load_workbook(out)
    book["计量明细 M03"]["I6"] = 1000  # A1 unchanged; nothing else edited: only B2's materials are restated
    book.save(out)
    result = runner.invoke(
        main, ["import", "valuation", str(out), "--project", str(small), "--id", "M04", "--to", "2026-06-25"]
    )
    assert result.exit_code == 0, result.output
    final = path.read_bytes()
    assert final.startswith(after[: after.index(b"clauses:")].rstrip(b"\r\n")) and final.endswith(
        after[after.index(b"clauses:") :]
    )
    # indented as the list's own items (this file has them flush with the key)
    assert b"\r\n- id: M03\r\n" in final and b"\r\n- id: M04\r\n  title: \xe7\xac\xac4\xe6\x9c\x9f" in final
    assert load_project(small).project.valuations[-1].lines[0].materials == D("6300")


def test_a_hidden_sheet_is_read_only_when_named(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    """The bill is taken from the sheets the sender sees; a hidden copy with other figures is not imported."""
    out = tmp_path / "m.xlsx"
    export(runner, out, small)
    book = openpyxl.load_workbook(out)
    hidden = book.copy_worksheet(book["工程量清单"])
    hidden.title = "old bill"
    hidden.sheet_state = "hidden"
    book.move_sheet(hidden, offset=-len(book.sheetnames) + 1)  # first, before every shown sheet
    for row in hidden.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.value = cell.value * 3
    book.save(tmp_path / "hidden.xlsx")
    assert openpyxl.load_workbook(tmp_path / "hidden.xlsx").sheetnames[0] == "old bill"
    result = runner.invoke(main, ["import", "boq", str(tmp_path / "hidden.xlsx"), "--project", str(small)])
    assert result.exit_code == 0, result.output
    assert "from hidden.xlsx:工程量清单" in result.output
    # named, it is read: its trebled rates are refused at their cells, rates being fixed at signing
    args = ["import", "boq", str(tmp_path / "hidden.xlsx"), "--project", str(small), "--sheet", "old bill"]
    named = runner.invoke(main, args)
    assert named.exit_code == 1 and "hidden.xlsx:old bill!F" in named.output


def test_a_bilingual_workbook_states_its_values_and_dates_in_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    result = runner.invoke(
        main, ["export", str(SAMPLES / "warehouse-cn"), "-o", str(out), "--as-of", "2026-08-20", "--lang", "bilingual"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    titles = [str(c.value) for name in book.sheetnames for row in book[name].iter_rows(max_row=3) for c in row]
    assert any("计量周期：2026年6月26日至2026年7月25日" in t and "26 June 2026 to 25 July 2026" in t for t in titles)
    assert any("截至2026年8月20日" in t and "As of 20 August 2026" in t for t in titles)
    states = {str(row[12].value) for row in book["Account"].iter_rows(min_row=4) if len(row) > 12 and row[12].value}
    assert {"已付清 / paid", "已逾期 / overdue"} <= states
    buckets = " ".join(str(row[7].value) for row in book["Aging"].iter_rows(min_row=4) if len(row) > 7)
    assert '"未到期 / not yet due"' in buckets and '"1-30"' in buckets


def test_the_statement_of_account_holds_back_the_disputed_part_as_status_does(
    runner: CliRunner, tmp_path: Path
) -> None:
    notice = "  - {on: 2026-08-18, node: V05, type: notice"
    folder = copy_sample(
        "warehouse-cn",
        tmp_path / "warehouse",
        ('type: certified, amount: "7,089,802.50"', 'type: certified, amount: "6,800,000.00"'),
        (
            notice,
            '  - {on: 2026-08-05, node: V05, type: disputed, amount: "289,802.50", reason: 钢结构工程量有争议}\n'
            '  - {on: 2026-08-20, node: V05, type: paid, amount: "5,000,000.00", ref: 回单}\n' + notice,
        ),
        count=1,
    )
    path = folder / "project.yaml"
    out = tmp_path / "w.xlsx"
    export(runner, out, folder, args=("--as-of", "2026-09-10"))
    book = Workbook(out)  # formulas evaluated
    account = build_account(load_project(path), dt.date(2026, 9, 10))
    v05 = account.node("V05")
    assert v05 is not None and v05.held == D("289802.50") and v05.outstanding == D("1800000.00")
    row = next(r for r in book.rows("对账单") if r[1] == "V05")
    assert (row[7], row[8], row[9]) == (D("5000000.00"), D("289802.50"), D("1800000.00"))
    total = next(r for r in book.rows("对账单") if r[2] == "合计")
    assert total[9] == sum((n.outstanding for n in account.nodes), D(0))
