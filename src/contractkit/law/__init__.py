"""The law: what each jurisdiction provides where the contract is silent, its calendars and reference rates.

``law_for(project)`` picks the body of law a project's letters and account rely on.
"""

from __future__ import annotations

from contractkit.law.base import Law
from contractkit.model.models import Jurisdiction, Project


def law_for(project: Project) -> Law:
    """The body of law that governs a project's defaults."""
    if not _LAWS:  # the four bodies of law, imported on the first call and looked up after
        from contractkit.law.england import ENGLAND_AND_WALES
        from contractkit.law.eu import EU
        from contractkit.law.intl import CONTRACT_ALONE
        from contractkit.law.prc import PRC

        _LAWS.update(
            {
                Jurisdiction.CN: PRC,
                Jurisdiction.UK: ENGLAND_AND_WALES,
                Jurisdiction.EU: EU,
                Jurisdiction.INTL: CONTRACT_ALONE,
            }
        )
    return _LAWS[project.jurisdiction]


_LAWS: dict[Jurisdiction, Law] = {}


__all__ = ["Law", "law_for"]
