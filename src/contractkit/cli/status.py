"""``contractkit status``: one project as a table, many as a portfolio with aging buckets."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from contractkit.errors import ContractkitError

BUCKETS = ("not yet due", "1-30", "31-60", "61-90", "90+")


def bucket(days_overdue: int) -> str:
    if days_overdue <= 0:
        return BUCKETS[0]
    if days_overdue <= 30:
        return BUCKETS[1]
    if days_overdue <= 60:
        return BUCKETS[2]
    if days_overdue <= 90:
        return BUCKETS[3]
    return BUCKETS[4]


def _is(check: str, path: Path) -> bool:
    """``path.is_file()`` or ``path.is_dir()``, False where the system will not say (no permission, a loop)."""
    try:
        return bool(getattr(path, check)())
    except (OSError, ValueError):
        return False


def project_files(paths: Iterable[Path]) -> list[Path]:
    """Project files named, or found in folders (a folder with project.yaml is one project).

    A folder that cannot be listed is kept as a project of its own, so that reading it reports why.
    """
    from contractkit.model.project import PROJECT_FILE_NAMES

    found: list[Path] = []
    for path in paths:
        if not _is("is_dir", path):
            found.append(path)
            continue
        if any(_is("is_file", path / name) for name in PROJECT_FILE_NAMES):
            found.append(path)
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError:
            found.append(path)
            continue
        found += [p for p in entries if p.suffix in {".yaml", ".yml"} and _is("is_file", p)]
        found += [
            p / name for p in entries if _is("is_dir", p) for name in PROJECT_FILE_NAMES if _is("is_file", p / name)
        ]
    unique: dict[str, Path] = {}
    for path in found:
        try:
            key = str((path / "project.yaml" if _is("is_dir", path) else path).resolve())
        except (OSError, RuntimeError):
            key = str(path)
        unique.setdefault(key, path)
    return list(unique.values())


def _money(value: Decimal, currency: str) -> str:
    from contractkit.model import formatting

    return formatting.figures(value, currency)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


_WAITING = {
    "due-rule": "no due rule",
    "application": "not yet applied for",
    "acceptance-request": "acceptance not requested",
    "acceptance": "awaiting acceptance",
    "invoice": "awaiting the invoice",
    "guarantee": "awaiting the guarantee",
    "calendar": "holiday data missing",
}


def _waiting(node: Any) -> str:
    """What a node without a due date waits for, in a few words (``--explain`` says it in full)."""
    text = _WAITING.get(str(node.due.waiting), "")
    if node.due.latest is not None:
        text += f" (due {node.due.latest} at the latest)"
    return text


def _certified(node: Any, cur: str) -> str:
    claim = node.claim
    if claim is None or claim.certified is None or node.applied_on is None:
        return ""
    return _money(claim.certified, cur) + (" (deemed)" if claim.certified_deemed else "")


def _next(node: Any, as_of: dt.date) -> str:
    step = node.next_step
    promise = node.promise
    if step is not None and promise is not None and promise.kept is None and step.on is not None:
        return f"promised by {promise.by}; {step.stage} on {step.on}"
    if step is None:
        if str(node.state) == "disputed":
            return "resolve the dispute"
        return ""
    if step.stage is None:
        return "proceedings (every letter sent)"
    if step.on <= as_of:
        return f"{step.stage} now (due {step.on})"
    return f"{step.stage} on {step.on}"


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
        "review_ends": _date(node.acceptance.review_ends) or None,
        "invoiced_on": _date(node.invoice.invoiced_on) or None,
        "invoice_deadline": _date(node.invoice.deadline) or None,
        "due_on": _date(node.due_on) or None,
        "due_note": node.due_note,
        "due_rolled_from": _date(node.due.rolled_from) or None,
        "due_at_latest": _date(node.due.latest) or None,
        "waiting_for": str(node.due.waiting) or None,
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
            }
            for n in node.notices
        ],
        "next_step": (
            {
                "stage": str(node.next_step.stage) if node.next_step.stage else "proceedings",
                "on": _date(node.next_step.on) or None,
            }
            if node.next_step
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
        f"Interest on late payment: {_esc(status.terms.interest.describe())} {_esc(_basis(status.terms.interest))}"
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
    terms = status.terms
    roll = "a last day on a rest day moves to the next working day" if terms.rest_day_roll else "no rest-day roll"
    lines = [
        ("periods", f"the first day is not counted; {roll}", terms.sources.get("rest_days", "")),
        (
            "interest",
            terms.interest.describe() + f"; on a part payment day the {terms.interest.payment_day} bears interest",
            terms.sources.get("interest", ""),
        ),
    ]
    if terms.invoice_required:
        lines.append(
            (
                "invoice",
                f"issued within {terms.invoice_days} days of the amount being confirmed (review "
                f"{terms.confirm_days} days); a late invoice moves the due date",
                terms.sources.get("invoice", ""),
            )
        )
    if terms.acceptance_clause:
        lines.append(
            (
                "acceptance",
                f"the review period runs from a complete {terms.review_start} for acceptance",
                terms.sources.get("acceptance", ""),
            )
        )
    console.print("Terms applied:")
    for name, rule, source in lines:
        console.print(f"  {name}: {_esc(rule)}" + (f" [{_esc(source)}]" if source else ""))


def _todo(node: Any, as_of: dt.date) -> str:
    """What to do next for a node, and by when, in one line."""
    from contractkit.account.actions import next_action

    return next_action(node, as_of).text


def _claim_lines(node: Any, cur: str) -> list[str]:
    """The exchange after the application: certificate, dispute, the statute's notices, the promise."""
    claim = node.claim
    if claim is None or node.applied_on is None:
        return []
    if str(node.state) == "paid" and claim.dispute is None and claim.promise is None and not claim.certified_by:
        return []  # paid in full: what the certificate would have said no longer matters
    lines = []
    if claim.certified is not None and claim.notices is None:
        if claim.certified_deemed:
            lines.append(f"certified: {_money(claim.certified, cur)}, deemed on {claim.certified_on} (review period)")
        else:
            who = f" by {claim.certified_by}" if claim.certified_by else ""
            ref = f" ({claim.certified_ref})" if claim.certified_ref else ""
            lines.append(f"certified: {_money(claim.certified, cur)} on {claim.certified_on}{who}{ref}")
    elif claim.certify_by is not None and claim.notices is None:
        lines.append(f"certificate: due by {claim.certify_by}; none recorded")
    if claim.dispute is not None:
        d = claim.dispute
        amount = _money(d.amount, cur) if d.amount is not None else "-"
        late = "; came too late to hold anything back" if claim.dispute_late else ""
        lines.append(
            f"disputed: {amount} on {d.on}: {d.reason or 'no reason given'}" + (f" ({d.ref})" if d.ref else "") + late
        )
    if claim.resolution is not None:
        r = claim.resolution
        lines.append(f"resolved: {r.on}" + (f" at {_money(r.amount, cur)}" if r.amount is not None else ""))
    n = claim.notices
    if n is not None:
        lines.append(f"payment due date {n.statutory_due}; final date for payment {n.final_date} ({n.regime.source})")
        if n.payment_notice is not None:
            ok = "in time" if n.payment_notice_valid else f"late: the last day was {n.payment_notice_by}"
            amount = _money(n.payment_notice.amount, cur) if n.payment_notice.amount is not None else "-"
            lines.append(f"payment notice: {n.payment_notice.on} for {amount} ({ok})")
        else:
            lines.append(f"payment notice: none; it was due by {n.payment_notice_by}")
        if n.default_notice is not None:
            lines.append(f"notice in default: {n.default_notice.on}")
        if n.notified_sum is not None:
            lines.append(f"notified sum: {_money(n.notified_sum, cur)} ({n.notified_by})")
        if n.pay_less is not None:
            ok = "in time" if n.pay_less_valid else "out of time: no effect"
            amount = _money(n.pay_less.amount, cur) if n.pay_less.amount is not None else "-"
            lines.append(f"pay less notice: {n.pay_less.on} for {amount} (last day {n.pay_less_by}; {ok})")
        else:
            lines.append(f"pay less notice: none; the last day for one is {n.pay_less_by}")
    p = claim.promise
    if p is not None:
        amount = _money(p.amount, cur) if p.amount is not None else "the sum due"
        state = {None: "pending", True: "kept", False: f"broken: {_money(p.paid_since, cur)} paid"}[p.kept]
        lines.append(f"promised: {amount} by {p.by} (on {p.on}" + (f", {p.ref}" if p.ref else "") + f"; {state})")
    lines.append(f"due now: {_money(claim.due, cur)}: {claim.basis}")
    if node.held:
        lines.append(f"held until resolved: {_money(node.held, cur)}")
    return lines


