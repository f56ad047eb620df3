"""The client progress report's facts and template contexts: progress since the last report, the payment
outlook (every node, the next ones falling due, anything overdue), the cash curve and points for attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from contractkit.account.account import Account, NodeAccount, NodeState, build_account
from contractkit.account.dates import Waiting
from contractkit.account.evidence import node_evidence
from contractkit.documents.common import common_context, given_up, is_confidential, milestone_text
from contractkit.law.calendars import CalendarGap
from contractkit.model import formatting
from contractkit.model.models import EventType, NodeKind, Project, Variation
from contractkit.model.project import LoadedProject
from contractkit.model.types import add_months
from contractkit.model.words import ZH_CURRENCY

#: Without --since, the report covers this many days before the as-of date.
DEFAULT_PERIOD_DAYS = 30
#: The advance notice looks this far ahead, in these windows.
WINDOWS = (30, 60, 90)
#: A limitation deadline this close is a point for attention.
LIMITATION_MONTHS = 6


Step = tuple[dt.date, Decimal]


@dataclass(frozen=True)
class CashCurve:
    """Cumulative amounts as steps: each point is the total from that date on."""

    currency: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    planned: tuple[Step, ...]
    applied: tuple[Step, ...]
    received: tuple[Step, ...]


def cumulative(points: list[tuple[dt.date, Decimal]]) -> tuple[Step, ...]:
    """Running totals of dated amounts, one step per date."""
    totals: dict[dt.date, Decimal] = {}
    running = Decimal(0)
    for day, amount in sorted(points, key=lambda p: p[0]):
        running += amount
        totals[day] = running
    return tuple(totals.items())


class DateBasis(StrEnum):
    DUE = "due"  # the due date status computes from the contract and the ledger
    LATEST = "latest"  # applied for, acceptance pending: due at the latest after deemed acceptance
    ESTIMATE = "estimate"  # planned start + planned duration x the node's cumulative share
    UNKNOWN = "unknown"  # no due date and no planned finish to estimate from


@dataclass(frozen=True)
class Expected:
    """When a node is expected to be paid, and on what basis."""

    node: NodeAccount
    on: dt.date | None
    basis: DateBasis
    #: For an estimate: the contract's floor that set it instead of the programme share (``completion``: the final
    #: account not before the planned completion; ``defects``: retention not before the defects period after it)
    floor: str = ""
    #: For an estimate: the planned date has passed and the milestone is not reached (the programme is behind)
    behind: bool = False


@dataclass(frozen=True)
class Application:
    node: NodeAccount
    on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class Acceptance:
    node: NodeAccount
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
    status: Account
    expected: tuple[Expected, ...]
    applications: tuple[Application, ...]
    acceptances: tuple[Acceptance, ...]
    variations: tuple[Variation, ...]
    next_node: NodeAccount | None
    missing_evidence: tuple[str, ...]
    curve: CashCurve
    confidential: bool

    def expected_for(self, node_id: str) -> Expected:
        return next(e for e in self.expected if e.node.id == node_id)


def _defects_period(project: Project) -> tuple[int, int]:
    """The defects liability period of payment.retention as (months, days): one of them is 0."""
    from contractkit.model.clauses import picked_values

    values = picked_values(project, "payment.retention") or {}
    months = values.get("release_after_months")
    if months:
        return int(months), 0
    return 0, int(str(values.get("release_after_days") or 0))


def _not_before(project: Project, n: NodeAccount) -> tuple[dt.date | None, str]:
    """The earliest a node can be paid by the contract's own logic: the final account not before the planned
    completion, the release of retention not before the defects period after it has ended."""
    finish = project.project.finish
    kind = n.scheduled.node.kind
    if finish is None or kind not in (NodeKind.FINAL, NodeKind.RETENTION):
        return None, ""
    if kind is NodeKind.RETENTION:
        months, days = _defects_period(project)
        if months:  # by month: the corresponding day of the last month (Civil Code art. 202)
            return add_months(finish, months), "defects"
        return finish + dt.timedelta(days=days), "defects"
    return finish, "completion"


def _expected(loaded: LoadedProject, status: Account) -> tuple[Expected, ...]:
    """When each node is expected to be paid: its due date, the latest due date while acceptance runs, or an
    estimate on the planned programme that never puts the final account before completion nor the release of
    retention before the defects period ends."""
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
        if n.due.latest is not None:
            out.append(Expected(n, n.due.latest, DateBasis.LATEST))
            continue
        if finish is not None and finish > start and total > 0:
            days = (Decimal((finish - start).days) * running / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            estimate = start + dt.timedelta(days=int(days))
            earliest, floor = _not_before(project, n)
            if earliest is not None and estimate < earliest:
                estimate = earliest
            else:
                floor = ""
            behind = estimate < status.as_of and n.state is not NodeState.PAID
            out.append(Expected(n, estimate, DateBasis.ESTIMATE, floor, behind))
        else:
            out.append(Expected(n, None, DateBasis.UNKNOWN))
    return tuple(out)


def _acceptances(project: Project, status: Account, since: dt.date) -> tuple[Acceptance, ...]:
    out = []
    for n in status.nodes:
        facts = n.acceptance
        criterion = project.criterion(facts.criterion) if facts.criterion else None
        title = criterion.title if criterion else ""
        if n.accepted_on is not None:
            # a written acceptance that came after deemed acceptance is news of the period it came in
            late = facts.late_record
            if since < n.accepted_on <= status.as_of or (n.acceptance_deemed and late and since < late):
                out.append(Acceptance(n, title, False, None, None))
            continue
        if criterion is None or not facts.requests or n.state is NodeState.PAID:
            continue
        out.append(Acceptance(n, title, True, facts.pending_deemed_on, facts.review_ends))
    return tuple(out)


def _requests(project: Project, status: Account) -> tuple[Application, ...]:
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
    project: Project, status: Account, expected: tuple[Expected, ...], requests: tuple[Application, ...]
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
    status = build_account(loaded, as_of)
    if status.calendar_gaps:
        # the report states when each node is expected and when review periods end: never from a guessed calendar
        raise CalendarGap(status.calendar_gaps[0])
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


# -------------------------------------------------------------------------------------------- facts
# The template says these facts in words (templates/report_templates.py): the code gives kinds, dates,
# amounts and flags, never sentences.


def _state(n: NodeAccount) -> str:
    """The node's state as a kind the template words: ``not_due``, ``paid``, ``past_due``, ``waiting`` (the
    milestone is not reached), ``notice`` (under the Construction Act, no sum notified yet), or, applied for and
    waiting, ``acceptance``, ``invoice`` or ``applied``."""
    if n.state is NodeState.OVERDUE:
        return "past_due"
    notices = n.claim.notices if n.claim is not None else None
    if n.state is NodeState.WAITING and notices is not None and notices.notified_sum is None and n.due.on is not None:
        # under the Construction Act with no sum notified: the milestone is reached and the dates are known, but
        # payment is late only once our notice in default fixes the sum (s.110B)
        return "notice"
    if n.state is NodeState.WAITING:
        if n.applied_on is None:
            return "waiting"
        # what the account waits for, not what the due rule runs from: a node due after acceptance that has been
        # accepted waits for its invoice where the contract makes the invoice a condition of payment
        if n.due.waiting is Waiting.INVOICE:
            return "invoice"
        if n.due.waiting in (Waiting.ACCEPTANCE, Waiting.ACCEPTANCE_REQUEST):
            return "acceptance"
        return "applied"
    return "paid" if n.state is NodeState.PAID else "not_due"


def _window(days: int) -> tuple[int, int]:
    """The advance-notice window a payment falls in, as days from the report date: (0, 30) reads "within 30
    days", (31, 60) "in 31 to 60 days"."""
    if days <= WINDOWS[0]:
        return 0, WINDOWS[0]
    return (WINDOWS[1] + 1, WINDOWS[2]) if days > WINDOWS[1] else (WINDOWS[0] + 1, WINDOWS[1])


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


