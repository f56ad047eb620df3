"""``contractkit status`` over a portfolio: each project read, checked and accounted on its own (in worker
processes when there are many), its row and its JSON printed as it comes, in file order.

Nothing is kept per project but its row until its table is printed: a table holds at most ``TABLE_ROWS``
rows, so memory does not grow with the portfolio, and a portfolio of up to ``TABLE_ROWS`` projects prints
exactly the one table it always did. A larger one prints a table every ``TABLE_ROWS`` projects, each with
the problems of its projects at its end; the aging, summed as the rows go, comes last.

The tables look as rich draws them. Where rich would only pad (no styles for a terminal, no cell it would
wrap, rewrite or measure differently), the lines are laid out here, which is cheaper than rich by two
orders of magnitude; otherwise rich draws the table (tests/test_portfolio_table.py holds the two side by
side).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from contractkit.errors import ContractkitError, InputErrors

if TYPE_CHECKING:
    from contractkit.cli.status import Found

#: Rows of one portfolio table (the projects of a larger portfolio fill several, each printed when full).
TABLE_ROWS = 1000
#: Portfolios of at least this many projects are read by worker processes, one per core.
POOL_FROM = 64
#: Projects one worker task reads (fewer round trips between processes), and tasks queued ahead per worker.
TASK_PROJECTS = 25
_AHEAD = 4

COLUMNS = ("Project", "Client", "Cur", "Overdue", "Oldest", "Interest", "Next step")
_RIGHT = {"Overdue", "Oldest", "Interest"}


@dataclass(frozen=True)
class Outcome:
    """What the portfolio prints of one project: its row, its share of the aging, its JSON, or its problem."""

    file: str
    row: tuple[str, ...] = ()  # Project .. Next step, as printed (a usable project)
    currency: str = ""
    owed: tuple[tuple[str, Decimal], ...] = ()  # (aging bucket, outstanding) of each node due and unpaid
    interest: Decimal = Decimal(0)
    payload: str = ""  # the project's status JSON, indented as inside the portfolio's (with --json)
    problem: str = ""  # why the project has no row of figures: one row of its own says it
    invalid: str = ""  # a `skipped:` line (validation errors)
    failure: str = ""  # an `unreadable:` line

    @property
    def usable(self) -> bool:
        return not self.problem


def project_outcome(path: Path, as_of: dt.date, as_json: bool) -> Outcome:
    """One project of a portfolio, read, checked and accounted; any problem is its outcome, never raised."""
    from contractkit.account.account import build_account
    from contractkit.account.explain import bucket
    from contractkit.account.explain import money as _money
    from contractkit.account.explain import next_step as _next
    from contractkit.account.schedule import compute_schedule
    from contractkit.account.terms import ContractTerms, contract_terms
    from contractkit.cli.common import UNUSABLE_CODES, unusable
    from contractkit.cli.status import status_payload
    from contractkit.model.findings import Severity
    from contractkit.model.project import load_project
    from contractkit.rules import check_project

    try:
        loaded = load_project(path)
        schedule = compute_schedule(loaded.project)
        # the terms, read once for the rules and the account; where they cannot be read (a clause missing a
        # parameter, a rate table that is not there), the rules report why, as they would without this
        try:
            terms: ContractTerms | None = contract_terms(loaded.project)
        except Exception:
            terms = None
        # only errors decide whether a project of a portfolio has figures, so only the rules that find errors run
        errors = check_project(loaded, severity=Severity.ERROR, schedule=schedule, terms=terms)
        if errors:
            count = f"{len(errors)} validation error{'s' if len(errors) > 1 else ''}"
            first = errors[0]
            problem = f"{count}; {first.code} {_where(first, loaded.path)}: {first.path}: {first.message}"
            if unusable(errors):  # a calendar that cannot be read: unusable input (exit 2), as in `status` alone
                bad = next(f for f in errors if f.code in UNUSABLE_CODES)
                said = f"{bad.where}: {bad.code} {bad.path}: {bad.message}"
                return Outcome(str(loaded.path), problem=problem, failure=said)
            return Outcome(
                str(loaded.path),
                # a finding in another file (a calendar file) names it: "line 1" alone would point at the project
                problem=problem,
                invalid=f"{loaded.path}: {count}",
            )
        status = build_account(loaded, as_of, schedule=schedule, terms=terms)
    except InputErrors as exc:
        message = exc.errors[0].message + (f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else "")
        return Outcome(str(path), problem=message, failure=message)
    except ContractkitError as exc:
        return Outcome(str(path), problem=exc.message, failure=exc.message)
    except Exception as exc:  # a bug with one project must not stop the others; reported as what it is
        message = f"{path}: internal error ({type(exc).__name__}: {exc}); this is a bug in contractkit"
        return Outcome(str(path), problem=message, failure=message)
    cur = status.currency
    overdue = [n for n in status.nodes if n.days_overdue]
    oldest = max(overdue, key=lambda n: n.days_overdue) if overdue else None
    row = (
        status.project.project.code,
        status.project.parties.client.name,
        cur,
        _money(status.outstanding_due, cur) if overdue else "",
        f"{oldest.days_overdue} d" if oldest else "",
        _money(status.interest, cur) if status.interest else "",
        f"{oldest.id}: {_next(oldest, as_of)}" if oldest else "",
    )
    owed = tuple(
        (bucket(n.days_overdue), n.outstanding) for n in status.nodes if n.outstanding > 0 and n.due_on is not None
    )
    payload = ""
    if as_json:
        payload = _indented(json.dumps(status_payload(status), ensure_ascii=False, indent=2), 4)
    return Outcome(str(loaded.path), row, cur, owed, status.interest, payload)


def _where(finding: Any, project: Path) -> str:
    """``line 12`` in the project file, ``calendar.yaml line 3`` in a file it names."""
    if finding.file and Path(finding.file) != project:
        return f"{Path(finding.file).name} line {finding.line}" if finding.line else Path(finding.file).name
    return f"line {finding.line}"


def _outcomes_of(paths: Sequence[Path], as_of: dt.date, as_json: bool) -> list[Outcome]:
    return [project_outcome(path, as_of, as_json) for path in paths]


def outcomes(files: Sequence[Path], as_of: dt.date, as_json: bool, ready: dict[int, str]) -> Iterator[Outcome]:
    """Every project's outcome in file order, from worker processes for a large portfolio.

    ``ready`` holds the outcome of projects already known to be unusable (by index: the message).
    """
    workers = min(os.cpu_count() or 1, len(files) // TASK_PROJECTS + 1)
    if workers < 2 or len(files) < POOL_FROM:
        for i, path in enumerate(files):
            yield _failed(path, ready[i]) if i in ready else project_outcome(path, as_of, as_json)
        return
    _prepare_workers()
    tasks = iter(range(0, len(files), TASK_PROJECTS))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        queued: deque[tuple[range, Future[list[Outcome]]]] = deque()

        def submit() -> None:
            start = next(tasks, None)
            if start is not None:
                task = range(start, min(start + TASK_PROJECTS, len(files)))
                todo = [files[i] for i in task if i not in ready]
                queued.append((task, pool.submit(_outcomes_of, todo, as_of, as_json)))

        for _ in range(workers * _AHEAD):  # a few tasks ahead: results wait in memory only for their turn
            submit()
        while queued:
            task, future = queued.popleft()
            submit()
            try:
                done = iter(future.result())
            except Exception as exc:  # the worker died (out of memory, killed): each of its projects says so
                why = f"could not be processed ({type(exc).__name__}: {exc})"
                done = iter([Outcome(str(files[i]), problem=why, failure=f"{files[i]}: {why}") for i in task])
            for i in task:
                yield _failed(files[i], ready[i]) if i in ready else next(done)


def _failed(path: Path, message: str) -> Outcome:
    return Outcome(str(path), problem=message, failure=message)


def _prepare_workers() -> None:
    """Import and load what reading a project takes before the workers start, so that each inherits it."""
    from contractkit.account import account  # noqa: F401
    from contractkit.cli import status  # noqa: F401
    from contractkit.model import project  # noqa: F401
    from contractkit.model.clauses import default_library, legal_references
    from contractkit.rules import all_rules

    all_rules()
    default_library()
    legal_references()


def recover(found: Sequence[Found]) -> dict[int, str]:
    """Finish the updates killed runs left half done, every one before any folder is cleaned; the projects
    that cannot be recovered, by index, with the reason (each gets a row saying it)."""
    from contractkit.model.project import resolve_project_path
    from contractkit.render.journal import recover_many

    resolved: dict[int, tuple[Path, str | None]] = {}
    for i, one in enumerate(found):
        if one.listed:
            resolved[i] = (one.target, one.real)
            continue
        try:
            target = resolve_project_path(one.target)
        except ContractkitError:
            continue  # reading the project says why
        resolved[i] = (target, one.real if target == one.target else None)
    failed = recover_many([target for target, _ in resolved.values()], [real for _, real in resolved.values()])
    return {i: failed[target] for i, (target, _) in resolved.items() if target in failed}


def run_portfolio(found: Sequence[Found], as_of: dt.date, as_json: bool, explain: bool) -> int:
    """Status of several projects; the exit code."""
    ready = recover(found)
    files = [one.path for one in found]
    invalid: list[str] = []
    failures: list[str] = []
    usable = bytearray(len(files))  # which projects have figures: --explain reads those again at the end
    progress = None
    stream = outcomes(files, as_of, as_json, ready)
    if len(files) >= 20 and sys.stderr.isatty() and not as_json:
        from rich.progress import Progress

        progress = Progress(transient=True)
        first = next(stream)  # the worker processes start before the progress bar's thread does
        progress.start()
        task = progress.add_task("reading projects", total=len(files))
        stream = _chain(first, stream)

    def tracked() -> Iterator[Outcome]:
        for i, outcome in enumerate(stream):
            if outcome.usable:
                usable[i] = 1
            if outcome.invalid:
                invalid.append(outcome.invalid)
            if outcome.failure:
                failures.append(outcome.failure)
            if progress is not None:
                progress.advance(task)
            yield outcome

    try:
        if as_json:
            print_json(tracked(), as_of, failures, invalid)
        else:
            print_tables(tracked(), len(files), as_of)
    finally:
        if progress is not None:
            progress.stop()
    if explain and not as_json:
        _explain([path for i, path in enumerate(files) if usable[i]], as_of)
    for line in invalid:
        click.echo(f"skipped: {line}", err=True)
    for line in failures:
        click.echo(f"unreadable: {line}", err=True)
    if failures:
        return 2
    return 1 if invalid else 0


def _chain(first: Outcome, rest: Iterator[Outcome]) -> Iterator[Outcome]:
    yield first
    yield from rest


def _explain(files: Iterable[Path], as_of: dt.date) -> None:
    """The explanation of each usable project, after the tables (read again: nothing was kept)."""
    from contractkit.account.account import build_account
    from contractkit.cli.status import _console, print_explanation
    from contractkit.model.project import load_project

    console = _console()
    for path in files:
        try:
            status = build_account(load_project(path), as_of)
        except ContractkitError:
            continue  # changed since it was read: its row said what it was
        print_explanation(console, status)


# --- JSON ------------------------------------------------------------------------------------------------


def _indented(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def print_json(stream: Iterable[Outcome], as_of: dt.date, failures: list[str], invalid: list[str]) -> None:
    """The portfolio as the JSON object ``json.dumps(..., indent=2)`` makes of it, printed project by project."""
    click.echo("{\n" + f'  "as_of": {json.dumps(as_of.isoformat())},\n' + '  "projects": [', nl=False)
    aging: dict[str, dict[str, str]] = {}
    problems: list[dict[str, str]] = []
    count = 0
    for outcome in stream:
        if not outcome.usable:
            problems.append({"file": outcome.file, "error": outcome.problem})
            continue
        click.echo(("," if count else "") + "\n" + outcome.payload, nl=False)
        count += 1
        row = aging.setdefault(outcome.currency, {name: "0" for name in _buckets()})
        for name, amount in outcome.owed:
            row[name] = f"{Decimal(row[name]) + amount:f}"
    tail = {"aging": aging, "unreadable": failures + invalid, "problems": problems}
    rest = json.dumps(tail, ensure_ascii=False, indent=2).split("\n", 1)[1]  # without the opening brace
    click.echo(("\n  ]," if count else "],") + "\n" + rest)


def _buckets() -> tuple[str, ...]:
    from contractkit.account.explain import BUCKETS

    return BUCKETS


# --- tables ----------------------------------------------------------------------------------------------


def print_tables(stream: Iterable[Outcome], total: int, as_of: dt.date) -> None:
    """The projects' table (one every TABLE_ROWS projects), then the aging of receivables."""
    from contractkit.account.explain import money as _money
    from contractkit.cli.status import _console

    console = _console()
    buckets = _buckets()
    aging: dict[str, dict[str, Decimal]] = {}
    interest: dict[str, Decimal] = {}
    chunk: list[Outcome] = []
    if total > TABLE_ROWS:
        console.print(f"Portfolio of {total} project files, as of {as_of}, in tables of {TABLE_ROWS} rows")
    for outcome in stream:
        chunk.append(outcome)
        if outcome.usable:
            row = aging.setdefault(outcome.currency, {name: Decimal(0) for name in buckets})
            interest[outcome.currency] = interest.get(outcome.currency, Decimal(0)) + outcome.interest
            for name, amount in outcome.owed:
                row[name] += amount
        if len(chunk) == TABLE_ROWS:
            _print_chunk(console, chunk, total, as_of)
            chunk = []
    if chunk:
        _print_chunk(console, chunk, total, as_of)
    table = _table(title="Aging of receivables")
    table.add_column("Currency")
    for name in buckets:
        table.add_column(name if name == buckets[0] else f"{name} days", justify="right")
    table.add_column("Overdue total", justify="right")
    table.add_column("Interest", justify="right")
    for cur in sorted(aging):
        sums = aging[cur]
        overdue_total = sum((sums[name] for name in buckets[1:]), Decimal(0))
        table.add_row(
            cur,
            *(_money(sums[name], cur) for name in buckets),
            _money(overdue_total, cur),
            _money(interest[cur], cur),
        )
    console.print(table)


