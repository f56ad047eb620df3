"""Template contexts for the payment application pack (letter, statement, progress summary, evidence index)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from contractkit.account.account import Account, DiscountOffer, NodeAccount, NodeState
from contractkit.account.dates import Waiting
from contractkit.account.evidence import EvidenceFile, NodeEvidence
from contractkit.account.schedule import ScheduledNode
from contractkit.account.statement import PaymentStatement, StatementLine
from contractkit.account.valuation import ItemProgress, MeasurementTerms, RetentionBasis, ValuationResult
from contractkit.documents.common import (
    _CURRENCY_UNITS,
    common_context,
    document_title,
    due_rule_text,
    given_up,
    milestone_text,
)
from contractkit.law import law_for
from contractkit.model import formatting
from contractkit.model.models import ContractForm, NodeKind, Project

BUNDLE_NAME = "evidence-bundle.pdf"


@dataclass(frozen=True)
class BundleEntry:
    """Where an evidence file sits in the bundle (1-based pages, inclusive)."""

    file: EvidenceFile
    requirement: str
    first_page: int
    last_page: int


@dataclass(frozen=True)
class ApplicationFacts:
    """What the pack states, computed before any document is rendered."""

    node_id: str
    as_of: dt.date
    reference: str
    amount: Decimal
    due_on: dt.date | None
    due_at_latest: bool  # the due date assumes deemed acceptance at the end of the review period
    statement: PaymentStatement
    evidence: NodeEvidence
    entries: tuple[BundleEntry, ...]
    discount: DiscountOffer | None
    confidential: bool
    status: Account  # as it stands once this application is in
    valuation: ValuationResult | None = None  # the valuation applied for, where the node is one


#: The clause that states when a node of each kind is payable, where the contract picks it.
_KIND_CLAUSES = {
    NodeKind.ADVANCE: "payment.advance",
    NodeKind.FINAL: "payment.final-account",
    NodeKind.RETENTION: "payment.retention",
}


def _payment_clause(project: Project, lang: str, node: ScheduledNode) -> str:
    """The clause a letter cites for a node's condition of payment: the monthly-progress clause for a valuation, the
    advance, final-account or retention clause for those nodes where the contract has one, else the payment
    schedule's clause (or the payment plan)."""
    own = "payment.monthly-progress" if node.measured else _KIND_CLAUSES.get(node.node.kind)
    number = (project.clause_number(own) if own else None) or project.clause_number("payment.milestone-schedule")
    if number is None and not project.measured:
        number = project.clause_number("payment.monthly-progress")
    if lang == "zh":
        return f"第{number}条" if number else "第3条（付款计划）"
    return f"Clause {number}" if number else "Clause 3 (Payment Schedule)"


_STATE = {
    "zh": {
        NodeState.NOT_DUE: "未到期",
        NodeState.OVERDUE: "已逾期",
        NodeState.PAID: "已付清",
        NodeState.DISPUTED: "无争议部分已付清，争议部分待解决",
        Waiting.DUE_RULE: "付款期限未约定",
        Waiting.APPLICATION: "未申请",
        Waiting.ACCEPTANCE_REQUEST: "待提请验收",
        Waiting.ACCEPTANCE: "验收中",
        Waiting.INVOICE: "待开具发票",
        Waiting.GUARANTEE: "待提交预付款保函",
        Waiting.CALENDAR: "付款期限待定",
        Waiting.NOTICE: "待我方发出应付金额通知",
    },
    "en": {
        NodeState.NOT_DUE: "not yet due",
        NodeState.OVERDUE: "overdue",
        NodeState.PAID: "paid",
        NodeState.DISPUTED: "undisputed part paid; the disputed part is pending",
        Waiting.DUE_RULE: "no due date agreed",
        Waiting.APPLICATION: "not yet applied for",
        Waiting.ACCEPTANCE_REQUEST: "acceptance not yet requested",
        Waiting.ACCEPTANCE: "awaiting acceptance",
        Waiting.INVOICE: "awaiting the invoice",
        Waiting.GUARANTEE: "awaiting the advance guarantee",
        Waiting.CALENDAR: "due date not yet known",
        Waiting.NOTICE: "awaiting our notice of the sum due",
    },
}


def state_label(n: NodeAccount, lang: str) -> str:
    """A node's state in a few words: paid, overdue, not yet due, or what it waits for."""
    key: NodeState | Waiting = n.due.waiting if n.state is NodeState.WAITING else n.state
    return _STATE["zh" if lang == "zh" else "en"][key]


def acceptance_state(n: NodeAccount) -> str:
    """``accepted``, ``deemed``, ``pending`` (a complete request, the review period running), ``incomplete``
    (requested without the documents the criterion asks for), ``not_requested``, or ``""`` where the node is
    not paid on an acceptance."""
    a = n.acceptance
    if a.accepted_on is not None:
        return "deemed" if a.deemed else "accepted"
    if a.criterion is None:
        return ""
    if a.started_by is not None:
        return "pending"
    return "incomplete" if a.requests else "not_requested"


