"""``contractkit status``: one project as a table, many as a portfolio with aging buckets."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import click

from contractkit.account.explain import BUCKETS, basis_note, bucket, day, money, node_lines, terms_lines
from contractkit.account.explain import certified as _certified
from contractkit.account.explain import next_step as _next
from contractkit.account.explain import waiting as _waiting
from contractkit.errors import ContractkitError

__all__ = ["BUCKETS", "Found", "bucket", "find_projects", "project_files", "run_status"]


def _is(check: str, path: Path) -> bool:
    """``path.is_file()`` or ``path.is_dir()``, False where the system will not say (no permission, a loop)."""
    try:
        return bool(getattr(path, check)())
    except (OSError, ValueError):
        return False


class Found(NamedTuple):
    """A project named or found: the path as the user will see it, the file reading it reads, and that
    file's real path (None where the system will not say: reading the project reports why)."""

    path: Path
    target: Path
    real: str | None
    listed: bool = False  # a file a folder's listing found: known to be a file, not a link


def project_files(paths: Iterable[Path]) -> list[Path]:
    """Project files named, or found in folders (a folder with project.yaml is one project).

    A folder that cannot be listed is kept as a project of its own, so that reading it reports why. A file
    named twice (by two names, or through a link) is read once.
    """
    return [found.path for found in find_projects(paths)]


def find_projects(paths: Iterable[Path]) -> list[Found]:
    """``project_files`` with the file each one reads and its real path (a portfolio's recovery uses them).

    A file found in a folder's listing costs no system call of its own: the listing says whether it is a
    file and whether it is a link, and its real path is the folder's and its name unless it is a link. Over
    thousands of project files that is most of the time this takes.
    """
    from contractkit.model.loading import real_paths
    from contractkit.model.project import PROJECT_FILE_NAMES

    found: list[Found] = []
    ask: list[int] = []  # those whose real path the listing does not give

    def add(path: Path, target: Path) -> None:
        ask.append(len(found))
        found.append(Found(path, target, None))

    for path in paths:
        if not _is("is_dir", path):
            add(path, path)
            continue
        inside = next((path / name for name in PROJECT_FILE_NAMES if _is("is_file", path / name)), None)
        if inside is not None:
            add(path, inside)
            continue
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
            folder = os.path.realpath(path)
        except (OSError, ValueError):
            add(path, path)  # cannot be listed: kept as a project of its own
            continue
        for entry in entries:
            if os.path.splitext(entry.name)[1] not in {".yaml", ".yml"} or not _entry_is(entry, "is_file"):
                continue
            file = path / entry.name
            if _entry_is(entry, "is_symlink"):
                add(file, file)
            else:
                found.append(Found(file, file, os.path.join(folder, entry.name), listed=True))
        for entry in entries:
            if _entry_is(entry, "is_dir"):
                sub = path / entry.name
                for name in PROJECT_FILE_NAMES:
                    if _is("is_file", sub / name):
                        add(sub / name, sub / name)
    for i, real in zip(ask, real_paths(found[i].target for i in ask), strict=True):
        found[i] = found[i]._replace(real=real)
    unique: dict[str, Found] = {}
    for one in found:
        unique.setdefault(one.real if one.real is not None else str(one.path), one)
    return list(unique.values())


def _entry_is(entry: os.DirEntry[str], check: str) -> bool:
    try:
        return bool(getattr(entry, check)())
    except OSError:
        return False


_money = money
_date = day


