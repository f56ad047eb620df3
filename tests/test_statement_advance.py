"""The payment statement keeps the advance payment out of "work completed": line 4 is the value of work done, the
advance is line 7, and line 10 (the current payment due) is right for an application for the advance node itself
and for later nodes. Each generated with ``contractkit apply`` and read back from the .docx."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from contractkit.cli import main
from tests.projects import copy_sample


def _apply(folder: Path, node: str, as_of: str, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["apply", str(folder), "--node", node, "-o", str(out), "--as-of", as_of, "--allow-missing"]
    )
    assert result.exit_code == 0, result.output
    return out / "payment-statement.docx"


def _summary(path: Path) -> dict[str, str]:
    """The G702 summary table: label -> figure."""
    for table in Document(str(path)).tables:
        first = table.rows[0].cells[0].text
        if first.startswith("1. "):
            return {row.cells[0].text: row.cells[-1].text for row in table.rows}
    raise AssertionError("no G702 summary")


def _g703(path: Path) -> list[list[str]]:
    for table in Document(str(path)).tables:
        if table.rows[0].cells[0].text in ("节点", "Node"):
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError("no G703 table")


def _line(summary: dict[str, str], number: int) -> str:
    return next(v for k, v in summary.items() if k.startswith(f"{number}. "))


def test_an_application_for_the_advance_is_not_work_completed(tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "fitout")
    path = _apply(folder, "P1", "2026-02-26", tmp_path / "p1")
    summary = _summary(path)
    assert _line(summary, 4) == "0.00"  # no work done yet
    assert _line(summary, 6) == "0.00"
    assert _line(summary, 7) == "240,000.00"  # the advance, on its own line
    assert _line(summary, 8) == "240,000.00"
    assert _line(summary, 9) == "0.00"
    assert _line(summary, 10) == "240,000.00"  # what the application asks for
    assert _line(summary, 11) == "2,160,000.00"  # 2,400,000.00 (V1 not yet approved) - 240,000.00
    rows = _g703(path)
    p1 = next(r for r in rows if r[0] == "P1")
    assert "不计入累计完成价值" in p1[1]
    total = next(r for r in rows if r[0] == "合计")
    assert "240,000.00" in total  # column G of every row: the advance's with the work's (none)
    work = next(r for r in rows if r[0].startswith("已完成工作"))
    assert "0.00" in work


def test_a_later_application_counts_the_advance_on_line_7_only(tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "fitout")
    path = _apply(folder, "P3", "2026-11-29", tmp_path / "p3")
    summary = _summary(path)
    # P2 720,000.00 applied for before and P3 996,000.00 (with V1) now: the work; P1 240,000.00: the advance
    assert "不含预付款" in next(k for k in summary if k.startswith("4. "))
    assert _line(summary, 4) == "1,716,000.00"
    assert _line(summary, 7) == "240,000.00"
    assert _line(summary, 8) == "1,956,000.00"
    assert _line(summary, 9) == "960,000.00"  # P1 and P2
    assert _line(summary, 10) == "996,000.00"
    assert _line(summary, 11) == "480,000.00"
    rows = _g703(path)
    total = next(r for r in rows if r[0] == "合计")
    assert "1,956,000.00" in total  # lines 4 + 7: the G703 adds up to the summary
    advance = next(r for r in rows if r[0].startswith("其中：预付款"))
    assert "240,000.00" in advance
    work = next(r for r in rows if r[0].startswith("已完成工作"))
    assert "1,716,000.00" in work


def test_the_statement_arithmetic_holds_with_the_advance(tmp_path: Path) -> None:
    import datetime as dt

    from contractkit.account.account import with_application
    from contractkit.account.statement import payment_statement
    from contractkit.model.project import load_project

    folder = copy_sample("fitout-cn", tmp_path / "fitout")
    loaded = load_project(folder)
    for node, day in (("P2", dt.date(2026, 5, 12)), ("P3", dt.date(2026, 11, 29))):
        st = payment_statement(with_application(loaded, node, day), node)
        assert all(ok for _, ok in st.checks()), [name for name, ok in st.checks() if not ok]
        assert st.advance_to_date == 240000
        assert st.completed_to_date == sum(x.to_date for x in st.lines if x.node_id != "P1")


def _measured_final(tmp_path: Path, lang: str) -> Path:
    """The small measured project with two valuations: M01 recovers 1,875.00 of the 10,000.00 advance and M02 is
    below the minimum, so the final account payment P3 recovers the other 8,125.00."""
    import yaml

    from tests.projects import measured_base, write_project

    data = measured_base()
    data["valuations"] = data["valuations"][:2]
    data["evidence"] = []
    data["events"] = data["events"][:4]  # P1 and M01 applied for and paid
    folder = tmp_path / "measured"
    write_project(folder, yaml.safe_load(yaml.safe_dump(data)))
    args = ["apply", str(folder), "--node", "P3", "-o", str(tmp_path / lang), "--as-of", "2026-06-01"]
    result = CliRunner().invoke(main, [*args, "--allow-missing", "--lang", lang, "--no-pdf"])
    assert result.exit_code == 0, result.output
    return tmp_path / lang / "payment-statement.docx"


def test_a_measured_final_account_states_the_work_before_the_advance_recovered(tmp_path: Path) -> None:
    # the valuations and the final account payment recover the advance: their rows (and line 4) state the work
    # before recovery, and the advance recovered comes off line 7 on a row of its own; before, line 4 was the
    # contract sum less the advance (the nodes' amounts net of recovery), labelled work completed
    path = _measured_final(tmp_path, "zh")
    summary = _summary(path)
    assert _line(summary, 3) == "104,500.00"
    assert _line(summary, 4) == "104,500.00"  # every item of the bill and the variation: all the work
    assert _line(summary, 5) == "2,000.00"  # the retention limit, 2% of the price
    assert _line(summary, 6) == "102,500.00"
    assert "减累计已扣回" in next(k for k in summary if k.startswith("7. "))
    assert _line(summary, 7) == "0.00"  # 10,000.00 applied for, 10,000.00 recovered
    assert _line(summary, 8) == "102,500.00"
    assert _line(summary, 9) == "21,600.00"  # P1 10,000.00 and M01 11,600.00
    assert _line(summary, 10) == "80,900.00"  # unchanged: what P3 pays
    assert _line(summary, 11) == "2,000.00"
    assert summary["本期扣回的预付款"] == "8,125.00"  # 10,000.00 less M01's 1,875.00
    rows = _g703(path)
    recovery = next(r for r in rows if r[1].startswith("减：从各期付款中扣回的预付款"))
    # scheduled, previous (M01), this application (P3), to date
    assert recovery[2:6] == ["-10,000.00", "-1,875.00", "-8,125.00", "-10,000.00"]
    m01 = next(r for r in rows if r[0] == "M01")
    assert m01[5] == "14,000.00"  # 11,600.00 paid + 525.00 retention + 1,875.00 recovered
    total = next(r for r in rows if r[0] == "合计")
    assert total[2] == "104,500.00"  # the rows still add up to the contract sum to date
    notes = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "累计已扣回的预付款10,000.00单列一行" in notes


def test_a_measured_final_account_in_english_and_both_languages(tmp_path: Path) -> None:
    for lang in ("en", "bilingual"):
        summary = _summary(_measured_final(tmp_path, lang))
        label = next(k for k in summary if "7. " in k)
        assert "less recovered to date" in label
        assert _line(summary, 4) == "104,500.00"
        assert next(v for k, v in summary.items() if "recovered from this payment" in k) == "8,125.00"


def test_the_retention_released_is_what_was_withheld_from_the_nodes_asked_for(tmp_path: Path) -> None:
    # warehouse PR applied for before the final account: the statement said 1,132,586.55 released (the retention of
    # every node, PF's included, never withheld) while line 10 asked for 899,732.55
    import datetime as dt

    from contractkit.account.account import with_application
    from contractkit.account.statement import payment_statement
    from contractkit.model.project import load_project

    folder = copy_sample("warehouse-cn", tmp_path / "warehouse")
    st = payment_statement(with_application(load_project(folder), "PR", dt.date(2026, 12, 1)), "PR")
    assert st.retention_released == st.current_due == Decimal("899732.55")


def test_line_9_says_when_it_holds_what_was_received_against_the_node_itself(tmp_path: Path) -> None:
    # 30,000.00 of a payment naming no node went to P3 before its application: line 9 counts it (line 10 is what is
    # left to pay on P3), and said only "previous applications", which add up to 960,000.00
    events = (
        '  - {on: 2026-07-15, node: P2, type: paid, amount: "300,000.00"}\n'
        '  - {on: 2026-08-01, type: paid, amount: "250,000.00"}\n'
        "  - {on: 2026-08-05, node: P3, type: acceptance_requested}\n"
        '  - {on: 2026-08-06, node: P3, type: applied, amount: "996,000.00"}\n'
    )
    folder = copy_sample("fitout-cn", tmp_path / "fitout", ("\nescalation:", events + "\nescalation:"))
    summary = _summary(_apply(folder, "P3", "2026-08-06", tmp_path / "p3"))
    label = next(k for k in summary if k.startswith("9. "))
    assert label == "9. 减：以前各期已申请金额（含本节点此前已收款项30,000.00）"
    assert _line(summary, 9) == "990,000.00" and _line(summary, 10) == "966,000.00"
