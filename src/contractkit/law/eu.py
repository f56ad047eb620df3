"""An EU member state's law as the Late Payment Directive 2011/7/EU harmonises it (interest only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import PRICE_OWED, Debt, Drafting, Law, Regime, is_construction
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import DemandStage, Project

DIRECTIVE = "eu.late-payment-directive"


@dataclass(frozen=True)
class EULaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """The Directive's reference rate (ECB main refinancing rate per half-year) plus 8 points, and EUR 40."""
        return InterestTerms(
            Method.REFERENCE,
            DIRECTIVE,
            table="ecb-mro",
            margin=Decimal("0.08"),
            fixing="semester",
            floating=True,
            compensation="eu",
        )

    def citations(
        self,
        project: Project,
        stage: DemandStage,
        interest_basis: str,
        debt: Debt = PRICE_OWED,
    ) -> list[str]:
        if stage in (DemandStage.NOTICE, DemandStage.FINAL) and interest_basis == DIRECTIVE:
            return [DIRECTIVE]
        return []

    def regime(self, project: Project, stage: DemandStage, interest_basis: str, debt: Debt = PRICE_OWED) -> Regime:
        return Regime(works=is_construction(project), statutory_interest=interest_basis == DIRECTIVE)


EU = EULaw(
    code="EU",
    name="EU law (Directive 2011/7/EU)",
    rest_day_roll=False,
    rest_day_citation=None,
    limitation_years=None,
    limitation_restarts=frozenset(),
    limitation_citations=(),
    limitation_silent_note="the Directive does not harmonise limitation; the member state's law decides",
    # Clause texts: the neutral wording; the Directive harmonises none of what they word.
    drafting_facts=Drafting(),
)
