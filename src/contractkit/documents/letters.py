"""Template contexts for demand letters and the case summary (templates/README.md lists every name)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from contractkit.account.account import (
    Account,
    LetterPeriod,
    NodeAccount,
    NodeState,
    letter_period,
)
from contractkit.account.claims import Notices, postponed_final
from contractkit.account.interest import InterestPeriod, compensation_payable
from contractkit.account.schedule import ScheduledNode
from contractkit.documents.common import common_context, milestone_text, party_terms
from contractkit.law import Law, law_for
from contractkit.law.base import PRICE_OWED, Debt, PreAction, is_construction
from contractkit.law.fidic import form_citations
from contractkit.law.interest import InterestTerms, Method
from contractkit.law.prc import SME_2020_KEYS, SME_COMPLAINT, sme_key, sme_keys
from contractkit.model import formatting
from contractkit.model.clauses import legal_references, picked_values
from contractkit.model.models import DemandStage, Event, EventType, NodeKind, Project

_STAGE_NAMES = {
    "zh": {
        DemandStage.REMINDER: "付款提醒函",
        DemandStage.NOTICE: "催款通知书",
        DemandStage.SUSPENSION: "暂停施工通知书",
        DemandStage.FINAL: "最后催告函",
        DemandStage.ACKNOWLEDGMENT: "对账单",
        DemandStage.DEFAULT_NOTICE: "收款方应付金额通知",
        DemandStage.NOTIFIED_SUM: "应付金额通知函",
        DemandStage.DISPUTE_REPLY: "关于付款异议的复函",
    },
    "en": {
        DemandStage.REMINDER: "payment reminder",
        DemandStage.NOTICE: "formal notice of default",
        DemandStage.SUSPENSION: "notice of suspension",
        DemandStage.FINAL: "letter before action",
        DemandStage.ACKNOWLEDGMENT: "statement of account",
        DemandStage.DEFAULT_NOTICE: "payee's notice of the sum due",
        DemandStage.NOTIFIED_SUM: "notice that the notified sum is payable",
        DemandStage.DISPUTE_REPLY: "reply to your dispute",
    },
}
_METHODS = {
    "zh": {
        "email": "电子邮件",
        "email-read-receipt": "电子邮件（附已读回执）",
        "ems": "中国邮政EMS",
        "sf-express": "顺丰速运",
        "courier": "快递",
        "registered-mail": "挂号信",
        "recorded-delivery": "签收挂号邮件",
        "hand": "专人递交（签收）",
        "notarised": "公证送达",
        "fax": "传真",
        "other": "其他方式",
    },
    "en": {
        "email": "email",
        "email-read-receipt": "email with read receipt",
        "ems": "China Post EMS",
        "sf-express": "SF Express",
        "courier": "courier",
        "registered-mail": "registered mail",
        "recorded-delivery": "recorded delivery",
        "hand": "by hand against a signed receipt",
        "notarised": "service before a notary",
        "fax": "fax",
        "other": "other means",
    },
}


def stage_name(stage: DemandStage, lang: str) -> str:
    return _STAGE_NAMES["zh" if lang == "zh" else "en"][stage]


def letter_deadline(account: Account, sent_on: dt.date, days: int, via: str | None = None) -> LetterPeriod:
    """A period of the letter's own choice (``DEADLINE_DAYS``, or the reply period of pre-action conduct): ``days``
    after the letter is delivered, or deemed delivered, at the latest, and where that day is not a working day of
    the project's calendar (a weekend, a bank holiday, a Chinese public holiday), the next working day.

    No statute or clause fixes these days, so nothing moves them but the letter: it gives the later day, as a
    deadline a creditor extends is never one the debtor can say it was given too little time by. Periods the
    contract or a statute fixes (a notice of suspension, the final date for payment) are counted as they say.
    """
    period = letter_period(account, sent_on, days, via)
    return replace(period, last_day=account.calendar.next_working_day(period.last_day))


@dataclass(frozen=True)
class SuspensionNotice:
    """How a notice of suspension for non-payment works: the notice the contract's clause (or, where the law gives
    the right, the statute) requires before work stops, counted from the notice's delivery.

    The notice of suspension states its dates from ``period``, and the formal notice's warning states the same
    rule, so that no letter names a day earlier than the clause allows.
    """

    days: int  # the notice, in days after delivery
    resume_days: int | None
    clause: bool  # the contract's clause gives the right (else a statute alone does)
    holidays_excluded: bool  # a construction-payment statute's notice: Christmas Day, Good Friday, bank holidays out
    clause_id: str | None = None  # the clause that gives it

    def period(self, account: Account, sent_on: dt.date, via: str | None = None) -> LetterPeriod:
        """The notice period of a notice of suspension sent on ``sent_on``: work may stop on its ``next_day``."""
        return letter_period(account, sent_on, self.days, via, statute=self.holidays_excluded)


def suspension_notice(account: Account) -> SuspensionNotice | None:
    """The right to suspend for non-payment as the account's terms give it, or None where there is none."""
    right = account.terms.suspension
    if right is None:
        return None
    # under a construction-payment statute the notice is the s.112 notice: s.116 leaves bank holidays out
    statute = account.terms.payment_regime is not None
    return SuspensionNotice(right.notice_days, right.resume_days, right.clause is not None, statute, right.clause)


def work_done(n: NodeAccount) -> bool:
    """Whether a node's price is the price of work done: not an advance (paid before the work), and, where the node
    depends on acceptance, accepted (or deemed accepted)."""
    if n.scheduled.node.kind is NodeKind.ADVANCE:
        return False
    return n.scheduled.node.acceptance is None or n.accepted_on is not None


def held_kind(nodes: Sequence[NodeAccount]) -> str:
    """Why the sums the nodes hold back are held: "disputed" (an objection made in time and not resolved),
    "uncertified" (left out of a certificate), "notice" (left out of the payer's payment notice under a construction
    payment regime: no certificate is issued there, and the sum notified is the one the payer must pay), "both", or
    "" where nothing is held. A letter says which: a sum a certificate left out is not one the client disputed, and
    a payment notice is not a certificate."""
    kinds: set[str] = set()
    for n in nodes:
        if not n.held:
            continue
        disputed = min(n.held, n.claim.disputed if n.claim is not None else Decimal(0))
        if disputed > 0:
            kinds.add("disputed")
        if disputed < n.held:
            kinds.add("notice" if n.claim is not None and n.claim.notices is not None else "uncertified")
    if kinds == {"notice"}:
        return "notice"
    return "both" if len(kinds) > 1 else next(iter(kinds), "")


def this_letter(e: Event, stage: DemandStage, as_of: dt.date) -> bool:
    """Whether a recorded notice is the letter being written: the ledger records a letter (``demand --record``) as a
    notice of its stage on its date, and a letter written again that day must not cite itself as an earlier one."""
    return e.type is EventType.NOTICE and e.stage is stage and e.on == as_of


def known_delivery(e: Event, as_of: dt.date) -> dt.date | None:
    """The delivery the ledger records for a letter, where it was known on ``as_of`` (a later one was not)."""
    return e.delivered_on if e.delivered_on is not None and e.delivered_on <= as_of else None


def earlier_letters(project: Project, ids: set[str], stage: DemandStage, as_of: dt.date) -> list[Event]:
    """The letters already sent on the nodes ``ids`` by the letter's date, oldest first: never the letter itself."""
    return sorted(
        (
            e
            for e in project.events
            if e.type is EventType.NOTICE
            and e.stage is not None
            and e.node in ids
            and e.on <= as_of
            and not this_letter(e, stage, as_of)
        ),
        key=lambda e: (e.on, e.node or ""),
    )


