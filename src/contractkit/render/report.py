"""Client progress reports: progress since the last report and the payment forecast, with the cash curve.

``write_report`` writes FILE.docx and the chart beside it as FILE.png; both are byte-identical for the same
project file, as-of date, period and language.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.documents.common import side_by_side
from contractkit.documents.report import ReportFacts, report_context, report_facts
from contractkit.errors import UsageError
from contractkit.model.clauses import resource_dir
from contractkit.model.project import LoadedProject
from contractkit.render.chart import draw
from contractkit.render.docx import check_template, document_properties, in_one_language, own_words, render_docx
from contractkit.render.output import check_writable, command_inputs, refuse_before_signing, write_files

TITLE = ("项目进度及付款计划报告", "Progress Report and Payment Outlook")
#: The chart's width in the document: the text width of an A4 portrait page.
CHART_WIDTH_MM = 160


def report_document(
    loaded: LoadedProject, facts: ReportFacts, lang: str, templates: Path | None = None
) -> tuple[bytes, bytes]:
    """The report's .docx bytes and the chart's PNG bytes."""
    project = loaded.project
    if lang == "bilingual":
        zh, en = report_context(project, facts, "zh"), report_context(project, facts, "en")
        context = side_by_side(own_words(zh, "zh"), own_words(en, "en"), written=zh)
    else:
        context = report_context(project, facts, lang)
    path = (templates if templates is not None else resource_dir("templates")) / f"report.{lang}.docx"
    if templates is not None:
        check_template(path, {**context, "chart": ""})
    chart = draw(facts.curve, lang)
    title = TITLE[0] if lang == "zh" else TITLE[1] if lang == "en" else f"{TITLE[0]} {TITLE[1]}"
    properties = document_properties(project, f"{title} {facts.reference}", facts.as_of, lang)
    return render_docx(path, context, properties, images={"chart": (chart, CHART_WIDTH_MM)}), chart


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
    refuse_before_signing(loaded.project.contract.signed_on, as_of, "a progress report")
    png_path = output.with_suffix(".png")
    inputs = command_inputs(loaded, templates)
    for path in (output, png_path):
        check_writable(path, force=force, inputs=inputs)
    shown = in_one_language(loaded, lang)
    facts = report_facts(shown, as_of, since)
    docx, chart = report_document(shown, facts, lang, templates)
    return write_files({output: docx, png_path: chart}, force=force, inputs=inputs)  # both or neither
