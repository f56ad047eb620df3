"""The law: what each jurisdiction provides where the contract is silent, its calendars and reference rates.

``law_for(project)`` picks the body of law a project's letters and account rely on.
"""

from __future__ import annotations

from contractkit.law.base import Law
from contractkit.model.models import Jurisdiction, Project


def law_for(project: Project) -> Law:
    """The body of law that governs a project's defaults."""
    from contractkit.law.england import ENGLAND_AND_WALES
    from contractkit.law.eu import EU
    from contractkit.law.intl import CONTRACT_ALONE
    from contractkit.law.prc import PRC

    return {
        Jurisdiction.CN: PRC,
        Jurisdiction.UK: ENGLAND_AND_WALES,
        Jurisdiction.EU: EU,
        Jurisdiction.INTL: CONTRACT_ALONE,
    }[project.jurisdiction]


__all__ = ["Law", "law_for"]
