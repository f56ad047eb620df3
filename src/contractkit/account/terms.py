"""The contract's terms as the account applies them: every convention read from a clause pick, or else from
the governing law's default, each with the source ``status --explain`` names.

A convention the engine applies is never hard-wired: it is a parameter of a clause with a stated default,
and that clause's text says the same thing (the clause library's tests render each text to check it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from contractkit.law import Law, law_for
from contractkit.law.base import PaymentRegime, SuspensionRight, is_construction
from contractkit.law.interest import InterestTerms, Method, PaymentDay
from contractkit.law.prc import sme_contract_terms
from contractkit.model.clauses import picked
from contractkit.model.models import AcceptanceCriterion, ContractForm, Jurisdiction, NodeKind, Project

#: Late-payment clauses, in the order a project is searched for one (validation allows only one).
LATE_PAYMENT_CLAUSES = (
    "penalty.late-payment-interest",
    "penalty.late-payment-annual-rate",
    "penalty.late-payment-lpr",
    "penalty.financing-charges",
)
#: Clauses that set the acceptance procedure: the review period, where it starts, and deemed acceptance.
ACCEPTANCE_CLAUSES = ("acceptance.inspection-period", "acceptance.software-uat", "acceptance.staged")
#: Days a courier letter is taken to arrive where the notices clause does not say.
DEFAULT_COURIER_DAYS = 3
#: Every drafted contract defines "Day" in sub-clause 1.5, a fixed article (templates/contract_templates.py): the
#: first day of a period is not counted and, where the account rolls a last day off a rest day, so does the
#: definition. The contract, not the law behind it, is then where the rule comes from.
DAY_DEFINITION = "Sub-clause 1.5 (definition of “Day”)"


class ReviewStart(StrEnum):
    """What starts an acceptance review period."""

    REQUEST = "request"  # a request for acceptance (notice of completion, notice of readiness for UAT)
    APPLICATION = "application"  # the application for payment doubles as the request


@dataclass(frozen=True)
class Acceptance:
    """How one acceptance criterion is reviewed."""

    review_days: int | None
    deemed: bool
    source: str
    #: The period for a fresh request after a rejection where the clause sets one of its own (the UAT clause's
    #: retest period); None: a fresh request has the whole review period again.
    retest_days: int | None = None


@dataclass(frozen=True)
class Certification:
    """How an application is certified: the period the client (or the engineer) has, and what silence means."""

    days: int | None  # days after receipt of the application; None: the contract sets no period
    deemed: bool  # silence for the whole period certifies the amount applied for
    source: str
    citations: tuple[str, ...] = ()
    #: The rule is the monthly valuations' (payment.monthly-progress): it certifies valuations, not the advance,
    #: which that clause does not review
    valuations_only: bool = False
    #: The drafted clause that sets the rule (its id), or None where it is the law or incorporated conditions
    clause: str | None = None


@dataclass(frozen=True)
class Discount:
    rate: Decimal
    within_days: int
    #: Node kinds the discount never applies to (the clause's own exclusion: advance and retention release).
    excluded: frozenset[NodeKind]
    clause: str


@dataclass(frozen=True)
class ContractTerms:
    """Every convention the account applies to a project, with where each comes from."""

    law: Law
    rest_day_roll: bool
    interest: InterestTerms
    #: Days the client has to confirm an application before the amount is deemed confirmed (None: no rule).
    confirm_days: int | None
    invoice_required: bool
    invoice_days: int | None
    review_start: ReviewStart
    #: Where no acceptance is recorded, the payment clock starts when a complete request's review period ends.
    clock_from_review_end: bool
    acceptance_clause: str | None
    acceptance_defaults: Acceptance
    discount: Discount | None
    advance_guarantee: bool
    suspension: SuspensionRight | None  # the contract's clause, or the statute where the law gives the right
    courier_days: int
    email_notices: bool
    sources: dict[str, str]
    #: Interim applications: the review period and deemed certification (None: the contract sets none).
    certification: Certification | None = None
    #: The final account: deemed approved only where the contract expressly says so (PRC SPC (I) art. 21).
    final_certification: Certification | None = None
    #: A construction-payment statute's notices (England: HGCRA Part II), or None.
    payment_regime: PaymentRegime | None = None
    #: Days after receipt of a request for payment within which an objection must come to hold back the disputed
    #: part (the undisputed-amount clause); None: the contract sets no such period.
    dispute_days: int | None = None
    #: The negotiation clause's rule where no other period is set: an objection to a payment must come before the
    #: time for paying it expires (dispute.negotiation), so the due date is the last day for one (its source, or "")
    objections_by_due: str = ""
    #: The return of retention: the retention clause's period for paying or objecting to an application for it, at
    #: the end of which silence is agreement (None: the clause is not in the contract).
    retention_certification: Certification | None = None

    def certification_for(self, kind: NodeKind) -> Certification | None:
        """The certification rule for a node of ``kind``: the final account and the return of retention have their
        own; the monthly valuations' rule reviews valuations only."""
        if kind is NodeKind.FINAL:
            return self.final_certification
        if kind is NodeKind.RETENTION and self.retention_certification is not None:
            return self.retention_certification
        if (
            kind in (NodeKind.ADVANCE, NodeKind.RETENTION)
            and self.certification is not None
            and self.certification.valuations_only
        ):
            return None
        return self.certification

    def acceptance(self, criterion: AcceptanceCriterion) -> Acceptance:
        """A criterion's review period and deemed acceptance: its own where it states them, else the clause's."""
        defaults = self.acceptance_defaults
        days = criterion.review_days if criterion.review_days is not None else defaults.review_days
        deemed = criterion.deemed_accepted if criterion.deemed_accepted is not None else defaults.deemed
        own = criterion.review_days is not None
        source = f"acceptance criterion {criterion.id}" if own else defaults.source
        return Acceptance(days, deemed, source, defaults.retest_days)


