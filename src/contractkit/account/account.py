"""The account of a project as of a date, computed once: every node's dates, amounts, payments, interest,
notices, limitation and next step. Every command and every document reads it; nothing recomputes a date,
a balance or a condition on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from contractkit.account.claims import ClaimFacts, Promise, claim_facts, promise_facts, review_start
from contractkit.account.dates import (
    AcceptanceFacts,
    Clock,
    DueFacts,
    InvoiceFacts,
    Waiting,
    acceptance_facts,
    due_facts,
    invoice_facts,
    limitation_end,
    statutory_end,
)
from contractkit.account.interest import Balance, InterestResult, accrue
from contractkit.account.schedule import Schedule, ScheduledNode, compute_schedule
from contractkit.account.terms import ContractTerms, contract_terms
from contractkit.law.base import LimitationEnd, Restart, RestartKind
from contractkit.law.calendars import CalendarGap, WorkingCalendar, project_calendar
from contractkit.law.england import act_clause
from contractkit.law.interest import InterestTerms, PaymentDay
from contractkit.model.models import POSTED_DELIVERY, SAME_DAY_DELIVERY, DemandStage, Event, EventType, Project
from contractkit.model.project import LoadedProject
from contractkit.model.types import quantize

#: The escalation ladder, in order.
LADDER = (DemandStage.REMINDER, DemandStage.NOTICE, DemandStage.SUSPENSION, DemandStage.FINAL)
ONE_DAY = dt.timedelta(days=1)


class NodeState(StrEnum):
    WAITING = "waiting"  # the event that starts the payment clock has not happened
    NOT_DUE = "not-due"  # due date known, still ahead
    OVERDUE = "overdue"
    DISPUTED = "disputed"  # what is due is paid; a contested part is held until resolved
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
    #: the day it certainly reached the client, from which a demand counts for limitation (``demand_delivered_on``:
    #: a recorded delivery or proof, or a way of sending that delivers the day sent); None while that is not certain
    reached_on: dt.date | None = None

    @property
    def proven(self) -> bool:
        """Sent with proof of delivery recorded (a delivery date or proof): in the PRC the demand then interrupts
        limitation (SPC rules art. 8); ``reached_on`` says from when a demand counts, by whatever way it went."""
        return self.delivered_on is not None or self.proof is not None


@dataclass(frozen=True)
class Acknowledgment:
    on: dt.date
    amount: Decimal | None
    ref: str | None
    note: str | None


#: Days from a letter's delivery (deemed, as the notices clause says) to the deadline it sets, by stage.
#: A formal notice and a final demand give the "reasonable period" of Civil Code art. 563(3); 14 days matches
#: the Practice Direction on Pre-Action Conduct for a simple debt; 30 days is the SME Payment Regulations'
#: period for confirming a debt (art. 16). These are the letter's own choice: ``letter_deadline`` moves a last day
#: that is not a working day to the next one. The escalation ladder waits for a letter's deadline to pass before
#: the next letter is due (``NextStep.after``).
DEADLINE_DAYS = {
    DemandStage.REMINDER: 7,
    DemandStage.NOTICE: 10,
    DemandStage.FINAL: 14,
    DemandStage.ACKNOWLEDGMENT: 30,
    DemandStage.DEFAULT_NOTICE: 7,
    DemandStage.NOTIFIED_SUM: 7,
    DemandStage.DISPUTE_REPLY: 14,
}


@dataclass(frozen=True)
class NextStep:
    stage: DemandStage | None  # None: every letter has been sent; proceedings are next
    on: dt.date | None
    #: The day after the deadline the last letter sent gave the client (from its delivery, as late as the notices
    #: clause deems it, on a working day): a further letter before then would cut short the time that letter gave
    after: dt.date | None = None
    after_letter: Notice | None = None  # that letter


@dataclass(frozen=True)
class NodeAccount:
    """One payment node as of the account's date."""

    scheduled: ScheduledNode
    applied_on: dt.date | None
    applied_amount: Decimal | None
    applied_ref: str | None
    acceptance: AcceptanceFacts
    invoice: InvoiceFacts
    due: DueFacts
    payments: tuple[Payment, ...]
    paid: Decimal
    outstanding: Decimal
    days_overdue: int
    state: NodeState
    interest: InterestResult | None
    notices: tuple[Notice, ...]
    acknowledgments: tuple[Acknowledgment, ...]
    next_step: NextStep | None
    limitation: LimitationEnd
    missing: tuple[str, ...]  # what the contractor should supply or record, in a sentence each
    #: Interest for each further day from the account's date, on the balance that bears it at the last rate
    #: (compounded interest included where the terms compound), rounded half-up to the minor unit.
    interest_per_day: Decimal = Decimal(0)
    #: VAT on what is outstanding, where the contract adds VAT to the (net) amounts of the project file.
    outstanding_vat: Decimal = Decimal(0)
    #: What is due after the application: certificate, dispute, the statute's notices, the promise to pay.
    claim: ClaimFacts | None = None
    #: Asked for and unpaid but not yet due: disputed, or left out of a certificate, until resolved.
    held: Decimal = Decimal(0)

    @property
    def promise(self) -> Promise | None:
        return self.claim.promise if self.claim else None

    @property
    def id(self) -> str:
        return self.scheduled.id

    @property
    def amount(self) -> Decimal:
        return self.scheduled.payable

    @property
    def accrued_interest(self) -> Decimal:
        return self.interest.interest if self.interest else Decimal(0)

    @property
    def accepted_on(self) -> dt.date | None:
        return self.acceptance.accepted_on

    @property
    def acceptance_deemed(self) -> bool:
        return self.acceptance.deemed

    @property
    def invoiced_on(self) -> dt.date | None:
        return self.invoice.invoiced_on

    @property
    def due_on(self) -> dt.date | None:
        return self.due.on

    @property
    def due_note(self) -> str:
        return self.due.note

    @property
    def limitation_on(self) -> dt.date | None:
        return self.limitation.on

    @property
    def limitation_note(self) -> str:
        return self.limitation.why

    @property
    def acknowledged_on(self) -> tuple[dt.date, ...]:
        return tuple(a.on for a in self.acknowledgments)

    @property
    def suspended(self) -> bool:
        """A notice of suspension has been sent for this node."""
        return any(n.stage is DemandStage.SUSPENSION for n in self.notices)

    @property
    def requested(self) -> bool:
        """Payment has been asked for: applied for, or invoiced where the ledger records no application."""
        return self.applied_on is not None or self.invoice.invoiced_on is not None