@dataclass(frozen=True)
class DemandFacts:
    """What a letter states, computed before rendering."""

    stage: DemandStage
    as_of: dt.date
    reference: str
    nodes: tuple[NodeAccount, ...]
    status: Account
    period: LetterPeriod  # the time the letter gives, from its deemed delivery
    #: The right to suspend: a notice of suspension gives it, a formal notice warns of it (None: no right)
    suspension: SuspensionNotice | None = None

    @property
    def deadline(self) -> dt.date:
        return self.period.last_day

    @property
    def debt(self) -> Debt:
        """What the letter claims, as the law's remedies ask of it: whether any price is owed, and since when; and
        what its body states that rests on a statute: the statute's payment dates, a notified sum payable in full
        (and whose notice fixed it), whether the work already stands suspended."""
        owed = [n for n in self.nodes if n.outstanding > 0]
        notified = frozenset(
            "payer" if n.claim.notices.payment_notice_valid and n.claim.notices.payment_notice is not None else "payee"
            for n in self.nodes
            if n.claim is not None and n.claim.notices is not None and n.claim.notices.pay_less_missing
        )
        return Debt(
            bool(owed),
            tuple(n.due_on for n in owed if n.due_on is not None),
            self.as_of,
            statutory_dates=any(n.due.statutory_due is not None for n in self.nodes),
            notified=notified,
            suspended=any(n.suspended for n in self.nodes),
            works_due_dates=tuple(n.due_on for n in self.works_owed() if n.due_on is not None),
        )

    def works_owed(self) -> list[NodeAccount]:
        """The owed prices that are the price of work done: not an advance, nor a node whose work has not been
        accepted where the node depends on acceptance (the priority over the works secures only those)."""
        return [n for n in self.nodes if n.outstanding > 0 and work_done(n)]

    def priority_lapsed(self) -> list[tuple[NodeAccount, dt.date]]:
        """The owed prices whose priority over the works could no longer be exercised on the letter's date
        (each with the last day it could), where the governing law gives such a priority at all."""
        law = law_for(self.status.project)
        if not law.regime(self.status.project, self.stage, self.status.terms.interest.basis).priority_right:
            return []
        lapsed = []
        for n in self.works_owed():
            end = law.priority_deadline(n.due_on) if n.due_on is not None else None
            if end is not None and end < self.as_of:
                lapsed.append((n, end))
        return lapsed


def _law_keys(project: Project, stage: DemandStage, basis: str, debt: Debt = PRICE_OWED) -> list[str]:
    """The provisions the letter relies on: the governing law's, and the incorporated conditions' sub-clauses."""
    return law_for(project).citations(project, stage, basis, debt) + form_citations(project, stage, basis)


def _clause_text(project: Project, prefix: str, lang: str) -> str:
    number = project.clause_number(prefix)
    if number is None:
        return ""
    return f"第{number}条" if lang == "zh" else f"Clause {number}"


#: English names of institutions and seats that clause defaults and Chinese contracts name in Chinese.
_ENGLISH_NAMES = {
    "中国国际经济贸易仲裁委员会": "the China International Economic and Trade Arbitration Commission",
    "上海国际经济贸易仲裁委员会": "the Shanghai International Arbitration Center",
    "深圳国际仲裁院": "the Shenzhen Court of International Arbitration",
    "北京仲裁委员会": "the Beijing Arbitration Commission",
    "上海仲裁委员会": "the Shanghai Arbitration Commission",
    "北京": "Beijing",
    "上海": "Shanghai",
    "深圳": "Shenzhen",
    "项目所在地有管辖权的人民法院": "the competent people's court at the place of the Project",
}


#: Chinese names of courts, institutions and seats that English contracts name in English.
_CHINESE_NAMES = {
    "the courts of england and wales": "英格兰及威尔士法院",
    "the courts of england": "英格兰法院",
    "the high court of justice of england and wales": "英格兰及威尔士高等法院",
    "the london court of international arbitration": "伦敦国际仲裁院",
    "lcia": "伦敦国际仲裁院",
    "the international chamber of commerce": "国际商会国际仲裁院",
    "the icc international court of arbitration": "国际商会国际仲裁院",
    "the singapore international arbitration centre": "新加坡国际仲裁中心",
    "the hong kong international arbitration centre": "香港国际仲裁中心",
    "london": "伦敦",
    "singapore": "新加坡",
    "hong kong": "香港",
    "paris": "巴黎",
    "geneva": "日内瓦",
    "stockholm": "斯德哥尔摩",
}


def _named(values: dict[str, Any], key: str, lang: str, what: str = "") -> str:
    """A parameter as the letter's language reads it: its ``_en`` twin or a known English name in English; in
    Chinese, a known Chinese name, or a name the contract gives only in a foreign language kept as written
    after ``what`` the contract agreed (合同约定的法院（the courts of ...）), never dropped into a Chinese
    sentence bare."""
    plain = str(values.get(key) or "")
    if lang == "en":
        return str(values.get(f"{key}_en") or "") or _ENGLISH_NAMES.get(plain, plain)
    if not plain or _CJK.search(plain):
        return plain
    known = _CHINESE_NAMES.get(" ".join(plain.split()).lower())
    if known is not None:
        return known
    return f"合同约定的{what}（{plain}）" if what else plain


_CJK = re.compile("[\u3400-\u9fff]")


#: The contract's own suspension clause.
SUSPENSION_CLAUSE = "suspension.non-payment"


def _suspension(facts: DemandFacts, date: Any) -> dict[str, Any]:
    """The right to suspend as the letter states it: the notice of suspension its dates, a formal notice the rule."""
    right = facts.suspension
    notice = facts.stage is DemandStage.SUSPENSION and right is not None
    return {
        # a notice may warn of suspension where there is a right to it, unless a notice of suspension has gone already;
        # and only for an unpaid price: the right (and a notice of suspension) is for overdue sums, not for the interest
        # on a price paid late
        "threaten": right is not None
        and any(n.outstanding > 0 for n in facts.nodes)
        and not any(n.suspended for n in facts.nodes),
        "notice_days": str(right.days) if right else "",
        # the statute's count leaves Christmas Day, Good Friday and bank holidays out
        "holidays_excluded": bool(right and right.holidays_excluded),
        "effective": date(facts.period.next_day) if notice else "",
        "last_day": date(facts.period.last_day) if notice else "",
        "resume_days": str(right.resume_days or "") if right else "",
        # the suspension clause has work resume once the overdue sums and the late-payment interest are paid where
        # the contract has a late-payment clause (its text names it), else on the overdue sums alone; the
        # Construction Act clause, on payment in full of the sum due
        "clause_interest": bool(
            right
            and right.clause_id == SUSPENSION_CLAUSE
            and any(facts.status.project.clause_number(c) is not None for c in LATE_PAYMENT_CLAUSES)
        ),
        # the right is the contract's suspension clause: the letter suspends what it allows, claims the costs it lists
        "own_clause": bool(right and right.clause_id == SUSPENSION_CLAUSE),
    }


def _suspension_clause(facts: DemandFacts, lang: str) -> str:
    """The clause of the contract that gives the right to suspend, as a letter names it ("" where only a statute
    gives it, or nothing does): the suspension clause, or the clause that makes the Construction Act's right a term
    of the contract where the statute may not reach the client (s.106)."""
    right = facts.suspension
    project = facts.status.project
    if right is not None and right.clause_id:
        return _clause_text(project, right.clause_id, lang)
    return _clause_text(project, SUSPENSION_CLAUSE, lang)


#: The contract's own right to terminate for non-payment: a letter's termination warning follows it where it is there.
TERMINATION_CLAUSE = "suspension.termination-for-non-payment"


def _termination(project: Project, facts: DemandFacts, lang: str) -> dict[str, Any]:
    """The contract's termination clause as a final demand states it: the clause, how long a sum must be overdue
    before the contractor may serve the clause's written demand, the period that demand gives (counted, as the
    clause says, from its delivery, and never shorter than the letter's own deadline), and whether this letter can
    be that demand (``ready``: a price has been overdue long enough on the letter's date) or when it could be.

    Empty (``clause`` "") where the contract has no such clause, the letter is not a final demand, or no price
    itself is owed (interest alone does not make the clause's "overdue sums")."""
    values = picked_values(project, TERMINATION_CLAUSE)
    number = _clause_text(project, TERMINATION_CLAUSE, lang)
    debt = facts.debt
    if facts.stage is not DemandStage.FINAL or not debt.principal:
        return {"clause": "", "route": ""}
    if values is None or not number:
        return _termination_after_suspension(project, facts, lang)
    unpaid = int(values["unpaid_days"])
    notice = int(values["notice_days"])
    owed = [n for n in facts.nodes if n.outstanding > 0 and n.due_on is not None]
    ready = any(n.days_overdue >= unpaid for n in owed)
    period = letter_period(facts.status, facts.as_of, notice)  # delivery as late as the notices clause deems it
    # the clause's period, or the letter's own deadline where that is later: the letter never gives less than either
    days, last_day = (
        (notice, period.last_day)
        if period.last_day >= facts.period.last_day
        else (
            facts.period.days,
            facts.period.last_day,
        )
    )
    earliest = min((n.due_on for n in owed if n.due_on is not None), default=None)
    from_day = earliest + dt.timedelta(days=unpaid) if earliest is not None else None
    return {
        "clause": number,
        "route": "demand",
        "unpaid_days": str(unpaid),
        "notice_days": str(notice),
        "days": str(days),
        "ready": ready,
        "last_day": formatting.date(last_day, lang) if ready else "",
        # not yet overdue long enough: the day the earliest price owed will have been overdue the clause's days
        "from": formatting.date(from_day, lang) if from_day is not None and not ready else "",
    }


#: The late-payment clauses whose interest (or charges) the suspension clause's termination paragraph adds to the
#: overdue sums that must be paid.
LATE_PAYMENT_CLAUSES = (
    "penalty.late-payment-interest",
    "penalty.late-payment-annual-rate",
    "penalty.late-payment-lpr",
    "penalty.financing-charges",
)


