"""The project file as pydantic models: one class per section of DESIGN.md's format.

Models only type and shape the data; whether a contract is sound (amounts reconcile, every node has
proof) is the business of ``rules``, which report findings instead of raising.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from contractkit.model.types import (
    MAX_AMOUNT,
    MAX_TOTAL,
    Amount,
    Count,
    Currency,
    Date,
    Days,
    Flag,
    Id,
    ItemCode,
    Line,
    Money,
    Number,
    Percent,
    Quantity,
    Rate,
    Share,
    Text,
    ascii_digits,
    format_decimal,
    format_percent,
    no_entries,
    no_items,
)

#: How an error says that a product or a sum of the file's figures is beyond the amounts contractkit works with.
TOO_LARGE = f"{MAX_AMOUNT:,f} or more, too large for an amount"
#: ... and that a sum of several amounts is beyond what contractkit can add up exactly.
TOO_MUCH = f"{MAX_TOTAL:,f} or more, beyond what contractkit works with"

#: The drafted contract's fixed articles (definitions, price, schedule, acceptance) are 1-4; picked clauses
#: follow in the order the project file lists them, from this number.
FIRST_CLAUSE_NUMBER = 5


class _Model(BaseModel):
    """Strict about shape: an unknown key is a typo that must not silently drop a term."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Language(StrEnum):
    ZH = "zh"
    EN = "en"
    BILINGUAL = "bilingual"


class Jurisdiction(StrEnum):
    CN = "CN"
    UK = "UK"
    EU = "EU"
    INTL = "INTL"


class ProjectKind(StrEnum):
    CONSTRUCTION = "construction"
    SOFTWARE = "software"
    SERVICES = "services"


class PartyForm(StrEnum):
    """The legal form of a party: decides which pre-action rules and statutory interest apply to a debtor."""

    COMPANY = "company"
    SOLE_TRADER = "sole-trader"
    INDIVIDUAL = "individual"  # a consumer: not acting in the course of a business
    PUBLIC_BODY = "public-body"


class ContractForm(StrEnum):
    """Standard conditions the contract incorporates, whose clauses letters may then cite."""

    NONE = "none"  # the contract is the clauses drafted from the library (and the project file) alone
    FIDIC_RED_1999 = "fidic-red-1999"
    FIDIC_RED_2017 = "fidic-red-2017"
    GF_2017_0201 = "gf-2017-0201"


class PartySize(StrEnum):
    """Enterprise size as the CN SME Payment Regulations use it."""

    SME = "sme"
    LARGE = "large"
    GOVERNMENT = "government"


class DueBasis(StrEnum):
    SIGNING = "signing"
    APPLICATION = "application"
    ACCEPTANCE = "acceptance"
    INVOICE = "invoice"


class NodeKind(StrEnum):
    ADVANCE = "advance"
    PROGRESS = "progress"
    FINAL = "final"
    RETENTION = "retention"


class EventType(StrEnum):
    ACCEPTANCE_REQUESTED = "acceptance_requested"
    APPLIED = "applied"
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # the client rejected the work in writing with reasons: a new request starts a new review
    CERTIFIED = "certified"  # the client (or its engineer) certified an amount
    DISPUTED = "disputed"  # the client disputed part of the amount applied for
    RESOLVED = "resolved"  # a dispute settled: the amount of the disputed part agreed as payable
    PROMISED = "promised"  # the client promised to pay an amount by a date
    PAYMENT_NOTICE = "payment_notice"  # the payer's notice of the sum it considers due (HGCRA s.110A)
    PAY_LESS_NOTICE = "pay_less_notice"  # the payer's notice that it will pay less (HGCRA s.111)
    DEFAULT_NOTICE = "default_notice"  # the payee's notice where the payer gave none (HGCRA s.110B)
    INVOICED = "invoiced"
    PAID = "paid"
    NOTICE = "notice"
    ACKNOWLEDGED = "acknowledged"