def _table(**options: Any) -> Any:
    from rich.table import Table

    return Table(header_style="bold", **options)


def _print_chunk(console: Any, chunk: list[Outcome], total: int, as_of: dt.date) -> None:
    from contractkit.cli.status import _short, _without_file

    if total <= TABLE_ROWS:
        console.print(f"Portfolio of {sum(1 for o in chunk if o.usable)} projects, as of {as_of}")
    problems = [o for o in chunk if not o.usable]
    columns = [(name, name in _RIGHT) for name in COLUMNS] + ([("Problem", False)] if problems else [])
    rows = [o.row + (("",) if problems else ()) for o in chunk if o.usable]
    rows += [(_short(o.file), "", "", "", "", "", "", _without_file(o.problem, o.file)) for o in problems]
    lines = plain_table(columns, rows, console)
    if lines is not None:
        click.echo("\n".join(lines))
        return
    from contractkit.cli.status import _esc

    table = _table()
    for name, right in columns:
        table.add_column(name, justify="right" if right else "left")
    for cells in rows:
        table.add_row(*(_esc(cell) for cell in cells))
    console.print(table)


# Cells rich prints as they are: printable, no markup or escapes, no :emoji: codes, no spaces it could trim.
_REWRITTEN = re.compile(r"[\[\]\\]|:\S*:|^\s|\s$|\s\s")