def _termination_after_suspension(project: Project, facts: DemandFacts, lang: str) -> dict[str, Any]:
    """The suspension clause's termination paragraph, where the contract has no termination clause of its own: the
    contractor may terminate by written notice once work has stood suspended under the clause for ``terminate_days``
    and the overdue sums are still unpaid. The letter warns under it (not under the statute after its own period):
    ``suspended_on`` the day the first notice of suspension for a node claimed was sent ("" where none has been:
    the letter then says the clause requires a suspension first)."""
    values = picked_values(project, SUSPENSION_CLAUSE)
    number = _clause_text(project, SUSPENSION_CLAUSE, lang)
    if values is None or not number or not values.get("terminate_days"):
        return {"clause": "", "route": ""}
    sent = [x.on for n in facts.nodes for x in n.notices if x.stage is DemandStage.SUSPENSION]
    return {
        "clause": number,
        "route": "suspension",
        "terminate_days": str(int(values["terminate_days"])),
        "interest": any(project.clause_number(c) is not None for c in LATE_PAYMENT_CLAUSES),
        "suspended_on": formatting.date(min(sent), lang) if sent else "",
    }


def _dispute(project: Project, lang: str) -> dict[str, str]:
    """Where proceedings would go under the contract's dispute clause."""
    arbitration = picked_values(project, "dispute.arbitration")
    if arbitration is not None:
        return {
            "kind": "arbitration",
            "forum": _named(arbitration, "institution", lang, "仲裁机构"),
            "seat": _named(arbitration, "seat", lang),
        }
    court = picked_values(project, "dispute.court")
    if court is not None:
        return {"kind": "court", "forum": _named(court, "court", lang, "法院"), "seat": ""}
    return {"kind": "", "forum": "", "seat": ""}


def _negotiate_first(project: Project, facts: DemandFacts, lang: str) -> dict[str, str]:
    """The parts of a final demand the contract's negotiation clause keeps out of proceedings for its period.

    ``dispute.negotiation`` exempts from its negotiation period only a sum the client did not object to in writing
    before the time for paying it expired. An objection made by then (even one too late to hold the sum back from
    certification) still sends that part to negotiation first: a letter that threatened arbitration or suit on it
    "without further notice" when its own period ran out would threaten what the contract forbids. The letter says
    so, and serves as the Notice of Dispute from whose delivery the clause's days run (``negotiate_until``)."""
    values = picked_values(project, "dispute.negotiation")
    if facts.stage is not DemandStage.FINAL or values is None:
        return {"negotiate": ""}
    days = int(str(values.get("days") or 30))
    parts = []
    for n in facts.nodes:
        claim = n.claim
        objection = claim.dispute if claim is not None else None
        if objection is None or claim is None or claim.resolution is not None or n.outstanding <= 0:
            continue
        made = objection.delivered_on or objection.on
        if n.due_on is None or made > n.due_on:
            continue  # no objection before the time for paying: the clause exempts the claim from negotiation
        amount = min(objection.amount, n.outstanding) if objection.amount is not None else n.outstanding
        money = formatting.money(amount, project.contract.currency, lang)
        day = formatting.date(made, lang)
        parts.append(f"{n.id}的{money}（{day}提出）" if lang == "zh" else f"{money} of {n.id} (on {day})")
    if not parts:
        return {"negotiate": ""}
    # the clause's days from this letter's delivery (as late as the notices clause deems it), counted as the law counts
    until = letter_period(facts.status, facts.as_of, days).last_day
    return {
        "negotiate": ("、" if lang == "zh" else ", ").join(parts),
        "negotiation_days": str(days),
        "negotiate_until": formatting.date(until, lang),
    }


