"""What is due on a node after the application: the exchange that follows it — certification (recorded, or
deemed where the contract makes silence certify), disputes and their resolution, the payer's and the payee's
notices under a construction-payment statute, and promises to pay.

The account charges interest on the sum due (the undisputed part, the notified sum), chases it on the
escalation ladder, and holds a contested part (disputed, or left out of a certificate) until it is resolved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from contractkit.account.dates import Clock, DueFacts
from contractkit.account.terms import Certification, ContractTerms
from contractkit.law.base import PaymentRegime
from contractkit.law.calendars import WorkingCalendar
from contractkit.model.models import SAME_DAY_DELIVERY, DeliveryMethod, DemandStage, Event, EventType
from contractkit.model.types import parse_date

ZERO = Decimal(0)
#: payment.undisputed-amount: the part of a disputed amount found payable is paid within this many days of the
#: resolution (the clause's text states the figure)
RESOLVED_PAY_DAYS = 7


@dataclass(frozen=True)
class Promise:
    """The client's latest promise to pay on a node."""

    on: dt.date  # when the promise was made
    by: dt.date  # the day promised
    amount: Decimal | None  # None: the whole sum due
    ref: str | None
    kept: bool | None  # None while the promised day has not passed
    paid_since: Decimal  # paid from the promise to the promised day
    until: dt.date | None = None  # the day promised moved off a rest day, where the contract moves a last day

    @property
    def broken(self) -> bool:
        return self.kept is False

    @property
    def last_day(self) -> dt.date:
        """The last day a payment keeps the promise: the day promised, or the first working day after it where it
        is a rest day and the contract rolls a last day off one (a payment then is in time)."""
        return self.until or self.by


@dataclass(frozen=True)
class Notices:
    """The notices about the sum due under a construction-payment statute (England: HGCRA Part II)."""

    regime: PaymentRegime
    statutory_due: dt.date  # the payment due date (s.110)
    final_date: dt.date  # the final date for payment (s.110), after any postponement (s.110B)
    payment_notice_by: dt.date  # the payer's payment notice was due by this day (s.110A)
    payment_notice: Event | None
    payment_notice_valid: bool
    default_notice: Event | None  # the payee's notice in default (s.110B)
    pay_less_by: dt.date  # a pay less notice had to be given by this day (s.111)
    pay_less: Event | None
    pay_less_valid: bool
    notified_sum: Decimal | None
    notified_by: str  # "payment notice", "notice in default", "application", or "" (no notified sum yet)

    @property
    def pay_less_missing(self) -> bool:
        """No valid pay less notice: the notified sum is payable in full."""
        return self.notified_sum is not None and not self.pay_less_valid

    @property
    def default_notice_open(self) -> bool:
        """The payer gave no payment notice in time and no notice stands in its place: the payee may give one."""
        return self.notified_sum is None


@dataclass(frozen=True)
class ClaimFacts:
    """The sum due on a node now, and why."""

    scheduled: Decimal  # what the schedule says the node pays: the sum asked for
    applied: Decimal | None  # what the application stated
    certified: Decimal | None  # certified, or deemed certified
    certified_on: dt.date | None
    certified_by: str | None
    certified_deemed: bool
    certified_ref: str | None
    certify_by: dt.date | None  # the last day of the review period, where the contract sets one
    disputed: Decimal  # disputed in time and not resolved
    dispute: Event | None  # the client's latest dispute
    dispute_late: bool  # it came after the contract's period for objections and holds nothing back
    resolution: Event | None
    notices: Notices | None
    due: Decimal  # the sum due: what interest, the ladder and the letters work on
    held: Decimal  # asked for but not due until resolved (disputed, or left out of a certificate)
    basis: str  # one line: why this is the sum due
    promise: Promise | None = None
    #: the last day for an objection that holds anything back (the undisputed-amount clause's period, or the review
    #: period where silence certifies), where the contract sets one and the application is received
    objections_by: dt.date | None = None
    #: the early-payment discount the client earned by paying in full within the clause's period: taken off the sum
    #: due (``due`` is net of it), neither owed nor given up
    discount: Decimal = ZERO
    #: the part of a contested amount a resolution made payable, and the last day to pay it where the contract gives
    #: one (payment.undisputed-amount: within 7 days of the resolution, interest from the original date)
    resolved: Decimal = ZERO
    resolved_by: dt.date | None = None

    @property
    def undisputed(self) -> Decimal:
        return self.due


