"""``contractkit status``: one project as a table, many as a portfolio with aging buckets."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from contractkit.errors import ContractkitError, InputErrors

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
    measurement = status.schedule.measurement
    if measurement is not None:
        lines.append(("measurement", _measurement_terms(measurement, status.currency), measurement.terms.clause))
    console.print("Terms applied:")
    for name, rule, source in lines:
        console.print(f"  {name}: {_esc(rule)}" + (f" [{_esc(source)}]" if source else ""))


def _measurement_terms(measurement: Any, cur: str) -> str:
    """The monthly-progress clause's conventions in one line."""
    from contractkit.model.formatting import percent

    terms = measurement.terms
    parts = [
        f"{percent(terms.share)} of the value measured to date",
        f"lines rounded {terms.rounding}",
        f"due {terms.due_days} days after the application ({terms.review_days} review + {terms.pay_days} payment)",
    ]
    if terms.retention_rate:
        cap = f", limited to {_money(terms.retention_cap, cur)}" if terms.retention_cap is not None else ""
        parts.append(f"retention {percent(terms.retention_rate)} by {terms.retention_basis}{cap}")
    if terms.advance:
        parts.append(
            f"advance {_money(terms.advance, cur)} recovered at {percent(terms.recovery_rate)} of the value above "
            f"{_money(terms.recovery_from, cur)}"
        )
    if terms.minimum is not None:
        parts.append(f"minimum certificate {_money(terms.minimum, cur)}")
    return "; ".join(parts)


def _valuation_lines(result: Any, cur: str) -> list[str]:
    """How a valuation's certificate is worked out, line by line as the G702 summary states it."""
    period = result.valuation.period
    lines = [
        f"valuation {period.from_} to {period.to}: value to date {_money(result.value_to_date, cur)} "
        f"({_money(result.work_this_period, cur)} done in the period since the last certificate, "
        f"{_money(result.materials, cur)} materials on site)",
        f"  {_money(result.share_value, cur)} at the share - retention {_money(result.retention, cur)} - advance "
        f"recovered {_money(result.advance_recovered, cur)} = {_money(result.earned, cur)} earned; less previous "
        f"certificates {_money(result.previous_certified, cur)} = {_money(result.computed_due, cur)}",
    ]
    if not result.certified:
        lines.append("  below the minimum or not positive: no certificate; carried into the next valuation")
    return lines


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
        if node.scheduled.valuation is not None:
            for line in _valuation_lines(node.scheduled.valuation, cur):
                console.print(f"  {_esc(line)}")
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


def print_portfolio(statuses: list[Any], as_of: dt.date, problems: Sequence[tuple[str, str]] = ()) -> None:
    """The portfolio table (a row per project, and a row per project that could not be used) and the aging."""
    from rich.table import Table

    console = _console()
    console.print(f"Portfolio of {len(statuses)} projects, as of {as_of}")
    projects = Table(header_style="bold")
    columns = ["Project", "Client", "Cur", "Overdue", "Oldest", "Interest", "Next step"]
    for column in columns + (["Problem"] if problems else []):
        projects.add_column(column, justify="right" if column in {"Overdue", "Oldest", "Interest"} else "left")
    aging: dict[str, dict[str, Decimal]] = {}
    interest_by_currency: dict[str, Decimal] = {}
    for status in statuses:
        cur = status.currency
        row = aging.setdefault(cur, {b: Decimal(0) for b in BUCKETS})
        interest_by_currency[cur] = interest_by_currency.get(cur, Decimal(0)) + status.interest
        for node in status.nodes:
            if node.outstanding > 0 and node.due_on is not None:
                row[bucket(node.days_overdue)] += node.outstanding
        overdue = [n for n in status.nodes if n.days_overdue]
        oldest = max(overdue, key=lambda n: n.days_overdue) if overdue else None
        projects.add_row(
            _esc(status.project.project.code),
            _esc(status.project.parties.client.name),
            cur,
            _money(status.outstanding_due, cur) if overdue else "",
            f"{oldest.days_overdue} d" if oldest else "",
            _money(status.interest, cur) if status.interest else "",
            _esc(f"{oldest.id}: {_next(oldest, as_of)}") if oldest else "",
            *([""] if problems else []),
        )
    for file, problem in problems:
        projects.add_row(_esc(_short(file)), "", "", "", "", "", "", _esc(_without_file(problem, file)))
    console.print(projects)
    table = Table(title="Aging of receivables", header_style="bold")
    table.add_column("Currency")
    for name in BUCKETS:
        table.add_column(name if name == BUCKETS[0] else f"{name} days", justify="right")
    table.add_column("Overdue total", justify="right")
    table.add_column("Interest", justify="right")
    for cur in sorted(aging):
        row = aging[cur]
        overdue_total = sum((row[b] for b in BUCKETS[1:]), Decimal(0))
        table.add_row(
            cur,
            *(_money(row[b], cur) for b in BUCKETS),
            _money(overdue_total, cur),
            _money(interest_by_currency[cur], cur),
        )
    console.print(table)


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