_LABELS = {
    "zh": {
        "to_follow": "后补",
        "enclosed": "附后",
        "page": "第{0}页",
        "pages": "第{0}-{1}页",
        "deemed": "（视为验收合格）",
        "item": "〔清单项目{0}〕",
        "supporting": "其他证明材料",
        "separator": "、",
    },
    "en": {
        "to_follow": "to follow",
        "enclosed": "enclosed",
        "page": "p. {0}",
        "pages": "pp. {0}-{1}",
        "deemed": " (deemed acceptance)",
        "item": " [item {0}]",
        "supporting": "Supporting documents",
        "separator": ", ",
    },
}


def pack_context(project: Project, facts: ApplicationFacts, lang: str) -> dict[str, Any]:
    """One language's context for every template of the pack."""
    cur = project.contract.currency
    labels = _LABELS[lang]
    st = facts.statement
    node_status = facts.status.node(facts.node_id)
    assert node_status is not None
    node = node_status.scheduled.node
    criterion = project.criterion(node.acceptance) if node.acceptance else None

    def money(x: Decimal) -> str:
        return formatting.money(x, cur, lang)

    def figs(x: Decimal) -> str:
        return formatting.figures(x, cur)

    def date(x: dt.date | None) -> str:
        return formatting.date(x, lang) if x else ""

    a = node_status.acceptance
    enclosures = _enclosures(lang, facts)
    earlier = earlier_nodes(facts.status, facts.node_id)
    rows = []
    for line in st.lines:
        ahead = line.advance
        rows.append(
            {
                "id": line.node_id,
                # an advance is paid before the work: what was asked for on it is not work completed (line 7); the
                # advance the payments recover comes off it again on a row of its own
                "title": _RECOVERY_ROW[lang] if line.recovery else line.title + (_ADVANCE_ROW[lang] if ahead else ""),
                # that note alone: a bilingual statement's row reads the written title with the note in each language
                "note": _RECOVERY_ROW[lang] if line.recovery else (_ADVANCE_ROW[lang].strip() if ahead else ""),
                "scheduled": figs(line.scheduled),
                "previous": figs(line.previous),
                "this": figs(line.this_period),
                "to_date": figs(line.to_date),
                # no share of nothing: a node with no scheduled value of its own (retention withheld from the others)
                "percent": "" if ahead or not line.scheduled else f"{line.percent}%",
                "balance": figs(line.balance),
                "retention": figs(line.retention),
            }
        )
    by_requirement: dict[str, list[BundleEntry]] = {}
    for entry in facts.entries:
        by_requirement.setdefault(entry.requirement, []).append(entry)
    evidence_rows = []
    for i, requirement in enumerate(facts.evidence.requirements, start=1):
        entries = by_requirement.get(requirement.text, [])
        if entries:
            documents = "\n".join(
                f"{e.file.item.id} {e.file.item.title}"
                + (f"（{date(e.file.item.date)}）" if lang == "zh" and e.file.item.date else "")
                + (f" ({date(e.file.item.date)})" if lang != "zh" and e.file.item.date else "")
                + (labels["item"].format(e.file.item.item) if e.file.item.item else "")
                for e in entries
            )
            pages = labels["separator"].join(
                labels["page"].format(e.first_page)
                if e.first_page == e.last_page
                else labels["pages"].format(e.first_page, e.last_page)
                for e in entries
            )
            state = labels["enclosed"]
        else:
            documents, pages, state = "", "", labels["to_follow"]
        evidence_rows.append(
            {
                "no": str(i),
                "requirement": requirement.text,
                "documents": documents,
                "pages": pages,
                "state": state,
                "supporting": False,
            }
        )
    # documents recorded for the node that meet no requirement: in the bundle after the required ones
    supporting = {f.item.id for f in facts.evidence.supporting}
    for entry in facts.entries:
        if entry.file.item.id not in supporting:
            continue
        item = entry.file.item
        evidence_rows.append(
            {
                "no": str(len(evidence_rows) + 1),
                "requirement": labels["supporting"],
                "documents": f"{item.id} {item.title}"
                + (f"（{date(item.date)}）" if lang == "zh" and item.date else "")
                + (f" ({date(item.date)})" if lang != "zh" and item.date else ""),
                "pages": labels["page"].format(entry.first_page)
                if entry.first_page == entry.last_page
                else labels["pages"].format(entry.first_page, entry.last_page),
                "state": labels["enclosed"],
                "supporting": True,
            }
        )
    progress = []
    for n in facts.status.nodes:
        progress.append(
            {
                "id": n.id,
                "title": n.scheduled.node.title,
                "milestone": milestone_text(n.scheduled, lang),
                "applied": date(n.applied_on) or ("本次申请" if lang == "zh" else "this application")
                if n.id == facts.node_id
                else date(n.applied_on),
                "accepted": date(n.accepted_on) + (labels["deemed"] if n.acceptance_deemed else ""),
                "paid": figs(n.paid),
                "state": state_label(n, lang),
                "reached": n.requested,
            }
        )
    discount = facts.discount
    return {
        **common_context(project, lang),
        # the letter cites the contract by the title it was drafted under (``draft``), not the project's name
        "doc": {"reference": facts.reference, "date": date(facts.as_of), "title": document_title(project, lang)},
        "node": {
            "id": node.id,
            "title": node.title,
            "milestone": milestone_text(node_status.scheduled, lang),
            "measured": facts.valuation is not None,
            "figures": figs(facts.amount),
            "money": money(facts.amount),
            "words": formatting.words(facts.amount, cur, lang),
            "due_rule": due_rule_text(node.due, lang),
            "due_date": date(facts.due_on),
            "due_at_latest": facts.due_at_latest,
            "clause": _payment_clause(project, lang, node_status.scheduled),
            "acceptance": acceptance_state(node_status),
            "accepted_on": date(a.accepted_on),
            # a written acceptance recorded after the review period had run out: it does not move the date
            "late_record": date(a.late_record) if a.deemed else "",
            "requested_on": date(a.started_by.on if a.started_by else None),
            "review_ends": date(a.review_ends),
            "deemed_rule": a.deemed_rule,
            "acceptance_clause": _number(project, facts.status.terms.acceptance_clause),
            "criterion": criterion.title if criterion else "",
            # the contract gives the client a period to review an application: it runs from acceptance
            "reviewed": _reviewed(facts.status, node),
            # the payment clause that says so (sub-clause 3 of payment.milestone-schedule), where the contract has it
            "review_clause": _review_clause(project, facts.status, node),
            # the last day of the client's review of this application, where the contract sets one and it runs
            # from the application: the day the letter asks for any further document by
            "review_by": date(node_status.claim.certify_by) if node_status.claim else "",
        },
        "discount": _discount(project, discount, lang),
        "enclosures": enclosures,
        "statement": {
            "l1": figs(st.original_sum),
            "l2": figs(st.variations),
            "l3": figs(st.contract_sum_to_date),
            # G702 with the advance on a line of its own (GF-2017-0201 12.4.2 lists it apart from the work done):
            # every line as the statement computes it (account/statement.py), the one source of "work completed"
            "l4": figs(st.completed_to_date),
            "l5": figs(st.retention),
            "l6": figs(st.earned_less_retention),
            "l7": figs(st.advance_to_date),
            "l8": figs(st.due_to_date),
            "l9": figs(st.previous_applications),
            # line 9 holds what was received against this node before its application: the label says so
            "received_before": figs(st.received_before) if st.received_before else "",
            "l10": figs(st.current_due),
            "l11": figs(st.balance_to_finish),
            "released": figs(st.retention_released),
            "advance": figs(st.advance_recovered),
            "recovered": figs(st.advance_recovered_to_date),
            "has_advance": bool(st.advance_lines),
            # the payments recover the advance (payment.monthly-progress): the rows state them before recovery
            "recovers": st.recovers,
            "recovery_clause": (project.clause_number("payment.monthly-progress") or "") if st.recovers else "",
            # the schedule's nodes add up to the contract sum: the advance is one of them, not recovered from others
            # (except where the contract pays by measurement: payment.monthly-progress recovers the advance from the
            # valuations, and what they have not recovered from the final account payment)
            "advance_in_price": bool(st.advance_lines)
            and facts.status.schedule.measurement is None
            and sum((x.scheduled for x in st.lines), Decimal(0)) == st.contract_sum_to_date,
            "advance_rows": _rows_total(st.advance_lines, figs),
            "paid": figs(st.paid_to_date),
            # line 7 as the account has it: what is due on the earlier nodes and unpaid, what is held until
            # resolved (left out of a certificate, or disputed) and what was given up in a resolution
            **_earlier_lines(earlier, figs),
            "earlier": earlier_notes(earlier, lang, cur),
            "due_now": figs(facts.amount),
            "due_now_words": formatting.words(facts.amount, cur, lang),
            # the PRC model construction contract's list of an application's contents, where it is the law's model,
            # and on what footing the statement lists it (``model_basis``)
            "model_contents": law_for(project).model_statement(project),
            # the final account's application (GF-2017-0201 14.1, completion settlement), not a progress one (12.4.2)
            "final": node.kind is NodeKind.FINAL,
            **model_basis(project, facts.valuation is not None),
            "rows": rows,
            "variation_rows": [
                {
                    "id": v.id,
                    "title": v.title,
                    "amount": figs(v.amount),
                    "approved": date(v.approved_on),
                    # a measured contract's variation is measured in the valuations, like the bill's items
                    "node": v.node or (_MEASURED_VARIATION[lang] if facts.status.schedule.measurement else ""),
                }
                for v in project.variations
                if v.approved_on is not None and v.approved_on <= facts.as_of
            ],
            "totals": {
                "scheduled": figs(sum((x.scheduled for x in st.lines), Decimal(0))),
                "previous": figs(sum((x.previous for x in st.lines), Decimal(0))),
                "this": figs(sum((x.this_period for x in st.lines), Decimal(0))),
                # column G of every row: the work's (line 4) with the advance's (line 7), split beneath
                "to_date": figs(st.to_date),
                "balance": figs(sum((x.balance for x in st.lines), Decimal(0))),
                "retention": figs(st.retention),
            },
        },
        "progress": progress,
        "evidence": evidence_rows,
        "missing": list(facts.evidence.missing),
        "currency_unit": _CURRENCY_UNITS[cur] if lang == "zh" else cur,
        "bundle": BUNDLE_NAME,
        "valuation": valuation_context(project, facts, lang) if facts.valuation is not None else {},
    }


