"""Rules from PRC law: the SME Payment Regulations and the quality-deposit cap."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal

from contractkit.law.prc import SME_2025, sme_in_force
from contractkit.model.findings import Finding, Severity
from contractkit.model.models import (
    DepositForm,
    DepositKind,
    DueBasis,
    Jurisdiction,
    NodeKind,
    PartyForm,
    PartySize,
    ProjectKind,
)
from contractkit.model.types import format_percent
from contractkit.rules import Rule, RuleContext, register

QUALITY_DEPOSIT_CAP = Decimal("0.03")
SME_TERM_CAP_DAYS = 60


def _cn(ctx: RuleContext) -> bool:
    return ctx.project.jurisdiction is Jurisdiction.CN


def _sme_regulations_apply(ctx: RuleContext, *sizes: PartySize) -> bool:
    """The SME Payment Regulations bind the client to an SME contractor: a 机关/事业单位 (``size: government``, or
    ``form: public-body`` whatever its size says) or a large enterprise, as the model reads the parties. An individual
    or a sole trader (个体工商户) is neither, whatever its ``size`` says. The model decides
    (``Project.sme_regulations_apply``), as it does for drafting, the account and letters.

    These rules check what the contract agrees, and what a contract may agree is the law in force when it was
    signed: a contract signed before the Regulations came into force (law/prc.py ``SME_REGULATIONS``) was lawfully
    agreed without them, and they have no retroactive provision (``sme_contract_terms``)."""
    return ctx.project.sme_regulations_apply(*sizes) and _signed_under_regulations(ctx)


def _signed_under_regulations(ctx: RuleContext) -> bool:
    """The contract was signed while a text of the SME Payment Regulations was in force."""
    return sme_in_force(ctx.project.contract.signed_on)


def _text_2020(ctx: RuleContext) -> bool:
    """The contract was signed under the 2020 text of the SME Payment Regulations (State Council Order 728), whose
    articles are numbered otherwise, and which lacks some of the 2025 text's rules."""
    return ctx.project.contract.signed_on < SME_2025


def _payment_terms(ctx: RuleContext) -> Iterator[tuple[int, str, int]]:
    """(node index, node id, calendar-day equivalent) for terms counted from delivery-type events."""
    for i, node in enumerate(ctx.project.payment_schedule):
        due = node.due
        if (
            due is None
            or due.days is None
            or due.after
            not in (
                DueBasis.APPLICATION,
                DueBasis.ACCEPTANCE,
                DueBasis.INVOICE,
            )
        ):
            continue
        days = math.ceil(due.days * 7 / 5) if due.working_days else due.days
        yield i, node.id, days


@register
class CN001(Rule):
    """Retention (quality deposit) above 3% on a construction contract.

    The quality deposit may not exceed 3% of the settlement sum (建设工程质量保证金管理办法 art. 7).
    A higher figure is unenforceable beyond the cap and invites a dispute at release time.
    """

    code = "CN001"
    severity = Severity.WARNING
    bad = "contract: {retention: 5%}"
    good = "contract: {retention: 3%}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if not _cn(ctx) or project.project.kind is not ProjectKind.CONSTRUCTION:
            return
        found: list[tuple[tuple[str | int, ...], Decimal]] = []
        if project.contract.retention is not None:
            found.append((("contract", "retention"), project.contract.retention))
        for i, node in enumerate(project.payment_schedule):
            if node.kind is NodeKind.RETENTION and node.share is not None:
                found.append((("payment_schedule", i, "share"), node.share))
        for i, deposit in enumerate(project.contract.deposits):
            if deposit.kind is DepositKind.QUALITY and deposit.share is not None:
                found.append((("contract", "deposits", i, "share"), deposit.share))
        for loc, share in found:
            if share > QUALITY_DEPOSIT_CAP:
                yield self.finding(
                    ctx,
                    loc,
                    f"retention of {format_percent(share)} is above the 3% cap on quality deposits "
                    "(建设工程质量保证金管理办法 art. 7)",
                    "lower it to 3% or less",
                )


