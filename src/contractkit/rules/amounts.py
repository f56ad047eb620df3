"""Rules on amounts the schedule computes: no payment node may be worth less than nothing."""

from __future__ import annotations

from collections.abc import Iterator

from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import Loc
from contractkit.model.types import MINOR_UNITS, format_decimal
from contractkit.rules import Rule, RuleContext, register


@register
class AMT001(Rule):
    """Approved variations make a payment node's amount negative.

    An omission (a negative variation) reduces the node that carries it; reduced below zero, the node
    would have the contractor pay the client, and every application, statement and letter for it would
    claim a negative sum. Spread the omission over the nodes it concerns, or revise the schedule.
    """

    code = "AMT001"
    severity = Severity.ERROR
    bad = 'payment_schedule: [{id: P3, share: 30%}]; variations: [{id: V1, amount: "-3,000,000.00", node: P3}]'
    good = 'payment_schedule: [{id: P3, share: 30%}]; variations: [{id: V1, amount: "-30,000.00", node: P3}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        schedule = ctx.schedule
        places = MINOR_UNITS.get(schedule.currency, 2)
        final_nodes = [n.id for n in ctx.project.payment_schedule if n.kind == "final"]
        fallback = final_nodes[-1] if final_nodes else None
        positions = {n.id: i for i, n in enumerate(ctx.project.payment_schedule)}
        for node in schedule.nodes:
            if node.value >= 0 or node.id not in positions:
                continue
            if ctx.project.measured and node.node.kind == "final":
                continue  # the balance of a measured contract: quantities beyond the bill are BOQ002's business
            carriers = [
                i
                for i, v in enumerate(ctx.project.variations)
                if v.approved_on is not None and (v.node or fallback) == node.id
            ]
            loc: Loc = ("variations", carriers[-1], "amount") if carriers else ("payment_schedule", positions[node.id])
            yield self.finding(
                ctx,
                loc,
                f"node {node.id} is worth {schedule.currency} {format_decimal(node.value, places)} once its approved "
                f"variations ({format_decimal(node.variations, places)}) are applied: a payment cannot be negative",
                "carry the omission on the nodes whose work it removes, or revise the schedule",
            )