def arrived(event: Event) -> dt.date:
    """The day a document the client sent reached the contractor: its recorded delivery, else the day sent."""
    return event.delivered_on or event.on


def _reached(event: Event) -> str:
    """ ", received DATE" where a document arrived on another day than it was sent, for the basis."""
    return f", received {event.delivered_on}," if event.delivered_on and event.delivered_on != event.on else ""


def _latest(events: Sequence[Event], kind: EventType) -> Event | None:
    found = [e for e in events if e.type is kind]
    return found[-1] if found else None


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def dispute_days(terms: ContractTerms, rule: Certification | None) -> tuple[int | None, str]:
    """The period after receipt of an application within which the client must raise an objection for it to
    hold anything back, and where that comes from: the undisputed-amount clause, or a payment clause that
    makes silence certify."""
    if rule is not None and rule.clause == "payment.retention" and rule.days is not None:
        # the retention clause's own period to pay or object to the return of retention: the specific term
        return rule.days, rule.source
    if terms.dispute_days is not None:
        return terms.dispute_days, terms.sources.get("dispute", "")
    if rule is not None and rule.deemed and rule.days is not None:
        return rule.days, rule.source
    return None, ""


def review_start(received: dt.date | None, accepted_on: dt.date | None, acceptance_pending: bool) -> dt.date | None:
    """The day the review of an application runs from: its receipt, or for a node paid on acceptance received
    before it, the acceptance (None while acceptance is pending: the milestone is not yet achieved)."""
    if received is None or acceptance_pending:
        return None
    return max(received, accepted_on) if accepted_on is not None else received