class DemandStage(StrEnum):
    REMINDER = "reminder"
    NOTICE = "notice"
    SUSPENSION = "suspension"
    FINAL = "final"
    ACKNOWLEDGMENT = "acknowledgment"  # a statement of account for the client to sign
    DEFAULT_NOTICE = "default-notice"  # the payee's notice of the sum due where the payer gave none (s.110B)
    NOTIFIED_SUM = "notified-sum"  # no valid pay less notice: the notified sum is payable in full (s.111)
    DISPUTE_REPLY = "dispute-reply"  # a reply to the client's dispute: what is accepted, what is not and why


class DeliveryMethod(StrEnum):
    """How a letter is served. Couriers and post are delivered when signed for, or deemed delivered a set number
    of days after dispatch (the notices clause); the others on the day."""

    EMAIL = "email"
    EMAIL_READ_RECEIPT = "email-read-receipt"  # email with a read receipt kept as proof
    EMS = "ems"  # China Post EMS (邮政特快专递), the usual way to serve a notice in China
    SF_EXPRESS = "sf-express"  # 顺丰速运
    COURIER = "courier"  # another courier: give the carrier in the tracking reference
    REGISTERED_MAIL = "registered-mail"  # 挂号信
    RECORDED_DELIVERY = "recorded-delivery"  # Royal Mail Signed For / Special Delivery
    HAND = "hand"  # by hand, with a signed receipt
    NOTARISED = "notarised"  # 公证送达: a notary witnesses the service (usually by EMS); delivered as post is
    FAX = "fax"
    OTHER = "other"


#: Delivery methods by which a letter arrives on the day it is sent (where the contract allows email notices).
SAME_DAY_DELIVERY = frozenset({DeliveryMethod.EMAIL, DeliveryMethod.EMAIL_READ_RECEIPT, DeliveryMethod.HAND})
#: Delivery methods the notices clause (general.notices) deems delivered on the day signed for or, if earlier, its
#: ``courier_days`` after dispatch: couriers and post (a notarised service goes by post).
POSTED_DELIVERY = frozenset(
    {
        DeliveryMethod.EMS,
        DeliveryMethod.SF_EXPRESS,
        DeliveryMethod.COURIER,
        DeliveryMethod.REGISTERED_MAIL,
        DeliveryMethod.RECORDED_DELIVERY,
        DeliveryMethod.NOTARISED,
    }
)


class ProjectInfo(_Model):
    code: Id = Field(description="Short project code, e.g. FIT-2026-017.")
    name: Line = Field(description="Project name as it appears in the contract.")
    kind: ProjectKind | None = Field(
        None,
        description="construction, software or services: picks the party terms and the law that applies to the "
        "kind of work (construction-payment statutes, priority rights); validate warns when it is missing.",
    )
    fitout: Flag = Field(
        False,
        description="Fit-out (装饰装修) works: in the PRC the unpaid price has priority over the fit-out's own value "
        "only (SPC Interpretation (I) on construction contracts art. 37).",
    )
    location: Line | None = Field(None, description="Where the work is done.")
    start: Date | None = Field(None, description="Planned start date.")
    finish: Date | None = Field(None, description="Planned completion date.")


class BankAccount(_Model):
    name: Line = Field(description="Bank and branch, e.g. 招商银行上海分行张江支行.")
    account: Line = Field(description="Account number, kept exactly as written.")
    account_name: Line | None = Field(None, description="Account holder, when it differs from the party name.")
    swift: Line | None = Field(None, description="SWIFT/BIC code for international transfers.")

    @field_validator("account", "swift")
    @classmethod
    def _ascii_digits(cls, value: str | None) -> str | None:
        # a fullwidth or Arabic-Indic digit reads as a figure in a letter but is not one a bank's system takes
        if value is not None:
            ascii_digits(value, value)
        return value


class Party(_Model):
    name: Line = Field(description="Full registered name.")
    address: Text | None = Field(None, description="Address for service of notices.")
    representative: Line | None = Field(
        None,
        description='The person who receives applications and notices, e.g. "Fiona Gallagher, Commercial Director".',
    )
    salutation: Line | None = Field(
        None,
        description='How English letters greet the representative after "Dear", e.g. "Ms Gallagher" '
        '(default: the representative\'s name; "Sir or Madam" when none is named).',
    )
    email: Line | None = None
    phone: Line | None = None
    registration: Line | None = Field(None, description="Registration number (统一社会信用代码, company number).")
    size: PartySize | None = Field(None, description="sme, large or government (CN SME Payment Regulations).")
    form: PartyForm | None = Field(
        None,
        description="company, sole-trader, individual or public-body (default company): an individual or a sole "
        "trader is sent the Pre-Action Protocol for Debt Claims in England, and a consumer is owed no statutory "
        "interest.",
    )
    bank: BankAccount | None = Field(None, description="Where payments go (needed for the contractor).")