def demand_context(project: Project, folder: Path, facts: DemandFacts, lang: str) -> dict[str, Any]:
    """One language's context for a demand letter or the case summary."""
    cur = project.contract.currency
    refs = legal_references()

    def money(x: Decimal) -> str:
        return formatting.money(x, cur, lang)

    def date(x: dt.date | None) -> str:
        return formatting.date(x, lang) if x else ""

    terms = facts.status.terms.interest
    nodes = []
    periods = []
    outstanding = interest = compensation = paid = Decimal(0)
    daily = Decimal(0)
    amount = sum((n.amount for n in facts.nodes), Decimal(0))
    sums = sum((node_sum(n) for n in facts.nodes), Decimal(0))
    for n in facts.nodes:
        node = n.scheduled.node
        last_paid = max((p.on for p in n.payments), default=None) if n.outstanding == 0 else None
        settled = last_paid if last_paid is not None and n.due_on is not None and last_paid > n.due_on else None
        nodes.append(
            {
                "id": node.id,
                "title": node.title,
                "milestone": milestone_text(n.scheduled, lang),
                "amount": money(n.amount),
                "applied": date(n.applied_on),
                "accepted": date(n.accepted_on),
                "deemed": n.acceptance_deemed,
                "due_date": date(n.due_on),
                "days_overdue": str(n.days_overdue),
                # a price paid in full but late (the letter claims the interest on it): when, and how late
                "settled_on": date(settled) if settled else "",
                "days_late": str((settled - n.due_on).days) if settled and n.due_on else "",
                "paid": money(n.paid),
                "paid_any": n.paid > 0,
                "outstanding": money(n.outstanding),
                "outstanding_words": formatting.words(n.outstanding, cur, lang),
                # the node's arithmetic: its sum (where a resolution or a notice has fixed it at other than the
                # amount scheduled), less what was paid, is what is unpaid: the part held back in dispute and the
                # part the letter claims
                "sum": money(node_sum(n)) if node_sum(n) != n.amount else "",
                "unpaid": money(n.outstanding + n.held),
                "interest": money(n.accrued_interest),
                "applied_amount": money(n.applied_amount) if n.applied_amount is not None else "",
                "certified": money(n.claim.certified) if n.claim and n.claim.certified is not None else "",
                "certified_on": date(n.claim.certified_on) if n.claim else "",
                "certified_deemed": bool(n.claim and n.claim.certified_deemed),
                "held": money(n.held) if n.held else "",
                "held_kind": held_kind([n]),
                # under the Construction Act: the payment due date; `due_date` is then the final date for payment
                "statutory_due": date(n.due.statutory_due),
            }
        )
        outstanding += n.outstanding
        interest += n.accrued_interest
        paid += n.paid
        if n.interest:
            compensation += n.interest.compensation
            for q in n.interest.periods:
                if q.per_day:
                    rate = f"{formatting.percent(q.rate)}/日" if lang == "zh" else f"{formatting.percent(q.rate)} a day"
                else:
                    rate = (
                        f"年{formatting.percent(q.rate)}（{q.day_count}日/年）"
                        if lang == "zh"
                        else f"{formatting.percent(q.rate)} a year ({q.day_count}-day year)"
                    )
                periods.append(
                    {
                        "node": node.id,
                        "first": date(q.first),
                        "last": date(q.last),
                        "days": str(q.days),
                        "principal": money(q.principal),
                        "rate": rate,
                        "amount": money(q.amount),
                    }
                )
        daily += n.interest_per_day
    # the amounts of the project file are net of VAT; where the contract adds VAT, the debt includes it
    vat_rate = project.contract.vat
    vat = sum((n.outstanding_vat for n in facts.nodes), Decimal(0))
    claim = outstanding + vat + interest + compensation
    # each node's interest under the terms that govern its delay, as the account applied them (InterestResult.terms,
    # InterestTerms.governing): a delay that began before the SME Payment Regulations bears what applies otherwise
    groups: dict[InterestTerms, list[tuple[str, tuple[InterestPeriod, ...]]]] = {}
    for n in facts.nodes:
        if n.interest and n.interest.periods:
            groups.setdefault(n.interest.terms, []).append((n.id, n.interest.periods))
    parts = []
    for governing, node_periods in groups.items() if groups else [(terms, [])]:
        # the first day of each node's delay (the breach): the SME Payment Regulations' version in force that day
        breaches = {node: periods[0].first for node, periods in node_periods}
        text = _basis_text(project, governing, lang, describe_rate(governing, node_periods, lang), breaches)
        if len(groups) > 1:
            ids = ("、" if lang == "zh" else ", ").join(node for node, _ in node_periods)
            text += f"（{ids}）" if lang == "zh" else f" ({ids})"
        parts.append(text)
    basis_text = ("；" if lang == "zh" else "; ").join(parts)
    basis_text += compensation_note(terms, cur, lang)
    law = law_for(project)
    debt = facts.debt
    regime = law.regime(project, facts.stage, terms.basis, debt)
    law_keys = _law_keys(project, facts.stage, terms.basis, debt)
    citations = [
        {
            "cite": _directive_cite(project, refs[k], lang)
            if k in _DIRECTIVES
            # the 2025 text of the SME Payment Regulations named as revised where the 2020 text is cited beside it
            else _articles([k], lang, mark=True)
            if k.startswith("cn.sme-payment.") and any(j.startswith("cn.sme-payment-2020.") for j in law_keys)
            else _cite(refs[k], lang, by_reference=any(t.by_reference and k == t.basis for t in [terms, *groups])),
            "gist": refs[k]["gist"] if lang != "zh" else "",
        }
        for k in law_keys
    ]
    limitations = [n.limitation_on for n in facts.nodes if n.limitation_on]
    previous = []
    for e in earlier_letters(project, {n.id for n in facts.nodes}, facts.stage, facts.as_of):
        assert e.stage is not None
        previous.append(
            {
                "stage": stage_name(e.stage, lang),
                "date": date(e.on),
                "node": e.node or "",
                "via": _METHODS["zh" if lang == "zh" else "en"].get(str(e.via), "") if e.via else "",
                "tracking": e.tracking or "",
                "delivered": date(known_delivery(e, facts.as_of)),
            }
        )
    acknowledgments = [
        {
            "node": n.id,
            "date": date(a.on),
            "amount": money(a.amount) if a.amount is not None else "",
            "ref": a.ref or "",
        }
        for n in facts.nodes
        for a in n.acknowledgments
    ]
    return {
        **common_context(project, lang),
        "acknowledgments": acknowledgments,
        "doc": {"reference": facts.reference, "date": date(facts.as_of), "stage": str(facts.stage)},
        "nodes": nodes,
        "totals": {
            # the statement's Amount column: the sums scheduled, and where any node's sum is fixed at another, the
            # total of the sums fixed (so that amount less paid is the outstanding and the part held back)
            "amount": money(amount),
            "sum": money(sums) if sums != amount else "",
            "outstanding": money(outstanding),
            "outstanding_words": formatting.words(outstanding, cur, lang),
            "interest": money(interest),
            "interest_words": formatting.words(interest, cur, lang),
            "compensation": money(compensation) if compensation else "",
            "claim": money(claim),
            "claim_words": formatting.words(claim, cur, lang),
            "vat": money(vat) if vat_rate else "",
            # the letter claims VAT with the debt while the interest runs on the sums without it: said, not implied
            "net_interest": bool(vat_rate and interest and not terms.on_gross),
            # the Late Payment Act's (and the Directive's) interest runs on the debt as invoiced, VAT included
            "gross_interest": bool(vat_rate and interest and terms.on_gross),
            # the sum outstanding as invoiced, VAT included (the reminder's total)
            "gross": money(outstanding + vat),
            "gross_words": formatting.words(outstanding + vat, cur, lang),
            "vat_rate": formatting.percent(vat_rate) if vat_rate else "",
            "daily": money(daily),
            # false for a debt paid late: the letter claims the interest (and compensation) still owed on it
            "principal_due": outstanding > 0,
            # some covered price was paid in full but late: its interest is what the letter claims for it
            "late_paid": any(n["settled_on"] for n in nodes),
            # interest still running after the letter's date: only on a price still unpaid
            "continues": outstanding > 0 and terms.basis != "none",
            # false where neither the contract nor the law gives interest (a consumer owed no statutory
            # interest, no rate agreed): the letter then claims none and shows no interest line
            "accrues": terms.basis != "none",
            # costs of recovery are claimed only on a basis: the contract's clause, or the Late Payment Act's
            # s.5A (reasonable costs beyond the fixed sum) where its compensation is claimed
            "costs": bool(_clause_text(project, "penalty.recovery-costs", lang) or compensation),
            "paid": money(paid),
        },
        "periods": periods,
        "interest_basis": basis_text,
        "sme_law": _sme_law(facts.debt, lang),
        "interest_term": interest_term(terms.basis, lang),
        "clauses": {
            "payment": _clause_text(project, "payment.milestone-schedule", lang)
            or _clause_text(project, "payment.monthly-progress", lang),
            "late": _clause_text(project, "penalty.late-payment", lang)
            or _clause_text(project, "penalty.financing-charges", lang),
            "suspension": _suspension_clause(facts, lang),
            "dispute": _clause_text(project, "dispute.arbitration", lang)
            or _clause_text(project, "dispute.court", lang),
            "notices": _clause_text(project, "general.notices", lang),
            "negotiation": _clause_text(project, "dispute.negotiation", lang),
            "undisputed": _clause_text(project, "payment.undisputed-amount", lang),
            "costs": _clause_text(project, "penalty.recovery-costs", lang),
        },
        "deadline": date(facts.period.last_day),
        "deadline_days": str(facts.period.days),
        "delivered_by": date(facts.period.delivered_by),
        "law": citations,
        "suspension": _suspension(facts, date),
        "termination": _termination(project, facts, lang),
        "dispute": {**_dispute(project, lang), **_negotiate_first(project, facts, lang)},
        "regime": {**asdict(regime), "pre_action": str(regime.pre_action)},
        "priority_deadline": _priority(law, debt, regime.priority_right, lang),
        # where the letter also claims an advance or a price for work not yet done, the priority names what it covers
        "priority_scope": _priority_scope(facts, lang) if regime.priority_right else "",
        "priority_excluded": _priority_excluded(project, facts, lang),
        "priority_lapsed": "; ".join(
            (
                f"{n.id}（{date(n.due_on)}到期）：{date(end)}届满"
                if lang == "zh"
                else f"{n.id} (due {date(n.due_on)}): {date(end)}"
            )
            for n, end in facts.priority_lapsed()
        ),
        "invoices": [
            {"node": n.id, "date": date(n.invoice.invoiced_on), "ref": _ref(project, n.id, EventType.INVOICED)}
            for n in facts.nodes
            if n.invoice.invoiced_on is not None
        ],
        "limitation": date(min(limitations)) if limitations else "",
        "previous": previous,
        "enclosures": _enclosures(project, facts, lang),
        "chronology": _chronology(project, facts, lang),
        "evidence": _evidence(project, folder, facts),
        **exchange_context(project, facts, lang),
    }


