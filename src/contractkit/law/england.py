"""The law of England and Wales: limitation (Limitation Act 1980), statutory interest (Late Payment of
Commercial Debts (Interest) Act 1998), construction payment (Housing Grants, Construction and Regeneration
Act 1996 Part II, for construction operations only, and not against a client who may be a residential occupier:
s.106) and pre-action conduct (the Practice Direction for a business; the Pre-Action Protocol for Debt Claims for
an individual or a sole trader)."""

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
    consumer,
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


#: The clause that makes the Construction Act's payment notices and right to suspend terms of the contract itself.
ACT_CLAUSE = "payment.construction-act"
#: The order in which a letter lists the sections of the Construction Act it relies on.
_ACT_ORDER = (
    "uk.construction-act.s110",
    "uk.construction-act.s110a",
    "uk.construction-act.s110b",
    "uk.construction-act.s111",
    "uk.construction-act.s112",
    "uk.scheme",
    "uk.construction-act.s116",
)


def residential_occupier_possible(project: Project) -> bool:
    """A construction contract whose client is an individual may be "a construction contract with a residential
    occupier": one principally relating to operations on a dwelling which one of the parties occupies, or intends
    to occupy, as his residence, to which Part II of the Construction Act does not apply (s.106). The project file
    cannot say which it is, so contractkit does not rely on Part II against such a client on the statute's
    authority: only where the contract itself adopts its machinery (``payment.construction-act``)."""
    return is_construction(project) and debtor_form(project) is PartyForm.INDIVIDUAL


def construction_act_applies(project: Project) -> bool:
    """Part II of the Construction Act applies by statute: construction operations, for a client that cannot be a
    residential occupier (a company, a public body, a sole trader in the course of business)."""
    return is_construction(project) and not residential_occupier_possible(project)


