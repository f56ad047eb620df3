"""Letters a debtor's lawyer cannot fault: none after limitation has ended, a warning of suspension that says what the
clause allows, notices only by the ways the contract allows, a statute applied by reference said to be so, both dates
of the Construction Act, and deadlines of the letter's own choosing on working days. Each through the command line,
read back from the documents written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.docs import docx_text
from tests.projects import base, changed, copy_sample, write_project

#: Holidays the PRC calendar needs to count to the end of 2030 (the official data stops earlier).
PRC_CALENDAR = (
    "\ncalendar: {holidays: [2027-01-01, 2028-01-01, 2029-01-01, 2029-10-01, 2029-10-02, 2029-10-03], "
    "workdays: [], through: 2030-12-31}\n"
)
#: The fit-out's P2: due 2026-05-29, part-paid on 2026-06-20, reminded by email on 2026-07-01 (delivered that day
#: under the notices clause), so limitation ran to 2029-07-01, a Sunday: it ended on Monday 2029-07-02.
PRC_ENDED = "2029-07-02"
#: The software contract's P3: part-paid on 2026-09-18, so limitation ran to 2032-09-18.
UK_ENDED = "2032-09-18"


def copy(name: str, tmp_path: Path, *edits: tuple[str, str], append: str = "") -> Path:
    """A sample copied into ``tmp_path``, with text replaced (each ``old`` must be there) and lines appended."""
    return copy_sample(name, tmp_path / name, *edits, append=append)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def demand(folder: Path, out: Path, node: str, as_of: str, *args: str) -> tuple[int, str]:
    return run("demand", folder, "--node", node, "--as-of", as_of, "-o", out, *args)


def paragraphs(path: Path) -> str:
    """The document's text with every run of whitespace made one space: sentences read as a reader reads them."""
    return " ".join(docx_text(path).split())


# ---------------------------------------------------------------------------------------- 1. limitation


@pytest.fixture
def fitout_later(tmp_path: Path) -> Path:
    """The fit-out with holiday data to 2030, so that it can be looked at after limitation has ended."""
    return copy("fitout-cn", tmp_path, append=PRC_CALENDAR)


@pytest.mark.parametrize("stage", ["reminder", "notice", "suspension", "final"])
def test_no_prc_letter_claims_to_interrupt_a_limitation_period_that_has_ended(
    fitout_later: Path, tmp_path: Path, stage: str
) -> None:
    out = tmp_path / f"{stage}.docx"
    code, output = demand(fitout_later, out, "P2", "2029-11-29", "--stage", stage)
    assert code == 1
    assert f"ended on {PRC_ENDED}" in output
    assert "only while the period runs (art. 195" in output  # why a demand can no longer interrupt it
    assert "agreeing to pay or paying" in output and "legal advice" in output
    assert "Nothing was written" in output
    assert not out.exists() and not (tmp_path / f"{stage}-case-summary.docx").exists()


def test_status_says_the_limitation_period_has_ended_instead_of_sending_the_next_letter(fitout_later: Path) -> None:
    code, output = run("status", fitout_later, "--as-of", "2029-11-29", "--explain")
    assert code == 0
    working = output[output.index("P2 第一期进度款\n") :]
    assert f"limitation: ended {PRC_ENDED}" in working
    assert f"next: the limitation period ended on {PRC_ENDED}: take legal advice" in working
    assert "send the notice letter now" not in output
    assert "notice now" not in output  # the table's next step says so too
    data = json.loads(run("status", fitout_later, "--as-of", "2029-11-29", "--json")[1])
    p2 = next(n for n in data["nodes"] if n["node"] == "P2")
    assert "limitation period ended" in json.dumps(p2)


def test_an_english_letter_before_action_on_a_time_barred_debt_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    code, output = demand(SAMPLES / "software-uk", out, "P3", "2032-10-01", "--stage", "final")
    assert code == 1
    assert f"ended on {UK_ENDED}" in output and "Limitation Act 1980 s.5" in output
    assert "does not stop or restart time" in output and "legal advice" in output
    assert "art. 195" not in output  # PRC law is not England's
    assert not out.exists()
    code, output = run("status", SAMPLES / "software-uk", "--as-of", "2032-10-01", "--explain")
    assert f"next: the limitation period ended on {UK_ENDED}" in output