def exchange_context(project: Project, facts: DemandFacts, lang: str) -> dict[str, Any]:
    """What the client answered and what it means for the letter: the contested part held back, disputes,
    broken promises, the statute's notices, and the whole account for the client to sign."""
    cur = project.contract.currency
    zh = lang == "zh"

    def money(x: Decimal) -> str:
        return formatting.money(x, cur, lang)

    def date(x: dt.date | None) -> str:
        return formatting.date(x, lang) if x else ""

    def given(e: Event) -> str:
        """The date of the client's notice, with the day it reached us where that was later: a notice is given when
        it arrives (``claims.arrived``), so one dated in time and received late is named with both."""
        if e.delivered_on is None or e.delivered_on == e.on:
            return date(e.on)
        return (
            f"{date(e.on)}（我方于{date(e.delivered_on)}收到）"
            if zh
            else f"{date(e.on)} (received {date(e.delivered_on)})"
        )

    held = sum((n.held for n in facts.nodes), Decimal(0))
    disputes = []
    broken = []
    statutory = []
    for n in facts.nodes:
        claim = n.claim
        if claim is None:
            continue
        d = claim.dispute
        if d is not None and claim.resolution is None:
            disputes.append(
                {
                    "node": n.id,
                    "title": n.scheduled.node.title,
                    "date": date(d.on),
                    "amount": money(d.amount) if d.amount is not None else "",
                    "reason": d.reason or "",
                    "ref": d.ref or "",
                    "late": claim.dispute_late,
                    # an objection is made when it arrives: sent in time and arrived late, the letter says when
                    "delivered": date(d.delivered_on) if claim.dispute_late and d.delivered_on else "",
                    "held": money(n.held) if n.held else "",
                    "undisputed": money(claim.due),
                    # under the Construction Act a dispute does not reduce the notified sum without a valid pay less
                    # notice: the sum "undisputed" is then the whole notified sum, the disputed part included
                    "notified": bool(
                        d.amount is not None
                        and claim.notices is not None
                        and claim.notices.notified_sum is not None
                        and not claim.notices.pay_less_valid
                        and claim.due >= claim.notices.notified_sum
                    ),
                    "paid": money(n.paid) if n.paid else "",
                    "remaining": money(n.outstanding),
                    "basis": calculation(project, n.scheduled, lang),
                    "applied": money(claim.scheduled),
                    "certified_deemed": claim.certified_deemed,
                    "certify_by": date(claim.certify_by),
                    "objections_by": date(claim.objections_by),
                    "accepted": date(n.accepted_on),
                    "accepted_deemed": n.acceptance_deemed,
                    # under the Construction Act `due_date` is the final date for payment, `statutory_due` the
                    # payment due date
                    "due_date": date(n.due_on),
                    "statutory_due": date(n.due.statutory_due),
                    "due_passed": n.due_on is not None and n.due_on < facts.as_of,  # "fell due", not "falls due"
                    "evidence": [
                        {"id": e.id, "title": e.title, "date": date(e.date)} for e in project.evidence if e.node == n.id
                    ],
                }
            )
        promise = claim.promise
        if promise is not None and promise.broken:
            broken.append(
                {
                    "node": n.id,
                    "made": date(promise.on),
                    "by": date(promise.by),
                    # the day promised was a rest day: the promise ran to the first working day after it
                    "until": date(promise.until) if promise.until else "",
                    "amount": money(promise.amount) if promise.amount is not None else "",
                    "ref": promise.ref or "",
                    "paid": money(promise.paid_since) if promise.paid_since else "",
                }
            )
        notices = claim.notices
        if notices is not None:
            notice = notices.payment_notice if notices.payment_notice_valid else None
            final_after = pay_less_after = None
            if facts.stage is DemandStage.DEFAULT_NOTICE:
                # this notice moves the final date by the days it is given after the payer's last day
                calendar = facts.status.calendar
                final_after = postponed_final(
                    notices.final_date,
                    notices.payment_notice_by,
                    facts.period.delivered_by,
                    calendar,
                    roll=facts.status.terms.rest_day_roll,
                )
                pay_less_after = calendar.latest_before(final_after, notices.regime.pay_less_days)
            statutory.append(
                {
                    "node": n.id,
                    "due_date": date(notices.statutory_due),
                    "final_date": date(notices.final_date),
                    # payment is late, and interest runs, from the day after the final date for payment
                    "late_from": date(notices.final_date + dt.timedelta(days=1)),
                    "notice_by": date(notices.payment_notice_by),
                    "notice": date(notice.on) if notice else "",
                    "late_notice": given(notices.payment_notice)
                    if notices.payment_notice is not None and not notices.payment_notice_valid
                    else "",
                    "notified_sum": money(notices.notified_sum) if notices.notified_sum is not None else "",
                    # what was paid of it (before or after the notice): "payable in full" is the notified sum's, and
                    # a letter must not read as claiming it again in full when part of it has been paid
                    "paid": money(n.paid) if n.paid > 0 else "",
                    "unpaid": money(n.outstanding),
                    "notified_by": _notified_by(notices, lang, project),
                    "pay_less_by": date(notices.pay_less_by),
                    "pay_less": given(notices.pay_less) if notices.pay_less is not None else "",
                    "pay_less_valid": notices.pay_less_valid,
                    "pay_less_missing": notices.pay_less_missing,
                    "title": n.scheduled.node.title,
                    "applied": date(n.applied_on),
                    "sum": money(claim.scheduled),
                    "basis": calculation(project, n.scheduled, lang),
                    "final_after": date(final_after),
                    "pay_less_by_after": date(pay_less_after),
                }
            )
    accounts, account_totals = _account_rows(facts.status, lang)
    return {
        "held": money(held) if held else "",
        "held_kind": held_kind(facts.nodes),
        "disputes": disputes,
        "broken": broken,
        "statutory": statutory,
        "notified": [entry for entry in statutory if entry["pay_less_missing"]],
        "accounts": accounts,
        "account_totals": account_totals,
        "regime_source": _regime_source(facts.status, zh),
    }


def calculation(project: Project, s: ScheduledNode, lang: str) -> str:
    """How a node's sum is calculated, in one line of the letter's language (the basis a notice must state)."""
    cur = project.contract.currency
    zh = lang == "zh"

    def money(x: Decimal) -> str:
        return formatting.money(x, cur, lang)

    node = s.node
    base = money(s.base)
    if node.share is not None:
        share, price = formatting.percent(node.share), money(project.contract.price)
        text = f"合同价款{price}的{share}即{base}" if zh else f"{share} of the Contract Sum of {price}, {base}"
    else:
        text = f"付款节点表约定的金额{base}" if zh else f"the amount of {base} the Payment Schedule fixes"
    parts = (
        (s.variations, "，加经批准的变更", ", plus approved variations of ")
        if s.variations >= 0
        else (s.variations, "，减经批准的变更", ", less approved variations of "),
        (-s.retention, "，扣留质量保证金", ", less retention of "),
        (s.released, "，加返还的质量保证金", ", plus retention released of "),
    )
    for amount, zh_words, en_words in parts:
        if amount:
            text += (zh_words if zh else en_words) + money(abs(amount))
    if s.variations or s.retention or s.released:
        text += f"，合计{money(s.payable)}" if zh else f": {money(s.payable)}"
    return text


def _regime_source(account: Account, zh: bool) -> str:
    regime = account.terms.payment_regime
    if regime is None:
        return ""
    if regime.source.startswith("Clause "):
        number = regime.source.removeprefix("Clause ").split(" ")[0]
        return f"合同第{number}条" if zh else f"Clause {number} of the Contract"
    if zh:
        return "英国《1998年建设合同计划（英格兰和威尔士）条例》"
    return "the Scheme for Construction Contracts (England and Wales) Regulations 1998"


def _notified_by(notices: Notices, lang: str, project: Project) -> str:
    """Which notice fixed the notified sum, in the letter's words: the payee's notice under s.110B, or under the
    contract's clause where the Act may not apply by statute (a client who may be a residential occupier, s.106)."""
    from contractkit.law.england import ACT_CLAUSE, construction_act_applies

    zh = lang == "zh"
    number = project.clause_number(ACT_CLAUSE)
    under = (
        "section 110B" if construction_act_applies(project) or number is None else f"Clause {number} of the Contract"
    )
    if notices.payment_notice_valid and notices.payment_notice is not None:
        day = formatting.date(notices.payment_notice.on, lang)
        return f"贵方{day}的付款通知" if zh else f"your payment notice of {day}"
    if notices.notified_by.startswith("the application"):
        return (
            "我方的付款申请，该申请视为付款通知"
            if zh
            else "our application for payment, which stands as the payment notice"
        )
    if notices.default_notice is not None and notices.notified_sum is not None:
        day = formatting.date(notices.default_notice.on, lang)
        # the payee's own notice (s.110B), never the payer's "payment notice" (付款通知) it stands in for
        under_zh = "英国《1996年住房补助、建设和重建法》第110B条" if under == "section 110B" else f"合同第{number}条"
        return f"我方{day}依{under_zh}发出的收款方应付金额通知" if zh else f"our notice of {day} under {under}"
    return ""


def node_sum(n: NodeAccount) -> Decimal:
    """The sum a node pays as the account now fixes it: the sum due and the part held back until a dispute is
    resolved (the amount scheduled, unless a resolution agreed less or a notice fixed another sum). Less what was
    paid, it is what is unpaid: the outstanding and the part held back."""
    if n.claim is None:
        return n.amount
    return n.claim.due + n.claim.held


def statement_certified(n: NodeAccount) -> Decimal:
    """The statement of account's certified-or-agreed figure for a node: the sum the account treats as due, plus
    whatever was paid towards a part held back (paid, so no longer contested). Less what was paid it is what the
    account shows outstanding."""
    due = n.claim.due if n.claim is not None else n.amount
    contested = n.claim.held if n.claim is not None else Decimal(0)
    return due + max(contested - n.held, Decimal(0))