def portfolio_payload(
    statuses: list[Any],
    failures: list[str],
    as_of: dt.date,
    problems: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    aging: dict[str, dict[str, str]] = {}
    for status in statuses:
        row = aging.setdefault(status.currency, {b: "0" for b in BUCKETS})
        for node in status.nodes:
            if node.outstanding > 0 and node.due_on is not None:
                key = bucket(node.days_overdue)
                row[key] = f"{Decimal(row[key]) + node.outstanding:f}"
    return {
        "as_of": as_of.isoformat(),
        "projects": [status_payload(s) for s in statuses],
        "aging": aging,
        "unreadable": failures,
        "problems": [{"file": file, "error": problem} for file, problem in problems],
    }


def run_status(paths: tuple[Path, ...], as_of: dt.date, as_json: bool, explain: bool) -> int:
    """Status of one project or a portfolio; the exit code."""
    from contractkit.account.account import build_account
    from contractkit.cli.common import load
    from contractkit.model.findings import has_errors
    from contractkit.rules import check_project

    files = project_files(paths)
    if not files:
        raise ContractkitError("contractkit: no project files found in " + ", ".join(str(p) for p in paths))
    single = len(files) == 1
    statuses: list[Any] = []
    failures: list[str] = []
    invalid: list[str] = []
    problems: list[tuple[str, str]] = []  # (file, what is wrong): one row each in the portfolio
    progress = None
    if len(files) >= 20 and sys.stderr.isatty() and not as_json:
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        task = progress.add_task("reading projects", total=len(files))
    try:
        for path in files:
            try:
                loaded = load(path)
                findings = check_project(loaded)
                if has_errors(findings):
                    if single:
                        from contractkit.cli.common import format_finding

                        for finding in findings:
                            click.echo(format_finding(finding), err=True)
                        click.echo(f"{loaded.path}: fix the errors first; status needs a valid project", err=True)
                        return 1
                    errors = [f for f in findings if f.severity == "error"]
                    count = f"{len(errors)} validation error{'s' if len(errors) > 1 else ''}"
                    invalid.append(f"{loaded.path}: {count}")
                    first = errors[0]
                    problems.append(
                        (str(loaded.path), f"{count}; {first.code} line {first.line}: {first.path}: {first.message}")
                    )
                    continue
                statuses.append(build_account(loaded, as_of))
            except InputErrors as exc:
                if single:
                    raise
                message = exc.errors[0].message + (f" (and {len(exc.errors) - 1} more)" if len(exc.errors) > 1 else "")
                failures.append(message)
                problems.append((str(path), message))
            except ContractkitError as exc:
                if single:
                    raise
                failures.append(exc.message)
                problems.append((str(path), exc.message))
            except Exception as exc:  # a bug with one project must not stop the others; reported as what it is
                if single:
                    raise
                message = f"{path}: internal error ({type(exc).__name__}: {exc}); this is a bug in contractkit"
                failures.append(message)
                problems.append((str(path), message))
            finally:
                if progress is not None:
                    progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        payload = (
            status_payload(statuses[0]) if single else portfolio_payload(statuses, failures + invalid, as_of, problems)
        )
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif single:
        print_project(statuses[0], explain=explain)
    else:
        print_portfolio(statuses, as_of, problems)
        if explain:
            for status in statuses:
                print_explanation(_console(), status)
    for line in invalid:
        click.echo(f"skipped: {line}", err=True)
    for line in failures:
        click.echo(f"unreadable: {line}", err=True)
    if failures:
        return 2
    return 1 if invalid else 0
