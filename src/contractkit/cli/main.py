"""The ``contractkit`` commands. Each imports what it needs inside it, so ``--help`` loads no document library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from contractkit import __version__
from contractkit.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    ContractkitGroup,
    as_of_date,
    check_font_setting,
    fail,
    format_finding,
    refuse_invalid,
    summary,
)

# Option choices spelled out here so that `--help` need not import the models (a test keeps them in step).
STAGE_CHOICES = (
    "reminder",
    "notice",
    "suspension",
    "final",
    "acknowledgment",
    "default-notice",
    "notified-sum",
    "dispute-reply",
)
DELIVERY_CHOICES = (
    "email",
    "email-read-receipt",
    "ems",
    "sf-express",
    "courier",
    "registered-mail",
    "recorded-delivery",
    "hand",
    "notarised",
    "fax",
    "other",
)


@click.group(cls=ContractkitGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="contractkit")
def main() -> None:
    """Draft contracts, payment applications and demand letters that get project work paid.

    \b
    Exit codes: 0 done; 1 refused on the merits (validation errors, evidence
    missing, nothing overdue); 2 unusable input or usage (file:line: message).
    """


@main.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
def validate(project: Path, as_json: bool) -> None:
    """Check a project file (or folder) and list findings with codes.

    Exit 0 when clean or warnings only, 1 when there are errors, 2 when the file cannot be used.
    """
    from contractkit.cli.common import load
    from contractkit.model.findings import has_errors
    from contractkit.rules import check_project

    loaded = load(project)
    findings = check_project(loaded)
    if as_json:
        payload = {
            "file": str(loaded.path),
            "findings": [f.to_dict() for f in findings],
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(format_finding(finding))
        click.echo(f"{loaded.path}: {summary(findings)}")
    sys.exit(EXIT_REFUSED if has_errors(findings) else EXIT_OK)


@main.command()
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
def rules(code: str | None, as_json: bool) -> None:
    """List every validation rule with its explanation, or one rule by CODE."""
    from contractkit.rules import all_rules

    selected = [r for r in all_rules() if code is None or r.code == code.upper()]
    if not selected:
        fail(f"contractkit: no rule {code!r}; `contractkit rules` lists them all")
    if as_json:
        payload = [
            {
                "code": r.code,
                "severity": str(r.severity),
                "summary": r.summary(),
                "explanation": r.explanation(),
                "bad": r.bad,
                "good": r.good,
            }
            for r in selected
        ]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rule in selected:
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.summary()}")
        for line in rule.explanation().splitlines():
            click.echo(f"    {line}".rstrip())
        click.echo(f"    bad:  {rule.bad}")
        click.echo(f"    good: {rule.good}")
        click.echo("")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the project file, for editor autocompletion."""
    from contractkit.model.models import Project

    data = Project.model_json_schema(by_alias=True)
    data = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "contractkit project file",
        **{k: v for k, v in data.items() if k != "title"},
    }
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--kind", type=click.Choice(["construction", "software"]), default="construction", show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing project.yaml.")
def init(directory: Path, lang: str, kind: str, force: bool) -> None:
    """Start a project folder: a commented project.yaml that validates clean, and evidence/."""
    from contractkit.cli.init import create_project

    path = create_project(directory, lang=lang, kind=kind, force=force)
    click.echo(f"created {path} and {directory / 'evidence'}/")
    click.echo(f"next: edit {path}, then run: contractkit validate {directory}")


@main.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx to write.")
@click.option(
    "--lang", type=click.Choice(["zh", "en", "bilingual"]), help="Document language (default: the project's)."
)
@click.option("--pdf", is_flag=True, help="Also write a PDF beside it (needs LibreOffice).")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Use templates from this folder.")
def draft(project: Path, output: Path, lang: str | None, pdf: bool, force: bool, templates: Path | None) -> None:
    """Assemble a draft contract from the project file and the clause library."""
    from contractkit.cli.common import load
    from contractkit.errors import UsageError
    from contractkit.render.contract import draft as draft_contract

    if output.suffix.lower() != ".docx":
        raise UsageError(f"contractkit: {output}: the output must be a .docx file")
    loaded = load(project)
    refuse_invalid(loaded)
    for path in draft_contract(
        loaded, output, lang=lang or str(loaded.project.language), pdf=pdf, force=force, templates=templates
    ):
        click.echo(f"wrote {path}")


AS_OF_HELP = "The date to compute as of (YYYY-MM-DD; default: today)."