def print_explanation(console: Any, status: Any) -> None:
    from contractkit.model.formatting import percent

    cur = status.currency
    console.print("")
    print_terms(console, status)
    for node in status.nodes:
        console.print("")
        console.print(f"[bold]{_esc(node.id)} {_esc(node.scheduled.node.title)}[/bold]")
        console.print(
            f"  amount payable {cur} {_money(node.amount, cur)}"
            + (f" (after retention {_money(node.scheduled.retention, cur)})" if node.scheduled.retention else "")
        )
        if node.applied_on:
            console.print(
                f"  applied {node.applied_on}"
                + (f" for {cur} {_money(node.applied_amount, cur)}" if node.applied_amount else "")
            )
        if node.acceptance.criterion:
            console.print(f"  acceptance ({_esc(node.acceptance.criterion)}): {_esc(node.acceptance.note)}")
        elif node.accepted_on:
            console.print(f"  accepted {node.accepted_on}")
        if node.invoice.note:
            console.print(f"  invoice: {_esc(node.invoice.note)}")
        console.print(f"  due: {_date(node.due_on) or '-'} ({_esc(node.due_note)})")
        for line in _claim_lines(node, cur):
            console.print(f"  {_esc(line)}")
        for p in node.payments:
            how = " (no node named: applied to the oldest debt)" if p.allocated else ""
            console.print(f"  paid {p.on} {cur} {_money(p.amount, cur)}{how}")
        if node.interest:
            console.print(f"  interest: {_esc(status.terms.interest.describe())} {_esc(_basis(status.terms.interest))}")
            for q in node.interest.periods:
                rate = f"{percent(q.rate)}/day" if q.per_day else f"{percent(q.rate)}/year ÷ {q.day_count}"
                console.print(
                    f"    {q.first} to {q.last}: {q.days} days × {_money(q.principal, cur)} × {rate} = "
                    f"{_money(q.amount, cur)}" + (f"   ({_esc(q.note)})" if q.note else "")
                )
            console.print(f"    interest {cur} {_money(node.interest.interest, cur)}")
            if node.interest.compensation:
                console.print(f"    fixed compensation {cur} {_money(node.interest.compensation, cur)}")
        if node.limitation_on:
            console.print(f"  limitation: {node.limitation_on}: {_esc(node.limitation_note)}")
        elif node.limitation_note and str(node.state) != "paid":
            console.print(f"  limitation: {_esc(node.limitation_note)}")
        console.print(f"  next: {_esc(_todo(node, status.as_of))}")


