"""Where every date of a payment node is decided: the request for acceptance and its review period,
acceptance (recorded or deemed), confirmation of the amount, the invoice, and the due date.

Periods are counted as the contract's terms say (``ContractTerms``): the first day is never counted, and
a last day that falls on a rest day moves to the next working day where the contract or the law says so.
Each date carries a one-line account of where it comes from for ``status --explain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from contractkit.account.terms import ContractTerms, ReviewStart
from contractkit.law import Law
from contractkit.law.base import LimitationEnd
from contractkit.law.calendars import CalendarGap, WorkingCalendar
from contractkit.model.models import (
    AcceptanceCriterion,
    DueBasis,
    Event,
    EventType,
    EvidenceItem,
    NodeKind,
    PaymentNode,
    Project,
)

ONE_DAY = dt.timedelta(days=1)


class Waiting(StrEnum):
    """What a node waits for before its due date can be known."""

    NOTHING = ""
    DUE_RULE = "due-rule"  # the node has no due rule
    APPLICATION = "application"
    ACCEPTANCE_REQUEST = "acceptance-request"  # no complete request for acceptance yet
    ACCEPTANCE = "acceptance"  # requested; the review period runs, or there is none and acceptance is awaited
    INVOICE = "invoice"
    GUARANTEE = "guarantee"  # the advance payment guarantee has not been delivered
    CALENDAR = "calendar"  # working days beyond the published holiday data
    #: under a construction-payment statute, no sum is notified (no payment notice, no application standing as one):
    #: the dates are known, but payment is late only once the payee's notice in default fixes the sum (s.110B)
    NOTICE = "notice"


@dataclass(frozen=True)
class Request:
    """A request for acceptance (or an application that counts as one) and whether it was complete."""

    on: dt.date
    ref: str | None
    missing: tuple[str, ...]  # required documents it did not enclose
    by_application: bool

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class AcceptanceFacts:
    """Acceptance of the work a node is paid for, as the account uses it."""

    criterion: str | None
    review_days: int | None
    deemed_rule: bool  # silence for the review period counts as acceptance
    requests: tuple[Request, ...]
    started_by: Request | None  # the first complete request: it starts the review period
    review_ends: dt.date | None  # the last day of the review period (after any rest-day roll)
    accepted_on: dt.date | None  # recorded, or deemed once the review period has passed
    deemed: bool
    recorded_ref: str | None
    #: The day the payment clock starts for a node due after acceptance (acceptance, or the end of the review
    #: period where the contract or the law starts the clock then), or None.
    clock_start: dt.date | None
    note: str
    #: A written acceptance recorded after the review period had already run out in silence: noted, but the
    #: acceptance (or the payment clock) dates from the end of the review period, as the acceptance clause says.
    late_record: dt.date | None = None

    @property
    def pending_deemed_on(self) -> dt.date | None:
        """The day deemed acceptance will take effect, while the review period still runs."""
        if self.accepted_on is None and self.deemed_rule and self.review_ends is not None:
            return self.review_ends
        return None


@dataclass(frozen=True)
class DueFacts:
    """When a node falls due, and why."""

    on: dt.date | None
    waiting: Waiting
    note: str
    rolled_from: dt.date | None = None  # the last day before the rest-day roll, where one moved it
    extension_days: int = 0  # days added because the invoice was late
    #: While acceptance is pending after a complete request: the due date if acceptance is deemed (or the
    #: clock starts) at the end of the review period — the latest the node can fall due.
    latest: dt.date | None = None
    provisional: bool = False  # beyond the holiday data: ``on`` is unknown (never a guess)
    #: Under a construction-payment statute: the payment due date (``on`` is then the final date for payment,
    #: after which payment is late).
    statutory_due: dt.date | None = None
    #: Where ``on`` (or ``latest``) is unknown because it needs holiday data nobody has supplied: the message
    #: naming the day and the fix. A document about the node refuses with it rather than state no date.
    gap: str = ""


@dataclass(frozen=True)
class InvoiceFacts:
    required: bool
    invoiced_on: dt.date | None
    received_on: dt.date | None  # the day the client received it: periods after the invoice run from then
    confirmed_on: dt.date | None  # the amount applied for confirmed, or deemed confirmed, on this day
    deadline: dt.date | None  # the last day to issue the invoice without moving the due date
    late_days: int
    note: str


class Clock:
    """Counts contract periods in one project's calendar under its terms."""

    def __init__(self, terms: ContractTerms, calendar: WorkingCalendar, as_of: dt.date) -> None:
        self.terms = terms
        self.calendar = calendar
        self.as_of = as_of
        self.warnings: list[str] = []
        self.gaps: list[CalendarGap] = []  # periods whose end needs holiday data nobody has supplied

    def end(self, start: dt.date, days: int, *, working: bool = False) -> tuple[dt.date | None, dt.date | None, bool]:
        """The last day of a period of ``days`` after ``start`` (first day not counted), rolled off a rest day.

        Returns (last day, the day before the roll or None, unknown). A working-day count lands on a working
        day already. Where the count or the roll needs a day beyond the published holiday data and the
        project's own ``calendar:``, the last day is not guessed: a period that would have ended by the
        account's date raises ``CalendarGap``; a later one is returned as None (unknown) and the gap is
        recorded in ``gaps`` and ``warnings``, so that status shows it and no document states the date.
        """
        try:
            return self.strict_end(start, days, working=working)
        except CalendarGap as gap:
            earliest = start + dt.timedelta(days=days)
            if earliest <= self.as_of:
                raise
            self.gaps.append(gap)
            warning = (
                f"{gap.message.removeprefix('contractkit: ')} Until then contractkit states no date that needs it."
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
            return None, None, True

    def strict_end(self, start: dt.date, days: int, *, working: bool = False) -> tuple[dt.date, dt.date | None, bool]:
        """As ``end``, but a day beyond the calendar data always raises ``CalendarGap``: for a date a document
        is about to state (a letter's deadline), which must never be a guess."""
        if working:
            return self.calendar.add_workdays(start, days), None, False
        plain = start + dt.timedelta(days=days)
        if not self.terms.rest_day_roll:
            return plain, None, False
        rolled = self.calendar.next_working_day(plain)
        return rolled, (plain if rolled != plain else None), False


def final_date(clock: Clock, due: dt.date, days: int) -> tuple[dt.date, dt.date | None, bool]:
    """The final date for payment under a construction-payment statute: ``days`` after the payment due date,
    Christmas Day, Good Friday and bank holidays not counted (s.116); where the contract rolls the last day of a
    period off a rest day, it rolls too. Returns (final date, the day it moved from or None, unknown)."""
    final = clock.calendar.add_days_excluding_holidays(due, days)
    rolled, moved, unknown = clock.end(final, 0)
    return (rolled if rolled is not None else final), moved, unknown


def statutory_end(law: Law, calendar: WorkingCalendar, last: dt.date) -> tuple[dt.date, str]:
    """The last day of a period the law itself sets (limitation, the time to exercise a right), moved off a rest
    day where the law moves it whatever the contract says (PRC Civil Code art. 203: a period whose last day is a
    statutory holiday ends on the day after the holiday ends).

    Returns the day and a note: why it moved, or, for a Saturday or Sunday beyond the holiday data, that it may
    still move (the day shown is then the earliest, never a guess); empty where nothing applies.
    """
    if not law.rest_day_roll:
        return last, ""
    source = f"{law.name}: {law.rest_day_citation}" if law.rest_day_citation else law.name
    try:
        day = calendar.next_working_day(last)
    except CalendarGap:
        holiday = calendar.fixed_holiday(last)
        if holiday:
            # a holiday the law fixes by date is one every year, whatever the State Council's notice moves around it:
            # the period certainly ends later, on a day that notice will fix
            return last, (
                f"{last} is {holiday}, a public holiday fixed by date, beyond the published holiday data: the period "
                f"ends on the first working day after the holiday ends, which the State Council's notice for "
                f"{last.year} will fix; the day shown is the earliest ({source})"
            )
        if last.weekday() < 5:
            return last, ""
        return last, (
            f"{last} is a {last:%A} beyond the published holiday data: unless it is made a working day, the period "
            f"ends on the first working day after it ({source})"
        )
    if day == last:
        return last, ""
    return day, f"{last} is a rest day, so the period ends on {day}, the first working day after it ({source})"


def limitation_end(law: Law, calendar: WorkingCalendar, end: LimitationEnd) -> LimitationEnd:
    """The limitation date moved off a statutory holiday where the law says so (``statutory_end``)."""
    if end.on is None:
        return end
    day, note = statutory_end(law, calendar, end.on)
    if not note:
        return end
    citations = end.citations
    if day != end.on and law.rest_day_citation and law.rest_day_citation not in citations:
        citations = (*citations, law.rest_day_citation)
    return LimitationEnd(day, f"{end.why}; {note}", citations, end.restarted_by)


def _gap_note(clock: Clock) -> str:
    """Why a date is unknown: the last calendar gap the clock met (it names the day and the fix)."""
    if not clock.gaps:
        return "beyond the holiday data"
    return clock.gaps[-1].message.removeprefix("contractkit: ")


def _matches(requirement: str, item: EvidenceItem) -> bool:
    return (item.satisfies or item.title) == requirement


def _dated_by(item: EvidenceItem, day: dt.date) -> bool:
    """The document existed on ``day`` (an undated one is taken to have)."""
    return item.date is None or item.date <= day


def _request(
    event: Event, criterion: AcceptanceCriterion, evidence: Sequence[EvidenceItem], by_application: bool
) -> Request:
    """A request with the criterion's required documents it lacked: those it names as enclosed, or else those
    the evidence register holds on that day."""
    missing = []
    for document in criterion.documents:
        if event.enclosed:
            enclosed = set(event.enclosed)
            named = {e.id: e for e in evidence}
            # a document dated after the request cannot have gone with it: it does not complete the request
            found = document in enclosed or any(
                key in named and _matches(document, named[key]) and _dated_by(named[key], event.on) for key in enclosed
            )
        else:
            found = any(_matches(document, e) and (e.date is None or e.date <= event.on) for e in evidence)
        if not found:
            missing.append(document)
    return Request(event.delivered_on or event.on, event.ref, tuple(missing), by_application)


def _review(
    requests: Sequence[Request],
    rejections: Sequence[Event],
    days: int | None,
    clock: Clock,
    retest_days: int | None = None,
) -> tuple[Request | None, dt.date | None, Event | None]:
    """The request whose review period counts, the last day of that period, and the rejection that ended the
    last one, if any.

    A complete request starts a review period; a written rejection within it ends it, and only a complete request
    made after the rejection starts the next — a whole review period again, or the retest period where the
    acceptance clause sets one (UAT). A rejection after the period has ended comes too late to stop deemed
    acceptance.
    """
    started: Request | None = None
    review_ends: dt.date | None = None
    rejected: Event | None = None
    after = dt.date.min
    for request in requests:
        if not request.complete or request.on < after:
            continue
        period = retest_days if after > dt.date.min and retest_days is not None and days is not None else days
        started, rejected = request, None
        review_ends = clock.end(request.on, period)[0] if period is not None else None
        stop = next(
            (
                e
                for e in rejections
                if e.on >= request.on and (review_ends is None or (e.delivered_on or e.on) <= review_ends)
            ),
            None,
        )
        if stop is None:
            return started, review_ends, None
        started, review_ends, rejected = None, None, stop
        after = stop.on + ONE_DAY
    return started, review_ends, rejected


def acceptance_facts(
    project: Project,
    terms: ContractTerms,
    node: PaymentNode,
    events: Sequence[Event],
    clock: Clock,
) -> AcceptanceFacts:
    """Requests, the review period, and acceptance recorded or deemed for the criterion a node names.

    Events for any node paid on the same criterion count: the work is accepted once. Deemed acceptance runs only
    from a complete request, and takes effect when the review period has passed (the day after its last day); the
    date of acceptance is then the last day of the review period. A written acceptance recorded within the review
    period counts from its own date; one recorded after the period had run out without a rejection comes too late to
    move the date (acceptance clause; SME Payment Regulations art. 10): it is noted, not used. Where silence does not
    count as acceptance but the payment clock starts at the end of the review period, a late acceptance is the date
    of acceptance and the clock still starts at the end of the review period.
    """
    criterion = project.criterion(node.acceptance) if node.acceptance else None
    if criterion is None:
        recorded = next((e for e in events if e.type is EventType.ACCEPTED and e.node == node.id), None)
        on = recorded.on if recorded else None
        note = f"accepted {on} (recorded)" if recorded else "no acceptance criterion"
        return AcceptanceFacts(
            None, None, False, (), None, None, on, False, recorded.ref if recorded else None, on, note
        )
    nodes = {n.id for n in project.payment_schedule if n.acceptance == criterion.id}
    rules = terms.acceptance(criterion)
    evidence = [e for e in project.evidence if e.node in nodes]
    kinds = {EventType.ACCEPTANCE_REQUESTED}
    if terms.review_start is ReviewStart.APPLICATION:
        kinds.add(EventType.APPLIED)
    requests = tuple(
        _request(e, criterion, evidence, e.type is EventType.APPLIED)
        for e in events
        if e.type in kinds and e.node in nodes
    )
    rejections = [e for e in events if e.type is EventType.REJECTED and e.node in nodes]
    started, review_ends, rejected = _review(requests, rejections, rules.review_days, clock, rules.retest_days)
    recorded = next((e for e in events if e.type is EventType.ACCEPTED and e.node in nodes), None)
    accepted_on, deemed, clock_start = None, False, None
    # ``_review`` keeps a review period only where no rejection came within it: a later record finds it run out
    late = recorded is not None and started is not None and review_ends is not None and review_ends < recorded.on
    late_record = recorded.on if late and recorded is not None else None
    written = ""
    if recorded is not None:
        written = f"the written acceptance of {recorded.on}" + (f" ({recorded.ref})" if recorded.ref else "")
    if recorded is not None and not (late and (rules.deemed or terms.clock_from_review_end)):
        accepted_on = clock_start = recorded.on
        note = f"accepted {recorded.on} (recorded" + (f": {recorded.ref})" if recorded.ref else ")")
        if late:
            note += f"; the review period ended {review_ends}, and the contract gives silence no effect"
    elif late and not rules.deemed:
        # the work was accepted late; the payment period still runs from the end of the review period
        assert recorded is not None and started is not None
        accepted_on, clock_start = recorded.on, review_ends
        note = (
            f"accepted {recorded.on} (recorded"
            + (f": {recorded.ref})" if recorded.ref else ")")
            + f", after the review period that followed the request of {started.on} ended {review_ends} with no "
            f"rejection, so the payment period runs from {review_ends} ({terms.sources.get('acceptance', '')})"
        )
    elif review_ends is not None and review_ends < clock.as_of:
        if rules.deemed:
            accepted_on, deemed, clock_start = review_ends, True, review_ends
            asked = started.on if started else ""
            note = f"deemed accepted {review_ends}: the review period after the request of {asked} passed in silence"
            note += f" ({rules.source})"
            if late_record is not None:
                note += f"; {written} came after the review period had ended and does not move the date of acceptance"
        elif terms.clock_from_review_end:
            clock_start = review_ends
            note = (
                f"not accepted; the review period after the request of {started.on if started else ''} ended "
                f"{review_ends}, so the payment period runs from then ({terms.sources.get('acceptance', '')})"
            )
        else:
            note = f"not accepted; the review period ended {review_ends} and the contract gives silence no effect"
    elif started is not None:
        if review_ends is not None:
            note = f"acceptance requested {started.on}; the review period ends {review_ends}"
        elif rules.review_days is not None:
            note = f"acceptance requested {started.on}; the end of the review period is unknown: {_gap_note(clock)}"
        else:
            note = f"acceptance requested {started.on}; {criterion.id} sets no review period"
    elif rejected is not None:
        note = (
            f"rejected {rejected.on}"
            + (f" ({rejected.reason})" if rejected.reason else "")
            + ": a new request for acceptance, once the work is put right, starts a new review period"
        )
    elif requests:
        last = requests[-1]
        note = (
            f"acceptance requested {last.on}, but the request lacked {', '.join(last.missing)}: "
            "the review period has not started"
        )
    else:
        note = "no request for acceptance recorded (type: acceptance_requested)"
    return AcceptanceFacts(
        criterion=criterion.id,
        review_days=rules.review_days,
        deemed_rule=rules.deemed,
        requests=requests,
        started_by=started,
        review_ends=review_ends,
        accepted_on=accepted_on,
        deemed=deemed,
        recorded_ref=recorded.ref if recorded else None,
        clock_start=clock_start,
        note=note,
        late_record=late_record,
    )


def invoice_facts(
    terms: ContractTerms,
    node: PaymentNode,
    applied_on: dt.date | None,
    invoiced_on: dt.date | None,
    invoice_received: dt.date | None,
    clock: Clock,
    *,
    certified_on: dt.date | None = None,
) -> InvoiceFacts:
    """Whether the contract makes an invoice a condition, and by how many days a late invoice moves the due date.

    Under the payment clause the amount applied for is confirmed, or deemed confirmed when the review period
    passes (where the node's certification rule lets silence confirm it), and the invoice follows within the
    invoicing period; an invoice issued later moves the due date by the days of delay, and while none is issued
    after that period the node cannot fall due.
    """
    rule = node.due
    required = terms.invoice_required and not (rule is not None and rule.after is DueBasis.INVOICE)
    if not required:
        return InvoiceFacts(False, invoiced_on, invoice_received, None, None, 0, "")
    if applied_on is None or terms.confirm_days is None or terms.invoice_days is None:
        return InvoiceFacts(True, invoiced_on, invoice_received, None, None, 0, "")
    # the amount is confirmed as the node's certification rule says: the final account has its own, and where
    # silence does not confirm it (no express term: PRC SPC Interpretation (I) art. 21) only a recorded confirmation
    # does, so the invoicing period, and a late invoice's extension, cannot start from a deemed one
    certification = terms.certification_for(node.kind)
    confirmed_on: dt.date | None = None
    if certification is None or certification.deemed:
        days = terms.confirm_days if certification is None or certification.days is None else certification.days
        confirmed_on, _, _ = clock.end(applied_on, days)
    if certified_on is not None and (confirmed_on is None or certified_on < confirmed_on):
        confirmed_on = certified_on  # confirmed in writing (before the review period ran out, where silence confirms)
    if confirmed_on is None:
        return InvoiceFacts(True, invoiced_on, invoice_received, None, None, 0, "")
    deadline, _, _ = clock.end(confirmed_on, terms.invoice_days)
    if deadline is None:
        return InvoiceFacts(True, invoiced_on, invoice_received, confirmed_on, None, 0, "")
    source = terms.sources.get("invoice", "")
    if invoiced_on is not None:
        late = max((invoiced_on - deadline).days, 0)
        note = f"invoiced {invoiced_on}" + (
            f", {late} days after the invoicing period ended {deadline}: the due date moves by {late} days ({source})"
            if late
            else ""
        )
        return InvoiceFacts(True, invoiced_on, invoice_received, confirmed_on, deadline, late, note)
    note = f"invoice to be issued by {deadline} (amount confirmed or deemed confirmed {confirmed_on}; {source})"
    return InvoiceFacts(True, None, None, confirmed_on, deadline, 0, note)


def due_facts(
    project: Project,
    terms: ContractTerms,
    node: PaymentNode,
    *,
    applied_on: dt.date | None,
    invoice: InvoiceFacts,
    acceptance: AcceptanceFacts,
    clock: Clock,
) -> DueFacts:
    """The node's due date under its due rule, the invoice condition, the advance guarantee and the rest-day roll."""
    rule = node.due
    if rule is None:
        return DueFacts(None, Waiting.DUE_RULE, "no due rule")
    if rule.on is not None:
        start, days, basis = None, 0, "fixed date"
    else:
        assert rule.after is not None and rule.days is not None
        days = rule.days
        start = {
            DueBasis.SIGNING: project.contract.signed_on,
            DueBasis.APPLICATION: applied_on,
            DueBasis.ACCEPTANCE: acceptance.clock_start,
            DueBasis.INVOICE: invoice.received_on,
        }[rule.after]
        basis = str(rule.after)
    if rule.on is None and start is None:
        return _waiting(rule.after, node, terms, acceptance, clock, days, bool(rule.working_days))
    latest = None
    if (
        invoice.required
        and invoice.deadline is not None
        and invoice.invoiced_on is None
        and clock.as_of > invoice.deadline
    ):
        return DueFacts(
            None,
            Waiting.INVOICE,
            f"no invoice recorded, and the invoicing period ended {invoice.deadline}: the due date moves day by "
            f"day until the invoice is issued ({terms.sources.get('invoice', '')})",
        )
    unit = "working days" if rule.working_days else "days"
    if rule.on is not None:
        due: dt.date | None = rule.on
        rolled_from: dt.date | None = None
        provisional = False
        if terms.rest_day_roll:
            due, rolled_from, provisional = clock.end(rule.on, 0)
        note = f"fixed date {rule.on}"
    else:
        assert start is not None
        due, rolled_from, provisional = clock.end(start, days, working=bool(rule.working_days))
        note = f"{days} {unit} after {basis} on {start}"
    if rule.on is None and rule.after is DueBasis.ACCEPTANCE:
        if acceptance.deemed:
            note += " (deemed acceptance)"
        elif acceptance.accepted_on is None:
            note += " (the end of the review period)"
    rest = terms.sources.get("rest_days")
    if rolled_from is not None:
        note += f"; {rolled_from} is a rest day, so it moves to the next working day ({rest})"
    if due is not None and invoice.late_days:
        # the due date as the contract fixes it (moved off a rest day) is extended by the days the invoice was
        # late, counted as the invoice's delay is counted (calendar days), and the new last day rolls in turn:
        # never earlier than the invoice deserves, and never a payment due before the late invoice was issued
        note += f"; that due date, {due}, is extended by {invoice.late_days} days for the late invoice"
        due, rolled_from, unknown = clock.end(due, invoice.late_days)
        provisional = provisional or unknown
        if rolled_from is not None:
            note += f" to {rolled_from}, a rest day, so it moves to the next working day ({rest})"
    if due is None:
        return DueFacts(
            None, Waiting.CALENDAR, note + f"; {_gap_note(clock)}", provisional=True, gap=clock.gaps[-1].message
        )
    if node.kind is NodeKind.ADVANCE and terms.advance_guarantee:
        delivered = applied_on or invoice.invoiced_on
        if delivered is None:
            return DueFacts(
                None,
                Waiting.GUARANTEE,
                "the advance is payable no earlier than the advance payment guarantee is received, and no "
                "application with it is recorded",
            )
        if delivered > due:
            note += f"; not before the guarantee was delivered with the application on {delivered}"
            due, rolled_from = delivered, None
    regime = terms.payment_regime
    if regime is not None:
        final, moved, unknown = final_date(clock, due, regime.final_days)
        note += (
            f": the payment due date; the final date for payment is {final}, {regime.final_days} days later "
            f"({regime.source}; Christmas Day, Good Friday and bank holidays not counted, s.116)"
        )
        if moved is not None:
            note += f"; {moved} is a rest day, so it moves to the next working day ({terms.sources.get('rest_days')})"
        return DueFacts(
            final,
            Waiting.NOTHING,
            note,
            rolled_from,
            invoice.late_days,
            latest,
            provisional or unknown,
            statutory_due=due,
        )
    return DueFacts(due, Waiting.NOTHING, note, rolled_from, invoice.late_days, latest, provisional)


def _waiting(
    after: DueBasis | None,
    node: PaymentNode,
    terms: ContractTerms,
    acceptance: AcceptanceFacts,
    clock: Clock,
    days: int,
    working: bool,
) -> DueFacts:
    if after is DueBasis.APPLICATION:
        return DueFacts(None, Waiting.APPLICATION, "not yet applied for")
    if after is DueBasis.INVOICE:
        return DueFacts(None, Waiting.INVOICE, "not yet invoiced")
    # after acceptance
    if acceptance.criterion is not None and acceptance.started_by is None:
        return DueFacts(None, Waiting.ACCEPTANCE_REQUEST, acceptance.note)
    latest = None
    if acceptance.review_ends is not None and (acceptance.deemed_rule or terms.clock_from_review_end):
        latest, _, _ = clock.end(acceptance.review_ends, days, working=working)
        if latest is not None and terms.payment_regime is not None:
            latest = final_date(clock, latest, terms.payment_regime.final_days)[0]
    note = acceptance.note
    gap = ""
    if latest is not None:
        note += f"; due {latest} at the latest"
    elif acceptance.review_ends is not None and (acceptance.deemed_rule or terms.clock_from_review_end):
        note += f"; the latest due date is unknown: {_gap_note(clock)}"
        gap = clock.gaps[-1].message if clock.gaps else ""
    elif acceptance.started_by is not None and acceptance.review_days is not None and acceptance.review_ends is None:
        gap = clock.gaps[-1].message if clock.gaps else ""  # the review period's end is beyond the data
    return DueFacts(None, Waiting.ACCEPTANCE, note, latest=latest, gap=gap)
