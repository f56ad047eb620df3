"""An international contract: the contract alone, with no statutory default contractkit can apply."""

from __future__ import annotations

from contractkit.law.base import Drafting, Law

CONTRACT_ALONE = Law(
    code="INTL",
    name="the contract alone",
    rest_day_roll=False,
    rest_day_citation=None,
    limitation_years=None,
    limitation_restarts=frozenset(),
    limitation_citations=(),
    limitation_silent_note="limitation depends on the law governing the contract; take advice on it",
    # Clause texts: the neutral wording, which assumes no national institution.
    drafting_facts=Drafting(),
)