@main.command()
@click.argument("projects", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.option("--explain", is_flag=True, help="Show the periods, rates, days and amounts behind each figure.")
def status(projects: tuple[Path, ...], as_of: str | None, as_json: bool, explain: bool) -> None:
    """What is due, paid, overdue and accruing: one project, or a portfolio (several files or a folder).

    A portfolio adds aging buckets per currency; unreadable files are reported by name, the rest are still
    processed, and the exit code is 2 at the end.
    """
    from contractkit.cli.status import run_status

    sys.exit(run_status(projects, as_of_date(as_of), as_json, explain))


@main.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option("--node", "node_id", required=True, help="The payment node applied for (e.g. P2).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The folder to write the pack into.",
)
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option(
    "--lang", type=click.Choice(["zh", "en", "bilingual"]), help="Document language (default: the project's)."
)
@click.option("--allow-missing", is_flag=True, help="Build the pack with missing evidence marked 'to follow'.")
@click.option("--zip", "make_zip", is_flag=True, help="Also write the whole pack as one .zip archive.")
@click.option(
    "--pdf/--no-pdf", default=None, help="PDF copies of the documents (default: when LibreOffice is installed)."
)
@click.option("--force", is_flag=True, help="Replace an existing, non-empty output folder.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Use templates from this folder.")
def apply(
    project: Path,
    node_id: str,
    output: Path,
    as_of: str | None,
    lang: str | None,
    allow_missing: bool,
    make_zip: bool,
    pdf: bool | None,
    force: bool,
    templates: Path | None,
) -> None:
    """Build the payment application pack for a node: letter, statement, progress summary, evidence index,
    evidence bundle PDF and a manifest of SHA-256 hashes (PDF copies where LibreOffice is installed)."""
    from contractkit.cli.common import evidence_located, load
    from contractkit.render.pack import build_pack

    check_font_setting()
    loaded = load(project)
    refuse_invalid(loaded)
    with evidence_located(loaded):
        written = build_pack(
            loaded,
            node_id,
            output,
            as_of=as_of_date(as_of),
            lang=lang or str(loaded.project.language),
            allow_missing=allow_missing,
            make_zip=make_zip,
            force=force,
            pdf=pdf,
            templates=templates,
            say=click.echo,
        )
    click.echo(f"wrote {len(written)} files to {output}:")
    for path in written:
        click.echo(f"  {path.name}")


@main.command()
@click.argument("projects", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--node", "node_id", help="The overdue payment node, or 'all' for every overdue node of the client.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The .docx to write (a folder with --all-overdue).",
)
@click.option(
    "--stage",
    type=click.Choice(STAGE_CHOICES),
    help="Which letter (default: the next one the ledger and the escalation ladder call for).",
)
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option(
    "--lang", type=click.Choice(["zh", "en", "bilingual"]), help="Document language (default: the project's)."
)
@click.option("--record", is_flag=True, help="Append the notice to the project's ledger (needs --sent-by).")
@click.option(
    "--sent-by",
    type=click.Choice(DELIVERY_CHOICES),
    help="How the letter is sent: the deadline it gives runs from delivery by this method (a way the contract's "
    "notices clause does not allow is refused).",
)
@click.option("--tracking", help="Courier or registered-mail tracking number.")
@click.option("--all-overdue", is_flag=True, help="One letter per project for every overdue client in PROJECTS.")
@click.option("--pdf", is_flag=True, help="Also write an archival PDF (PDF/A-2b) of each document (needs LibreOffice).")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Use templates from this folder.")
def demand(
    projects: tuple[Path, ...],
    node_id: str | None,
    output: Path,
    stage: str | None,
    as_of: str | None,
    lang: str | None,
    record: bool,
    sent_by: str | None,
    tracking: str | None,
    all_overdue: bool,
    pdf: bool,
    force: bool,
    templates: Path | None,
) -> None:
    """Write the demand letter a late payment calls for: reminder, formal notice, suspension, final demand
    (with a case summary for counsel) or a request for acknowledgment of the debt."""
    from contractkit.errors import UsageError

    day = as_of_date(as_of)
    if record and not sent_by:
        raise UsageError(f"contractkit: --record needs --sent-by ({', '.join(DELIVERY_CHOICES)})")
    if all_overdue:
        from contractkit.cli.demand import run_portfolio
        from contractkit.model.models import DeliveryMethod

        # each project's letter is at its own next stage over all its overdue nodes; a tracking number belongs to
        # one letter; an option the portfolio would not apply is refused rather than silently dropped
        ignored = [
            name
            for name, given in (
                ("--node", node_id),
                ("--stage", stage),
                ("--tracking", tracking),
                ("--pdf", pdf),
                ("--templates", templates),
            )
            if given
        ]
        if ignored:
            raise UsageError(
                f"contractkit: {', '.join(ignored)} cannot be used with --all-overdue, which writes each project's "
                "next letter over all its overdue nodes; write those letters one project at a time"
            )
        via = DeliveryMethod(sent_by) if sent_by else None
        sys.exit(run_portfolio(projects, output, day, lang, force, via=via, record=record))
    if len(projects) != 1 or not node_id:
        raise UsageError("contractkit: give one PROJECT and --node ID (or all), or use --all-overdue for many projects")
    from contractkit.cli.common import load
    from contractkit.law import law_for
    from contractkit.model.models import DeliveryMethod, DemandStage
    from contractkit.render.letters import write_demand

    loaded = load(projects[0])
    refuse_invalid(loaded)
    result = write_demand(
        loaded,
        node_id,
        output,
        as_of=day,
        lang=lang or str(loaded.project.language),
        stage=DemandStage(stage) if stage else None,
        force=force,
        templates=templates,
        record=(DeliveryMethod(sent_by), tracking) if record and sent_by else None,
        pdf=pdf,
        via=DeliveryMethod(sent_by) if sent_by else None,  # deadlines run from delivery by this method
    )
    for warning in result.warnings:
        click.echo(warning, err=True)
    for path in result.written:
        click.echo(f"wrote {path} ({result.stage})")
    if result.recorded:
        click.echo(f"recorded the {result.stage} in {loaded.path}; {law_for(loaded.project).record_note()}")


@main.command()
@click.argument("project", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The .docx to write; the cash-curve chart goes beside it as .png.",
)
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option(
    "--since",
    metavar="DATE",
    help="The date of the last report: progress counts from the day after it (default: 30 days before the as-of date).",
)
@click.option(
    "--lang", type=click.Choice(["zh", "en", "bilingual"]), help="Document language (default: the project's)."
)
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Use templates from this folder.")
def report(
    project: Path,
    output: Path,
    as_of: str | None,
    since: str | None,
    lang: str | None,
    force: bool,
    templates: Path | None,
) -> None:
    """A progress report for the client: progress since the last report, every payment node with its date,
    advance notice of what falls due in the next 90 days, anything overdue, the cash curve (also written as
    a .png beside the report) and points for attention."""
    from contractkit.cli.common import load
    from contractkit.errors import UsageError
    from contractkit.model.types import parse_date
    from contractkit.render.report import write_report

    check_font_setting()
    day = as_of_date(as_of)
    last = None
    if since is not None:
        try:
            last = parse_date(since)
        except ValueError as exc:
            raise UsageError(f"contractkit: --since {exc}") from None
    loaded = load(project)
    refuse_invalid(loaded)
    for path in write_report(
        loaded,
        output,
        as_of=day,
        since=last,
        lang=lang or str(loaded.project.language),
        force=force,
        templates=templates,
    ):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--sample", "samples", multiple=True, help="Only this bundled sample (repeatable).")
@click.option(
    "--as-of", "as_of", metavar="DATE", help="The date to run as of (default: 2026-11-29, the samples' date)."
)
@click.option("--force", is_flag=True, help="Replace DIRECTORY if it is not empty.")
def demo(directory: Path, samples: tuple[str, ...], as_of: str | None, force: bool) -> None:
    """Run everything on the bundled samples: validate, draft, an application pack and every demand letter."""
    from contractkit.cli.demo import DEMO_AS_OF, run_demo

    check_font_setting()
    made = run_demo(
        directory,
        samples=list(samples) or None,
        as_of=as_of_date(as_of) if as_of else DEMO_AS_OF,
        force=force,
        say=click.echo,
    )
    click.echo(f"made {len(made)} files in {directory}; open the .docx files, or see README.md for what each is")


@main.group()
def templates() -> None:
    """Copy the default document templates out for customising."""


@templates.command("export")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Replace templates already in DIRECTORY.")
def export_templates(directory: Path, force: bool) -> None:
    """Copy the default .docx templates into DIRECTORY; use them with --templates DIRECTORY."""
    from contractkit.model.clauses import resource_dir
    from contractkit.render.output import Inputs, write_files, write_folder

    source = resource_dir("templates")
    files = {p.name: p.read_bytes() for p in sorted(source.iterdir()) if p.suffix in {".docx", ".md"}}
    inputs = Inputs(folders=[source])
    if directory.is_dir():  # every template or none; an existing one only with --force
        written = write_files({directory / name: data for name, data in files.items()}, force=force, inputs=inputs)
    else:
        written = write_folder(directory, files, force=force, inputs=inputs)
    for path in written:
        click.echo(f"wrote {path}")


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(1, 65535), help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--allow-remote", is_flag=True, help="Let --host be an address other machines reach (an access token is required)."
)
@click.option("--as-of", "as_of", metavar="DATE", help="Show every page as of this date (default: today, each day).")
@click.option("--max-upload", "max_upload", type=click.IntRange(1, 1024), metavar="MIB", help="Largest upload (50).")
def serve(folder: Path, port: int, host: str, allow_remote: bool, as_of: str | None, max_upload: int | None) -> None:
    """A local web app over a folder of projects: the portfolio, each project's schedule and ledger, forms
    instead of YAML, and every document to download. Listens on 127.0.0.1 unless told otherwise."""
    from contractkit.web.server import run, settings_for

    settings, url = settings_for(
        folder,
        host=host,
        port=port,
        allow_remote=allow_remote,
        as_of=as_of_date(as_of) if as_of else None,
        max_upload_mb=max_upload,
    )
    run(settings, host, port, click.echo, url)


def _register_more() -> None:
    """Commands that live in their own modules (kept small, imported lazily inside each command)."""
    from contractkit.cli import clauses as cli_clauses
    from contractkit.cli import workbooks

    main.add_command(cli_clauses.clauses)
    main.add_command(workbooks.import_group)
    main.add_command(workbooks.export)


_register_more()
