"""Rules on the events ledger: amounts that fit the nodes and events that carry what they need."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from contractkit.model.findings import Finding, Severity
from contractkit.model.models import EventType
from contractkit.model.types import MINOR_UNITS, format_decimal
from contractkit.rules import Rule, RuleContext, register


@register
class LED001(Rule):
    """More has been paid against a node than the node is worth.

    Payments recorded against a node may not exceed what it pays (its amount, with approved variations,
    less retention withheld). An overpayment is usually a payment booked to the wrong node.
    """

    code = "LED001"
    severity = Severity.ERROR
    bad = 'node P2 pays "720,000.00"; events: paid "500,000.00" and paid "300,000.00" against P2'
    good = 'node P2 pays "720,000.00"; events: paid "500,000.00" and paid "220,000.00" against P2'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        places = MINOR_UNITS.get(ctx.schedule.currency, 2)
        paid: dict[str, Decimal] = {}
        for i, event in enumerate(ctx.project.events):
            if event.type is not EventType.PAID or not event.node or event.amount is None:
                continue
            scheduled = ctx.schedule.get(event.node)
            if scheduled is None:
                continue
            before = paid.get(event.node, Decimal(0))
            paid[event.node] = before + event.amount
            if before <= scheduled.payable < paid[event.node]:
                excess = paid[event.node] - scheduled.payable
                yield self.finding(
                    ctx,
                    ("events", i, "amount"),
                    f"node {event.node} is now paid {format_decimal(paid[event.node], places)}, "
                    f"{format_decimal(excess, places)} more than its {format_decimal(scheduled.payable, places)}",
                    "check that the payment was booked to the right node",
                )


@register
class LED002(Rule):
    """The same payment is recorded twice.

    Two paid events with the same date, node, amount and reference are almost always one payment
    entered twice; they would understate what is owed.
    """

    code = "LED002"
    severity = Severity.ERROR
    bad = 'events: [{on: 2026-06-20, node: P2, type: paid, amount: "200,000.00", ref: 回单1}, (the same again)]'
    good = 'events: [{on: 2026-06-20, node: P2, type: paid, amount: "200,000.00", ref: 回单1}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        seen: dict[tuple[object, ...], int] = {}
        for i, event in enumerate(ctx.project.events):
            if event.type is not EventType.PAID:
                continue
            key = (event.on, event.node, event.amount, event.ref)
            if key in seen:
                line = ctx.loaded.source.line_for(("events", seen[key]))
                yield self.finding(
                    ctx,
                    ("events", i),
                    f"this payment repeats the one on line {line} (same date, node, amount and reference)",
                    "delete one, or give each its bank reference if there really were two payments",
                )
            else:
                seen[key] = i


@register
class LED003(Rule):
    """An event lacks what its type needs.

    A payment needs an amount; a notice needs its stage; an application, acceptance or invoice needs the
    node it concerns. Stage, method of sending and tracking belong on notices only.
    """

    code = "LED003"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-06-20, node: P2, type: paid}]"
    good = 'events: [{on: 2026-06-20, node: P2, type: paid, amount: "200,000.00"}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, event in enumerate(ctx.project.events):
            loc = ("events", i)
            if event.type is EventType.PAID and event.amount is None:
                yield self.finding(ctx, loc, "a payment needs its amount")
            if event.type is EventType.PAID and event.amount is not None and event.amount <= 0:
                yield self.finding(ctx, (*loc, "amount"), "a payment must be a positive amount")
            if event.type is EventType.NOTICE and event.stage is None:
                yield self.finding(
                    ctx, loc, "a notice needs its stage (reminder, notice, suspension, final, acknowledgment)"
                )
            if event.type is not EventType.NOTICE and (event.stage or event.via or event.tracking):
                yield self.finding(ctx, loc, f"stage, via and tracking belong on notice events, not on {event.type}")
            needs_node = (EventType.APPLIED, EventType.ACCEPTED, EventType.INVOICED, EventType.NOTICE)
            if event.type in needs_node and event.node is None:
                yield self.finding(ctx, loc, f"an event of type {event.type} needs the node it concerns")
