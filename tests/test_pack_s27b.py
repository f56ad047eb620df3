"""Packs and limitation (review s27b).

1. The pack's payment statement states the advance on a line of its own, not as work completed, and keeps the
   account's arithmetic; its closing note says on what footing it lists the items of GF-2017-0201 sub-clause
   12.4.2 (the contract incorporates that form, the contract's own clause lists them, or a reference only) and does
   not say the model form applies where the contract does not incorporate it. The valuation statement states the
   advance paid and still to be recovered, and the same note.
2. A demand restarts limitation under PRC law from the day it reaches the debtor: a recorded delivery, or the day
   sent where the method delivers that day (hand; email where the notices clause lets email serve notices). A notice
   by courier with no delivery recorded does not count yet. In England a demand restarts nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from docx import Document

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample

EMAIL_REMINDER = "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: email"


def _run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _pack(runner: CliRunner, folder: Path, out: Path, node: str, day: str, *extra: str) -> None:
    _run(
        runner,
        "apply",
        str(folder),
        "--node",
        node,
        "--as-of",
        day,
        "-o",
        str(out),
        "--allow-missing",
        "--no-pdf",
        *extra,
    )


def _table(path: Path, header: str) -> list[list[str]]:
    """The rows (cell texts) of the first table of a .docx that has a cell ``header`` in its first row."""
    for table in Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and header in rows[0]:
            return rows
    raise AssertionError(f"no table headed {header!r} in {path}")


def _summary(path: Path, first: str) -> dict[str, str]:
    return {row[0]: row[1] for row in _table(path, first)}


def _node(runner: CliRunner, folder: Path, node: str, day: str) -> dict[str, object]:
    status = json.loads(_run(runner, "status", str(folder), "--as-of", day, "--json"))
    (found,) = [n for n in status["nodes"] if n["node"] == node]
    return found


# ------------------------------------------------------------------ 1. the advance and the note on 12.4.2


def test_the_advance_is_not_work_completed_and_the_arithmetic_is_the_accounts(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    p1 = _node(runner, folder, "P1", "2026-05-20")
    p2 = _node(runner, folder, "P2", "2026-05-20")
    for lang, first, lines, advance_row in (
        (
            "zh",
            "1. 合同价款",
            {
                "4. 累计完成价值（不含预付款）": "720,000.00",
                "6. 扣除质量保证金后的累计完成价值（4-5）": "720,000.00",
                "7. 加：预付款（累计已申请）": "240,000.00",
                "8. 累计应付金额（6+7）": "960,000.00",
                "9. 减：以前各期已申请金额": "240,000.00",
                "10. 本期应付金额（8-9）": "720,000.00",
                "11. 剩余合同价款（含质量保证金）（3-8）": "1,476,000.00",
            },
            "其中：预付款（第7行）",
        ),
        (
            "en",
            "1. Original contract sum",
            {
                "4. Total completed to date (not the advance payment)": "720,000.00",
                "7. Add: advance payment applied for to date": "240,000.00",
                "10. Current payment due (8-9)": "720,000.00",
            },
            "Of which the advance payment (line 7)",
        ),
    ):
        out = tmp_path / f"pack-{lang}"
        _pack(runner, folder, out, "P2", "2026-05-20", "--lang", lang)
        statement = out / "payment-statement.docx"
        summary = _summary(statement, first)
        for label, figure in lines.items():
            assert summary.get(label) == figure, (label, summary)
        # the account's figures: P1 applied for earlier, P2 due now
        assert p1["claim"]["applied"] == "240000.00" and p2["amount"] == "720000.00"
        g703 = _table(statement, "节点" if lang == "zh" else "Node")
        (p1_row,) = [row for row in g703 if row[0] == "P1"]
        assert p1_row[6] == "" and "100.00%" not in p1_row  # not "complete" as work
        (split,) = [row for row in g703 if row[0] == advance_row]
        assert split[5] == "240,000.00"
        text = docx_text(statement)
        if lang == "zh":
            assert "本表按《建设工程施工合同（示范文本）》" not in text
            assert "仅作列项参照，该示范文本不是本合同的组成部分" in text
            assert "预付款是开始工作前支付的款项，不是已完成工作的价值" in text
        else:
            assert "Prepared with the contents listed in sub-clause 12.4.2" not in text
            assert "as a reference only: that model form is not part of the Contract" in text


def test_a_contract_that_incorporates_the_model_form_says_so(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", ("  currency: CNY\n", "  currency: CNY\n  form: gf-2017-0201\n"))
    out = tmp_path / "pack"
    _pack(runner, folder, out, "P2", "2026-05-20")
    text = docx_text(out / "payment-statement.docx")
    assert "本表按本合同采用的《建设工程施工合同（示范文本）》（GF—2017—0201）通用合同条款第12.4.2项" in text
    assert "不是本合同的组成部分" not in text


def test_the_valuation_statement_states_the_advance_and_rests_on_the_contracts_clause(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _pack(runner, folder, out, "V05", "2026-07-27")
    statement = out / "payment-statement.docx"
    summary = _summary(statement, "1. 合同价款")
    assert summary["7. 累计扣回的预付款"] == "3,775,288.50"
    assert summary["预付款（付款计划所列预付款节点）"] == "3,775,288.50"
    assert summary["其中已收预付款"] == "3,775,288.50"
    assert summary["尚待扣回的预付款（预付款－7）"] == "0.00"
    text = docx_text(statement)
    assert "本表列明合同第6条约定进度付款申请应当载明的事项" in text
    assert "12.4.2" not in text


# ------------------------------------------------------------------------------ 2. limitation from a demand


def test_an_email_demand_under_the_notices_clause_restarts_limitation_the_day_it_is_sent(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    p2 = _node(runner, folder, "P2", "2026-11-29")
    assert p2["limitation_on"] == "2029-07-01"
    assert "demand delivered on 2026-07-01" in str(p2["limitation_note"])
    explained = _run(runner, "status", str(folder), "--as-of", "2026-11-29", "--explain")
    assert "3 years from the demand delivered on 2026-07-01" in explained


def test_a_demand_by_hand_restarts_it_the_same_day_and_a_courier_waits_for_the_delivery(
    runner: CliRunner, tmp_path: Path
) -> None:
    def sent(via: str, name: str, extra: str = "") -> Path:
        return copy_sample(
            "fitout-cn", tmp_path / name, (EMAIL_REMINDER + ",", EMAIL_REMINDER.replace("email", via) + "," + extra)
        )

    assert _node(runner, sent("hand", "h"), "P2", "2026-11-29")["limitation_on"] == "2029-07-01"
    # by courier the day it arrives is not certain until recorded: limitation still runs from the part payment
    p2 = _node(runner, sent("sf-express", "c"), "P2", "2026-11-29")
    assert p2["limitation_on"] == "2029-06-20" and "part payment" in str(p2["limitation_note"])
    # recorded as signed for: it restarts from that day
    assert _node(runner, sent("sf-express", "s", " delivered_on: 2026-07-03,"), "P2", "2026-11-29")[
        "limitation_on"
    ] == ("2029-07-03")
    # a notices clause that does not let email serve a notice: the email is not deemed delivered that day
    no_email = copy_sample(
        "fitout-cn",
        tmp_path / "e",
        ("  - use: general.notices\n", "  - use: general.notices\n    with: {email_notices: false}\n"),
    )
    assert _node(runner, no_email, "P2", "2026-11-29")["limitation_on"] == "2029-06-20"


def test_in_england_the_same_demands_restart_nothing(runner: CliRunner, tmp_path: Path) -> None:
    # the PRC sample's email reminder restarts limitation (SPC limitation rules art. 8) ...
    assert _node(runner, copy_sample("fitout-cn", tmp_path / "cn"), "P2", "2026-11-29")["limitation_on"] == "2029-07-01"
    # ... and in England a demand, by email or by hand, does not (Limitation Act 1980 s.29)
    plain = copy_sample("software-uk", tmp_path / "a")
    demanded = copy_sample(
        "software-uk",
        tmp_path / "b",
        (
            "\nescalation:",
            "  - {on: 2026-10-01, node: P3, type: notice, stage: notice, via: email, ref: x}\n"
            "  - {on: 2026-10-05, node: P3, type: notice, stage: final, via: hand, ref: y}\n\nescalation:",
        ),
    )
    before = _node(runner, plain, "P3", "2026-11-29")
    after = _node(runner, demanded, "P3", "2026-11-29")
    assert after["limitation_on"] == before["limitation_on"] and after["limitation_on"] is not None
    assert "demand" not in str(after["limitation_note"])