class Parties(_Model):
    client: Party = Field(description="The party that pays.")
    contractor: Party = Field(description="The party to be paid: contractkit's user.")


class DepositKind(StrEnum):
    BID = "bid"
    PERFORMANCE = "performance"
    QUALITY = "quality"
    MIGRANT_WAGE = "migrant-wage"
    OTHER = "other"


class DepositForm(StrEnum):
    CASH = "cash"
    BANK_GUARANTEE = "bank-guarantee"
    INSURANCE = "insurance"


class Deposit(_Model):
    kind: DepositKind
    title: Line | None = Field(None, description="What the contract calls it, when kind is other.")
    share: Share | None = None
    amount: Amount | None = None
    forms: list[DepositForm] = Field(
        default_factory=lambda: [DepositForm.CASH, DepositForm.BANK_GUARANTEE],
        description="The forms the contractor may give it in.",
    )


class Contract(_Model):
    number: Line = Field(description="Contract number.")
    title: Line | None = Field(None, description="Contract title; defaults to one made from the project name.")
    signed_on: Date = Field(description="Date of signing.")
    currency: Currency = Field(description="ISO 4217 code: CNY, USD, EUR, GBP, HKD or JPY.")
    price: Amount = Field(description='Contract price, e.g. "2,400,000.00".')
    retention: Share | None = Field(None, description="Share withheld from each progress payment, e.g. 3%.")
    form: ContractForm = Field(
        ContractForm.NONE,
        description="Standard conditions the contract incorporates (fidic-red-1999, fidic-red-2017, "
        "gf-2017-0201), whose sub-clauses letters may cite; none: the drafted clauses alone.",
    )
    vat: Share | None = Field(
        None,
        description="VAT added to the amounts of this file, which are net of it (e.g. 20%): where the law runs "
        "interest on the invoice as issued (England), it runs on the amount with VAT.",
    )
    deposits: list[Deposit] = Field(default_factory=no_items, description="Deposits the client takes.")


class AcceptanceCriterion(_Model):
    id: Id
    title: Line
    criteria: list[Text] = Field(default_factory=no_items, description="What must be true for acceptance.")
    review_days: Days | None = Field(
        None,
        description="Days the client has to inspect and accept, from a complete request for acceptance "
        "(default: the acceptance clause's review period).",
    )
    deemed_accepted: Flag | None = Field(
        None,
        description="Silence after the review period counts as acceptance (default: as the acceptance clause says).",
    )
    documents: list[Text] = Field(
        default_factory=no_items,
        description="What a request for acceptance must enclose; the review period runs only from a request "
        "that encloses all of them.",
    )


class DueRule(_Model):
    after: DueBasis | None = Field(None, description="signing, application, acceptance or invoice.")
    days: Days | None = Field(None, description="Days after that event.")
    on: Date | None = Field(None, description="A fixed due date instead.")
    working_days: Flag = Field(False, description="Count working days instead of calendar days.")

    @model_validator(mode="after")
    def _check_one_form(self) -> DueRule:
        if self.on is not None and (self.after is not None or self.days is not None):
            raise ValueError("give either 'on: DATE' or 'after' with 'days', not both")
        if self.on is None and (self.after is None or self.days is None):
            missing = "after" if self.after is None else "days"
            raise ValueError(f"'{missing}' is missing: write {{after: acceptance, days: 14}} or {{on: 2026-06-30}}")
        return self


def _node_id(value: str) -> str:
    """A payment node's id (a node of the schedule or a valuation): any id but ``all``, which the commands take for
    every overdue node (``demand --node all``), so that a node of that name could never be named on its own."""
    if value.lower() == "all":
        raise ValueError(
            f"{value!r} cannot be a payment node's id: `demand --node all` means every overdue node; use another id"
        )
    return value


