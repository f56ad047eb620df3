"""Assemble a draft contract: clause text for a project, numbered in contract order."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from contractkit.clauses import Clause
from contractkit.compose import clause_context
from contractkit.errors import InputError
from contractkit.models import Project
from contractkit.schedule import compute_schedule


@cache
def example_project(lang: str) -> Project:
    """The project `init` writes, used to show a clause rendered on realistic facts."""
    from contractkit.init import template_text
    from contractkit.project import parse_project

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
