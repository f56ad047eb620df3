"""Documents state the account's facts (review s27).

1. The progress report's acceptance table and its point on a review period that ended without acceptance state
   the request for acceptance (the one that started the review period, and which it was), not the application.
2. The early-payment discount runs from the client's receipt of the invoice (or of the application), recorded or
   deemed as the notices clause deems a letter's, to a last day rolled off a rest day; the clause's condition that
   nothing else be overdue is stated with the sums overdue.
3. The pack's statement splits what was applied for earlier as the account does (due and unpaid, held until
   resolved, certified for less), and a pack for a node whose application the ledger records is that application.
4. A calendar file that cannot be read is unusable input: exit 2 from every command but ``validate``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample

LAST_EVENT = "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: email"


def _events(*lines: str) -> tuple[str, str]:
    """An edit adding ``lines`` to the fit-out sample's ledger, after its last event."""
    return ("\nescalation:", "\n" + "".join(f"  - {line}\n" for line in lines) + "\nescalation:")


def _run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def _pack(runner: CliRunner, folder: Path, out: Path, node: str, day: str, *extra: str) -> str:
    """``apply`` for ``node`` on ``day`` into ``out``, evidence allowed missing and no PDFs: its output."""
    return _run(
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
    """The rows (cell texts) of the first table of a .docx whose first row has a cell ``header``."""
    for table in Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and any(header in cell for cell in rows[0]):
            return rows
    raise AssertionError(f"no table headed {header!r} in {path}")


# ------------------------------------------------------------------------------------- 1. report: acceptance


def test_the_acceptance_row_states_the_request_for_acceptance_not_the_application(
    runner: CliRunner, tmp_path: Path
) -> None:
    # P2: acceptance requested 8 May, applied for 12 May, accepted 15 May
    folder = copy_sample("fitout-cn", tmp_path / "p")
    for lang, requested, state in (
        ("zh", "2026年5月8日", "已于2026年5月15日验收合格"),
        ("en", "8 May 2026", "accepted on 15 May 2026"),
    ):
        out = tmp_path / f"r-{lang}.docx"
        _run(
            runner,
            "report",
            str(folder),
            "-o",
            str(out),
            "--as-of",
            "2026-05-20",
            "--since",
            "2026-05-01",
            "--lang",
            lang,
        )
        rows = _table(out, "验收情况" if lang == "zh" else "State")
        assert rows[0][2] == ("提请验收日期" if lang == "zh" else "Acceptance requested")
        assert rows[1][0].startswith("P2") and rows[1][2] == requested and rows[1][3] == state


def test_a_request_for_acceptance_without_an_application_is_stated(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "p",
        _events("{on: 2026-09-15, node: P3, type: acceptance_requested, ref: 竣工验收申请}"),
    )
    out = tmp_path / "rep.docx"
    _run(runner, "report", str(folder), "-o", str(out), "--as-of", "2026-09-21", "--since", "2026-09-01")
    (row,) = _table(out, "验收情况")[1:]
    assert row[0].startswith("P3") and row[2] == "2026年9月15日"
    assert row[3] == "待验收；审核期限内未提出书面异议的，于2026年9月29日视为验收合格"


def _rejected_then_requested(tmp_path: Path) -> Path:
    """The fit-out sample whose acceptance is not deemed by silence, P3's first request rejected, a second made."""
    return copy_sample(
        "fitout-cn",
        tmp_path / "p",
        ("with: {review_days: 7, deemed_acceptance: true}", "with: {review_days: 7, deemed_acceptance: false}"),
        ("deemed_accepted: true", "deemed_accepted: false"),
        _events(
            "{on: 2026-09-01, node: P3, type: acceptance_requested, ref: 第一次验收申请}",
            "{on: 2026-09-04, node: P3, type: rejected, reason: 面层空鼓}",
            "{on: 2026-09-15, node: P3, type: acceptance_requested, ref: 竣工验收申请}",
        ),
    )


def test_the_request_that_started_the_review_is_named_and_the_review_point_dates_from_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = _rejected_then_requested(tmp_path)
    _run(runner, "validate", str(folder))
    said = {
        "zh": (
            "2026年9月15日（共2次提请，审核期限自第2次（竣工验收申请）起算）",
            "1. P3 第二期进度款：我方已于2026年9月15日提请验收并提交验收资料"
            "（共2次提请，审核期限自第2次（竣工验收申请）起算），"
            "审核期限已于2026年9月29日届满，尚未收到验收结论。",
        ),
        "en": (
            "15 September 2026 (request 2 of 2, 竣工验收申请, from which the review period runs)",
            "1. P3 第二期进度款: we requested acceptance on 15 September 2026 "
            "(request 2 of 2, 竣工验收申请, from which the review period ran); "
            "the review period ended on 29 September 2026",
        ),
    }
    for lang, (cell, point) in said.items():
        out = tmp_path / f"rep-{lang}.docx"
        _run(
            runner,
            "report",
            str(folder),
            "-o",
            str(out),
            "--as-of",
            "2026-10-20",
            "--since",
            "2026-10-01",
            "--lang",
            lang,
        )
        (row,) = _table(out, "验收情况" if lang == "zh" else "State")[1:]
        assert row[2] == cell
        assert point in docx_text(out)


def test_a_rejected_request_is_not_shown_as_starting_a_review(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "p",
        _events(
            "{on: 2026-09-01, node: P3, type: acceptance_requested, ref: 第一次验收申请}",
            "{on: 2026-09-04, node: P3, type: rejected, reason: 面层空鼓}",
        ),
    )
    out = tmp_path / "rep.docx"
    _run(runner, "report", str(folder), "-o", str(out), "--as-of", "2026-09-21", "--since", "2026-09-01")
    (row,) = _table(out, "验收情况")[1:]
    assert row[2] == "2026年9月1日（验收未通过，待重新提请验收）"


# ------------------------------------------------------------------------------------ 2. early-payment discount

DISCOUNT = (
    "  - use: general.notices\n",
    "  - use: general.notices\n"
    "  - use: incentive.early-payment-discount\n"
    '    with: {discount: "1.5%", within_days: 10}\n',
)
P3_APPLIED = (
    "{on: 2026-09-15, node: P3, type: acceptance_requested, ref: x}",
    '{on: 2026-09-21, node: P3, type: applied, amount: "996,000.00", ref: x}',
)
P3_INVOICED = '{on: 2026-09-21, node: P3, type: invoiced, amount: "996,000.00", ref: x}'


def _letter(runner: CliRunner, folder: Path, out: Path, node: str, day: str, lang: str) -> str:
    _pack(runner, folder, out, node, day, "--lang", lang)
    return docx_text(out / "application-letter.docx")


def test_the_discount_runs_from_the_deemed_receipt_of_the_invoice_in_the_ledger(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", DISCOUNT, _events(*P3_APPLIED, P3_INVOICED))
    zh = _letter(runner, folder, tmp_path / "zh", "P3", "2026-09-21", "zh")
    # sent 21 September, method not recorded: delivered by 24 September at the latest (3 days by courier); ten days
    # after it is 4 October, in the National Day holiday: the period ends on the next working day
    assert (
        "贵方自收到本期发票之日起10日内（本期发票最迟于2026年9月24日视为送达，该期限至2026年10月8日届满；期限末日2026年10月4日"
        "为休息日，顺延至其后第一个工作日）足额支付本期全部应付款项" in zh
    )
    assert "实付金额为人民币981,060.00元" in zh
    # P2 is overdue (520,000 unpaid since 29 May): the clause's second condition is stated with it
    assert (
        "截至本函日期，贵方尚有P2已到期未付款项共计人民币520,000.00元；该等款项须在付款时已经付清，方可扣减上述折扣。"
        in zh
    )
    en = _letter(runner, folder, tmp_path / "en", "P3", "2026-09-21", "en")
    assert (
        "within 10 days after receiving our invoice for it (the invoice is deemed delivered by 24 September 2026 at "
        "the latest, so that period ends on 8 October 2026, 4 October 2026 being a rest day)" in en
    )
    assert "As at the date of this letter CNY 520,000.00 due under P2 remains unpaid" in en


def test_the_discount_runs_from_the_recorded_delivery_of_the_invoice(runner: CliRunner, tmp_path: Path) -> None:
    delivered = P3_INVOICED.replace("ref: x}", "delivered_on: 2026-09-28, ref: x}")
    folder = copy_sample("fitout-cn", tmp_path / "p", DISCOUNT, _events(*P3_APPLIED, delivered))
    zh = _letter(runner, folder, tmp_path / "zh", "P3", "2026-09-28", "zh")
    assert "（本期发票已于2026年9月28日送达，该期限至2026年10月8日届满）足额支付" in zh


def test_without_an_invoice_the_discount_runs_from_its_receipt_undated(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", DISCOUNT, _events(*P3_APPLIED))
    zh = _letter(runner, folder, tmp_path / "zh", "P3", "2026-09-21", "zh")
    (discount,) = [line for line in zh.split("\n") if "提前付款折扣" in line]
    assert "贵方自收到本期发票之日起10日内足额支付本期全部应付款项" in discount
    assert "送达" not in discount and "届满" not in discount


def test_without_invoicing_the_discount_runs_from_receipt_of_the_application(runner: CliRunner, tmp_path: Path) -> None:
    # the warehouse contract asks for no invoice before payment: the period runs from receipt of the application
    folder = copy_sample("warehouse-cn", tmp_path / "p", DISCOUNT, count=1)
    _run(runner, "validate", str(folder))
    zh = _letter(runner, folder, tmp_path / "zh", "V05", "2026-07-27", "zh")
    # made on 27 July, deemed delivered by 30 July; ten days after it is Sunday 9 August, rolled to Monday 10 August
    assert (
        "贵方自收到本期付款申请之日起10日内（本期付款申请最迟于2026年7月30日视为送达，该期限至2026年8月10日届满；"
        "期限末日2026年8月9日为休息日，顺延至其后第一个工作日）" in zh
    )
    assert "2026年8月6日" not in zh  # ten days from the day the application was sent, not received


# -------------------------------------------------------------------------------------------- 3. the pack

CERTIFIED_LESS = _events(
    '{on: 2026-05-20, node: P2, type: certified, amount: "650,000.00", by: 监理单位, ref: 支付证书2}',
    "{on: 2026-11-02, node: P3, type: acceptance_requested, ref: 验收申请3}",
    '{on: 2026-11-05, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}',
)


def test_the_statement_splits_earlier_applications_as_the_account_does(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p", CERTIFIED_LESS)
    status = json.loads(_run(runner, "status", str(folder), "--as-of", "2026-11-06", "--json"))
    p2 = next(n for n in status["nodes"] if n["node"] == "P2")
    assert (p2["outstanding"], p2["claim"]["held"], p2["paid"]) == ("450000.00", "70000.00", "200000.00")
    for lang, lines, note in (
        (
            "zh",
            [["以前各期应付未付金额", "450,000.00"], ["以前各期未获确认或有异议、待解决的金额", "70,000.00"]],
            "P2 第一期进度款：申请720,000.00，监理单位于2026年5月20日确认650,000.00（支付证书2）；其中已收200,000.00，"
            "应付未付450,000.00，未获确认或有异议、待解决70,000.00。",
        ),
        (
            "en",
            [
                ["Due on earlier applications and still unpaid", "450,000.00"],
                ["Held on earlier applications until resolved (not certified or disputed)", "70,000.00"],
            ],
            "P2 第一期进度款: applied for 720,000.00; certified at 650,000.00 by 监理单位 on 20 May 2026 (支付证书2); "
            "of which received 200,000.00, due and unpaid 450,000.00, held until resolved 70,000.00.",
        ),
    ):
        out = tmp_path / f"pack-{lang}"
        said = _pack(runner, folder, out, "P3", "2026-11-06", "--lang", lang)
        assert "the pack is that application, dated 2026-11-05 as it was made (not 2026-11-06)" in said
        statement = out / "payment-statement.docx"
        rows = _table(statement, "1. 合同价款" if lang == "zh" else "1. Original contract sum")
        for line in lines:
            assert line in rows
        assert not any("520,000.00" in cell for row in rows for cell in row)
        assert note in docx_text(statement).split("\n")
        # the pack is the application the ledger records on 5 November
        facts = _table(statement, "合同编号" if lang == "zh" else "Contract No.")
        assert ["申请日期" if lang == "zh" else "Date", "2026年11月5日" if lang == "zh" else "5 November 2026"] in facts
        assert "HT-2026-017-P3-20261105" in docx_text(out / "application-letter.docx")
        progress = _table(out / "progress-summary.docx", "付款条件" if lang == "zh" else "Milestone")
        (p3,) = [row for row in progress if row[0] == "P3"]
        assert p3[3] == ("2026年11月5日" if lang == "zh" else "5 November 2026")  # the same day as the statement's


def test_a_statement_with_nothing_held_has_no_held_row(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample(
        "fitout-cn", tmp_path / "p", _events("{on: 2026-11-02, node: P3, type: acceptance_requested, ref: x}")
    )
    out = tmp_path / "pack"
    _pack(runner, folder, out, "P3", "2026-11-06")
    rows = _table(out / "payment-statement.docx", "1. 合同价款")
    assert ["以前各期应付未付金额", "520,000.00"] in rows  # P2: deemed certified in full, 200,000 of it paid
    assert not any("待解决" in row[0] for row in rows)
    assert "以前各期申请与确认情况" not in docx_text(out / "payment-statement.docx")


def test_a_valuation_statement_states_what_an_earlier_certificate_held(runner: CliRunner, tmp_path: Path) -> None:
    certified = '  - {on: 2026-06-01, node: V03, type: certified, amount: "2,198,362.40"'
    paid = '  - {on: 2026-06-12, node: V03, type: paid, amount: "2,198,362.40"'
    folder = copy_sample(
        "warehouse-cn",
        tmp_path / "p",
        (certified, certified.replace("2,198,362.40", "2,000,000.00")),
        (paid, paid.replace("2,198,362.40", "2,000,000.00")),
        count=1,
    )
    out = tmp_path / "pack"
    _pack(runner, folder, out, "V05", "2026-07-27")
    rows = _table(out / "payment-statement.docx", "1. 合同价款")
    assert ["以前各期未获确认或有异议、待解决的金额", "198,362.40"] in rows
    assert any(row[0] == "以前各期应付未付金额" for row in rows)


# ---------------------------------------------------------------------------- 4. a calendar that cannot be read

#: the calendar file, the line its problem is reported at, and what is said
BROKEN = {
    "unclosed bracket": ("holidays: [2027-03-23\n", 2, "not valid YAML"),
    "a day that does not exist": ("through: 2027-12-31\nholidays: [2027-02-30]\n", 2, "'2027-02-30' is not a date"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_calendar_file_that_cannot_be_read_is_unusable_input(runner: CliRunner, tmp_path: Path, case: str) -> None:
    text, line, said = BROKEN[case]
    folder = copy_sample("fitout-cn", tmp_path / "p", append="calendar: {file: cal.yaml}\n")
    (folder / "cal.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    day = ("--as-of", "2027-03-10")
    commands = {
        "status": ["status", str(folder), *day],
        "status --json": ["status", str(folder), *day, "--json"],
        "apply": ["apply", str(folder), "--node", "P3", "-o", str(out / "pack"), *day, "--allow-missing", "--no-pdf"],
        "report": ["report", str(folder), "-o", str(out / "r.docx"), *day],
        "demand": ["demand", str(folder), "--node", "P2", "-o", str(out / "d.docx"), *day],
        "draft": ["draft", str(folder), "-o", str(out / "c.docx")],
        "export": ["export", str(folder), "-o", str(out / "x.xlsx"), *day],
    }
    located = f"{folder / 'cal.yaml'}:{line}: FIL003 error calendar.file: "
    for name, args in commands.items():
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (name, result.output)
        first = result.output.splitlines()[0]
        assert first.startswith(located) and said in first, (name, result.output)
    assert sorted(p.name for p in out.iterdir()) == []  # nothing was written
    # several projects, and a letter for each overdue client: the project is unusable, the run ends with 2
    other = copy_sample("fitout-cn", tmp_path / "q")
    result = runner.invoke(main, ["status", str(folder), str(other), *day])
    assert result.exit_code == 2 and f"unreadable: {folder / 'cal.yaml'}:{line}: FIL003" in result.output, result.output
    result = runner.invoke(main, ["demand", str(folder), "--all-overdue", "-o", str(out / "letters"), *day])
    assert result.exit_code == 2 and located.rstrip(": ") in result.output, result.output
    # validate reports it as a finding: exit 1 is its "errors found"
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1 and result.output.startswith(located), result.output


def test_a_validation_error_that_leaves_the_input_usable_is_still_refused_with_1(
    runner: CliRunner, tmp_path: Path
) -> None:
    # an event before signing (DAT002): refused on the merits, as before
    folder = copy_sample(
        "fitout-cn", tmp_path / "p", _events("{on: 2025-01-01, node: P3, type: acceptance_requested, ref: x}")
    )
    result = runner.invoke(main, ["status", str(folder), "--as-of", "2026-11-06"])
    assert result.exit_code == 1 and "DAT002" in result.output, result.output
    result = runner.invoke(main, ["report", str(folder), "-o", str(tmp_path / "r.docx"), "--as-of", "2026-11-06"])
    assert result.exit_code == 1 and "DAT002" in result.output, result.output