class PaymentNode(_Model):
    id: Id
    title: Line
    kind: NodeKind = Field(NodeKind.PROGRESS, description="advance, progress, final or retention.")
    share: Share | None = Field(None, description='Share of the contract price, e.g. "30%".')
    amount: Amount | None = Field(None, description='Fixed amount instead of a share, e.g. "720,000.00".')
    milestone: Text | None = Field(None, description="The event that makes the node payable.")
    acceptance: Id | None = Field(None, description="Id of the acceptance criterion this node depends on.")
    evidence: list[Line] = Field(default_factory=no_items, description="What proves the milestone.")
    due: DueRule | None = Field(None, description="When payment falls due.")
    retention: Flag | None = Field(
        None, description="Whether retention is withheld from this node (default: progress and final nodes)."
    )

    @field_validator("id")
    @classmethod
    def _id_not_all(cls, value: str) -> str:
        return _node_id(value)

    @property
    def withholds_retention(self) -> bool:
        if self.retention is not None:
            return self.retention
        return self.kind in (NodeKind.PROGRESS, NodeKind.FINAL)


class BillItem(_Model):
    """One item of the bill of quantities (工程量清单): what is measured, in which unit, at which rate."""

    code: ItemCode = Field(description="Item code, e.g. 011302001001 (GB 50500) or A1.2; unique in the bill.")
    section: Line | None = Field(None, description="The section (分部) it belongs to, e.g. 吊顶工程.")
    description: Line = Field(description="What the item is, as the bill describes it.")
    unit: Line = Field(description="Unit of measurement, e.g. m², m³, t, 个, item.")
    quantity: Quantity = Field(description='Quantity in the bill, e.g. "3,860.00"; negative only for an omission.')
    rate: Money = Field(description='Unit rate (综合单价), e.g. "98.00"; fixed at signing.')

    @field_validator("rate")
    @classmethod
    def _rate_not_negative(cls, rate: Decimal) -> Decimal:
        if rate < 0:
            raise ValueError(
                f"{format_decimal(rate)} is negative; a rate is zero or more (an omission is a variation item with a "
                "negative quantity at the positive rate)"
            )
        return rate

    @model_validator(mode="after")
    def _amount_bounded(self) -> BillItem:
        # the item's amount is an amount like any other (each figure within bounds, their product need not be)
        if not abs(self.quantity * self.rate) < MAX_AMOUNT:
            raise ValueError(f"item {self.code}: quantity × rate comes to {TOO_LARGE}; check the quantity and the rate")
        return self


class Variation(_Model):
    id: Id
    title: Line
    amount: Money = Field(description="Change to the price; negative for an omission.")
    approved_on: Date | None = Field(None, description="Date of the client's written approval.")
    node: Id | None = Field(None, description="The payment node that carries it, if any.")
    items: list[BillItem] = Field(
        default_factory=no_items,
        description="Items the variation adds to the bill, measured in the valuations like bill items; their "
        "amounts add up to the variation's amount. A measured variation without items is one lump-sum item whose "
        "code is the variation's id.",
    )


class Period(_Model):
    from_: Date = Field(alias="from", description="First day of the measurement period.")
    to: Date = Field(description="Last day of the measurement period.")


class ValuationLine(_Model):
    """Progress on one bill item up to the end of a period: a quantity to date, or a percentage complete."""

    item: ItemCode = Field(description="The bill (or variation) item's code.")
    to_date: Quantity | None = Field(None, description='Quantity done up to the end of the period, e.g. "2,940.00".')
    percent: Percent | None = Field(None, description="Or: share of the item's quantity done to date, e.g. 35%.")
    materials: Amount | None = Field(
        None,
        description="Value of materials for this item delivered to site and not yet built in, at the end of the "
        "period (stated afresh each period; not carried forward).",
    )
    rate: Money | None = Field(
        None,
        description="The rate the line was valued at, as certified; it must be the bill's rate (a new rate comes "
        "through a variation).",
    )

    @field_validator("percent")
    @classmethod
    def _percent_of_the_item(cls, share: Decimal | None) -> Decimal | None:
        if share is not None and not 0 <= share <= 1:
            raise ValueError(
                f"{format_percent(share)} is not a share of the item done; use 0% to 100%, or give the quantity "
                "done with to_date"
            )
        return share

    @model_validator(mode="after")
    def _check_one_measure(self) -> ValuationLine:
        if self.to_date is not None and self.percent is not None:
            raise ValueError("give either 'to_date' or 'percent', not both")
        if self.to_date is None and self.percent is None and self.materials is None:
            raise ValueError("give 'to_date' (a quantity), 'percent' or 'materials'")
        return self


