"""Assemble a draft contract: clause text for a project, numbered in contract order."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from contractkit.account.schedule import compute_schedule
from contractkit.documents.common import FIRST_CLAUSE_NUMBER, Article, clause_context
from contractkit.errors import InputError
from contractkit.model.clauses import Clause, ClauseLibrary
from contractkit.model.models import Project


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
) -> list[str]:
    """A clause's sub-clauses for one project and language, with the project's parameter values."""
    values, problems = clause.resolve(given)
    if problems:
        raise InputError(file=clause.path, message="; ".join(message for _, message in problems))
    context = clause_context(project, compute_schedule(project), lang, numbers, values)
    return clause.render(lang, context)


def draft_articles(project: Project, library: ClauseLibrary, lang: str) -> list[Article]:
    """The picked clauses rendered for this project, numbered from FIRST_CLAUSE_NUMBER in contract order."""
    numbers = {use.use: str(FIRST_CLAUSE_NUMBER + i) for i, use in enumerate(project.clauses)}
    articles = []
    for use in project.clauses:
        clause = library.get(use.use)
        if clause is None:  # validation refuses this before drafting; kept as a guard for API users
            raise InputError(file=library.root, message=f"no clause {use.use!r} in the library")
        number = numbers[use.use]
        texts = render_clause_text(clause, project, lang, use.with_, numbers=numbers)
        paragraphs = [{"number": f"{number}.{i}", "text": text} for i, text in enumerate(texts, start=1)]
        articles.append(Article(clause.id, number, clause.title(lang), paragraphs))
    return articles
