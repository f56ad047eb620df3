"""PRC law: the Civil Code's time computation and limitation, and the statutory interest defaults."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import Law, RestartKind
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import Project, ProjectKind


@dataclass(frozen=True)
class PRCLaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """SME Payment Regulations art. 17 where they apply; else the SPC construction or sales interpretation."""
        if project.sme_regulations_apply():
            return InterestTerms(Method.DAILY, "cn.sme-payment.17", daily_rate=Decimal("0.0005"))
        if project.project.kind is ProjectKind.CONSTRUCTION:
            return InterestTerms(Method.REFERENCE, "cn.spc-construction.26", table="lpr-1y")
        return InterestTerms(
            Method.REFERENCE,
            "cn.spc-sales.18",
            table="lpr-1y",
            multiplier=Decimal("1.3"),
            notes=("a court may award the one-year LPR plus 30-50%; the lower figure is shown",),
        )


PRC = PRCLaw(
    code="CN",
    name="PRC law",
    rest_day_roll=True,
    rest_day_citation="cn.civil-code.203",
    limitation_years=3,
    # Civil Code art. 195 with the SPC limitation rules arts. 8 (a demand interrupts when delivered) and 14
    # (a part payment is the debtor agreeing to perform).
    limitation_restarts=frozenset({RestartKind.PART_PAYMENT, RestartKind.ACKNOWLEDGMENT, RestartKind.DEMAND}),
    limitation_citations=("cn.civil-code.188", "cn.civil-code.195", "cn.spc-limitation.8", "cn.spc-limitation.14"),
)
