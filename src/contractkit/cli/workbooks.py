"""``contractkit import boq|valuation`` and ``contractkit export``: Excel in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from contractkit.cli.common import as_of_date, load

if TYPE_CHECKING:
    from contractkit.render.output import Inputs

PROJECT_HELP = "The project folder or file to write into (default: the current folder)."


def _workbook(path: Path) -> Path:
    from contractkit.errors import UsageError

    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        raise UsageError(f"contractkit: {path}: give an Excel workbook (.xlsx)")
    return path


@click.group(name="import")
def import_group() -> None:
    """Bring a bill of quantities or a valuation in from an Excel workbook (.xlsx)."""


@import_group.command("boq")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--project", "project", type=click.Path(path_type=Path), default=Path("."), help=PROJECT_HELP)
@click.option("--sheet", help="The sheet to read (default: the first whose header names the bill's columns).")
def import_boq(workbook: Path, project: Path, sheet: str | None) -> None:
    """Read a bill of quantities from WORKBOOK into the project file's bill: section (replaced, or added).

    \b
    The header row is found by its column names, in Chinese or English: 项目编码/Item,
    项目名称/Description, 计量单位/Unit, 工程量/Quantity, 综合单价/Rate, and optionally 分部/Section
    and 合价/Amount (checked against quantity × rate). A row with text and no figures heads a section;
    合计/Total rows are skipped. Every problem is reported at its cell (FILE.xlsx:Sheet!C12) and
    nothing is written. After signing, a changed rate is refused: it needs a variation.
    """
    from contractkit.model.project import resolve_project_path
    from contractkit.model.workbook import read_bill
    from contractkit.render.imports import import_bill, write_import

    path = resolve_project_path(project)
    load(path)  # the project's own problems first, any update a killed run left half done finished
    bill = read_bill(_workbook(workbook), sheet=sheet)
    today = dt.date.today()
    result = write_import(path, lambda loaded: import_bill(loaded, bill, workbook, today=today))
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"wrote the bill into {path}:")
    for line in result.summary:
        click.echo(f"  {line}")
    click.echo(f"next: contractkit validate {path.parent}")


@import_group.command("valuation")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--project", "project", type=click.Path(path_type=Path), default=Path("."), help=PROJECT_HELP)
@click.option("--id", "valuation_id", required=True, help="The new valuation's id, e.g. V04 (it is a payment node).")
@click.option("--to", "end", required=True, metavar="DATE", help="The last day of the measurement period.")
@click.option("--from", "start", metavar="DATE", help="The first day (default: the day after the last valuation).")
@click.option("--title", help="How documents name it (default: 第N期进度款 / Progress payment No. N).")
@click.option("--evidence", multiple=True, help="What proves the quantities (default: as the valuation before).")
@click.option("--sheet", help="The sheet to read (default: the first whose header names an item code column).")
def import_valuation_command(
    workbook: Path,
    project: Path,
    valuation_id: str,
    end: str,
    start: str | None,
    title: str | None,
    evidence: tuple[str, ...],
    sheet: str | None,
) -> None:
    """Add a valuation from the quantities to date in WORKBOOK (项目编码/Item with 累计完成工程量/Quantity to
    date, or 累计完成比例/Percent complete, and optionally 现场材料/Materials stored).

    A sheet exported by `contractkit export` is the natural start: edit its quantities to date and import it as
    the next month. Only items whose quantity changed are written; an item the workbook leaves out keeps its
    quantity. A rate that differs from the contract's is refused at its cell.
    """
    from contractkit.errors import UsageError
    from contractkit.model.project import resolve_project_path
    from contractkit.model.types import parse_date, parse_id, parse_line
    from contractkit.model.workbook import read_valuation
    from contractkit.render.imports import import_valuation, write_import

    try:
        last = parse_date(end)
        first = parse_date(start) if start else None
        parse_id(valuation_id)
    except ValueError as exc:
        raise UsageError(f"contractkit: {exc}") from None
    # the valuation is written into the project as given: each option is what the project file would accept
    for option, values in (("--title", [title] if title is not None else []), ("--evidence", evidence)):
        for value in values:
            try:
                parse_line(value)
            except ValueError as exc:
                raise UsageError(f"contractkit: {option} {value!r}: {exc}") from None
    path = resolve_project_path(project)
    load(path)  # the project's own problems first, any update a killed run left half done finished
    table, rows = read_valuation(_workbook(workbook), sheet=sheet)
    result = write_import(
        path,
        lambda loaded: import_valuation(
            loaded,
            table,
            rows,
            workbook,
            valuation_id=valuation_id,
            start=first,
            end=last,
            title=title,
            evidence=list(evidence),
        ),
    )
    click.echo(f"wrote valuation {valuation_id} into {path}:")
    for line in result.summary:
        click.echo(f"  {line}")
    click.echo(f"next: contractkit apply {path.parent} --node {valuation_id} -o application-{valuation_id}")


@click.command(name="export")
@click.argument("projects", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="The .xlsx to write.")
@click.option(
    "--valuation",
    "valuation_id",
    help="The valuation to lay out (default: the latest ended by the date; none before the first ends).",
)
@click.option("--as-of", "as_of", metavar="DATE", help="The date to compute as of (YYYY-MM-DD; default: today).")
@click.option("--lang", type=click.Choice(["zh", "en", "bilingual"]), help="Sheet language (default: the project's).")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def export(
    projects: tuple[Path, ...], output: Path, valuation_id: str | None, as_of: str | None, lang: str | None, force: bool
) -> None:
    """Write a workbook a project manager can check: for one project its valuation by item (G703) and summary
    (G702) with formulas, the bill, the variations, the statement of account and the aging of receivables; for
    several (or a folder), the aging and the statement of account of the whole portfolio.

    Amounts carry the currency's number format, header rows are frozen, and every worked-out figure is a formula
    that gives the account's own figure. The same projects and --as-of give the same bytes.
    """
    from contractkit.account.account import build_account
    from contractkit.cli.common import refuse_invalid
    from contractkit.cli.status import project_files
    from contractkit.documents.workbook import latest_ended, portfolio_sheets, project_sheets
    from contractkit.errors import UsageError
    from contractkit.render.output import check_writable, command_inputs, write_atomic
    from contractkit.render.xlsx import workbook_bytes

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"contractkit: {output}: the output must be an .xlsx file")
    check_writable(output, force=force)
    day = as_of_date(as_of)
    files = project_files(projects)
    if not files:
        raise UsageError("contractkit: no project files found in " + ", ".join(str(p) for p in projects))
    accounts = []
    inputs = []
    for path in files:
        loaded = load(path)
        refuse_invalid(loaded)
        inputs.append(command_inputs(loaded))
        accounts.append(build_account(loaded, day))
    # the output never replaces what a project reads: its project file, evidence or calendar
    read = _any_of(inputs)
    check_writable(output, force=force, inputs=read)
    first = accounts[0].project
    language = lang or str(first.language)
    notes = []
    if len(accounts) == 1:
        measurement = accounts[0].schedule.measurement
        if valuation_id is not None and (measurement is None or measurement.get(valuation_id) is None):
            known = ", ".join(v.id for v in measurement.valuations) if measurement else "none"
            raise UsageError(f"contractkit: {files[0]} has no valuation {valuation_id!r}; valuations: {known}")
        if valuation_id is None and measurement is not None and measurement.valuations:
            upcoming = measurement.valuations[0].valuation
            if latest_ended(measurement, day) is None:
                notes.append(
                    f"note: no valuation has ended by {day} (the first, {upcoming.id}, ends on {upcoming.period.to}): "
                    f"the workbook has no valuation sheets; lay one out with --valuation {upcoming.id}"
                )
        sheets = project_sheets(accounts[0], valuation_id, language)
        title = f"{first.project.code} {first.contract.number}"
    else:
        if valuation_id is not None:
            raise UsageError("contractkit: --valuation needs a single project")
        sheets = portfolio_sheets(accounts, language)
        title = f"portfolio of {len(accounts)} projects"
    write_atomic(output, workbook_bytes(sheets, title=title, as_of=day), force=force, inputs=read)
    for note in notes:
        click.echo(note, err=True)
    click.echo(f"wrote {output}: " + ", ".join(s.name for s in sheets))


def _any_of(parts: list[Inputs]) -> Inputs:
    """The inputs of several projects (a portfolio's): an output may replace none of them."""
    from contractkit.render.output import Inputs

    class AnyOf(Inputs):
        def holds(self, path: Path) -> bool:
            return any(part.holds(path) for part in parts)

    return parts[0] if len(parts) == 1 else AnyOf()