def node_row(node: Any, status: Any) -> dict[str, Any]:
    """A node's status as JSON-ready data (amounts as exact strings)."""
    interest = node.interest
    return {
        "node": node.id,
        "title": node.scheduled.node.title,
        "state": str(node.state),
        "amount": f"{node.amount:f}",
        "retention_withheld": f"{node.scheduled.retention:f}",
        "applied_on": _date(node.applied_on) or None,
        "accepted_on": _date(node.accepted_on) or None,
        "acceptance_deemed": node.acceptance_deemed,
        "acceptance_requested_on": _date(node.acceptance.started_by.on) if node.acceptance.started_by else None,
        # a written acceptance given after the review period had run out: on record, but not the date that counts
        "acceptance_recorded_late_on": _date(node.acceptance.late_record) or None,
        "review_ends": _date(node.acceptance.review_ends) or None,
        "invoiced_on": _date(node.invoice.invoiced_on) or None,
        "invoice_deadline": _date(node.invoice.deadline) or None,
        "due_on": _date(node.due_on) or None,
        "due_note": node.due_note,
        "due_rolled_from": _date(node.due.rolled_from) or None,
        "due_at_latest": _date(node.due.latest) or None,
        "waiting_for": str(node.due.waiting) or None,
        "calendar_gap": node.due.gap or None,
        "missing": list(node.missing),
        "paid": f"{node.paid:f}",
        "payments": [
            {"on": p.on.isoformat(), "amount": f"{p.amount:f}", "ref": p.ref, "allocated_to_oldest": p.allocated}
            for p in node.payments
        ],
        "outstanding": f"{node.outstanding:f}",
        "days_overdue": node.days_overdue,
        "accrued_interest": f"{node.accrued_interest:f}",
        "fixed_compensation": f"{interest.compensation:f}" if interest else "0",
        "interest_periods": [
            {
                "from": p.first.isoformat(),
                "to": p.last.isoformat(),
                "days": p.days,
                "principal": f"{p.principal:f}",
                "rate": f"{p.rate:f}",
                "per": "day" if p.per_day else f"year/{p.day_count}",
                "amount": f"{p.amount:f}",
                "note": p.note,
            }
            for p in (interest.periods if interest else ())
        ],
        "notices": [
            {
                "on": n.on.isoformat(),
                "stage": str(n.stage),
                "via": n.via,
                "delivered_on": _date(n.delivered_on) or None,
                "proven": n.proven,
                "reached_on": _date(n.reached_on) or None,  # from when it counts for limitation
            }
            for n in node.notices
        ],
        "next_step": (
            {
                "stage": str(node.next_step.stage) if node.next_step.stage else "proceedings",
                "on": _date(node.next_step.on) or None,
            }
            if node.next_step and not node.limitation.ended(status.as_of)  # no letter once limitation has ended
            else None
        ),
        "limitation_on": _date(node.limitation_on) or None,
        "limitation_note": node.limitation_note,
        "next": _todo(node, status.as_of),
        "claim": _claim_payload(node),
    }


def _claim_payload(node: Any) -> dict[str, Any] | None:
    """The sum due after the application, and the exchange behind it, as JSON-ready data."""
    claim = node.claim
    if claim is None:
        return None

    def amount(value: Decimal | None) -> str | None:
        return f"{value:f}" if value is not None else None

    def event(e: Any) -> dict[str, Any] | None:
        if e is None:
            return None
        return {"on": e.on.isoformat(), "amount": amount(e.amount), "ref": e.ref, "reason": e.reason, "basis": e.basis}

    n = claim.notices
    p = claim.promise
    return {
        "applied": amount(claim.applied),
        "certified": amount(claim.certified),
        "certified_on": _date(claim.certified_on) or None,
        "certified_by": claim.certified_by,
        "certified_deemed": claim.certified_deemed,
        "certify_by": _date(claim.certify_by) or None,
        "disputed": amount(claim.disputed),
        "dispute": event(claim.dispute),
        "dispute_late": claim.dispute_late,
        "resolution": event(claim.resolution),
        "undisputed": amount(claim.due),
        "due": amount(claim.due),
        "held": amount(node.held),
        "basis": claim.basis,
        "notices": None
        if n is None
        else {
            "payment_due_date": n.statutory_due.isoformat(),
            "final_date": n.final_date.isoformat(),
            "payment_notice_by": n.payment_notice_by.isoformat(),
            "payment_notice": event(n.payment_notice),
            "payment_notice_valid": n.payment_notice_valid,
            "default_notice": event(n.default_notice),
            "pay_less_by": n.pay_less_by.isoformat(),
            "pay_less_notice": event(n.pay_less),
            "pay_less_valid": n.pay_less_valid,
            "notified_sum": amount(n.notified_sum),
            "notified_by": n.notified_by,
        },
        "promise": None
        if p is None
        else {
            "on": p.on.isoformat(),
            "by": p.by.isoformat(),
            "kept_by": p.last_day.isoformat(),  # the day promised, moved off a rest day where the contract says so
            "amount": amount(p.amount),
            "ref": p.ref,
            "kept": p.kept,
            "paid_since": amount(p.paid_since),
        },
    }