#: What carries a variation that names no node, where the contract pays by measurement.
_MEASURED_VARIATION = {"zh": "各期计量", "en": "measured in the valuations"}
#: The G703 row of an advance node says it is not work completed.
_ADVANCE_ROW = {"zh": "（不计入累计完成价值，见第7行）", "en": " (not work completed: line 7)"}
#: The G703 row of the advance recovered from the payments (a measured contract): the rows above state each payment
#: before the advance it recovers.
_RECOVERY_ROW = {
    "zh": "减：从各期付款中扣回的预付款（见第7行）",
    "en": "Less: advance payment recovered from the payments (line 7)",
}


def _rows_total(lines: Sequence[StatementLine], figs: Callable[[Decimal], str]) -> dict[str, str]:
    """G703 columns summed over ``lines`` (the advance rows, line 7 of the summary)."""
    zero = Decimal(0)
    scheduled = sum((x.scheduled for x in lines), zero)
    to_date = sum((x.to_date for x in lines), zero)
    return {
        "scheduled": figs(scheduled),
        "previous": figs(sum((x.previous for x in lines), zero)),
        "this": figs(sum((x.this_period for x in lines), zero)),
        "to_date": figs(to_date),
        "balance": figs(scheduled - to_date),
    }


def model_basis(project: Project, measured: bool) -> dict[str, str]:
    """On what footing the statement lists the items of GF-2017-0201 sub-clause 12.4.2: ``model_basis`` is
    ``form`` where the contract incorporates that model form (``contract.form``), ``clause`` where the contract's
    own monthly-progress clause lists what an application states (``model_clause`` its number; a valuation), and
    ``reference`` otherwise: the statement then lists the items 12.4.2 lists, without saying the form applies."""
    if project.contract.form is ContractForm.GF_2017_0201:
        return {"model_basis": "form", "model_clause": ""}
    number = project.clause_number("payment.monthly-progress") if measured else None
    if number:
        return {"model_basis": "clause", "model_clause": number}
    return {"model_basis": "reference", "model_clause": ""}


