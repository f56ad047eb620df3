"""What every body of law tells the account: time computation, statutory interest and limitation.

A ``Law`` answers only where the contract is silent or where the law overrides it; the account reads the
contract's own terms first (``contractkit.account.terms``) and asks the law for the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import DeliveryMethod, DemandStage, PartyForm, Project, ProjectKind


class RestartKind(StrEnum):
    """Events that may interrupt or restart a limitation period, depending on the law."""

    PART_PAYMENT = "part payment"
    ACKNOWLEDGMENT = "acknowledgment"
    DEMAND = "demand delivered"
    PROMISE = "promise to pay"  # a payment plan: the debtor agrees to perform (PRC: SPC limitation rules art. 14)


@dataclass(frozen=True)
class Restart:
    on: dt.date
    kind: RestartKind


@dataclass(frozen=True)
class Debt:
    """What a letter claims, as far as the law's remedies turn on it.

    ``principal``: some of the price itself is owed, not only interest on a price paid late (a remedy for
    non-payment of the price, such as termination for the main obligation or a priority over the works, does
    not reach interest). ``due_dates``: the days the owed prices fell due; ``as_of``: the letter's date, to
    tell which time-limited rights are still open. The default is a price owed, dates not considered.
    """

    principal: bool = True
    due_dates: tuple[dt.date, ...] = ()
    as_of: dt.date | None = None
    #: The letter states the dates a construction-payment statute gives (the payment due date and the final date
    #: for payment), and relies on the statute (or the contract's clause giving effect to it) for them.
    statutory_dates: bool = False
    #: How each notified sum the letter states is payable in full (no valid pay less notice) was fixed: "payer"
    #: (the payer's payment notice) or "payee" (our application standing as the notice, or our notice in default).
    notified: frozenset[str] = frozenset()
    #: A notice of suspension has gone for a node the letter claims: the work stands suspended, and the letter warns
    #: of no suspension.
    suspended: bool = False
    #: The days the owed prices of work done fell due (None: not considered, every owed price counts). An advance,
    #: or the price of a node whose work has not been done (accepted), is not the price of works built: no priority
    #: over the works secures it (PRC: Civil Code art. 807; SPC Interpretation (I) arts. 35, 39, 40).
    works_due_dates: tuple[dt.date, ...] | None = None


#: A price owed, its dates not considered: what a letter's law is asked about before its debt is known.
PRICE_OWED = Debt()


@dataclass(frozen=True)
class LimitationEnd:
    """The last day to bring proceedings for a debt, and why (None: the law here does not say, or not yet)."""

    on: dt.date | None
    why: str
    citations: tuple[str, ...] = ()
    restarted_by: Restart | None = None

    def ended(self, day: dt.date) -> bool:
        """Whether the period had ended by ``day``: ``on`` is the last day, so it has ended on the day after."""
        return self.on is not None and day > self.on


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class PreAction(StrEnum):
    """The pre-action conduct a letter before action follows, where the law has one."""

    NONE = ""
    PRACTICE_DIRECTION = "practice-direction"  # England: Practice Direction - Pre-Action Conduct (a business)
    DEBT_PROTOCOL = "debt-protocol"  # England: Pre-Action Protocol for Debt Claims (an individual, a sole trader)


@dataclass(frozen=True)
class Regime:
    """What a letter says because of the law: facts the templates word, never a jurisdiction code.

    Each is a question a lawyer of that jurisdiction would ask of the letter; the module answers it for the
    project's kind of work and kind of debtor.
    """

    works: bool = False  # construction work: "施工"/"the Works" wording, site safety during a suspension
    demand_interrupts_limitation: bool = False  # the letter interrupts limitation from its delivery
    acknowledgment_restarts: bool = False  # a written acknowledgment (signed, in England) restarts limitation
    company_seal: bool = False  # confirmations carry the company seal (PRC practice)
    termination_after_demand: bool = False  # an unanswered demand on a main obligation allows termination
    priority_right: bool = False  # the unpaid construction price has priority over the works
    priority_fitout: bool = False  # ... fit-out works: over the fit-out's own value only
    pre_action: PreAction = PreAction.NONE
    adr: bool = False  # invite alternative dispute resolution before proceedings
    statutory_interest: bool = False  # interest (and compensation) under a statute, not the contract
    sme_complaint: bool = False  # an SME may complain of late payment to the authorities
    statutory_suspension: bool = False  # the right to suspend comes from statute, whatever the contract says
    reply_days: int | None = None  # days the letter before action gives to reply
    #: A construction-payment statute applies by its own authority (England: HGCRA Part II for construction
    #: operations, not against a client who may be a residential occupier, s.106); where false, a payment regime
    #: the letter states is the contract's clause, and the letter says it rests on the clause.
    construction_act: bool = False


@dataclass(frozen=True)
class Drafting:
    """What a clause text says because of the legal system: facts the clause library words, never a jurisdiction
    code (clause texts ask ``law.<fact>``; clause_library/README.md lists them).

    Each is a fact of the law, or of settled practice under it, that changes the words of a clause; ``False``
    everywhere gives the library's neutral wording (directors, recorded delivery, interim measures, invoices and
    credit notes), which England and Wales, the EU and international contracts use.
    """

    # How a company signs and who speaks for it.
    #: A company executes and authenticates with its official or contract seal (公章/合同专用章): Civil Code
    #: art. 490 and practice.
    company_seal: bool = False
    #: A company acts through its registered legal representative and has a registered domicile (法定代表人、
    #: 住所): Civil Code arts. 61, 63. Otherwise: directors, senior officers, a registered office.
    legal_representative: bool = False
    #: A "reliable" electronic signature or electronic seal has the effect of a handwritten signature or seal
    #: (可靠的电子签名和电子印章): Electronic Signature Law arts. 13-14.
    reliable_electronic_signature: bool = False
    #: Public and state-owned clients answer to a superior body (上级单位) whose decisions bind them: practice.
    #: Otherwise: a parent company.
    superior_body: bool = False
    #: A company ends by revocation of its business licence, a bankruptcy application or liquidation (吊销营业执照、
    #: 被申请破产、清算): Company Law art. 229, Enterprise Bankruptcy Law art. 7. Otherwise: insolvency proceedings
    #: in general (bankruptcy, liquidation, administration).
    licence_revocation: bool = False

    # Mandatory law.
    #: Mandatory law is "laws and administrative regulations" (法律、行政法规): Civil Code art. 153.
    #: Otherwise: "law or regulation".
    administrative_regulations: bool = False

    # Courts, service and interim relief.
    #: The courts are people's courts (人民法院): Constitution art. 128.
    peoples_courts: bool = False
    #: Proceedings run at first instance, on appeal and in retrial (一审、二审、再审): Civil Procedure Law art. 10
    #: and its trial-supervision procedure. Otherwise: "including any appeal".
    retrial: bool = False
    #: Interim relief is the preservation of property, evidence or conduct (财产保全、证据保全、行为保全), with fees
    #: and security of its own: Civil Procedure Law ch. 9. Otherwise: interim or conservatory measures.
    preservation: bool = False
    #: Notices go by registered letter (挂号信) or a named courier (China Post EMS, SF Express) whose signed receipt
    #: proves delivery: practice. Otherwise: a recognised courier or recorded delivery.
    named_couriers: bool = False
    #: A notary witnesses an act such as a drawing of lots (公证): Notarization Law and practice. Otherwise: an
    #: independent witness.
    notary_witness: bool = False

    # Tax, payment and public funding.
    #: VAT is invoiced on fapiao: special or general VAT fapiao, the buyer's taxpayer identification number,
    #: red-letter fapiao to correct one, rates the State adjusts (发票管理办法; VAT Law). Otherwise: an invoice or
    #: VAT invoice, a tax registration number, a credit note.
    fapiao: bool = False
    #: Payers push commercial bills and electronic receivable vouchers on suppliers (商业汇票、应收账款电子凭证):
    #: cn.sme-payment.11. Otherwise: bills of exchange and promissory notes.
    receivable_vouchers: bool = False
    #: Publicly funded work waits on government audit and fiscal review (政府审计、财政评审): cn.sme-payment.12,
    #: cn.sme-payment.14. Otherwise: an audit or review by a public authority, a funder or internal auditors.
    government_audit: bool = False

    # Construction.
    #: Accepted works are filed with the construction authority (竣工验收备案): Regulations on the Quality
    #: Management of Construction Projects art. 49; cn.sme-payment.14.
    completion_filing: bool = False
    #: Retention is at most 3% of the settled price, and where the employer delays completion acceptance the
    #: defects period runs from the contractor's completion report (建设工程质量保证金管理办法 arts. 7-8):
    #: cn.quality-deposit.7. Otherwise: from the contractor's notice that the works are ready.
    quality_deposit_measures: bool = False
    #: The unpaid construction price has priority over the works (建设工程价款优先受偿权): cn.civil-code.807.
    construction_priority: bool = False
    #: Construction costs are valued by cost consultancy firms and registered cost engineers (工程造价咨询企业、
    #: 注册造价工程师): the registration measures for cost engineers. Otherwise: quantity surveyors, cost consultants.
    registered_cost_engineers: bool = False

    # Time.
    #: The State fixes the public holidays and makes weekend days working days in lieu (调休): the State Council's
    #: holiday measures. Otherwise: the public holidays where the project is.
    makeup_workdays: bool = False

    # This project's parties.
    #: An SME paid by a large enterprise or a public body: an agreed late-payment rate may not be below the one-year
    #: LPR at signing (cn.sme-payment.17).
    sme_rate_floor: bool = False


@dataclass(frozen=True)
class SuspensionRight:
    """A right to suspend work for non-payment: its notice period and what it rests on."""

    notice_days: int
    resume_days: int | None
    clause: str | None  # the contract's clause id
    statute: str | None  # the citation where statute gives the right (HGCRA s.112)


@dataclass(frozen=True)
class PaymentRegime:
    """A statute's machinery of notices about the sum due (England: HGCRA Part II, for construction operations).

    The node's due rule gives the due date; payment is late only after the final date for payment.
    """

    final_days: int  # the final date for payment: this many days after the due date
    payment_notice_days: int  # the payer's payment notice: not later than this many days after the due date
    pay_less_days: int  # a pay less notice: not later than this many days before the final date
    source: str  # the contract's clause, or the statutory scheme where the contract is silent
    citations: tuple[str, ...]
    #: The statute's reckoning of its periods leaves out public holidays (HGCRA s.116: Christmas Day, Good
    #: Friday and bank holidays), weekends counted.
    holidays_excluded: bool = True


#: Email as the notices clause allows it where ``email_notices`` is true.
_EMAIL_METHODS = frozenset({DeliveryMethod.EMAIL, DeliveryMethod.EMAIL_READ_RECEIPT})


def notice_methods(drafting: Drafting, email_notices: bool) -> frozenset[DeliveryMethod]:
    """The ways the notices clause (general.notices) lets a notice be given, as its text lists them.

    Where the clause names couriers (``named_couriers``): by hand, by courier "(China Post EMS or SF Express)", by
    registered mail or, where ``email_notices``, by email; a notarised service is one of these made before a
    notary. Another courier (``courier``) is none of them. Otherwise: by hand, by a recognised courier service
    (``courier``, or SF Express, a courier company), by recorded delivery or by email; China Post EMS is a postal
    service, and registered mail, fax and other means are not listed. A notice sent any other way is not given
    under the clause, which then deems no day of delivery for it.
    """
    email = _EMAIL_METHODS if email_notices else frozenset()
    if drafting.named_couriers:
        return frozenset(
            {
                DeliveryMethod.HAND,
                DeliveryMethod.EMS,
                DeliveryMethod.SF_EXPRESS,
                DeliveryMethod.REGISTERED_MAIL,
                DeliveryMethod.NOTARISED,
            }
            | email
        )
    return frozenset(
        {DeliveryMethod.HAND, DeliveryMethod.COURIER, DeliveryMethod.SF_EXPRESS, DeliveryMethod.RECORDED_DELIVERY}
        | email
    )


@dataclass(frozen=True)
class Law:
    """One body of law: the defaults a silent contract falls back on."""

    code: str
    name: str
    #: Whether a period whose last day is a rest day ends on the next working day where the contract is silent.
    rest_day_roll: bool
    #: The citation for that rule (a key of law/data/references.yaml), or None where the law has no such rule.
    rest_day_citation: str | None
    #: Limitation: years, what restarts it, and the citations; None years: the law here sets no period we compute.
    limitation_years: int | None
    limitation_restarts: frozenset[RestartKind]
    limitation_citations: tuple[str, ...]
    limitation_silent_note: str = ""
    #: The facts clause texts word because of this law, whatever the project (``drafting`` adds the rest).
    drafting_facts: Drafting = Drafting()

    def drafting(self, project: Project) -> Drafting:
        """What the clause texts of ``project``'s contract say because of this law (``law.<fact>`` in a clause)."""
        return self.drafting_facts

    def statutory_interest(self, project: Project) -> InterestTerms:
        """Interest where the contract sets no rate."""
        return InterestTerms(Method.NONE, "none")

    def citations(
        self,
        project: Project,
        stage: DemandStage,
        interest_basis: str,
        debt: Debt = PRICE_OWED,
    ) -> list[str]:
        """The provisions a letter of ``stage`` claiming ``debt`` relies on (keys of law/data/references.yaml)."""
        return []

    def regime(self, project: Project, stage: DemandStage, interest_basis: str, debt: Debt = PRICE_OWED) -> Regime:
        """What a letter of ``stage`` claiming ``debt`` says because of this law."""
        return Regime(works=is_construction(project))

    def suspension_right(self, project: Project, clause: SuspensionRight | None) -> SuspensionRight | None:
        """The right to suspend for non-payment: the contract's clause, or where the law gives one, the statute."""
        return clause

    def payment_regime(self, project: Project, clause: PaymentRegime | None) -> PaymentRegime | None:
        """The construction-payment statute's notices, where the law has one for this kind of work."""
        return None

    def model_statement(self, project: Project) -> bool:
        """Whether a payment statement lists the contents of this law's model contract (PRC GF-2017-0201 12.4.2)."""
        return False

    def priority_deadline(self, due_on: dt.date) -> dt.date | None:
        """The last day to exercise a priority over the works for a price due on ``due_on`` (None: no such right)."""
        return None

    def notice_methods(self, project: Project, email_notices: bool) -> frozenset[DeliveryMethod] | None:
        """The ways ``project``'s notices clause lets a notice be given (``notice_methods``), or None where the
        contract has no notices clause and so restricts none."""
        if project.clause_number("general.notices") is None:
            return None
        return notice_methods(self.drafting(project), email_notices)

    def record_note(self) -> str:
        """What recording a sent letter does for limitation, in one line for the command line."""
        return "limitation depends on the law governing the contract; take advice on what stops it running"

    def limitation_ended_note(self, node: str, end: LimitationEnd) -> str:
        """Why no demand is written for ``node``, whose limitation period ended on ``end.on``: one paragraph for the
        command line, in the terms of this law."""
        return (
            f"the limitation period for {node} ended on {end.on} ({end.why}); a letter written now would press a claim "
            "the client can defeat by pleading limitation. Take legal advice before writing to the client about it"
        )

    def limitation(
        self,
        due_on: dt.date | None,
        restarts: Sequence[Restart],
        last_day: Callable[[dt.date], dt.date] | None = None,
    ) -> LimitationEnd:
        """The limitation date of a debt due on ``due_on``, after the restarts this law recognises.

        A restart counts only while the period runs: a demand interrupts a running period and cannot bring back one
        that has ended, and an acknowledgment or a payment made after the end does not revive the claim in England
        either. What the client's agreement to pay after the end does in the PRC is for legal advice: it is not
        counted as a restart here, so no letter is written on the strength of it. ``last_day`` gives the day a
        period counted to a day actually ends on (the law's rest-day rule, which the account applies with its
        calendar); a restart on or before that day counts.
        """
        if self.limitation_years is None:
            return LimitationEnd(None, self.limitation_silent_note)
        if due_on is None:
            return LimitationEnd(None, "runs from the due date, which is not yet known")
        years = self.limitation_years
        end = add_years(due_on, years)
        last: Restart | None = None
        for restart in sorted(restarts, key=lambda r: (r.on, r.kind)):
            if restart.kind not in self.limitation_restarts or restart.on <= due_on:
                continue
            if restart.on > (last_day(end) if last_day is not None else end):
                break  # the period had ended: nothing later restarts it
            last, end = restart, add_years(restart.on, years)
        if last is None:
            return LimitationEnd(end, f"{years} years from the due date {due_on}", self.limitation_citations[:1])
        return LimitationEnd(
            end,
            f"{years} years from the {last.kind} on {last.on}, which restarted limitation",
            self.limitation_citations,
            last,
        )


def is_construction(project: Project) -> bool:
    return project.project.kind is ProjectKind.CONSTRUCTION


def debtor_form(project: Project) -> PartyForm:
    """The client's legal form, a company where the project file does not say."""
    return project.parties.client.form or PartyForm.COMPANY


def consumer(project: Project) -> bool:
    """The client is an individual not acting in the course of a business (``form: individual``): no late-payment
    statute for business debts reaches the debt (England: the Late Payment Act, s.2(1); the EU: the Late Payment
    Directive, which covers commercial transactions between undertakings or with public authorities only, arts.
    1(2), 2(1)), and no SME payment rule either (PRC: the buyer must be a public body or a large enterprise)."""
    return debtor_form(project) is PartyForm.INDIVIDUAL
