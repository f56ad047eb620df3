"""No notified sum, nothing late (s27): under the Construction Act (HGCRA Part II, s.110B(2)-(3), s.111) a payment is
late only where a sum is notified — by the payer's payment notice, an application the contract makes stand as one,
or the payee's notice in default. Without any of them the node waits for the payee's notice in default: it is not
overdue, no interest or fixed compensation runs, no letter claims lateness, and once the notice is given the final
date for payment is postponed by the days it came late, interest running from the day after. An application stands
as the payee's notice only where the contract's clause (payment.construction-act) asks it to state the sum and its
basis (s.110B(4)); under the Scheme the payee's notice in default is the route. Through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.test_law_letters_s27 import ACT_CLAUSE
from tests.test_letters_s26l import demand, paragraphs, run

INTEREST_CLAUSE = re.compile(r"  - use: penalty\.late-payment-interest\n[^\n]*\n")
ACCEPTED = (
    "  - {on: 2026-12-01, node: P1, type: acceptance_requested}\n  - {on: 2026-12-04, node: P1, type: accepted}\n"
)
#: Made (and invoiced, as the contract asks) before the payer's last day for its payment notice (16 December 2026).
APPLIED = (
    '  - {on: 2026-12-07, node: P1, type: applied, amount: "555,000.00"}\n'
    '  - {on: 2026-12-08, node: P1, type: invoiced, amount: "555,000.00"}\n'
)
DEFAULT_NOTICE = '  - {on: 2027-01-20, node: P1, type: default_notice, amount: "555,000.00"}\n'


def works(tmp_path: Path, *, act: bool, events: str = "") -> Path:
    """`contractkit init --kind construction --lang en`, the Late Payment Act in place of the interest clause, P1
    accepted on 4 December 2026 (payment due date 11 December, the payer's payment notice due by 16 December, the
    final date 5 January 2027 under the clause, 31 December 2026 under the Scheme), with ``events`` after."""
    folder = tmp_path / ("con-act" if act else "con-scheme")
    code, output = run("init", folder, "--lang", "en", "--kind", "construction")
    assert code == 0, output
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert ACT_CLAUSE in text and INTEREST_CLAUSE.search(text)
    text = INTEREST_CLAUSE.sub("", text, count=1)
    if not act:
        text = text.replace(ACT_CLAUSE, "")
    path.write_text(text.replace("events: []", "events:\n" + ACCEPTED + events + "#", 1), encoding="utf-8")
    return folder


def p1(folder: Path, as_of: str) -> dict[str, Any]:
    code, output = run("status", folder, "--as-of", as_of, "--json")
    assert code == 0, output
    node: dict[str, Any] = next(n for n in json.loads(output)["nodes"] if n["node"] == "P1")
    return node


def assert_waiting_for_the_notice_in_default(node: dict[str, Any]) -> None:
    assert node["state"] == "waiting", node["state"]
    assert "--stage default-notice" in node["next"], node["next"]
    assert node["missing"] == []
    assert node["days_overdue"] == 0 and node["next_step"] is None
    assert node["accrued_interest"] == "0" and node["fixed_compensation"] == "0" and node["interest_periods"] == []
    assert node["claim"]["notices"]["notified_sum"] is None
    assert "no sum is notified" in node["due_note"]


# ------------------------------------------------------------ 1. no notified sum: waiting, nothing late


@pytest.mark.parametrize("act", [True, False], ids=["clause", "scheme"])
@pytest.mark.parametrize("as_of", ["2027-01-05", "2027-02-15"], ids=["by-the-final-date", "after-it"])
def test_without_a_notified_sum_the_node_waits_for_the_notice_in_default(tmp_path: Path, act: bool, as_of: str) -> None:
    node = p1(works(tmp_path, act=act), as_of)
    assert_waiting_for_the_notice_in_default(node)
    assert node["outstanding"] == "555000.00"  # still asked for: only not late


def test_an_application_stands_as_the_notice_only_under_the_clause(tmp_path: Path) -> None:
    # the clause asks each application to state the sum and its basis: made in time, it is the notified sum
    node = p1(works(tmp_path / "a", act=True, events=APPLIED), "2027-02-15")
    assert node["state"] == "overdue"
    assert node["claim"]["notices"]["notified_sum"] == "555000.00"
    assert "application of 2026-12-07" in node["claim"]["notices"]["notified_by"]
    assert node["accrued_interest"] != "0"
    # the Scheme (and the payment clause, asking for the node and the amount only) makes no application the
    # s.110B(4) notice: the payee's notice in default is the route
    node = p1(works(tmp_path / "b", act=False, events=APPLIED), "2027-02-15")
    assert_waiting_for_the_notice_in_default(node)
    assert node["claim"]["notices"]["notified_by"] == ""


# ------------------------------------------------- 2. the notice in default fixes the sum and moves the final date


@pytest.mark.parametrize(("act", "events"), [(True, ""), (False, APPLIED)], ids=["clause", "scheme-with-application"])
def test_a_notice_in_default_postpones_the_final_date_and_interest_runs_from_then(
    tmp_path: Path, act: bool, events: str
) -> None:
    folder = works(tmp_path, act=act, events=events + DEFAULT_NOTICE)
    assert_waiting_for_the_notice_in_default(p1(folder, "2027-01-19"))
    # given 35 days after 16 December (31 leaving out 25, 28 December and 1 January, s.116): the final date moves
    # as many days (s.110B(3)), from 5 January under the clause, from 31 December under the Scheme (to Sunday 31
    # January, which the contract's time-computation clause moves to the Monday)
    final = "2027-02-05" if act else "2027-02-01"
    node = p1(folder, final)
    assert node["state"] == "not-due" and node["due_on"] == final
    assert node["claim"]["notices"]["final_date"] == final
    assert node["claim"]["notices"]["notified_sum"] == "555000.00"
    assert "notice in default of 2027-01-20" in node["claim"]["notices"]["notified_by"]
    assert node["accrued_interest"] == "0"
    node = p1(folder, "2027-02-15")
    assert node["state"] == "overdue" and node["due_on"] == final
    day_after = {"2027-02-05": "2027-02-06", "2027-02-01": "2027-02-02"}[final]
    assert node["interest_periods"][0]["from"] == day_after, node["interest_periods"]
    assert node["fixed_compensation"] == "100"


# --------------------------------------------------------------- 3. the letter claims nothing late before then


@pytest.mark.parametrize("act", [True, False], ids=["clause", "scheme"])
def test_no_letter_claims_lateness_before_a_sum_is_notified(tmp_path: Path, act: bool) -> None:
    folder = works(tmp_path, act=act)
    out = tmp_path / "final.docx"
    code, output = demand(folder, out, "P1", "2027-02-15", "--stage", "final")
    assert code != 0 and not out.exists(), output
    assert "not overdue" in output and "no sum is notified" in output
    code, output = demand(folder, out, "all", "2027-02-15", "--stage", "final")
    assert code != 0 and not out.exists() and "nothing is overdue" in output, output
    # the notice in default is the letter the node calls for
    code, output = demand(folder, tmp_path / "default.docx", "P1", "2027-02-15", "--stage", "default-notice")
    assert code == 0, output


@pytest.mark.parametrize(
    ("act", "events", "final", "late"),
    [
        (True, "", "5 February 2027", "6 February 2027"),
        (False, APPLIED, "1 February 2027", "2 February 2027"),
    ],
    ids=["clause", "scheme-with-application"],
)
def test_after_the_notice_in_default_the_letter_dates_lateness_from_the_postponed_final_date(
    tmp_path: Path, act: bool, events: str, final: str, late: str
) -> None:
    folder = works(tmp_path, act=act, events=events + DEFAULT_NOTICE)
    out = tmp_path / "final.docx"
    # the day before the notice nothing was late: no letter then
    code, output = demand(folder, out, "P1", "2027-01-19", "--stage", "final")
    assert code != 0 and not out.exists() and "no sum is notified" in output, output
    code, output = demand(folder, out, "P1", "2027-02-15", "--stage", "final")
    assert code == 0, output
    text = paragraphs(out)
    assert f"final date for payment {final}; payment is late from {late}" in text
    assert "late from 6 January 2027" not in text and "late from 1 January 2027" not in text
    assert "notice of 20 January 2027" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_says_the_sum_awaits_our_notice_not_that_the_milestone_is_not_reached(
    tmp_path: Path, lang: str
) -> None:
    """P1 accepted, no sum notified: the report said "milestone not yet reached" of a node whose milestone was."""
    folder = works(tmp_path, act=True)
    out = tmp_path / f"report-{lang}.docx"
    code, output = run("report", folder, "--as-of", "2027-02-15", "--lang", lang, "-o", out)
    assert code == 0, output
    text = paragraphs(out)
    if lang == "en":
        assert "no sum notified yet; our notice to follow" in text
    else:
        assert "尚无通知金额，待我方发出付款通知" in text


def test_the_workbook_and_the_pack_word_a_node_waiting_for_our_notice(tmp_path: Path) -> None:
    """A node waiting for the notice in default had no words in the documents' state table: `export` ended in an
    internal error. It now waits for our notice (`waiting_for: notice`) in every document, 0 days overdue in the
    aging as in `status`."""
    folder = works(tmp_path / "p", act=True)
    node = p1(folder, "2027-02-15")
    assert node["waiting_for"] == "notice"
    out = tmp_path / "book.xlsx"
    code, output = run("export", folder, "-o", out, "--as-of", "2027-02-15")
    assert code == 0, output
    book = openpyxl.load_workbook(out)
    rows = [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]
    p1_rows = [row for row in rows if "P1" in row]
    assert any("awaiting our notice of the sum due" in row for row in p1_rows)
    aging = next(row for row in book["Aging"].iter_rows(values_only=True) if "P1" in row)
    assert aging[5] == 0  # days overdue: a number, as status has it, not a formula counting from the due date