def act_clause(project: Project) -> bool:
    """The contract has the clause that gives effect to Part II (its notices, final date and right to suspend)."""
    return project.clause_number(ACT_CLAUSE) is not None


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
        """Every provision the letter relies on: those of its stage, and those its body states because of the debt
        (the Act's payment due date and final date, a notified sum payable in full for want of a pay less notice,
        the statutory right to suspend a formal notice warns of)."""
        statutory = interest_basis == LATE_PAYMENT_ACT
        act = construction_act_applies(project)
        keys: list[str] = []
        if stage is DemandStage.NOTICE and statutory:
            keys = ["uk.late-payment-act.s1", "uk.late-payment-act.s4", "uk.late-payment-act.s5a"]
        elif stage is DemandStage.SUSPENSION:
            # the statute's right: never against a client who may be a residential occupier (s.106), where the
            # notice rests on the contract's own clause
            keys = ["uk.construction-act.s112"] if act else []
        elif stage is DemandStage.FINAL:
            if statutory:
                keys = ["uk.late-payment-act.s1", "uk.late-payment-act.s4", "uk.late-payment-act.s5a"]
            keys += ["uk.debt-protocol"] if protocol_debtor(project) else ["uk.pre-action-pd.6", "uk.pre-action-pd.8"]
        elif stage is DemandStage.ACKNOWLEDGMENT:
            keys = ["uk.limitation-act.s29", "uk.limitation-act.s30"]
        elif stage is DemandStage.DEFAULT_NOTICE:
            # the notice fixes the notified sum, which must then be paid in full unless a pay less notice is given
            keys = ["uk.construction-act.s110", "uk.construction-act.s110a", "uk.construction-act.s110b"]
            keys += ["uk.construction-act.s111", "uk.construction-act.s116"]
        elif stage is DemandStage.NOTIFIED_SUM:
            # the sum, payable in full (s.111), the notice that fixed it (s.110A or s.110B, where the debt says which),
            # the right to suspend the letter states (s.112), and the dates (s.110, s.116)
            found = {"uk.construction-act.s110", "uk.construction-act.s111", "uk.construction-act.s112"}
            found |= {"uk.construction-act.s116", *self._act_in_body(project, stage, debt)}
            keys = [k for k in _ACT_ORDER if k in found and k != "uk.scheme"]
        elif stage is DemandStage.DISPUTE_REPLY and (act or act_clause(project)):
            # a dispute does not reduce the notified sum without a pay less notice in time
            keys = ["uk.construction-act.s111"]
        if stage in (DemandStage.DEFAULT_NOTICE, DemandStage.NOTIFIED_SUM) and not act_clause(project):
            keys.insert(-1, "uk.scheme")  # the contract is silent: the Scheme's periods are the ones applied
        if stage is DemandStage.NOTIFIED_SUM and statutory:
            # the letter claims the fixed compensation with the interest, as the formal notice does
            keys += ["uk.late-payment-act.s1", "uk.late-payment-act.s4", "uk.late-payment-act.s5a"]
        if act and stage in (DemandStage.REMINDER, DemandStage.NOTICE, DemandStage.SUSPENSION, DemandStage.FINAL):
            keys = self._act_in_body(project, stage, debt) + [k for k in keys if k not in _ACT_ORDER]
        if not act:
            # a client who may be a residential occupier (s.106): the notices rest on the contract's clause, which
            # the letter names, and no section of the Act or the Scheme is listed as an authority
            keys = [k for k in keys if k not in _ACT_ORDER and k != "uk.scheme"]
        return keys

    @staticmethod
    def _act_in_body(project: Project, stage: DemandStage, debt: Debt) -> list[str]:
        """The sections of the Construction Act a demand's body relies on, in the Act's order: the payment due date
        and final date for payment it states (s.110, counted as s.116 provides; the Scheme's periods where the
        contract is silent), a notified sum payable in full for want of a pay less notice (s.111, the notice that
        fixed it: s.110A or s.110B), and the right to suspend (s.112): in a notice of suspension always, the statute
        giving it whatever the contract says; in a formal notice where it warns of suspension under the statute
        alone, the contract having no suspension clause."""
        found: set[str] = set()
        if debt.statutory_dates:
            found |= {"uk.construction-act.s110", "uk.construction-act.s116"}
            if not act_clause(project):
                found.add("uk.scheme")
        if debt.notified:
            found.add("uk.construction-act.s111")
            if "payer" in debt.notified:
                found.add("uk.construction-act.s110a")
            if "payee" in debt.notified:
                found.add("uk.construction-act.s110b")
        suspension_clause = project.clause_number("suspension.non-payment") is not None
        if stage is DemandStage.SUSPENSION or (
            stage is DemandStage.NOTICE and not suspension_clause and not debt.suspended
        ):
            found.add("uk.construction-act.s112")
        return [k for k in _ACT_ORDER if k in found]

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
            construction_act=construction_act_applies(project),
        )

    def payment_regime(self, project: Project, clause: PaymentRegime | None) -> PaymentRegime | None:
        """HGCRA Part II for construction operations: the contract's clause, or the Scheme for Construction
        Contracts where the contract is silent (final date 17 days after the due date, a pay less notice not later
        than 7 days before it). Against a client who may be a residential occupier (s.106) only the contract's own
        clause: the Scheme applies only where Part II does."""
        if not is_construction(project):
            return None
        if residential_occupier_possible(project):
            return clause
        return clause or SCHEME

    def suspension_right(self, project: Project, clause: SuspensionRight | None) -> SuspensionRight | None:
        """For construction operations HGCRA s.112 gives the right on at least seven days' notice whatever the
        contract says; a shorter contractual notice cannot cut the statutory minimum.

        Against a client who may be a residential occupier (s.106) the right is the contract's alone: its suspension
        clause, or the right the Construction Act clause gives as a term of the contract; none where the contract
        gives none. The notice is still at least seven days: a longer notice than a clause asks never invalidates
        it, and it is what s.112 asks should Part II apply after all."""
        if not is_construction(project):
            return clause
        if residential_occupier_possible(project):
            if clause is not None:
                return SuspensionRight(
                    max(clause.notice_days, HGCRA_SUSPENSION_DAYS), clause.resume_days, clause.clause, None
                )
            return SuspensionRight(HGCRA_SUSPENSION_DAYS, None, ACT_CLAUSE, None) if act_clause(project) else None
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