def earlier_nodes(status: Account, node_id: str) -> list[NodeAccount]:
    """The nodes line 9 of the statement counts (``payment_statement``): every other node asked for or paid."""
    return [n for n in status.nodes if n.id != node_id and (n.requested or n.paid > 0 or n.state is NodeState.PAID)]


def _earlier_lines(nodes: list[NodeAccount], figs: Any) -> dict[str, Any]:
    """``.unpaid`` what the account has due on ``nodes`` and unpaid (certified, deemed certified, undisputed or
    not yet reviewed), ``.held`` what is asked for on them but held until resolved, ``.given_up`` what a resolution
    gave up; with the payments received they make up what was asked for. ``.has_held`` and ``.has_given_up`` say
    whether those rows are stated."""
    held = sum((n.held for n in nodes), Decimal(0))
    gave_up = sum((given_up(n) for n in nodes), Decimal(0))
    return {
        "unpaid": figs(sum((n.outstanding for n in nodes), Decimal(0))),
        "held": figs(held),
        "has_held": held > 0,
        "given_up": figs(gave_up),
        "has_given_up": gave_up > 0,
    }


def earlier_notes(nodes: list[NodeAccount], lang: str, cur: str) -> list[str]:
    """One sentence for each of ``nodes`` whose sum due is not what was asked for, or of which a part is held:
    what was asked, what was certified (by whom, when) or disputed and resolved, and how the amount now stands
    on the account (received, due and unpaid, held until resolved, given up). The account's figures, so that the
    statement and ``status`` say the same."""
    zh = lang == "zh"

    def figs(x: Decimal) -> str:
        return formatting.figures(x, cur)

    def date(x: dt.date | None) -> str:
        return formatting.date(x, lang) if x else ""

    out = []
    for n in nodes:
        claim = n.claim
        if claim is None or (claim.due == n.amount and n.held == 0):
            continue
        said = [f"申请{figs(n.amount)}" if zh else f"applied for {figs(n.amount)}"]
        if claim.certified is not None and not claim.certified_deemed and claim.certified != n.amount:
            by = claim.certified_by or ("贵方" if zh else "you")
            ref = f"（{claim.certified_ref}）" if zh and claim.certified_ref else ""
            ref = ref or (f" ({claim.certified_ref})" if not zh and claim.certified_ref else "")
            said.append(
                f"{by}于{date(claim.certified_on)}确认{figs(claim.certified)}{ref}"
                if zh
                else f"certified at {figs(claim.certified)} by {by} on {date(claim.certified_on)}{ref}"
            )
        dispute = claim.dispute
        if dispute is not None and not claim.dispute_late and dispute.amount:
            said.append(
                f"贵方于{date(dispute.on)}对其中{figs(dispute.amount)}提出异议"
                if zh
                else f"{figs(dispute.amount)} disputed by you on {date(dispute.on)}"
            )
        if claim.resolution is not None:
            said.append(
                f"双方于{date(claim.resolution.on)}协商解决" if zh else f"resolved on {date(claim.resolution.on)}"
            )
        figures = [("已收", "received", n.paid), ("应付未付", "due and unpaid", n.outstanding)]
        figures += [("未获确认或有异议、待解决", "held until resolved", n.held)]
        figures += [("经协商不再主张", "given up", given_up(n))]
        stands = [
            f"{zh_label}{figs(x)}" if zh else f"{en_label} {figs(x)}"
            for zh_label, en_label, x in figures
            if x or zh_label == "应付未付"
        ]
        if zh:
            out.append(f"{n.id} {n.scheduled.node.title}：" + "，".join(said) + "；其中" + "，".join(stands) + "。")
        else:
            out.append(f"{n.id} {n.scheduled.node.title}: " + "; ".join(said) + "; of which " + ", ".join(stands) + ".")
    return out