def _acceptance_state(a: Acceptance, w: _Words) -> dict[str, str]:
    """``.state`` (``accepted``, ``deemed``: accepted by the end of the review period; pending: ``pending_deemed``
    with the day deemed acceptance takes effect, ``pending_review`` with the end of the review period, or
    ``pending``), ``.on``, that state's date (empty for ``pending``), and ``.late``, for ``deemed``, the date of a
    written acceptance that came after the review period and does not move the date (else empty)."""
    n = a.node
    if not a.pending:
        deemed = n.acceptance_deemed
        late = w.date(n.acceptance.late_record) if deemed else ""
        return {"state": "deemed" if deemed else "accepted", "on": w.date(n.accepted_on), "late": late}
    if a.deemed_on is not None:
        return {"state": "pending_deemed", "on": w.date(a.deemed_on), "late": ""}
    if a.review_end is not None:
        return {"state": "pending_review", "on": w.date(a.review_end), "late": ""}
    return {"state": "pending", "on": "", "late": ""}


def _request(n: NodeAccount, w: _Words) -> dict[str, Any]:
    """The request for acceptance an acceptance row states, from the account's acceptance facts: ``.requested``
    the day of the request that started the review period (received, where the ledger records its delivery), or,
    where none has, of the latest request (``.started`` false; ``.lacking`` true where it lacked documents the
    criterion asks for, false where the work was rejected after it); ``.count`` the requests recorded,
    ``.number`` which of them (1 the first) ``.requested`` is, ``.ref`` its reference, ``.by_application`` true
    where it was an application for payment that counts as the request. ``.applied`` is ``.requested`` again,
    for templates written when the row named it so. Empty where nothing was requested (a written acceptance
    recorded without a request)."""
    facts = n.acceptance
    requests = sorted(facts.requests, key=lambda r: r.on)
    shown = facts.started_by or (requests[-1] if requests else None)
    said = w.date(shown.on) if shown is not None else ""
    return {
        "requested": said,
        "applied": said,
        "count": len(requests),
        "number": requests.index(shown) + 1 if shown is not None else 0,
        "ref": (shown.ref or "") if shown is not None else "",
        "started": facts.started_by is not None,
        "lacking": shown is not None and not shown.complete,
        "by_application": shown is not None and shown.by_application,
    }


