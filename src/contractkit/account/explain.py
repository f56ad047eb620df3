"""The working behind an account's figures, as plain lines of text: what ``status --explain`` prints and the
web app shows beside each node. Text only, never markup: each front end escapes it its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contractkit.account.account import Account, NodeAccount, NodeState
from contractkit.account.actions import next_action
from contractkit.law.interest import InterestTerms
from contractkit.model import formatting
from contractkit.model.models import DeliveryMethod

#: Aging buckets of receivables, by days overdue (the first: not yet due).
BUCKETS = ("not yet due", "1-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class Line:
    """One line of the working: ``depth`` 1 is a fact of the node, 2 a step of a computation under it."""

    text: str
    depth: int = 1


def money(value: Decimal, currency: str) -> str:
    """The amount in figures with the currency's minor unit: ``720,000.00``."""
    return formatting.figures(value, currency)


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def bucket(days_overdue: int) -> str:
    """The aging bucket of a sum overdue by ``days_overdue`` days."""
    if days_overdue <= 0:
        return BUCKETS[0]
    if days_overdue <= 30:
        return BUCKETS[1]
    if days_overdue <= 60:
        return BUCKETS[2]
    if days_overdue <= 90:
        return BUCKETS[3]
    return BUCKETS[4]


def aging(accounts: Iterable[Account]) -> dict[str, dict[str, Decimal]]:
    """Outstanding sums with a due date, per currency and aging bucket."""
    table: dict[str, dict[str, Decimal]] = {}
    for account in accounts:
        row = table.setdefault(account.currency, {b: Decimal(0) for b in BUCKETS})
        for node in account.nodes:
            if node.outstanding > 0 and node.due_on is not None:
                row[bucket(node.days_overdue)] += node.outstanding
    return table


_WAITING = {
    "due-rule": "no due rule",
    "application": "not yet applied for",
    "acceptance-request": "acceptance not requested",
    "acceptance": "awaiting acceptance",
    "invoice": "awaiting the invoice",
    "guarantee": "awaiting the guarantee",
    "calendar": "holiday data missing",
    "notice": "awaiting our notice of the sum due (no sum notified)",
}


def waiting(node: NodeAccount) -> str:
    """What a node without a due date waits for, in a few words (the working says it in full)."""
    text = _WAITING.get(str(node.due.waiting), "")
    if node.due.latest is not None:
        text += f" (due {node.due.latest} at the latest)"
    return text


def certified(node: NodeAccount, currency: str) -> str:
    """The amount certified (or deemed certified) for a node applied for, else empty."""
    claim = node.claim
    if claim is None or claim.certified is None or node.applied_on is None:
        return ""
    return money(claim.certified, currency) + (" (deemed)" if claim.certified_deemed else "")


def next_step(node: NodeAccount, as_of: dt.date) -> str:
    """The next letter of the escalation ladder and its day, in a few words."""
    step = node.next_step
    promise = node.promise
    if node.state is not NodeState.PAID and node.limitation.ended(as_of):
        return f"none: limitation ended {node.limitation_on}; take legal advice"
    if step is not None and promise is not None and promise.kept is None and step.on is not None:
        return f"promised by {promise.by}; {step.stage} on {step.on}"
    if step is None:
        if node.state is NodeState.DISPUTED:
            return "resolve the dispute"
        return ""
    if step.stage is None:
        return "proceedings (every letter sent)"
    assert step.on is not None
    if step.on <= as_of:
        return f"{step.stage} now (due {step.on})"
    return f"{step.stage} on {step.on}"


def basis_note(terms: InterestTerms) -> str:
    """Where the interest terms come from, in brackets: the contract's clause or the law's citation."""
    if terms.basis.startswith("clause:"):
        return f"(contract clause {terms.basis.removeprefix('clause:')})"
    if terms.basis == "none":
        return ""
    from contractkit.model.clauses import legal_references

    reference = legal_references().get(terms.basis)
    cite = reference["en"] if reference else terms.basis
    if terms.by_reference:  # the Sales Interpretation governs sales: project work takes it only by reference (参照适用)
        return f"({cite}, applied by reference: the contract is not a contract of sale)"
    return f"({cite})"