def _discount(project: Project, offer: DiscountOffer | None, lang: str) -> dict[str, Any]:
    """The early-payment discount as the letter states it: ``.applies .rate .money .words .days .from_invoice
    .clause``; ``.by`` the last day to pay for it and ``.received`` the day the client received the invoice (or
    the application) it runs from, ``.received_deemed`` true where that is the deemed delivery at the latest,
    ``.rolled_from`` the last day before a rest-day roll (each empty where the invoice is not yet recorded);
    ``.overdue`` true where other nodes are overdue, which the clause wants paid by the time of payment:
    ``.overdue_nodes`` (their ids) and ``.overdue_money`` (what is unpaid on them)."""
    cur = project.contract.currency

    def date(x: dt.date | None) -> str:
        return formatting.date(x, lang) if x else ""

    if offer is None:
        return {"applies": False, "from_invoice": False, "overdue": False}
    return {
        "applies": True,
        "rate": formatting.percent(offer.rate),
        "money": formatting.money(offer.amount, cur, lang),
        "words": formatting.words(offer.amount, cur, lang),
        "by": date(offer.by),
        "received": date(offer.received_on),
        "received_deemed": offer.received_deemed,
        "rolled_from": date(offer.rolled_from),
        "days": formatting.days(offer.within_days, lang),
        "from_invoice": offer.from_invoice,
        "clause": project.clause_number("incentive.early-payment-discount") or "",
        "overdue": bool(offer.overdue),
        "overdue_nodes": ("、" if lang == "zh" else ", ").join(i for i, _ in offer.overdue),
        "overdue_money": formatting.money(offer.overdue_total, cur, lang),
    }


def _number(project: Project, clause_id: str | None) -> str:
    """A picked clause's number in the drafted contract, or the empty string."""
    return (project.clause_number(clause_id) or "") if clause_id else ""


def _enclosures(lang: str, facts: ApplicationFacts) -> list[str]:
    measured = facts.valuation is not None
    if lang == "zh":
        out = ["付款申请明细表", "工程进度说明", "付款证明材料清单", f"证明材料汇编（{BUNDLE_NAME}）"]
        if measured:
            out.insert(1, "工程量确认单")
    else:
        out = ["Payment statement", "Progress summary", "Evidence index", f"Evidence bundle ({BUNDLE_NAME})"]
        if measured:
            out.insert(1, "Measurement sheet")
    return [f"{i}. {text}" for i, text in enumerate(out, start=1)]


