"""The drafted clauses state the rule the engine applies: interest from the final date for payment under the
Construction Act, one payment period in the monthly-progress clause, the review of an application made before
acceptance running from acceptance, and rest days as the calendar the account counts in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.account.dates import Clock
from contractkit.account.terms import contract_terms
from contractkit.cli import main
from contractkit.law.calendars import project_calendar
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import copy_sample

AS_OF = "2026-11-29"


def _copy(tmp_path: Path, sample: str, *replacements: tuple[str, str]) -> Path:
    return copy_sample(sample, tmp_path / sample, *replacements, count=1)


def _draft(runner: CliRunner, folder: Path, out: Path, lang: str) -> str:
    result = runner.invoke(main, ["draft", str(folder), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    return docx_text(out)


def _sub_clause(text: str, number: str) -> str:
    [line] = [line for line in text.splitlines() if line.startswith(number)]
    return line.removeprefix(number)


# -- the Construction Act: lateness, and interest, run from the final date for payment ------------------------------

CONSTRUCTION = (
    ("  kind: software\n", "  kind: construction\n"),
    ("    with: {review_days: 10}\n", "    with: {review_days: 10}\n  - use: payment.construction-act\n"),
)


@pytest.mark.parametrize(
    ("penalty", "zh", "en"),
    [
        (
            "  - use: penalty.late-payment-interest\n",
            "自第6条约定的最终付款日的次日起至实际付清之日止",
            "interest on the overdue amount from the day after the final date for payment under Clause 6 until",
        ),
        (
            "  - use: penalty.late-payment-annual-rate\n",
            "自第6条约定的最终付款日的次日起至实际付清之日止",
            "interest on the overdue amount from the day after the final date for payment under Clause 6 until",
        ),
    ],
)
def test_under_the_construction_act_the_interest_clause_runs_from_the_final_date(
    runner: CliRunner, tmp_path: Path, penalty: str, zh: str, en: str
) -> None:
    folder = _copy(
        tmp_path,
        "software-uk",
        *CONSTRUCTION,
        ("  - use: penalty.late-payment-interest\n", penalty),
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
    )
    english = _draft(runner, folder, tmp_path / "en.docx", "en")
    chinese = _draft(runner, folder, tmp_path / "zh.docx", "zh")
    assert en in _sub_clause(english, "10.1")
    assert zh in _sub_clause(chinese, "10.1")
    assert "from the day after the due date" not in english and "自应付之日的次日起" not in chinese
    # the undisputed-amount clause's interest on a part found payable runs from the same day
    assert "from the day after its original final date for payment (Clause 6)" in english
    assert "原定最终付款日（第6条）的次日起" in chinese

    result = runner.invoke(main, ["status", str(folder), "--as-of", AS_OF, "--json"])
    assert result.exit_code == 0, result.output
    p3 = next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P3")
    # P3: payment due date 9 August; final date for payment 17 days later, 26 August; interest from the 27th
    assert p3["due_on"] == "2026-08-26"
    assert p3["interest_periods"][0]["from"] == "2026-08-27"


def test_without_the_construction_act_the_interest_clause_still_runs_from_the_due_date(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = _draft(runner, SAMPLES / "software-uk", tmp_path / "en.docx", "en")
    assert "interest on the overdue amount from the day after the due date until" in _sub_clause(text, "9.1")
    assert "final date for payment" not in text


# -- the monthly-progress clause: one payment period, counted from receipt of the application ---------------------


@pytest.mark.parametrize(
    ("lang", "rule", "restatement"),
    [
        (
            "zh",
            "发包人均应当在收到进度付款申请单之日起21日内支付本期进度款，该期限包括审核期限在内。",
            "（即审核期限届满后",
        ),
        (
            "en",
            "the Employer shall pay each progress payment within 21 days after receiving the application for payment, "
            "a period that includes the review period.",
            "after the end of the review period",
        ),
    ],
)
def test_the_monthly_progress_clause_states_one_payment_period(
    runner: CliRunner, tmp_path: Path, lang: str, rule: str, restatement: str
) -> None:
    text = _draft(runner, SAMPLES / "warehouse-cn", tmp_path / "c.docx", lang)
    assert rule in text
    assert restatement not in text


def test_the_engine_pays_a_valuation_21_days_from_receipt_whatever_the_review_end() -> None:
    account = build_account(load_project(SAMPLES / "warehouse-cn"), dt.date(2026, 11, 29))
    valued = [n for n in account.nodes if n.scheduled.valuation is not None and n.applied_on is not None]
    assert valued
    for n in valued:
        assert n.due.note.startswith("21 days after application on "), n.due.note


# -- the review of an application made before acceptance runs from acceptance ---------------------------------------


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "zh",
            "以工作验收合格为付款条件的付款节点（P2、P3），其付款申请在相应工作验收合格（包括视为验收合格）之前收到的，"
            "审核期限自验收合格之日起算。",
        ),
        (
            "en",
            "For a payment node whose milestone is the acceptance of work (P2, P3), an application received before "
            "that work is accepted (or deemed accepted) is reviewed from the date of acceptance: the review period "
            "runs from that date.",
        ),
    ],
)
def test_the_payment_clause_says_an_early_application_is_reviewed_from_acceptance(
    runner: CliRunner, tmp_path: Path, lang: str, sentence: str
) -> None:
    folder = _copy(
        tmp_path,
        "fitout-cn",
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
    )
    text = _draft(runner, folder, tmp_path / "c.docx", lang)
    assert sentence in _sub_clause(text, "5.3")
    # the period for objections under the undisputed-amount clause runs from acceptance likewise
    assert (
        "其付款申请在相应工作验收合格（包括视为验收合格）之前收到的，该期限自验收合格之日起算。"
        if lang == "zh"
        else "that period runs, for an application received before that work is accepted (or deemed accepted), from "
        "the date of acceptance."
    ) in text


def test_the_application_letter_cites_the_clause_for_its_review_from_acceptance(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "pack"
    args = ["apply", str(SAMPLES / "fitout-cn"), "--node", "P2", "-o", str(out), "--as-of", "2026-05-12", "--no-pdf"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "依合同第5条的约定，本付款申请的审核期限自工作成果验收合格（或者视为验收合格）之日起算" in docx_text(
        out / "application-letter.docx"
    )


# -- rest days: the calendar the account counts in, not China's arrangements or a free-text place ------------------


TIME_CLAUSE = ("  - use: general.notices\n", "  - use: general.notices\n  - use: general.time-computation\n")


def test_an_english_contract_names_the_bank_holidays_the_account_counts(runner: CliRunner, tmp_path: Path) -> None:
    folder = _copy(tmp_path, "software-uk", TIME_CLAUSE)
    english = _draft(runner, folder, tmp_path / "en.docx", "en")
    chinese = _draft(runner, folder, tmp_path / "zh.docx", "zh")
    day = _sub_clause(english, "1.5")
    assert "where its last day is a rest day as defined in Clause 17, the period ends on the next working day" in day
    assert "official holiday arrangements" not in english and "officially designated" not in english
    rest = _sub_clause(english, "17.2")
    assert (
        "Rest days are Saturdays and Sundays, and bank holidays in England and Wales; every other day is a working day."
        in rest
    )
    assert "Bristol" not in rest and "public holidays at" not in rest
    assert "期间的最后一日是第17条所称休息日的" in _sub_clause(chinese, "1.5")
    assert "休息日指星期六、星期日以及英格兰和威尔士的银行假日；其他日为工作日。" in _sub_clause(chinese, "17.2")
    assert "调休" not in chinese

    # and the account rolls a last day off those bank holidays: 30 days after 1 August end on Monday 31 August 2026,
    # the summer bank holiday, so the period ends on 1 September
    loaded = load_project(folder)
    clock = Clock(contract_terms(loaded.project), project_calendar(loaded.project), dt.date(2026, 11, 29))
    assert clock.strict_end(dt.date(2026, 8, 1), 30)[:2] == (dt.date(2026, 9, 1), dt.date(2026, 8, 31))


def test_rest_days_follow_the_projects_calendar_country_and_its_own_list(runner: CliRunner, tmp_path: Path) -> None:
    folder = _copy(
        tmp_path,
        "software-uk",
        TIME_CLAUSE,
        ("\nescalation:", "\ncalendar: {country: GB-SCT, holidays: [2026-12-29]}\n\nescalation:"),
    )
    rest = _sub_clause(_draft(runner, folder, tmp_path / "en.docx", "en"), "17.2")
    assert (
        "Rest days are Saturdays and Sundays, bank holidays in Scotland, and the other holidays listed in the "
        "working-day calendar the parties have agreed in writing" in rest
    )
    assert "England" not in rest


def test_under_the_construction_act_only_a_pay_less_notice_reduces_the_sum(runner: CliRunner, tmp_path: Path) -> None:
    """The engine lets only a pay less notice in time reduce the notified sum (s.111): the set-off and the
    undisputed-amount clauses say so, and pay by the final date for payment, where the Act's clause is used."""
    folder = _copy(
        tmp_path,
        "software-uk",
        *CONSTRUCTION,
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
        ("  - use: penalty.recovery-costs\n", "  - use: penalty.recovery-costs\n  - use: payment.set-off\n"),
    )
    english = _draft(runner, folder, tmp_path / "en.docx", "en")
    chinese = _draft(runner, folder, tmp_path / "zh.docx", "zh")
    assert english.count("only where it is also a pay less notice under that Clause given within the time") == 2
    assert chinese.count("同时作为该条的少付通知、并在该条规定的期限内发出") == 2
    assert "shall pay that payment in full by its final date for payment" in english
    assert "shall pay the Undisputed Amount in full by the original final date for payment" in english
    plain = _copy(
        tmp_path / "plain",
        "software-uk",
        ("  - use: general.notices\n", "  - use: general.notices\n  - use: payment.undisputed-amount\n"),
    )
    assert "pay less notice" not in _draft(runner, plain, tmp_path / "plain.docx", "en")


def test_an_advance_recovered_from_valuations_keeps_its_guarantee_until_recovered(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The measured sample recovers its advance from V02 to V05: the guarantee cannot go back after V01."""
    measured = _draft(runner, SAMPLES / "warehouse-cn", tmp_path / "wh.docx", "zh")
    assert "预付款担保的金额随预付款的扣回相应递减" in measured
    assert "支付预付款节点之后的第一个付款节点款项之日起14日内" not in measured
    english = _draft(runner, SAMPLES / "warehouse-cn", tmp_path / "wh-en.docx", "en")
    assert "the first payment node that follows the advance payment node" not in english
    assert "within 14 days after the advance payment has been recovered in full" in english
    milestones = _draft(runner, SAMPLES / "fitout-cn", tmp_path / "fit.docx", "zh")  # not recovered: shares add up
    assert "支付预付款节点之后的第一个付款节点款项之日起14日内" in milestones
