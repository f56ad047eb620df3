"""Rules on the events ledger: amounts that fit the nodes and events that carry what they need."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from contractkit.model.findings import Finding, Severity
from contractkit.model.models import Event, EventType
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
            if event.type in NEEDS_NODE and event.node is None:
                yield self.finding(ctx, loc, f"an event of type {event.type} needs the node it concerns")
            for field, message in _exchange_problems(event):
                yield self.finding(ctx, (*loc, field) if field else loc, message)


def _exchange_problems(event: Event) -> Iterator[tuple[str, str]]:
    """What an event of the exchange after an application lacks, or carries that belongs on another type."""
    kind = event.type
    if kind in NEEDS_AMOUNT and event.amount is None:
        yield "", f"an event of type {kind} needs its amount ({NEEDS_AMOUNT[kind]})"
    if kind is EventType.DISPUTED and not event.reason:
        yield "", "a dispute needs the client's reason (reason: ...): the reply to it answers that reason"
    if kind is EventType.REJECTED and not event.reason:
        yield (
            "",
            "a rejection needs the client's reasons (reason: ...): the acceptance clause requires them",
        )
    if kind is EventType.PROMISED:
        if event.by is None:
            yield "", "a promise to pay needs the date promised (by: YYYY-MM-DD)"
        elif not _is_date(event.by):
            yield "by", f"by: {event.by!r} is not a date; a promise to pay names the day (YYYY-MM-DD)"
    if event.by is not None and kind not in TAKES_BY:
        yield "by", f"by belongs on certified, payment_notice and promised events, not on {kind}"
    if event.reason is not None and kind not in (EventType.DISPUTED, EventType.REJECTED):
        yield "reason", f"reason belongs on disputed and rejected events, not on {kind}"
    if event.basis is not None and kind not in TAKES_BASIS:
        yield "basis", f"basis belongs on certificates and payment notices, not on {kind}"


#: The events of the exchange after an application, each about one node.
AFTER_APPLICATION = (
    EventType.CERTIFIED,
    EventType.DISPUTED,
    EventType.RESOLVED,
    EventType.PROMISED,
    EventType.PAYMENT_NOTICE,
    EventType.PAY_LESS_NOTICE,
    EventType.DEFAULT_NOTICE,
)
#: What the amount of each event type is.
NEEDS_AMOUNT = {
    EventType.CERTIFIED: "the amount certified",
    EventType.DISPUTED: "the amount disputed",
    EventType.RESOLVED: "the amount agreed to be payable of the part in dispute; 0.00 where none is",
    EventType.PAYMENT_NOTICE: "the sum the payer considers due",
    EventType.PAY_LESS_NOTICE: "the sum the payer considers due",
    EventType.DEFAULT_NOTICE: "the sum the payee considers due",
}


NEEDS_NODE = (
    EventType.APPLIED,
    EventType.ACCEPTED,
    EventType.REJECTED,
    EventType.INVOICED,
    EventType.NOTICE,
    *AFTER_APPLICATION,
)
TAKES_BY = (EventType.CERTIFIED, EventType.PROMISED, EventType.PAYMENT_NOTICE)
TAKES_BASIS = (EventType.PAYMENT_NOTICE, EventType.PAY_LESS_NOTICE, EventType.DEFAULT_NOTICE, EventType.CERTIFIED)


def _is_date(text: str) -> bool:
    from contractkit.model.types import parse_date

    try:
        parse_date(text)
    except ValueError:
        return False
    return True


@register
class LED004(Rule):
    """An amount after the application does not reconcile with the node.

    A certificate, a payment notice or a dispute concerns the sum the node pays: a certificate or notice for
    more, or a dispute of more, than the node is worth is a slip in the amount or the node. A resolution settles
    at most the part that was contested, and a promise to pay cannot promise more than the node is worth.
    """

    code = "LED004"
    severity = Severity.ERROR
    bad = 'node P2 pays "720,000.00"; events: [{node: P2, type: disputed, amount: "800,000.00", reason: ...}]'
    good = 'node P2 pays "720,000.00"; events: [{node: P2, type: disputed, amount: "120,000.00", reason: ...}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        places = MINOR_UNITS.get(ctx.schedule.currency, 2)
        kinds = (*AFTER_APPLICATION,)
        contested: dict[str, Decimal] = {}
        for i, event in enumerate(ctx.project.events):
            if event.type not in kinds or event.amount is None or not event.node:
                continue
            scheduled = ctx.schedule.get(event.node)
            if scheduled is None:
                continue
            worth = scheduled.payable
            if event.amount < 0:
                yield self.finding(ctx, ("events", i, "amount"), f"a {event.type} amount cannot be negative")
                continue
            if event.type is EventType.DISPUTED:
                contested[event.node] = event.amount
            if event.type is EventType.CERTIFIED and event.amount < worth:
                contested.setdefault(event.node, worth - event.amount)
            if event.type is EventType.RESOLVED:
                limit = contested.get(event.node)
                if limit is not None and event.amount > limit:
                    yield self.finding(
                        ctx,
                        ("events", i, "amount"),
                        f"the resolution of node {event.node} makes {format_decimal(event.amount, places)} payable, "
                        f"more than the {format_decimal(limit, places)} contested",
                        "give the part of the contested amount that the client agreed to pay",
                    )
                continue
            if event.amount > worth:
                yield self.finding(
                    ctx,
                    ("events", i, "amount"),
                    f"this {event.type} is for {format_decimal(event.amount, places)}, more than the "
                    f"{format_decimal(worth, places)} node {event.node} pays",
                    "check the amount and the node",
                )


@register
class LED005(Rule):
    """A request or application encloses a document dated after it.

    A document cannot go with a letter written before the document existed: either the event's date or the
    document's date is wrong. contractkit does not count such a document as enclosed, so a request for
    acceptance that needs it is incomplete and its review period does not start.
    """

    code = "LED005"
    severity = Severity.WARNING
    bad = (
        "evidence: [{id: E4, date: 2026-05-11}]; events: [{on: 2026-05-08, type: acceptance_requested, enclosed: [E4]}]"
    )
    good = (
        "evidence: [{id: E4, date: 2026-05-08}]; events: [{on: 2026-05-08, type: acceptance_requested, enclosed: [E4]}]"
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        dated = {e.id: e.date for e in ctx.project.evidence if e.date is not None}
        for i, event in enumerate(ctx.project.events):
            for j, key in enumerate(event.enclosed):
                day = dated.get(key)
                if day is not None and day > event.on:
                    yield self.finding(
                        ctx,
                        ("events", i, "enclosed", j),
                        f"{key} is dated {day}, after this {event.type} of {event.on}: it cannot have been enclosed",
                        "correct the date of the event or of the document",
                    )


@register
class LED006(Rule):
    """An application is recorded for less than its node pays.

    The payment clauses deem an application confirmed as made (payment.milestone-schedule: 视为已按付款申请确认应付
    金额), so the account never claims more on a node than its application asked for, and a letter would hold the
    rest back as if the client had left it out of a certificate. Either the amount recorded is not the one the
    application stated, or the application asked for part of the node, which the schedule cannot follow: a node
    is applied for once.
    """

    code = "LED006"
    severity = Severity.ERROR
    bad = 'node P2 pays "720,000.00"; events: [{node: P2, type: applied, amount: "500,000.00"}]'
    good = 'node P2 pays "720,000.00"; events: [{node: P2, type: applied, amount: "720,000.00"}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        places = MINOR_UNITS.get(ctx.schedule.currency, 2)
        seen: set[str] = set()
        for i, event in sorted(enumerate(ctx.project.events), key=lambda x: x[1].on):  # as the account reads them
            if event.type is not EventType.APPLIED or not event.node:
                continue
            if event.node in seen:
                continue  # the account reads the first application (LED007)
            seen.add(event.node)
            if event.amount is None:
                continue
            scheduled = ctx.schedule.get(event.node)
            if scheduled is None or scheduled.valuation is not None:
                continue  # a valuation's amount is the measurement's (BOQ011)
            later = [
                v
                for v in ctx.project.variations
                if v.node == event.node and v.approved_on is not None and v.approved_on > event.on
            ]
            if later:
                continue  # a variation approved after the application (CON010)
            if event.amount < scheduled.payable:
                yield self.finding(
                    ctx,
                    ("events", i, "amount"),
                    f"the application for {event.node} is recorded at {format_decimal(event.amount, places)}, less "
                    f"than the {format_decimal(scheduled.payable, places)} the node pays: silence confirms an "
                    "application as made, so the account claims no more than it, and the rest would never be claimed",
                    "record the amount the application stated; where it asked for part of the node, split the node "
                    "in payment_schedule so that each part is applied for on its own",
                )


@register
class LED007(Rule):
    """A node is recorded as applied for more than once.

    The account counts a node's first application: its review period, due date and the sum it asked for run from
    it. A later one (a revised or repeated application) changes nothing, so the dates and the sum the documents
    state would not be those of the application the client is reviewing.
    """

    code = "LED007"
    severity = Severity.WARNING
    bad = "events: [{on: 2026-08-06, node: P3, type: applied}, {on: 2026-08-20, node: P3, type: applied}]"
    good = "events: [{on: 2026-08-06, node: P3, type: applied}]  # the revision recorded on the first, with a note"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first: dict[str, Event] = {}
        for i, event in sorted(enumerate(ctx.project.events), key=lambda x: x[1].on):  # as the account reads them
            if event.type is not EventType.APPLIED or not event.node:
                continue
            earlier = first.setdefault(event.node, event)
            if earlier is event:
                continue
            yield self.finding(
                ctx,
                ("events", i),
                f"{event.node} is already recorded as applied for on {earlier.on}; the account counts that "
                f"application and not this one of {event.on}",
                "where the application was withdrawn and made again, record the later one only (the review period "
                "runs from it); where it was revised, correct the first",
            )