def claim_facts(
    terms: ContractTerms,
    rule: Certification | None,
    scheduled: Decimal,
    events: Sequence[Event],
    due: DueFacts,
    clock: Clock,
    *,
    reviewed_from: dt.date | None,
    application_notifies: bool = False,
) -> ClaimFacts:
    """The sum due on one node from its ``events`` (the node's own, in date order, up to the account's date).

    ``reviewed_from`` is the day the review of the application runs from (``review_start``): its receipt, or
    the acceptance it came before; None while there is no review yet (nothing is deemed certified).
    ``application_notifies``: the contract requires the payee's application to state the sum it considers due and
    its basis, so that an application made in time stands as the payee's notice (s.110B(4)).
    """
    applied_event = next((e for e in events if e.type is EventType.APPLIED), None)
    applied = applied_event.amount if applied_event and applied_event.amount is not None else None
    received = (applied_event.delivered_on or applied_event.on) if applied_event else None
    early = ""
    if reviewed_from is not None and received is not None and reviewed_from != received:
        early = (
            f"; the review ran from acceptance on {reviewed_from}, the application of {received} having come before it"
        )
    received = reviewed_from
    asked = scheduled
    # the application states the sum it asks for: silence confirms the application as made (the payment clauses:
    # "deemed confirmed as applied for"), and without a certificate it is the most the client was asked to pay; a
    # node worth more than its application asked (the ledger's amount) is not claimed beyond it
    applied_cap = min(asked, applied) if applied is not None and applied >= 0 else asked

    certify_by = None
    if received is not None and rule is not None and rule.days is not None:
        certify_by, _, _ = clock.end(received, rule.days)

    # a dispute holds back its amount only when it comes within the period the contract gives for objections
    dispute = _latest(events, EventType.DISPUTED)
    window, window_source = dispute_days(terms, rule)
    dispute_late = False
    objections_end: dt.date | None = None
    # the period for objections runs from receipt of the request for payment: the application's review, or where
    # the node was invoiced without an application, the invoice's receipt (the undisputed-amount clause counts from
    # any request for payment, invoices included)
    objections_from = received
    if objections_from is None and applied_event is None and terms.dispute_days is not None:
        invoice = next((e for e in events if e.type is EventType.INVOICED), None)
        objections_from = arrived(invoice) if invoice is not None else None
    if window is not None and objections_from is not None:
        objections_end, _, _ = clock.end(objections_from, window)
    elif window is None and terms.objections_by_due and due.on is not None:
        # no period of its own: the negotiation clause has an objection made before the time for payment expires
        objections_end, window_source = due.on, terms.objections_by_due
    if dispute is not None and objections_end is not None:
        # an objection is made when it reaches the contractor (Civil Code art. 137: a declaration not made face to
        # face takes effect on arrival; the clause has it notified within the period): its recorded delivery, else
        # the day sent (where the ledger does not say when it arrived, the debtor is given the benefit of the doubt)
        dispute_late = arrived(dispute) > objections_end
    resolution = next(
        (e for e in events if e.type is EventType.RESOLVED and (dispute is None or e.on >= dispute.on)), None
    )

    certificate = _latest(events, EventType.CERTIFIED)
    deemed = False
    deemed_note = ""
    if rule is not None and rule.deemed and certify_by is not None and certify_by < clock.as_of:
        # a certificate is issued when it reaches the contractor (as an objection is, below)
        timely_certificate = certificate is not None and arrived(certificate) <= certify_by
        timely_dispute = dispute is not None and not dispute_late
        if not timely_certificate and not timely_dispute:
            deemed = True
            if certificate is not None and certificate.amount is not None and certificate.amount < applied_cap:
                deemed_note = (
                    f"; the certificate of {certificate.on}{_reached(certificate)} for {_money(certificate.amount)} "
                    f"came after the review period ended {certify_by} and does not reduce it"
                )
            certificate = None

    if terms.payment_regime is not None:
        if due.statutory_due is None:
            # the statute's notices run from the payment due date, which is not yet known
            return ClaimFacts(
                scheduled,
                applied,
                None,
                None,
                None,
                False,
                None,
                None,
                ZERO,
                dispute,
                False,
                resolution,
                None,
                asked,
                ZERO,
                "the sum applied for; the payment notices run from the payment due date, not yet known",
            )
        notices = _notices(
            terms,
            terms.payment_regime,
            events,
            due,
            applied_event if application_notifies else None,
            asked,
            clock,
        )
        return _statutory(asked, applied, certify_by, dispute, resolution, notices)

    certified = certificate.amount if certificate is not None else (applied_cap if deemed else None)
    certified_on = certificate.on if certificate is not None else (certify_by if deemed else None)
    if deemed:
        basis = f"deemed certified on {certify_by}: the review period passed without a certificate or an objection"
        basis += f" ({rule.source if rule else ''}){deemed_note}{early}"
    elif certificate is not None and certified is not None:
        basis = f"certified {_money(certified)} on {certificate.on}" + (
            f" by {certificate.by}" if certificate.by else ""
        )
    elif certify_by is not None and rule is not None:
        basis = (
            f"the amount scheduled; the certificate is due by {certify_by} ({rule.source})"
            if certify_by >= clock.as_of
            else f"the amount scheduled; no certificate was issued by {certify_by} ({rule.source}), and "
            + (
                f"the objection of {dispute.on}, made in time, kept silence from certifying"
                if rule.deemed and dispute is not None and not dispute_late
                else "the contract does not make silence certify"
            )
        )
    else:
        basis = "the amount scheduled"

    ceiling = certified if certified is not None else applied_cap
    # a late objection holds nothing back, but where the parties then resolved it the resolution is what they agreed
    # of the amount objected to: the contractor's own agreement binds it whenever the objection came
    settled_late = dispute is not None and dispute_late and resolution is not None
    disputed = (
        dispute.amount
        if dispute is not None and dispute.amount is not None and (not dispute_late or settled_late)
        else ZERO
    )
    sum_due = min(ceiling, asked - disputed)
    contested = max(asked - sum_due, ZERO)
    if applied_cap < asked and (certificate is None or certificate.amount is None or certificate.amount < asked):
        basis += (
            f"; the application asked for {_money(applied_cap)} of the node's {_money(asked)}: the "
            f"{_money(asked - applied_cap)} it did not ask for is not claimed on it"
        )
    if dispute is not None and dispute_late:
        basis += (
            f"; the objection of {dispute.on}"
            + (f" (delivered {dispute.delivered_on})" if dispute.delivered_on else "")
            + f" came after the period for objections ({window_source})"
            + (", but the parties resolved it" if settled_late else " and holds nothing back")
        )
    elif disputed > 0:
        basis += f"; {_money(disputed)} disputed on {dispute.on if dispute else ''}"
    if certified is not None and certified < asked and not deemed:
        basis += f"; {_money(asked - certified)} left out of the certificate"
    held = contested
    agreed = ZERO
    resolved_by: dt.date | None = None
    if resolution is not None and contested > 0:
        agreed = min(resolution.amount or ZERO, contested)
        sum_due += agreed
        held = ZERO
        basis += f"; resolved on {resolution.on}: {_money(agreed)} of the {_money(contested)} contested is payable"
        if agreed > 0 and terms.dispute_days is not None:
            # the undisputed-amount clause: the part found payable is paid within 7 days of the resolution, with
            # interest from the day after the original due date
            resolved_by, _, _ = clock.end(resolution.on, RESOLVED_PAY_DAYS)
            if resolved_by is not None:
                basis += f", by {resolved_by} ({terms.sources.get('dispute', '')}), interest from the original due date"
    elif contested > 0:
        basis += f": {_money(contested)} is held until resolved, the rest is due"
    return ClaimFacts(
        scheduled=scheduled,
        applied=applied,
        certified=certified,
        certified_on=certified_on,
        certified_by=certificate.by if certificate else None,
        certified_deemed=deemed,
        certified_ref=certificate.ref if certificate else None,
        certify_by=certify_by,
        disputed=disputed if resolution is None else ZERO,
        dispute=dispute,
        dispute_late=dispute_late,
        resolution=resolution,
        notices=None,
        due=max(sum_due, ZERO),
        held=held,
        basis=basis,
        objections_by=objections_end,
        resolved=agreed,
        resolved_by=resolved_by,
    )