def status_payload(status: Any) -> dict[str, Any]:
    project = status.project
    return {
        "file": str(status.loaded.path),
        "project": project.project.code,
        "name": project.project.name,
        "client": project.parties.client.name,
        "contract": project.contract.number,
        "currency": status.currency,
        "as_of": status.as_of.isoformat(),
        "interest_terms": status.terms.interest.describe(),
        "interest_basis": status.terms.interest.basis,
        "terms": {
            "rest_day_roll": status.terms.rest_day_roll,
            "payment_day": str(status.terms.interest.payment_day),
            "invoice_required": status.terms.invoice_required,
            "review_start": str(status.terms.review_start),
            "sources": status.terms.sources,
        },
        "nodes": [node_row(n, status) for n in status.nodes],
        "overdue": f"{status.outstanding_due:f}",
        "accrued_interest": f"{status.interest:f}",
        "unallocated_payments": f"{status.unallocated:f}",
        "warnings": list(status.warnings),
        "calendar_gaps": list(status.calendar_gaps),
    }


def print_project(status: Any, *, explain: bool) -> None:
    from rich.table import Table

    console = _console()
    project = status.project
    cur = status.currency
    console.print(
        f"[bold]{_esc(project.project.name)}[/bold] ({_esc(project.project.code)}), contract "
        f"{_esc(project.contract.number)}, {cur}; status as of {status.as_of}"
    )
    console.print(
        f"Interest on late payment: {_esc(status.terms.interest.describe())} {_esc(basis_note(status.terms.interest))}"
    )
    table = Table(show_lines=False, header_style="bold")
    # certificates and contested sums get columns only where the ledger records them
    certified = any(n.claim is not None and n.applied_on and n.claim.certified is not None for n in status.nodes)
    held = any(n.held for n in status.nodes)
    columns: list[tuple[str, str]] = [("Node", "left"), ("Amount", "right"), ("Applied", "left")]
    columns += [("Certified", "right")] if certified else []
    columns += [("Accepted", "left"), ("Due", "left"), ("Paid", "right"), ("Outstanding", "right")]
    columns += [("Held", "right")] if held else []
    columns += [("Days late", "right"), ("Interest", "right"), ("Next step", "left"), ("Limitation", "left")]
    for column, justify in columns:
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for node in status.nodes:
        row = [_esc(f"{node.id} {node.scheduled.node.title}"), _money(node.amount, cur), _date(node.applied_on)]
        if certified:
            row.append(_certified(node, cur))
        row += [
            _date(node.accepted_on) + (" (deemed)" if node.acceptance_deemed else ""),
            _date(node.due_on) or _waiting(node),
            _money(node.paid, cur),
            _money(node.outstanding, cur),
        ]
        if held:
            row.append(_money(node.held, cur) if node.held else "")
        row += [
            str(node.days_overdue) if node.days_overdue else "",
            _money(node.accrued_interest, cur) if node.interest else "",
            _next(node, status.as_of),
            _date(node.limitation_on),
        ]
        table.add_row(*row)
    total = ["[bold]Total[/bold]", _money(sum((n.amount for n in status.nodes), Decimal(0)), cur), ""]
    total += [""] if certified else []
    total += [
        "",
        "",
        _money(sum((n.paid for n in status.nodes), Decimal(0)), cur),
        _money(sum((n.outstanding for n in status.nodes), Decimal(0)), cur),
    ]
    total += [_money(sum((n.held for n in status.nodes), Decimal(0)), cur)] if held else []
    total += ["", _money(status.interest, cur), "", ""]
    table.add_row(*total)
    console.print(table)
    console.print(
        f"Overdue now: {cur} {_money(status.outstanding_due, cur)}; accrued interest: "
        f"{cur} {_money(status.interest, cur)}"
    )
    if status.unallocated:
        console.print(f"Payments not matched to any debt: {cur} {_money(status.unallocated, cur)}")
    for warning in status.warnings:
        console.print(f"note: {_esc(warning)}")
    if explain:
        print_explanation(console, status)


