"""Render the draft contract to .docx (and PDF through LibreOffice), refusing before anything is written."""

from __future__ import annotations

from pathlib import Path

from contractkit.account.schedule import compute_schedule
from contractkit.documents.common import bilingual_context, contract_context, document_title
from contractkit.documents.contract import draft_articles
from contractkit.model.clauses import ClauseLibrary, default_library, resource_dir
from contractkit.model.project import LoadedProject
from contractkit.render.docx import (
    ConverterMissing,
    check_template,
    document_properties,
    docx_to_pdf,
    in_one_language,
    normalise_pdf,
    render_docx,
    soffice,
)
from contractkit.render.output import check_writable, command_inputs, write_files


def template_path(name: str, templates: Path | None) -> Path:
    """A template from the user's folder when given, else the bundled one."""
    folder = templates if templates is not None else resource_dir("templates")
    return folder / name


def contract_document(
    loaded: LoadedProject, lang: str, *, library: ClauseLibrary | None = None, templates: Path | None = None
) -> bytes:
    """The draft contract as .docx bytes (deterministic for the same project, library and templates)."""
    project = in_one_language(loaded, lang).project
    library = library or default_library()
    schedule = compute_schedule(project)
    # each language's text sees the project's words in that language (a bilingual project writes them
    # "English / 中文"); the bilingual draft's shared tables keep them as written
    views = {side: in_one_language(loaded, side).project for side in ("zh", "en")}
    articles = draft_articles(project, library, views=views)
    if lang == "bilingual":
        zh = contract_context(project, schedule, "zh", articles["zh"])
        en = contract_context(project, schedule, "en", articles["en"])
        # what stands in one language's line or column (the title, the recital, the acceptance criteria) shows
        # the project's words in that language; the shared tables (parties, schedule) keep them as written
        for side, context in (("zh", zh), ("en", en)):
            own = contract_context(views[side], schedule, side, [])
            context.update({key: own[key] for key in ("project", "doc", "acceptance")})
        context = bilingual_context(zh, en)
    else:
        context = contract_context(project, schedule, lang, articles[lang])
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
    inputs = command_inputs(loaded, templates)
    check_writable(output, force=force, inputs=inputs)
    pdf_path = output.with_suffix(".pdf")
    if pdf:
        if soffice() is None:
            raise ConverterMissing()
        check_writable(pdf_path, force=force, inputs=inputs)
    data = contract_document(loaded, lang, templates=templates)
    files = {output: data}
    if pdf:
        title = document_title(in_one_language(loaded, lang).project, "en" if lang == "en" else "zh")
        day = loaded.project.contract.signed_on
        files[pdf_path] = normalise_pdf(docx_to_pdf(data, output.stem), day, title)
    return write_files(files, force=force, inputs=inputs)  # the .docx and its PDF: both or neither
