"""Review s28 (figures): the same figure is the same in every document — the exported workbook's aging and the
progress report state what ``status`` states."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from contractkit.cli.main import main
from tests.conftest import SAMPLES
from tests.xlsx_eval import Workbook

#: The fit-out sample with P2 paid in full but late, and P3 applied for, accepted and disputed in part, with no
#: invoice issued by the end of the invoicing period: the account waits for the invoice.
LATER = """\
  - {on: 2026-07-15, node: P2, type: paid, amount: "520,000.00", ref: 银行回单 20260715}
  - {on: 2026-08-05, node: P3, type: acceptance_requested, ref: 竣工验收申请}
  - {on: 2026-08-06, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}
  - {on: 2026-08-12, node: P3, type: accepted, ref: 竣工验收记录}
"""


@pytest.fixture
def later(tmp_path: Path) -> Path:
    folder = tmp_path / "fitout"
    folder.mkdir()
    text = (SAMPLES / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    assert "\nescalation:" in text
    (folder / "project.yaml").write_text(text.replace("\nescalation:", LATER + "\nescalation:"), encoding="utf-8")
    return folder


def _status(runner: CliRunner, folder: Path, as_of: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["status", str(folder), "--as-of", as_of, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _aging_interest(path: Path, currency: str) -> Decimal:
    book = Workbook(path)
    sheet = next(s for s in book.book.sheetnames if s in ("账龄", "Aging"))
    for row in book.book[sheet].iter_rows():
        if row[0].value == currency:
            return Decimal(str(book.value(sheet, f"H{row[0].row}")))
    raise AssertionError("no currency row in the aging sheet")


@pytest.mark.parametrize(
    ("sample", "as_of"),
    [("warehouse-cn", "2026-11-29"), ("warehouse-cn", "2026-08-12"), ("fitout-cn", "2026-11-29")],
)
def test_the_aging_sheet_states_the_interest_status_states(
    runner: CliRunner, tmp_path: Path, sample: str, as_of: str
) -> None:
    """V04 of the warehouse was paid 25 days late (CNY 41,892.63 interest): paid, it is no longer outstanding, but
    the interest is still owed; status counts it in the project's interest and in its aging table, and so does
    the workbook's aging sheet."""
    out = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["export", str(SAMPLES / sample), "-o", str(out), "--as-of", as_of])
    assert result.exit_code == 0, result.output
    status = _status(runner, SAMPLES / sample, as_of)
    assert _aging_interest(out, "CNY") == Decimal(status["accrued_interest"])


def test_a_node_paid_late_in_full_keeps_its_interest_in_the_aging(
    runner: CliRunner, later: Path, tmp_path: Path
) -> None:
    out = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["export", str(later), "-o", str(out), "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    status = _status(runner, later, "2026-11-29")
    p2 = next(n for n in status["nodes"] if n["node"] == "P2")
    assert p2["outstanding"] == "0.00" and Decimal(p2["accrued_interest"]) == Decimal("14420.00")  # 7,920 + 6,500
    assert _aging_interest(out, "CNY") == Decimal(status["accrued_interest"]) == Decimal("14420.00")
    # the row shows nothing outstanding and no days overdue: only the interest is owed
    book = Workbook(out)
    row = next(r for r in book.book["账龄"].iter_rows(min_row=5) if r[2].value == "P2")
    assert Decimal(str(book.value("账龄", f"G{row[0].row}"))) == 0
    assert book.value("账龄", f"F{row[0].row}") == 0
    assert book.value("账龄", f"I{row[0].row}") == Decimal("14420")


def _report_rows(path: Path) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for table in Document(str(path)).tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) == 5 and cells[0][:2] in ("P1", "P2", "P3", "P4", "P5"):
                rows[cells[0].split()[0]] = cells
    return rows


@pytest.mark.parametrize(
    ("lang", "said", "wrong"), [("zh", "已申请，待开票", "待验收"), ("en", "invoice to follow", "awaiting acceptance")]
)
def test_the_report_says_an_accepted_node_waits_for_its_invoice(
    runner: CliRunner, later: Path, tmp_path: Path, lang: str, said: str, wrong: str
) -> None:
    """P3 was accepted on 2026-08-12; its invoicing period ended on 2026-08-26 with no invoice, so status waits
    for the invoice: the report must not say the node awaits acceptance."""
    status = _status(runner, later, "2026-09-15")
    p3 = next(n for n in status["nodes"] if n["node"] == "P3")
    assert p3["accepted_on"] == "2026-08-12" and p3["waiting_for"] == "invoice"
    out = tmp_path / "report.docx"
    result = runner.invoke(main, ["report", str(later), "-o", str(out), "--as-of", "2026-09-15", "--lang", lang])
    assert result.exit_code == 0, result.output
    state = _report_rows(out)["P3"][3]
    assert said in state and wrong not in state