@register
class CN002(Rule):
    """A public body (机关、事业单位) must pay an SME within 60 days at most.

    保障中小企业款项支付条例 art. 9 ¶1: government bodies and public institutions pay SMEs within 30 days
    of delivery; a contract may agree another term, but never beyond 60 days. A longer term is unlawful.
    A client is a public body where its size is government or its form is public-body (whatever its size).
    A contract signed before the Regulations came into force (2020-09-01) is not checked (nor by CN003-CN006);
    one signed under the 2020 text is cited under it (art. 8 ¶1).
    """

    code = "CN002"
    severity = Severity.ERROR
    bad = "parties: {client: {size: government}, contractor: {size: sme}}; due: {after: acceptance, days: 90}"
    good = "parties: {client: {size: government}, contractor: {size: sme}}; due: {after: acceptance, days: 30}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not _sme_regulations_apply(ctx, PartySize.GOVERNMENT):
            return
        # the cap is art. 8 ¶1 of the 2020 text, art. 9 ¶1 of the 2025 text: the one in force at signing
        article = "(2020) art. 8 ¶1" if _text_2020(ctx) else "art. 9 ¶1"
        for i, node_id, days in _payment_terms(ctx):
            if days > SME_TERM_CAP_DAYS:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "due", "days"),
                    f"node {node_id}: a payment term of {days} days exceeds the 60-day cap for a public body "
                    f"(机关、事业单位) paying an SME (保障中小企业款项支付条例 {article})",
                    "shorten the term to 60 days or less (30 is the default)",
                )


@register
class CN003(Rule):
    """A large client's payment term to an SME is over 60 days.

    保障中小企业款项支付条例 art. 9 ¶2: large enterprises pay SMEs within 60 days of delivery. A longer term
    is lawful only when agreed and reasonable by industry norms and trade custom — be ready to show that.
    A public body is never a large enterprise, whatever its size says: its terms are capped (CN002). The 60 days
    are the 2025 text's (in force 2025-06-01): a contract signed earlier is not checked against them.
    """

    code = "CN003"
    severity = Severity.WARNING
    bad = "parties: {client: {size: large}, contractor: {size: sme}}; due: {after: acceptance, days: 90}"
    good = "parties: {client: {size: large}, contractor: {size: sme}}; due: {after: acceptance, days: 30}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        # the 60 days are the 2025 text's (art. 9 ¶2): the 2020 text (art. 8 ¶2) has a large enterprise agree a
        # reasonable term by industry norms, and sets no number of days
        if not _sme_regulations_apply(ctx, PartySize.LARGE) or _text_2020(ctx):
            return
        for i, node_id, days in _payment_terms(ctx):
            if days > SME_TERM_CAP_DAYS:
                yield self.finding(
                    ctx,
                    ("payment_schedule", i, "due", "days"),
                    f"node {node_id}: a payment term of {days} days is over 60 days; lawful only if agreed and "
                    "reasonable by industry custom (保障中小企业款项支付条例 art. 9 ¶2)",
                )


_BACK_TO_BACK = re.compile(
    r"(收到|收妥|取得|获得|待).{0,12}(业主|建设单位|总包|总承包|甲方的?上游|第三方|最终用户|上级).{0,8}(付款|款项|拨款|资金)"
    r"|(业主|建设单位|总包|第三方|最终用户).{0,8}(付款|拨款|支付).{0,6}(后|为前提|为条件|比例|同比例)"
    r"|按.{0,10}(业主|建设单位|总包|第三方).{0,8}(付款|拨付).{0,4}比例"
    r"|背靠背"
    r"|pay[- ]when[- ]paid|paid[- ]when[- ]paid|pay[- ]if[- ]paid|back[- ]to[- ]back"
    r"|(upon|after|on|subject to) (the )?receipt of (payment|funds|monies) from"
    r"|in proportion to (the )?(payments?|amounts?) received from",
    re.IGNORECASE,
)


@register
class CN004(Rule):
    """Payment is made conditional on, or proportional to, the client being paid by someone else.

    保障中小企业款项支付条例 art. 9 ¶2 forbids a government body or large enterprise from making payment to an
    SME depend on its own receipt of a third party's payment (no "back-to-back" or pay-when-paid terms).
    """

    code = "CN004"
    severity = Severity.ERROR
    bad = "milestone: 业主向发包人支付相应工程款后"
    good = "milestone: 分部工程验收合格"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not _sme_regulations_apply(ctx, PartySize.LARGE, PartySize.GOVERNMENT):
            return
        for i, node in enumerate(ctx.project.payment_schedule):
            for key in ("milestone", "title"):
                text = getattr(node, key) or ""
                if _BACK_TO_BACK.search(text):
                    yield self.finding(
                        ctx,
                        ("payment_schedule", i, key),
                        f"node {node.id} makes payment depend on the client being paid by a third party, "
                        "which 保障中小企业款项支付条例 art. 9 forbids",
                        "tie the node to the contractor's own work and its acceptance",
                    )