def _account_rows(account: Account, lang: str) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Every node of the contract: applied, certified, paid, outstanding — the statement of account (对账单)."""
    cur = account.currency

    def money(x: Decimal) -> str:
        return formatting.money(x, cur, lang)

    rows = []
    applied = certified = paid = outstanding = held = vat = Decimal(0)
    for n in account.nodes:
        if not (n.requested or n.paid or n.state in (NodeState.OVERDUE, NodeState.DISPUTED)):
            continue  # nothing asked for, paid or fallen due yet: not part of the account
        vat += n.outstanding_vat  # the figures are net of VAT; what the client owes as invoiced includes it
        # the columns are the account's, so that each row and the totals add up: the sum the account treats as
        # certified or agreed (certified, deemed, notified, undisputed, or the sum asked where a node was invoiced
        # or fell due without an application), plus any disputed part since paid; less paid, it is outstanding
        cert = statement_certified(n)
        asked = n.applied_amount if n.applied_amount is not None else n.amount
        asked_on = n.applied_on or n.invoice.invoiced_on
        rows.append(
            {
                "id": n.id,
                "title": n.scheduled.node.title,
                "applied_on": formatting.date(asked_on, lang) if asked_on else "",
                "applied": money(asked) if asked_on else "",
                "certified": money(cert),
                "due_date": formatting.date(n.due_on, lang) if n.due_on else "",
                "paid": money(n.paid),
                "outstanding": money(n.outstanding),
                "held": money(n.held) if n.held else "",
            }
        )
        applied += asked if asked_on else Decimal(0)
        certified += cert
        paid += n.paid
        outstanding += n.outstanding
        held += n.held
    totals = {
        "overdue": money(account.outstanding_due),
        "overdue_words": formatting.words(account.outstanding_due, cur, lang),
        "applied": money(applied),
        "certified": money(certified) if certified else "",
        "paid": money(paid),
        "outstanding": money(outstanding),
        "outstanding_words": formatting.words(outstanding, cur, lang),
        "held": money(held) if held else "",
        "vat": money(vat) if vat else "",
        "gross": money(outstanding + vat),
        "gross_words": formatting.words(outstanding + vat, cur, lang),
    }
    return rows, totals


def _priority(law: Law, debt: Debt, applies: bool, lang: str) -> str:
    """The last day to exercise the priority over the works, where the law gives one: the earliest of the prices
    owed whose period has not yet ended."""
    if not applies:
        return ""
    dates = debt.due_dates if debt.works_due_dates is None else debt.works_due_dates
    ends = [end for due in dates if (end := law.priority_deadline(due)) is not None]
    open_ = [end for end in ends if debt.as_of is None or end >= debt.as_of]
    return formatting.date(min(open_), lang) if open_ else ""


def _priority_scope(facts: DemandFacts, lang: str) -> str:
    """The nodes whose price the priority over the works covers, where the letter claims others too ("" where it
    covers every price claimed): an advance, or a price for work not yet done, is not the price of works built."""
    owed = [n for n in facts.nodes if n.outstanding > 0]
    works = facts.works_owed()
    if len(works) == len(owed):
        return ""
    return ("、" if lang == "zh" else ", ").join(f"{n.id} {n.scheduled.node.title}" for n in works)


def _priority_excluded(project: Project, facts: DemandFacts, lang: str) -> str:
    """For the case summary: the prices a final demand claims that no priority over the works secures, though the
    law gives one for the price of construction work: an advance, or the price of work not yet done (accepted)."""
    law = law_for(project)
    final = facts.stage is DemandStage.FINAL
    if not final or not is_construction(project) or law.priority_deadline(facts.as_of) is None:
        return ""
    works = {n.id for n in facts.works_owed()}
    out = []
    for n in facts.nodes:
        if n.outstanding <= 0 or n.id in works:
            continue
        advance = n.scheduled.node.kind is NodeKind.ADVANCE
        if lang == "zh":
            out.append(f"{n.id}（{'预付款' if advance else '工作尚未完成验收'}）")
        else:
            out.append(f"{n.id} ({'an advance' if advance else 'work not yet accepted'})")
    return ("；" if lang == "zh" else "; ").join(out)


def _ref(project: Project, node_id: str, kind: EventType) -> str:
    event = next((e for e in project.events if e.type is kind and e.node == node_id), None)
    return (event.ref or "") if event else ""


def _pct(value: Decimal) -> str:
    return formatting.percent(value.normalize())


def describe_rate(terms: InterestTerms, nodes: Sequence[tuple[str, Sequence[InterestPeriod]]], lang: str) -> str:
    """The rate in words, a reference rate named with its value and the day it was read (never a table code).

    ``nodes``: each node claimed with its interest periods. A reference rate is read for each node on its own day
    (a fixed rate on the first day of its delay, the day of the breach): where the nodes' rates were read on
    different days, each node's is stated, as the engine used it."""
    zh = lang == "zh"
    if terms.method is Method.DAILY and terms.daily_rate is not None:
        return f"每日{_pct(terms.daily_rate)}" if zh else f"{_pct(terms.daily_rate)} a day"
    if terms.method is Method.ANNUAL and terms.annual_rate is not None:
        if terms.floor is not None:  # the agreed rate is below the floor the clause states: the clause's words
            return terms.describe("zh" if zh else "en")
        rate = _pct(terms.annual_rate)
        return (
            f"年利率{rate}（一年按{terms.day_count}日计）" if zh else f"{rate} a year on a {terms.day_count}-day year"
        )
    # each node's first period: the rate read for it, on its own day
    firsts = [(node, periods[0]) for node, periods in nodes if periods and periods[0].source is not None]
    if terms.method is not Method.REFERENCE or not firsts:
        return terms.describe("zh" if zh else "en")
    source = firsts[0][1].source
    assert source is not None
    every = [p for _, periods in nodes for p in periods]
    times = source.multiplier != 1
    points = (source.margin * 100).normalize()
    # the rate read for each node: one statement where every node's was read on the same day at the same value
    readings = [(node, p.source, p.rate) for node, p in firsts if p.source is not None]
    one = len({(s.on, s.reference, rate) for _, s, rate in readings}) == 1
    # fixed once for each debt on the first day of its delay (the breach), not at a half-year reference day
    at_breach = not terms.floating and terms.fixing == "breach"
    # rates read past the day the rate data is confirmed to are stated as the latest known, not as fact
    verified = source.verified_through
    unconfirmed = (
        verified is not None
        and max(p.last for p in every) > verified
        and (terms.floating or any(s.on > verified for _, s, _ in readings))
    )
    if zh:
        how = f"的{source.multiplier.normalize():f}倍" if times else ""
        how += f"加{points:f}个百分点" if source.margin else ""
        if one:
            day = formatting.date(source.on, lang)
            text = f"{day}{'（逾期之日）' if at_breach else ''}适用的{source.title_zh}{_pct(source.reference)}{how}"
            text += f"，即年利率{_pct(firsts[0][1].rate)}（一年按{terms.day_count}日计"
        else:
            each = "；".join(
                f"{node}为{formatting.date(s.on, lang)}{'起' if terms.floating else ''}适用的{_pct(s.reference)}，"
                f"即年利率{_pct(rate)}"
                for node, s, rate in readings
            )
            when = "各付款节点逾期之日" if at_breach else "各付款节点"
            text = f"{when}适用的{source.title_zh}{how}：{each}（一年按{terms.day_count}日计"
        if terms.floating and terms.fixing == "semester":
            # the engine fixes the rate per half-year: the rate in force on 1 January or 1 July, for that half-year
            text += "，每半年按当年1月1日或7月1日适用的该利率重新确定，在该半年内不变）"
        elif terms.floating:
            text += "，此后随该利率调整分段计算）"
        elif at_breach:
            text += "；利率于逾期之日确定，此后该利率的调整不影响计算）"
        else:
            text += "，此后不变）"
        text += "，按月复利" if terms.compound_monthly else ""
        if unconfirmed and verified is not None:
            cut = formatting.date(verified, lang)
            if terms.floating:
                text += f"（利率按截至{cut}已公布的数据计算；此后如有调整，以调整后的利率为准）"
            else:
                # the rate is fixed on the day stated: what is unconfirmed is the rate in force that day, not a change
                text += (
                    f"（利率按截至{cut}已公布的数据计算；如上述日期实际适用的{source.title_zh}与此不同，以该日实际适用的"
                    "利率为准）"
                )
        return text
    how = f"{source.multiplier.normalize():f} times " if times else ""
    plus = f" plus {points:f} percentage points" if source.margin else ""
    if one:
        day = formatting.date(source.on, lang)
        text = f"{how}{'' if times else 'the '}{source.title_en} of {_pct(source.reference)} in force on {day}"
        text += " (the first day of the delay)" if at_breach else ""
        text += f"{plus}, that is {_pct(firsts[0][1].rate)} a year on a {terms.day_count}-day year"
    else:
        each = "; ".join(
            f"{node}: {_pct(s.reference)} in force on {formatting.date(s.on, lang)}, that is {_pct(rate)} a year"
            for node, s, rate in readings
        )
        when = " on the first day of each node's delay" if at_breach else " for each node"
        text = f"{how}{'' if times else 'the '}{source.title_en} in force{when}{plus} ({each}), on a "
        text += f"{terms.day_count}-day year"
    if terms.floating and terms.fixing == "semester":
        text += (
            ", reset each half-year to that rate as in force on 1 January or 1 July and unchanged for the rest of that "
            "half-year"
        )
    elif terms.floating:
        text += ", following each change of that rate"
    elif at_breach:
        text += ", fixed on the first day of the delay and not affected by later changes of that rate"
    else:
        text += ", fixed for the debt"
    text += ", compounded monthly" if terms.compound_monthly else ""
    if unconfirmed and verified is not None:
        cut = formatting.date(verified, lang)
        if terms.floating:
            text += f" (the rate as published up to {cut}; should it have changed since, the changed rate applies)"
        else:
            text += (
                f" (the rate as published up to {cut}; should the rate in force on the day stated have been different, "
                "that rate applies)"
            )
    return text


