"""A sample never records work suspended before the notice of suspension has run its course.

The ledger has no event for the suspension itself (the account takes it to start the day after the notice period,
counted from delivery); the samples say when work stopped in the note of the notice, and that day must be the one
the account and the suspension letter give.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from contractkit.account.account import build_account
from contractkit.account.claims import given_on
from contractkit.account.dates import Clock
from contractkit.model.models import DemandStage
from contractkit.model.project import load_project
from tests.conftest import SAMPLES

AS_OF = dt.date(2026, 11, 29)
STOPPED = re.compile(r"suspended from (\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def _recorded_suspensions() -> list[tuple[str, int]]:
    cases = []
    for folder in sorted(p for p in SAMPLES.iterdir() if (p / "project.yaml").is_file()):
        events = load_project(folder).project.events
        cases += [(folder.name, i) for i, e in enumerate(events) if e.stage is DemandStage.SUSPENSION and e.note]
    return cases


def test_the_epc_sample_records_its_suspension() -> None:
    assert ("epc-intl", 10) in _recorded_suspensions()


@pytest.mark.parametrize(("sample", "index"), _recorded_suspensions())
def test_a_recorded_suspension_starts_the_day_after_the_notice_period(sample: str, index: int) -> None:
    loaded = load_project(SAMPLES / sample)
    account = build_account(loaded, AS_OF)
    right = account.terms.suspension
    assert right is not None, "a suspension notice needs a right to suspend"
    notice = loaded.project.events[index]
    found = STOPPED.search(notice.note or "")
    assert found, f"say when work stopped: 'Work suspended from YYYY-MM-DD' ({notice.note!r})"
    last, _, _ = Clock(account.terms, account.calendar, AS_OF).strict_end(
        given_on(notice, account.terms), right.notice_days
    )
    assert dt.date.fromisoformat(found.group(1)) == last + dt.timedelta(days=1)


def test_the_epc_suspension_starts_on_6_october_2026() -> None:
    # delivered 14 September 2026; 21 days' notice ends on 5 October (no rest-day roll under the contract alone)
    notice = load_project(SAMPLES / "epc-intl").project.events[10]
    assert notice.delivered_on == dt.date(2026, 9, 14)
    assert notice.note == "Work suspended from 2026-10-06"