def _risks(facts: ReportFacts, w: _Words) -> list[dict[str, Any]]:
    """Points for attention, each ``.kind .id .title`` and the facts of its kind: ``review`` (the review period
    ended without acceptance: the request that started it as an acceptance row states it, ``.requested .count
    .number .ref .started .by_application``, and ``.review_end``), ``evidence`` (the next node's missing
    documents: ``.missing``), ``limitation`` (within LIMITATION_MONTHS: ``.date .ended``)."""
    out: list[dict[str, Any]] = []
    for a in facts.acceptances:
        if a.pending and a.deemed_on is None and a.review_end is not None and a.review_end < facts.as_of:
            n = a.node
            out.append(
                {
                    "kind": "review",
                    "id": n.id,
                    "title": n.scheduled.node.title,
                    **_request(n, w),
                    "review_end": w.date(a.review_end),
                }
            )
    if facts.next_node is not None and facts.missing_evidence:
        n = facts.next_node
        out.append(
            {"kind": "evidence", "id": n.id, "title": n.scheduled.node.title, "missing": list(facts.missing_evidence)}
        )
    horizon = add_months(facts.as_of, LIMITATION_MONTHS)
    for n in facts.status.nodes:
        if n.limitation_on is not None and n.limitation_on <= horizon:
            out.append(
                {
                    "kind": "limitation",
                    "id": n.id,
                    "title": n.scheduled.node.title,
                    "date": w.date(n.limitation_on),
                    "ended": n.limitation_on < facts.as_of,
                }
            )
    return out


