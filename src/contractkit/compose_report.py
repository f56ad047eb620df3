"""The client progress report's facts and template contexts: progress since the last report, the payment
outlook (every node, the next ones falling due, anything overdue), the cash curve and points for attention."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from contractkit import formatting
from contractkit.chart import CashCurve, cumulative
from contractkit.compose import common_context, is_confidential
from contractkit.evidence import node_evidence
from contractkit.models import EventType, Project, Variation
from contractkit.project import LoadedProject
from contractkit.status import NodeState, NodeStatus, ProjectStatus, application_due, project_status
from contractkit.words import ZH_CURRENCY

#: Without --since, the report covers this many days before the as-of date.
DEFAULT_PERIOD_DAYS = 30
#: The advance notice looks this far ahead, in these windows.
WINDOWS = (30, 60, 90)
#: A limitation deadline this close is a point for attention.
LIMITATION_MONTHS = 6


class DateBasis(StrEnum):
    DUE = "due"  # the due date status computes from the contract and the ledger
    LATEST = "latest"  # applied for, acceptance pending: due at the latest after deemed acceptance
    ESTIMATE = "estimate"  # planned start + planned duration x the node's cumulative share
    UNKNOWN = "unknown"  # no due date and no planned finish to estimate from


@dataclass(frozen=True)
class Expected:
    """When a node is expected to be paid, and on what basis."""

    node: NodeStatus
    on: dt.date | None
    basis: DateBasis


@dataclass(frozen=True)
class Application:
    node: NodeStatus
    on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Acceptance:
    node: NodeStatus
    criterion: str
    pending: bool
    deemed_on: dt.date | None  # pending: the day deemed acceptance takes effect, if the contract provides it
    review_end: dt.date | None


@dataclass(frozen=True)
class ReportFacts:
    """What the report states, computed before anything is rendered."""

    as_of: dt.date
    since: dt.date  # the last report's date: the period runs from the day after it
    reference: str
    status: ProjectStatus
    expected: tuple[Expected, ...]
    applications: tuple[Application, ...]
    acceptances: tuple[Acceptance, ...]
    variations: tuple[Variation, ...]
    next_node: NodeStatus | None
    missing_evidence: tuple[str, ...]
    curve: CashCurve
    confidential: bool

    def expected_for(self, node_id: str) -> Expected:
        return next(e for e in self.expected if e.node.id == node_id)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _expected(loaded: LoadedProject, status: ProjectStatus) -> tuple[Expected, ...]:
    project = loaded.project
    start = project.project.start or project.contract.signed_on
    finish = project.project.finish
    total = sum((n.amount for n in status.nodes), Decimal(0))
    running = Decimal(0)
    out = []
    for n in status.nodes:
        running += n.amount
        if n.due_on is not None:
            out.append(Expected(n, n.due_on, DateBasis.DUE))
            continue
        if n.applied_on is not None:
            latest, _ = application_due(loaded, n.id, status.as_of)
            if latest is not None:
                out.append(Expected(n, latest, DateBasis.LATEST))
                continue
        if finish is not None and finish > start and total > 0:
            days = (Decimal((finish - start).days) * running / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            out.append(Expected(n, start + dt.timedelta(days=int(days)), DateBasis.ESTIMATE))
        else:
            out.append(Expected(n, None, DateBasis.UNKNOWN))
    return tuple(out)


def _acceptances(project: Project, status: ProjectStatus, since: dt.date) -> tuple[Acceptance, ...]:
    out = []
    for n in status.nodes:
        criterion = project.criterion(n.scheduled.node.acceptance) if n.scheduled.node.acceptance else None
        title = criterion.title if criterion else ""
        if n.accepted_on is not None:
            if since < n.accepted_on <= status.as_of:
                out.append(Acceptance(n, title, False, None, None))
            continue
        if criterion is None or n.applied_on is None or n.state is NodeState.PAID:
            continue
        review_end = n.applied_on + dt.timedelta(days=criterion.review_days) if criterion.review_days else None
        deemed = review_end if criterion.deemed_accepted else None
        out.append(Acceptance(n, title, True, deemed, review_end))
    return tuple(out)


def _requests(project: Project, status: ProjectStatus) -> tuple[Application, ...]:
    """Each node's request for payment to date: its first application, or its first invoice where the ledger
    records no application (a node due after signing or on an invoice is asked for by the invoice)."""
    out = []
    for n in status.nodes:
        for kind in (EventType.APPLIED, EventType.INVOICED):
            hits = sorted(
                (e for e in project.events if e.type is kind and e.node == n.id and e.on <= status.as_of),
                key=lambda e: e.on,
            )
            if hits:
                out.append(Application(n, hits[0].on, hits[0].amount if hits[0].amount is not None else n.amount))
                break
    return tuple(sorted(out, key=lambda a: (a.on, a.node.scheduled.index)))


def _curve(
    project: Project, status: ProjectStatus, expected: tuple[Expected, ...], requests: tuple[Application, ...]
) -> CashCurve:
    events = [e for e in project.events if e.on <= status.as_of]
    applied = [(a.on, a.amount) for a in requests]
    received = [(e.on, e.amount) for e in events if e.type is EventType.PAID and e.amount is not None]
    planned = [(x.on, x.node.amount) for x in expected if x.on is not None]
    days = [d for d, _ in applied + received + planned]
    start = min([project.project.start or project.contract.signed_on, project.contract.signed_on, *days])
    end = max([project.project.finish or status.as_of, status.as_of, *days])
    return CashCurve(
        project.contract.currency,
        start,
        end,
        status.as_of,
        cumulative(planned),
        cumulative(applied),
        cumulative(received),
    )


def report_facts(loaded: LoadedProject, as_of: dt.date, since: dt.date | None) -> ReportFacts:
    """Everything the report will say, as of a date, for the period after ``since``."""
    project = loaded.project
    since = since or as_of - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
    status = project_status(loaded, as_of)
    expected = _expected(loaded, status)
    requests = _requests(project, status)
    requested = {a.node.id for a in requests}
    variations = tuple(v for v in project.variations if v.approved_on is not None and since < v.approved_on <= as_of)
    next_node = next((n for n in status.nodes if n.id not in requested and n.state is not NodeState.PAID), None)
    missing: tuple[str, ...] = ()
    if next_node is not None:
        missing = tuple(node_evidence(project, loaded.folder, next_node.scheduled.node, check=False).missing)
    return ReportFacts(
        as_of=as_of,
        since=since,
        reference=f"{project.contract.number}-RPT-{as_of:%Y%m%d}",
        status=status,
        expected=expected,
        applications=tuple(a for a in requests if a.on > since),
        acceptances=_acceptances(project, status, since),
        variations=variations,
        next_node=next_node,
        missing_evidence=missing,
        curve=_curve(project, status, expected, requests),
        confidential=is_confidential(project),
    )


# ------------------------------------------------------------------------------------------ wording

_STATE = {
    "zh": {
        NodeState.NOT_DUE: "未到期",
        NodeState.PAID: "已付清",
        "applied": "已申请",
        "acceptance": "已申请，待验收",
        "invoice": "已申请，待开票",
        "waiting": "付款条件尚未成就",
        "overdue": "逾期{0}",
    },
    "en": {
        NodeState.NOT_DUE: "not yet due",
        NodeState.PAID: "paid",
        "applied": "applied for",
        "acceptance": "applied for; awaiting acceptance",
        "invoice": "applied for; invoice to follow",
        "waiting": "milestone not yet reached",
        "overdue": "{0} overdue",
    },
}


def _state(n: NodeStatus, lang: str) -> str:
    words = _STATE[lang]
    if n.state is NodeState.OVERDUE:
        return words["overdue"].format(formatting.days(n.days_overdue, lang))
    if n.state is NodeState.WAITING:
        if n.applied_on is None:
            return words["waiting"]
        rule = n.scheduled.node.due
        after = str(rule.after) if rule is not None and rule.after is not None else ""
        return words.get(after, words["applied"])
    return words[n.state]


def _window(days: int, lang: str) -> str:
    if days <= WINDOWS[0]:
        return f"{WINDOWS[0]}日内" if lang == "zh" else f"within {WINDOWS[0]} days"
    low, high = (WINDOWS[1] + 1, WINDOWS[2]) if days > WINDOWS[1] else (WINDOWS[0] + 1, WINDOWS[1])
    return f"第{low}至{high}日" if lang == "zh" else f"in {low} to {high} days"


class _Words:
    """Figures and dates in one language."""

    def __init__(self, currency: str, lang: str) -> None:
        self.currency, self.lang = currency, lang

    def money(self, x: Decimal) -> str:
        return formatting.money(x, self.currency, self.lang)

    def figures(self, x: Decimal) -> str:
        return formatting.figures(x, self.currency)

    def date(self, x: dt.date | None) -> str:
        return formatting.date(x, self.lang) if x else ""

    def expected(self, x: Expected) -> str:
        zh = self.lang == "zh"
        if x.on is None:
            return "待定" if zh else "not yet fixed"
        day = self.date(x.on)
        if x.basis is DateBasis.LATEST:
            return f"最迟{day}" if zh else f"{day} at the latest"
        if x.basis is DateBasis.ESTIMATE:
            return f"{day}（计划）" if zh else f"{day} (planned)"
        return day


def _acceptance_state(a: Acceptance, w: _Words) -> str:
    zh = w.lang == "zh"
    n = a.node
    if not a.pending:
        if n.acceptance_deemed:
            return (
                f"审核期限届满，于{w.date(n.accepted_on)}视为验收合格"
                if zh
                else f"deemed accepted on {w.date(n.accepted_on)} (review period expired)"
            )
        return f"已于{w.date(n.accepted_on)}验收合格" if zh else f"accepted on {w.date(n.accepted_on)}"
    if a.deemed_on is not None:
        return (
            f"待验收；审核期限内未提出书面异议的，于{w.date(a.deemed_on)}视为验收合格"
            if zh
            else f"awaiting acceptance; deemed accepted on {w.date(a.deemed_on)} unless you comment in writing within "
            "the review period"
        )
    if a.review_end is not None:
        return (
            f"待验收（审核期限至{w.date(a.review_end)}）"
            if zh
            else f"awaiting acceptance (review period ends on {w.date(a.review_end)})"
        )
    return "待验收" if zh else "awaiting acceptance"


def _risks(project: Project, facts: ReportFacts, w: _Words) -> list[str]:
    zh = w.lang == "zh"
    out = []
    for a in facts.acceptances:
        if a.pending and a.deemed_on is None and a.review_end is not None and a.review_end < facts.as_of:
            n = a.node
            out.append(
                f"{n.id} {n.scheduled.node.title}：我方已于{w.date(n.applied_on)}提交付款申请及验收资料，审核期限已于"
                f"{w.date(a.review_end)}届满，尚未收到验收结论。敬请贵方尽快组织验收或书面提出意见。"
                if zh
                else f"{n.id} {n.scheduled.node.title}: we applied on {w.date(n.applied_on)}; the review period ended on "
                f"{w.date(a.review_end)} and we have not yet received your acceptance. We should be grateful if you "
                "would complete the acceptance or send us your written comments."
            )
    if facts.next_node is not None and facts.missing_evidence:
        n = facts.next_node
        listed = "、".join(facts.missing_evidence) if zh else "; ".join(facts.missing_evidence)
        out.append(
            f"下一付款节点“{n.id} {n.scheduled.node.title}”申请付款尚需以下证明材料：{listed}。"
            "其中需由贵方或贵方代表签署、出具的，恳请协助及时办理。"
            if zh
            else f"To apply for the next payment node, {n.id} {n.scheduled.node.title}, we still need: {listed}. Where a "
            "document is to be signed or issued by you or your representative, your help in arranging it would be "
            "appreciated."
        )
    horizon = add_months(facts.as_of, LIMITATION_MONTHS)
    for n in facts.status.nodes:
        if n.limitation_on is not None and n.limitation_on <= horizon:
            ended = n.limitation_on < facts.as_of
            day = w.date(n.limitation_on)
            when = f"{'已于' if ended else '将于'}{day}"
            out.append(
                f"{n.id} {n.scheduled.node.title}：按现有记录，该笔款项的诉讼时效期间{when}届满。"
                "我方希望与贵方及时核对确认该笔款项。"
                if zh
                else f"{n.id} {n.scheduled.node.title}: on the present records the limitation period for this sum "
                f"{'ended' if ended else 'ends'} on {day}. We would welcome the chance to reconcile and confirm it "
                "with you in good time."
            )
    return out


def _notes(project: Project, facts: ReportFacts, w: _Words) -> list[str]:
    zh = w.lang == "zh"
    currency = project.contract.currency
    unit = ZH_CURRENCY.get(currency, currency) + ("元" if currency == "CNY" else "")
    bases = {x.basis for x in facts.expected}
    out = [
        f"本报告依据截至{w.date(facts.as_of)}的合同台账（付款申请、验收、变更及收款记录）编制；“本期”指上次报告日"
        f"{w.date(facts.since)}之后至本报告日。如贵方记录与此不符，敬请告知。"
        if zh
        else f"This report is prepared from the contract ledger (applications, acceptances, variations and payments) as "
        f"of {w.date(facts.as_of)}; “this period” runs from the day after the last report of {w.date(facts.since)} "
        "to the date of this report. Should your records differ, please let us know.",
        f"表中金额单位为{unit}，为各付款节点的应付金额（含已批准的变更）。"
        if zh
        else f"Amounts in the tables are in {currency}: what is payable at each node, including approved variations.",
        "到期日按合同约定的付款期限及台账记载的申请、验收、开票日期计算。"
        if zh
        else "Due dates follow the contract's payment periods from the application, acceptance and invoice dates in the "
        "ledger.",
    ]
    out.append(
        "资金曲线中，累计申请金额按付款申请日期累计（未单独提交付款申请的节点按发票日期），累计收款按收款日期累计。"
        if zh
        else "In the cash curve, amounts applied for accumulate by the date of each application (of the "
        "invoice, for a node with no separate application) and amounts received by the date of payment."
    )
    if DateBasis.LATEST in bases:
        out.append(
            "标注“最迟”的到期日假定审核期限届满时视为验收合格。"
            if zh
            else "A due date “at the latest” assumes deemed acceptance at the end of the review period."
        )
    if DateBasis.ESTIMATE in bases:
        info = project.project
        start, finish = info.start or project.contract.signed_on, info.finish
        out.append(
            f"标注“计划”的日期为估算：计划开工日（{w.date(start)}）加上计划工期（至{w.date(finish)}）乘以截至该节点的累计付款比例；"
            "资金曲线中的计划累计付款同样按此估算。"
            if zh
            else f"Dates marked “planned” are estimates: the planned start ({w.date(start)}) plus the planned duration "
            f"(to {w.date(finish)}) times the node's cumulative share of the payments; the planned curve of the chart "
            "uses the same estimates."
        )
    if DateBasis.UNKNOWN in bases:
        out.append(
            "项目文件未载明计划竣工日期，尚无到期日的节点未计入计划累计付款。"
            if zh
            else "The project file gives no planned finish, so nodes without a due date are left out of the planned "
            "curve."
        )
    return out


def report_context(project: Project, facts: ReportFacts, lang: str) -> dict[str, Any]:
    """One language's context for the report template (templates/README.md, "Progress report")."""
    w = _Words(project.contract.currency, lang)
    status = facts.status
    nodes = []
    for n in status.nodes:
        nodes.append(
            {
                "id": n.id,
                "title": n.scheduled.node.title,
                "amount": w.figures(n.amount),
                "paid": w.figures(n.paid),
                "state": _state(n, lang),
                "date": w.expected(facts.expected_for(n.id)),
            }
        )
    upcoming = []
    horizon = facts.as_of + dt.timedelta(days=WINDOWS[-1])
    for x in facts.expected:
        n = x.node
        if (
            x.basis in (DateBasis.DUE, DateBasis.LATEST)
            and x.on is not None
            and n.outstanding > 0
            and n.state is not NodeState.OVERDUE
            and facts.as_of <= x.on <= horizon
        ):
            upcoming.append(
                {
                    "id": n.id,
                    "title": n.scheduled.node.title,
                    "amount": w.money(n.outstanding),
                    "date": w.expected(x),
                    "window": _window((x.on - facts.as_of).days, lang),
                }
            )
    overdue = [
        {
            "id": n.id,
            "title": n.scheduled.node.title,
            "outstanding": w.money(n.outstanding),
            "due_date": w.date(n.due_on),
            "days": formatting.days(n.days_overdue, lang),
        }
        for n in status.nodes
        if n.state is NodeState.OVERDUE
    ]
    amount = sum((n.amount for n in status.nodes), Decimal(0))
    paid = sum((n.paid for n in status.nodes), Decimal(0))
    common = common_context(project, lang)
    return {
        **common,
        "contract": {**common["contract"], "price": w.money(project.contract.price)},
        "doc": {
            "reference": facts.reference,
            "date": w.date(facts.as_of),
            "since": w.date(facts.since),
            "period_start": w.date(facts.since + dt.timedelta(days=1)),
        },
        "applications": [
            {
                "id": a.node.id,
                "title": a.node.scheduled.node.title,
                "milestone": a.node.scheduled.node.milestone or "",
                "date": w.date(a.on),
                "amount": w.figures(a.amount),
            }
            for a in facts.applications
        ],
        "acceptances": [
            {
                "id": a.node.id,
                "title": a.node.scheduled.node.title,
                "criterion": a.criterion,
                "applied": w.date(a.node.applied_on),
                "state": _acceptance_state(a, w),
            }
            for a in facts.acceptances
        ],
        "variations": [
            {
                "id": v.id,
                "title": v.title,
                "amount": w.figures(v.amount),
                "approved": w.date(v.approved_on),
                "node": v.node or "",
            }
            for v in facts.variations
        ],
        "nodes": nodes,
        "totals": {
            "amount": w.figures(amount),
            "paid": w.figures(paid),
            "sum": w.money(amount),
            "received": w.money(paid),
            "outstanding": w.money(amount - paid),
        },
        "upcoming": upcoming,
        "overdue": overdue,
        "risks": _risks(project, facts, w),
        "notes": _notes(project, facts, w),
    }


def bilingual_report_context(zh: dict[str, Any], en: dict[str, Any]) -> dict[str, Any]:
    confidential = f"{zh['confidential']} {en['confidential']}".strip()
    return {"lang": "bilingual", "zh": zh, "en": en, "confidential": confidential}