_LUMP = {"zh": "项", "en": "sum"}


def _quantity(value: Decimal) -> str:
    """A quantity as measured: thousands separators, no trailing zeros beyond two places (1,200 / 2.5 / 0.125)."""
    if value == value.to_integral():
        return f"{value.quantize(Decimal(1)):,}"
    text = f"{value.normalize():,f}"
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction:0<2}"


def _row(r: ItemProgress, lang: str, cur: str, evidence: dict[str, list[str]]) -> dict[str, Any]:
    def figs(x: Decimal) -> str:
        return formatting.figures(x, cur)

    item = r.item
    return {
        "heading": False,
        "code": item.code,
        "description": item.description,
        "unit": item.unit or _LUMP["zh" if lang == "zh" else "en"],
        "bill_quantity": _quantity(item.quantity),
        "rate": formatting.figures(item.rate, cur)
        if item.rate == item.rate.quantize(Decimal("0.01"))
        else f"{item.rate:,f}",
        "previous_quantity": _quantity(r.previous_quantity),
        "this_quantity": _quantity(r.this_quantity),
        "quantity": _quantity(r.quantity),
        "scheduled": figs(r.scheduled),
        "previous": figs(r.previous),
        "this": figs(r.this_period),
        "materials": figs(r.materials) if r.materials else "",
        "to_date": figs(r.to_date),
        "percent": f"{r.percent}%",
        "balance": figs(r.balance),
        "retention": figs(r.retention) if r.retention else "",
        "evidence": ", ".join(evidence.get(item.code, [])),
    }


def _sections(rows: list[tuple[str, dict[str, Any]]], lang: str) -> list[dict[str, Any]]:
    """Item rows under a heading row for each section, in the order the sections first appear."""
    order: list[str] = []
    grouped: dict[str, list[dict[str, Any]]] = {}
    for section, row in rows:
        if section not in grouped:
            order.append(section)
            grouped[section] = []
        grouped[section].append(row)
    out: list[dict[str, Any]] = []
    for number, section in enumerate(order, start=1):
        if section or len(order) > 1:
            title = section or ("其他项目" if lang == "zh" else "Other items")
            out.append({"heading": True, "code": _ordinal(number, lang), "description": title})
        out += grouped[section]
    return out


_ZH_NUMERALS = "一二三四五六七八九十"


def _ordinal(number: int, lang: str) -> str:
    if lang != "zh":
        return str(number)
    if number <= 10:
        return _ZH_NUMERALS[number - 1]
    if number < 20:
        return "十" + _ZH_NUMERALS[number - 11]
    return str(number)


def terms_text(terms: MeasurementTerms, cur: str, lang: str) -> dict[str, str]:
    """The monthly-progress conventions a statement states, in words."""
    zh = lang == "zh"
    unit = "元" if cur == "JPY" else "分"
    retention = ""
    if terms.retention_rate:
        basis = (
            ("逐项计算" if zh else "worked out by line")
            if terms.retention_basis is RetentionBasis.LINE
            else ("按累计完成价值合计计算" if zh else "on the total value")
        )
        retention = (
            f"{formatting.percent(terms.retention_rate)}，{basis}"
            if zh
            else f"{formatting.percent(terms.retention_rate)}, {basis}"
        )
        if terms.retention_cap is not None:
            cap = formatting.money(terms.retention_cap, cur, lang)
            retention += f"，累计不超过{cap}" if zh else f", limited to {cap}"
    recovery = ""
    if terms.advance:
        start = formatting.money(terms.recovery_from, cur, lang)
        rate = formatting.percent(terms.recovery_rate)
        advance = formatting.money(terms.advance, cur, lang)
        if zh:
            recovery = f"累计完成价值超过{start}部分的{rate}，以预付款{advance}为限"
        else:
            recovery = f"{rate} of the value of work done above {start}, up to the advance of {advance}"
    return {
        "share": formatting.percent(terms.share),
        "retention": retention,
        "recovery": recovery,
        "minimum": formatting.money(terms.minimum, cur, lang) if terms.minimum is not None else "",
        "rounding": (f"四舍五入至{unit}" if zh else "rounded half up")
        if terms.rounding == "half-up"
        else (f"舍去至{unit}" if zh else "rounded down"),
    }


