"""Rules on the order of dates: signing, the project period and the events ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from contractkit.model.findings import Finding, Severity
from contractkit.model.models import EventType
from contractkit.rules import Rule, RuleContext, register


@register
class DAT001(Rule):
    """The project dates are out of order.

    The planned finish must come after the start, and the contract must be signed before the planned
    finish. Dates in the wrong order usually mean a typing slip in the year.
    """

    code = "DAT001"
    severity = Severity.ERROR
    bad = "project: {start: 2026-09-01, finish: 2026-03-01}"
    good = "project: {start: 2026-03-01, finish: 2026-09-30}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        info = ctx.project.project
        signed = ctx.project.contract.signed_on
        if info.start and info.finish and info.finish < info.start:
            yield self.finding(
                ctx, ("project", "finish"), f"the project finishes ({info.finish}) before it starts ({info.start})"
            )
        if info.finish and signed > info.finish:
            yield self.finding(
                ctx,
                ("contract", "signed_on"),
                f"the contract is signed ({signed}) after the planned finish ({info.finish})",
            )


@register
class DAT002(Rule):
    """An event is dated before the contract was signed.

    Applications, acceptances and payments under this contract cannot precede it. An advance paid
    before signing belongs in the contract's recitals, not in the ledger.
    """

    code = "DAT002"
    severity = Severity.ERROR
    bad = "contract: {signed_on: 2026-02-20}; events: [{on: 2026-01-05, type: paid, ...}]"
    good = "contract: {signed_on: 2026-02-20}; events: [{on: 2026-03-05, type: paid, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        signed = ctx.project.contract.signed_on
        for i, event in enumerate(ctx.project.events):
            if event.on < signed:
                yield self.finding(
                    ctx,
                    ("events", i, "on"),
                    f"this {event.type} event ({event.on}) is dated before the contract was signed ({signed})",
                )


@register
class DAT003(Rule):
    """A node is recorded as paid before it was applied for.

    Where a node's payment was applied for, the payment comes after the application. A payment dated
    earlier is usually a wrong date in one of the two events, and it would distort interest.
    """

    code = "DAT003"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-05-12, node: P2, type: paid, ...}, {on: 2026-05-20, node: P2, type: applied, ...}]"
    good = "events: [{on: 2026-05-12, node: P2, type: applied, ...}, {on: 2026-06-20, node: P2, type: paid, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first_applied: dict[str, dt.date] = {}
        for event in ctx.project.events:
            if event.type is EventType.APPLIED and event.node:
                current = first_applied.get(event.node)
                if current is None or event.on < current:
                    first_applied[event.node] = event.on
        for i, event in enumerate(ctx.project.events):
            if event.type is not EventType.PAID or not event.node:
                continue
            applied = first_applied.get(event.node)
            if applied is not None and event.on < applied:
                yield self.finding(
                    ctx,
                    ("events", i, "on"),
                    f"node {event.node} is recorded as paid on {event.on}, before it was applied for on {applied}",
                )


@register
class DAT004(Rule):
    """A letter is recorded as delivered before it was sent.

    The delivery date is what makes a demand interrupt limitation; one earlier than the sending date is
    a typing slip that a court would notice.
    """

    code = "DAT004"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-07-05, type: notice, stage: reminder, delivered_on: 2026-07-01, ...}]"
    good = "events: [{on: 2026-07-01, type: notice, stage: reminder, delivered_on: 2026-07-02, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, event in enumerate(ctx.project.events):
            if event.delivered_on is not None and event.delivered_on < event.on:
                yield self.finding(
                    ctx,
                    ("events", i, "delivered_on"),
                    f"delivered on {event.delivered_on}, before it was sent on {event.on}",
                )


@register
class DAT005(Rule):
    """An event of the exchange after an application is out of order.

    A certificate, a dispute, a payment notice or a pay less notice answers an application: it cannot come
    before the node was applied for. A resolution settles a dispute (or a certificate for less) recorded before
    it; a promise to pay names a day on or after the day it was made; a notice in default follows the payer's
    silence, so it comes after any application; a rejection answers a request for acceptance.
    """

    code = "DAT005"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-05-12, node: P2, type: applied, ...}, {on: 2026-05-10, node: P2, type: disputed, ...}]"
    good = "events: [{on: 2026-05-12, node: P2, type: applied, ...}, {on: 2026-05-16, node: P2, type: disputed, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.model.types import parse_date

        answers = (
            EventType.CERTIFIED,
            EventType.DISPUTED,
            EventType.PAYMENT_NOTICE,
            EventType.PAY_LESS_NOTICE,
            EventType.DEFAULT_NOTICE,
        )
        applied: dict[str, dt.date] = {}
        for event in ctx.project.events:
            if event.type is EventType.APPLIED and event.node:
                applied[event.node] = min(applied.get(event.node, event.on), event.on)
        for i, event in enumerate(ctx.project.events):
            node = event.node
            if not node:
                continue
            if event.type in answers:
                first = applied.get(node)
                if first is not None and event.on < first:
                    yield self.finding(
                        ctx,
                        ("events", i, "on"),
                        f"this {event.type} ({event.on}) comes before node {node} was applied for ({first})",
                    )
            if event.type is EventType.REJECTED and not any(
                e.node == node and e.type in (EventType.ACCEPTANCE_REQUESTED, EventType.APPLIED) and e.on <= event.on
                for e in ctx.project.events
            ):
                yield self.finding(
                    ctx,
                    ("events", i, "on"),
                    f"this rejection ({event.on}) comes before any request for acceptance of node {node}",
                    "record the request for acceptance (type: acceptance_requested) it answers",
                )
            if event.type is EventType.RESOLVED:
                before = [
                    e
                    for e in ctx.project.events
                    if e.node == node and e.type in (EventType.DISPUTED, EventType.CERTIFIED) and e.on <= event.on
                ]
                if not before:
                    yield self.finding(
                        ctx,
                        ("events", i),
                        f"this resolution ({event.on}) settles nothing: node {node} has no dispute or certificate "
                        "recorded on or before it",
                        "record the dispute (type: disputed) it resolves",
                    )
            if event.type is EventType.PROMISED and event.by is not None:
                try:
                    by = parse_date(event.by)
                except ValueError:
                    continue  # LED003 reports it
                if by < event.on:
                    yield self.finding(
                        ctx,
                        ("events", i, "by"),
                        f"the promise made on {event.on} names an earlier day to pay ({by})",
                    )