def _notes(project: Project, facts: ReportFacts, w: _Words) -> list[dict[str, Any]]:
    """The notes that apply, each ``.kind``: ``ledger``, ``amounts``, ``due_dates`` and ``curve`` always;
    ``latest``, ``estimate`` and ``unknown`` when a date of that basis is shown. The estimate note says how each
    planned date was made: ``.share`` the nodes estimated on the programme (``.start .finish``), ``.completion``
    the final account set at the planned completion, ``.defects`` the retention set at the end of the defects
    liability period after it (``.defects_months`` or ``.defects_days``, one of them empty), and ``.behind`` the
    nodes whose planned date has passed with the milestone not reached (lists of node ids)."""
    bases = {x.basis for x in facts.expected}
    out: list[dict[str, Any]] = [{"kind": kind} for kind in ("ledger", "amounts", "due_dates", "curve")]
    if DateBasis.LATEST in bases:
        out.append({"kind": "latest"})
    if DateBasis.ESTIMATE in bases:
        info = project.project
        estimates = [x for x in facts.expected if x.basis is DateBasis.ESTIMATE]
        months, days = _defects_period(project)
        out.append(
            {
                "kind": "estimate",
                "start": w.date(info.start or project.contract.signed_on),
                "finish": w.date(info.finish),
                "share": [x.node.id for x in estimates if not x.floor],
                "completion": [x.node.id for x in estimates if x.floor == "completion"],
                "defects": [x.node.id for x in estimates if x.floor == "defects"],
                "defects_months": str(months) if months else "",
                "defects_days": formatting.days(days, w.lang) if days else "",
                "behind": [x.node.id for x in estimates if x.behind],
            }
        )
    if DateBasis.UNKNOWN in bases:
        out.append({"kind": "unknown"})
    return out


def report_context(project: Project, facts: ReportFacts, lang: str) -> dict[str, Any]:
    """One language's context for the report template (templates/README.md, "Progress report")."""
    w = _Words(project.contract.currency, lang)
    status = facts.status
    nodes = []
    for n in status.nodes:
        x = facts.expected_for(n.id)
        nodes.append(
            {
                "id": n.id,
                "title": n.scheduled.node.title,
                "amount": w.figures(n.amount),
                "paid": w.figures(n.paid),
                "state": _state(n),
                "days": formatting.days(n.days_overdue, lang) if n.state is NodeState.OVERDUE else "",
                "date": w.date(x.on),
                "basis": str(x.basis),
                "behind": x.behind,
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
            window_from, window_to = _window((x.on - facts.as_of).days)
            upcoming.append(
                {
                    "id": n.id,
                    "title": n.scheduled.node.title,
                    "amount": w.money(n.outstanding),
                    "date": w.date(x.on),
                    "basis": str(x.basis),
                    "behind": False,
                    "window_from": window_from,
                    "window_to": window_to,
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
    # what remains is the account's: unpaid and due (or to fall due), held until resolved, given up in a resolution
    outstanding = sum((n.outstanding for n in status.nodes), Decimal(0))
    held = sum((n.held for n in status.nodes), Decimal(0))
    gone = sum((given_up(n) for n in status.nodes), Decimal(0))
    discounted = sum((n.claim.discount for n in status.nodes if n.claim is not None), Decimal(0))
    common = common_context(project, lang)
    currency = project.contract.currency
    return {
        **common,
        "contract": {
            **common["contract"],
            "price": w.money(project.contract.price),
            "currency_name": ZH_CURRENCY.get(currency, currency) if lang == "zh" else currency,
        },
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
                "milestone": milestone_text(a.node.scheduled, lang),
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
                **_request(a.node, w),
                **_acceptance_state(a, w),
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
            "outstanding": w.money(outstanding),
            "held": w.money(held) if held else "",
            "given_up": w.money(gone) if gone else "",
            # earned by paying early (incentive.early-payment-discount): off the sums due, neither owed nor given up
            "discounted": w.money(discounted) if discounted else "",
            # paid by the client but matched to no sum of the contract (a payment naming no node, larger than every
            # sum owed and falling due): not in ``.received``, which is what the nodes were paid
            "unallocated": w.money(status.unallocated) if status.unallocated > 0 else "",
        },
        "upcoming": upcoming,
        "overdue": overdue,
        "risks": _risks(facts, w),
        "notes": _notes(project, facts, w),
    }
