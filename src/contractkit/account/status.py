"""Payment status as of a date: what is due, paid, outstanding and overdue, interest, next step, limitation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from contractkit.account.interest import Balance, InterestResult, InterestTerms, accrue, interest_terms
from contractkit.account.schedule import ScheduledNode, compute_schedule
from contractkit.law.calendars import WorkingCalendar, project_calendar
from contractkit.model.models import DemandStage, DueBasis, EventType, Jurisdiction, Project
from contractkit.model.project import LoadedProject

#: Limitation period for contract debts in the PRC (Civil Code art. 188).
CN_LIMITATION_YEARS = 3

LADDER = (DemandStage.REMINDER, DemandStage.NOTICE, DemandStage.SUSPENSION, DemandStage.FINAL)


class NodeState(StrEnum):
    WAITING = "waiting"  # the event that starts the payment clock has not happened
    NOT_DUE = "not-due"  # due date known, still ahead
    OVERDUE = "overdue"
    PAID = "paid"  # paid in full (perhaps late: see interest)


@dataclass(frozen=True)
class Payment:
    on: dt.date
    amount: Decimal
    ref: str | None
    allocated: bool  # True when the ledger named no node and the payment went to the oldest debt


@dataclass(frozen=True)
class Notice:
    on: dt.date
    stage: DemandStage
    via: str | None
    tracking: str | None
    delivered_on: dt.date | None
    proof: str | None
    ref: str | None

    @property
    def proven(self) -> bool:
        """Sent with proof of delivery: the demand then interrupts limitation (SPC limitation rules art. 8)."""
        return self.delivered_on is not None or self.proof is not None


@dataclass(frozen=True)
class NextStep:
    stage: DemandStage | None  # None: every letter has been sent; proceedings are next
    on: dt.date | None


@dataclass(frozen=True)
class NodeStatus:
    scheduled: ScheduledNode
    applied_on: dt.date | None
    applied_amount: Decimal | None
    accepted_on: dt.date | None
    acceptance_deemed: bool
    invoiced_on: dt.date | None
    due_on: dt.date | None
    due_note: str
    payments: tuple[Payment, ...]
    paid: Decimal
    outstanding: Decimal
    days_overdue: int
    state: NodeState
    interest: InterestResult | None
    notices: tuple[Notice, ...]
    acknowledged_on: tuple[dt.date, ...]
    next_step: NextStep | None
    limitation_on: dt.date | None
    limitation_note: str

    @property
    def id(self) -> str:
        return self.scheduled.id

    @property
    def amount(self) -> Decimal:
        return self.scheduled.payable

    @property
    def accrued_interest(self) -> Decimal:
        return self.interest.interest if self.interest else Decimal(0)


@dataclass(frozen=True)
class ProjectStatus:
    loaded: LoadedProject
    as_of: dt.date
    terms: InterestTerms
    nodes: tuple[NodeStatus, ...]
    unallocated: Decimal
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def project(self) -> Project:
        return self.loaded.project

    @property
    def currency(self) -> str:
        return self.project.contract.currency

    def node(self, node_id: str) -> NodeStatus | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @property
    def outstanding_due(self) -> Decimal:
        return sum((n.outstanding for n in self.nodes if n.state is NodeState.OVERDUE), Decimal(0))

    @property
    def interest(self) -> Decimal:
        return sum((n.accrued_interest for n in self.nodes), Decimal(0))


@dataclass(frozen=True)
class _Clock:
    """What starts a node's payment clock, and when it falls due."""

    applied: tuple[dt.date, Decimal | None] | None
    accepted_on: dt.date | None
    deemed: bool
    invoiced_on: dt.date | None
    due_on: dt.date | None
    note: str


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shift(start: dt.date, days: int, working: bool, calendar: WorkingCalendar) -> dt.date:
    return calendar.add_workdays(start, days) if working else start + dt.timedelta(days=days)