def _clause(project: Project, clause_id: str) -> str:
    number = project.clause_number(clause_id)
    return f"Clause {number} ({clause_id})" if number else clause_id


def _int(values: dict[str, Any], key: str, default: int) -> int:
    value = values.get(key)
    return int(str(value)) if value is not None else default


def _lpr_at_signing(project: Project) -> Decimal | None:
    """The one-year LPR on the day the contract was signed, or None where no table reaches back that far."""
    from contractkit.errors import ContractkitError
    from contractkit.law.rates import rate_table

    try:
        return rate_table(project, "lpr-1y").at(project.contract.signed_on).rate
    except ContractkitError:
        return None


def interest_terms(project: Project, law: Law | None = None, *, apply_floor: bool = True) -> InterestTerms:
    """The contract's late-payment clause, or the governing law's default where the contract is silent.

    Where the SME Regulations protect the contractor, a rate below the one-year LPR at signing is that LPR, as the
    clause states (``apply_floor``; without it, the rate as agreed: for the rule that reports it)."""
    for clause_id in LATE_PAYMENT_CLAUSES:
        found = picked(project, clause_id)
        if found is None:
            continue
        _, values = found
        basis = f"clause:{clause_id}"
        day_count = _int(values, "day_count", 365)
        payment_day = PaymentDay(str(values.get("payment_day") or PaymentDay.OLD_BALANCE))
        if clause_id == "penalty.financing-charges":
            return InterestTerms(
                Method.REFERENCE,
                basis,
                table=str(values["reference"]),
                margin=values["margin"],
                day_count=day_count,
                floating=True,
                compound_monthly=True,
                payment_day=payment_day,
            )
        # the floor the late-payment clauses state for an SME paid by a large or public client (SME Payment
        # Regulations art. 17): a rate below the one-year LPR at signing is replaced by it
        floor = _lpr_at_signing(project) if apply_floor and sme_contract_terms(project) else None
        if values.get("daily_rate") is not None:
            if floor is not None and values["daily_rate"] * 365 < floor:
                # "the daily rate multiplied by 365 ... below the LPR at signing: the LPR, on a 365-day year"
                return InterestTerms(
                    Method.ANNUAL, basis, annual_rate=floor, day_count=365, payment_day=payment_day, floor=floor
                )
            return InterestTerms(Method.DAILY, basis, daily_rate=values["daily_rate"], payment_day=payment_day)
        if values.get("annual_rate") is not None:
            rate = values["annual_rate"]
            return InterestTerms(
                Method.ANNUAL,
                basis,
                annual_rate=floor if floor is not None and rate < floor else rate,
                day_count=day_count,
                payment_day=payment_day,
                floor=floor if floor is not None and rate < floor else None,
            )
        if values.get("lpr_multiplier") is not None:
            return InterestTerms(
                Method.REFERENCE,
                basis,
                table="lpr-1y",
                multiplier=values["lpr_multiplier"],
                day_count=day_count,
                floating=values.get("lpr_basis") == "floating",
                payment_day=payment_day,
                floor=floor,
            )
    return (law or law_for(project)).statutory_interest(project)


