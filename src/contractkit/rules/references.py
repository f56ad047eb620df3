"""Rules on ids and the references between sections."""

from __future__ import annotations

from collections.abc import Iterator

from contractkit.model.findings import Finding, Severity
from contractkit.rules import Rule, RuleContext, register


@register
class REF001(Rule):
    """Two entries of one section share an id.

    Payment nodes, acceptance criteria, variations and evidence items are referred to by id; a repeated
    id makes every such reference ambiguous. Ids that differ only in case (P2, p2) count as the same: they
    read as one id to a person, and name the same file where the file system ignores case.
    """

    code = "REF001"
    severity = Severity.ERROR
    bad = "payment_schedule: [{id: P2, ...}, {id: P2, ...}]"
    good = "payment_schedule: [{id: P2, ...}, {id: P3, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        sections: dict[str, list[str]] = {
            "payment_schedule": [n.id for n in project.payment_schedule],
            "acceptance": [a.id for a in project.acceptance],
            "variations": [v.id for v in project.variations],
            "evidence": [e.id for e in project.evidence],
            "valuations": [v.id for v in project.valuations],
        }
        nodes = {n.id.casefold(): i for i, n in enumerate(project.payment_schedule)}
        for i, valuation in enumerate(project.valuations):
            if valuation.id.casefold() in nodes:
                node = nodes[valuation.id.casefold()]
                line = ctx.loaded.source.line_for(("payment_schedule", node))
                yield self.finding(
                    ctx,
                    ("valuations", i, "id"),
                    f"id {valuation.id} names both a valuation and a payment node "
                    f"({_as(project.payment_schedule[node].id, valuation.id)}line {line}): a valuation is paid "
                    "as a payment node of its own",
                    "give the valuation an id of its own, e.g. V03",
                )
        for section, ids in sections.items():
            first: dict[str, int] = {}
            for i, item_id in enumerate(ids):
                key = item_id.casefold()
                if key in first:
                    line = ctx.loaded.source.line_for((section, first[key]))
                    yield self.finding(
                        ctx,
                        (section, i, "id"),
                        f"id {item_id} is used twice in {section} ({_as(ids[first[key]], item_id)}first on line "
                        f"{line})",
                    )
                else:
                    first[key] = i


def _as(first: str, again: str) -> str:
    """How the first use was written, where it differs only in case."""
    return f"as {first}, " if first != again else ""


@register
class REF002(Rule):
    """A payment node names an acceptance criterion that does not exist.

    The link tells contractkit which review period and deemed-acceptance rule start the payment clock.
    """

    code = "REF002"
    severity = Severity.ERROR
    bad = "acceptance: [{id: AC-FIT, ...}]; payment_schedule: [{id: P2, acceptance: AC-FT, ...}]"
    good = "acceptance: [{id: AC-FIT, ...}]; payment_schedule: [{id: P2, acceptance: AC-FIT, ...}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        known = [a.id for a in ctx.project.acceptance]
        for i, node in enumerate(ctx.project.payment_schedule):
            if node.acceptance is not None and node.acceptance not in known:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "acceptance"),
                    f"node {node.id} refers to acceptance criterion {node.acceptance}, which is not defined",
                    f"use one of: {', '.join(known)}" if known else "define it under acceptance:",
                )


@register
class REF003(Rule):
    """An evidence item, event or variation names a payment node that does not exist.

    A payment, an application or a document recorded against an unknown node is money or proof that
    no status, application pack or demand letter will ever count.
    """

    code = "REF003"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-05-12, node: P9, type: applied}]  # no node P9"
    good = "events: [{on: 2026-05-12, node: P2, type: applied}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        known = set(project.node_ids)
        refs = [("evidence", i, item.node) for i, item in enumerate(project.evidence)]
        refs += [("events", i, event.node) for i, event in enumerate(project.events)]
        refs += [("variations", i, variation.node) for i, variation in enumerate(project.variations)]
        for section, i, node_id in refs:
            if node_id is not None and node_id not in known:
                yield self.finding(
                    ctx,
                    (section, i, "node"),
                    f"{section}[{i}] refers to payment node {node_id}, which is neither in the payment schedule nor "
                    "a valuation",
                    f"use one of: {', '.join(sorted(known))}" if known else None,
                )


@register
class REF005(Rule):
    """An event names a delivery proof that is not in the evidence register.

    The proof of delivery is what makes a demand interrupt limitation; it must point at a document on file.
    """

    code = "REF005"
    severity = Severity.ERROR
    bad = "events: [{on: 2026-07-01, node: P2, type: notice, stage: reminder, proof: E99}]"
    good = "events: [{on: 2026-07-01, node: P2, type: notice, stage: reminder, proof: E7}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        known = {e.id for e in ctx.project.evidence}
        for i, event in enumerate(ctx.project.events):
            if event.proof is not None and event.proof not in known:
                yield self.finding(
                    ctx,
                    ("events", i, "proof"),
                    f"events[{i}] names proof {event.proof}, which is not in the evidence register",
                )


@register
class REF006(Rule):
    """An evidence item is for a node that does not require anything it could satisfy.

    An item's title (or its ``satisfies``) must match one of the node's evidence requirements, so the
    evidence index can say which requirement each document meets.
    """

    code = "REF006"
    severity = Severity.WARNING
    bad = "evidence: [{id: E3, node: P2, title: 验收单}]  # P2 requires 分部工程验收记录"
    good = "evidence: [{id: E3, node: P2, title: 验收单, satisfies: 分部工程验收记录}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, item in enumerate(ctx.project.evidence):
            scheduled = ctx.schedule.get(item.node) if item.node else None
            node = scheduled.node if scheduled is not None else None
            if node is None:
                continue
            target = item.satisfies or item.title
            if target not in node.evidence:
                yield self.finding(
                    ctx,
                    ("evidence", i, "satisfies" if item.satisfies else "title"),
                    f"evidence {item.id} ({target!r}) matches none of node {node.id}'s requirements",
                    f"set satisfies: to one of: {', '.join(node.evidence)}" if node.evidence else None,
                )