def project_status(loaded: LoadedProject, as_of: dt.date) -> ProjectStatus:
    """Each node's position as of a date, from the schedule and the events on or before that date."""
    project = loaded.project
    schedule = compute_schedule(project)
    calendar = project_calendar(project, loaded.folder)
    terms = interest_terms(project)
    events = [e for e in project.events if e.on <= as_of]

    def first(kind: EventType, node_id: str) -> tuple[dt.date, Decimal | None] | None:
        hits = sorted((e.on, e.amount) for e in events if e.type is kind and e.node == node_id)
        return (hits[0][0], hits[0][1]) if hits else None

    # 1. Due dates.
    facts: dict[str, _Clock] = {}
    for s in schedule.nodes:
        node = s.node
        applied = first(EventType.APPLIED, node.id)
        accepted = first(EventType.ACCEPTED, node.id)
        invoiced = first(EventType.INVOICED, node.id)
        accepted_on = accepted[0] if accepted else None
        deemed = False
        criterion = project.criterion(node.acceptance) if node.acceptance else None
        if criterion and criterion.deemed_accepted and criterion.review_days is not None and applied:
            # The application with its evidence tells the client the work is ready; silence for the review
            # period is acceptance (SME Payment Regulations art. 10 starts the clock then).
            deemed_on = applied[0] + dt.timedelta(days=criterion.review_days)
            if deemed_on <= as_of and (accepted_on is None or deemed_on < accepted_on):
                accepted_on, deemed = deemed_on, True
        due_on, note = None, ""
        rule = node.due
        if rule is None:
            note = "no due rule"
        elif rule.on is not None:
            due_on, note = rule.on, "fixed date"
        else:
            assert rule.after is not None and rule.days is not None
            start = {
                DueBasis.SIGNING: project.contract.signed_on,
                DueBasis.APPLICATION: applied[0] if applied else None,
                DueBasis.ACCEPTANCE: accepted_on,
                DueBasis.INVOICE: invoiced[0] if invoiced else None,
            }[rule.after]
            if start is None:
                note = {
                    DueBasis.APPLICATION: "not yet applied for",
                    DueBasis.ACCEPTANCE: "awaiting acceptance" if applied else "not yet applied for",
                    DueBasis.INVOICE: "not yet invoiced",
                    DueBasis.SIGNING: "",
                }[rule.after]
            else:
                due_on = _shift(start, rule.days, rule.working_days, calendar)
                unit = "working days" if rule.working_days else "days"
                note = f"{rule.days} {unit} after {rule.after} on {start}"
                if rule.after is DueBasis.ACCEPTANCE and deemed:
                    note += " (deemed acceptance)"
        facts[node.id] = _Clock(applied, accepted_on, deemed, invoiced[0] if invoiced else None, due_on, note)

    # 2. Payments: to the node named, else to the oldest debt first.
    paid_to: dict[str, list[Payment]] = {s.id: [] for s in schedule.nodes}
    remaining = {s.id: s.payable for s in schedule.nodes}
    far = dt.date.max
    order = sorted(schedule.nodes, key=lambda s: (facts[s.id].due_on or far, s.index))
    unallocated = Decimal(0)
    for event in sorted((e for e in events if e.type is EventType.PAID and e.amount), key=lambda e: e.on):
        assert event.amount is not None
        if event.node and event.node in paid_to:
            paid_to[event.node].append(Payment(event.on, event.amount, event.ref, False))
            remaining[event.node] -= event.amount
            continue
        left = event.amount
        for s in order:
            if left <= 0:
                break
            take = min(left, remaining[s.id])
            if take > 0:
                paid_to[s.id].append(Payment(event.on, take, event.ref, True))
                remaining[s.id] -= take
                left -= take
        unallocated += max(left, Decimal(0))

    # 3. Per node: outstanding, interest, letters, next step, limitation.
    nodes = []
    warnings: list[str] = []
    for s in schedule.nodes:
        f = facts[s.id]
        due_on = f.due_on
        payments = tuple(paid_to[s.id])
        paid = sum((p.amount for p in payments), Decimal(0))
        outstanding = max(s.payable - paid, Decimal(0))
        overdue = bool(due_on and as_of > due_on and outstanding > 0)
        days_overdue = (as_of - due_on).days if overdue and due_on else 0
        if outstanding == 0 and s.payable > 0:
            state = NodeState.PAID
        elif due_on is None:
            state = NodeState.WAITING
        elif overdue:
            state = NodeState.OVERDUE
        else:
            state = NodeState.NOT_DUE
        interest = None
        if due_on is not None and (overdue or any(p.on > due_on for p in payments)):
            interest = accrue(
                terms, _balances(s.payable, payments, due_on, as_of), schedule.currency, project, due=due_on
            )
            warnings.extend(w for w in interest.warnings if w not in warnings)
        notices = tuple(
            Notice(e.on, e.stage, e.via, e.tracking, e.delivered_on, e.proof, e.ref)
            for e in events
            if e.type is EventType.NOTICE and e.node == s.id and e.stage is not None
        )
        acknowledged = tuple(e.on for e in events if e.type is EventType.ACKNOWLEDGED and e.node == s.id)
        next_step = _next_step(project, due_on, notices) if overdue else None
        limitation_on, limitation_note = _limitation(project, due_on, payments, notices, acknowledged)
        if state is NodeState.PAID and interest is None:
            limitation_on, limitation_note = None, "nothing is owed"
        nodes.append(
            NodeStatus(
                scheduled=s,
                applied_on=f.applied[0] if f.applied else None,
                applied_amount=f.applied[1] if f.applied else None,
                accepted_on=f.accepted_on,
                acceptance_deemed=f.deemed,
                invoiced_on=f.invoiced_on,
                due_on=due_on,
                due_note=f.note,
                payments=payments,
                paid=paid,
                outstanding=outstanding,
                days_overdue=days_overdue,
                state=state,
                interest=interest,
                notices=notices,
                acknowledged_on=acknowledged,
                next_step=next_step,
                limitation_on=limitation_on,
                limitation_note=limitation_note,
            )
        )
    return ProjectStatus(loaded, as_of, terms, tuple(nodes), unallocated, tuple(warnings))