def _console() -> Any:
    from rich.console import Console

    # Piped output (files, tests, pagers) gets room for the whole table instead of 80 columns.
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200)


def _basis(terms: Any) -> str:
    if terms.basis.startswith("clause:"):
        return f"(contract clause {terms.basis.removeprefix('clause:')})"
    if terms.basis == "none":
        return ""
    from contractkit.model.clauses import legal_references

    reference = legal_references().get(terms.basis)
    return f"({reference['en']})" if reference else f"({terms.basis})"


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
    from contractkit.cli.common import format_finding, load
    from contractkit.model.findings import has_errors
    from contractkit.rules import check_project

    files = project_files(paths)
    if not files:
        raise ContractkitError("contractkit: no project files found in " + ", ".join(str(p) for p in paths))
    if len(files) > 1:
        from contractkit.cli.portfolio import run_portfolio

        return run_portfolio(files, as_of, as_json, explain)
    loaded = load(files[0])
    findings = check_project(loaded)
    if has_errors(findings):
        for finding in findings:
            click.echo(format_finding(finding), err=True)
        click.echo(f"{loaded.path}: fix the errors first; status needs a valid project", err=True)
        return 1
    status = build_account(loaded, as_of)
    if as_json:
        click.echo(json.dumps(status_payload(status), ensure_ascii=False, indent=2))
    else:
        print_project(status, explain=explain)
    return 0