def _statutory(
    asked: Decimal,
    applied: Decimal | None,
    certify_by: dt.date | None,
    dispute: Event | None,
    resolution: Event | None,
    notices: Notices,
) -> ClaimFacts:
    """The sum due under the statute: the notified sum, unless a valid pay less notice lowers it. A dispute
    without a pay less notice changes nothing; an agreement resolving it does."""
    if notices.pay_less_valid and notices.pay_less is not None and notices.pay_less.amount is not None:
        sum_due = notices.pay_less.amount
        basis = f"the pay less notice of {notices.pay_less.on} ({_money(sum_due)})"
    elif notices.notified_sum is not None:
        sum_due = notices.notified_sum
        basis = f"the notified sum: {notices.notified_by}"
        late = notices.payment_notice
        if late is not None and not notices.payment_notice_valid:
            basis += (
                f"; the payment notice of {late.on}{_reached(late)} came after {notices.payment_notice_by}, the last "
                "day for it (s.110A): it does not fix the sum"
            )
        if notices.pay_less is not None:
            basis += (
                f"; the pay less notice of {notices.pay_less.on}{_reached(notices.pay_less)} came after "
                f"{notices.pay_less_by}, the last day for it: it is not a valid pay less notice and does not reduce "
                "the sum"
            )
        elif notices.final_date >= notices.pay_less_by:
            basis += f"; no pay less notice by {notices.pay_less_by}: payable in full (s.111)"
    else:
        # no notified sum yet: nothing is payable under s.111, and nothing is late, until the payee's notice fixes it
        sum_due = asked
        basis = (
            f"the sum asked for, not yet notified: no payment notice was given by {notices.payment_notice_by}, and "
            "no notice stands in its place; give a notice in default (s.110B) to fix the notified sum (payment is "
            "not late until then, and the final date for payment moves by the days the notice comes after "
            f"{notices.payment_notice_by})"
        )
    if dispute is not None and resolution is None and not notices.pay_less_valid:
        basis += f"; the dispute of {dispute.on} does not reduce the notified sum without a valid pay less notice"
    held = max(asked - sum_due, ZERO)
    if resolution is not None and resolution.amount is not None and (dispute is not None or held > 0):
        agreed = min(resolution.amount, held) if held > 0 else ZERO
        sum_due += agreed
        held = ZERO
        basis += f"; resolved on {resolution.on}: {_money(agreed)} more is payable"
    return ClaimFacts(
        scheduled=asked,
        applied=applied,
        certified=notices.notified_sum,
        certified_on=notices.payment_notice.on if notices.payment_notice_valid and notices.payment_notice else None,
        certified_by=notices.payment_notice.by if notices.payment_notice_valid and notices.payment_notice else None,
        certified_deemed=False,
        certified_ref=notices.payment_notice.ref if notices.payment_notice_valid and notices.payment_notice else None,
        certify_by=certify_by,
        disputed=ZERO,
        dispute=dispute,
        dispute_late=False,
        resolution=resolution,
        notices=notices,
        due=max(sum_due, ZERO),
        held=held,
        basis=basis,
    )


