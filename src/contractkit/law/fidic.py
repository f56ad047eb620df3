"""FIDIC conditions of contract: cited only where the contract incorporates them (``contract.form``).

FIDIC is not a body of law but a form of contract; a contract that does not incorporate it gives a letter no
FIDIC sub-clause to rely on, whatever the governing law.
"""

from __future__ import annotations

from contractkit.model.models import ContractForm, DemandStage, Project

FIDIC_FORMS = (ContractForm.FIDIC_RED_1999, ContractForm.FIDIC_RED_2017)


def incorporated(project: Project) -> bool:
    return project.contract.form in FIDIC_FORMS


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
        if project.contract.form is ContractForm.FIDIC_RED_1999 and interest_basis == "clause:penalty.financing-charges"
        else []
    )
    return {
        DemandStage.REMINDER: ["intl.fidic.14.7"],
        DemandStage.NOTICE: ["intl.fidic.14.7", *charges],
        DemandStage.SUSPENSION: ["intl.fidic.16.1"],
        DemandStage.FINAL: ["intl.fidic.14.7", *charges],
        # the Engineer certifies what it fairly determines due, and the Employer pays the amount certified
        DemandStage.DISPUTE_REPLY: ["intl.fidic.14.6", "intl.fidic.14.7"],
    }.get(stage, [])
