"""Clause texts word the law through named facts (``law.<fact>``) that the law modules give, never a
jurisdiction code (issue #12: the modules are the only place law lives in code)."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from contractkit.documents.contract import example_project
from contractkit.law import law_for
from contractkit.law.base import Drafting
from contractkit.model.models import Jurisdiction, PartySize, Project

FACTS = [f.name for f in fields(Drafting)]


def _project(
    jurisdiction: Jurisdiction, client: PartySize | None = None, contractor: PartySize | None = None
) -> Project:
    project = example_project("zh").model_copy(update={"jurisdiction": jurisdiction})
    parties = project.parties.model_copy(
        update={
            "client": project.parties.client.model_copy(update={"size": client}),
            "contractor": project.parties.contractor.model_copy(update={"size": contractor}),
        }
    )
    return project.model_copy(update={"parties": parties})


def test_every_fact_is_a_boolean_that_defaults_to_the_neutral_wording() -> None:
    assert FACTS
    assert all(f.type == "bool" and f.default is False for f in fields(Drafting))


def test_prc_law_gives_the_prc_wording_and_the_others_the_neutral_one() -> None:
    prc = law_for(_project(Jurisdiction.CN)).drafting(_project(Jurisdiction.CN))
    assert prc == replace(Drafting(**dict.fromkeys(FACTS, True)), sme_rate_floor=False)
    for jurisdiction in (Jurisdiction.UK, Jurisdiction.EU, Jurisdiction.INTL):
        project = _project(jurisdiction, PartySize.LARGE, PartySize.SME)
        assert law_for(project).drafting(project) == Drafting(), jurisdiction


@pytest.mark.parametrize(
    ("client", "contractor", "floor"),
    [
        (PartySize.LARGE, PartySize.SME, True),
        (PartySize.GOVERNMENT, PartySize.SME, True),
        (PartySize.SME, PartySize.SME, False),
        (PartySize.LARGE, PartySize.LARGE, False),
        (None, PartySize.SME, False),
        (PartySize.LARGE, None, False),
    ],
)
def test_the_sme_rate_floor_follows_the_sme_payment_regulations(
    client: PartySize | None, contractor: PartySize | None, floor: bool
) -> None:
    project = _project(Jurisdiction.CN, client, contractor)
    assert law_for(project).drafting(project).sme_rate_floor is floor
