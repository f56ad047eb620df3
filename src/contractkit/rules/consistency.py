"""Rules on consistency: clause picks, the schedule and the criteria must state one set of terms.

A contract that says a thing twice in two ways gives the debtor's lawyer an argument and the engine no rule
to apply; each rule here names both places and asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from contractkit.account.schedule import RetentionMode
from contractkit.account.terms import ACCEPTANCE_CLAUSES
from contractkit.model.clauses import picked
from contractkit.model.findings import Finding, Severity
from contractkit.model.models import DueBasis, NodeKind, PaymentNode
from contractkit.model.types import format_percent
from contractkit.rules import Rule, RuleContext, register


def _clause_index(ctx: RuleContext, clause_id: str) -> int | None:
    return next((i for i, c in enumerate(ctx.project.clauses) if c.use == clause_id), None)


def _clause_loc(ctx: RuleContext, clause_id: str, param: str | None = None) -> tuple[str | int, ...]:
    index = _clause_index(ctx, clause_id)
    if index is None:
        return ("clauses",)
    use = ctx.project.clauses[index]
    if param is not None and param in use.with_:
        return ("clauses", index, "with", param)
    return ("clauses", index)


def _number(ctx: RuleContext, clause_id: str) -> str:
    number = ctx.project.clause_number(clause_id)
    return f"Clause {number} ({clause_id})" if number else clause_id


def _values(ctx: RuleContext, clause_id: str) -> dict[str, Any] | None:
    found = picked(ctx.project, clause_id)
    return found[1] if found is not None and found[0] == clause_id else None


def _rule_text(node: PaymentNode) -> str:
    due = node.due
    if due is None:
        return "no due rule"
    if due.on is not None:
        return f"on {due.on}"
    unit = "working days" if due.working_days else "days"
    return f"{due.days} {unit} after {due.after}"


@register
class CON001(Rule):
    """The contract states the retention rate in more than one place, and the figures differ.

    Retention can be stated in ``contract.retention``, as the share of a retention node, and in the
    ``payment.retention`` clause. The engine withholds one figure and the contract prints another, so the
    client could hold more (or the letters claim more) than the contract allows. State one rate.
    """

    code = "CON001"
    severity = Severity.ERROR
    bad = "contract: {retention: 5%}; payment_schedule: [..., {id: P5, kind: retention, share: 3%}]"
    good = "contract: {retention: 3%}; payment_schedule: [..., {id: P5, kind: retention, share: 3%}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        figures: list[tuple[str, tuple[str | int, ...], Decimal]] = []
        if project.contract.retention is not None:
            figures.append(("contract.retention", ("contract", "retention"), project.contract.retention))
        for i, node in enumerate(project.payment_schedule):
            if node.kind is NodeKind.RETENTION and node.share is not None:
                figures.append((f"node {node.id}", ("payment_schedule", i, "share"), node.share))
        values = _values(ctx, "payment.retention")
        if values is not None and isinstance(values.get("share"), Decimal):
            figures.append(
                (_number(ctx, "payment.retention"), _clause_loc(ctx, "payment.retention", "share"), values["share"])
            )
        rates = {rate for _, _, rate in figures}
        if len(rates) > 1:
            listed = ", ".join(f"{format_percent(rate)} in {where}" for where, _, rate in figures)
            yield self.finding(
                ctx,
                figures[-1][1],
                f"retention is stated as {listed}: the contract would print one rate and the account apply another",
                "give every place the same rate",
            )


@register
class CON002(Rule):
    """Retention is withheld, or provided for, but nothing in the schedule holds or releases it.

    Retention withheld from each payment must be released by a retention node, or it silently drops out of
    the account; a ``payment.retention`` clause with no retention anywhere in the schedule lets the client
    withhold money the account does not know about.
    """

    code = "CON002"
    severity = Severity.ERROR
    bad = "contract: {retention: 3%}; payment_schedule: [P1 advance, P2 progress, P3 final]  # no retention node"
    good = "payment_schedule: [..., {id: P4, kind: retention, milestone: 缺陷责任期满, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        releases = [n for n in project.payment_schedule if n.kind is NodeKind.RETENTION]
        mode = ctx.schedule.retention_mode
        if mode is RetentionMode.WITHHELD and not releases:
            withheld = sum((n.retention for n in ctx.schedule.nodes), Decimal(0))
            yield self.finding(
                ctx,
                ("contract", "retention"),
                f"retention of {format_percent(ctx.schedule.retention_rate)} is withheld from the payments "
                f"({ctx.schedule.currency} {withheld:,.2f} in all) but no node releases it",
                "add a payment node of kind retention (no share) that releases it after the defects period",
            )
        if mode is RetentionMode.NONE and _values(ctx, "payment.retention") is not None:
            yield self.finding(
                ctx,
                _clause_loc(ctx, "payment.retention"),
                f"{_number(ctx, 'payment.retention')} lets the client hold retention, but neither the schedule nor "
                "contract.retention holds any",
                "add a retention node with its share, or contract.retention with a release node, or drop the clause",
            )


@register
class CON003(Rule):
    """The advance in the advance clause is not the advance in the schedule.

    ``payment.advance`` fixes the advance as a share of the price; the account pays and tracks it only as a
    payment node of kind advance (then it is not recovered from later payments, as the clause says). Without
    that node the advance and its recovery exist in the text only; with a node of another share, the contract
    states two advances.
    """

    code = "CON003"
    severity = Severity.ERROR
    bad = "clauses: [{use: payment.advance, with: {share: 10%}}]  # no node of kind advance"
    good = "payment_schedule: [{id: P1, kind: advance, share: 10%, ...}]; clauses: [{use: payment.advance}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        values = _values(ctx, "payment.advance")
        if values is None:
            return
        share = values.get("share")
        if not isinstance(share, Decimal):
            return
        advances = [(i, n) for i, n in enumerate(ctx.project.payment_schedule) if n.kind is NodeKind.ADVANCE]
        if not advances:
            yield self.finding(
                ctx,
                _clause_loc(ctx, "payment.advance"),
                f"{_number(ctx, 'payment.advance')} provides an advance of {format_percent(share)} recovered from "
                "later payments, but no payment node pays it: the account would neither schedule nor recover it",
                f"add a payment node of kind advance with share {format_percent(share)}",
            )
            return
        for i, node in advances:
            if node.share is not None and node.share != share:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "share"),
                    f"advance node {node.id} is {format_percent(node.share)} of the price but "
                    f"{_number(ctx, 'payment.advance')} says {format_percent(share)}",
                    "give both the same share",
                )


@register
class CON004(Rule):
    """A node's due rule contradicts the clause that governs its payment.

    The retention clause returns the retention a fixed number of days after the application for its return;
    the final-account clause pays the final account a review period plus a payment period after the
    statement. The schedule's due rule for that node must be the same rule, or the contract states two dates.
    """

    code = "CON004"
    severity = Severity.ERROR
    bad = "payment.retention (return_days 14); node P5 kind retention due: {after: invoice, days: 30}"
    good = "payment.retention (return_days 14); node P5 kind retention due: {after: application, days: 14}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        checks: list[tuple[NodeKind, str, int]] = []
        retention = _values(ctx, "payment.retention")
        if retention is not None:
            checks.append((NodeKind.RETENTION, "payment.retention", int(str(retention.get("return_days") or 14))))
        final = _values(ctx, "payment.final-account")
        if final is not None:
            days = int(str(final.get("review_days") or 28)) + int(str(final.get("pay_days") or 14))
            checks.append((NodeKind.FINAL, "payment.final-account", days))
        for kind, clause_id, days in checks:
            for i, node in enumerate(ctx.project.payment_schedule):
                if node.kind is not kind or node.due is None:
                    continue
                due = node.due
                if due.after is DueBasis.APPLICATION and due.days == days and not due.working_days:
                    continue
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "due"),
                    f"node {node.id} is due {_rule_text(node)}, but {_number(ctx, clause_id)} makes it "
                    f"{days} days after the application",
                    f"write due: {{after: application, days: {days}}}, or change the clause's parameters",
                )


@register
class CON005(Rule):
    """The acceptance clauses and the criteria give different review periods or deemed acceptance.

    A criterion without its own review period takes the acceptance clause's; two acceptance clauses with
    different defaults leave it with two. A criterion that says ``deemed_accepted: false`` while the clause
    deems silence to be acceptance (or the reverse) prints two rules for the same acceptance.
    """

    code = "CON005"
    severity = Severity.ERROR
    bad = "acceptance: [{id: AC1, deemed_accepted: false}]; clauses: [{use: acceptance.inspection-period}]"
    good = "acceptance: [{id: AC1, review_days: 7}]; clauses: [{use: acceptance.inspection-period}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        defaults: list[tuple[str, int | None, bool | None]] = []
        for clause_id in ACCEPTANCE_CLAUSES:
            values = _values(ctx, clause_id)
            if values is None:
                continue
            days_key = "uat_days" if clause_id == "acceptance.software-uat" else "review_days"
            days = values.get(days_key)
            deemed = values.get("deemed_acceptance")
            defaults.append((clause_id, int(str(days)) if days is not None else None, deemed))
        periods = {days for _, days, _ in defaults if days is not None}
        for i, criterion in enumerate(ctx.project.acceptance):
            if criterion.review_days is None and len(periods) > 1:
                listed = ", ".join(
                    f"{days} days in {_number(ctx, cid)}" for cid, days, _ in defaults if days is not None
                )
                yield self.finding(
                    ctx,
                    ("acceptance", i),
                    f"criterion {criterion.id} has no review period of its own, and the clauses give {listed}",
                    f"give {criterion.id} review_days",
                )
            if criterion.deemed_accepted is None:
                continue
            for clause_id, _, deemed in defaults:
                if deemed is not None and bool(deemed) != criterion.deemed_accepted:
                    says = "deems silence to be acceptance" if deemed else "does not deem silence to be acceptance"
                    yield self.finding(
                        ctx,
                        ("acceptance", i, "deemed_accepted"),
                        f"{_number(ctx, clause_id)} {says}, but criterion {criterion.id} says deemed_accepted: "
                        f"{str(criterion.deemed_accepted).lower()}",
                        "make them agree (or drop deemed_accepted from the criterion to follow the clause)",
                    )


@register
class CON006(Rule):
    """Two payment regimes: monthly measured payments and a schedule of fixed shares.

    ``payment.monthly-progress`` pays a share of the value measured each month against the bill of quantities;
    a milestone schedule pays fixed shares of the price at milestones. Picked together, or with progress or
    final nodes that are shares of the price, they state two amounts for the same work. A measured contract
    keeps its advance and retention nodes; its progress payments are the valuations, and its final node pays
    the balance.
    """

    code = "CON006"
    severity = Severity.ERROR
    bad = "clauses: [{use: payment.milestone-schedule}, {use: payment.monthly-progress}]"
    good = "clauses: [{use: payment.monthly-progress}]; bill: [...]; valuations: [...]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if _values(ctx, "payment.monthly-progress") is None:
            return
        shares = [
            n.id
            for n in ctx.project.payment_schedule
            if n.share is not None and n.kind in (NodeKind.PROGRESS, NodeKind.FINAL)
        ]
        if _values(ctx, "payment.milestone-schedule") is not None:
            other = f"{_number(ctx, 'payment.milestone-schedule')} pays fixed shares of the price at milestones"
        elif shares:
            other = f"nodes {', '.join(shares)} pay fixed shares of the price at milestones"
        else:
            return
        yield self.finding(
            ctx,
            _clause_loc(ctx, "payment.monthly-progress"),
            f"{_number(ctx, 'payment.monthly-progress')} pays a share of the value measured each month, but {other}: "
            "the contract would state two amounts for the same work",
            "keep one way of paying: valuations against a bill (with advance, final and retention nodes), "
            "or milestones",
        )


@register
class CON007(Rule):
    """An approved variation names no node and the schedule has no final node to carry it.

    An approved variation changes what the client owes; the account adds it to the node it names, or to the
    final payment. With neither, the money drops out of every statement and letter.
    """

    code = "CON007"
    severity = Severity.ERROR
    bad = 'variations: [{id: V1, amount: "36,000.00", approved_on: 2026-05-02}]  # no node, no final node'
    good = 'variations: [{id: V1, amount: "36,000.00", approved_on: 2026-05-02, node: P3}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        has_final = any(n.kind is NodeKind.FINAL for n in ctx.project.payment_schedule)
        for i, variation in enumerate(ctx.project.variations):
            if variation.approved_on is None or variation.node is not None:
                continue
            if not has_final:
                yield self.finding(
                    ctx,
                    ("variations", i),
                    f"variation {variation.id} is approved but names no node, and no final node would carry it: "
                    "its amount is in no payment",
                    "add node: ID of the instalment that pays it",
                )
            elif _values(ctx, "payment.variations") is not None:
                yield self.finding(
                    ctx,
                    ("variations", i),
                    f"variation {variation.id} names no node, so the account adds it to the final payment, while "
                    f"{_number(ctx, 'payment.variations')} pays it with the next instalment after approval",
                    "add node: ID of the instalment that pays it",
                )


@register
class CON008(Rule):
    """A node is paid on an acceptance, but its due date ignores it.

    A node that names an acceptance criterion and falls due after the application (or signing, or a date)
    lets the letters say the work was accepted while the date does not depend on it; usually the due rule
    should run from acceptance.
    """

    code = "CON008"
    severity = Severity.WARNING
    bad = "{id: P3, acceptance: AC-FINAL, due: {after: application, days: 30}}"
    good = "{id: P3, acceptance: AC-FINAL, due: {after: acceptance, days: 30}}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            if node.acceptance is None or node.due is None or node.due.after is DueBasis.ACCEPTANCE:
                continue
            yield self.finding(
                ctx,
                ("payment_schedule", i, "due"),
                f"node {node.id} is paid on acceptance {node.acceptance} but falls due {_rule_text(node)}: the "
                "acceptance does not affect when it is due",
                "make it due after acceptance, or drop the acceptance link",
            )


@register
class CON009(Rule):
    """The VAT rate added to the contract's amounts differs from the rate the invoicing clause states.

    With ``contract.vat`` the draft says the price is exclusive of VAT, paid in addition at that rate, and the
    letters claim VAT at it; the invoicing clause states its own tax rate (9% unless given). Two rates in one
    contract leave the client to choose the lower.
    """

    code = "CON009"
    severity = Severity.ERROR
    bad = 'contract: {vat: "6%"} + clauses: [{use: payment.invoicing, with: {tax_rate: "9%"}}]'
    good = 'contract: {vat: "9%"} + clauses: [{use: payment.invoicing, with: {tax_rate: "9%"}}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        vat = ctx.project.contract.vat
        invoicing = _values(ctx, "payment.invoicing")
        if vat is None or invoicing is None or invoicing.get("tax_rate") is None:
            return
        rate = invoicing["tax_rate"]
        if rate != vat:
            yield self.finding(
                ctx,
                ("contract", "vat"),
                f"contract.vat is {format_percent(vat)} but {_number(ctx, 'payment.invoicing')} invoices at "
                f"{format_percent(rate)}: the contract would state two VAT rates",
                "give both the same rate (contract.vat, and tax_rate under the invoicing clause)",
            )


@register
class CON010(Rule):
    """An approved variation is paid with an instalment that was applied for before the variation was approved.

    An application states what is due when it is made: it cannot hold a variation approved after it. The account
    adds a variation to the node it names (or to the final payment), so a node applied for before the approval
    would carry the variation from the node's own due date — a demand would claim it, with interest, before it was
    owed. The variations clause pays a variation with the next instalment after its approval.
    """

    code = "CON010"
    severity = Severity.ERROR
    bad = "variations: [{id: V1, approved_on: 2026-12-15, node: P2}]  # P2 applied for on 2026-05-12"
    good = "variations: [{id: V1, approved_on: 2026-12-15, node: P4}]  # the next instalment not yet applied for"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.model.models import EventType

        finals = [n.id for n in ctx.project.payment_schedule if n.kind is NodeKind.FINAL]
        fallback = finals[-1] if finals else None
        if ctx.project.measured:
            return  # a measured contract values variations in the valuations that measure them
        applied: dict[str, Any] = {}  # each node's latest application: one made after the approval can hold it
        for event in sorted(ctx.project.events, key=lambda e: e.on):
            if event.type is EventType.APPLIED and event.node is not None:
                applied[event.node] = event.on
        kinds = {n.id: n.kind for n in ctx.project.payment_schedule}
        for i, variation in enumerate(ctx.project.variations):
            node = variation.node or fallback
            if variation.approved_on is None or node is None or node not in applied or variation.amount <= 0:
                continue  # an omission lowers the claim: nothing is claimed early
            if kinds.get(node) is NodeKind.FINAL:
                continue  # the final account settles the variations agreed while it is reviewed
            if applied[node] < variation.approved_on:
                where = ("variations", i, "node") if variation.node else ("variations", i)
                yield self.finding(
                    ctx,
                    where,
                    f"variation {variation.id} was approved on {variation.approved_on}, after {node} was applied for "
                    f"on {applied[node]}: that application could not include it, and the account would claim it "
                    f"from {node}'s due date",
                    "name the instalment that pays it, one applied for after the approval (node: ID)",
                )
