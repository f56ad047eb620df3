"""What a letter threatens and claims follows from the debt it is about, read as the debtor's lawyer reads it:
no priority over the works once its period has ended or where only interest is owed, no termination for a
price already paid, a price paid late shown as paid late, the earlier letters tied to their nodes, a
foreign-language court named so in a Chinese sentence, and a reference rate past its confirmed data said so."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.law.base import Debt
from contractkit.law.prc import PRC
from contractkit.model.models import DemandStage
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

#: China's 2027 public holidays as the State Council published them, for letters dated in 2027.
CALENDAR_2027 = (
    "calendar: {holidays: [2027-01-01, 2027-02-16, 2027-02-17, 2027-02-18, 2027-02-19, 2027-02-22, 2027-10-01, "
    "2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07], workdays: [], through: 2027-12-31}\n"
)


def _fitout(tmp_path: Path, *, events: str = "", extra: str = "") -> Path:
    folder = tmp_path / "fitout"
    folder.mkdir()
    text = (SAMPLES / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
    anchor = "\nescalation:"
    text = text.replace(anchor, events + anchor, 1) + extra
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    return folder


def _demand(folder: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["demand", str(folder), "-o", str(out), *args])


def test_the_priority_period_is_counted_from_each_price_owed() -> None:
    project = load_project(SAMPLES / "fitout-cn").project
    due = PRC.priority_deadline
    day = dt.date
    owed = Debt(True, (day(2026, 5, 29),), day(2027, 11, 29))
    assert due(day(2026, 5, 29)) == day(2027, 11, 29)
    assert PRC.regime(project, DemandStage.FINAL, "none", owed).priority_right  # the last day itself is open
    lapsed = Debt(True, (day(2026, 5, 29),), day(2027, 11, 30))
    assert not PRC.regime(project, DemandStage.FINAL, "none", lapsed).priority_right
    # one price still in time keeps the priority for it
    both = Debt(True, (day(2026, 5, 29), day(2026, 10, 1)), day(2027, 11, 30))
    assert PRC.regime(project, DemandStage.FINAL, "none", both).priority_right
    interest_only = Debt(False, (), day(2026, 11, 29))
    regime = PRC.regime(project, DemandStage.FINAL, "none", interest_only)
    assert not regime.priority_right and not regime.termination_after_demand
    keys = PRC.citations(project, DemandStage.FINAL, "none", interest_only)
    assert "cn.civil-code.807" not in keys and "cn.civil-code.563" not in keys and "cn.civil-code.577" in keys


def test_a_final_demand_after_the_priority_period_does_not_invoke_it(tmp_path: Path) -> None:
    folder = _fitout(tmp_path, extra=CALENDAR_2027)
    out = tmp_path / "final.docx"
    result = _demand(folder, out, "--node", "P2", "--stage", "final", "--as-of", "2027-12-10")
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "第八百零七条" not in letter and "优先受偿" not in letter
    # the price is still unpaid: termination remains open, under the suspension clause's paragraph (s27)
    assert "自我方依该条暂停施工之日起满28日" in letter
    summary = docx_text(tmp_path / "final-case-summary.docx")
    assert "行使期限已届满" in summary and "P2（2026年5月29日到期）：2027年11月29日届满" in summary
    assert "could be exercised until 2027-11-29 at the latest" in result.output


def test_a_final_demand_in_time_invokes_the_priority_with_its_last_day(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    result = _demand(_fitout(tmp_path), out, "--node", "P2", "--stage", "final", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "第八百零七条" in letter and "我方将在2027年11月29日（含当日）前依法行使建设工程价款优先受偿权" in letter
    assert "行使期限已届满" not in docx_text(tmp_path / "final-case-summary.docx")


@pytest.mark.parametrize("stage", ["notice", "final"])
def test_a_price_paid_late_is_claimed_for_its_interest_only(tmp_path: Path, stage: str) -> None:
    paid = '  - {on: 2026-10-20, node: P2, type: paid, amount: "520,000.00", ref: 银行回单 20261020}\n'
    folder = _fitout(tmp_path, events=paid)
    out = tmp_path / f"{stage}.docx"
    result = _demand(folder, out, "--node", "P2", "--stage", stage, "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    # 22 days on 720,000 and 122 days on 520,000 at 0.05% a day
    assert "逾期付款违约金人民币39,640.00元" in letter or "合计人民币39,640.00元" in letter
    assert "2026年10月20日付清，逾期144日" in letter and "逾期0日" not in letter
    assert "至今未足额支付" not in letter and "至今未予足额支付" not in letter
    assert "逾期付款违约金至今未付" in letter
    assert "继续计算" not in letter and "继续产生" not in letter  # nothing accrues on a price paid
    assert "第八百零七条" not in letter and "第五百六十三条" not in letter
    assert "逾期付款的逾期" not in letter


def test_earlier_letters_are_listed_with_the_node_each_was_about(tmp_path: Path) -> None:
    events = (
        "  - {on: 2026-09-03, node: P3, type: acceptance_requested, ref: 竣工验收通知}\n"
        '  - {on: 2026-09-10, node: P3, type: applied, amount: "996,000.00", ref: 付款申请第3期}\n'
        "  - {on: 2026-09-17, node: P3, type: accepted, ref: 竣工验收记录}\n"
        '  - {on: 2026-09-18, node: P3, type: invoiced, amount: "996,000.00", ref: 发票 No.0311-0003}\n'
    )
    out = tmp_path / "notice.docx"
    result = _demand(
        _fitout(tmp_path, events=events), out, "--node", "all", "--stage", "notice", "--as-of", "2026-11-29"
    )
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "我方此前已就上述款项" not in letter  # the reminder was about P2 only, not P3
    assert "各函所涉付款节点见下表" in letter and "节点" in letter and "P2" in letter


def test_a_chinese_letter_names_an_english_court_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    args = ["--node", "P3", "--stage", "final", "--as-of", "2026-11-29", "--lang", "zh"]
    result = _demand(SAMPLES / "software-uk", out, *args)
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "向英格兰及威尔士法院提起诉讼" in letter and "the courts of" not in letter
    assert "英格兰及威尔士《诉前行为与诉前规程实务指引》" in letter and "英国《诉前" not in letter


def test_a_court_the_contract_names_only_in_english_is_kept_as_written_in_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "sw"
    shutil.copytree(SAMPLES / "software-uk", folder)
    path = folder / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "the courts of England and Wales", "the Business and Property Courts in Leeds"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "final.docx"
    result = _demand(folder, out, "--node", "P3", "--stage", "final", "--as-of", "2026-11-29", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "向合同约定的法院（the Business and Property Courts in Leeds）提起诉讼" in docx_text(out)


def test_a_reference_rate_past_its_confirmed_data_is_stated_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "sw"
    shutil.copytree(SAMPLES / "software-uk", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - use: penalty.late-payment-interest")
    end = text.index("  - use:", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")  # statutory interest: Bank Rate + 8%
    out = tmp_path / "final.docx"
    result = _demand(folder, out, "--node", "P3", "--stage", "final", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert "Bank Rate data is confirmed only through 2026-02-28" in result.output
    letter = docx_text(out)
    assert "in force on 30 June 2026" in letter
    assert "the changed rate applies" not in letter  # the rate is fixed for the debt: no later change applies
    assert (
        "(the rate as published up to 28 February 2026; should the rate in force on the day stated have been "
        "different, that rate applies)" in letter
    )


@pytest.mark.parametrize("rate", ["-3%", "-500%", "150%"])
def test_a_reference_rate_row_outside_zero_to_a_hundred_percent_is_refused(tmp_path: Path, rate: str) -> None:
    """A negative row once made a letter claim negative 违约金 (the debtor credited for paying late)."""
    extra = f'rates: {{lpr-1y: [{{from: 2026-01-01, rate: "{rate}"}}]}}\n'
    folder = _fitout(tmp_path, extra=extra)
    line = (folder / "project.yaml").read_text(encoding="utf-8").count("\n")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert (
        f"project.yaml:{line}: rates.lpr-1y[0].rate: '{rate}' is not a reference rate; use 0% to 100%" in result.output
    )
    out = tmp_path / "notice.docx"
    letter = _demand(folder, out, "--node", "P2", "--as-of", "2026-11-29")
    assert letter.exit_code == 2 and not out.exists()


@pytest.mark.parametrize("stage", ["reminder", "suspension"])
def test_a_reminder_or_suspension_is_not_written_for_interest_alone(tmp_path: Path, stage: str) -> None:
    """A reminder asked for "人民币0.00元" of a price already paid; unpaid interest alone does not stop the work."""
    paid = '  - {on: 2026-10-20, node: P2, type: paid, amount: "520,000.00", ref: 银行回单 20261020}\n'
    out = tmp_path / f"{stage}.docx"
    result = _demand(_fitout(tmp_path, events=paid), out, "--node", "P2", "--stage", stage, "--as-of", "2026-11-29")
    assert result.exit_code == 1 and "only the interest for its late payment is owed" in result.output
    assert "--stage notice" in result.output and not out.exists()


def _software(tmp_path: Path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "sw"
    shutil.copytree(SAMPLES / "software-uk", folder)
    if old:
        path = folder / "project.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_the_reminder_states_the_debt_as_invoiced_with_its_vat(tmp_path: Path) -> None:
    out = tmp_path / "reminder.docx"
    result = _demand(_software(tmp_path), out, "--node", "P3", "--stage", "reminder", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert "with VAT of GBP 17,200.00: GBP 103,200.00" in docx_text(out)  # as the notice and the statement say


def test_the_case_summary_names_the_pre_action_rules_the_debtor_calls_for(tmp_path: Path) -> None:
    folder = _software(
        tmp_path,
        "name: Northgate Mutual Assurance plc",
        "name: Fiona Gallagher trading as Northgate Digital\n    form: sole-trader",
    )
    out = tmp_path / "final.docx"
    result = _demand(folder, out, "--node", "P3", "--stage", "final", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert "Pre-Action Protocol for Debt Claims" in docx_text(out)
    summary = docx_text(tmp_path / "final-case-summary.docx")
    assert "follow the Pre-Action Protocol for Debt Claims" in summary
    assert "follow the Practice Direction" not in summary


def test_a_notice_does_not_threaten_a_suspension_already_in_force(tmp_path: Path) -> None:
    out = tmp_path / "notice.docx"
    args = ["--node", "P3", "--stage", "notice", "--as-of", "2026-11-29", "--lang", "en"]
    result = _demand(SAMPLES / "epc-intl", out, *args)  # suspended from 6 October 2026 (the ledger)
    assert result.exit_code == 0, result.output
    assert "notice under Clause 11 of the Contract that we will suspend" not in docx_text(out)
    fresh = tmp_path / "fresh.docx"  # before the notice of suspension went, the notice warns of it
    assert (
        _demand(SAMPLES / "epc-intl", fresh, "--node", "P3", "--stage", "notice", "--as-of", "2026-09-01").exit_code
        == 0
    )
    assert "notice under Clause 11 of the Contract that we will suspend" in docx_text(fresh)


def test_the_final_demand_lists_what_it_claims_in_a_sentence(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    args = ["--node", "P3", "--stage", "final", "--as-of", "2026-11-29", "--lang", "en"]
    assert _demand(SAMPLES / "epc-intl", out, *args).exit_code == 0
    assert "claiming the principal sum and interest until payment." in docx_text(out)
