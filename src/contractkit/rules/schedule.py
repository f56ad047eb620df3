"""Rules on the payment schedule: every node payable on a clear milestone, with proof, on a date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from contractkit.account.schedule import RetentionMode
from contractkit.errors import ContractkitError
from contractkit.model.findings import Finding, Severity
from contractkit.model.models import DueBasis, NodeKind
from contractkit.model.types import MINOR_UNITS, format_decimal
from contractkit.rules import Rule, RuleContext, register


@register
class SCH001(Rule):
    """A payment node has no milestone.

    The milestone is the event that makes the node payable. Without one, the client can always say the
    payment has not yet been earned, and no due date can be computed.
    """

    code = "SCH001"
    severity = Severity.ERROR
    bad = "- {id: P2, title: 第二期进度款, share: 30%, evidence: [验收记录], due: {after: acceptance, days: 14}}"
    good = "- {id: P2, title: 第二期进度款, share: 30%, milestone: 吊顶基层完成并经分部验收, evidence: [验收记录], ...}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            if not (node.milestone or "").strip():
                yield self.finding(
                    ctx,
                    ("payment_schedule", i),
                    f"node {node.id} has no milestone: say what event makes it payable",
                    "add milestone: the completed and accepted work, e.g. 吊顶及墙面基层完成并经分部验收",
                )


@register
class SCH002(Rule):
    """A payment node has no evidence requirement.

    Evidence is what proves the milestone when the application goes in. A node without it invites
    the answer "send us something to show it is done" and weeks of delay.
    """

    code = "SCH002"
    severity = Severity.ERROR
    bad = "- {id: P2, ..., milestone: 分部验收合格, evidence: []}"
    good = "- {id: P2, ..., milestone: 分部验收合格, evidence: [分部工程验收记录, 监理确认的工程量清单]}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            if not [e for e in node.evidence if e.strip()]:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "evidence"),
                    f"node {node.id}: a payment node needs at least one evidence requirement",
                    "list the documents that prove the milestone, e.g. [分部工程验收记录, 监理确认的工程量清单]",
                )


_VAGUE = re.compile(
    r"相关(资料|材料|文件|证明)|其他(资料|材料|文件)|等$|等(资料|材料|文件)|"
    r"\brelevant (documents?|documentation|materials?|papers)\b|\betc\.?$|\bother documents?\b|"
    r"\bsupporting documents?\b|\bas (required|requested)\b|要求的(资料|材料|文件)",
    re.IGNORECASE,
)


@register
class SCH003(Rule):
    """An evidence requirement names nothing a person could check.

    "相关资料", "relevant documents", "etc." or a trailing "等" lets the client ask for more paper
    after the fact. Name each document so that the application can be shown to be complete.
    """

    code = "SCH003"
    severity = Severity.WARNING
    bad = "evidence: [验收记录及相关资料]"
    good = "evidence: [分部工程验收记录, 监理确认的工程量清单]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            for j, requirement in enumerate(node.evidence):
                if _VAGUE.search(requirement.strip()):
                    yield self.finding(
                        ctx,
                        ("payment_schedule", i, "evidence", j),
                        f"node {node.id}: evidence {requirement!r} names nothing checkable",
                        "name each document, e.g. 监理签认的工程量清单 instead of 相关资料",
                    )


@register
class SCH004(Rule):
    """The payment nodes do not add up to the contract price.

    Shares and fixed amounts must account for the whole price, exactly. A schedule that adds up to
    more or less leaves part of the price with no milestone, or promises more than the contract is worth.
    """

    code = "SCH004"
    severity = Severity.ERROR
    bad = 'contract: {price: "1,000,000.00"}; payment_schedule shares 30% + 30% + 30%'
    good = 'contract: {price: "1,000,000.00"}; payment_schedule shares 30% + 30% + 40%'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        schedule = ctx.schedule
        if not ctx.project.payment_schedule:
            yield self.finding(
                ctx,
                ("payment_schedule",),
                "the payment schedule is empty: the contract price is not tied to any milestone",
                "add payment nodes whose shares add up to 100%",
            )
            return
        difference = schedule.difference
        if difference == 0:
            return
        places = MINOR_UNITS.get(schedule.currency, 2)
        shares = sum((n.share or Decimal(0) for n in ctx.project.payment_schedule), Decimal(0))
        side = "short of" if difference > 0 else "more than"
        message = (
            f"the nodes add up to {schedule.currency} {format_decimal(schedule.total_base, places)}, "
            f"{schedule.currency} {format_decimal(abs(difference), places)} {side} the contract price "
            f"of {format_decimal(schedule.price, places)}"
        )
        if shares and all(n.amount is None for n in ctx.project.payment_schedule):
            message += f" (shares total {(shares * 100).normalize():f}%)"
        yield self.finding(ctx, ("payment_schedule",), message, "adjust the shares or amounts")


@register
class SCH005(Rule):
    """A payment node gives both a share and an amount, or neither.

    Each node's money must come from exactly one place: a share of the price ("30%") or a fixed amount
    ("720,000.00"). A retention-release node may give neither when retention is withheld from each
    payment: it then releases what was withheld. In a contract paid by measurement the final node gives neither:
    it pays the balance of the contract sum that the advance and the valuations have not paid.
    """

    code = "SCH005"
    severity = Severity.ERROR
    bad = '- {id: P2, share: 30%, amount: "720,000.00", ...}'
    good = "- {id: P2, share: 30%, ...}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        withheld = ctx.schedule.retention_mode is RetentionMode.WITHHELD
        measured = ctx.project.measured
        for i, node in enumerate(ctx.project.payment_schedule):
            if measured and node.kind is NodeKind.FINAL:
                if node.share is not None or node.amount is not None:
                    yield self.finding(
                        ctx,
                        ("payment_schedule", i, "share" if node.share is not None else "amount"),
                        f"node {node.id} is the final account of a contract paid by measurement: it pays the balance "
                        "of the contract sum the advance and the valuations leave, not a share or an amount of its own",
                        "remove share/amount; record a final remeasurement as an approved variation",
                    )
                continue
            if node.share is not None and node.amount is not None:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i),
                    f"node {node.id} gives both a share and an amount; keep one",
                )
            elif node.share is None and node.amount is None:
                if node.kind is NodeKind.RETENTION and withheld:
                    continue
                yield self.finding(
                    ctx,
                    ("payment_schedule", i),
                    f"node {node.id} gives neither a share nor an amount",
                    'add share: 30% or amount: "720,000.00"',
                )


@register
class SCH006(Rule):
    """A payment node has no due rule.

    Without an agreed date the creditor may demand payment at any time (Civil Code art. 511(4)), which
    in practice means the client decides. Give every node a due rule so late payment is provable.
    """

    code = "SCH006"
    severity = Severity.ERROR
    bad = "- {id: P2, ..., milestone: 分部验收合格, evidence: [验收记录]}"
    good = "- {id: P2, ..., due: {after: acceptance, days: 14}}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            if node.due is None:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i),
                    f"node {node.id} has no due rule, so late payment cannot be shown",
                    "add due: {after: acceptance, days: 14} (or application, invoice, signing), or due: {on: DATE}",
                )


@register
class SCH007(Rule):
    """Payment falls due after acceptance, but acceptance has no review period.

    If the clock starts only at acceptance and the client has no deadline to accept, the client can
    stall acceptance and so payment forever. Link the node to an acceptance criterion with review_days,
    ideally with deemed_accepted: true.
    """

    code = "SCH007"
    severity = Severity.WARNING
    bad = "acceptance: [{id: AC1, title: 验收}]  # no review_days; node due {after: acceptance, days: 14}"
    good = "acceptance: [{id: AC1, title: 验收, review_days: 7, deemed_accepted: true}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, node in enumerate(ctx.project.payment_schedule):
            if node.due is None or node.due.after is not DueBasis.ACCEPTANCE:
                continue
            criterion = ctx.project.criterion(node.acceptance) if node.acceptance else None
            if node.acceptance is None:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "due"),
                    f"node {node.id} is due after acceptance but names no acceptance criterion, "
                    "so nothing limits how long acceptance may take",
                    "add acceptance: ID of a criterion with review_days",
                )
            elif criterion is not None and criterion.review_days is None and _clause_review_days(ctx) is None:
                # a clause the contract picks (acceptance.inspection-period, acceptance.staged, ...) may give the
                # period the criterion leaves out: the account applies it
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "due"),
                    f"node {node.id} is due after acceptance {criterion.id}, which has no review period: "
                    "the client can stall acceptance and payment indefinitely",
                    f"give {criterion.id} review_days (and deemed_accepted: true)",
                )


def _clause_review_days(ctx: RuleContext) -> int | None:
    """The review period for acceptance that the contract's clauses give a criterion stating none, or None."""
    from contractkit.account.terms import contract_terms

    if "acceptance review days" not in ctx._cache:  # once a project, however many nodes ask
        try:
            ctx._cache["acceptance review days"] = contract_terms(ctx.project).acceptance_defaults.review_days
        except ContractkitError:
            ctx._cache["acceptance review days"] = None  # the terms' own problem is reported by the clause rules
    found = ctx._cache["acceptance review days"]
    return found if isinstance(found, int) else None


