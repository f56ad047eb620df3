"""Clause texts word the law through named facts (``law.<fact>``) that the law modules give, never a
jurisdiction code (issue #12: the modules are the only place law lives in code)."""

from __future__ import annotations

import shutil
from dataclasses import fields, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2 import nodes

from contractkit.cli import main
from contractkit.documents.contract import example_project, render_clause_text
from contractkit.errors import InputError
from contractkit.law import law_for
from contractkit.law.base import Drafting
from contractkit.model.clauses import Clause, clause_environment, default_library, load_library, resource_dir
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


# -- the clause library asks the facts, never the jurisdiction code

LIBRARY = default_library()
CLAUSES = sorted(c.id for c in LIBRARY)
#: Every clause in one contract, so that each sub-clause guarded by has('...') renders.
NUMBERS = {clause_id: str(5 + i) for i, clause_id in enumerate(CLAUSES)}
ENV = clause_environment()


def _law_names(clause: Clause) -> set[str]:
    """Every ``law.<name>`` a clause's text asks, in both languages (from the parsed templates).

    A clause parameter shadows a context name: in general.governing-law ``law`` is the law the parties choose
    (a string), so that clause cannot ask the facts, and any ``law.<name>`` in it is an error.
    """
    shadowed = "law" in clause.data.parameters
    names: set[str] = set()
    for lang in ("zh", "en"):
        for text in clause.data.text.get(lang):
            tree = ENV.parse(text)
            assert not any(n.name == "jurisdiction" for n in tree.find_all(nodes.Name)), clause.id
            asked = [n for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name) and n.node.name == "law"]
            if shadowed:
                assert not asked, f"{clause.path}: law is this clause's parameter here, not the law's facts"
                continue
            # law is asked only as law.<fact>: not printed, indexed or passed whole
            bare = [n for n in tree.find_all(nodes.Name) if n.name == "law"]
            assert len(bare) == len(asked), f"{clause.path}: text.{lang} uses law other than as law.<fact>"
            names.update(n.attr for n in asked)
    return names


@pytest.mark.parametrize("clause_id", CLAUSES)
def test_no_clause_text_names_the_jurisdiction(clause_id: str) -> None:
    # Wording that depends on the legal system asks a named fact of the law module (law.<fact>), so the text
    # says what it depends on; "jurisdiction" in a text is a branch on the code that issue #12 removed.
    clause = LIBRARY.get(clause_id)
    assert clause is not None
    for lang in ("zh", "en"):
        for i, text in enumerate(clause.data.text.get(lang)):
            assert "jurisdiction" not in text.lower(), f"{clause.path}: text.{lang}[{i}]"


@pytest.mark.parametrize("clause_id", CLAUSES)
def test_every_law_fact_a_clause_asks_exists(clause_id: str) -> None:
    clause = LIBRARY.get(clause_id)
    assert clause is not None
    unknown = _law_names(clause) - set(FACTS)
    assert not unknown, f"{clause.path}: law has no fact {', '.join(sorted(unknown))} (law/base.py Drafting)"


def test_every_fact_is_asked_by_some_clause() -> None:
    used = set().union(*(_law_names(c) for c in LIBRARY))
    assert set(FACTS) <= used, f"facts no clause text asks: {sorted(set(FACTS) - used)}"


@pytest.mark.parametrize("jurisdiction", list(Jurisdiction))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_clause_renders_with_its_defaults_under_every_law(jurisdiction: Jurisdiction, lang: str) -> None:
    project = example_project(lang).model_copy(update={"jurisdiction": jurisdiction})
    for clause in LIBRARY:
        paragraphs = render_clause_text(clause, project, lang, {}, numbers={clause.id: "5"})
        assert paragraphs, clause.id


@pytest.mark.parametrize(
    ("clause_id", "lang", "prc", "neutral"),
    [
        ("general.counterparts", "zh", "加盖公章或者合同专用章", "经正式授权的代表签字"),
        ("general.notices", "en", "China Post EMS or SF Express", "recorded delivery"),
        ("dispute.court", "zh", "一审、二审、再审和执行程序", "包括上诉和执行程序"),
        ("dispute.arbitration", "en", "preservation of property or evidence", "interim or conservatory measures"),
        ("payment.invoicing", "zh", "纳税人识别号", "税务登记号码"),
        ("general.time-computation", "en", "working day in lieu", "Rest days are Saturdays and Sundays"),
        ("payment.retention", "zh", "不得超过工程价款结算总额的3%", "发出竣工验收通知"),
        ("confidentiality.mutual", "en", "laws or administrative regulations", "law or regulation"),
    ],
)
def test_prc_law_and_the_neutral_wording(clause_id: str, lang: str, prc: str, neutral: str) -> None:
    clause = LIBRARY.get(clause_id)
    assert clause is not None
    for jurisdiction in Jurisdiction:
        project = example_project("zh").model_copy(update={"jurisdiction": jurisdiction})
        text = "\n".join(render_clause_text(clause, project, lang, {}, numbers=NUMBERS))
        if jurisdiction is Jurisdiction.CN:
            assert prc in text and neutral not in text
        else:
            assert neutral in text and prc not in text, jurisdiction


def _library_with(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(resource_dir("clause_library"), root)
    path = root / "general" / "general.counterparts.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 2
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("new", "needle"),
    [
        ("{% if law.company_seals %}", "has no attribute 'company_seals'"),
        ("{% if jurisdiction == 'CN' %}", "do not branch on the jurisdiction code"),
    ],
)
def test_a_clause_asking_an_unknown_fact_fails_loudly(tmp_path: Path, runner: CliRunner, new: str, needle: str) -> None:
    root = _library_with(tmp_path, "{% if law.company_seal %}", new)
    for lang in ("zh", "en"):  # the zh example project is governed by PRC law, the en one by English law
        result = runner.invoke(
            main, ["clauses", "show", "general.counterparts", "--lang", lang, "--library", str(root)]
        )
        assert result.exit_code == 2, result.output
        assert "general.counterparts.yaml:" in result.output and needle in result.output, result.output
    clause = load_library(root).get("general.counterparts")
    assert clause is not None
    with pytest.raises(InputError, match=needle):
        render_clause_text(clause, example_project("zh"), "zh", {}, numbers={clause.id: "5"})


def test_the_clause_library_readme_lists_every_fact() -> None:
    readme = (resource_dir("clause_library") / "README.md").read_text(encoding="utf-8")
    missing = [name for name in FACTS if f"| `{name}` |" not in readme]
    assert not missing, f"clause_library/README.md does not list {missing}"
