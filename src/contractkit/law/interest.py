"""What governs interest on a late payment: the method, the rate and where it comes from.

The contract's late-payment clause sets these terms; where the contract is silent, the governing law's
statutory default does (each jurisdiction module's ``statutory_interest``). The calculators that apply the
terms to balances live in ``contractkit.account.interest``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Method(StrEnum):
    DAILY = "daily"  # a rate per day
    ANNUAL = "annual"  # a fixed annual rate
    REFERENCE = "reference"  # a reference rate (LPR, Bank Rate, ECB) times a multiplier plus a margin
    NONE = "none"  # no agreed rate and no statutory default


class PaymentDay(StrEnum):
    """Which balance bears interest on the day of a part payment."""

    OLD_BALANCE = "old-balance"  # interest runs to the day of payment inclusive; the reduced balance from the next day
    REDUCED_BALANCE = "reduced-balance"  # the reduced balance bears interest from the day of the payment itself


def _pct(rate: Decimal | None) -> str:
    return f"{(rate or Decimal(0)) * 100:f}".rstrip("0").rstrip(".") + "%"


@dataclass(frozen=True)
class InterestTerms:
    """What governs interest on a project's late payments, and on what authority."""

    method: Method
    basis: str  # "clause:<id>" or a legal-reference key
    daily_rate: Decimal | None = None
    annual_rate: Decimal | None = None
    table: str | None = None  # reference-rate table name
    multiplier: Decimal = Decimal(1)
    margin: Decimal = Decimal(0)  # added to the reference rate (UK/EU 8 points, FIDIC 3)
    day_count: int = 365
    floating: bool = False  # reference rate follows each change (else fixed)
    fixing: str = "breach"  # breach: the day interest starts; half-year: UK 30 Jun/31 Dec; semester: EU 1 Jan/1 Jul
    compound_monthly: bool = False
    compensation: str | None = None  # "uk" or "eu" fixed compensation
    payment_day: PaymentDay = PaymentDay.OLD_BALANCE
    floor: Decimal | None = None  # an annual rate the rate may never fall below (SME Payment Regulations art. 17)
    on_gross: bool = False  # interest runs on the debt with VAT (the Late Payment Act: the invoice as issued)
    notes: tuple[str, ...] = ()
    #: The statutory basis governs another kind of contract and applies to this one only by reference (参照适用):
    #: the SPC Sales Interpretation for project work, which is not a sale. Letters and the working say so.
    by_reference: bool = False
    #: These terms govern a delay whose first day (the breach) is on or after ``since``; a delay that began before
    #: it is governed, for all its days, by ``otherwise`` (a statute's default, or a floor it puts on an agreed
    #: rate, attaches to late payments from the day the statute comes into force: PRC SME Payment Regulations,
    #: law/prc.py ``SME_REGULATIONS``). None: these terms govern every delay.
    since: dt.date | None = None
    otherwise: InterestTerms | None = None

    def governing(self, breach: dt.date) -> InterestTerms:
        """The terms that govern a delay whose first day is ``breach``."""
        if self.since is None or self.otherwise is None or breach >= self.since:
            return self
        return self.otherwise.governing(breach)

    def describe(self, lang: str = "en") -> str:
        """One line saying how interest is computed."""
        if self.method is Method.DAILY:
            rate = _pct(self.daily_rate)
            return f"{rate} a day" if lang == "en" else f"每日{rate}"
        if self.method is Method.ANNUAL:
            rate = _pct(self.annual_rate)
            if lang == "en":
                floored = ", the one-year LPR at signing: the agreed rate is below it" if self.floor is not None else ""
                return f"{rate} a year ({self.day_count}-day year{floored})"
            floored = "；约定利率低于合同签订时的一年期LPR，按该LPR计" if self.floor is not None else ""
            return f"年利率{rate}（一年按{self.day_count}日计{floored}）"
        if self.method is Method.REFERENCE:
            parts = [self.table or ""]
            if self.multiplier != 1:
                parts.append(f"x {self.multiplier.normalize():f}")
            if self.margin:
                parts.append(f"+ {(self.margin * 100).normalize():f} points")
            if self.floating and self.fixing == "semester":
                how = "reset each half-year (the rate in force on 1 January or 1 July)"
            else:
                how = "following each change" if self.floating else f"fixed ({self.fixing})"
            compounding = ", compounded monthly" if self.compound_monthly else ""
            return f"{' '.join(parts)}, {how}, {self.day_count}-day year{compounding}"
        # why the law gives none here (a consumer debtor), where the module says
        return "no agreed rate and no statutory default" + (f": {'; '.join(self.notes)}" if self.notes else "")