def test_a_letter_on_the_last_day_of_limitation_is_still_written(tmp_path: Path) -> None:
    out = tmp_path / "final.docx"
    code, output = demand(SAMPLES / "software-uk", out, "P3", UK_ENDED, "--stage", "final")
    assert code == 0, output
    # but its 14 days run past the last day, and a letter does not stop time in England: the user is told
    assert f"the limitation period ends on {UK_ENDED}, before this letter's deadline" in output


def test_a_prc_demand_that_may_arrive_after_the_last_day_is_warned_about(fitout_later: Path, tmp_path: Path) -> None:
    code, output = demand(fitout_later, tmp_path / "n.docx", "P2", "2029-07-01", "--stage", "notice")
    assert code == 0, output
    assert f"the limitation period ends on {PRC_ENDED}; this letter interrupts it only if it reaches" in output
    code, output = demand(
        fitout_later, tmp_path / "h.docx", "P2", "2029-07-01", "--stage", "notice", "--sent-by", "hand"
    )
    assert code == 0 and "interrupts it only if" not in output  # by hand it arrives the day it is sent


def test_a_demand_delivered_after_the_period_ended_does_not_revive_it(tmp_path: Path) -> None:
    folder = copy(
        "fitout-cn",
        tmp_path,
        (
            "\nescalation:",
            "  - {on: 2029-07-02, node: P2, type: notice, stage: notice, via: ems, delivered_on: 2029-07-04}\n"
            "\nescalation:",
        ),
        append=PRC_CALENDAR,
    )
    code, output = run("status", folder, "--as-of", "2029-11-29", "--explain")
    assert f"limitation: ended {PRC_ENDED}" in output
    code, output = demand(folder, tmp_path / "f.docx", "P2", "2029-11-29", "--stage", "final")
    assert code == 1 and f"ended on {PRC_ENDED}" in output


def test_a_demand_delivered_on_a_day_the_holiday_roll_adds_still_interrupts(tmp_path: Path) -> None:
    # a part payment on 1 October 2023 starts three years that end on 1 October 2026, National Day: the period runs
    # to 8 October (art. 203), and a demand delivered on 5 October interrupts it
    folder = tmp_path / "p"
    events = [
        {"on": "2023-09-01", "node": "P2", "type": "accepted"},
        {"on": "2023-10-01", "node": "P2", "type": "paid", "amount": "100,000.00", "ref": "回单"},
        {
            "on": "2026-10-05",
            "node": "P2",
            "type": "notice",
            "stage": "notice",
            "via": "hand",
            "delivered_on": "2026-10-05",
        },
    ]
    dates = {"contract.signed_on": "2023-02-20", "project.start": "2023-03-01", "project.finish": "2023-09-30"}
    write_project(folder, changed(base(), {**dates, "events": events}))
    code, output = run("status", folder, "--as-of", "2026-10-09", "--explain")
    assert code == 0, output
    assert "limitation: 2029-10-05: 3 years from the demand delivered on 2026-10-05" in " ".join(output.split())
    assert "limitation: ended" not in output


def test_an_english_acknowledgment_after_the_end_does_not_restart_time(tmp_path: Path) -> None:
    folder = copy(
        "software-uk",
        tmp_path,
        (
            "\nescalation:",
            "  - {on: 2032-10-01, node: P3, type: acknowledged, ref: Letter from the Client}\n\nescalation:",
        ),
    )
    code, output = run("status", folder, "--as-of", "2032-10-05", "--explain")
    assert f"limitation: ended {UK_ENDED}" in output
    code, output = demand(folder, tmp_path / "f.docx", "P3", "2032-10-05", "--stage", "final")
    assert code == 1 and f"ended on {UK_ENDED}" in output


def test_a_letter_for_every_node_leaves_out_the_time_barred_one_and_says_so(tmp_path: Path) -> None:
    # P4 applied for, accepted and invoiced in 2032: due on 4 September 2032, well within its six years
    folder = copy(
        "software-uk",
        tmp_path,
        (
            "\nescalation:",
            '  - {on: 2032-08-01, node: P4, type: applied, amount: "90,000.00", ref: Go-live application}\n'
            "  - {on: 2032-08-05, node: P4, type: accepted, ref: Go-live certificate}\n"
            '  - {on: 2032-08-05, node: P4, type: invoiced, amount: "90,000.00", ref: Invoice ASH-INV-0201}\n'
            "\nescalation:",
        ),
    )
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "all", "2032-10-01", "--stage", "notice")
    assert code == 0, output
    assert f"warning: P3 left out of this letter: the limitation period for P3 ended on {UK_ENDED}" in output
    text = docx_text(out)
    assert "P4 Go-live payment" in text and "P3 Release 1 UAT payment" not in text
    assert "GBP 86,000.00" not in text  # P3's unpaid balance is not claimed


