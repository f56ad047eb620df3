"""Template contexts for the payment application pack (letter, statement, progress summary, evidence index)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contractkit.account.account import Account, DiscountOffer, NodeAccount, NodeState
from contractkit.account.dates import Waiting
from contractkit.account.evidence import EvidenceFile, NodeEvidence
from contractkit.account.statement import PaymentStatement
from contractkit.documents.common import _CURRENCY_UNITS, common_context, due_rule_text
from contractkit.law import law_for
from contractkit.model import formatting
from contractkit.model.models import Project

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


def _payment_clause(project: Project, lang: str) -> str:
    number = project.clause_number("payment.milestone-schedule")
    if lang == "zh":
        return f"第{number}条" if number else "第3条（付款计划）"
    return f"Clause {number}" if number else "Clause 3 (Payment Schedule)"


_STATE = {
    "zh": {
        NodeState.NOT_DUE: "未到期",
        NodeState.OVERDUE: "已逾期",
        NodeState.PAID: "已付清",
        Waiting.DUE_RULE: "付款期限未约定",
        Waiting.APPLICATION: "未申请",
        Waiting.ACCEPTANCE_REQUEST: "待提请验收",
        Waiting.ACCEPTANCE: "验收中",
        Waiting.INVOICE: "待开具发票",
        Waiting.GUARANTEE: "待提交预付款保函",
        Waiting.CALENDAR: "付款期限待定",
    },
    "en": {
        NodeState.NOT_DUE: "not yet due",
        NodeState.OVERDUE: "overdue",
        NodeState.PAID: "paid",
        Waiting.DUE_RULE: "no due date agreed",
        Waiting.APPLICATION: "not yet applied for",
        Waiting.ACCEPTANCE_REQUEST: "acceptance not yet requested",
        Waiting.ACCEPTANCE: "awaiting acceptance",
        Waiting.INVOICE: "awaiting the invoice",
        Waiting.GUARANTEE: "awaiting the advance guarantee",
        Waiting.CALENDAR: "due date not yet known",
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
        "supporting": "其他证明材料",
    },
    "en": {
        "to_follow": "to follow",
        "enclosed": "enclosed",
        "page": "p. {0}",
        "pages": "pp. {0}-{1}",
        "deemed": " (deemed acceptance)",
        "supporting": "Supporting documents",
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
    rows = []
    for line in st.lines:
        rows.append(
            {
                "id": line.node_id,
                "title": line.title,
                "scheduled": figs(line.scheduled),
                "previous": figs(line.previous),
                "this": figs(line.this_period),
                "to_date": figs(line.to_date),
                "percent": f"{line.percent}%",
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
                for e in entries
            )
            pages = ", ".join(
                labels["page"].format(e.first_page)
                if e.first_page == e.last_page
                else labels["pages"].format(e.first_page, e.last_page)
                for e in entries
            )
            state = labels["enclosed"]
        else:
            documents, pages, state = "", "", labels["to_follow"]
        evidence_rows.append(
            {"no": str(i), "requirement": requirement.text, "documents": documents, "pages": pages, "state": state}
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
            }
        )
    progress = []
    for n in facts.status.nodes:
        progress.append(
            {
                "id": n.id,
                "title": n.scheduled.node.title,
                "milestone": n.scheduled.node.milestone or "",
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
        "doc": {"reference": facts.reference, "date": date(facts.as_of)},
        "node": {
            "id": node.id,
            "title": node.title,
            "milestone": node.milestone or "",
            "figures": figs(facts.amount),
            "money": money(facts.amount),
            "words": formatting.words(facts.amount, cur, lang),
            "due_rule": due_rule_text(node.due, lang),
            "due_date": date(facts.due_on),
            "due_at_latest": facts.due_at_latest,
            "clause": _payment_clause(project, lang),
            "acceptance": acceptance_state(node_status),
            "accepted_on": date(a.accepted_on),
            "requested_on": date(a.started_by.on if a.started_by else None),
            "review_ends": date(a.review_ends),
            "deemed_rule": a.deemed_rule,
            "acceptance_clause": _number(project, facts.status.terms.acceptance_clause),
            "criterion": criterion.title if criterion else "",
        },
        "discount": {
            "applies": discount is not None,
            "rate": formatting.percent(discount.rate) if discount else "",
            "money": money(discount.amount) if discount else "",
            "words": formatting.words(discount.amount, cur, lang) if discount else "",
            "by": date(discount.by) if discount else "",
            "days": formatting.days(discount.within_days, lang) if discount else "",
            "from_invoice": bool(discount and discount.from_invoice),
            "clause": project.clause_number("incentive.early-payment-discount") or "",
        },
        "enclosures": enclosures,
        "statement": {
            "l1": figs(st.original_sum),
            "l2": figs(st.variations),
            "l3": figs(st.contract_sum_to_date),
            "l4": figs(st.completed_to_date),
            "l5": figs(st.retention),
            "l6": figs(st.earned_less_retention),
            "l7": figs(st.previous_applications),
            "l8": figs(st.current_due),
            "l9": figs(st.balance_to_finish),
            "released": figs(st.retention_released),
            "advance": figs(st.advance_recovered),
            "paid": figs(st.paid_to_date),
            "unpaid": figs(st.unpaid_previous),
            "due_now": figs(facts.amount),
            "due_now_words": formatting.words(facts.amount, cur, lang),
            # the PRC model construction contract's list of an application's contents, where it is the law's model
            "model_contents": law_for(project).model_statement(project),
            "rows": rows,
            "variation_rows": [
                {
                    "id": v.id,
                    "title": v.title,
                    "amount": figs(v.amount),
                    "approved": date(v.approved_on),
                    "node": v.node or "",
                }
                for v in project.variations
                if v.approved_on is not None and v.approved_on <= facts.as_of
            ],
            "totals": {
                "scheduled": figs(sum((x.scheduled for x in st.lines), Decimal(0))),
                "previous": figs(sum((x.previous for x in st.lines), Decimal(0))),
                "this": figs(sum((x.this_period for x in st.lines), Decimal(0))),
                "to_date": figs(st.completed_to_date),
                "balance": figs(sum((x.balance for x in st.lines), Decimal(0))),
                "retention": figs(st.retention),
            },
        },
        "progress": progress,
        "evidence": evidence_rows,
        "missing": list(facts.evidence.missing),
        "currency_unit": _CURRENCY_UNITS[cur] if lang == "zh" else cur,
        "bundle": BUNDLE_NAME,
    }


def _number(project: Project, clause_id: str | None) -> str:
    """A picked clause's number in the drafted contract, or the empty string."""
    return (project.clause_number(clause_id) or "") if clause_id else ""


def _enclosures(lang: str, facts: ApplicationFacts) -> list[str]:
    if lang == "zh":
        out = ["付款申请明细表", "工程进度说明", "付款证明材料清单", f"证明材料汇编（{BUNDLE_NAME}）"]
    else:
        out = ["Payment statement", "Progress summary", "Evidence index", f"Evidence bundle ({BUNDLE_NAME})"]
    return [f"{i}. {text}" for i, text in enumerate(out, start=1)]