def _balances(payable: Decimal, payments: tuple[Payment, ...], due: dt.date, as_of: dt.date) -> list[Balance]:
    """Outstanding principal from the due date, cut at each later payment, up to the last payment or as-of."""
    principal = payable - sum((p.amount for p in payments if p.on <= due), Decimal(0))
    balances = []
    start = due
    for payment in sorted((p for p in payments if p.on > due), key=lambda p: p.on):
        if principal <= 0:
            break
        balances.append(Balance(start, payment.on, principal))
        principal -= payment.amount
        start = payment.on
    if principal > 0 and as_of > start:
        balances.append(Balance(start, as_of, principal))
    return balances


def _next_step(project: Project, due_on: dt.date | None, notices: tuple[Notice, ...]) -> NextStep | None:
    """The letter after the furthest one sent, due on the day the escalation ladder puts it."""
    if due_on is None:
        return None
    ladder = project.escalation
    has_suspension_right = any(c.use.startswith("suspension.") for c in project.clauses)
    steps = [
        stage
        for stage in LADDER
        if stage is not DemandStage.SUSPENSION or (ladder.suspension is not None and has_suspension_right)
    ]
    furthest = max((steps.index(n.stage) for n in notices if n.stage in steps), default=-1)
    if furthest + 1 >= len(steps):
        return NextStep(None, None)
    stage = steps[furthest + 1]
    return NextStep(stage, due_on + dt.timedelta(days=getattr(ladder, str(stage))))


def _limitation(
    project: Project,
    due_on: dt.date | None,
    payments: tuple[Payment, ...],
    notices: tuple[Notice, ...],
    acknowledged: tuple[dt.date, ...],
) -> tuple[dt.date | None, str]:
    if project.jurisdiction is not Jurisdiction.CN:
        return None, "limitation is computed for PRC contracts only"
    if due_on is None:
        return None, "runs from the due date"
    start, why = due_on, f"3 years from the due date {due_on} (Civil Code art. 188)"
    restarts = [(p.on, "part payment") for p in payments if p.on > due_on]
    restarts += [(n.delivered_on or n.on, f"{n.stage} delivered") for n in notices if n.proven and n.on > due_on]
    restarts += [(d, "acknowledgment") for d in acknowledged if d > due_on]
    if restarts:
        day, reason = max(restarts)
        start, why = day, f"3 years from the {reason} on {day}, which interrupted limitation (Civil Code art. 195)"
    return _add_years(start, CN_LIMITATION_YEARS), why


def application_due(loaded: LoadedProject, node_id: str, as_of: dt.date) -> tuple[dt.date | None, bool]:
    """When a node applied for on ``as_of`` falls due, and whether that date assumes deemed acceptance.

    The application counts from ``as_of`` unless the ledger already records one. Where payment runs from
    acceptance not yet given, the latest due date is the end of the review period (deemed acceptance)
    plus the payment period; without deemed acceptance no date can be given.
    """
    from contractkit.model.models import Event

    project = loaded.project
    node = project.node(node_id)
    assert node is not None
    has_application = any(e.type is EventType.APPLIED and e.node == node_id and e.on <= as_of for e in project.events)
    if not has_application:
        event = Event(on=as_of, type=EventType.APPLIED, node=node_id)
        project = project.model_copy(update={"events": [*project.events, event]})
        loaded = LoadedProject(project=project, path=loaded.path, source=loaded.source)
    status = project_status(loaded, as_of).node(node_id)
    assert status is not None
    if status.due_on is not None:
        return status.due_on, False
    rule = node.due
    criterion = project.criterion(node.acceptance) if node.acceptance else None
    if (
        rule is not None
        and rule.after is DueBasis.ACCEPTANCE
        and rule.days is not None
        and criterion is not None
        and criterion.deemed_accepted
        and criterion.review_days is not None
        and status.applied_on is not None
    ):
        deemed = status.applied_on + dt.timedelta(days=criterion.review_days)
        calendar = project_calendar(project, loaded.folder)
        return _shift(deemed, rule.days, rule.working_days, calendar), True
    return None, False