def test_a_statement_of_account_may_still_be_sent_with_a_warning(fitout_later: Path, tmp_path: Path) -> None:
    out = tmp_path / "ack.docx"
    code, output = demand(fitout_later, out, "P2", "2029-11-29", "--stage", "acknowledgment")
    assert code == 0, output
    assert f"P2: the limitation period ended on {PRC_ENDED}" in output
    text = paragraphs(out)
    assert "对账单" in text and "中断" not in text  # it claims no interruption


def test_all_overdue_skips_a_time_barred_project_with_a_line_saying_why(fitout_later: Path, tmp_path: Path) -> None:
    projects = tmp_path / "projects"
    projects.mkdir()
    shutil.move(fitout_later, projects / "fitout")
    shutil.copytree(SAMPLES / "software-uk", projects / "software")  # P3's limitation runs to 2032
    out = tmp_path / "letters"
    code, output = run("demand", "--all-overdue", projects, "--as-of", "2029-11-29", "-o", out)
    assert code == 0, output
    assert f"no letter: The limitation period for P2 ended on {PRC_ENDED}" in output
    assert "1 letters for 2 projects; 1 with nothing to send; 0 with problems" in output
    assert [p.name for p in out.iterdir()] == ["SW-2026-022-notice-20291129.docx"]


# ------------------------------------------------------------------------ 2. the warning of suspension


def _suspension_notice_days(text: str) -> str:
    found = re.search(r"the day after the (\d+) days' notice from delivery of this notice ends", text) or re.search(
        r"自本通知送达贵方之日起(\d+)日的通知期限届满后", text
    )
    assert found, text
    return found.group(1)


@pytest.mark.parametrize(
    ("sample", "node", "as_of", "edit", "days", "sentence"),
    [
        (
            "epc-intl",
            "P3",
            "2026-08-26",
            None,
            "21",
            "we may give you a separate notice under Clause 11 of the Contract that we will suspend work unless the "
            "overdue principal is paid in full within 21 days after that notice is delivered",
        ),
        (
            "software-uk",
            "P3",
            "2026-11-27",
            ("with: {notice_days: 7}", "with: {notice_days: 21}"),
            "21",
            "we may give you a separate notice under Clause 11 of the Contract that we will suspend work unless the "
            "overdue principal with its VAT is paid in full within 21 days after that notice is delivered",
        ),
        (
            "fitout-cn",
            "P2",
            "2026-11-29",
            ("with: {notice_days: 7}", "with: {notice_days: 14}"),
            "14",
            "我方有权根据合同第10条的约定另行向贵方发出暂停施工通知；自该通知送达贵方之日起14日的通知期限届满时贵方仍未付清"
            "逾期欠款本金的，我方将暂停施工",
        ),
    ],
)
def test_the_formal_notice_warns_of_suspension_as_the_clause_allows_it(
    tmp_path: Path,
    sample: str,
    node: str,
    as_of: str,
    edit: tuple[str, str] | None,
    days: str,
    sentence: str,
) -> None:
    folder = copy(sample, tmp_path, *([edit] if edit else []))
    notice = tmp_path / "notice.docx"
    code, output = demand(folder, notice, node, as_of, "--stage", "notice", "--sent-by", "hand")
    assert code == 0, output
    text = paragraphs(notice)
    assert sentence in text
    assert "we are entitled under Clause" not in text and "to suspend work, in which case" not in text
    assert "有权根据合同第10条的约定暂停施工" not in text
    # the notice's payment date is not when work may stop
    assert "This notice is not that notice of suspension." in text or "本通知并非该暂停施工通知。" in text
    # the notice of suspension counts the same days from its delivery
    suspension = tmp_path / "suspension.docx"
    if sample == "epc-intl":  # its ledger has one already: look before it went
        as_of = "2026-09-01"
    code, output = demand(folder, suspension, node, as_of, "--stage", "suspension", "--sent-by", "hand")
    assert code == 0, output
    assert _suspension_notice_days(paragraphs(suspension)) == days


