"""Figures and characters that read as something other than what was meant, and workbooks openpyxl cannot read:
each is refused where it is written (``file:line:`` or ``FILE.xlsx:Sheet!C5:``) with exit 2, never an internal
error, and nothing is written.

1. Products and sums of figures that are each within bounds (a bill line's quantity × rate) stay within the amounts
   contractkit works with; the web app shows a project it fails on as that project's problem, never a 500.
2. A damaged worksheet (cut short, missing, a cell reference or a number that is not one) is refused, at its cell
   where one explains it.
3. A quantity to date of the other sign than its item's (below zero for an item of the bill or an addition, above
   it for an omission), a percentage complete outside 0-100%, a negative bill quantity or rate.
4. Digits other than the ASCII 0-9 in any number or date.
5. Direction controls that reorder text (U+202A-U+202E, U+2066-U+2069) in the text of a project; the invisible
   marks (U+200E, U+200F, U+061C) of Arabic and Hebrew names are accepted.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from contractkit.cli import main
from contractkit.model.project import load_project
from contractkit.web import workspace as workspace_module
from tests.conftest import SAMPLES
from tests.projects import copy_sample
from tests.test_workbooks import GOOD, bill_book, fresh
from tests.web.conftest import Browser, copy_samples, make_client, text_of

AS_OF = "2026-11-29"
#: The first bill line of samples/warehouse-cn (line 69 of its project file) and the valuation line of V01 for
#: the second item (line 112).
FIRST_ITEM = 'quantity: "26,500", rate: "1.85"'
V01_LINE = '{item: "010101002001", to_date: "12,000"}'
HUGE = "999,999,999,999,999"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    return result


def warehouse(tmp_path: Path, *edits: tuple[str, str], append: str = "") -> Path:
    return copy_sample("warehouse-cn", tmp_path / "warehouse", *edits, append=append)


def line_of(folder: Path, text: str) -> int:
    content = (folder / "project.yaml").read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


def commands(project: Path, out: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(project)],
        "status": ["status", str(project), "--as-of", AS_OF],
        "demand": ["demand", str(project), "--node", "V05", "-o", str(out / "d.docx"), "--as-of", AS_OF],
        "export": ["export", str(project), "-o", str(out / "x.xlsx"), "--as-of", AS_OF],
    }


def refused(folder: Path, out: Path, needle: str) -> None:
    """Every command that reads the project exits 2 with ``needle`` and writes nothing."""
    out.mkdir(exist_ok=True)
    before = (folder / "project.yaml").read_bytes()
    for name, args in commands(folder, out).items():
        result = invoke(*args)
        assert result.exit_code == 2, (name, result.output)
        assert needle in result.output, (name, result.output)
    assert list(out.iterdir()) == [] and (folder / "project.yaml").read_bytes() == before


# -- 1. products and sums of bounded figures ----------------------------------------------------------------------


def test_a_bill_line_whose_quantity_times_rate_is_beyond_any_amount_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = warehouse(tmp_path, (FIRST_ITEM, f'quantity: "{HUGE}", rate: "{HUGE}.99"'))
    refused(
        folder,
        tmp_path / "out",
        f"project.yaml:{line_of(folder, HUGE)}: bill[0]: item 010101001001: quantity × rate comes to "
        "1,000,000,000,000,000 or more, too large for an amount",
    )


def test_a_variation_item_beyond_any_amount_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = warehouse(tmp_path, ('quantity: "23,500", rate: "36.00"', f'quantity: "{HUGE}", rate: "36.00"'))
    line = line_of(folder, HUGE)
    refused(folder, tmp_path / "out", f"project.yaml:{line}: variations[0].items[0]: item V1-01: quantity × rate")


def test_a_quantity_to_date_worth_more_than_any_amount_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = warehouse(tmp_path, (V01_LINE, f'{{item: "010101002001", to_date: "{HUGE}"}}'))
    refused(
        folder,
        tmp_path / "out",
        f"project.yaml:{line_of(folder, HUGE)}: valuations[0].lines[1].to_date: valuation V01: item 010101002001: "
        "the quantity to date × the rate (14.60) comes to 1,000,000,000,000,000 or more",
    )


def test_a_valuation_worth_more_than_amounts_can_add_up_to_is_refused(tmp_path: Path) -> None:
    stored = "".join(f'      - {{item: "010101001001", materials: "{HUGE}"}}\n' for _ in range(1001))
    folder = warehouse(tmp_path, (f"      - {V01_LINE}\n", f"      - {V01_LINE}\n{stored}"))
    refused(
        folder,
        tmp_path / "out",
        "valuations[0]: valuation V01: the value of the work done to date and the materials on site add up to "
        "1,000,000,000,000,000,000 or more",
    )


def test_the_contract_sum_is_bounded_but_the_largest_price_with_a_variation_is_not_refused(tmp_path: Path) -> None:
    largest = copy_sample("fitout-cn", tmp_path / "a", ('price: "2,400,000.00"', 'price: "999,999,999,999,999.99"'))
    assert invoke("validate", str(largest)).exit_code in (0, 1)
    many = "".join(
        f'  - {{id: X{i}, title: 追加, amount: "{HUGE}.00", approved_on: 2026-05-02}}\n' for i in range(1001)
    )
    folder = copy_sample("fitout-cn", tmp_path / "b", ("variations:\n", "variations:\n" + many))
    result = invoke("validate", str(folder))
    assert result.exit_code == 2
    assert "variations: the contract price and the variations add up to 1,000,000,000,000,000,000 or more" in (
        result.output
    )


def test_a_bill_quantity_of_a_few_billionths_measured_beyond_is_a_finding_not_a_failure(tmp_path: Path) -> None:
    folder = warehouse(tmp_path, ('quantity: "18,200", rate: "14.60"', 'quantity: "0.0000000000000000000000000001"'
                                  ', rate: "14.60"'))  # fmt: skip
    result = invoke("validate", str(folder))
    assert result.exit_code == 1
    assert "BOQ002" in result.output and "(more than 100000000%) above its" in result.output


# -- 1. the web app: one project's failure is that project's --------------------------------------------------------


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    return copy_samples(tmp_path / "projects")


def test_the_portfolio_shows_a_project_with_an_overflowing_bill_as_its_problem(projects: Path) -> None:
    copy_sample("warehouse-cn", projects / "warehouse", (FIRST_ITEM, f'quantity: "{HUGE}", rate: "{HUGE}.99"'))
    with make_client(projects) as client:
        browser = Browser(client)
        page = browser.get("/")
        assert page.status_code == 200
        said = text_of(page.text)
        assert "bill[0]: item 010101001001: quantity × rate comes to" in said
        assert "FIT-2026-017" in said  # the other projects stand
        overview = browser.get("/p/warehouse")
        assert overview.status_code == 200 and "too large for an amount" in text_of(overview.text)


def _failing(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    "target",
    [
        "build_account",  # Workspace.open
        "check_project",  # Workspace.open, before the account
        "next_step",  # the portfolio row of a project that opened
        "aging_table",  # the portfolio's aging of the projects that opened
    ],
)
def test_an_unexpected_failure_on_one_project_is_its_row_never_a_500(
    projects: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    if target == "aging_table":
        from contractkit.web import views

        real = views.aging_table

        def only_fitout(opened: Any) -> Any:
            if any(o.ref.name == "fitout-cn" for o in opened):
                raise RuntimeError("boom")
            return real(opened)

        monkeypatch.setattr(views, "aging_table", only_fitout)
    else:
        real_target = getattr(workspace_module, target)

        def only_for_fitout(first: Any, *args: Any, **kwargs: Any) -> Any:
            path = getattr(first, "path", None)  # a loaded project; for next_step, the account (CNY: fitout-cn)
            if (path is not None and "fitout-cn" in str(path)) or getattr(first, "currency", None) == "CNY":
                raise RuntimeError("boom")
            return real_target(first, *args, **kwargs)

        monkeypatch.setattr(workspace_module, target, only_for_fitout)
    with make_client(projects) as client:
        browser = Browser(client)
        page = browser.get("/")
        assert page.status_code == 200, page.text[:300]
        said = text_of(page.text)
        assert "internal error (RuntimeError: boom)" in said
        assert "Northgate Mutual Assurance plc" in said  # software-uk's row is whole
        if target in ("build_account", "check_project"):
            overview = browser.get("/p/fitout-cn")
            assert overview.status_code == 200 and "internal error (RuntimeError: boom)" in text_of(overview.text)


# -- 2. damaged workbooks ----------------------------------------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"


def _cell(reference: str, attributes: str, inner: str) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        pattern = rb'<c r="' + reference.encode() + rb'"[^>]*?(/>|>.*?</c>)'
        new = f'<c r="{reference}"{attributes}>{inner}</c>'.encode()
        changed, count = re.subn(pattern, new, xml, count=1)
        assert count == 1, reference
        return changed

    return change


def _damaged(good: Path, bad: Path, part: str, change: Callable[[bytes], bytes | None]) -> Path:
    with zipfile.ZipFile(good) as archive:
        parts = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            kept = change(data) if name == part else data
            if kept is not None:
                archive.writestr(name, kept)
    return bad


DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes | None], str]] = {
    "sheet cut in half": (SHEET, lambda xml: xml[: len(xml) // 2], ": cannot be read as an Excel workbook (sheet "),
    "sheet missing": (SHEET, lambda xml: None, ": cannot be read as an Excel workbook (it has no sheet that can be"),
    "relations naming a missing sheet": (
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(b"worksheets/sheet1.xml", b"worksheets/sheet9.xml"),
        ": cannot be read as an Excel workbook (it has no sheet that can be",
    ),
    "a reference beyond any sheet": (
        SHEET,
        lambda xml: xml.replace(b'r="E5"', b'r="ZZZZZZ99999999"', 1),
        "!E5: has the reference 'ZZZZZZ99999999', which is not a cell of a sheet",
    ),
    "a reference that is no cell": (
        SHEET,
        lambda xml: xml.replace(b'r="E5"', b'r="!!"', 1),
        "!E5: has the reference '!!', which is not a cell of a sheet",
    ),
    "a number with letters": (
        SHEET,
        _cell("E5", ' t="n"', "<v>12abc</v>"),
        "!E5: holds '12abc', which the file marks as a number but is not",
    ),
    "nan": (
        SHEET,
        _cell("E5", ' t="n"', "<v>nan</v>"),
        "!E5: holds 'nan', which the file marks as a number but is not",
    ),
    "shared text beyond the table": (
        SHEET,
        _cell("C5", ' t="s"', "<v>99999</v>"),
        "!C5: refers to shared text number '99999', which the workbook does not have",
    ),
    "a row numbered with letters": (
        SHEET,
        lambda xml: xml.replace(b'<row r="5"', b'<row r="x5"', 1),
        "!A5: the row after row 4 is numbered 'x5', not a row number",
    ),
}


def _valuation_book(path: Path) -> Path:
    """A valuation of samples/warehouse-cn laid out as the bill (rows 5 and on, quantities to date in column E)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "计量"
    ws.append(["某工程计量"])
    ws.append([])
    ws.append(["序号", "项目编码", "项目名称", "计量单位", "累计完成"])
    ws.append([None, None, "一、土方工程", None, None])
    ws.append([1, "010101002001", "挖一般土方", "m³", 18200])
    ws.append([2, "010103001001", "回填方", "m³", 9600])
    book.save(path)
    return path


