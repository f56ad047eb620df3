"""Assemble a draft contract: clause text for a project, numbered in contract order."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from contractkit.clauses import Clause, ClauseLibrary, default_library, resource_dir
from contractkit.compose import (
    FIRST_CLAUSE_NUMBER,
    Article,
    bilingual_context,
    clause_context,
    contract_context,
    document_title,
)
from contractkit.errors import InputError
from contractkit.models import Project
from contractkit.output import check_writable, write_atomic
from contractkit.project import LoadedProject
from contractkit.render import (
    ConverterMissing,
    check_template,
    document_properties,
    docx_to_pdf,
    render_docx,
    soffice,
)
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


def template_path(name: str, templates: Path | None) -> Path:
    """A template from the user's folder when given, else the bundled one."""
    folder = templates if templates is not None else resource_dir("templates")
    return folder / name


def contract_document(
    loaded: LoadedProject, lang: str, *, library: ClauseLibrary | None = None, templates: Path | None = None
) -> bytes:
    """The draft contract as .docx bytes (deterministic for the same project, library and templates)."""
    project = loaded.project
    library = library or default_library()
    schedule = compute_schedule(project)
    if lang == "bilingual":
        zh = contract_context(project, schedule, "zh", draft_articles(project, library, "zh"))
        en = contract_context(project, schedule, "en", draft_articles(project, library, "en"))
        context = bilingual_context(zh, en)
    else:
        context = contract_context(project, schedule, lang, draft_articles(project, library, lang))
    path = template_path(f"contract.{lang}.docx", templates)
    if templates is not None:
        check_template(path, context)
    title = document_title(project, "en" if lang == "en" else "zh")
    return render_docx(path, context, document_properties(project, title, project.contract.signed_on, lang))


def draft(
    loaded: LoadedProject,
    output: Path,
    *,
    lang: str,
    pdf: bool = False,
    force: bool = False,
    templates: Path | None = None,
) -> list[Path]:
    """Render the draft contract to ``output`` (and a PDF beside it); refuses before writing anything."""
    check_writable(output, force=force)
    pdf_path = output.with_suffix(".pdf")
    if pdf:
        if soffice() is None:
            raise ConverterMissing()
        check_writable(pdf_path, force=force)
    data = contract_document(loaded, lang, templates=templates)
    pdf_data = docx_to_pdf(data, output.stem) if pdf else None
    write_atomic(output, data, force=force)
    written = [output]
    if pdf_data is not None:
        write_atomic(pdf_path, pdf_data, force=force)
        written.append(pdf_path)
    return written