def test_without_a_suspension_clause_the_notice_warns_under_section_112(tmp_path: Path) -> None:
    folder = uk_construction(tmp_path, ("  - use: suspension.non-payment\n    with: {notice_days: 7}\n", ""))
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P3", "2027-01-20", "--stage", "notice", "--sent-by", "hand")
    assert code == 0, output
    text = paragraphs(out)
    assert (
        "we may give you a separate notice under section 112 of the Housing Grants, Construction and Regeneration Act "
        "1996, stating the grounds, that we will suspend work unless the overdue principal with its VAT is paid in "
        "full within 7 days "
        "(Christmas Day, Good Friday and bank holidays not counted) after that notice is delivered"
    ) in text


# ------------------------------------------------------------------------------- 3. ways to give notice


@pytest.mark.parametrize("method", ["fax", "other", "registered-mail", "ems"])
def test_a_notice_sent_a_way_the_english_notices_clause_does_not_allow_is_refused(tmp_path: Path, method: str) -> None:
    out = tmp_path / "suspension.docx"
    code, output = demand(
        SAMPLES / "software-uk", out, "P3", "2026-11-27", "--stage", "suspension", "--sent-by", method
    )
    assert code == 1
    assert "Clause 16 of the contract (notices)" in output and f"sent by {method} is not given under it" in output
    assert "courier" in output and "recorded-delivery" in output  # the ways it does allow
    assert "Nothing was written" in output and not out.exists()


@pytest.mark.parametrize("method", ["hand", "courier", "recorded-delivery", "email"])
def test_a_notice_sent_a_way_the_english_clause_allows_states_its_delivery(tmp_path: Path, method: str) -> None:
    out = tmp_path / "suspension.docx"
    code, output = demand(
        SAMPLES / "software-uk", out, "P3", "2026-11-27", "--stage", "suspension", "--sent-by", method
    )
    assert code == 0, output
    assert "deemed delivered, by" in paragraphs(out)


def test_the_prc_notices_clause_names_its_couriers(tmp_path: Path) -> None:
    out = tmp_path / "notice.docx"
    code, output = demand(SAMPLES / "fitout-cn", out, "P2", "2026-11-29", "--stage", "notice", "--sent-by", "courier")
    assert code == 1
    assert "a carrier other than China Post EMS and SF Express" in output and not out.exists()
    for method in ("ems", "sf-express", "registered-mail", "hand", "email"):
        code, output = demand(
            SAMPLES / "fitout-cn",
            tmp_path / f"{method}.docx",
            "P2",
            "2026-11-29",
            "--stage",
            "notice",
            "--sent-by",
            method,
        )
        assert code == 0, (method, output)


def test_email_is_refused_where_the_contract_does_not_make_it_a_way_to_give_notice(tmp_path: Path) -> None:
    folder = copy(
        "fitout-cn",
        tmp_path,
        ("  - use: general.notices\n", "  - use: general.notices\n    with: {email_notices: false}\n"),
    )
    ledger = (folder / "project.yaml").read_bytes()
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "notice", "--record", "--sent-by", "email")
    assert code == 1 and "email_notices is false" in output
    assert not out.exists() and (folder / "project.yaml").read_bytes() == ledger  # nothing recorded either


def test_status_names_the_ways_to_give_notice_and_a_letter_sent_otherwise(tmp_path: Path) -> None:
    folder = copy(
        "fitout-cn",
        tmp_path,
        ("\nescalation:", "  - {on: 2026-08-01, node: P2, type: notice, stage: notice, via: fax}\n\nescalation:"),
    )
    code, output = run("status", folder, "--as-of", "2026-11-29", "--explain")
    assert code == 0, output
    terms = " ".join(output[output.index("Terms applied:") :].split())
    assert (
        "notices: given only as email, email-read-receipt, ems, sf-express, registered-mail, hand, notarised" in terms
    )
    assert "letter: the notice of 2026-08-01 was sent by fax, which the notices clause does not allow" in output
    code, output = demand(folder, tmp_path / "final.docx", "P2", "2026-11-29", "--stage", "final", "--sent-by", "ems")
    assert code == 0 and "the notice of 2026-08-01 was sent by fax" in output  # and the next letter warns of it