def contract_terms(project: Project) -> ContractTerms:
    """Read every convention off the project's clause picks, falling back on the governing law."""
    law = law_for(project)
    sources: dict[str, str] = {}
    silent = f"{law.name} (the contract is silent)"

    # Time computation: the first day is never counted; a last day on a rest day rolls where the contract
    # (general.time-computation) or the law (PRC Civil Code art. 203) says so. Without that clause the draft's
    # definition of "Day" states the law's rule as a term of the contract; where the law rolls nothing, the
    # definition is silent on rest days, and that silence is the law's.
    found = picked(project, "general.time-computation")
    if found is not None:
        rest_day_roll = found[1].get("rest_days") == "next-working-day"
        sources["rest_days"] = _clause(project, found[0])
    else:
        rest_day_roll = law.rest_day_roll
        if not rest_day_roll:
            sources["rest_days"] = f"{DAY_DEFINITION}; rest days: {silent}"
        elif law.rest_day_citation:
            sources["rest_days"] = f"{DAY_DEFINITION}, in line with {law.name}: {law.rest_day_citation}"
        else:
            sources["rest_days"] = DAY_DEFINITION

    interest = interest_terms(project, law)
    sources["interest"] = (
        _clause(project, interest.basis.removeprefix("clause:")) if interest.basis.startswith("clause:") else silent
    )

    schedule_clause = picked(project, "payment.milestone-schedule")
    confirm_days = None
    invoice_required = False
    invoice_days: int | None = None
    if schedule_clause is not None:
        values = schedule_clause[1]
        confirm_days = _int(values, "review_days", 7)
        invoice_required = bool(values.get("invoice_required"))
        invoice_days = _int(values, "invoice_days", 7)
        sources["confirmation"] = sources["invoice"] = _clause(project, schedule_clause[0])
    invoicing = picked(project, "payment.invoicing")
    if invoicing is not None and invoice_required:
        invoice_days = _int(invoicing[1], "invoice_days", 7)
        sources["invoice"] += f" with {_clause(project, invoicing[0])}"

    acceptance_clause = None
    review_start = ReviewStart.REQUEST
    defaults = Acceptance(None, False, "no acceptance clause")
    clock_from_review_end = schedule_clause is not None
    for clause_id in ACCEPTANCE_CLAUSES:
        found = picked(project, clause_id)
        if found is None:
            continue
        acceptance_clause, values = found
        uat = clause_id == "acceptance.software-uat"
        defaults = Acceptance(
            _int(values, "uat_days" if uat else "review_days", 7),
            bool(values.get("deemed_acceptance", False)),
            _clause(project, clause_id),
            # a redelivery after rejected UAT is retested within the clause's retest period, not a new UAT Period
            _int(values, "retest_days", 5) if uat else None,
        )
        review_start = ReviewStart(str(values.get("review_from") or ReviewStart.REQUEST))
        # every acceptance clause starts the payment clock at the end of the review period at the latest
        clock_from_review_end = True
        sources["acceptance"] = _clause(project, clause_id)
        break
    rectification = picked(project, "acceptance.defects-rectification")
    if rectification is not None and defaults.retest_days is None:
        # the defects-rectification clause: a notice of rectification after a rejection is re-inspected within its
        # period (silence passes the re-inspection), not within a whole review period again (the UAT clause's own
        # retest period, which that clause's text defers to, stays where the contract has it)
        defaults = replace(defaults, retest_days=_int(rectification[1], "recheck_days", 5))
        sources["retest"] = _clause(project, rectification[0])
    if not clock_from_review_end and project.sme_regulations_apply():
        clock_from_review_end = True
        sources["acceptance"] = "SME Payment Regulations art. 10 (the contract is silent)"

    discount = None
    found = picked(project, "incentive.early-payment-discount")
    if found is not None and isinstance(found[1].get("discount"), Decimal):
        discount = Discount(
            found[1]["discount"],
            _int(found[1], "within_days", 10),
            frozenset({NodeKind.ADVANCE, NodeKind.RETENTION}),
            found[0],
        )

    advance = picked(project, "payment.advance")
    advance_guarantee = bool(advance[1].get("guarantee")) if advance is not None else False

    clause_right = None
    found = picked(project, "suspension.non-payment")
    if found is not None and found[0] == "suspension.non-payment":
        clause_right = SuspensionRight(
            _int(found[1], "notice_days", 7), _int(found[1], "resume_days", 7), found[0], None
        )
    suspension = law.suspension_right(project, clause_right)

    notices = picked(project, "general.notices")
    courier_days = _int(notices[1], "courier_days", DEFAULT_COURIER_DAYS) if notices else DEFAULT_COURIER_DAYS
    email_notices = bool(notices[1].get("email_notices", True)) if notices else True
    sources["notices"] = _clause(project, "general.notices") if notices else silent

    certification, final_certification = _certification(project, schedule_clause)
    retention_certification = None
    found = picked(project, "payment.retention")
    if found is not None:
        # "within return_days after receiving the application, pay ...; if it neither pays nor raises a written
        # objection with specific reasons within that period, it shall be deemed to have agreed to the return": the
        # retention clause, not the general review period of the payment clause, governs that application
        retention_certification = Certification(
            _int(found[1], "return_days", 14), True, _clause(project, found[0]), clause=found[0]
        )
    regime_clause = None
    found = picked(project, "payment.construction-act")
    if found is not None:
        from contractkit.law.england import CONSTRUCTION_ACT_CITATIONS, PAYMENT_NOTICE_DAYS

        regime_clause = PaymentRegime(
            final_days=_int(found[1], "final_days", 17),
            payment_notice_days=PAYMENT_NOTICE_DAYS,
            pay_less_days=_int(found[1], "pay_less_days", 7),
            source=_clause(project, found[0]),
            citations=CONSTRUCTION_ACT_CITATIONS,
        )
    payment_regime = law.payment_regime(project, regime_clause)
    dispute_days = None
    found = picked(project, "payment.undisputed-amount")
    if found is not None:
        dispute_days = _int(found[1], "notice_days", 7)
        sources["dispute"] = _clause(project, found[0])
    objections_by_due = ""
    found = picked(project, "dispute.negotiation")
    if found is not None:
        objections_by_due = _clause(project, found[0])
    if payment_regime is not None:
        sources["payment_regime"] = payment_regime.source

    return ContractTerms(
        law=law,
        rest_day_roll=rest_day_roll,
        interest=interest,
        confirm_days=confirm_days,
        invoice_required=invoice_required,
        invoice_days=invoice_days,
        review_start=review_start,
        clock_from_review_end=clock_from_review_end,
        acceptance_clause=acceptance_clause,
        acceptance_defaults=defaults,
        discount=discount,
        advance_guarantee=advance_guarantee,
        suspension=suspension,
        courier_days=courier_days,
        email_notices=email_notices,
        sources=sources,
        certification=certification,
        final_certification=final_certification,
        payment_regime=payment_regime,
        dispute_days=dispute_days,
        objections_by_due=objections_by_due,
        retention_certification=retention_certification,
    )