def _import(kind: str, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """(the project, the good workbook, the arguments after the workbook) for ``import boq`` or ``valuation``."""
    if kind == "boq":
        folder = fresh(tmp_path)
        return folder, bill_book(tmp_path / "good.xlsx", GOOD), ["--project", str(folder)]
    folder = warehouse(tmp_path)
    args = ["--project", str(folder), "--id", "V06", "--to", "2026-08-25"]
    return folder, _valuation_book(tmp_path / "good.xlsx"), args


@pytest.mark.parametrize("kind", ["boq", "valuation"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_worksheet_is_refused_where_it_is_damaged(tmp_path: Path, kind: str, damage: str) -> None:
    folder, good, args = _import(kind, tmp_path)
    part, change, needle = DAMAGE[damage]
    bad = _damaged(good, tmp_path / "bad.xlsx", part, change)
    before = (folder / "project.yaml").read_bytes()
    result = invoke("import", kind, str(bad), *args)
    assert result.exit_code == 2, result.output
    sheet = "清单" if kind == "boq" else "计量"
    where = f"{bad}:{sheet}" if needle.startswith("!") else str(bad)
    assert f"{where}{needle}" in result.output, result.output
    assert (folder / "project.yaml").read_bytes() == before


def test_the_good_workbooks_of_the_damage_tests_import(tmp_path: Path) -> None:
    for kind in ("boq", "valuation"):
        _, good, args = _import(kind, tmp_path / kind)
        result = invoke("import", kind, str(good), *args)
        assert result.exit_code == 0, result.output


# -- 3. quantities to date, percentages complete, bill quantities and rates --------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            V01_LINE,
            '{item: "010101002001", to_date: "-430"}',
            "valuations[0].lines[1].to_date",
            "valuation V01: -430 is negative, but item 010101002001 is not an omission (18,200 in the bill): its "
            "quantity done to date is zero or more",
        ),
        ("percent: 30%", "percent: 150%", "valuations[4].lines[8].percent", "150% is not a share of the item done"),
        ("percent: 30%", "percent: -50%", "valuations[4].lines[8].percent", "-50% is not a share of the item done"),
        (FIRST_ITEM, 'quantity: "-26,500", rate: "1.85"', "bill[0].quantity", "-26,500 is negative; a bill quantity"),
        (FIRST_ITEM, 'quantity: "26,500", rate: "-1.85"', "bill[0].rate", "-1.85 is negative; a rate is zero or more"),
        (
            'quantity: "5,200", rate: "12.50"',
            'quantity: "5,200", rate: "-12.50"',
            "variations[0].items[1].rate",
            "-12.50 is negative; a rate is zero or more",
        ),
    ],
)
def test_figures_below_zero_or_beyond_the_whole_are_refused_at_their_line(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    folder = warehouse(tmp_path, (old, new))
    result = invoke("validate", str(folder))
    assert result.exit_code == 2, result.output
    assert f"project.yaml:{line_of(folder, new)}: {where}: {message}" in result.output, result.output


def test_an_omission_is_still_a_negative_variation_item(tmp_path: Path) -> None:
    omission = (
        '  - id: V2\n    title: 取消部分铝合金窗\n    amount: "-52,000.00"\n    approved_on: 2026-07-01\n    items:\n'
        '      - {code: "V2-01", description: 铝合金窗（取消）, unit: m², quantity: "-100", rate: "520.00"}\n'
    )
    folder = warehouse(tmp_path, ("\nvaluations:", omission + "\nvaluations:"))
    result = invoke("validate", str(folder))
    assert result.exit_code in (0, 1), result.output
    project = load_project(folder).project
    assert project.variations[-1].items[0].quantity == -100


#: An omission measured like samples/warehouse-cn's V1 addition: its item's quantity is negative.
OMISSION = (
    '  - id: V2\n    title: 取消部分地坪耐磨层\n    amount: "-18,000.00"\n    approved_on: 2026-07-01\n    items:\n'
    '      - {code: "V2-01", section: 变更V2 取消耐磨层, description: 耐磨骨料地坪面层（取消）, unit: m², '
    'quantity: "-500", rate: "36.00"}\n'
)
V05_LAST = '      - {item: "V1-01", to_date: "6,000"}\n'


def omitted(tmp_path: Path, measure: str) -> Path:
    """samples/warehouse-cn with the omission V2, measured in V05 by ``measure`` (a line's to_date or percent)."""
    return warehouse(
        tmp_path,
        ("\nvaluations:", OMISSION + "\nvaluations:"),
        (V05_LAST, V05_LAST + f'      - {{item: "V2-01", {measure}}}\n'),
    )


def test_an_omission_is_measured_below_zero_by_quantity_as_by_percent(tmp_path: Path) -> None:
    from contractkit.account.schedule import compute_schedule

    results = {}
    for measure in ('to_date: "-500"', "percent: 100%", 'to_date: "-250.5"', 'to_date: "0"'):
        folder = omitted(tmp_path / str(len(results)), measure)
        result = invoke("validate", str(folder))
        assert result.exit_code in (0, 1) and "V2-01" not in result.output, result.output
        measurement = compute_schedule(load_project(folder).project).measurement
        assert measurement is not None
        v05 = measurement.get("V05")
        assert v05 is not None
        row = next(r for r in v05.rows if r.item.code == "V2-01")
        results[measure] = (row.quantity, row.work, v05.payable)
    assert results['to_date: "-500"'] == results["percent: 100%"]
    assert results['to_date: "-500"'][:2] == (-500, -18000)
    assert results['to_date: "-250.5"'][:2] == (Decimal("-250.5"), Decimal("-9018.00"))


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (
            'to_date: "500"',
            "valuations[4].lines[11].to_date: valuation V05: 500 is positive, but item V2-01 is an omission (-500 in "
            "variation V2): the quantity omitted to date is zero or less, like -500",
        ),
        (
            f'to_date: "-{HUGE}"',
            "valuations[4].lines[11].to_date: valuation V05: item V2-01: the quantity to date × the rate (36.00) comes "
            "to 1,000,000,000,000,000 or more",
        ),
    ],
)
def test_an_omission_measured_above_zero_or_beyond_any_amount_is_refused_at_its_line(
    tmp_path: Path, measure: str, message: str
) -> None:
    folder = omitted(tmp_path, measure)
    refused(folder, tmp_path / "out", f"project.yaml:{line_of(folder, measure)}: {message}")