def compensation_note(terms: InterestTerms, currency: str, lang: str) -> str:
    """Why a statute's fixed compensation is left out where the debt is in another currency than the statute's: the
    letter's totals are in the contract's currency alone, and the sum is never claimed as that many of its units."""
    if terms.compensation is None or compensation_payable(terms, currency):
        return ""
    zh = lang == "zh"
    if terms.compensation == "uk":
        what = (
            "该法规定的固定补偿金以英镑确定（按以英镑计的债务金额分为40英镑、70英镑或100英镑），其英镑金额档次不适用于以"
            f"{currency}计的债务"
            if zh
            else "the Act fixes the compensation in pounds sterling (GBP 40, 70 or 100 by the size of a debt in "
            f"pounds), and those thresholds in GBP are not applied to amounts in {currency}"
        )
    else:
        what = (
            "固定补偿金以欧元确定（至少40欧元）" if zh else "the fixed compensation is fixed in euro (at least EUR 40)"
        )
    if zh:
        return (
            f"。{what}，而本合同债务以{currency}计，故本函不将其按{currency}主张，也不计入以{currency}计的合计金额；"
            "我方保留就此主张的权利"
        )
    return (
        f". No fixed compensation is claimed in this letter: {what}; as the debt is in {currency}, it is neither "
        f"claimed as {currency} nor added to the totals in {currency}; we reserve our right to it"
    )


def interest_term(basis: str, lang: str) -> str:
    """What the letter calls the money for late payment: the contract's own term where a clause provides it
    (逾期付款违约金, or FIDIC's financing charges), interest where the law does (逾期利息)."""
    if lang != "zh":
        return "financing charges" if basis == "clause:penalty.financing-charges" else "interest"
    if basis == "clause:penalty.financing-charges":
        return "延期付款融资费用"
    return "逾期付款违约金" if basis.startswith("clause:") else "逾期利息"


def _cite(reference: dict[str, str], lang: str, *, by_reference: bool = False) -> str:
    """A citation in the letter's language; one that governs another kind of contract and reaches this one only by
    reference says so (参照 / applied by reference)."""
    cite = reference["zh" if lang == "zh" else "en"]
    if not by_reference:
        return cite
    return f"参照{cite}" if lang == "zh" else f"{cite}, applied by reference (the Contract is not a contract of sale)"


#: A directive binds the member states, not the debtor: a letter claims under the law that gives effect to it.
_DIRECTIVES = frozenset({"eu.late-payment-directive"})

_GOVERNING_NAMES = {
    "PRC": ("中华人民共和国法律", "the laws of the People's Republic of China"),
    "England and Wales": ("英格兰和威尔士法律", "the law of England and Wales"),
}


def governing_law_name(project: Project, lang: str) -> str:
    """The law the contract's governing-law clause names, as that clause words it ("" where there is none)."""
    values = picked_values(project, "general.governing-law")
    if values is None:
        return ""
    law = str(values.get("law") or "")
    if law in _GOVERNING_NAMES:
        return _GOVERNING_NAMES[law][0 if lang == "zh" else 1]
    zh = str(values.get("law_other") or "")
    en = str(values.get("law_other_en") or "") or zh
    return zh if lang == "zh" else en


def _directive_cite(project: Project, reference: dict[str, str], lang: str) -> str:
    """A directive cited as what it is: the governing member-state law claims under it, giving effect to it."""
    cite = reference["zh" if lang == "zh" else "en"]
    name = governing_law_name(project, lang)
    if lang == "zh":
        law = f"合同适用的法律（{name}）" if name else "合同适用的成员国法律"
        return f"{law}中转化实施{cite}的规定"
    law = f"the law governing the contract ({name})" if name else "the law of the member state governing the contract"
    return f"{law}, which gives effect to {cite}"


def _articles(keys: Sequence[str], lang: str, mark: bool = False) -> str:
    """Articles of one or more texts in one phrase, each text named once: 《条例》第九条、第十七条 / Articles 9 and
    17 of the Regulations (the citations of a text end in its article: 第X条; start with it: Article X of)."""
    refs = legal_references()
    groups: dict[str, list[str]] = {}
    # beside the 2020 text of the SME Payment Regulations, the 2025 text is named as revised, so that each is told
    versions = mark or any(k.startswith("cn.sme-payment-2020.") for k in keys)
    for key in keys:
        cite = refs[key]["zh" if lang == "zh" else "en"]
        if versions and key.startswith("cn.sme-payment."):
            cite = (
                cite.replace("》", "》（2025年3月17日国务院令第802号修订）", 1)
                if lang == "zh"
                else cite + " (as revised by State Council Order No. 802 of 2025)"
            )
        if lang == "zh":
            cut = cite.rindex("第")
            groups.setdefault(cite[:cut], []).append(cite[cut:])
        else:
            article, _, text = cite.partition(" of ")
            groups.setdefault(text, []).append(article.removeprefix("Article "))
    if lang == "zh":
        return "及".join(text + "、".join(arts) for text, arts in groups.items())
    out = []
    for text, arts in groups.items():
        numbers = arts[0] if len(arts) == 1 else ", ".join(arts[:-1]) + " and " + arts[-1]
        out.append(f"{'Article' if len(arts) == 1 else 'Articles'} {numbers} of {text}")
    return " and ".join(out)


def _sme_law(debt: Debt, lang: str) -> dict[str, str]:
    """The SME Payment Regulations as a notice or final demand relies on them: the duties to pay in time and to pay
    interest in the version in force when each payment fell late, the complaint in the one in force on the letter's
    date (law/prc.py ``sme_key``)."""
    breaches = [due + dt.timedelta(days=1) for due in debt.due_dates]
    duties = sme_keys("cn.sme-payment.9", breaches) + sme_keys("cn.sme-payment.17", breaches)
    duties = [k for k in duties if k.startswith("cn.sme-payment-2020.")] + [
        k for k in duties if not k.startswith("cn.sme-payment-2020.")
    ]
    complaint = sme_key(SME_COMPLAINT, debt.as_of) or SME_COMPLAINT
    one_text = {k.startswith("cn.sme-payment-2020.") for k in [*duties, complaint]}
    if len(one_text) == 1:
        # the complaint's article in the text just named
        article = legal_references()[complaint]["zh" if lang == "zh" else "en"]
        same = (
            "该条例" + article[article.rindex("第") :]
            if lang == "zh"
            else article.partition(" of ")[0] + " of those Regulations"
        )
    else:
        same = _articles([complaint], lang, mark=True)
    return {"duties": _articles(duties, lang), "complaint": same}


def _basis_text(
    project: Project,
    terms: InterestTerms,
    lang: str,
    described: str,
    breaches: dict[str, dt.date] | None = None,
) -> str:
    basis = terms.basis
    if basis in SME_2020_KEYS and breaches:
        # the SME Payment Regulations' interest in the version in force on each node's first day of delay
        versions: dict[str, list[str]] = {}
        for node, day in breaches.items():
            versions.setdefault(sme_key(basis, day) or basis, []).append(node)
        if len(versions) > 1:
            sep = "、" if lang == "zh" else ", "
            parts = [
                f"{_articles([key], lang, mark=True)}（{sep.join(nodes)}）"
                if lang == "zh"
                else f"{_articles([key], lang, mark=True)} ({sep.join(nodes)})"
                for key, nodes in versions.items()
            ]
            cites = "、".join(parts) if lang == "zh" else " and ".join(parts)
        else:
            cites = _articles(list(versions), lang)
        return f"依据{cites}，{described}" if lang == "zh" else f"under {cites}: {described}"
    if basis.startswith("clause:"):
        number = project.clause_number(basis.removeprefix("clause:"))
        if lang == "zh":
            return f"按合同第{number}条约定，{described}"
        if basis == "clause:penalty.financing-charges":
            # the letter's tables say "interest"; the contract's term, which the Chinese text uses throughout
            # (延期付款融资费用), is named where the basis is stated
            return (
                f"financing charges under Clause {number} of the Contract, called interest in this letter: {described}"
            )
        return f"under Clause {number} of the Contract: {described}"
    if basis == "none":
        return "合同未约定逾期付款利率" if lang == "zh" else "the Contract sets no rate for late payment"
    cite = legal_references()[basis]["zh" if lang == "zh" else "en"]
    if basis in _DIRECTIVES:
        cite = _directive_cite(project, legal_references()[basis], lang)
    if terms.by_reference:
        if lang == "zh":
            return f"参照{cite}，{described}"
        return f"applying {cite} by reference (the Contract is not a contract of sale): {described}"
    return f"依据{cite}，{described}" if lang == "zh" else f"under {cite}: {described}"


