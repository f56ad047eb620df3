"""PRC law: time computation and limitation under the Civil Code, statutory interest, and what a demand
letter relies on: the contract, Civil Code arts. 577-579, 563 and 195, the construction-price priority
(art. 807 with the SPC Interpretation (I) on construction contracts) and, for an SME paid by a large or
public client, the SME Payment Regulations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from contractkit.law.base import (
    PRICE_OWED,
    Debt,
    Drafting,
    Law,
    LimitationEnd,
    Regime,
    RestartKind,
    is_construction,
)
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import DemandStage, PartySize, Project, ProjectKind
from contractkit.model.types import add_months

#: The SME Payment Regulations' article on complaints by an SME about late payment.
SME_COMPLAINT = "cn.sme-payment.24"


@dataclass(frozen=True)
class InForce:
    """A text of a law, the day it came into force, and where that day is stated."""

    on: dt.date
    source: str


#: The texts of the SME Payment Regulations (保障中小企业款项支付条例), oldest first. The Regulations have no
#: retroactive provision (nor may they have: Legislation Law art. 104), so before the first text came into force
#: nothing in them applies: not a duty, an interest rate, a floor on an agreed rate, nor the complaint channel.
SME_REGULATIONS: tuple[InForce, ...] = (
    InForce(dt.date(2020, 9, 1), "State Council Order 728 (2020), art. 29: in force from 1 September 2020"),
    InForce(
        dt.date(2025, 6, 1),
        "State Council Order 802 (2025 revision), art. 37: in force from 1 June 2025, replacing the 2020 text",
    ),
)
#: The day the SME Payment Regulations first came into force (the 2020 text, State Council Order 728, its art. 29).
SME_2020 = SME_REGULATIONS[0].on
#: The day the SME Payment Regulations as revised (State Council Order 802) came into force (its art. 37); from
#: 2020-09-01 until then the 2020 text applied, with other article numbers.
SME_2025 = SME_REGULATIONS[1].on

#: The 2025 text's articles (the keys letters cite) and the same rule in the 2020 text (None: the 2020 text has no
#: such rule, as for the undisputed part of a partly disputed payment, art. 15 of 2025).
SME_2020_KEYS: dict[str, str | None] = {
    "cn.sme-payment.9": "cn.sme-payment-2020.8",
    "cn.sme-payment.10": "cn.sme-payment-2020.9",
    "cn.sme-payment.15": None,
    "cn.sme-payment.17": "cn.sme-payment-2020.15",
    "cn.sme-payment.24": "cn.sme-payment-2020.17",
}


def sme_in_force(on: dt.date) -> bool:
    """Whether a text of the SME Payment Regulations was in force on ``on``."""
    return on >= SME_2020


def sme_key(key: str, on: dt.date | None) -> str | None:
    """The article of the SME Payment Regulations in force on ``on`` that states the rule of the 2025 text's ``key``
    (None where the text in force then has none, or where no text was in force: before 2020-09-01). The rule
    contractkit follows: a duty to pay, or to pay interest, is cited in the version in force when the payment fell
    late (the first day of the delay, the breach: the Regulations have no retroactive provision), so a payment
    that fell late before 2020-09-01 is governed by no version, for the whole of its delay; a complaint in the
    version in force on the letter's date; no date, the 2025 text."""
    if key not in SME_2020_KEYS or on is None:
        return key
    if not sme_in_force(on):
        return None
    return key if on >= SME_2025 else SME_2020_KEYS[key]


def sme_keys(key: str, days: tuple[dt.date, ...] | list[dt.date]) -> list[str]:
    """The articles stating ``key``'s rule for breaches on ``days``: one per version in force on one of them, the
    2020 text's first; the 2025 text's where no day is given; none where every day is before the Regulations."""
    found = {sme_key(key, day) for day in days} if days else {key}
    return [k for k in (SME_2020_KEYS.get(key), key) if k is not None and k in found]