class Valuation(_Model):
    """A monthly valuation (计量): the work done to date measured against the bill; it is paid as a payment node
    of its own, due by the payment.monthly-progress clause's period rule."""

    id: Id = Field(description="Its id as a payment node, e.g. V03; used by events, evidence and commands.")
    title: Line = Field(description="How documents name it, e.g. 第3期进度款（2026年5月）.")
    period: Period = Field(description="The measurement period: {from: 2026-04-26, to: 2026-05-25}.")
    # one line each, as a payment node's evidence: the valuation is paid as a node that lists them
    evidence: list[Line] = Field(default_factory=no_items, description="What proves the measurement.")
    lines: list[ValuationLine] = Field(
        default_factory=no_items,
        description="Quantities to date of the items measured; an item not listed keeps its quantity from the "
        "valuation before.",
    )

    @field_validator("id")
    @classmethod
    def _id_not_all(cls, value: str) -> str:
        return _node_id(value)


class ClauseUse(_Model):
    use: Line = Field(description="Clause id from the library, e.g. penalty.late-payment-interest.")
    with_: dict[str, Text] = Field(default_factory=no_entries, alias="with", description="Parameter values.")


class EvidenceItem(_Model):
    id: Id
    node: Id | None = Field(None, description="The payment node it proves.")
    title: Line
    satisfies: Line | None = Field(
        None, description="The node's evidence requirement it meets, when the title differs from it."
    )
    file: Line | None = Field(None, description="Path relative to the project folder.")
    date: Date | None = None
    item: ItemCode | None = Field(None, description="The bill item it supports (a photo, a test report).")


class Event(_Model):
    on: Date
    type: EventType
    node: Id | None = Field(None, description="The payment node; a payment without one pays the oldest debt.")
    amount: Amount | None = None
    ref: Text | None = Field(None, description="Reference: letter number, bank slip, email subject.")
    stage: DemandStage | None = Field(None, description="For a notice: which letter.")
    via: DeliveryMethod | None = Field(None, description="For a notice: how it was sent.")
    tracking: Line | None = Field(None, description="Courier or registered-mail tracking number.")
    delivered_on: Date | None = Field(
        None,
        description="The day it reached the client, where later than 'on': for a notice, proven delivery; for an "
        "application, an invoice or a request for acceptance, the periods that run from its receipt start then.",
    )
    proof: Id | None = Field(None, description="Evidence id of the delivery proof.")
    by: Line | None = Field(
        None,
        description="For a certificate: who certified it; for a promise to pay: the date promised (YYYY-MM-DD).",
    )
    reason: Text | None = Field(
        None, description="For a dispute or a rejection: why the client disputes the amount or rejects the work."
    )
    basis: Text | None = Field(
        None, description="For a payment notice or a pay less notice: how the payer calculated the sum."
    )
    enclosed: list[Text] = Field(
        default_factory=no_items,
        description="For a request for acceptance or an application: the documents enclosed (evidence ids or "
        "titles); without it, the evidence on file on that date counts as enclosed.",
    )
    note: Text | None = None


class Escalation(_Model):
    """Days overdue at which each letter is due."""

    reminder: Count = 1
    notice: Count = 15
    suspension: Count | None = None
    final: Count = 30

    @model_validator(mode="after")
    def _climbs(self) -> Escalation:
        # the ladder is read in this order; days that go down would have status call a later letter first
        steps = [("reminder", self.reminder), ("notice", self.notice)]
        steps += [("suspension", self.suspension)] if self.suspension is not None else []
        steps += [("final", self.final)]
        for (before, low), (after, high) in itertools.pairwise(steps):
            if high < low:
                raise ValueError(
                    f"{after} ({high} days overdue) comes before {before} ({low}); each letter is due no earlier "
                    "than the one before it"
                )
        return self