def terms_lines(account: Account) -> list[tuple[str, str, str]]:
    """The conventions the account applies: (what, the rule, the clause or law it comes from)."""
    terms = account.terms
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
    allowed = notice_methods(account)
    if allowed is not None:
        ways = ", ".join(str(m) for m in DeliveryMethod if m in allowed)
        same_day = "by hand or email" if terms.email_notices else "by hand"
        lines.append(
            (
                "notices",
                f"given only as {ways} (demand --sent-by refuses any other way); delivered on the day sent {same_day}, "
                f"otherwise when signed for or, at the latest, {terms.courier_days} days after dispatch",
                terms.sources.get("notices", ""),
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
    retest = terms.acceptance_defaults.retest_days
    if retest is not None and "retest" in terms.sources:  # the defects-rectification clause's period
        lines.append(
            (
                "re-inspection",
                f"after a rejection, a further complete request is re-inspected within {retest} days of its "
                "receipt (not a whole review period again)",
                terms.sources.get("retest", ""),
            )
        )
    measurement = account.schedule.measurement
    if measurement is not None:
        lines.append(("measurement", measurement_terms(measurement, account.currency), measurement.terms.clause))
    return lines


def notice_methods(account: Account) -> frozenset[DeliveryMethod] | None:
    """The ways the contract's notices clause lets a notice be given (None: the contract has no notices clause)."""
    return account.terms.law.notice_methods(account.project, account.terms.email_notices)


def measurement_terms(measurement: Any, cur: str) -> str:
    """The monthly-progress clause's conventions in one line."""
    from contractkit.model.formatting import percent

    terms = measurement.terms
    parts = [
        f"{percent(terms.share)} of the value measured to date",
        f"lines rounded {terms.rounding}",
        f"due {terms.due_days} days after the application ({terms.review_days} review + {terms.pay_days} payment)",
    ]
    if terms.retention_rate:
        cap = f", limited to {money(terms.retention_cap, cur)}" if terms.retention_cap is not None else ""
        parts.append(f"retention {percent(terms.retention_rate)} by {terms.retention_basis}{cap}")
    if terms.advance:
        parts.append(
            f"advance {money(terms.advance, cur)} recovered at {percent(terms.recovery_rate)} of the value above "
            f"{money(terms.recovery_from, cur)}"
        )
    if terms.minimum is not None:
        parts.append(f"minimum certificate {money(terms.minimum, cur)}")
    return "; ".join(parts)


def valuation_lines(result: Any, cur: str) -> list[Line]:
    """How a valuation's certificate is worked out, line by line as the G702 summary states it."""
    period = result.valuation.period
    lines = [
        Line(
            f"valuation {period.from_} to {period.to}: value to date {money(result.value_to_date, cur)} "
            f"({money(result.work_this_period, cur)} done in the period since the last certificate, "
            f"{money(result.materials, cur)} materials on site)"
        ),
        Line(
            f"{money(result.share_value, cur)} at the share - retention {money(result.retention, cur)} - advance "
            f"recovered {money(result.advance_recovered, cur)} = {money(result.earned, cur)} earned; less the earlier "
            f"periods {money(result.previous_certified, cur)} = {money(result.computed_due, cur)}",
            2,
        ),
    ]
    if result.advance_unpaid > 0:
        lines.append(
            Line(
                f"advance paid by {period.to}: {money(result.advance_paid, cur)} of {money(result.advance, cur)}; "
                "an advance not paid is not recovered",
                2,
            )
        )
    if not result.certified:
        lines.append(Line("below the minimum or not positive: no certificate; carried into the next valuation", 2))
    return lines


def claim_lines(node: NodeAccount, currency: str) -> list[str]:
    """The exchange after the application: certificate, dispute, the statute's notices, the promise."""
    cur = currency
    claim = node.claim
    if claim is None or node.applied_on is None:
        return []
    if node.state is NodeState.PAID and claim.dispute is None and claim.promise is None and not claim.certified_by:
        return []  # paid in full: what the certificate would have said no longer matters
    lines = []
    if claim.certified is not None and claim.notices is None:
        if claim.certified_deemed:
            lines.append(f"certified: {money(claim.certified, cur)}, deemed on {claim.certified_on} (review period)")
        else:
            who = f" by {claim.certified_by}" if claim.certified_by else ""
            ref = f" ({claim.certified_ref})" if claim.certified_ref else ""
            lines.append(f"certified: {money(claim.certified, cur)} on {claim.certified_on}{who}{ref}")
    elif claim.certify_by is not None and claim.notices is None:
        lines.append(f"certificate: due by {claim.certify_by}; none recorded")
    if claim.dispute is not None:
        d = claim.dispute
        amount = money(d.amount, cur) if d.amount is not None else "-"
        late = "; came too late to hold anything back" if claim.dispute_late else ""
        lines.append(
            f"disputed: {amount} on {d.on}: {d.reason or 'no reason given'}" + (f" ({d.ref})" if d.ref else "") + late
        )
    if claim.resolution is not None:
        r = claim.resolution
        lines.append(f"resolved: {r.on}" + (f" at {money(r.amount, cur)}" if r.amount is not None else ""))
    n = claim.notices
    if n is not None:
        lines.append(f"payment due date {n.statutory_due}; final date for payment {n.final_date} ({n.regime.source})")
        if n.payment_notice is not None:
            ok = "in time" if n.payment_notice_valid else f"late: the last day was {n.payment_notice_by}"
            amount = money(n.payment_notice.amount, cur) if n.payment_notice.amount is not None else "-"
            lines.append(f"payment notice: {n.payment_notice.on} for {amount} ({ok})")
        else:
            lines.append(f"payment notice: none; it was due by {n.payment_notice_by}")
        if n.default_notice is not None:
            lines.append(f"notice in default: {n.default_notice.on}")
        if n.notified_sum is not None:
            lines.append(f"notified sum: {money(n.notified_sum, cur)} ({n.notified_by})")
        if n.pay_less is not None:
            ok = "in time" if n.pay_less_valid else "out of time: no effect"
            amount = money(n.pay_less.amount, cur) if n.pay_less.amount is not None else "-"
            lines.append(f"pay less notice: {n.pay_less.on} for {amount} (last day {n.pay_less_by}; {ok})")
        else:
            lines.append(f"pay less notice: none; the last day for one is {n.pay_less_by}")
    p = claim.promise
    if p is not None:
        amount = money(p.amount, cur) if p.amount is not None else "the sum due"
        state = {None: "pending", True: "kept", False: f"broken: {money(p.paid_since, cur)} paid"}[p.kept]
        lines.append(f"promised: {amount} by {p.by} (on {p.on}" + (f", {p.ref}" if p.ref else "") + f"; {state})")
    lines.append(f"due now: {money(claim.due, cur)}: {claim.basis}")
    if node.held:
        lines.append(f"held until resolved: {money(node.held, cur)}")
    return lines


def node_lines(account: Account, node: NodeAccount) -> list[Line]:
    """The working of one node: amount, application, acceptance, due date, the exchange, payments, interest
    period by period, limitation and what to do next."""
    from contractkit.model.formatting import percent

    cur = account.currency
    lines: list[Line] = []
    retention = f" (after retention {money(node.scheduled.retention, cur)})" if node.scheduled.retention else ""
    lines.append(Line(f"amount payable {cur} {money(node.amount, cur)}{retention}"))
    if node.scheduled.valuation is not None:
        lines += valuation_lines(node.scheduled.valuation, cur)
    if node.applied_on:
        amount = f" for {cur} {money(node.applied_amount, cur)}" if node.applied_amount else ""
        lines.append(Line(f"applied {node.applied_on}{amount}"))
    if node.acceptance.criterion:
        lines.append(Line(f"acceptance ({node.acceptance.criterion}): {node.acceptance.note}"))
    elif node.accepted_on:
        lines.append(Line(f"accepted {node.accepted_on}"))
    if node.invoice.note:
        lines.append(Line(f"invoice: {node.invoice.note}"))
    lines.append(Line(f"due: {day(node.due_on) or '-'} ({node.due_note})"))
    lines += [Line(text) for text in claim_lines(node, cur)]
    for p in node.payments:
        how = " (no node named: applied to the oldest debt)" if p.allocated else ""
        lines.append(Line(f"paid {p.on} {cur} {money(p.amount, cur)}{how}"))
    if node.interest:
        terms = node.interest.terms  # those that govern this delay (InterestTerms.governing)
        lines.append(Line(f"interest: {terms.describe()} {basis_note(terms)}"))
        for q in node.interest.periods:
            rate = f"{percent(q.rate)}/day" if q.per_day else f"{percent(q.rate)}/year ÷ {q.day_count}"
            note = f"   ({q.note})" if q.note else ""
            text = f"{q.first} to {q.last}: {q.days} days × {money(q.principal, cur)} × {rate} = {money(q.amount, cur)}"
            lines.append(Line(text + note, 2))
        lines.append(Line(f"interest {cur} {money(node.interest.interest, cur)}", 2))
        if node.interest.compensation:
            lines.append(Line(f"fixed compensation {cur} {money(node.interest.compensation, cur)}", 2))
    allowed = notice_methods(account)
    for notice in node.notices:
        if allowed is not None and notice.via and notice.via not in allowed:
            lines.append(
                Line(
                    f"letter: the {notice.stage} of {notice.on} was sent by {notice.via}, which the notices clause "
                    "does not allow: it may not have been validly given; send it again a way the clause allows"
                )
            )
    if node.limitation_on:
        ended = "ended " if node.limitation.ended(account.as_of) else ""
        lines.append(Line(f"limitation: {ended}{node.limitation_on}: {node.limitation_note}"))
    elif node.limitation_note and node.state is not NodeState.PAID:
        lines.append(Line(f"limitation: {node.limitation_note}"))
    lines.append(Line(f"next: {next_action(node, account.as_of).text}"))
    return lines