def valuation_context(project: Project, facts: ApplicationFacts, lang: str) -> dict[str, Any]:
    """The valuation's G702 summary, its G703 rows by item and its measurement sheet, for one language."""
    result = facts.valuation
    assert result is not None
    schedule = facts.status.schedule
    assert schedule.measurement is not None
    terms = schedule.measurement.terms
    cur = project.contract.currency

    def figs(x: Decimal) -> str:
        return formatting.figures(x, cur)

    evidence: dict[str, list[str]] = {}
    for item in project.evidence:
        if item.node == result.id and item.item:
            evidence.setdefault(item.item, []).append(item.id)
    rows = [(r.item.section, _row(r, lang, cur, evidence)) for r in result.rows]
    measured = [(r.item.section, _row(r, lang, cur, evidence)) for r in result.rows if r.this_quantity or r.materials]
    period = result.valuation.period
    node = facts.status.node(result.id)
    paid = node.paid if node is not None else Decimal(0)
    received = sum((n.paid for n in facts.status.nodes if n.scheduled.valuation is not None), Decimal(0))
    # the earlier valuations applied for, as the account has them: due and unpaid, and held until resolved
    applied = [n for n in facts.status.nodes if n.scheduled.valuation is not None and n.id != result.id and n.requested]
    applied_unpaid = sum((n.outstanding for n in applied), Decimal(0))
    applied_held = sum((n.held for n in applied), Decimal(0))
    carried = carried_text(schedule.measurement.valuations, result, lang)
    stated = terms_text(terms, cur, lang)
    if stated["recovery"] and result.advance_unpaid > 0:
        # an advance not paid by the end of the period is not recovered: the statement says how much was paid
        paid_money = formatting.money(result.advance_paid, cur, lang)
        stated["recovery"] += (
            f"（截至本期末已支付预付款{paid_money}，未支付的部分不予扣回）"
            if lang == "zh"
            else f" (of which {paid_money} was paid by the end of the period; the part not paid is not recovered)"
        )
    return {
        "number": str(result.number),
        "period_from": formatting.date(period.from_, lang),
        "period_to": formatting.date(period.to, lang),
        "clause": project.clause_number("payment.monthly-progress") or "",
        "terms": stated,
        # the earlier valuations carried into this one (no certificate: below the minimum or not positive): the work
        # "this period" runs from the last certificate, so the documents say which periods it covers
        "carried": carried,
        "certified": result.certified,
        "computed_due": figs(result.computed_due),
        "l1": figs(result.original_sum),
        "l2": figs(result.variations),
        "l3": figs(result.contract_sum_to_date),
        "l4": figs(result.value_to_date),
        "l5": figs(result.share_value),
        "l6": figs(result.retention),
        "l7": figs(result.advance_recovered),
        "l8": figs(result.earned),
        "l9": figs(result.previous_certified),
        "l9_note": previous_certificates_note(facts.status, result, lang),
        "l10": figs(result.payable),
        "l11": figs(result.balance_to_finish),
        "value_money": formatting.money(result.value_to_date, cur, lang),
        "this_money": formatting.money(result.work_this_period, cur, lang),
        "materials_money": formatting.money(result.materials, cur, lang),
        "work_this_period": figs(result.work_this_period),
        "materials": figs(result.materials),
        "previous_value": figs(result.previous_value),
        "previous_work": figs(result.previous_work),
        "previous_materials": figs(result.previous_materials),
        "retention_this_period": figs(result.retention_this_period),
        "advance_this_period": figs(result.advance_this_period),
        # GF-2017-0201 12.4.2 lists the advance paid and the advance recovered: the advance the schedule pays (its
        # advance nodes), what the account has received on it, and what is still to be recovered after line 7
        "has_advance": terms.advance > 0,
        "advance_total": figs(terms.advance),
        "advance_paid": figs(
            sum((n.paid for n in facts.status.nodes if n.scheduled.node.kind is NodeKind.ADVANCE), Decimal(0))
        ),
        "advance_balance": figs(terms.advance - result.advance_recovered),
        "paid_this": figs(paid),
        "received": figs(received),
        "applied_unpaid": figs(applied_unpaid),
        "applied_held": figs(applied_held),
        "has_applied_held": applied_held > 0,
        "rows": _sections(rows, lang),
        "measured_rows": _sections(measured, lang),
        "adjustment": figs(result.retention_adjustment) if result.retention_adjustment else "",
        "adjustment_kind": "line" if terms.retention_basis is RetentionBasis.LINE else "total",
        "totals": {
            "scheduled": figs(sum((r.scheduled for r in result.rows), Decimal(0))),
            "previous": figs(sum((r.previous for r in result.rows), Decimal(0))),
            "this": figs(result.work_this_period),
            "materials": figs(result.materials),
            "to_date": figs(result.value_to_date),
            "percent": f"{_percent(result.value_to_date, result.contract_sum_to_date)}%",
            "balance": figs(sum((r.balance for r in result.rows), Decimal(0))),
            "retention": figs(result.retention),
        },
    }