def _enclosures(project: Project, facts: DemandFacts, lang: str) -> list[str]:
    zh = lang == "zh"
    out: list[str] = []
    ids = {n.id for n in facts.nodes}
    if facts.stage is DemandStage.FINAL:
        out.append(
            f"合同（编号：{project.contract.number}）付款及争议解决条款节选"
            if zh
            else f"Extract of Contract No. {project.contract.number}: payment and dispute clauses"
        )
        regime = law_for(project).regime(project, facts.stage, facts.status.terms.interest.basis)
        if regime.pre_action is PreAction.DEBT_PROTOCOL:
            out.append(
                "债务信息说明、答复表及财务状况表"
                if zh
                else "Information sheet, reply form and financial statement (Pre-Action Protocol for Debt Claims)"
            )
    for e in sorted(project.events, key=lambda e: e.on):
        if e.node not in ids or e.on > facts.as_of:
            continue
        when = formatting.date(e.on, lang)
        ref = f"（{e.ref}）" if zh and e.ref else (f" ({e.ref})" if e.ref else "")
        if e.type is EventType.APPLIED:
            out.append(f"{e.node}付款申请，{when}{ref}" if zh else f"Application for payment {e.node}, {when}{ref}")
        elif e.type is EventType.ACCEPTANCE_REQUESTED:
            out.append(f"{e.node}验收通知，{when}{ref}" if zh else f"Request for acceptance {e.node}, {when}{ref}")
        elif e.type is EventType.ACCEPTED:
            out.append(f"{e.node}验收记录，{when}{ref}" if zh else f"Acceptance record {e.node}, {when}{ref}")
        elif e.type is EventType.INVOICED:
            out.append(f"{e.node}发票，{when}{ref}" if zh else f"Invoice {e.node}, {when}{ref}")
        elif e.type is EventType.ACKNOWLEDGED:
            out.append(f"贵方确认欠款的函件，{when}{ref}" if zh else f"Your acknowledgment of the debt, {when}{ref}")
    if facts.stage is DemandStage.DISPUTE_REPLY:
        # the evidence the reply relies on for each disputed node goes with it
        disputed = {n.id for n in facts.nodes if n.claim is not None and n.claim.dispute is not None}
        for item in project.evidence:
            if item.node in disputed:
                when = f"，{formatting.date(item.date, lang)}" if zh and item.date else ""
                when = when or (f", {formatting.date(item.date, lang)}" if item.date else "")
                out.append(f"{item.id} {item.title}{when}")
    for n in facts.nodes:
        if n.acceptance_deemed and n.accepted_on:
            when = formatting.date(n.accepted_on, lang)
            out.append(
                f"{n.id}视为验收合格的说明（验收期限于{when}届满）"
                if zh
                else f"Note of deemed acceptance of {n.id} (review period ended {when})"
            )
    if facts.stage is DemandStage.FINAL:
        out.append("付款证明材料清单" if zh else "Evidence index")
        for e in earlier_letters(project, ids, facts.stage, facts.as_of):
            assert e.stage is not None  # earlier_letters gives letters only
            when = formatting.date(e.on, lang)
            proof = ""
            known = known_delivery(e, facts.as_of)
            if known is not None:
                delivered = formatting.date(known, lang)
                proof = f"，{delivered}送达" if zh else f", delivered {delivered}"
            if e.tracking:
                proof += f"，单号{e.tracking}" if zh else f", tracking {e.tracking}"
            out.append(
                f"{stage_name(e.stage, lang)}，{when}{proof}"
                if zh
                else f"{stage_name(e.stage, lang).capitalize()} of {when}{proof}"
            )
    return [f"{i}. {text}" for i, text in enumerate(out, start=1)]


def _chronology(project: Project, facts: DemandFacts, lang: str) -> list[dict[str, str]]:
    zh = lang == "zh"
    rows: list[tuple[dt.date, str]] = [
        (
            project.contract.signed_on,
            f"签订合同（编号：{project.contract.number}）" if zh else f"Contract No. {project.contract.number} signed",
        )
    ]
    ids = {n.id for n in facts.nodes}
    client = party_terms(project.project.kind, "zh").client
    names_zh = {
        EventType.ACCEPTANCE_REQUESTED: "提请验收",
        EventType.APPLIED: "提交付款申请",
        EventType.ACCEPTED: "验收合格",
        EventType.INVOICED: "开具发票",
        EventType.PAID: "收到付款",
        EventType.ACKNOWLEDGED: f"{client}确认欠款",
        EventType.REJECTED: f"{client}书面提出验收不合格",
        EventType.CERTIFIED: f"{client}确认（核定）付款金额",
        EventType.DISPUTED: f"{client}对付款金额提出异议",
        EventType.RESOLVED: "争议部分经协商解决",
        EventType.PROMISED: f"{client}承诺付款",
        EventType.PAYMENT_NOTICE: f"{client}发出付款通知",
        EventType.PAY_LESS_NOTICE: f"{client}发出少付通知",
        EventType.DEFAULT_NOTICE: "我方发出收款方应付金额通知",
    }
    names_en = {
        EventType.ACCEPTANCE_REQUESTED: "acceptance requested",
        EventType.APPLIED: "application for payment submitted",
        EventType.ACCEPTED: "work accepted",
        EventType.INVOICED: "invoice issued",
        EventType.PAID: "payment received",
        EventType.ACKNOWLEDGED: "debt acknowledged by the client",
        EventType.REJECTED: "work rejected by the client",
        EventType.CERTIFIED: "amount certified",
        EventType.DISPUTED: "amount disputed by the client",
        EventType.RESOLVED: "disputed part resolved",
        EventType.PROMISED: "payment promised by the client",
        EventType.PAYMENT_NOTICE: "payment notice given by the client",
        EventType.PAY_LESS_NOTICE: "pay less notice given by the client",
        EventType.DEFAULT_NOTICE: "our notice of the sum due (section 110B)",
    }
    for e in project.events:
        if e.on > facts.as_of or (e.node and e.node not in ids) or this_letter(e, facts.stage, facts.as_of):
            continue  # the letter itself is the last row
        amount = formatting.money(e.amount, project.contract.currency, lang) if e.amount else ""
        if e.type is EventType.NOTICE and e.stage is not None:
            via = _METHODS["zh" if zh else "en"].get(str(e.via), "") if e.via else ""
            text = f"发出{stage_name(e.stage, lang)}" + (
                f"（{via}" + (f"，单号{e.tracking}" if e.tracking else "") + "）" if via else ""
            )
            if not zh:
                text = (
                    f"{stage_name(e.stage, lang).capitalize()} sent"
                    + (f" by {via}" if via else "")
                    + (f", tracking {e.tracking}" if e.tracking else "")
                )
            known = known_delivery(e, facts.as_of)
            if known is not None:
                text += f"，{formatting.date(known, lang)}送达" if zh else f", delivered {formatting.date(known, lang)}"
        else:
            label = (names_zh if zh else names_en)[e.type]
            text = f"{e.node or ''}{label}" if zh else f"{e.node}: {label}" if e.node else label.capitalize()
            if amount:
                text += f" {amount}"
        if e.ref:
            text += f"（{e.ref}）" if zh else f" ({e.ref})"
        rows.append((e.on, text))
    for n in facts.nodes:
        if n.acceptance_deemed and n.accepted_on:
            rows.append((n.accepted_on, f"{n.id}验收期限届满，视为验收合格" if zh else f"{n.id}: deemed accepted"))
        elif n.accepted_on is None and n.acceptance.clock_start is not None:
            ends = n.acceptance.clock_start
            rows.append(
                (
                    ends,
                    f"{n.id}验收期限届满，付款期限自该日起算"
                    if zh
                    else f"{n.id}: review period ended; the payment period runs from it",
                )
            )
        if n.due.statutory_due is not None:
            # the Construction Act: the sum becomes due on the payment due date and is late after the final date
            rows.append((n.due.statutory_due, f"{n.id}应付日" if zh else f"{n.id}: payment due date"))
            if n.due_on:
                rows.append((n.due_on, f"{n.id}最终付款日届满" if zh else f"{n.id}: final date for payment"))
        elif n.due_on:
            rows.append((n.due_on, f"{n.id}付款期限届满" if zh else f"{n.id}: payment due"))
    rows.append(
        (
            facts.as_of,
            f"发出{stage_name(facts.stage, lang)}" if zh else f"{stage_name(facts.stage, lang).capitalize()} issued",
        )
    )
    return [{"date": formatting.date(day, lang), "event": text} for day, text in sorted(rows, key=lambda r: r[0])]


def _evidence(project: Project, folder: Path, facts: DemandFacts) -> list[dict[str, str]]:
    ids = {n.id for n in facts.nodes}
    rows = []
    for item in project.evidence:
        if item.node not in ids:
            continue
        digest = ""
        if item.file:
            path = (folder / item.file).resolve()
            if path.is_relative_to(folder.resolve()) and path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
        rows.append({"id": item.id, "title": item.title, "file": item.file or "", "sha256": digest})
    return rows
