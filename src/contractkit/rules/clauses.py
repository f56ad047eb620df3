"""Rules on the clauses a project picks from the library and the parameters it gives them."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from contractkit.model.findings import Finding, Severity
from contractkit.rules import Rule, RuleContext, register


@register
class CLA001(Rule):
    """A clause id is not in the clause library.

    Every ``use:`` must name a clause of the library (``contractkit clauses list``); a misspelt id would
    leave the term out of the contract.
    """

    code = "CLA001"
    severity = Severity.ERROR
    bad = "clauses: [{use: penalty.late-payment-intrest}]"
    good = "clauses: [{use: penalty.late-payment-interest}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.library is None:
            return
        for i, use in enumerate(ctx.project.clauses):
            if use.use not in ctx.library:
                close = difflib.get_close_matches(use.use, ctx.library.ids(), n=1)
                yield self.finding(
                    ctx,
                    ("clauses", i, "use"),
                    f"there is no clause {use.use!r} in the library",
                    f"did you mean {close[0]}? (contractkit clauses list)" if close else "see contractkit clauses list",
                )


@register
class CLA002(Rule):
    """A clause parameter is unknown, invalid or out of bounds, or a required one is missing.

    Parameters are typed and bounded in the clause file (``contractkit clauses show ID``); the message
    gives the allowed values.
    """

    code = "CLA002"
    severity = Severity.ERROR
    bad = "clauses: [{use: suspension.non-payment, with: {notice_days: 500}}]"
    good = "clauses: [{use: suspension.non-payment, with: {notice_days: 7}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.library is None:
            return
        for i, use in enumerate(ctx.project.clauses):
            clause = ctx.library.get(use.use)
            if clause is None:
                continue
            _, problems = clause.resolve(use.with_)
            for name, message in problems:
                loc: tuple[str | int, ...] = ("clauses", i, "with", name) if name else ("clauses", i)
                yield self.finding(ctx, loc, message)


@register
class CLA003(Rule):
    """The same clause is used twice.

    A clause appears once in a contract; two uses with different parameters would contradict each other.
    """

    code = "CLA003"
    severity = Severity.ERROR
    bad = "clauses: [{use: dispute.court}, {use: dispute.court}]"
    good = "clauses: [{use: dispute.court}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first: dict[str, int] = {}
        for i, use in enumerate(ctx.project.clauses):
            if use.use in first:
                yield self.finding(
                    ctx, ("clauses", i, "use"), f"{use.use} is already used at clauses[{first[use.use]}]"
                )
            else:
                first[use.use] = i


@register
class CLA004(Rule):
    """The contract picks two clauses that answer the same question differently.

    One late-payment interest clause, one forum for disputes: arbitration and court jurisdiction exclude
    each other, and two interest clauses would give two rates.
    """

    code = "CLA004"
    severity = Severity.ERROR
    bad = "clauses: [{use: dispute.arbitration}, {use: dispute.court}]"
    good = "clauses: [{use: dispute.negotiation}, {use: dispute.arbitration}]"

    GROUPS = (
        (
            "a late-payment interest rate",
            (
                "penalty.late-payment-interest",
                "penalty.late-payment-annual-rate",
                "penalty.late-payment-lpr",
                "penalty.financing-charges",
            ),
        ),
        ("a forum for disputes", ("dispute.arbitration", "dispute.court")),
        ("the acceptance procedure", ("acceptance.inspection-period", "acceptance.software-uat")),
        ("confidentiality", ("confidentiality.mutual", "confidentiality.one-way")),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        used = [(i, c.use) for i, c in enumerate(ctx.project.clauses)]
        for topic, ids in self.GROUPS:
            hits = [(i, cid) for i, cid in used if cid in ids]
            for i, cid in hits[1:]:
                yield self.finding(
                    ctx,
                    ("clauses", i, "use"),
                    f"{cid} and {hits[0][1]} both set {topic}; keep one",
                )