# ----------------------------------------------------------------------------- 4. applied by reference


@pytest.fixture
def software_cn(tmp_path: Path) -> Path:
    """A PRC software contract between two large companies with no late-payment clause: the law's default applies."""
    return copy(
        "fitout-cn",
        tmp_path,
        ("  kind: construction\n", "  kind: software\n"),
        ("    size: sme\n", "    size: large\n"),
        ("  - use: penalty.late-payment-interest\n    with: {daily_rate: 0.05%}\n", ""),
    )


def test_a_contract_that_is_not_a_sale_applies_the_sales_interpretation_by_reference(
    software_cn: Path, tmp_path: Path
) -> None:
    zh, en = tmp_path / "zh.docx", tmp_path / "en.docx"
    assert demand(software_cn, zh, "P2", "2026-11-29", "--stage", "notice")[0] == 0
    assert demand(software_cn, en, "P2", "2026-11-29", "--stage", "notice", "--lang", "en")[0] == 0
    text = paragraphs(zh)
    assert "计息依据：参照《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条第四款，" in text
    assert ". 参照《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条第四款" in text  # the list of law
    assert "依据《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》" not in text
    text = paragraphs(en)
    assert (
        "applying Article 18(4) of the Supreme People's Court Interpretation on Sales Contract Disputes by reference"
        in text
    )
    assert (
        "Article 18(4) of the Supreme People's Court Interpretation on Sales Contract Disputes, applied by reference"
        in text
    )
    assert "under Article 18(4) of the Supreme People's Court Interpretation" not in text
    final = tmp_path / "final.docx"
    assert demand(software_cn, final, "P2", "2026-11-29", "--stage", "final", "--lang", "bilingual")[0] == 0
    summary = paragraphs(tmp_path / "final-case-summary.docx")
    assert "参照《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条" in summary
    assert "Sales Contract Disputes, applied by reference" in summary
    output = run("status", software_cn, "--as-of", "2026-11-29", "--explain")[1]
    assert "Sales Contract Disputes, applied by reference: the contract is not a contract of sale" in " ".join(
        output.split()
    )


# ------------------------------------------------------------------------------ 5. the Construction Act