def _certification(
    project: Project, schedule_clause: tuple[str, dict[str, Any]] | None
) -> tuple[Certification | None, Certification | None]:
    """The review period of an interim application and of the final account, and whether silence certifies.

    The payment clauses say that an application the client neither confirms nor objects to within the review
    period is deemed confirmed and its certificate deemed issued on the last day; so do the general conditions of
    GF-2017-0201 (12.4.4: seven days for the supervisor and seven for the employer). Under FIDIC the Engineer
    certifies within 28 days (14.6) and its silence certifies nothing. A construction final account is deemed
    approved only where the contract expressly says so (PRC SPC Interpretation (I) art. 21): the final-account
    clause's ``deemed_approval``.
    """
    interim: Certification | None = None
    monthly = picked(project, "payment.monthly-progress")
    if schedule_clause is not None:
        interim = Certification(
            _int(schedule_clause[1], "review_days", 7),
            True,
            _clause(project, schedule_clause[0]),
            clause=schedule_clause[0],
        )
    elif monthly is not None:
        interim = Certification(
            _int(monthly[1], "review_days", 7),
            True,
            _clause(project, monthly[0]),
            valuations_only=True,
            clause=monthly[0],
        )
    elif project.contract.form is ContractForm.GF_2017_0201:
        interim = Certification(14, True, "GF-2017-0201 sub-clause 12.4.4", ("cn.gf-2017.12.4.4",))
    elif project.contract.form in (ContractForm.FIDIC_RED_1999, ContractForm.FIDIC_RED_2017):
        interim = Certification(28, False, "FIDIC Sub-Clause 14.6", ("intl.fidic.14.6",))
    final = interim
    found = picked(project, "payment.final-account")
    if found is not None:
        deemed = bool(found[1].get("deemed_approval", True))
        final = Certification(
            _int(found[1], "review_days", 28),
            deemed,
            _clause(project, found[0]),
            ("cn.spc-construction.21",) if deemed and project.jurisdiction is Jurisdiction.CN else (),
        )
    elif interim is not None and is_construction(project):
        # the payment clause keeps the final account out of its deemed confirmation: without an express term on
        # the final account, silence does not approve it (PRC: SPC Interpretation (I) art. 21)
        cn = project.jurisdiction is Jurisdiction.CN
        final = Certification(
            interim.days,
            False,
            f"{interim.source}: deemed confirmation does not extend to the final account"
            + (" (SPC Interpretation (I) art. 21)" if cn else ""),
            ("cn.spc-construction.21",) if cn else (),
        )
    return interim, final
