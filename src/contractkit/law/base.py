"""What every body of law tells the account: time computation, statutory interest and limitation.

A ``Law`` answers only where the contract is silent or where the law overrides it; the account reads the
contract's own terms first (``contractkit.account.terms``) and asks the law for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import Project


class RestartKind(StrEnum):
    """Events that may interrupt or restart a limitation period, depending on the law."""

    PART_PAYMENT = "part payment"
    ACKNOWLEDGMENT = "acknowledgment"
    DEMAND = "demand delivered"


@dataclass(frozen=True)
class Restart:
    on: dt.date
    kind: RestartKind


@dataclass(frozen=True)
class LimitationEnd:
    """The last day to bring proceedings for a debt, and why (None: the law here does not say, or not yet)."""

    on: dt.date | None
    why: str
    citations: tuple[str, ...] = ()
    restarted_by: Restart | None = None


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Law:
    """One body of law: the defaults a silent contract falls back on."""

    code: str
    name: str
    #: Whether a period whose last day is a rest day ends on the next working day where the contract is silent.
    rest_day_roll: bool
    #: The citation for that rule (a key of law/data/references.yaml), or None where the law has no such rule.
    rest_day_citation: str | None
    #: Limitation: years, what restarts it, and the citations; None years: the law here sets no period we compute.
    limitation_years: int | None
    limitation_restarts: frozenset[RestartKind]
    limitation_citations: tuple[str, ...]
    limitation_silent_note: str = ""

    def statutory_interest(self, project: Project) -> InterestTerms:
        """Interest where the contract sets no rate."""
        return InterestTerms(Method.NONE, "none")

    def limitation(self, due_on: dt.date | None, restarts: Sequence[Restart]) -> LimitationEnd:
        """The limitation date of a debt due on ``due_on``, after the restarts this law recognises."""
        if self.limitation_years is None:
            return LimitationEnd(None, self.limitation_silent_note)
        if due_on is None:
            return LimitationEnd(None, "runs from the due date, which is not yet known")
        years = self.limitation_years
        counted = [r for r in restarts if r.kind in self.limitation_restarts and r.on > due_on]
        if not counted:
            return LimitationEnd(
                add_years(due_on, years),
                f"{years} years from the due date {due_on}",
                self.limitation_citations[:1],
            )
        last = max(counted, key=lambda r: (r.on, r.kind))
        return LimitationEnd(
            add_years(last.on, years),
            f"{years} years from the {last.kind} on {last.on}, which restarted limitation",
            self.limitation_citations,
            last,
        )