def test_a_bill_item_and_an_addition_are_not_measured_below_zero(tmp_path: Path) -> None:
    folder = omitted(tmp_path, 'to_date: "-500"')
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(text.replace(V05_LAST, V05_LAST.replace('"6,000"', '"-6,000"')), "utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 2, result.output
    assert (
        f"project.yaml:{line_of(folder, '-6,000')}: valuations[4].lines[10].to_date: valuation V05: -6,000 is "
        "negative, but item V1-01 is not an omission (23,500 in variation V1)"
    ) in result.output, result.output
    assert "V2-01" not in result.output


def _exported(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """(the project with the omission V2 unmeasured, its V05 exported, the cell of each code's quantity to date)."""
    folder = warehouse(tmp_path, ("\nvaluations:", OMISSION + "\nvaluations:"))
    book = tmp_path / "v.xlsx"
    result = invoke("export", str(folder), "--valuation", "V05", "-o", str(book), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(book)["计量明细 V05"]
    header = next(r for r in ws.iter_rows(max_row=10) if r[0].value == "项目编码")
    column = next(c.column_letter for c in header if c.value == "累计完成工程量")
    cells = {str(r[0].value): f"{column}{r[0].row}" for r in ws.iter_rows(min_row=header[0].row + 1) if r[0].value}
    return folder, book, cells


def _with(book: Path, path: Path, **values: Any) -> Path:
    wb = openpyxl.load_workbook(book)
    for cell, value in values.items():
        wb["计量明细 V05"][cell] = value
    wb.save(path)
    return path


def test_an_omission_exported_and_measured_below_zero_imports(tmp_path: Path) -> None:
    folder, book, cells = _exported(tmp_path)
    edited = _with(book, tmp_path / "v06.xlsx", **{cells["V2-01"]: -500})
    args = ["--project", str(folder), "--id", "V06", "--to", "2026-08-25"]
    result = invoke("import", "valuation", str(edited), *args)
    assert result.exit_code == 0, result.output
    assert '      - {item: V2-01, to_date: "-500"}\n' in (folder / "project.yaml").read_text(encoding="utf-8")
    assert invoke("validate", str(folder)).exit_code in (0, 1)


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        (
            "V2-01",
            500,
            "the quantity to date 500 is positive, but item V2-01 is an omission (-500 in variation V2): the "
            "quantity omitted to date is zero or less",
        ),
        (
            "010501004001",
            -430,
            "the quantity to date -430 is negative, but item 010501004001 is not an omission (4,800 in the bill): "
            "its quantity done to date is zero or more",
        ),
        ("V1-01", "-6000", "the quantity to date -6,000 is negative, but item V1-01 is not an omission"),
    ],
)
def test_import_valuation_refuses_a_quantity_to_date_of_the_other_sign_at_its_cell(
    tmp_path: Path, code: str, value: Any, message: str
) -> None:
    folder, book, cells = _exported(tmp_path)
    edited = _with(book, tmp_path / "v06.xlsx", **{cells[code]: value})
    before = (folder / "project.yaml").read_bytes()
    args = ["--project", str(folder), "--id", "V06", "--to", "2026-08-25"]
    result = invoke("import", "valuation", str(edited), *args)
    assert result.exit_code == 1, result.output
    assert f"{edited}:计量明细 V05!{cells[code]}: {message}" in result.output, result.output
    assert "nothing was written" in result.output
    assert (folder / "project.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("cell", "value", "needle"),
    [
        ("F", "150%", "!F5: 150% is not a share of the item done; use 0% to 100%"),
        ("F", "-50%", "!F5: -50% is not a share of the item done; use 0% to 100%"),
        ("F", -0.5, "!F5: -0.5 is negative: the share of the item done is 0% to 100%"),
        (
            "E",
            "１２０００",
            "!E5: '１２０００' has the digit '１' (U+FF11); write numbers and dates with the ASCII digits",
        ),
        ("E", "1٢3", "!E5: '1٢3' has the digit '٢' (U+0662)"),
    ],
)
def test_import_valuation_refuses_a_figure_at_its_cell(tmp_path: Path, cell: str, value: Any, needle: str) -> None:
    folder = warehouse(tmp_path)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "计量"
    ws.append([])
    ws.append([])
    ws.append(["序号", "项目编码", "项目名称", "计量单位", "累计完成", "累计完成比例"])
    ws.append([])
    ws.append([1, "010501004001", "C25混凝土地坪", "m³", None, None])
    ws[f"{cell}5"] = value
    path = tmp_path / "v.xlsx"
    book.save(path)
    before = (folder / "project.yaml").read_bytes()
    result = invoke("import", "valuation", str(path), "--project", str(folder), "--id", "V06", "--to", "2026-08-25")
    assert result.exit_code == 2 and f"{path}:计量{needle}" in result.output, result.output
    assert (folder / "project.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("quantity", "rate", "needle"),
    [
        (-1000, 12.5, "!E5: the quantity -1000 is negative; a bill quantity is zero or more"),
        (999999999999999, 999999999999999, "!E5: the amount, quantity × rate, comes to 1,000,000,000,000,000 or more"),
        ("１０００", 12.5, "!E5: '１０００' has the digit '１' (U+FF11)"),
        (1000, "¥１２.５０", "!F5: '¥１２.５０' has the digit '１' (U+FF11)"),
    ],
)
def test_import_boq_refuses_a_figure_at_its_cell(tmp_path: Path, quantity: Any, rate: Any, needle: str) -> None:
    folder = fresh(tmp_path)
    rows = [list(r) for r in GOOD]
    rows[1][4], rows[1][5], rows[1][6] = quantity, rate, None
    path = bill_book(tmp_path / "bill.xlsx", rows)
    before = (folder / "project.yaml").read_bytes()
    result = invoke("import", "boq", str(path), "--project", str(folder))
    assert result.exit_code == 2 and f"{path}:清单{needle}" in result.output, result.output
    assert (folder / "project.yaml").read_bytes() == before


# -- 4. digits other than 0-9 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "old", "new", "where"),
    [
        ("warehouse-cn", 'price: "37,752,885.00"', 'price: "３７,７５２,８８５.００"', "contract.price"),
        ("warehouse-cn", V01_LINE, '{item: "010101002001", to_date: "١٢٠٠٠"}', "valuations[0].lines[1].to_date"),
        ("warehouse-cn", V01_LINE, '{item: "010101002001", to_date: "1٢3"}', "valuations[0].lines[1].to_date"),
        ("fitout-cn", "retention: 3%", "retention: ３%", "contract.retention"),
        ("fitout-cn", "due: {after: application, days: 7}", "due: {after: application, days: ７}", "payment_schedule"),
        ("fitout-cn", "signed_on: 2026-02-20", "signed_on: ２０２６-02-20", "contract.signed_on"),
        ("fitout-cn", "notice: 15,", "notice: １５,", "escalation.notice"),
    ],
)
def test_digits_other_than_ascii_are_refused_in_every_number(
    tmp_path: Path, sample: str, old: str, new: str, where: str
) -> None:
    folder = copy_sample(sample, tmp_path / "p", (old, new), count=1)
    result = invoke("validate", str(folder))
    assert result.exit_code == 2, result.output
    assert f"project.yaml:{line_of(folder, new)}: {where}" in result.output, result.output
    assert "write numbers and dates with the ASCII digits 0-9" in result.output