class RateRow(_Model):
    from_: Date = Field(alias="from", description="First day the rate applies.")
    rate: Rate = Field(description='Annual rate, e.g. "3.00%" (0% to 100%).')
    source: Text | None = Field(None, description="Where the figure comes from.")


class CalendarSettings(_Model):
    """Working days beyond what contractkit ships, or instead of it."""

    file: Line | None = Field(None, description="A calendar file (same keys) relative to the project folder.")
    holidays: list[Date] = Field(default_factory=no_items, description="Public holidays (days off).")
    workdays: list[Date] = Field(default_factory=no_items, description="Weekend days that are working days (调休).")
    through: Date | None = Field(None, description="Last day the holidays and workdays above cover.")
    country: Line | None = Field(
        None,
        description="Whose public holidays are rest days, as an ISO 3166 code with an optional subdivision "
        "(PH, GB-SCT, DE-BY); default: CN for CN projects, GB-ENG for UK ones, none otherwise.",
    )


class Project(_Model):
    contractkit: Literal["1"] = Field(description="File-format version; 1.")
    language: Language = Field(Language.ZH, description="Language of the documents: zh, en or bilingual.")
    jurisdiction: Jurisdiction = Field(
        Jurisdiction.CN, description="CN, UK, EU or INTL: picks statutory interest, limitation and the law cited."
    )
    project: ProjectInfo = Field(description="What the contract is for.")
    parties: Parties = Field(description="The client (who pays) and the contractor (who is paid).")
    contract: Contract = Field(description="Number, signing date, currency, price, retention, deposits.")
    acceptance: list[AcceptanceCriterion] = Field(default_factory=no_items, description="Acceptance criteria.")
    payment_schedule: list[PaymentNode] = Field(default_factory=no_items, description="The payment nodes, in order.")
    variations: list[Variation] = Field(default_factory=no_items, description="Changes to the price.")
    bill: list[BillItem] = Field(
        default_factory=no_items,
        description="The bill of quantities of a contract paid by measurement (payment.monthly-progress).",
    )
    valuations: list[Valuation] = Field(
        default_factory=no_items,
        description="Monthly valuations against the bill, in period order; each is a payment node.",
    )
    clauses: list[ClauseUse] = Field(default_factory=no_items, description="Clauses picked from the library, in order.")
    evidence: list[EvidenceItem] = Field(default_factory=no_items, description="Documents on file, each for a node.")
    events: list[Event] = Field(default_factory=no_items, description="The ledger, appended to, never rewritten.")
    escalation: Escalation = Field(default_factory=Escalation, description="Days overdue at which each letter is due.")
    rates: dict[str, list[RateRow]] = Field(
        default_factory=no_entries,
        description="Extra rows for reference-rate tables (lpr-1y, boe-bank-rate, ecb-mro, ...).",
    )
    calendar: CalendarSettings | None = Field(None, description="Working-day calendar beyond the shipped data.")

    @model_validator(mode="after")
    def _figures_in_range(self) -> Project:
        problems = [
            InitErrorDetails(
                type=PydanticCustomError("out_of_range", "{message}", {"message": message}), loc=loc, input=value
            )
            for loc, value, message in itertools.chain(_unbounded(self), _against_the_item(self))
        ]
        if problems:
            raise ValidationError.from_exception_data("Project", problems)
        return self

    def sme_regulations_apply(self, *client_sizes: PartySize) -> bool:
        """The SME Payment Regulations protect an SME contractor paid by a large or government client (PRC). A public
        body (``form: public-body``) is a 机关/事业单位 (art. 9 ¶1), ``government``, whatever its ``size`` says; an
        individual or a sole trader (个体工商户) is neither, whatever its ``size`` says. The one definition drafting,
        the account, the CN rules and letters all read."""
        sizes = client_sizes or (PartySize.LARGE, PartySize.GOVERNMENT)
        client = self.parties.client
        if client.form in (PartyForm.INDIVIDUAL, PartyForm.SOLE_TRADER):
            return False
        client_size = PartySize.GOVERNMENT if client.form is PartyForm.PUBLIC_BODY else client.size
        return (
            self.jurisdiction is Jurisdiction.CN
            and self.parties.contractor.size is PartySize.SME
            and client_size in sizes
        )

    def node(self, node_id: str) -> PaymentNode | None:
        return next((n for n in self.payment_schedule if n.id == node_id), None)

    def valuation(self, valuation_id: str) -> Valuation | None:
        return next((v for v in self.valuations if v.id == valuation_id), None)

    @property
    def measured(self) -> bool:
        """Paid by measurement: the project has a bill of quantities or valuations."""
        return bool(self.bill or self.valuations)

    @property
    def node_ids(self) -> list[str]:
        """Every payment node's id: the schedule's and the valuations'."""
        return [n.id for n in self.payment_schedule] + [v.id for v in self.valuations]

    def criterion(self, criterion_id: str) -> AcceptanceCriterion | None:
        return next((a for a in self.acceptance if a.id == criterion_id), None)

    def uses_clause(self, clause_id: str) -> ClauseUse | None:
        return next((c for c in self.clauses if c.use == clause_id), None)

    def clause_number(self, prefix: str) -> str | None:
        """The drafted contract's number of the first picked clause whose id starts with ``prefix``."""
        for i, use in enumerate(self.clauses):
            if use.use.startswith(prefix):
                return str(FIRST_CLAUSE_NUMBER + i)
        return None