def given_on(event: Event, terms: ContractTerms) -> dt.date:
    """The day a notice sent on ``event.on`` was given: its recorded delivery, or the day the notices clause deems
    it delivered (the same day by hand, or by email where email serves notices; else ``courier_days`` later)."""
    if event.delivered_on is not None:
        return event.delivered_on
    same_day = event.via in SAME_DAY_DELIVERY and (
        event.via not in (DeliveryMethod.EMAIL, DeliveryMethod.EMAIL_READ_RECEIPT) or terms.email_notices
    )
    if event.type is EventType.DEFAULT_NOTICE and event.via is None:
        return event.on  # recorded as given on that day
    return event.on if same_day else event.on + dt.timedelta(days=terms.courier_days)


def postponed_final(
    final: dt.date, notice_by: dt.date, given: dt.date, calendar: WorkingCalendar, *, roll: bool = False
) -> dt.date:
    """s.110B: the final date for payment moves by as many days as the payee's notice in default was given
    after the last day for the payer's payment notice (counted as s.116 counts: bank holidays left out); with
    ``roll`` (the contract rolls the last day of a period off a rest day) a rest day moves to the next working day."""
    # both sides of the count leave bank holidays out: the days of lateness, and the days added to the final date
    late = calendar.days_excluding_holidays(notice_by, given)
    moved = calendar.add_days_excluding_holidays(final, late)
    return calendar.next_working_day(moved) if roll and late else moved