@register
class CN005(Rule):
    """A deposit other than the four the regulations allow, or one limited to cash.

    保障中小企业款项支付条例 art. 13: in construction only bid, performance, quality and migrant-wage deposits
    may be taken from an SME, they may not be limited to cash, and a bank guarantee must be accepted instead.
    """

    code = "CN005"
    severity = Severity.WARNING
    bad = "contract: {deposits: [{kind: other, title: 安全文明施工保证金, forms: [cash]}]}"
    good = "contract: {deposits: [{kind: performance, share: 5%, forms: [cash, bank-guarantee]}]}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if not _cn(ctx) or project.project.kind is not ProjectKind.CONSTRUCTION:
            return
        if project.parties.contractor.size is not PartySize.SME or not _signed_under_regulations(ctx):
            return
        for i, deposit in enumerate(project.contract.deposits):
            name = deposit.title or str(deposit.kind)
            if deposit.kind is DepositKind.OTHER:
                yield self.finding(
                    ctx,
                    ("contract", "deposits", i, "kind"),
                    f"deposit {name!r} is not one of the four allowed in construction (bid, performance, "
                    "quality, migrant-wage) (保障中小企业款项支付条例 art. 13)",
                )
            if DepositForm.BANK_GUARANTEE not in deposit.forms:
                yield self.finding(
                    ctx,
                    ("contract", "deposits", i, "forms"),
                    f"deposit {name!r} does not accept a bank guarantee in lieu of cash "
                    "(保障中小企业款项支付条例 art. 13)",
                    "add bank-guarantee to forms",
                )


@register
class CN006(Rule):
    """The agreed late-payment rate is below the one-year LPR at signing.

    保障中小企业款项支付条例 art. 17: where a government body, public institution or large enterprise pays an
    SME late, interest is mandatory and an agreed rate may not be lower than the one-year LPR on the date
    of signing. The drafted clause states the floor (a rate below it is replaced by the LPR at signing), and
    contractkit computes interest at the floor, so letters claim what the clause gives; but the regulation
    does not itself say what replaces a lower rate, so a contract still to be signed should agree at least the
    LPR (0.05% a day is the default). A rate fixed as a multiple of a later LPR can fall below it too, and the
    clause's floor then applies.
    """

    code = "CN006"
    severity = Severity.WARNING
    bad = "clauses: [{use: penalty.late-payment-interest, with: {annual_rate: 2%}}]  # LPR 3.00% at signing"
    good = "clauses: [{use: penalty.late-payment-interest, with: {daily_rate: 0.05%}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.account.interest import rate_below_lpr_at_signing
        from contractkit.account.terms import interest_terms
        from contractkit.errors import ContractkitError

        if not _sme_regulations_apply(ctx, PartySize.LARGE, PartySize.GOVERNMENT):
            return
        try:
            terms = interest_terms(ctx.project, apply_floor=False)  # the rate as agreed, before the floor
            below = rate_below_lpr_at_signing(ctx.project, terms)
        except ContractkitError:
            return  # no LPR known for the signing date: nothing to compare
        if below is None:
            return
        agreed, lpr = below
        # the floor is art. 15 of the 2020 text, art. 17 of the 2025 text: the one in force at signing
        article = "(2020) art. 15" if _text_2020(ctx) else "art. 17"
        index = next(
            (i for i, c in enumerate(ctx.project.clauses) if c.use == terms.basis.removeprefix("clause:")), None
        )
        loc: tuple[str | int, ...] = ("clauses", index) if index is not None else ("clauses",)
        yield self.finding(
            ctx,
            loc,
            f"the agreed rate ({format_percent(agreed.quantize(Decimal('0.0001')))} a year) is below the one-year "
            f"LPR at signing ({format_percent(lpr)}) (保障中小企业款项支付条例 {article}): the clause's floor "
            "applies, and contractkit computes interest at the LPR at signing",
            "before signing, agree at least the LPR, e.g. daily_rate: 0.05%",
        )


@register
class CN007(Rule):
    """A public body (form: public-body) is given an enterprise size.

    保障中小企业款项支付条例 art. 9 ¶1 puts 机关、事业单位 under its own payment term (30 days, at most 60 by
    agreement); art. 3 sizes enterprises only. A public body is therefore never a large enterprise or an SME:
    contractkit applies the public-body rules and wording whatever its size says (a size left out is read as
    government), so a contradicting size is only a warning that the file says two things.
    """

    code = "CN007"
    severity = Severity.WARNING
    bad = "parties: {client: {name: 上海市浦东新区教育局, form: public-body, size: large}}"
    good = "parties: {client: {name: 上海市浦东新区教育局, form: public-body, size: government}}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if not _cn(ctx):
            return
        parties = ctx.project.parties
        for role in ("client", "contractor"):
            party = getattr(parties, role)
            if party.form is not PartyForm.PUBLIC_BODY or party.size in (PartySize.GOVERNMENT, None):
                continue
            yield self.finding(
                ctx,
                ("parties", role, "size"),
                f"{party.name} is a public body (form: public-body), a 机关/事业单位 under "
                f"保障中小企业款项支付条例 art. 9 ¶1, but its size says {party.size}: a public body is not an "
                "enterprise, large or small, and contractkit treats it as government",
                "set size: government (or correct form)",
            )