def print_terms(console: Any, status: Any) -> None:
    """The conventions the account applies, each with the clause or the law it comes from."""
    console.print("Terms applied:")
    for name, rule, source in terms_lines(status):
        # the brackets are text: unescaped, rich took "[the law of England and Wales ...]" for a style and dropped it
        console.print(f"  {name}: {_esc(rule)}" + (" " + _esc(f"[{source}]") if source else ""))


def _todo(node: Any, as_of: dt.date) -> str:
    """What to do next for a node, and by when, in one line."""
    from contractkit.account.actions import next_action

    return next_action(node, as_of).text


def print_explanation(console: Any, status: Any) -> None:
    console.print("")
    print_terms(console, status)
    for node in status.nodes:
        console.print("")
        console.print(f"[bold]{_esc(node.id)} {_esc(node.scheduled.node.title)}[/bold]")
        for line in node_lines(status, node):
            console.print("  " * line.depth + _esc(line.text))


def _console() -> Any:
    from rich.console import Console

    # Piped output (files, tests, pagers) gets room for the whole table instead of 80 columns.
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _short(file: str) -> str:
    """A project's file as a row names it: its folder and name (the whole path is in --json and on stderr)."""
    path = Path(file)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _without_file(problem: str, file: str) -> str:
    """A located message without its file, which the row already names: ``line 42: ...``."""
    for prefix in (file, str(Path(file).parent)):
        if problem.startswith(prefix + ":"):
            rest = problem[len(prefix) + 1 :]
            line, _, message = rest.partition(": ")
            return f"line {line}: {message}" if line.isdigit() else rest.strip()
    return problem


def run_status(paths: tuple[Path, ...], as_of: dt.date, as_json: bool, explain: bool) -> int:
    """Status of one project or a portfolio (``cli/portfolio.py``); the exit code."""
    from contractkit.account.account import build_account
    from contractkit.account.schedule import compute_schedule
    from contractkit.cli.common import format_finding, invalid_exit, load
    from contractkit.model.findings import has_errors
    from contractkit.rules import check_project

    found = find_projects(paths)
    if not found:
        raise ContractkitError("contractkit: no project files found in " + ", ".join(str(p) for p in paths))
    if len(found) > 1:
        from contractkit.cli.portfolio import run_portfolio

        return run_portfolio(found, as_of, as_json, explain)
    loaded = load(found[0].path)
    schedule = compute_schedule(loaded.project)
    findings = check_project(loaded, schedule=schedule)
    if has_errors(findings):
        for finding in findings:
            click.echo(format_finding(finding), err=True)
        click.echo(f"{loaded.path}: fix the errors first; status needs a valid project", err=True)
        return invalid_exit(findings)
    status = build_account(loaded, as_of, schedule=schedule)
    if as_json:
        click.echo(json.dumps(status_payload(status), ensure_ascii=False, indent=2))
    else:
        print_project(status, explain=explain)
    return 0