@register
class SCH008(Rule):
    """An amount is written more precisely than its currency allows.

    CNY, USD, EUR, GBP and HKD have two decimal places and JPY none. "100.005" cannot be paid; round it
    so the figure in the contract is the figure on the bank slip.
    """

    code = "SCH008"
    severity = Severity.ERROR
    bad = 'contract: {currency: CNY, price: "1000.005"}'
    good = 'contract: {currency: CNY, price: "1000.01"}'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        places = MINOR_UNITS.get(project.contract.currency, 2)
        amounts: list[tuple[tuple[str | int, ...], Decimal]] = [(("contract", "price"), project.contract.price)]
        amounts += [
            (("payment_schedule", i, "amount"), n.amount)
            for i, n in enumerate(project.payment_schedule)
            if n.amount is not None
        ]
        amounts += [(("variations", i, "amount"), v.amount) for i, v in enumerate(project.variations)]
        amounts += [(("events", i, "amount"), e.amount) for i, e in enumerate(project.events) if e.amount is not None]
        for loc, amount in amounts:
            exponent = amount.as_tuple().exponent
            if (
                isinstance(exponent, int)
                and -exponent > places
                and amount != amount.quantize(Decimal(1).scaleb(-places))
            ):
                yield self.finding(
                    ctx,
                    loc,
                    f"{amount} has more than {places} decimal places for {project.contract.currency}",
                )
