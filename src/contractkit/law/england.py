"""The law of England and Wales: limitation under the Limitation Act 1980 and the Late Payment Act's interest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import Law, RestartKind
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import Project


@dataclass(frozen=True)
class EnglishLaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """The Late Payment of Commercial Debts (Interest) Act 1998: Bank Rate + 8 points, fixed per half-year."""
        return InterestTerms(
            Method.REFERENCE,
            "uk.late-payment-act",
            table="boe-bank-rate",
            margin=Decimal("0.08"),
            fixing="half-year",
            compensation="uk",
        )


ENGLAND_AND_WALES = EnglishLaw(
    code="UK",
    name="the law of England and Wales",
    # No statute moves a contractual date off a weekend or bank holiday; only the contract can.
    rest_day_roll=False,
    rest_day_citation=None,
    limitation_years=6,
    # s.29(5): an acknowledgment or a part payment makes the right accrue afresh; a demand does nothing.
    limitation_restarts=frozenset({RestartKind.PART_PAYMENT, RestartKind.ACKNOWLEDGMENT}),
    limitation_citations=("uk.limitation-act.s5", "uk.limitation-act.s29", "uk.limitation-act.s30"),
)