@dataclass(frozen=True)
class Account:
    """A project's account as of a date."""

    loaded: LoadedProject
    as_of: dt.date
    terms: ContractTerms
    calendar: WorkingCalendar
    schedule: Schedule
    nodes: tuple[NodeAccount, ...]
    unallocated: Decimal
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: Dates the account could not compute because they need holiday data nobody has supplied (``CalendarGap``
    #: messages, each naming the day and the fix): status shows them; a document that would state one refuses.
    calendar_gaps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def project(self) -> Project:
        return self.loaded.project

    @property
    def currency(self) -> str:
        return self.project.contract.currency

    @property
    def interest_terms(self) -> InterestTerms:
        return self.terms.interest

    def node(self, node_id: str) -> NodeAccount | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @property
    def outstanding_due(self) -> Decimal:
        return sum((n.outstanding for n in self.nodes if n.state is NodeState.OVERDUE), Decimal(0))

    @property
    def interest(self) -> Decimal:
        return sum((n.accrued_interest for n in self.nodes), Decimal(0))


def off_rest_day(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    """``day``, or the first working day after it; beyond the holiday data a Saturday or Sunday moves to the Monday
    (never a promise called broken, or a letter's deadline called passed, a day early)."""
    try:
        return calendar.next_working_day(day)
    except CalendarGap:
        return day + dt.timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def build_account(
    loaded: LoadedProject,
    as_of: dt.date,
    *,
    extra: Sequence[Event] = (),
    schedule: Schedule | None = None,
    terms: ContractTerms | None = None,
) -> Account:
    """The account of a project as of a date, from its schedule, terms and the events on or before that date.

    ``extra`` adds events not (yet) in the ledger — an application being made today — so that a pack states
    what the account will be once the application is in; ``schedule`` is the project's, where the caller has
    computed it already (to check the project), and ``terms`` its terms (``contract_terms``), likewise.

    Where the contract gives an early-payment discount and the client earned it on a node (``discounts_taken``),
    the account is worked out again with the discount off that node's sum due.
    """
    view = approved_by(loaded, as_of)
    if view is not loaded:
        # the schedule given counts variations not yet approved on the day, and the terms read the whole file
        loaded, schedule, terms = view, None, None
    if schedule is None:
        schedule = compute_schedule(loaded.project)
    if terms is None:
        terms = contract_terms(loaded.project)
    account = _account(loaded, as_of, extra, schedule, terms, {})
    if terms.discount is None:
        return account
    taken = discounts_taken(account)
    return _account(loaded, as_of, extra, schedule, terms, taken) if taken else account


def _account(
    loaded: LoadedProject,
    as_of: dt.date,
    extra: Sequence[Event],
    schedule: Schedule,
    terms: ContractTerms,
    discounts: dict[str, tuple[Decimal, str]],
) -> Account:
    """``build_account`` once, with ``discounts`` (node: the discount earned, and why) off the sums due."""
    project = loaded.project
    calendar = project_calendar(project, loaded.folder, loaded.path)
    clock = Clock(terms, calendar, as_of)

    def promise_roll(day: dt.date) -> dt.date:
        # a day promised that is a rest day moves as the contract moves a last day
        return off_rest_day(calendar, day) if terms.rest_day_roll else day

    def letter_end(notice: Notice) -> dt.date | None:
        # the last day a ladder letter gave the client: from its delivery (recorded, or as late as the notices clause
        # deems it), on the next working day where that day is not one (as the letters state their deadlines)
        days: int | None
        if notice.stage is DemandStage.SUSPENSION:
            days = terms.suspension.notice_days if terms.suspension is not None else None
        elif notice.stage is DemandStage.FINAL:
            days = terms.law.regime(project, DemandStage.FINAL, terms.interest.basis).reply_days
            days = days or DEADLINE_DAYS[DemandStage.FINAL]
        else:
            days = DEADLINE_DAYS.get(notice.stage)
        if days is None:
            return None
        if notice.delivered_on is not None:
            delivered = notice.delivered_on
        elif notice.via in same_day:
            delivered = notice.on
        else:
            delivered = notice.on + dt.timedelta(days=terms.courier_days)
        return off_rest_day(calendar, delivered + dt.timedelta(days=days))

    events = sorted((e for e in (*project.events, *extra) if e.on <= as_of), key=lambda e: e.on)

    def first(kind: EventType, node_id: str) -> Event | None:
        return next((e for e in events if e.type is kind and e.node == node_id), None)

    # 1. Dates (acceptance, invoice, due date) and the sum due after the application.
    dated: dict[str, tuple[Event | None, AcceptanceFacts, InvoiceFacts, DueFacts]] = {}
    claims: dict[str, ClaimFacts] = {}
    for s in schedule.nodes:
        node = s.node
        own = [e for e in events if e.node == node.id]
        applied = first(EventType.APPLIED, node.id)
        invoiced = first(EventType.INVOICED, node.id)
        certificate = first(EventType.CERTIFIED, node.id)
        # periods that run from an application or an invoice run from its receipt
        received = (applied.delivered_on or applied.on) if applied else None
        acceptance = acceptance_facts(project, terms, node, events, clock)
        # the application is made once the milestone is achieved: one received before acceptance is reviewed
        # from it, and the confirmation, the invoice and any objection follow that review
        pending = acceptance.criterion is not None and acceptance.accepted_on is None
        reviewed_from = review_start(received, acceptance.accepted_on, pending)
        invoice = invoice_facts(
            terms,
            node,
            reviewed_from,
            invoiced.on if invoiced else None,
            (invoiced.delivered_on or invoiced.on) if invoiced else None,
            clock,
            certified_on=certificate.on if certificate else None,
        )
        due = due_facts(project, terms, node, applied_on=received, invoice=invoice, acceptance=acceptance, clock=clock)
        claim = claim_facts(
            terms,
            terms.certification_for(node.kind),
            s.payable,
            own,
            due,
            clock,
            reviewed_from=reviewed_from,
            application_notifies=act_clause(project),
        )
        if node.id in discounts:
            discount, why = discounts[node.id]
            claim = replace(claim, due=claim.due - discount, discount=discount, basis=f"{claim.basis}; {why}")
        if claim.notices is not None and claim.notices.final_date != due.on:
            # a notice in default given late postpones the final date for payment (s.110B)
            due = replace(
                due,
                on=claim.notices.final_date,
                note=f"{due.note}; postponed to {claim.notices.final_date} by {claim.notices.notified_by}",
            )
        fixed = claim.notices is None or claim.notices.notified_sum is not None
        if not fixed and claim.notices is not None and due.on is not None and as_of > claim.notices.payment_notice_by:
            # no payment notice, no application standing as one, no notice in default: nothing is payable under
            # s.111, so nothing is late, until the payee's notice fixes the notified sum (s.110B(2)-(3))
            by = claim.notices.payment_notice_by
            due = replace(
                due,
                note=f"{due.note}; no sum is notified yet (no payment notice by {by}, no notice in default): payment "
                f"is not late until a notice in default is given, which moves the final date for payment by the "
                f"days it comes after {by} (s.110B)",
            )
        dated[node.id] = (applied, acceptance, invoice, due)
        claims[node.id] = claim

    # 2. Payments: to the node named, else to the oldest debt first.
    paid_to: dict[str, list[Payment]] = {s.id: [] for s in schedule.nodes}
    remaining = {s.id: claims[s.id].due + claims[s.id].held for s in schedule.nodes}
    far = dt.date.max
    order = sorted(schedule.nodes, key=lambda s: (dated[s.id][3].on or dated[s.id][3].latest or far, s.index))
    unallocated = Decimal(0)
    for event in (e for e in events if e.type is EventType.PAID and e.amount):
        assert event.amount is not None
        if event.node and event.node in paid_to:
            paid_to[event.node].append(Payment(event.on, event.amount, event.ref, False))
            remaining[event.node] -= event.amount
            continue
        # The oldest sums already due on the day of payment first; what is left pays the next ones to fall due.
        due_first = sorted(order, key=lambda s: (not _due_by(dated[s.id][3], event.on), order.index(s)))
        left = event.amount
        for s in due_first:
            if left <= 0:
                break
            take = min(left, remaining[s.id])
            if take > 0:
                paid_to[s.id].append(Payment(event.on, take, event.ref, True))
                remaining[s.id] -= take
                left -= take
        unallocated += max(left, Decimal(0))

    # 3. Per node: outstanding, interest, letters, next step, limitation, what is missing.
    same_day = _same_day_methods(project, terms)  # the ways of sending that deliver a demand the day it is sent
    posted_within = _posted_within(project, terms)  # the latest day the contract deems a posted notice delivered
    nodes = []
    warnings: list[str] = []
    for s in schedule.nodes:
        applied, acceptance, invoice, due = dated[s.id]
        due_on = due.on
        payments = tuple(paid_to[s.id])
        paid = sum((p.amount for p in payments), Decimal(0))
        claim = claims[s.id]
        outstanding = max(claim.due - paid, Decimal(0))
        held = max(claim.due + claim.held - paid, Decimal(0)) - outstanding
        own = [e for e in events if e.node == s.id]
        promise = promise_facts(own, [(p.on, p.amount) for p in payments], claim.due, as_of, roll=promise_roll)
        if promise is not None:
            claim = replace(claim, promise=promise)
        # under a construction-payment statute payment is late only where a sum is notified (s.111): without a
        # payment notice, an application standing as one or a notice in default, the node waits for the payee's
        # notice (s.110B), which fixes the notified sum and the final date for payment
        statute = claim.notices
        unnotified = statute is not None and statute.notified_sum is None
        # past the payer's last day for its payment notice (or the final date) the node waits for the payee's notice
        awaiting_notice = (
            statute is not None
            and unnotified
            and due_on is not None
            and (as_of > statute.payment_notice_by or as_of > due_on)
        )
        overdue = bool(due_on and as_of > due_on and outstanding > 0 and not unnotified)
        # a part a resolution made payable, still within the days the contract gives to pay it: not yet late (no
        # letter chases it), though its interest runs from the original date as the clause says
        settling = bool(
            overdue and claim.resolved_by is not None and as_of <= claim.resolved_by and outstanding <= claim.resolved
        )
        overdue = overdue and not settling
        if outstanding == 0 and held == 0 and s.payable > 0:
            state = NodeState.PAID
        elif outstanding == 0 and held > 0 and due_on is not None:
            state = NodeState.DISPUTED
        elif due_on is None or awaiting_notice:
            state = NodeState.WAITING
        elif overdue:
            state = NodeState.OVERDUE
        else:
            state = NodeState.NOT_DUE
        if state is NodeState.WAITING and awaiting_notice and due.waiting is Waiting.NOTHING:
            due = replace(due, waiting=Waiting.NOTICE)  # what the node waits for, as every document words it
        interest = None
        if due_on is not None and not unnotified and (overdue or settling or any(p.on > due_on for p in payments)):
            balances = _balances(claim.due, payments, due_on, as_of, terms.interest.payment_day)
            if terms.interest.on_gross and project.contract.vat:
                # the Late Payment Act runs interest on the debt as invoiced: VAT included
                gross = 1 + project.contract.vat
                balances = [Balance(b.start, b.end, quantize(b.principal * gross, schedule.currency)) for b in balances]
            interest = accrue(terms.interest, balances, schedule.currency, project, due=due_on)
            warnings.extend(w for w in interest.warnings if w not in warnings)
        sent = [
            Notice(e.on, e.stage, e.via, e.tracking, e.delivered_on, e.proof, e.ref)
            for e in events
            if e.type is EventType.NOTICE and e.node == s.id and e.stage is not None
        ]
        notices = tuple(replace(n, reached_on=demand_delivered_on(n, same_day, posted_within)) for n in sent)
        acknowledgments = tuple(
            Acknowledgment(e.on, e.amount, e.ref, e.note)
            for e in events
            if e.type is EventType.ACKNOWLEDGED and e.node == s.id
        )
        next_step = _next_step(project, terms, due_on, notices, claim.promise, letter_end) if overdue else None
        # a restart counts while the period runs, to its last day as the law's rest-day rule moves it
        promised = tuple(e.on for e in events if e.type is EventType.PROMISED and e.node == s.id)
        restarts = _restarts(due_on, payments, notices, acknowledgments, promised)
        counted = terms.law.limitation(due_on, restarts, lambda day: statutory_end(terms.law, calendar, day)[0])
        limitation = limitation_end(terms.law, calendar, counted)
        if state is NodeState.PAID and interest is None:
            limitation = LimitationEnd(None, "nothing is owed")
        nodes.append(
            NodeAccount(
                scheduled=s,
                applied_on=applied.on if applied else None,
                applied_amount=applied.amount if applied else None,
                applied_ref=applied.ref if applied else None,
                acceptance=acceptance,
                invoice=invoice,
                due=due,
                payments=payments,
                paid=paid,
                outstanding=outstanding,
                days_overdue=(as_of - due_on).days if overdue and due_on else 0,
                state=state,
                interest=interest,
                notices=notices,
                acknowledgments=acknowledgments,
                next_step=next_step,
                limitation=limitation,
                missing=_missing(terms, s, acceptance, invoice, due, state),
                interest_per_day=_per_day(interest, schedule.currency) if overdue else Decimal(0),
                outstanding_vat=quantize(outstanding * project.contract.vat, schedule.currency)
                if project.contract.vat
                else Decimal(0),
                claim=claim,
                held=held,
            )
        )
    warnings.extend(w for w in clock.warnings if w not in warnings)
    gaps = tuple(dict.fromkeys(gap.message for gap in clock.gaps))
    return Account(loaded, as_of, terms, calendar, schedule, tuple(nodes), unallocated, tuple(warnings), gaps)


def approved_by(loaded: LoadedProject, as_of: dt.date) -> LoadedProject:
    """The project as it stood on ``as_of``: a variation approved later is not yet approved (it adds nothing to the
    price, the nodes or a demand); the same project where none is. (A valuation measures a variation only in a
    period that ends after its approval: BOQ005.)"""
    later = {v.id for v in loaded.project.variations if v.approved_on is not None and v.approved_on > as_of}
    if not later:
        return loaded
    variations = [v.model_copy(update={"approved_on": None}) if v.id in later else v for v in loaded.project.variations]
    return replace(loaded, project=loaded.project.model_copy(update={"variations": variations}))


def _per_day(interest: InterestResult | None, currency: str) -> Decimal:
    """One more day's interest at the last period's rate on the balance that bore it."""
    if interest is None or not interest.periods:
        return Decimal(0)
    last = interest.periods[-1]
    rate = last.rate if last.per_day else last.rate / last.day_count
    return quantize(last.principal * rate, currency)


def _due_by(due: DueFacts, day: dt.date) -> bool:
    """Whether a node had fallen due by ``day``."""
    return due.on is not None and due.on <= day


def _balances(
    payable: Decimal, payments: tuple[Payment, ...], due: dt.date, as_of: dt.date, payment_day: PaymentDay
) -> list[Balance]:
    """Outstanding principal from the day after the due date, cut at each later payment, to the last payment
    or the as-of date. On the day of a part payment the old balance bears interest, or the reduced one, as the
    contract says."""
    principal = payable - sum((p.amount for p in payments if p.on <= due), Decimal(0))
    balances = []
    start = due
    for payment in sorted((p for p in payments if p.on > due), key=lambda p: p.on):
        if principal <= 0:
            break
        end = payment.on if payment_day is PaymentDay.OLD_BALANCE else payment.on - ONE_DAY
        balances.append(Balance(start, end, principal))
        principal -= payment.amount
        start = end
    if principal > 0 and as_of > start:
        balances.append(Balance(start, as_of, principal))
    return balances


def _same_day_methods(project: Project, terms: ContractTerms) -> frozenset[str]:
    """The ways of sending by which a notice is delivered on the day it is sent, as ``letter_period`` has them: by
    hand, and by email where the contract's notices clause (general.notices) lets email serve a notice and deems it
    delivered the day it enters the recipient's system (``email_notices``). For limitation, email counts only where
    the contract has that clause: without it, when an email arrives is a question of fact, not of the contract."""
    methods: set[str] = {m for m in SAME_DAY_DELIVERY if m not in _EMAIL}
    if terms.email_notices and project.clause_number("general.notices") is not None:
        methods |= _EMAIL
    return frozenset(methods)


def _posted_within(project: Project, terms: ContractTerms) -> int | None:
    """The days after dispatch by which the contract's notices clause deems a posted notice delivered at the latest
    (``courier_days``), or None without that clause."""
    return terms.courier_days if project.clause_number("general.notices") is not None else None


def demand_delivered_on(
    notice: Notice, same_day: frozenset[str] = frozenset(), posted_within: int | None = None
) -> dt.date | None:
    """The day a demand reached the debtor for limitation (PRC: SPC limitation rules art. 8, 到达或者应当到达), or
    None while that is not certain.

    A recorded delivery (``delivered_on``), or the day sent where proof of delivery is recorded; else, sent by a
    method by which the contract delivers a notice the day it is sent (``same_day``: hand, or email under the
    notices clause), the day sent. A notice by courier or post with no delivery recorded does not count yet: the
    notices clause deems it delivered at the latest ``courier_days`` after dispatch, but that latest day would date
    the restart later than it may have happened, and so the new period's end later than it may be. A limitation
    period that ends early favours the debtor, so a restart counts only from when the notice is certainly
    delivered: record ``delivered_on`` (the day signed for) to count it. Where it was signed for after the day the
    notices clause deems it delivered (``posted_within`` days after dispatch, the earlier of the two), the demand
    should have arrived (应当到达) on that earlier day, and counts from it.
    """
    if notice.delivered_on is not None:
        if posted_within is not None and notice.via in POSTED_DELIVERY:
            return min(notice.delivered_on, notice.on + dt.timedelta(days=posted_within))
        return notice.delivered_on
    if notice.proof is not None:
        return notice.on
    if notice.via is not None and notice.via in same_day:
        return notice.on
    return None


def _restarts(
    due_on: dt.date | None,
    payments: tuple[Payment, ...],
    notices: tuple[Notice, ...],
    acknowledgments: tuple[Acknowledgment, ...],
    promised: tuple[dt.date, ...] = (),
) -> list[Restart]:
    """Events that may restart limitation; the law decides which count. A demand counts from the day it reached
    the client (``Notice.reached_on``, as ``demand_delivered_on`` works it out)."""
    if due_on is None:
        return []
    found = [Restart(p.on, RestartKind.PART_PAYMENT) for p in payments if p.on > due_on]
    for n in notices:
        delivered = n.reached_on
        if delivered is not None and n.on > due_on:
            found.append(Restart(delivered, RestartKind.DEMAND))
    found += [Restart(a.on, RestartKind.ACKNOWLEDGMENT) for a in acknowledgments if a.on > due_on]
    found += [Restart(on, RestartKind.PROMISE) for on in promised if on > due_on]
    return found


def suspension_right(project: Project, terms: ContractTerms) -> bool:
    """Whether the contract gives a right to suspend work for non-payment."""
    return terms.suspension is not None


def _next_step(
    project: Project,
    terms: ContractTerms,
    due_on: dt.date | None,
    notices: tuple[Notice, ...],
    promise: Promise | None = None,
    letter_end: Callable[[Notice], dt.date | None] | None = None,
) -> NextStep | None:
    """The letter after the furthest one sent, due on the day the escalation ladder puts it.

    Suspension is a step only where there is a right to suspend and the ladder names a day for it; once a
    notice of suspension has been sent, the work is suspended and the next step is the final demand. A promise
    to pay pauses the ladder until the day after the day promised, and a letter's own deadline until the day after
    it (``letter_end``): a formal notice and a final demand the same day would take back the time the notice gave.
    """
    if due_on is None:
        return None
    ladder = project.escalation
    steps = [
        stage
        for stage in LADDER
        if stage is not DemandStage.SUSPENSION or (ladder.suspension is not None and suspension_right(project, terms))
    ]
    furthest = max((steps.index(n.stage) for n in notices if n.stage in steps), default=-1)
    if furthest + 1 >= len(steps):
        return NextStep(None, None)
    stage = steps[furthest + 1]
    days = getattr(ladder, str(stage))
    on = due_on + dt.timedelta(days=int(days))
    if promise is not None and promise.kept is None and on <= promise.last_day:
        on = promise.last_day + ONE_DAY
    sent = [n for n in notices if n.stage in steps]
    last = max(sent, key=lambda n: n.on) if sent else None
    end = letter_end(last) if letter_end is not None and last is not None else None
    if end is None:
        return NextStep(stage, on)
    return NextStep(stage, max(on, end + ONE_DAY), end + ONE_DAY, last)


def _missing(
    terms: ContractTerms,
    s: ScheduledNode,
    acceptance: AcceptanceFacts,
    invoice: InvoiceFacts,
    due: DueFacts,
    state: NodeState,
) -> tuple[str, ...]:
    """What the contractor should supply or record for the node to fall due, or for its claim to hold."""
    if state is NodeState.PAID:
        return ()
    out = []
    if due.waiting is Waiting.ACCEPTANCE_REQUEST:
        if acceptance.requests:
            lacking = ", ".join(acceptance.requests[-1].missing)
            out.append(f"a complete request for acceptance of {acceptance.criterion}: the last one lacked {lacking}")
        else:
            out.append(f"a request for acceptance of {acceptance.criterion} (record it as type: acceptance_requested)")
    if due.waiting is Waiting.INVOICE and invoice.deadline is not None:
        out.append(f"the invoice (due by {invoice.deadline}; until it is issued the due date keeps moving)")
    elif invoice.required and invoice.invoiced_on is None and state is NodeState.OVERDUE:
        if invoice.confirmed_on is None:
            # the invoicing period runs from the amount's confirmation: until then no invoice is owed, and its
            # absence neither moves the due date nor excuses the payment
            out.append(
                "an invoice once the amount is confirmed (none is recorded; the contract asks for one for the "
                "confirmed amount, and until the confirmation its absence does not move the due date)"
            )
        else:
            out.append(
                f"an invoice: none is recorded, and the contract asks for one for the amount confirmed on "
                f"{invoice.confirmed_on}"
            )
    if due.waiting is Waiting.GUARANTEE:
        out.append("the advance payment guarantee, delivered with the application")
    return tuple(out)


def with_application(loaded: LoadedProject, node_id: str, as_of: dt.date) -> Account:
    """The account as it will stand once an application for ``node_id`` goes in on ``as_of``.

    Where the ledger already records an application for the node on or before ``as_of``, that one counts.
    """
    recorded = any(e.type is EventType.APPLIED and e.node == node_id and e.on <= as_of for e in loaded.project.events)
    extra = () if recorded else (Event(on=as_of, type=EventType.APPLIED, node=node_id),)
    return build_account(loaded, as_of, extra=extra)


@dataclass(frozen=True)
class DiscountOffer:
    """The early-payment discount the contract gives on one instalment."""

    rate: Decimal
    amount: Decimal  # what the client pays if it pays in time
    within_days: int
    #: The last day to pay for the discount: ``within_days`` after the client received the document the period runs
    #: from (``received_on``), rolled off a rest day where the contract says so. None where that document is not
    #: recorded yet (the invoice is still to come) or the day needs holiday data nobody has supplied.
    by: dt.date | None
    from_invoice: bool  # the period runs from receipt of the invoice (the contract asks for one before payment)
    clause: str
    #: The day the client received that document: its recorded delivery, or, where none is recorded, the day it
    #: is deemed delivered at the latest as the notices clause deems a letter's (``received_deemed``). None with
    #: ``by``.
    received_on: dt.date | None = None
    received_deemed: bool = False
    rolled_from: dt.date | None = None  # the last day before the rest-day roll, where one moved it
    #: Other nodes overdue on the day, (id, outstanding): the clause gives the discount only where no other sum
    #: due is unpaid at the time of payment, so these are to be paid first (or with this instalment).
    overdue: tuple[tuple[str, Decimal], ...] = ()

    @property
    def overdue_total(self) -> Decimal:
        return sum((amount for _, amount in self.overdue), Decimal(0))


def discount_offer(account: Account, node_id: str, amount: Decimal) -> DiscountOffer | None:
    """The discount the contract's clause offers on this node's instalment, or None where it offers none.

    The clause itself excludes the advance and the release of retention. Its period runs from the client's
    receipt of the application or, where the contract asks for an invoice before payment, of the invoice: from
    the recorded delivery, or else from the day the document is deemed delivered at the latest, as the notices
    clause deems a letter's (``letter_period``: the method of sending is not recorded for an application or an
    invoice, so the latest); its last day rolls off a rest day as the contract's time-computation clause says.
    Where the invoice is not yet recorded the period has no date yet. The clause also asks that no other sum
    due be unpaid at the time of payment: the nodes overdue on the account's date are named with the offer.
    """
    terms = account.terms.discount
    node = account.node(node_id)
    if terms is None or node is None or node.scheduled.node.kind in terms.excluded:
        return None
    discounted = quantize(amount * (1 - terms.rate), account.currency)
    overdue = tuple((n.id, n.outstanding) for n in account.nodes if n.id != node_id and n.state is NodeState.OVERDUE)
    offer = DiscountOffer(
        terms.rate,
        discounted,
        terms.within_days,
        None,
        account.terms.invoice_required,
        terms.clause,
        overdue=overdue,
    )
    kind = EventType.INVOICED if offer.from_invoice else EventType.APPLIED
    recorded = next(
        (
            e
            for e in sorted(account.project.events, key=lambda e: e.on)
            if e.type is kind and e.node == node_id and e.on <= account.as_of
        ),
        None,
    )
    sent = recorded.on if recorded is not None else (None if offer.from_invoice else node.applied_on)
    if sent is None:
        return offer  # no invoice yet: the period runs from its receipt, a day not yet known
    delivered = recorded.delivered_on if recorded is not None else None
    try:
        if delivered is not None:
            clock = Clock(account.terms, account.calendar, account.as_of)
            last, moved, _ = clock.strict_end(delivered, terms.within_days)
            received, deemed = delivered, False
        else:
            period = letter_period(account, sent, terms.within_days)
            last, received, deemed = period.last_day, period.delivered_by, period.delivered_by != sent
            moved = None
            plain = received + dt.timedelta(days=terms.within_days)
            if plain != last:
                moved = plain
    except CalendarGap:
        return offer  # the last day needs holiday data nobody has supplied: no date is stated, never a guess
    return replace(offer, by=last, received_on=received, received_deemed=deemed, rolled_from=moved)


def discounts_taken(account: Account) -> dict[str, tuple[Decimal, str]]:
    """The early-payment discounts the client earned, by node: the discount, and a sentence for the basis.

    incentive.early-payment-discount lets the client deduct the discount where the whole amount payable for the
    instalment, less the discount, reaches the contractor within the clause's period (``discount_offer``'s last
    day) and no other sum due is overdue at the time of payment. Such a node is paid: the discount is neither owed
    nor chased, and no interest runs on it.
    """
    taken: dict[str, tuple[Decimal, str]] = {}
    for n in account.nodes:
        if n.claim is None or not n.payments or n.claim.held:
            continue
        due = n.claim.due
        offer = discount_offer(account, n.id, due)
        if offer is None or offer.by is None or offer.amount >= due:
            continue
        paid, on = Decimal(0), None
        for payment in n.payments:
            if payment.on > offer.by:
                break
            paid += payment.amount
            if paid >= offer.amount:
                on = payment.on
                break
        if on is None or paid >= due:
            continue  # not paid in time, or paid in full: no discount to take
        if any(_overdue_on(m, on) for m in account.nodes if m.id != n.id):
            continue  # another sum due was unpaid at the time of payment: the clause gives no discount
        discount = due - offer.amount
        number = account.project.clause_number(offer.clause)
        clause = f"Clause {number} ({offer.clause})" if number else offer.clause
        taken[n.id] = (
            discount,
            f"the early-payment discount of {discount:,.2f} ({clause}) was earned: {offer.amount:,.2f}, the sum "
            f"less {offer.rate * 100:g}%, paid in full by {on}, within the period ending {offer.by}, with no other "
            "sum overdue",
        )
    return taken


def _overdue_on(node: NodeAccount, day: dt.date) -> bool:
    """Whether ``node`` had a sum due and unpaid after its due date on ``day``."""
    if node.due_on is None or node.due_on >= day or node.claim is None:
        return False
    paid = sum((p.amount for p in node.payments if p.on <= day), Decimal(0))
    return paid < node.claim.due


_EMAIL = {"email", "email-read-receipt"}


@dataclass(frozen=True)
class LetterPeriod:
    """A period a letter gives the client, counted as the contract counts notice periods: from delivery."""

    sent_on: dt.date
    delivered_by: dt.date  # the day the letter is delivered, or deemed delivered, at the latest
    last_day: dt.date  # the last day of the period (after any rest-day roll)
    days: int

    @property
    def next_day(self) -> dt.date:
        """The first day after the period: when a suspension may start."""
        return self.last_day + ONE_DAY


def letter_period(
    account: Account, sent_on: dt.date, days: int, via: str | None = None, *, statute: bool = False
) -> LetterPeriod:
    """``days`` after a letter sent on ``sent_on`` is delivered, as the notices clause deems delivery.

    By hand, or by email where the contract lets email serve notices, a letter arrives on the day it is sent;
    by courier or registered post on the day signed for or, at the latest, ``courier_days`` after dispatch.
    Where the method is not yet known the latest of these is used, so a period never ends early. A last day
    that needs holiday data neither contractkit nor the project's ``calendar:`` has raises ``CalendarGap``.
    With ``statute`` the period is one under a construction-payment statute (the s.112 notice of suspension):
    Christmas Day, Good Friday and bank holidays are not counted in it (s.116).
    """
    terms = account.terms
    same_day = via in SAME_DAY_DELIVERY and (via not in _EMAIL or terms.email_notices)
    delivered = sent_on if same_day else sent_on + dt.timedelta(days=terms.courier_days)
    clock = Clock(terms, account.calendar, account.as_of)
    # a deadline the letter states: beyond the holiday data it is refused (CalendarGap), never guessed
    if statute:
        plain = account.calendar.add_days_excluding_holidays(delivered, days)
        last, _, _ = clock.strict_end(plain, 0)
    else:
        last, _, _ = clock.strict_end(delivered, days)
    return LetterPeriod(sent_on, delivered, last, days)