def _unbounded(project: Project) -> Iterator[tuple[tuple[str | int, ...], Any, str]]:
    """Where the figures of a measured project would reach amounts contractkit cannot work with exactly, or a bill
    quantity is negative: (location, value, message) for each.

    Each figure of the file is below MAX_AMOUNT, and so is each item's quantity × rate (``BillItem``) and, here, what
    a valuation line's quantity to date is worth at the item's rate. Sums of several amounts stay below MAX_TOTAL:
    the bill, a variation's items, the contract price with every variation, and a valuation's value to date (its
    quantities to date, as carried forward, at their rates, with the materials on site). Within these bounds every
    amount the account works out (and the interest on it) stays far inside the 28 significant digits of Decimal
    arithmetic, where rounding to the currency's minor unit cannot fail.
    """
    for i, item in enumerate(project.bill):
        if item.quantity < 0:
            yield (
                ("bill", i, "quantity"),
                str(item.quantity),
                f"{format_decimal(item.quantity)} is negative; a bill quantity is zero or more (an omission is a "
                "variation item with a negative quantity)",
            )
    if _total(b.quantity * b.rate for b in project.bill) >= MAX_TOTAL:
        yield ("bill",), None, f"the bill's items add up to {TOO_MUCH}"
    for i, variation in enumerate(project.variations):
        if _total(b.quantity * b.rate for b in variation.items) >= MAX_TOTAL:
            yield ("variations", i, "items"), None, f"variation {variation.id}: its items add up to {TOO_MUCH}"
    if project.contract.price + _total(v.amount for v in project.variations) >= MAX_TOTAL:
        yield ("variations",), None, f"the contract price and the variations add up to {TOO_MUCH}"
    # what each code can be measured at: the largest rate and quantity any item of that code has
    rates: dict[str, Decimal] = {}
    quantities: dict[str, Decimal] = {}
    measurable = [(b.code, b.quantity, b.rate) for b in project.bill]
    for variation in project.variations:
        measurable += [(b.code, b.quantity, b.rate) for b in variation.items] or [
            (variation.id, Decimal(1), variation.amount)
        ]
    for code, quantity, rate in measurable:
        rates[code] = max(rates.get(code, ZERO), abs(rate))
        quantities[code] = max(quantities.get(code, ZERO), abs(quantity))
    latest: dict[str, Decimal] = {}
    for i, valuation in enumerate(project.valuations):
        current = dict(latest)
        materials = ZERO
        for j, line in enumerate(valuation.lines):
            materials += line.materials or ZERO
            if line.item not in rates:
                continue  # neither in the bill nor a variation: BOQ005 says so
            if line.to_date is not None:
                if abs(line.to_date) * rates[line.item] >= MAX_AMOUNT:
                    yield (
                        ("valuations", i, "lines", j, "to_date"),
                        str(line.to_date),
                        f"valuation {valuation.id}: item {line.item}: the quantity to date × the rate "
                        f"({format_decimal(rates[line.item])}) comes to {TOO_LARGE}",
                    )
                    return  # the value to date would be beyond it too
                current[line.item] = line.to_date
            elif line.percent is not None:
                current[line.item] = quantities[line.item] * line.percent
        if _total(done * rates[code] for code, done in current.items()) + materials >= MAX_TOTAL:
            yield (
                ("valuations", i),
                None,
                f"valuation {valuation.id}: the value of the work done to date and the materials on site add up "
                f"to {TOO_MUCH}",
            )
            return
        latest = current


