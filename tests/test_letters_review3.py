"""Letters read as the debtor's lawyer reads them (third review): a letter never cites itself as an earlier letter
nor a delivery after its own date, and a formal notice warns of suspension only while a price is unpaid (the right
suspends work for overdue sums, and contractkit writes no notice of suspension for interest alone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_letters_s26l import copy, demand, paragraphs

#: The formal notice of 2026-11-29 on P2 of the fit-out sample, as ``demand --record`` writes it to the ledger.
RECORDED_NOTICE = (
    "\nescalation:",
    "\n  - {on: 2026-11-29, node: P2, type: notice, stage: notice, via: ems, tracking: EMS1129, ref: 催款通知书}\n"
    "\nescalation:",
)


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_a_notice_written_again_on_its_recorded_day_does_not_cite_itself(tmp_path: Path, lang: str) -> None:
    folder = copy("fitout-cn", tmp_path, RECORDED_NOTICE)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "notice", "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    assert "EMS1129" not in text  # the letter is not its own earlier letter
    if lang in ("zh", "bilingual"):
        assert "付款提醒函" in text  # the reminder of 2026-07-01 still is
    if lang in ("en", "bilingual"):
        assert "Payment reminder" in text


def test_a_final_demand_lists_an_earlier_notice_of_the_same_day_but_not_itself(tmp_path: Path) -> None:
    edit = (
        "\nescalation:",
        "\n  - {on: 2026-11-29, node: P2, type: notice, stage: notice, via: ems, tracking: EMSNOTICE, ref: 通知}\n"
        "  - {on: 2026-11-29, node: P2, type: notice, stage: final, via: ems, tracking: EMSFINAL, ref: 最后催告函}\n"
        "\nescalation:",
    )
    folder = copy("fitout-cn", tmp_path, edit)
    out = tmp_path / "f.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "final", "--lang", "zh")
    assert code == 0, output
    text = paragraphs(out)
    assert "EMSNOTICE" in text  # another letter of that day is an earlier letter
    assert "EMSFINAL" not in text  # the final demand itself is not
    summary = paragraphs(tmp_path / "f-case-summary.docx")
    assert "EMSFINAL" not in summary and summary.count("发出最后催告函") == 1


def test_a_letter_states_no_delivery_after_its_own_date(tmp_path: Path) -> None:
    # the EPC sample records the formal notice of 2026-08-26 as delivered on 2026-08-28; a notice of suspension
    # written on 2026-08-27 could not know that
    folder = copy("epc-intl", tmp_path)
    path = folder / "project.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if "type: notice, stage: suspension" not in x), encoding="utf-8")
    out = tmp_path / "s.docx"
    code, output = demand(folder, out, "P3", "2026-08-27", "--stage", "suspension", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert "28 August 2026" not in text
    # the day it is written again on 2026-08-26, the formal notice is not an earlier letter of itself
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P3", "2026-08-26", "--stage", "notice", "--lang", "en")
    assert code == 0, output
    text = paragraphs(out)
    assert "4821 6630 95" not in text and "28 August 2026" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_notice_for_interest_on_a_price_paid_late_does_not_warn_of_suspension(tmp_path: Path, lang: str) -> None:
    # V04 of the warehouse was paid 25 days late: only the interest on it is owed, and no notice of suspension may be
    # written for it (contractkit refuses one), so the formal notice does not warn of one
    folder = copy("warehouse-cn", tmp_path)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "V04", "2026-11-29", "--stage", "notice", "--lang", lang)
    assert code == 0, output
    text = paragraphs(out)
    assert ("暂停施工" not in text) if lang == "zh" else ("suspend" not in text)
    refused, output = demand(folder, tmp_path / "s.docx", "V04", "2026-11-29", "--stage", "suspension")
    assert refused != 0 and "only the interest" in output


def test_a_notice_for_an_unpaid_price_still_warns_of_suspension(tmp_path: Path) -> None:
    folder = copy("fitout-cn", tmp_path)
    out = tmp_path / "n.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "notice")
    assert code == 0, output
    assert "我方有权根据合同第10条的约定另行向贵方发出暂停施工通知" in paragraphs(out)