def _notices(
    terms: ContractTerms,
    regime: PaymentRegime,
    events: Sequence[Event],
    due: DueFacts,
    applied: Event | None,
    asked: Decimal,
    clock: Clock,
) -> Notices:
    """The statute's notices: which were given in time, the notified sum, and the final date after postponement.

    ``applied`` is the payee's application where it can stand as the payee's notice (s.110B(4): the contract
    requires it to state the sum considered due and its basis), else None: the payee's notice in default is then the
    route to a notified sum."""
    assert due.statutory_due is not None and due.on is not None
    calendar = clock.calendar
    statutory_due, final = due.statutory_due, due.on
    # "not later than five days after the payment due date" (s.110A), counted as s.116 counts: the statute's
    # notice is not lengthened by a contract's rest-day roll (the final date, which the contract fixes, is)
    notice_by = calendar.add_days_excluding_holidays(statutory_due, regime.payment_notice_days)
    # a certificate given in time serves as the payer's payment notice where no notice so named was given
    payment_notice = _latest(events, EventType.PAYMENT_NOTICE) or _latest(events, EventType.CERTIFIED)
    # the payee's notice in default: recorded as such, or as the notice contractkit wrote (demand --record)
    defaults = [
        e
        for e in events
        if e.type is EventType.DEFAULT_NOTICE or (e.type is EventType.NOTICE and e.stage is DemandStage.DEFAULT_NOTICE)
    ]
    default_notice = defaults[-1] if defaults else None
    # the payer's notices are given when they reach the payee (s.111 "gives"; the notices clause): the recorded
    # delivery, else the day sent (the ledger not saying when it arrived, the payer has the benefit of the doubt)
    notice_valid = payment_notice is not None and arrived(payment_notice) <= notice_by
    applied_on = (applied.delivered_on or applied.on) if applied is not None else None
    notified: Decimal | None = None
    notified_by = ""
    if notice_valid and payment_notice is not None:
        notified = payment_notice.amount
        notified_by = f"the payment notice of {payment_notice.on}"
    elif applied is not None and applied_on is not None and applied_on <= notice_by:
        # s.110B(4): the payee's application, made under the contract before the payer's last day, stands as the
        # notice in default; it moves nothing, and the payee may give no other
        notified = applied.amount if applied.amount is not None else asked
        notified_by = f"the application of {applied.on}, which stands as the payee's notice (s.110B)"
    elif default_notice is not None and default_notice.on > notice_by:
        notified = default_notice.amount if default_notice.amount is not None else asked
        given = given_on(default_notice, terms)
        final = postponed_final(final, notice_by, given, calendar, roll=terms.rest_day_roll)
        notified_by = f"the notice in default of {default_notice.on}, given {given}"
    pay_less = _latest(events, EventType.PAY_LESS_NOTICE)
    pay_less_by = calendar.latest_before(final, regime.pay_less_days)
    return Notices(
        regime=regime,
        statutory_due=statutory_due,
        final_date=final,
        payment_notice_by=notice_by,
        payment_notice=payment_notice,
        payment_notice_valid=notice_valid,
        default_notice=default_notice,
        pay_less_by=pay_less_by,
        pay_less=pay_less,
        pay_less_valid=pay_less is not None and arrived(pay_less) <= pay_less_by,
        notified_sum=notified,
        notified_by=notified_by,
    )


def promise_facts(
    events: Sequence[Event],
    paid: Sequence[tuple[dt.date, Decimal]],
    due: Decimal,
    as_of: dt.date,
    roll: Callable[[dt.date], dt.date] | None = None,
) -> Promise | None:
    """The latest promise to pay, and whether it was kept: the amount promised paid between the promise and the
    day promised, or, where the promise named no amount, the whole sum ``due`` paid by that day. ``roll`` moves a
    day promised that is a rest day to the first working day after it, where the contract moves a last day so
    (a promise to pay by a Saturday is kept by a payment on the Monday)."""
    promise = _latest(events, EventType.PROMISED)
    if promise is None or promise.by is None:
        return None
    try:
        by = parse_date(promise.by)
    except ValueError:
        return None  # validation reports a promise whose date is not a date
    last = roll(by) if roll is not None else by
    until = last if last != by else None
    since = sum((amount for day, amount in paid if promise.on <= day <= last), ZERO)
    if as_of <= last:
        return Promise(promise.on, by, promise.amount, promise.ref, None, since, until)
    if promise.amount is not None:
        kept = since >= promise.amount
    else:
        kept = sum((amount for day, amount in paid if day <= last), ZERO) >= due
    return Promise(promise.on, by, promise.amount, promise.ref, kept, since, until)