def done_against_item(done: Decimal, code: str, quantities: Iterable[tuple[Decimal, str]]) -> str | None:
    """Why a quantity done to date cannot be that of item ``code``, whose quantities (and where each is: "the bill",
    "variation V2") are given; None where it can. A quantity to date has the sign of the item's quantity: zero or
    more for an item of the bill or a variation's addition, zero or less for an omission (a variation item with a
    negative quantity, measured as it is taken out: ``to_date: "-500"`` as ``percent: 100%`` of ``"-500"``)."""
    known = list(quantities)
    if not known or done == 0:
        return None
    if done < 0 and not any(q < 0 for q, _ in known):
        quantity, where = known[-1]
        return (
            f"{format_decimal(done)} is negative, but item {code} is not an omission ({format_decimal(quantity)} in "
            f"{where}): its quantity done to date is zero or more"
        )
    if done > 0 and not any(q >= 0 for q, _ in known):
        quantity, where = known[-1]
        return (
            f"{format_decimal(done)} is positive, but item {code} is an omission ({format_decimal(quantity)} in "
            f"{where}): the quantity omitted to date is zero or less, like {format_decimal(quantity)}"
        )
    return None


def _item_quantities(project: Project) -> dict[str, list[tuple[Decimal, str]]]:
    """Each measurable code's quantities and where each is: the bill's items, the variations' items, and a variation
    without items measured as one lump sum (quantity 1)."""
    quantities: dict[str, list[tuple[Decimal, str]]] = {}
    for item in project.bill:
        quantities.setdefault(item.code, []).append((item.quantity, "the bill"))
    for variation in project.variations:
        for item in variation.items:
            quantities.setdefault(item.code, []).append((item.quantity, f"variation {variation.id}"))
        if not variation.items:
            quantities.setdefault(variation.id, []).append((Decimal(1), f"variation {variation.id}"))
    return quantities


def _against_the_item(project: Project) -> Iterator[tuple[tuple[str | int, ...], Any, str]]:
    """Each valuation line whose quantity to date has not the sign of its item's quantity (see done_against_item);
    a line of an item neither in the bill nor a variation is BOQ005's."""
    quantities = _item_quantities(project)
    for i, valuation in enumerate(project.valuations):
        for j, line in enumerate(valuation.lines):
            if line.to_date is None or line.item not in quantities:
                continue
            problem = done_against_item(line.to_date, line.item, quantities[line.item])
            if problem is not None:
                yield (
                    ("valuations", i, "lines", j, "to_date"),
                    str(line.to_date),
                    f"valuation {valuation.id}: {problem}",
                )


def _total(figures: Iterable[Decimal]) -> Decimal:
    """The sum of the figures' sizes (an omission counts as much as an addition)."""
    return sum((abs(f) for f in figures), ZERO)


ZERO = Decimal(0)


__all__ = [
    "AcceptanceCriterion",
    "BankAccount",
    "BillItem",
    "CalendarSettings",
    "ClauseUse",
    "Contract",
    "ContractForm",
    "DemandStage",
    "Deposit",
    "DueBasis",
    "DueRule",
    "Escalation",
    "Event",
    "EventType",
    "EvidenceItem",
    "Jurisdiction",
    "Language",
    "NodeKind",
    "Number",
    "Parties",
    "Party",
    "PartyForm",
    "PartySize",
    "PaymentNode",
    "Period",
    "Project",
    "ProjectInfo",
    "ProjectKind",
    "RateRow",
    "Valuation",
    "ValuationLine",
    "Variation",
]
