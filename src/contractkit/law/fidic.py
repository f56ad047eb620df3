"""FIDIC conditions of contract: cited only where the contract incorporates them (``contract.form``).

FIDIC is not a body of law but a form of contract; a contract that does not incorporate it gives a letter no
FIDIC sub-clause to rely on, whatever the governing law.
"""

from __future__ import annotations

from decimal import Decimal

from contractkit.model.clauses import picked, picked_values
from contractkit.model.models import ContractForm, DemandStage, Project

FIDIC_FORMS = (ContractForm.FIDIC_RED_1999, ContractForm.FIDIC_RED_2017)
#: Sub-Clause 16.1: the Contractor may suspend on at least 21 days' notice (shared/REFERENCE.md, secondary).
SUSPENSION_NOTICE_DAYS = 21


def incorporated(project: Project) -> bool:
    return project.contract.form in FIDIC_FORMS


def drafted_suspension_days(project: Project) -> int | None:
    """The notice the contract's own suspension clause gives (None: the contract drafts no such clause)."""
    found = picked(project, "suspension.non-payment")
    if found is None or found[0] != "suspension.non-payment":
        return None
    return int(str(found[1].get("notice_days") or 7))


def suspension_cites_16_1(project: Project) -> bool:
    """Whether a notice of suspension may rely on Sub-Clause 16.1: only where the notice it gives is at least the
    sub-clause's 21 days; a drafted clause with a shorter notice rests on the clause alone, never on a sub-clause
    whose terms the letter's own period contradicts."""
    days = drafted_suspension_days(project)
    return days is None or days >= SUSPENSION_NOTICE_DAYS


#: Sub-Clause 14.8 (1999): financing charges at three percentage points above the central bank's discount rate.
FINANCING_MARGIN = Decimal("0.03")


def charges_as_14_8(project: Project) -> bool:
    """Whether the contract's financing-charges clause charges what Sub-Clause 14.8 does (three points above the
    discount rate): a clause with another margin sets its own rate, and a letter claiming it must not cite 14.8,
    whose three points the figure claimed contradicts."""
    values = picked_values(project, "penalty.financing-charges")
    if values is None:
        return False
    margin = values.get("margin")
    return margin is None or Decimal(str(margin)) == FINANCING_MARGIN


def form_citations(project: Project, stage: DemandStage, interest_basis: str = "") -> list[str]:
    """The sub-clauses of the incorporated conditions a letter of ``stage`` relies on.

    14.8 (financing charges) only where the interest claimed is the contract's financing-charges clause, and in
    the 1999 edition, whose wording shared/REFERENCE.md gives (a contract that sets its own rate "in place of
    14.8" must not cite it for a figure it contradicts); 16.2 (termination) is not cited, as no letter gives
    notice of termination.
    """
    if not incorporated(project):
        return []
    charges = (
        ["intl.fidic.14.8"]
        if project.contract.form is ContractForm.FIDIC_RED_1999
        and interest_basis == "clause:penalty.financing-charges"
        and charges_as_14_8(project)
        else []
    )
    return {
        DemandStage.REMINDER: ["intl.fidic.14.7"],
        DemandStage.NOTICE: ["intl.fidic.14.7", *charges],
        DemandStage.SUSPENSION: ["intl.fidic.16.1"] if suspension_cites_16_1(project) else [],
        DemandStage.FINAL: ["intl.fidic.14.7", *charges],
        # the Engineer certifies what it fairly determines due, and the Employer pays the amount certified
        DemandStage.DISPUTE_REPLY: ["intl.fidic.14.6", "intl.fidic.14.7"],
    }.get(stage, [])
