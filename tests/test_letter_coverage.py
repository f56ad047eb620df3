"""What a letter covers and when a pack is dated.

A demand for ``--node all`` claims everything the account shows as owed: the unpaid overdue prices and the
interest on a price paid late (V04 of the measured sample, paid 25 days late). An application pack never
contradicts the application the ledger records, never gives a due date before its own date, and is not made
before its valuation's measurement period ends.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.docs import docx_text

FINAL = "2026-09-16"  # V05 30 days overdue (the final demand is next); V04 paid on 10 August, 25 days late


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    return folder


@pytest.fixture
def fitout(tmp_path: Path) -> Path:
    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    return folder


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------------------------------ demand --node all


def test_the_final_demand_for_all_claims_the_interest_the_account_shows(warehouse: Path, tmp_path: Path) -> None:
    status = json.loads(run("status", str(warehouse), "--as-of", FINAL, "--json").output)
    assert status["accrued_interest"] == "148239.67"
    out = tmp_path / "final.docx"
    result = run("demand", str(warehouse), "--node", "all", "--stage", "final", "--as-of", FINAL, "-o", str(out))
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "HT-2026-031-FIN-V04-V05-20260916" in letter
    # V04 is listed as paid, late, with its interest period; V05 as unpaid
    assert "2026年7月16日2026年8月10日付清，逾期25日" in letter
    assert "2026年7月17日至2026年8月10日" in letter and "人民币41,892.63元" in letter
    assert "人民币106,347.04元" in letter
    # the totals are the account's: interest 106,347.04 + 41,892.63; the claim adds the unpaid price of V05
    assert "人民币148,239.67元（大写：人民币壹拾肆万捌仟贰佰叁拾玖元陆角柒分）" in letter
    assert "付清上述款项合计人民币7,238,042.17元" in letter
    assert "人民币7,196,149.54元" not in letter
    # interest runs on only after the letter where a price is unpaid: V05's daily amount alone
    assert "按每日人民币3,544.90元继续产生" in letter
    # the opening says both: a price unpaid, and one paid late whose interest is unpaid
    assert "至今未予足额支付，或者虽已付清但逾期付款、由此产生的逾期付款违约金至今未付" in letter
    summary = docx_text(tmp_path / "final-case-summary.docx")
    assert "逾期付款违约金人民币148,239.67元，合计人民币7,238,042.17元" in summary
    assert "人民币7,196,149.54元" not in summary


def test_a_letter_for_one_node_paid_late_still_claims_only_its_interest(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "v04.docx"
    result = run("demand", str(warehouse), "--node", "V04", "--stage", "final", "--as-of", FINAL, "-o", str(out))
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "HT-2026-031-FIN-V04-20260916" in letter and "V05" not in letter
    assert "付清上述款项合计人民币41,892.63元" in letter
    assert "由此产生的逾期付款违约金至今未付" in letter  # the wording for a price paid late (principal_due false)


def test_the_default_letter_for_all_takes_in_the_interest_at_the_next_stage(warehouse: Path, tmp_path: Path) -> None:
    # 2 September: the ledger records the formal notice for V05 that day; the final demand is next, once the
    # notice's deadline has passed (delivered on 4 September, 10 days: 14 September)
    out = tmp_path / "next.docx"
    result = run("demand", str(warehouse), "--node", "all", "--as-of", "2026-09-02", "-o", str(out))
    assert result.exit_code == 1 and "gives until 2026-09-14" in result.output, result.output
    assert not out.exists()
    result = run("demand", str(warehouse), "--node", "all", "--as-of", "2026-09-02", "--stage", "final", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "(final)" in result.output
    letter = docx_text(out)
    assert "2026年8月10日付清，逾期25日" in letter and "人民币41,892.63元" in letter


def test_a_suspension_for_all_leaves_out_a_price_paid_late(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "suspension.docx"
    args = ["demand", str(warehouse), "--node", "all", "--stage", "suspension", "--as-of", "2026-09-02"]
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "V04 left out of this suspension letter" in result.output
    assert "CNY 41,892.63 of interest" in result.output and "--stage notice" in result.output
    letter = docx_text(out)
    assert "V05" in letter and "V04" not in letter


def test_interest_alone_is_claimed_only_when_asked(warehouse: Path, tmp_path: Path) -> None:
    # 12 August: V04 paid two days before, 25 days late; V05 not yet due. No price is overdue
    out = tmp_path / "alone.docx"
    result = run("demand", str(warehouse), "--node", "all", "--as-of", "2026-08-12", "-o", str(out))
    assert result.exit_code == 1
    assert "nothing is overdue on 2026-08-12, but V04 was paid 25 days late" in result.output
    assert "CNY 41,892.63 of interest on it is owed" in result.output and "--stage notice" in result.output
    assert not out.exists()
    result = run(
        "demand", str(warehouse), "--node", "all", "--stage", "reminder", "--as-of", "2026-08-12", "-o", str(out)
    )
    assert result.exit_code == 1 and "asks for the price" in result.output
    assert not out.exists()
    result = run(
        "demand", str(warehouse), "--node", "all", "--stage", "notice", "--as-of", "2026-08-12", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "HT-2026-031-NOT-V04-20260812" in letter and "人民币41,892.63元" in letter


# --------------------------------------------------------------------------------------------- pack dates


def test_a_valuation_pack_before_its_period_ends_is_refused(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "early"
    result = run("apply", str(warehouse), "--node", "V05", "-o", str(out), "--as-of", "2026-07-20", "--no-pdf")
    assert result.exit_code == 1
    assert "2026-06-26 to 2026-07-25" in result.output and "2026-07-20 is too early" in result.output
    assert "--as-of 2026-07-25 or later" in result.output and "Nothing was written" in result.output
    assert not out.exists()
    # the period's last day is the contract's application day: a pack may be made on it
    result = run("apply", str(warehouse), "--node", "V05", "-o", str(out), "--as-of", "2026-07-25", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "日期：2026年7月25日" in docx_text(out / "application-letter.docx")


@pytest.mark.parametrize("day", ["2026-07-30", "2026-08-20"])
def test_a_pack_after_the_recorded_application_is_that_application(warehouse: Path, tmp_path: Path, day: str) -> None:
    recorded, later = tmp_path / "recorded", tmp_path / "later"
    result = run("apply", str(warehouse), "--node", "V05", "-o", str(recorded), "--as-of", "2026-07-27", "--no-pdf")
    assert result.exit_code == 0, result.output
    result = run("apply", str(warehouse), "--node", "V05", "-o", str(later), "--as-of", day, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "application for V05 as made on 2026-07-27 (进度付款申请第5期)" in result.output
    assert f"dated 2026-07-27 as it was made (not {day})" in result.output
    letter = docx_text(later / "application-letter.docx")
    assert "HT-2026-031-V05-20260727" in letter and "日期：2026年7月27日" in letter
    assert "应于收到付款申请之日起21日内支付，即不迟于2026年8月17日" in letter
    # the same application, byte for byte, as the pack made on the day
    names = sorted(p.name for p in recorded.iterdir())
    assert names == sorted(p.name for p in later.iterdir())
    for name in names:
        assert (recorded / name).read_bytes() == (later / name).read_bytes(), name


def test_a_milestone_pack_after_its_due_date_is_the_recorded_application(fitout: Path, tmp_path: Path) -> None:
    out = tmp_path / "late"
    result = run("apply", str(fitout), "--node", "P2", "-o", str(out), "--as-of", "2026-07-01", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "its due date 2026-05-29 has passed by 2026-07-01" in result.output
    letter = docx_text(out / "application-letter.docx")
    assert "日期：2026年5月12日" in letter and "2026年7月1日" not in letter
    # 20 May: the due date runs from acceptance (15 May), not from the application, and is still ahead; the pack is
    # still the application the ledger records, dated 12 May as it was made (not an application of 20 May the ledger
    # does not have), with the due date as it stood then: at the latest 29 May, by deemed acceptance
    out = tmp_path / "after-acceptance"
    result = run("apply", str(fitout), "--node", "P2", "-o", str(out), "--as-of", "2026-05-20", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "dated 2026-05-12 as it was made (not 2026-05-20)" in result.output
    assert "has passed" not in result.output and "contractkit demand" not in result.output
    letter = docx_text(out / "application-letter.docx")
    assert "日期：2026年5月12日" in letter and "即最迟于2026年5月29日" in letter


def test_a_pack_for_a_node_already_overdue_without_an_application_is_refused(fitout: Path, tmp_path: Path) -> None:
    ledger = fitout / "project.yaml"
    text = ledger.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if "node: P2, type: applied" in x)
    ledger.write_text(text.replace(line, ""), encoding="utf-8")
    out = tmp_path / "pack"
    result = run("apply", str(fitout), "--node", "P2", "-o", str(out), "--as-of", "2026-07-01", "--no-pdf")
    assert result.exit_code == 1
    assert "node P2 fell due on 2026-05-29, before this pack's date 2026-07-01" in result.output
    assert "contractkit demand --node P2" in result.output and "Nothing was written" in result.output
    assert not out.exists()
