"""An EU member state's law as the Late Payment Directive 2011/7/EU harmonises it (interest only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import Law
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import Project


@dataclass(frozen=True)
class EULaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """The Directive's reference rate (ECB main refinancing rate per half-year) plus 8 points, and EUR 40."""
        return InterestTerms(
            Method.REFERENCE,
            "eu.late-payment-directive",
            table="ecb-mro",
            margin=Decimal("0.08"),
            fixing="semester",
            floating=True,
            compensation="eu",
        )


EU = EULaw(
    code="EU",
    name="EU law (Directive 2011/7/EU)",
    rest_day_roll=False,
    rest_day_citation=None,
    limitation_years=None,
    limitation_restarts=frozenset(),
    limitation_citations=(),
    limitation_silent_note="the Directive does not harmonise limitation; the member state's law decides",
)
