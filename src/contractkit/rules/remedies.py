"""Rules on the remedies a contractor needs when payment is late."""

from __future__ import annotations

from collections.abc import Iterator

from contractkit.model.findings import Finding, Severity
from contractkit.rules import Rule, RuleContext, register


def _uses_prefix(ctx: RuleContext, prefix: str) -> bool:
    return any(c.use.startswith(prefix) for c in ctx.project.clauses)


@register
class REM001(Rule):
    """The contract has no late-payment remedy.

    Without an agreed rate, interest falls back on the law (in China 0.05% a day only where the SME
    Payment Regulations apply; otherwise the LPR), and a letter has no clause to cite.
    Pick one of the penalty.late-payment-* clauses.
    """

    code = "REM001"
    severity = Severity.WARNING
    bad = "clauses: [{use: dispute.arbitration}]"
    good = "clauses: [{use: penalty.late-payment-interest, with: {daily_rate: 0.05%}}, {use: dispute.arbitration}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not (_uses_prefix(ctx, "penalty.late-payment") or _uses_prefix(ctx, "penalty.financing-charges")):
            yield self.finding(
                ctx,
                ("clauses",),
                "the contract is silent on late payment: no clause sets interest on overdue sums",
                "add - use: penalty.late-payment-interest",
            )


@register
class REM002(Rule):
    """The contract gives no right to suspend work for non-payment.

    Suspension is the contractor's strongest lever short of proceedings. Without a clause, PRC law allows it
    only as the defence of prior performance (Civil Code art. 526) or on firm evidence of the client's
    deterioration (arts. 527-528); a clause makes it plain and sets the notice period. (In England the
    Construction Act gives the right for construction operations whatever the contract says.)
    """

    code = "REM002"
    severity = Severity.WARNING
    bad = "clauses: [{use: penalty.late-payment-interest}]"
    good = "clauses: [{use: penalty.late-payment-interest}, {use: suspension.non-payment, with: {notice_days: 7}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.law import law_for

        if law_for(ctx.project).suspension_right(ctx.project, None) is not None:
            return  # the law gives the right whatever the contract says (HGCRA s.112 for construction in England)
        if not _uses_prefix(ctx, "suspension.non-payment"):
            yield self.finding(
                ctx,
                ("clauses",),
                "the contract gives no right to suspend work when payment is late",
                "add - use: suspension.non-payment",
            )


@register
class REM003(Rule):
    """The contract has no dispute-resolution clause.

    Without one, a final demand cannot say where proceedings will be brought, and the parties may first
    have to argue about the forum.
    """

    code = "REM003"
    severity = Severity.WARNING
    bad = "clauses: [{use: penalty.late-payment-interest}]"
    good = "clauses: [{use: penalty.late-payment-interest}, {use: dispute.arbitration}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not _uses_prefix(ctx, "dispute."):
            yield self.finding(
                ctx,
                ("clauses",),
                "the contract has no dispute-resolution clause",
                "add - use: dispute.arbitration or - use: dispute.court",
            )