def plain_table(columns: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]], console: Any) -> list[str] | None:
    """The lines rich draws for this table (heavy head, one space of padding, right-justified where asked)
    on a console without styles; None where rich would do more than pad a cell (then rich draws it)."""
    from rich.cells import cell_len

    if console.color_system is not None or console.legacy_windows or not console.encoding.startswith("utf"):
        return None  # styles, or box characters rich replaces

    def width(cell: str) -> int:  # a printable ASCII character is one cell wide: rich measures the rest
        return len(cell) if cell.isascii() else cell_len(cell)

    head = [name for name, _ in columns]
    sized = [[(cell, width(cell)) for cell in head]]  # each cell with its width, measured once
    for cells in rows:
        for cell in cells:
            if cell and (not cell.isprintable() or _REWRITTEN.search(cell)):
                return None
        sized.append([(cell, width(cell)) for cell in cells])
    widths = [max(row[i][1] for row in sized) for i in range(len(columns))]
    if sum(widths) + 3 * len(widths) + 1 > console.width:
        return None  # rich would wrap cells to fit the console
    rights = [right for _, right in columns]

    def line(cells: list[tuple[str, int]], bar: str) -> str:
        padded = []
        for right, width, (cell, size) in zip(rights, widths, cells, strict=True):
            space = " " * (width - size)
            padded.append(f" {space}{cell} " if right else f" {cell}{space} ")
        return bar + bar.join(padded) + bar

    return [
        "┏" + "┳".join("━" * (w + 2) for w in widths) + "┓",
        line(sized[0], "┃"),
        "┡" + "╇".join("━" * (w + 2) for w in widths) + "┩",
        *(line(cells, "│") for cells in sized[1:]),
        "└" + "┴".join("─" * (w + 2) for w in widths) + "┘",
    ]
