"""Assemble a draft contract: clause text for a project, numbered in contract order."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from contractkit.account.schedule import compute_schedule
from contractkit.documents.common import Article, clause_context
from contractkit.errors import InputError
from contractkit.model.clauses import Clause, ClauseLibrary
from contractkit.model.models import FIRST_CLAUSE_NUMBER, Project


@cache
def example_project(lang: str) -> Project:
    """The project `init` writes, used to show a clause rendered on realistic facts."""
    from contractkit.model.project import parse_project
    from contractkit.model.starter import template_text

    return parse_project(template_text(lang, "construction"), f"init/{lang}-construction.yaml").project


def render_clause_text(
    clause: Clause,
    project: Project,
    lang: str,
    given: Mapping[str, str],
    *,
    numbers: Mapping[str, str],
    keep_empty: bool = False,
) -> list[str]:
    """A clause's sub-clauses for one project and language, with the project's parameter values."""
    values, problems = clause.resolve(given)
    if problems:
        raise InputError(file=clause.path, message="; ".join(message for _, message in problems))
    context = clause_context(project, compute_schedule(project), lang, numbers, values)
    return clause.render(lang, context, keep_empty=keep_empty)


def draft_articles(
    project: Project, library: ClauseLibrary, *, views: Mapping[str, Project] | None = None
) -> dict[str, list[Article]]:
    """The picked clauses rendered for this project in both languages, numbered from FIRST_CLAUSE_NUMBER in
    contract order, sub-clause for sub-clause: the Chinese and the English draft state the same terms, and the
    bilingual draft pairs them. A sub-clause that renders empty in one language only is a fault of the clause.

    ``views`` gives the project as each language sees it (a project written "English / 中文" shows its Chinese
    side in the Chinese text): the same terms, only the project's own words in one language."""
    numbers = {use.use: str(FIRST_CLAUSE_NUMBER + i) for i, use in enumerate(project.clauses)}
    out: dict[str, list[Article]] = {"zh": [], "en": []}
    for use in project.clauses:
        clause = library.get(use.use)
        if clause is None:  # validation refuses this before drafting; kept as a guard for API users
            raise InputError(file=library.root, message=f"no clause {use.use!r} in the library")
        number = numbers[use.use]
        texts = {
            lang: render_clause_text(
                clause, (views or {}).get(lang, project), lang, use.with_, numbers=numbers, keep_empty=True
            )
            for lang in ("zh", "en")
        }
        kept = []
        for i, (zh, en) in enumerate(zip(texts["zh"], texts["en"], strict=True)):
            if bool(zh) != bool(en):
                empty = "zh" if not zh else "en"
                raise InputError(
                    file=clause.path,
                    line=clause.source.line_for(("text", empty, i)),
                    message=f"text.{empty}[{i}] renders empty for this project where the other language does not; "
                    "the two languages must state the same terms",
                )
            if zh:
                kept.append((zh, en))
        for lang in ("zh", "en"):
            paragraphs = [
                {"number": f"{number}.{j}", "text": pair[0 if lang == "zh" else 1]}
                for j, pair in enumerate(kept, start=1)
            ]
            out[lang].append(Article(clause.id, number, clause.title(lang), paragraphs))
    return out
