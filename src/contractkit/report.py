"""Client progress reports: progress since the last report and the payment forecast, with the cash curve.

``write_report`` writes FILE.docx and the chart beside it as FILE.png; both are byte-identical for the same
project file, as-of date, period and language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from contractkit.chart import draw
from contractkit.clauses import resource_dir
from contractkit.compose_report import ReportFacts, bilingual_report_context, report_context, report_facts
from contractkit.errors import InputError, UsageError
from contractkit.output import check_writable, write_atomic
from contractkit.project import LoadedProject
from contractkit.render import (
    DocumentProperties,
    TemplateError,
    check_template,
    document_environment,
    load_template,
    normalise_zip,
)

TITLE = ("项目进度及付款计划报告", "Progress Report and Payment Outlook")
#: The chart's width in the document: the text width of an A4 portrait page.
CHART_WIDTH_MM = 160


def render_report(path: Path, context: Mapping[str, Any], chart: bytes, properties: DocumentProperties) -> bytes:
    """Render the report template with the chart as an inline image (``{{ chart }}``), deterministically.

    Mirrors ``render.render_docx``: the image needs the template object it is rendered into.
    """
    from docx.shared import Mm
    from docxtpl import InlineImage

    template = load_template(path)
    values = {**context, "chart": InlineImage(template, io.BytesIO(chart), width=Mm(CHART_WIDTH_MM))}
    try:
        template.render(values, jinja_env=document_environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(file=path, message=f"template syntax error: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{path}: {exc.message}; this document does not provide that name") from None
    except ValueError as exc:
        raise TemplateError(f"{path}: {exc}") from None
    core = template.docx.core_properties
    core.title, core.author, core.subject = properties.title, properties.author, properties.subject
    core.keywords, core.comments, core.category = properties.keywords, "", ""
    core.last_modified_by, core.revision, core.language = "contractkit", 1, properties.language
    stamp = dt.datetime.combine(properties.created, dt.time(0, 0))
    core.created = core.modified = core.last_printed = stamp
    buffer = io.BytesIO()
    template.docx.save(buffer)
    return normalise_zip(buffer.getvalue())


def report_document(
    loaded: LoadedProject, facts: ReportFacts, lang: str, templates: Path | None = None
) -> tuple[bytes, bytes]:
    """The report's .docx bytes and the chart's PNG bytes."""
    project = loaded.project
    if lang == "bilingual":
        context = bilingual_report_context(report_context(project, facts, "zh"), report_context(project, facts, "en"))
    else:
        context = report_context(project, facts, lang)
    path = (templates if templates is not None else resource_dir("templates")) / f"report.{lang}.docx"
    if templates is not None:
        check_template(path, {**context, "chart": ""})
    chart = draw(facts.curve, lang)
    title = TITLE[0] if lang == "zh" else TITLE[1] if lang == "en" else f"{TITLE[0]} {TITLE[1]}"
    properties = DocumentProperties(
        title=f"{title} {facts.reference}",
        author=project.parties.contractor.name,
        subject=project.contract.number,
        created=facts.as_of,
        keywords=project.project.code,
        language="en-GB" if lang == "en" else "zh-CN",
    )
    return render_report(path, context, chart, properties), chart


def write_report(
    loaded: LoadedProject,
    output: Path,
    *,
    as_of: dt.date,
    since: dt.date | None = None,
    lang: str,
    force: bool = False,
    templates: Path | None = None,
) -> list[Path]:
    """Write the report to ``output`` (.docx) and its chart beside it (.png); refuses before writing anything."""
    if output.suffix.lower() != ".docx":
        raise UsageError(f"contractkit: {output}: the output must be a .docx file")
    if since is not None and since >= as_of:
        raise UsageError(f"contractkit: --since {since} must be before the report date {as_of}")
    png_path = output.with_suffix(".png")
    for path in (output, png_path):
        check_writable(path, force=force)
    facts = report_facts(loaded, as_of, since)
    docx, chart = report_document(loaded, facts, lang, templates)
    write_atomic(png_path, chart, force=force)
    write_atomic(output, docx, force=force)
    return [output, png_path]
