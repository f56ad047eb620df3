"""An EU member state's law as the Late Payment Directive 2011/7/EU harmonises it (interest only).

The Directive covers commercial transactions: between undertakings, or between undertakings and public
authorities (arts. 1(2), 2(1)); an undertaking includes one carried on by a single person (art. 2(3)), so a sole
trader owes its interest, and a consumer does not. Its "amount due" includes the taxes the invoice states (art.
2(8)), so its interest runs on the debt as invoiced, VAT included.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import PRICE_OWED, Debt, Drafting, Law, Regime, consumer, is_construction
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import DemandStage, Project

DIRECTIVE = "eu.late-payment-directive"


@dataclass(frozen=True)
class EULaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """The Directive's reference rate (ECB main refinancing rate per half-year) plus 8 points, and EUR 40, on the
        sum invoiced with its taxes (art. 2(8)); never for a consumer, whom the Directive does not reach."""
        if consumer(project):
            return InterestTerms(
                Method.NONE,
                "none",
                notes=(
                    "the Late Payment Directive covers commercial transactions between undertakings or with public "
                    "authorities only (arts. 1(2), 2(1)): it gives no interest or compensation on a debt owed by a "
                    "consumer",
                ),
            )
        return InterestTerms(
            Method.REFERENCE,
            DIRECTIVE,
            table="ecb-mro",
            margin=Decimal("0.08"),
            fixing="semester",
            floating=True,
            compensation="eu",
            on_gross=True,
        )

    def citations(
        self,
        project: Project,
        stage: DemandStage,
        interest_basis: str,
        debt: Debt = PRICE_OWED,
    ) -> list[str]:
        if stage in (DemandStage.NOTICE, DemandStage.FINAL) and self._directive(project, interest_basis):
            return [DIRECTIVE]
        return []

    def regime(self, project: Project, stage: DemandStage, interest_basis: str, debt: Debt = PRICE_OWED) -> Regime:
        return Regime(works=is_construction(project), statutory_interest=self._directive(project, interest_basis))

    @staticmethod
    def _directive(project: Project, interest_basis: str) -> bool:
        """Whether a letter claims interest under the Directive: its basis is the Directive's, and the debtor is one
        the Directive reaches (not a consumer)."""
        return interest_basis == DIRECTIVE and not consumer(project)


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
