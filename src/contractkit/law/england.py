"""The law of England and Wales: limitation (Limitation Act 1980), statutory interest (Late Payment of
Commercial Debts (Interest) Act 1998), construction payment (Housing Grants, Construction and Regeneration
Act 1996 Part II, for construction operations only) and pre-action conduct (the Practice Direction for a
business; the Pre-Action Protocol for Debt Claims for an individual or a sole trader)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from contractkit.law.base import (
    PRICE_OWED,
    Debt,
    Drafting,
    Law,
    LimitationEnd,
    PaymentRegime,
    PreAction,
    Regime,
    RestartKind,
    SuspensionRight,
    debtor_form,
    is_construction,
)
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import DemandStage, PartyForm, Project

#: HGCRA s.112(2): the notice of intention to suspend must be given at least seven days before.
HGCRA_SUSPENSION_DAYS = 7
#: Practice Direction - Pre-Action Conduct: a reasonable time to reply, 14 days in a straightforward case.
PD_REPLY_DAYS = 14
#: Pre-Action Protocol for Debt Claims: 30 days to reply.
PROTOCOL_REPLY_DAYS = 30

LATE_PAYMENT_ACT = "uk.late-payment-act"
#: HGCRA s.110A(2): the payer's payment notice, not later than five days after the payment due date.
PAYMENT_NOTICE_DAYS = 5
CONSTRUCTION_ACT_CITATIONS = (
    "uk.construction-act.s110",
    "uk.construction-act.s110a",
    "uk.construction-act.s110b",
    "uk.construction-act.s111",
    "uk.construction-act.s116",
)
#: The Scheme for Construction Contracts (England and Wales) Regulations 1998, Part II, where the contract is silent.
SCHEME = PaymentRegime(
    final_days=17,
    payment_notice_days=PAYMENT_NOTICE_DAYS,
    pay_less_days=7,
    source="the Scheme for Construction Contracts (the contract is silent)",
    citations=(*CONSTRUCTION_ACT_CITATIONS, "uk.scheme"),
)


def consumer(project: Project) -> bool:
    """The client is an individual not acting in the course of a business: the Late Payment Act does not
    apply to the debt (s.2(1))."""
    return debtor_form(project) is PartyForm.INDIVIDUAL


def protocol_debtor(project: Project) -> bool:
    """An individual or a sole trader: a letter before claim follows the Pre-Action Protocol for Debt Claims."""
    return debtor_form(project) in (PartyForm.INDIVIDUAL, PartyForm.SOLE_TRADER)


@dataclass(frozen=True)
class EnglishLaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """The Late Payment Act: Bank Rate + 8 points, fixed per half-year, with fixed compensation; never for a
        consumer."""
        if consumer(project):
            return InterestTerms(
                Method.NONE,
                "none",
                notes=("the Late Payment Act does not apply to a debt owed by a consumer",),
            )
        return InterestTerms(
            Method.REFERENCE,
            LATE_PAYMENT_ACT,
            table="boe-bank-rate",
            margin=Decimal("0.08"),
            fixing="half-year",
            compensation="uk",
            on_gross=True,
        )

    def citations(
        self,
        project: Project,
        stage: DemandStage,
        interest_basis: str,
        debt: Debt = PRICE_OWED,
    ) -> list[str]:
        statutory = interest_basis == LATE_PAYMENT_ACT
        keys: list[str] = []
        if stage is DemandStage.NOTICE and statutory:
            keys = ["uk.late-payment-act.s1", "uk.late-payment-act.s4", "uk.late-payment-act.s5a"]
        elif stage is DemandStage.SUSPENSION:
            keys = ["uk.construction-act.s112"] if is_construction(project) else []
        elif stage is DemandStage.FINAL:
            if statutory:
                keys = ["uk.late-payment-act.s1", "uk.late-payment-act.s4", "uk.late-payment-act.s5a"]
            keys += ["uk.debt-protocol"] if protocol_debtor(project) else ["uk.pre-action-pd.6", "uk.pre-action-pd.8"]
        elif stage is DemandStage.ACKNOWLEDGMENT:
            keys = ["uk.limitation-act.s29", "uk.limitation-act.s30"]
        elif stage is DemandStage.DEFAULT_NOTICE:
            keys = ["uk.construction-act.s110", "uk.construction-act.s110a", "uk.construction-act.s110b"]
            keys += ["uk.construction-act.s116"]
        elif stage is DemandStage.NOTIFIED_SUM:
            keys = ["uk.construction-act.s110", "uk.construction-act.s111", "uk.construction-act.s112"]
            keys += ["uk.construction-act.s116"]
        elif stage is DemandStage.DISPUTE_REPLY and is_construction(project):
            # a dispute does not reduce the notified sum without a pay less notice in time
            keys = ["uk.construction-act.s111"]
        if stage in (DemandStage.DEFAULT_NOTICE, DemandStage.NOTIFIED_SUM) and not any(
            c.use == "payment.construction-act" for c in project.clauses
        ):
            keys.insert(-1, "uk.scheme")  # the contract is silent: the Scheme's periods are the ones applied
        if stage is DemandStage.NOTIFIED_SUM and statutory:
            keys += ["uk.late-payment-act.s1", "uk.late-payment-act.s4"]
        return keys

    def regime(self, project: Project, stage: DemandStage, interest_basis: str, debt: Debt = PRICE_OWED) -> Regime:
        final = stage is DemandStage.FINAL
        pre_action = PreAction.NONE
        if final:
            pre_action = PreAction.DEBT_PROTOCOL if protocol_debtor(project) else PreAction.PRACTICE_DIRECTION
        return Regime(
            works=is_construction(project),
            acknowledgment_restarts=True,
            pre_action=pre_action,
            adr=final,
            statutory_interest=interest_basis == LATE_PAYMENT_ACT,
            reply_days=(PROTOCOL_REPLY_DAYS if protocol_debtor(project) else PD_REPLY_DAYS) if final else None,
        )

    def payment_regime(self, project: Project, clause: PaymentRegime | None) -> PaymentRegime | None:
        """HGCRA Part II for construction operations: the contract's clause, or the Scheme for Construction
        Contracts where the contract is silent (final date 17 days after the due date, a pay less notice not later
        than 7 days before it)."""
        if not is_construction(project):
            return None
        return clause or SCHEME

    def suspension_right(self, project: Project, clause: SuspensionRight | None) -> SuspensionRight | None:
        """For construction operations HGCRA s.112 gives the right on at least seven days' notice whatever the
        contract says; a shorter contractual notice cannot cut the statutory minimum."""
        if not is_construction(project):
            return clause
        if clause is None:
            return SuspensionRight(HGCRA_SUSPENSION_DAYS, None, None, "uk.construction-act.s112")
        days = max(clause.notice_days, HGCRA_SUSPENSION_DAYS)
        return SuspensionRight(days, clause.resume_days, clause.clause, "uk.construction-act.s112")

    def limitation_ended_note(self, node: str, end: LimitationEnd) -> str:
        return (
            f"the limitation period for {node} ended on {end.on} ({end.why}; Limitation Act 1980 s.5). In England "
            "a demand does not stop or restart time, and an acknowledgment or a part payment restarts it only while "
            "the period runs, so a letter now would demand payment, and threaten proceedings, on a claim the client "
            "can defeat by pleading limitation. Take legal advice before writing to the client about this debt"
        )

    def record_note(self) -> str:
        return (
            "in England a demand does not stop limitation: only a written acknowledgment signed by the client or "
            "a part payment restarts the six years (Limitation Act 1980 ss.29(5), 30); record one as type: "
            "acknowledged or paid when it comes"
        )


ENGLAND_AND_WALES = EnglishLaw(
    code="UK",
    name="the law of England and Wales",
    # No statute moves a contractual date off a weekend or bank holiday; only the contract can.
    rest_day_roll=False,
    rest_day_citation=None,
    limitation_years=6,
    # s.29(5): an acknowledgment or a part payment makes the right accrue afresh; a demand does nothing.
    limitation_restarts=frozenset({RestartKind.PART_PAYMENT, RestartKind.ACKNOWLEDGMENT}),
    limitation_citations=("uk.limitation-act.s5", "uk.limitation-act.s29", "uk.limitation-act.s30"),
    # Clause texts: the neutral wording (directors, recorded delivery, interim measures, a credit note).
    drafting_facts=Drafting(),
)