def carried_text(valuations: Sequence[ValuationResult], result: ValuationResult, lang: str) -> str:
    """The earlier valuations whose measurement the clause carries into ``result`` (those since the last certificate,
    none of them certified), in words; empty where there are none."""
    carried: list[ValuationResult] = []
    for earlier in valuations:
        if earlier.number >= result.number:
            break
        carried = [] if earlier.certified else [*carried, earlier]
    if not carried:
        return ""
    start = formatting.date(carried[0].valuation.period.from_, lang)
    end = formatting.date(carried[-1].valuation.period.to, lang)
    if lang == "zh":
        numbers = "、".join(f"第{v.number}期" for v in carried)
        return f"并入{numbers}（{start}至{end}）未签发进度款支付证书的计量结果"
    if len(carried) == 1:
        which = f"valuation No. {carried[0].number}"
    else:
        which = "valuations Nos. " + ", ".join(str(v.number) for v in carried[:-1]) + f" and {carried[-1].number}"
    return f"including the measurement of {which} ({start} to {end}), for which no payment certificate was issued"


def previous_certificates_note(status: Any, result: Any, lang: str) -> str:
    """What line 9 (the earlier valuations as measured) stands for on the ledger, where it is not simply the
    certificates on record: the part certified (or deemed certified), the part awaiting a certificate, the part
    left out of a certificate or disputed that the client paid all the same, the part still held until resolved,
    the part given up in a resolution, and the valuations never applied for. The parts add up to line 9, and the
    figures are the account's (each earlier node's claim and payments), so the note and the status of those
    nodes agree. Empty where line 9 is the certificates on record.
    """
    cur = status.currency
    zh = lang == "zh"
    certified = awaiting = paid_anyway = given_up = Decimal(0)
    held: list[tuple[str, Decimal]] = []
    unapplied: list[tuple[str, Decimal]] = []
    for node in status.nodes:
        valuation = node.scheduled.valuation
        if valuation is None or valuation.number >= result.number or not valuation.certified:
            continue
        amount = node.scheduled.payable
        claim = node.claim
        if not node.requested or claim is None:
            unapplied.append((node.id, amount))
            continue
        if claim.certified is not None:
            certified += claim.due
        else:
            awaiting += claim.due
        if node.held > 0:
            held.append((node.id, node.held))
        paid_anyway += claim.held - node.held
        given_up += amount - claim.due - claim.held
    if not (awaiting or paid_anyway or held or given_up or unapplied):
        return ""  # line 9 is the certificates on record

    def total(pairs: list[tuple[str, Decimal]]) -> Decimal:
        return sum((x for _, x in pairs), Decimal(0))

    def ids(pairs: list[tuple[str, Decimal]]) -> str:
        return ("、" if zh else ", ").join(i for i, _ in pairs)

    # (amount, Chinese, English) of each part, {m} its amount, {ids_held} and {ids_unapplied} the valuations named; a
    # part shows when it is not zero, the first always
    parts = [
        (certified, "已确认（含视为确认及协商确认）{m}", "{m} certified, deemed certified or agreed"),
        (awaiting, "已申请、待确认{m}", "{m} applied for and awaiting certification"),
        (paid_anyway, "未获确认或有异议但已支付{m}", "{m} not certified or disputed but paid"),
        (
            total(held),
            "未获确认或有异议、待解决{m}（在{ids_held}项下主张）",
            "{m} not certified or disputed and not yet resolved (claimed under {ids_held})",
        ),
        (given_up, "经协商不再主张{m}", "{m} given up in a resolution"),
        (
            total(unapplied),
            "尚未申请{m}（{ids_unapplied}，须另行申请）",
            "{m} not yet applied for ({ids_unapplied}, to be applied for separately)",
        ),
    ]
    said = [
        (text_zh if zh else text_en).format(
            m=formatting.money(amount, cur, lang), ids_held=ids(held), ids_unapplied=ids(unapplied)
        )
        for n, (amount, text_zh, text_en) in enumerate(parts)
        if amount or n == 0
    ]
    if zh:
        return "第9行为以前各期按计量应付进度款金额之和，其中：" + "；".join(said) + "。"
    return (
        "Line 9 is the sum of the amounts due on the earlier valuations as measured, of which: " + "; ".join(said) + "."
    )


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return Decimal(0)
    return (part / whole * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # as the rows and Excel round


def _reviewed(status: Any, node: Any) -> bool:
    """Whether the contract gives a period to review (certify) an application for ``node``."""
    rule = status.terms.certification_for(node.kind)
    return rule is not None and rule.days is not None


def _review_clause(project: Project, status: Any, node: Any) -> str:
    """The number of the payment clause whose review the account applies to ``node`` where that clause states that
    an application made before acceptance is reviewed from acceptance (payment.milestone-schedule, for a node paid
    on an acceptance), else empty: the letter states the rule only where the contract does."""
    number = project.clause_number("payment.milestone-schedule")
    rule = status.terms.certification_for(node.kind)
    if not number or node.acceptance is None or rule is None or rule.days is None:
        return ""
    return number if rule.clause == "payment.milestone-schedule" else ""