def sme_governs(breaches: tuple[dt.date, ...] | list[dt.date]) -> bool:
    """Whether the SME Payment Regulations govern at least one of the delays that began on ``breaches`` (no day
    given: the debt's dates are not considered, and they are taken to)."""
    return not breaches or any(sme_in_force(day) for day in breaches)


#: The clauses by which the contract agrees how the contractor may terminate for non-payment: the termination
#: clause, or, where it is absent, the suspension clause's termination paragraph (after suspension for N days).
AGREED_TERMINATION = ("suspension.termination-for-non-payment", "suspension.non-payment")


def sme_protected(project: Project) -> bool:
    """The SME Payment Regulations protect the contractor: an SME paid by a public body or a large enterprise. An
    individual or a sole trader (个体工商户) is neither, whatever its ``size`` says, so a debt it owes never carries
    the Regulations' interest (art. 17) or complaint (art. 24): ``Project.sme_regulations_apply``."""
    return project.sme_regulations_apply(PartySize.LARGE, PartySize.GOVERNMENT)


def sme_contract_terms(project: Project) -> bool:
    """The SME Payment Regulations' rules on what a contract may agree (the payment term caps, no back-to-back
    terms, the deposits, the floor on an agreed late-payment rate) bind this contract: the contractor is protected
    (``sme_protected``) and the contract was signed while a text of the Regulations was in force. A contract signed
    before 2020-09-01 was lawfully agreed without them: the Regulations have no retroactive provision. (A breach of
    such a contract after that day still carries their default interest and their complaint: what governs a late
    payment is the law in force on its first day, ``sme_key``.)"""
    return sme_protected(project) and sme_in_force(project.contract.signed_on)


