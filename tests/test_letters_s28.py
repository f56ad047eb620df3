"""Letters of stop 27's follow-ups (through the command line, reading the generated text):

- the client's notices are given when they arrive, so a letter names a late one with the day it was received;
- the payee's notice in default credits what was paid of the notified sum.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_letters_s26l import demand, paragraphs
from tests.test_notified_sum_s27 import APPLIED, works


def test_a_pay_less_notice_received_late_is_named_with_the_day_it_arrived(tmp_path: Path) -> None:
    # the last day for a pay less notice is 28 December 2026; one dated that day but received on the 31st is invalid
    late = '  - {on: 2026-12-28, node: P1, type: pay_less_notice, amount: "100,000.00", delivered_on: 2026-12-31}\n'
    folder = works(tmp_path, act=True, events=APPLIED + late)
    out = tmp_path / "notice.docx"
    code, output = demand(folder, out, "P1", "2027-01-20", "--stage", "notice", "--sent-by", "hand")
    assert code == 0, output
    text = paragraphs(out)
    assert "your notice of 28 December 2026 (received 31 December 2026) came after 28 December 2026" in text


def test_the_notice_in_default_credits_what_was_paid_of_the_notified_sum(tmp_path: Path) -> None:
    paid = '  - {on: 2027-01-10, node: P1, type: paid, amount: "100,000.00"}\n'
    folder = works(tmp_path, act=True, events=paid)
    out = tmp_path / "default.docx"
    code, output = demand(folder, out, "P1", "2027-02-15", "--stage", "default-notice")
    assert code == 0, output
    text = paragraphs(out)
    assert "must be paid in full on or before the final date for payment" in text
    assert "of the notified sum for P1 you have paid GBP 100,000.00, and GBP 455,000.00 remains unpaid" in text


def test_the_next_letter_waits_for_the_deadline_the_last_one_gave(tmp_path: Path) -> None:
    # fit-out P2, 184 days overdue on 29 November: the formal notice sent by hand that day gives until 9 December.
    # Asking for the next letter the same day wrote (and recorded) the final demand, taking back the notice's ten
    # days; now the ladder waits, status says when, and --stage writes one all the same
    import shutil

    from tests.projects import SAMPLES
    from tests.test_letters_s26l import run

    folder = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", folder)
    code, output = demand(folder, tmp_path / "n.docx", "P2", "2026-11-29", "--record", "--sent-by", "hand")
    assert code == 0 and "(notice)" in output, output
    code, output = demand(folder, tmp_path / "f.docx", "P2", "2026-11-29", "--record", "--sent-by", "hand")
    assert code == 1 and "the notice of 2026-11-29 gives until 2026-12-09" in output, output
    assert not (tmp_path / "f.docx").exists()
    code, output = run("status", folder, "--as-of", "2026-11-29")
    assert "final on 2026-12-10" in output
    code, output = demand(folder, tmp_path / "f.docx", "P2", "2026-12-10")
    assert code == 0 and "(final)" in output, output


def test_a_day_beyond_the_last_date_is_not_met_with_advice_to_add_a_calendar() -> None:
    import datetime as dt

    from contractkit.law.calendars import gap_message

    said = gap_message(dt.date(2200, 1, 5))
    assert "beyond 2199-12-31, the last date contractkit works with" in said
    assert "calendar:" not in said  # a calendar through 2200 would itself be refused
    assert "calendar: {holidays: [2027-01-01" in gap_message(dt.date(2027, 1, 11))
