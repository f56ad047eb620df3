"""Status as of a date: due dates, deemed acceptance, working days, payments, next step, limitation, CLI."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import NodeState, build_account
from contractkit.cli import main
from contractkit.law.calendars import CalendarGap
from contractkit.model.models import DemandStage
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.projects import base, changed, copy_sample, write_project

D = Decimal
AS_OF = dt.date(2026, 11, 29)


def status_of(tmp_path: Path, changes: dict[str, object] | None = None, as_of: dt.date = AS_OF):  # type: ignore[no-untyped-def]
    path = write_project(tmp_path, changed(base(), changes or {}))
    return build_account(load_project(path), as_of)


def test_base_project_p2_is_overdue_with_interest_on_each_balance(tmp_path: Path) -> None:
    # P2: 600,000 less 3% retention = 582,000, due 14 days after acceptance on 15 May = 29 May;
    # 200,000 paid 20 June; 0.05% a day: 582,000 x 22 days + 382,000 x 162 days.
    node = status_of(tmp_path).node("P2")
    assert node is not None
    assert node.amount == D("582000.00") and node.scheduled.retention == D("18000.00")
    assert node.due_on == dt.date(2026, 5, 29)
    assert node.state is NodeState.OVERDUE and node.days_overdue == 184
    assert node.outstanding == D("382000.00")
    assert [(p.days, p.amount) for p in node.interest.periods] == [(22, D("6402.00")), (162, D("30942.00"))]
    assert node.accrued_interest == D("37344.00")


def test_not_yet_due_and_waiting_nodes(tmp_path: Path) -> None:
    status = status_of(tmp_path, as_of=dt.date(2026, 5, 20))
    assert status.node("P2").state is NodeState.NOT_DUE  # due 29 May
    assert status.node("P3").state is NodeState.WAITING
    assert status.node("P3").due_note == "not yet applied for"
    assert status.node("P2").interest is None


def test_deemed_acceptance_runs_from_a_complete_request_not_from_the_application(tmp_path: Path) -> None:
    events = [
        {"on": "2026-05-12", "node": "P2", "type": "applied", "amount": "582,000.00"},
        {"on": "2026-05-20", "node": "P2", "type": "acceptance_requested", "ref": "验收通知1"},
    ]
    node = status_of(tmp_path, {"events": events}).node("P2")
    # requested 20 May, 7-day review period: deemed accepted 27 May, due 14 days later on 10 June
    assert node.accepted_on == dt.date(2026, 5, 27) and node.acceptance_deemed
    assert node.due_on == dt.date(2026, 6, 10)
    assert "deemed acceptance" in node.due_note


def test_an_application_alone_starts_no_review_period(tmp_path: Path) -> None:
    events = [{"on": "2026-05-12", "node": "P2", "type": "applied", "amount": "582,000.00"}]
    node = status_of(tmp_path, {"events": events}).node("P2")
    assert node.accepted_on is None and node.state is NodeState.WAITING
    assert "acceptance_requested" in node.due_note
    assert any("request for acceptance" in m for m in node.missing)


def test_an_incomplete_request_starts_no_review_period(tmp_path: Path) -> None:
    events = [
        {"on": "2026-05-20", "node": "P2", "type": "acceptance_requested", "enclosed": ["验收申请表"]},
        {
            "on": "2026-06-01",
            "node": "P2",
            "type": "acceptance_requested",
            "enclosed": ["验收申请表", "检测报告"],
        },
    ]
    changes = {"events": events, "acceptance[0].documents": ["验收申请表", "检测报告"]}
    node = status_of(tmp_path, changes, as_of=dt.date(2026, 5, 31)).node("P2")
    assert node.accepted_on is None and node.acceptance.started_by is None
    assert "检测报告" in node.acceptance.note
    node = status_of(tmp_path, changes).node("P2")
    # the second request is complete: deemed accepted 8 June, due 22 June
    assert node.accepted_on == dt.date(2026, 6, 8) and node.acceptance_deemed
    assert node.due_on == dt.date(2026, 6, 22)


def test_a_written_acceptance_after_the_review_period_does_not_move_deemed_acceptance(tmp_path: Path) -> None:
    events = [
        {"on": "2026-03-02", "node": "P2", "type": "acceptance_requested"},
        {"on": "2026-03-11", "node": "P2", "type": "accepted", "ref": "验收记录"},
    ]
    node = status_of(tmp_path, {"events": events}).node("P2")
    # the review period ended 9 March in silence: the work was deemed accepted then, as the acceptance clause says;
    # the acceptance recorded on 11 March came too late to move it (it is noted)
    assert node.accepted_on == dt.date(2026, 3, 9) and node.acceptance_deemed
    assert node.acceptance.late_record == dt.date(2026, 3, 11)
    assert "does not move the date of acceptance" in node.acceptance.note
    assert node.due_on == dt.date(2026, 3, 23)


def test_without_deemed_acceptance_the_payment_period_still_runs_from_the_end_of_the_review(tmp_path: Path) -> None:
    events = [{"on": "2026-05-20", "node": "P2", "type": "acceptance_requested"}]
    changes = {
        "events": events,
        "acceptance[0].deemed_accepted": "false",
        "clauses": [*base()["clauses"], {"use": "payment.milestone-schedule", "with": {"invoice_required": "false"}}],
    }
    node = status_of(tmp_path, changes).node("P2")
    assert node.accepted_on is None and not node.acceptance_deemed
    assert node.due_on == dt.date(2026, 6, 10)


def test_no_deemed_acceptance_and_no_clock_rule_waits_for_acceptance(tmp_path: Path) -> None:
    events = [{"on": "2026-05-20", "node": "P2", "type": "acceptance_requested"}]
    changes = {"events": events, "acceptance[0].deemed_accepted": "false", "parties.contractor.size": "large"}
    node = status_of(tmp_path, changes).node("P2")
    assert node.accepted_on is None and node.state is NodeState.WAITING


def test_a_due_date_on_a_public_holiday_moves_to_the_next_working_day(tmp_path: Path) -> None:
    # accepted 17 Sep 2026; 14 days later is 1 October, National Day: the period ends on 8 October
    # (Civil Code art. 203 where the contract is silent)
    events = [{"on": "2026-09-17", "node": "P2", "type": "accepted"}]
    node = status_of(tmp_path, {"events": events}).node("P2")
    assert node.due_on == dt.date(2026, 10, 8) and node.due.rolled_from == dt.date(2026, 10, 1)
    assert "art. 203" in node.due_note or "cn.civil-code.203" in node.due_note
    assert node.interest.periods[0].first == dt.date(2026, 10, 9)


def test_the_contract_can_keep_a_due_date_on_a_rest_day(tmp_path: Path) -> None:
    events = [{"on": "2026-09-17", "node": "P2", "type": "accepted"}]
    changes = {
        "events": events,
        "clauses": [*base()["clauses"], {"use": "general.time-computation", "with": {"rest_days": "none"}}],
    }
    assert status_of(tmp_path, changes).node("P2").due_on == dt.date(2026, 10, 1)


def test_a_part_payment_day_bears_interest_on_the_old_or_the_reduced_balance(tmp_path: Path) -> None:
    old = status_of(tmp_path).node("P2").interest.periods
    # the default: 20 June (the payment day) on the old balance
    assert (old[0].last, old[0].principal) == (dt.date(2026, 6, 20), D("582000.00"))
    changes = {"clauses[0].with": {"daily_rate": "0.05%", "payment_day": "reduced-balance"}}
    reduced = status_of(tmp_path, changes).node("P2").interest.periods
    assert (reduced[0].last, reduced[1].first) == (dt.date(2026, 6, 19), dt.date(2026, 6, 20))
    assert reduced[0].days + reduced[1].days == old[0].days + old[1].days


def test_working_days_follow_chinese_holidays_and_makeup_days(tmp_path: Path) -> None:
    # applied 30 Sep 2026; 1-7 Oct National Day holiday, Sat 10 Oct a makeup workday:
    # working days 8, 9, 10, 12, 13 October -> due 13 October
    changes = {
        "payment_schedule[2].due": {"after": "application", "days": "5", "working_days": "true"},
        "events": [{"on": "2026-09-30", "node": "P3", "type": "applied", "amount": "291,000.00"}],
    }
    assert status_of(tmp_path, changes).node("P3").due_on == dt.date(2026, 10, 13)


def test_working_days_beyond_official_data_fail_loudly(tmp_path: Path) -> None:
    changes = {
        "payment_schedule[2].due": {"after": "application", "days": "5", "working_days": "true"},
        "events": [{"on": "2026-12-30", "node": "P3", "type": "applied", "amount": "291,000.00"}],
    }
    with pytest.raises(CalendarGap, match="no official Chinese holiday data for 2027-01-01"):
        status_of(tmp_path, changes, as_of=dt.date(2027, 2, 1))


def test_a_user_calendar_covers_the_next_year(tmp_path: Path) -> None:
    changes = {
        "payment_schedule[2].due": {"after": "application", "days": "5", "working_days": "true"},
        "events": [{"on": "2026-12-30", "node": "P3", "type": "applied", "amount": "291,000.00"}],
        "calendar": {"holidays": ["2027-01-01"], "through": "2027-12-31"},
    }
    # 31 Dec (Thu) is a working day in the official data; 1 Jan 2027 a holiday; then 4, 5, 6, 7 Jan
    assert status_of(tmp_path, changes, as_of=dt.date(2027, 2, 1)).node("P3").due_on == dt.date(2027, 1, 7)


def test_payment_without_a_node_pays_the_oldest_debt_first(tmp_path: Path) -> None:
    events = base()["events"] + [
        {"on": "2026-02-25", "node": "P1", "type": "applied", "amount": "100,000.00"},
        {"on": "2026-07-01", "type": "paid", "amount": "150,000.00", "ref": "回单2"},
    ]
    status = status_of(tmp_path, {"events": events})
    p1, p2 = status.node("P1"), status.node("P2")
    # P1 fell due on 4 March, before P2 (29 May): it is paid first, the rest goes to P2
    assert p1.paid == D("100000.00") and p1.state is NodeState.PAID
    assert [pay.amount for pay in p2.payments] == [D("200000.00"), D("50000.00")]
    assert p2.payments[1].allocated


def test_next_step_follows_the_ladder_and_the_letters_sent(tmp_path: Path) -> None:
    node = status_of(tmp_path).node("P2")
    assert node.next_step.stage is DemandStage.REMINDER and node.next_step.on == dt.date(2026, 5, 30)
    events = base()["events"] + [
        {"on": "2026-06-01", "node": "P2", "type": "notice", "stage": "reminder", "via": "email"},
        {
            "on": "2026-06-15",
            "node": "P2",
            "type": "notice",
            "stage": "notice",
            "via": "courier",
            "tracking": "SF123",
            "delivered_on": "2026-06-16",
        },
    ]
    node = status_of(tmp_path, {"events": events}).node("P2")
    assert node.next_step.stage is DemandStage.FINAL and node.next_step.on == dt.date(2026, 6, 28)


def test_limitation_restarts_on_delivered_notice_and_acknowledgment(tmp_path: Path) -> None:
    node = status_of(tmp_path).node("P2")
    assert node.limitation_on == dt.date(2029, 6, 20)  # part payment 20 June 2026 restarted it
    events = base()["events"] + [
        {"on": "2026-07-01", "node": "P2", "type": "notice", "stage": "reminder", "via": "email"},
        {
            "on": "2026-08-01",
            "node": "P2",
            "type": "notice",
            "stage": "notice",
            "via": "courier",
            "delivered_on": "2026-08-03",
        },
    ]
    node = status_of(tmp_path, {"events": events}).node("P2")
    assert node.limitation_on == dt.date(2029, 8, 3)  # the e-mail had no proof of delivery; the courier did
    events.append({"on": "2026-09-09", "node": "P2", "type": "acknowledged", "ref": "对账单"})
    node = status_of(tmp_path, {"events": events}).node("P2")
    assert node.limitation_on == dt.date(2029, 9, 9) and "acknowledgment" in node.limitation_note


def test_events_after_the_as_of_date_are_ignored(tmp_path: Path) -> None:
    node = status_of(tmp_path, as_of=dt.date(2026, 6, 10)).node("P2")
    assert node.paid == 0 and node.days_overdue == 12
    assert node.accrued_interest == D("3492.00")  # 582,000 x 0.05% x 12


def test_cli_status_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    assert "520,000.00" in result.output and "50,040.00" in result.output
    assert "penalty.late-payment-interest" in result.output


def test_cli_explain_shows_the_working(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-11-29", "--explain"])
    assert "22 days × 720,000.00 × 0.05%/day = 7,920.00" in result.output
    assert "162 days × 520,000.00 × 0.05%/day = 42,120.00" in result.output


def test_cli_json_matches_the_computation(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-11-29", "--json"])
    payload = json.loads(result.output)
    p2 = next(n for n in payload["nodes"] if n["node"] == "P2")
    assert p2["accrued_interest"] == "50040.00" and p2["days_overdue"] == 184
    assert p2["next_step"] == {"stage": "notice", "on": "2026-07-09"}  # the reminder of 1 July gave until 8 July
    assert payload["as_of"] == "2026-11-29"


def test_portfolio_reports_unreadable_files_and_processes_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    for i in range(3):
        write_project(tmp_path / f"p{i}", changed(base(), {"project.code": f"T-{i}"}))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "project.yaml").write_text("contractkit: 1\nproject: [\n", encoding="utf-8")
    result = runner.invoke(main, ["status", str(tmp_path), "--as-of", "2026-11-29"])
    assert result.exit_code == 2
    assert "Portfolio of 3 projects" in result.output
    assert "unreadable: " in result.output and "broken/project.yaml" in result.output
    assert "90+ days" in result.output and "1,146,000.00" in result.output  # 3 x 382,000 overdue


def test_portfolio_json_has_aging_per_currency(runner: CliRunner, tmp_path: Path) -> None:
    write_project(tmp_path / "a", base())
    write_project(tmp_path / "b", changed(base(), {"contract.currency": "USD", "project.code": "T-USD"}))
    result = runner.invoke(main, ["status", str(tmp_path), "--as-of", "2026-11-29", "--json"])
    assert result.exit_code == 0, result.output
    aging = json.loads(result.output)["aging"]
    assert aging["CNY"]["90+"] == "382000.00" and aging["USD"]["90+"] == "382000.00"


def test_contradictory_ledger_is_refused_not_crashed(runner: CliRunner, tmp_path: Path) -> None:
    events = base()["events"] + [
        {"on": "2026-06-20", "node": "P2", "type": "paid", "amount": "200,000.00", "ref": "回单1"}
    ]
    path = write_project(tmp_path, changed(base(), {"events": events}))
    result = runner.invoke(main, ["status", str(path), "--as-of", "2026-11-29"])
    assert result.exit_code == 1 and "LED002" in result.output


def test_bad_as_of_date(runner: CliRunner) -> None:
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-13-01"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_explain_prints_every_source_in_brackets_as_text(runner: CliRunner, tmp_path: Path) -> None:
    """A source in brackets is text, not a rich style: "[the law of England and Wales ...]" once vanished."""
    text = (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8")
    start = text.index("  - use: penalty.late-payment-interest")
    end = text.index("  - use:", start + 1)
    (tmp_path / "project.yaml").write_text(text[:start] + text[end:], encoding="utf-8")  # statutory interest
    result = runner.invoke(main, ["status", str(tmp_path), "--as-of", "2026-11-29", "--explain"])
    assert result.exit_code == 0, result.output
    interest = next(line for line in result.output.splitlines() if line.strip().startswith("interest:"))
    assert interest.rstrip().endswith("[the law of England and Wales (the contract is silent)]"), interest


def test_json_says_from_when_each_demand_counts_for_limitation(runner: CliRunner) -> None:
    """An e-mailed demand under the notices clause counts from the day sent, with no proof recorded: the JSON says
    so (``reached_on``) beside ``proven``, and the limitation date it gives runs from that day."""
    result = runner.invoke(main, ["status", str(SAMPLES / "fitout-cn"), "--as-of", "2026-11-29", "--json"])
    assert result.exit_code == 0, result.output
    p2 = next(n for n in json.loads(result.output)["nodes"] if n["node"] == "P2")
    (emailed,) = p2["notices"]
    assert emailed["via"] == "email" and emailed["proven"] is False and emailed["delivered_on"] is None
    assert emailed["reached_on"] == "2026-07-01" and p2["limitation_on"] == "2029-07-01"


def test_a_courier_notice_not_yet_signed_for_counts_from_nothing(tmp_path: Path) -> None:
    events = base()["events"] + [
        {"on": "2026-08-01", "node": "P2", "type": "notice", "stage": "notice", "via": "courier", "tracking": "SF9"}
    ]
    node = status_of(tmp_path, {"events": events}).node("P2")
    (sent,) = node.notices
    assert sent.reached_on is None and not sent.proven
    assert node.limitation_on == dt.date(2029, 6, 20)  # still the part payment's


def test_a_posted_demand_signed_for_late_counts_from_the_day_the_contract_deems_it_delivered(tmp_path: Path) -> None:
    """The notices clause deems a courier's notice delivered when signed for or, if earlier, on the 3rd day after
    dispatch: a demand sent on 1 July and signed for on 8 July should have arrived (应当到达, SPC limitation rules
    art. 8) on 4 July, and limitation runs afresh from then, not from the later signature (which would show an end
    four days too late)."""
    reminder = "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: email,"
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "fitout",
        (
            reminder,
            "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: sf-express, delivered_on: 2026-07-08,",
        ),
    )
    node = build_account(load_project(folder), AS_OF).node("P2")
    (sent,) = node.notices
    assert sent.reached_on == dt.date(2026, 7, 4) and sent.delivered_on == dt.date(2026, 7, 8)
    assert node.limitation_on == dt.date(2029, 7, 4)
    # signed for within the 3 days: the signature is the day
    folder = copy_sample(
        "fitout-cn",
        tmp_path / "early",
        (
            reminder,
            "  - {on: 2026-07-01, node: P2, type: notice, stage: reminder, via: sf-express, delivered_on: 2026-07-02,",
        ),
    )
    assert build_account(load_project(folder), AS_OF).node("P2").limitation_on == dt.date(2029, 7, 2)