@dataclass(frozen=True)
class PRCLaw(Law):
    def statutory_interest(self, project: Project) -> InterestTerms:
        """SME Payment Regulations art. 17 where they apply; else the SPC construction or sales interpretation."""
        if sme_protected(project):
            # 0.05% a day for a delay that began while the Regulations were in force (art. 15 of 2020, art. 17
            # of 2025); a delay that began before 2020-09-01 is not governed by them at all, and bears, for every
            # one of its days, what applies otherwise. Such a delay is not split at 2020-09-01: the Regulations
            # attach their rate to a late payment (迟延支付), and whether a delay that began before them falls under
            # them from that day is not settled; the engine claims the lower, certain figure (a letter that
            # overclaims costs the user its credibility) and cites only the law it applies (``citations``).
            return InterestTerms(
                Method.DAILY,
                "cn.sme-payment.17",
                daily_rate=Decimal("0.0005"),
                since=SME_2020,
                otherwise=self.ordinary_interest(project),
            )
        return self.ordinary_interest(project)

    def ordinary_interest(self, project: Project) -> InterestTerms:
        """The default interest where the SME Payment Regulations do not govern: the SPC construction or sales
        interpretation."""
        if project.project.kind is ProjectKind.CONSTRUCTION:
            return InterestTerms(Method.REFERENCE, "cn.spc-construction.26", table="lpr-1y")
        # project work (software, services) is not a sale: the Sales Interpretation reaches it only by reference
        return InterestTerms(
            Method.REFERENCE,
            "cn.spc-sales.18.4",
            table="lpr-1y",
            multiplier=Decimal("1.3"),
            notes=("a court may award the one-year LPR plus 30-50%; the lower figure is shown",),
            by_reference=True,
        )

    def priority_open(self, project: Project, stage: DemandStage, debt: Debt) -> bool:
        """Whether a final demand invokes the priority of the construction price over the works (art. 807): the
        price itself is owed (the priority does not cover interest or liquidated damages: SPC Interpretation
        (I) art. 40), for work done (arts. 35, 39: an advance, or the price of work not yet done or accepted, is
        not the price of works built) and, for at least one such price, the period to exercise it has not ended
        (art. 41)."""
        if stage is not DemandStage.FINAL or not is_construction(project) or not debt.principal:
            return False
        # the priority secures the price of the works built: not an advance, nor a price for work not yet done
        dates = debt.due_dates if debt.works_due_dates is None else debt.works_due_dates
        if debt.works_due_dates is not None and not dates:
            return False
        if debt.as_of is None or not dates:
            return True
        return any(self.priority_deadline(due) >= debt.as_of for due in dates)

    def citations(
        self,
        project: Project,
        stage: DemandStage,
        interest_basis: str,
        debt: Debt = PRICE_OWED,
    ) -> list[str]:
        construction = is_construction(project)
        # the first day of each owed price's delay: the day of the breach
        breaches = [due + dt.timedelta(days=1) for due in debt.due_dates]
        protected = sme_protected(project)
        # the Regulations are relied on only for a delay that began while they were in force
        sme = protected and sme_governs(breaches)
        keys: list[str]
        if stage is DemandStage.REMINDER:
            keys = ["cn.civil-code.509"]
        elif stage is DemandStage.NOTICE:
            keys = ["cn.civil-code.577", "cn.civil-code.579", "cn.civil-code.195"]
        elif stage is DemandStage.SUSPENSION:
            # the contract's suspension clause, with the defence of prior performance and, for construction,
            # the contractor's remedies when the employer fails to fund the works; arts. 527-528 need firm
            # evidence of the client's deterioration and are not relied on
            keys = ["cn.civil-code.526"] + (["cn.civil-code.803"] if construction else [])
        elif stage is DemandStage.FINAL:
            # termination for delay in the main obligation (art. 563) only while the price itself is unpaid
            keys = ["cn.civil-code.577", "cn.civil-code.579"]
            # ... unless the contract's own termination clause governs: the letter then warns under it, with its
            # period, and does not rest on the statute's "reasonable period" the clause has fixed for the parties
            # (suspension.termination-for-non-payment, or the termination paragraph of suspension.non-payment)
            agreed = any(project.clause_number(c) is not None for c in AGREED_TERMINATION)
            keys += ["cn.civil-code.563"] if debt.principal and not agreed else []
            keys += ["cn.civil-code.195"]
            if self.priority_open(project, stage, debt):
                keys += ["cn.civil-code.807", "cn.spc-construction.35"]
                if project.project.fitout:
                    keys.append("cn.spc-construction.37")
                keys += ["cn.spc-construction.40", "cn.spc-construction.41"]
        elif stage is DemandStage.ACKNOWLEDGMENT:
            keys = ["cn.civil-code.195", "cn.spc-limitation.14"]
        elif stage is DemandStage.DISPUTE_REPLY:
            # the undisputed part is to be paid in time whatever the dispute (SME Regulations art. 15, where they
            # apply); the reply demands it, so it interrupts limitation like any demand (the letter says so)
            # (the 2020 text has no such article: cited only where a payment fell late under the 2025 text)
            keys = ["cn.civil-code.509"] + (sme_keys("cn.sme-payment.15", breaches) if sme else [])
        else:  # the notices of an English construction-payment statute have no PRC counterpart
            keys = []
        if sme and stage in (DemandStage.NOTICE, DemandStage.FINAL):
            # each duty in the version in force when the payment fell late; the complaint in the one in force now
            keys += sme_keys("cn.sme-payment.9", breaches) + sme_keys("cn.sme-payment.17", breaches)
            keys += [sme_key(SME_COMPLAINT, debt.as_of) or SME_COMPLAINT]
        statutory = not interest_basis.startswith("clause:") and interest_basis != "none"
        # the Regulations' interest is cited above, in the version (or versions) in force at each breach
        statutory = statutory and not (protected and interest_basis in SME_2020_KEYS)
        if stage in (DemandStage.NOTICE, DemandStage.FINAL) and statutory and interest_basis not in keys:
            keys.append(interest_basis)
        if (
            stage in (DemandStage.NOTICE, DemandStage.FINAL)
            and protected
            and interest_basis in SME_2020_KEYS
            and any(not sme_in_force(day) for day in breaches)
        ):
            # a delay that began before the Regulations bears the interest that applies otherwise (statutory_interest)
            ordinary = self.ordinary_interest(project).basis
            keys += [ordinary] if ordinary not in keys else []
        return keys

    def regime(self, project: Project, stage: DemandStage, interest_basis: str, debt: Debt = PRICE_OWED) -> Regime:
        demand = stage in (DemandStage.REMINDER, DemandStage.NOTICE, DemandStage.FINAL, DemandStage.DISPUTE_REPLY)
        construction = is_construction(project)
        priority = self.priority_open(project, stage, debt)
        return Regime(
            works=construction,
            demand_interrupts_limitation=demand,
            acknowledgment_restarts=True,
            company_seal=True,
            termination_after_demand=stage is DemandStage.FINAL and debt.principal,
            priority_right=priority,
            priority_fitout=priority and project.project.fitout,
            # the complaint channel is for a delay the Regulations govern: one that began while they were in force
            sme_complaint=sme_protected(project)
            and stage in (DemandStage.NOTICE, DemandStage.FINAL)
            and sme_governs([due + dt.timedelta(days=1) for due in debt.due_dates]),
            statutory_interest=not interest_basis.startswith("clause:") and interest_basis != "none",
        )

    def drafting(self, project: Project) -> Drafting:
        """The PRC wording, and the SME Payment Regulations' floor on the agreed late-payment rate where they
        protect the contractor (art. 17) and bind the contract's terms (signed while they are in force)."""
        return replace(self.drafting_facts, sme_rate_floor=sme_contract_terms(project))

    def model_statement(self, project: Project) -> bool:
        """A construction payment statement follows GF-2017-0201 sub-clause 12.4.2 (the model contract's list)."""
        return is_construction(project)

    def priority_deadline(self, due_on: dt.date) -> dt.date:
        """Within a reasonable period, at most 18 months from the day the price ought to have been paid (SPC
        Interpretation (I) on construction contracts art. 41); the day the period ends is shown."""
        return add_months(due_on, 18)

    def record_note(self) -> str:
        return (
            "when delivery is confirmed, add delivered_on (and proof: an evidence id) to that event: a demand "
            "interrupts limitation once it is delivered (Civil Code art. 195; SPC limitation rules art. 8)"
        )

    def limitation_ended_note(self, node: str, end: LimitationEnd) -> str:
        return (
            f"the limitation period for {node} ended on {end.on} ({end.why}; Civil Code art. 188). A demand interrupts "
            "limitation only while the period runs (art. 195; SPC limitation rules art. 8), so a letter now could not "
            "interrupt it, and would press a claim the client can defeat by pleading limitation. Only the client's "
            "own act, agreeing to pay or paying, can change that, and what it does is for legal advice: contractkit "
            "does not count one made after that day and writes no demand for the node. Take legal advice before "
            "writing to the client (a statement of account for the client to sign is --stage acknowledgment)"
        )


PRC = PRCLaw(
    code="CN",
    name="PRC law",
    rest_day_roll=True,
    rest_day_citation="cn.civil-code.203",
    limitation_years=3,
    # Civil Code art. 195 with the SPC limitation rules arts. 8 (a demand interrupts when delivered) and 14
    # (a part payment is the debtor agreeing to perform).
    limitation_restarts=frozenset(
        {RestartKind.PART_PAYMENT, RestartKind.ACKNOWLEDGMENT, RestartKind.DEMAND, RestartKind.PROMISE}
    ),
    limitation_citations=("cn.civil-code.188", "cn.civil-code.195", "cn.spc-limitation.8", "cn.spc-limitation.14"),
    drafting_facts=Drafting(
        company_seal=True,
        legal_representative=True,
        reliable_electronic_signature=True,
        superior_body=True,
        licence_revocation=True,
        administrative_regulations=True,
        peoples_courts=True,
        retrial=True,
        preservation=True,
        named_couriers=True,
        notary_witness=True,
        fapiao=True,
        receivable_vouchers=True,
        government_audit=True,
        completion_filing=True,
        quality_deposit_measures=True,
        construction_priority=True,
        registered_cost_engineers=True,
        makeup_workdays=True,
    ),
)