def uk_construction(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The English software sample as construction operations under the Construction Act clause, P3 applied for on 1
    November 2026 and accepted and invoiced on 10 November: payment due date 10 December, final date 30 December."""
    events = [line for line in (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8").splitlines()]
    p3 = [line for line in events if "node: P3, type:" in line]
    return copy(
        "software-uk",
        tmp_path,
        ("  kind: software\n", "  kind: construction\n"),
        (
            "  - use: payment.milestone-schedule\n    with: {review_days: 10}\n",
            "  - use: payment.milestone-schedule\n    with: {review_days: 10}\n  - use: payment.construction-act\n",
        ),
        (
            "\n".join(p3),
            '  - {on: 2026-11-01, node: P3, type: applied, amount: "126,000.00", ref: Application no. 3}\n'
            "  - {on: 2026-11-10, node: P3, type: accepted, ref: UAT acceptance certificate UAT-R1-ACC}\n"
            '  - {on: 2026-11-10, node: P3, type: invoiced, amount: "126,000.00", ref: Invoice ASH-INV-0131}',
        ),
        *edits,
    )


ACT_DATES_EN = (
    "For P3 the payment due date was 10 December 2026 and the final date for payment 30 December 2026; payment is "
    "late from 31 December 2026, the day after the final date for payment, and interest runs from that day."
)
ACT_DATES_ZH = (
    "P3的应付日为2026年12月10日，最终付款日为2026年12月30日；贵方未在最终付款日或者之前足额付款，自2026年12月31日起即构成"
    "逾期付款，逾期付款违约金自该日起计算。"
)


@pytest.mark.parametrize("stage", ["notice", "suspension", "final", "notified-sum"])
def test_construction_act_letters_name_both_dates_and_lateness_from_the_final_date(tmp_path: Path, stage: str) -> None:
    folder = uk_construction(tmp_path)
    out = tmp_path / f"{stage}.docx"
    code, output = demand(folder, out, "P3", "2027-01-20", "--stage", stage, "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert ACT_DATES_EN in text and ACT_DATES_ZH in text
    assert "fell due on 30 December 2026" not in text and "fell due on 10 December 2026" not in text


def test_the_reminder_says_when_the_instalment_became_due_and_when_it_became_late(tmp_path: Path) -> None:
    folder = uk_construction(tmp_path)
    out = tmp_path / "reminder.docx"
    assert demand(folder, out, "P3", "2027-01-20", "--stage", "reminder")[0] == 0
    text = paragraphs(out)
    assert (
        "became due on 10 December 2026, the payment due date; its final date for payment was 30 December 2026, and "
        "counted from that final date it is now 21 days overdue"
    ) in text
    assert "fell due on" not in text


def test_the_case_summary_dates_the_payment_due_date_and_the_final_date(tmp_path: Path) -> None:
    folder = uk_construction(tmp_path)
    out = tmp_path / "final.docx"
    assert demand(folder, out, "P3", "2027-01-20", "--stage", "final")[0] == 0
    summary = docx_text(tmp_path / "final-case-summary.docx")
    assert "10 December 2026\nP3: payment due date" in summary
    assert "30 December 2026\nP3: final date for payment" in summary
    assert "P3: payment due\n" not in summary + "\n"


def test_a_reply_to_a_dispute_under_the_act_names_both_dates(tmp_path: Path) -> None:
    folder = uk_construction(
        tmp_path,
        (
            "  - {on: 2026-11-10, node: P3, type: accepted,",
            '  - {on: 2026-11-12, node: P3, type: disputed, amount: "26,000.00", reason: Two defects open}\n'
            "  - {on: 2026-11-10, node: P3, type: accepted,",
        ),
    )
    out = tmp_path / "reply.docx"
    code, output = demand(folder, out, "P3", "2027-01-20", "--stage", "dispute-reply", "--lang", "bilingual")
    assert code == 0, output
    text = paragraphs(out)
    assert "(payment due date 10 December 2026, final date for payment 30 December 2026)" in text
    assert "应付日为2026年12月10日，最终付款日为2026年12月30日" in text
    assert "fell due on 30 December 2026" not in text


# ------------------------------------------------------------------ 6. the letter's own deadlines, working days


@pytest.mark.parametrize(
    ("stage", "as_of", "weekend_or_holiday", "working_day"),
    [
        ("reminder", "2026-12-02", "12 December 2026", "14 December 2026"),  # a Saturday
        ("notice", "2026-12-15", "28 December 2026", "29 December 2026"),  # the Boxing Day bank holiday (Monday)
        ("final", "2026-12-15", "1 January 2027", "4 January 2027"),  # New Year's Day
        ("acknowledgment", "2026-11-30", "2 January 2027", "4 January 2027"),  # a Saturday
    ],
)
def test_an_english_letter_sets_its_own_deadline_on_a_working_day(
    tmp_path: Path, stage: str, as_of: str, weekend_or_holiday: str, working_day: str
) -> None:
    out = tmp_path / f"{stage}.docx"
    code, output = demand(SAMPLES / "software-uk", out, "P3", as_of, "--stage", stage)
    assert code == 0, output
    text = paragraphs(out)
    assert f"by {working_day}" in text
    assert f"by {weekend_or_holiday}" not in text


def test_a_notice_of_suspension_keeps_the_contracts_period(tmp_path: Path) -> None:
    # the period is the contract's, counted as it says: not the letter's to move, though it ends on a Saturday
    out = tmp_path / "suspension.docx"
    assert demand(SAMPLES / "software-uk", out, "P3", "2026-12-02", "--stage", "suspension")[0] == 0
    text = paragraphs(out)
    assert "so the notice period ends on 12 December 2026" in text and "with effect from 13 December 2026" in text


def test_a_prc_letter_moves_its_own_deadline_off_a_rest_day_whatever_the_contract_says_of_periods(
    tmp_path: Path,
) -> None:
    folder = copy(
        "fitout-cn",
        tmp_path,
        (
            "  - use: payment.milestone-schedule\n",
            "  - use: general.time-computation\n    with: {rest_days: none}\n  - use: payment.milestone-schedule\n",
        ),
    )
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P2", "2026-11-29", "--stage", "notice")
    assert code == 0, output
    text = paragraphs(out)
    # deemed delivered by 2 December at the latest; ten days end on Saturday 12 December: the letter gives Monday
    assert "请于2026年12月14日（含当日）前向我方付清" in text
    assert "2026年12月12日" not in text