def test_a_clause_parameter_in_other_digits_is_a_finding(tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", ("daily_rate: 0.05%", "daily_rate: ０.05%"))
    result = invoke("validate", str(folder))
    assert result.exit_code == 1 and "has the digit '０' (U+FF10)" in result.output, result.output


def test_the_web_ledger_refuses_an_amount_in_fullwidth_digits(projects: Path) -> None:
    path = projects / "fitout-cn" / "project.yaml"
    before = path.read_bytes()
    with make_client(projects) as client:
        page = Browser(client).post("/p/fitout-cn/ledger", {"on": "2026-11-20", "type": "paid", "amount": "１０"})
    assert "write numbers and dates with the ASCII digits 0-9" in text_of(page.text)
    assert path.read_bytes() == before


def test_the_as_of_date_in_other_digits_is_refused(tmp_path: Path) -> None:
    result = invoke("status", str(SAMPLES / "fitout-cn"), "--as-of", "２０２６-11-29")
    assert result.exit_code == 2 and "ASCII digits 0-9" in result.output


# -- 5. direction controls in text ---------------------------------------------------------------------------------

BIDI = ["\u202e", "\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"]
#: The invisible marks (LRM, RLM, ALM): one strong letter of a direction each, they cannot reverse a run of text.
MARKS = ["\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("control", BIDI)
def test_a_direction_control_in_a_party_name_is_refused_at_its_line(tmp_path: Path, control: str) -> None:
    name = f'name: "上海浦江{control}置业有限公司"'
    folder = copy_sample("fitout-cn", tmp_path / "p", ("name: 上海浦江置业有限公司", name))
    result = invoke("validate", str(folder))
    assert result.exit_code == 2
    assert (
        f"project.yaml:{line_of(folder, name)}: parties.client.name: contains the invisible direction control "
        f"U+{ord(control):04X}"
    ) in result.output, result.output


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("ref: 付款申请第2期}", 'ref: "付款申请\u2067第2期"}', "events[4].ref"),
        ("title: 增加会议室隔音墙", 'title: "增加\u202d会议室隔音墙"', "variations[0].title"),
        ("name: 上海匠心装饰工程有限公司", 'name: "上海匠心\u2068装饰工程有限公司"', "parties.contractor.name"),
        ("name: 招商银行上海张江支行", 'name: "招商银行\u202b上海张江支行"', "parties.contractor.bank.name"),
    ],
)
def test_a_direction_control_anywhere_in_the_text_is_refused(tmp_path: Path, old: str, new: str, where: str) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", (old, new), count=1)
    result = invoke("validate", str(folder))
    assert result.exit_code == 2 and f"{where}: contains the invisible direction control" in result.output