def test_the_statement_of_account_states_the_fixed_compensation_the_letters_claim(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Without a late-payment clause the software contract falls back on the Late Payment Act: interest on P3 and
    GBP 100 fixed compensation, which the formal notice claims; the workbook's statement of account states both."""
    folder = tmp_path / "software"
    folder.mkdir()
    text = (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8")
    kept = [
        line
        for line in text.split("\n")
        if "use: penalty." not in line and "annual_rate:" not in line  # the clause and its parameters
    ]
    (folder / "project.yaml").write_text("\n".join(kept), encoding="utf-8")
    status = _status(runner, folder, "2026-11-29")
    p3 = next(n for n in status["nodes"] if n["node"] == "P3")
    assert Decimal(str(p3["fixed_compensation"])) == Decimal(100)
    letter = tmp_path / "notice.docx"
    result = runner.invoke(
        main, ["demand", str(folder), "--node", "P3", "-o", str(letter), "--as-of", "2026-11-29", "--stage", "notice"]
    )
    assert result.exit_code == 0, result.output
    assert "Fixed compensation | GBP 100.00" in "\n".join(
        " | ".join(c.text for c in row.cells) for table in Document(str(letter)).tables for row in table.rows
    )
    out = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["export", str(folder), "-o", str(out), "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    book = Workbook(out)
    header = [c.value for c in book.book["Account"][4]]
    column = header.index("Fixed compensation")
    rows = {r[1].value: r for r in book.book["Account"].iter_rows(min_row=5)}
    assert Decimal(str(rows["P3"][column].value)) == Decimal(100)
    assert Decimal(str(rows["P3"][11].value)) == Decimal(p3["accrued_interest"])
    total = next(r for r in book.book["Account"].iter_rows(min_row=5) if r[2].value == "Total")
    assert Decimal(str(book.value("Account", total[column].coordinate))) == Decimal(100)


def test_no_compensation_column_where_none_is_due(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["export", str(SAMPLES / "software-uk"), "-o", str(out), "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    assert "Fixed compensation" not in [c.value for c in Workbook(out).book["Account"][4]]


#: The fit-out sample with a payment naming no node that is larger than every sum owed: it pays P2, then the sums
#: falling due next (P3, P4, P5), and CNY 4,000.00 is left matched to no debt (status: "Payments not matched to any
#: debt: CNY 4,000.00").
SURPLUS = '  - {on: 2026-09-10, type: paid, amount: "2,000,000.00", ref: 未指定}\n'


@pytest.fixture
def surplus(tmp_path: Path) -> Path:
    folder = tmp_path / "surplus"
    folder.mkdir()
    text = (SAMPLES / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(text.replace("\nescalation:", SURPLUS + "\nescalation:"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("lang", "said"), [("zh", "人民币4,000.00元"), ("en", "CNY 4,000.00")])
def test_the_report_states_a_payment_matched_to_no_debt(
    runner: CliRunner, surplus: Path, tmp_path: Path, lang: str, said: str
) -> None:
    """The client paid CNY 2,440,000.00 in all; the nodes account for 2,436,000.00 of it. A report saying only "you
    have paid 2,436,000.00" disagrees with the client's bank records: it states the rest too."""
    status = _status(runner, surplus, "2026-11-29")
    assert Decimal(status["unallocated_payments"]) == Decimal("4000.00")
    out = tmp_path / "report.docx"
    result = runner.invoke(main, ["report", str(surplus), "-o", str(out), "--as-of", "2026-11-29", "--lang", lang])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert said in text


def test_the_workbook_states_a_payment_matched_to_no_debt(runner: CliRunner, surplus: Path, tmp_path: Path) -> None:
    out = tmp_path / "book.xlsx"
    result = runner.invoke(main, ["export", str(surplus), "-o", str(out), "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    book = Workbook(out)
    rows = list(book.book["对账单"].iter_rows(min_row=5))
    total = next(r for r in rows if r[2].value == "合计")
    assert Decimal(str(book.value("对账单", total[7].coordinate))) == Decimal("2436000")  # the nodes' payments
    extra = [r for r in rows if r[0].row > total[0].row and r[7].value is not None]
    assert [Decimal(str(r[7].value)) for r in extra] == [Decimal("4000")]
    assert "未对应" in str(extra[0][2].value)