def test_a_direction_control_in_an_item_code_is_refused(tmp_path: Path) -> None:
    folder = warehouse(tmp_path, ('{code: "010101001001"', '{code: "0101\u202e01001001"'))
    result = invoke("validate", str(folder))
    assert result.exit_code == 2 and "bill[0].code: contains the invisible direction control U+202E" in result.output


def test_a_direction_control_in_a_workbook_cell_is_refused_at_the_cell(tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    rows = [list(r) for r in GOOD]
    rows[1][2] = "挖基坑\u202e土方"
    path = bill_book(tmp_path / "bill.xlsx", rows)
    result = invoke("import", "boq", str(path), "--project", str(folder))
    assert result.exit_code == 2
    assert f"{path}:清单!C5: the description contains the invisible direction control U+202E" in result.output


def test_the_web_forms_refuse_a_direction_control_in_a_name(projects: Path) -> None:
    from tests.web.test_routes import form_values

    path = projects / "software-uk" / "project.yaml"
    before = path.read_bytes()
    with make_client(projects) as client:
        browser = Browser(client)
        form = form_values(browser, "/p/software-uk/contract", "client")
        form["name"] = "\u202eNorthgate Mutual Assurance plc"
        page = browser.post("/p/software-uk/contract/client", form)
    assert "Not saved" in page.text and "contains the invisible direction control U+202E" in page.text
    assert path.read_bytes() == before


@pytest.mark.parametrize("mark", MARKS)
def test_a_direction_mark_in_a_name_is_accepted_and_reaches_the_documents(tmp_path: Path, mark: str) -> None:
    name = f'name: "مؤسسة{mark} النور للتجارة {mark}Al-Noor Trading"'
    folder = warehouse(tmp_path, ("name: 苏州港湾物流地产有限公司", name))
    out = tmp_path / "out"
    out.mkdir()
    for command, args in commands(folder, out).items():
        result = invoke(*args)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "direction control" not in result.output, (command, result.output)
    assert load_project(folder).project.parties.client.name == f"مؤسسة{mark} النور للتجارة {mark}Al-Noor Trading"
    with zipfile.ZipFile(out / "d.docx") as docx:
        assert f"مؤسسة{mark} النور للتجارة {mark}Al-Noor Trading" in docx.read("word/document.xml").decode()
    assert (out / "x.xlsx").exists()


def test_a_direction_mark_in_a_workbook_cell_is_accepted(tmp_path: Path) -> None:
    folder = fresh(tmp_path)
    rows = [list(r) for r in GOOD]
    rows[1][2] = "حفر\u200f التربة\u200e 挖基坑土方"
    path = bill_book(tmp_path / "bill.xlsx", rows)
    result = invoke("import", "boq", str(path), "--project", str(folder))
    assert result.exit_code == 0, result.output
    assert load_project(folder).project.bill[0].description == "حفر\u200f التربة\u200e 挖基坑土方"


def test_the_web_forms_accept_a_direction_mark_in_a_name(projects: Path) -> None:
    from tests.web.test_routes import form_values

    path = projects / "software-uk" / "project.yaml"
    with make_client(projects) as client:
        browser = Browser(client)
        form = form_values(browser, "/p/software-uk/contract", "client")
        form["name"] = "\u200fשלום Northgate Mutual Assurance plc"
        page = browser.post("/p/software-uk/contract/client", form)
    assert "Not saved" not in page.text and "direction control" not in page.text, text_of(page.text)
    assert load_project(path).project.parties.client.name == "\u200fשלום Northgate Mutual Assurance plc"


def test_nothing_is_left_behind_by_a_refused_import(tmp_path: Path) -> None:
    folder, good, args = _import("boq", tmp_path)
    bad = _damaged(good, tmp_path / "bad.xlsx", SHEET, lambda xml: xml[: len(xml) // 2])
    before = sorted(p.name for p in folder.rglob("*"))
    assert invoke("import", "boq", str(bad), *args).exit_code == 2
    assert sorted(p.name for p in folder.rglob("*")) == before


# ---------------------------------------------------------------------------------------- 6. amounts in words


def test_a_debt_with_vat_beyond_a_quadrillion_is_written_in_words(tmp_path: Path) -> None:
    """Each figure within bounds, the debt with VAT near 7 × 10^14: written out (English scales to Quadrillion)."""
    folder = copy_sample(
        "software-uk",
        tmp_path / "big",
        ('price: "360,000.00"', 'price: "999,999,999,999,999.00"'),
        ('vat: "20%"', 'vat: "100%"'),
        ('amount: "126,000.00"', 'amount: "349,999,999,999,999.65"'),
        ('applied, amount: "72,000.00"', 'applied, amount: "199,999,999,999,999.80"'),
        count=-1,
    )
    out = tmp_path / "letter.docx"
    result = CliRunner().invoke(main, ["demand", str(folder), "--node", "P3", "--as-of", AS_OF, "-o", str(out)])
    assert "internal error" not in result.output
    assert result.exit_code == 0, result.output


def test_an_amount_neither_language_can_write_in_words_is_refused_as_input() -> None:
    from contractkit.errors import ContractkitError
    from contractkit.model.words import WORDS_LIMIT, integer_to_english, integer_to_zh

    assert integer_to_english(WORDS_LIMIT - 1).startswith("Nine Quadrillion")
    assert integer_to_zh(WORDS_LIMIT - 1).startswith("玖仟玖佰玖拾玖万亿")
    for write in (integer_to_english, integer_to_zh):
        with pytest.raises(ContractkitError) as refused:
            write(WORDS_LIMIT)
        assert refused.value.exit_code == 2
        assert "too large to write in words" in refused.value.message


def test_a_whole_number_clause_parameter_in_fullwidth_digits_is_refused(tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", ("with: {notice_days: 7}", 'with: {notice_days: "７"}'))
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code != 0
    assert "U+FF17" in result.output and "ASCII" in result.output


def test_a_tracking_number_with_a_direction_control_is_refused_for_what_it_is(tmp_path: Path) -> None:
    """Recorded with a letter: the event is refused at its field (it said the file could not be edited, and told the
    user to paste the control character in by hand)."""
    folder = copy_sample("software-uk", tmp_path / "p")
    before = (folder / "project.yaml").read_bytes()
    out = tmp_path / "n.docx"
    args = ["demand", str(folder), "--node", "P3", "--stage", "notice", "--as-of", AS_OF, "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--record", "--sent-by", "courier", "--tracking", "SF\u202e123"])
    assert result.exit_code == 2, result.output
    assert "tracking: contains the invisible direction control U+202E" in result.output
    assert "\u202e" not in result.output and "cannot be appended" not in result.output
    assert not out.exists() and (folder / "project.yaml").read_bytes() == before


def test_a_bank_account_number_in_fullwidth_digits_is_refused(tmp_path: Path) -> None:
    """The web review: saved as written and printed in letters, where a bank's system would not take it."""
    folder = copy_sample("fitout-cn", tmp_path / "p")
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    account = re.search(r"account: \"?([0-9 ]+)\"?", text)
    assert account is not None
    wide = account.group(1).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    (folder / "project.yaml").write_text(text.replace(account.group(1), wide, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert "write numbers and dates with the ASCII digits 0-9" in result.output and "account" in result.output
