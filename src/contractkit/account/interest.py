"""Late-payment interest: calculators that apply the interest terms to balances and show their working.

Conventions (REFERENCE.md's worked examples): simple interest unless the terms compound; days are counted
from the day after the due date up to and including the day of payment (or the as-of date); each period
of constant balance and rate is rounded half-up to the currency's minor unit, and the total is the sum of
the rounded periods, so that every figure a letter prints adds up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from contractkit.law.interest import InterestTerms, Method
from contractkit.law.rates import RateTable, rate_table
from contractkit.model.models import Project
from contractkit.model.types import add_months, quantize

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class RateSource:
    """Where a period's annual rate comes from: a reference rate on a day, times a multiplier, plus a margin."""

    table: str
    title_zh: str
    title_en: str
    reference: Decimal  # the reference rate itself, as a fraction
    on: dt.date  # the day it was read
    multiplier: Decimal
    margin: Decimal
    floored: bool  # the rate is the floor, not the reference rate's
    verified_through: dt.date | None = None  # the table's rates are confirmed up to this day


@dataclass(frozen=True)
class InterestPeriod:
    """Days of constant balance and rate: first and last day counted, both inclusive."""

    first: dt.date
    last: dt.date
    days: int
    principal: Decimal
    rate: Decimal  # per day for DAILY, else per year
    per_day: bool
    day_count: int
    amount: Decimal  # rounded to the minor unit
    note: str = ""
    source: RateSource | None = None  # for a reference rate: which rate, read on which day


@dataclass(frozen=True)
class InterestResult:
    terms: InterestTerms
    periods: tuple[InterestPeriod, ...]
    interest: Decimal
    compensation: Decimal = Decimal(0)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> Decimal:
        return self.interest + self.compensation


@dataclass(frozen=True)
class Balance:
    """Principal owing from the day after ``start`` up to and including ``end``."""

    start: dt.date
    end: dt.date
    principal: Decimal


#: The currency each statute fixes its compensation in: the Late Payment Act in pounds, the Directive in euro.
COMPENSATION_CURRENCY = {"uk": "GBP", "eu": "EUR"}


def compensation_payable(terms: InterestTerms, currency: str) -> bool:
    """Whether the statute's fixed compensation can be claimed in the debt's ``currency``: only in the currency the
    statute fixes it in (a debt in another currency is not owed "40" of its own units, and the Late Payment Act's
    thresholds in pounds say nothing of amounts in dollars)."""
    return terms.compensation is not None and COMPENSATION_CURRENCY.get(terms.compensation) == currency


def uk_fixed_compensation(debt: Decimal) -> Decimal:
    """Late Payment Act fixed sum: £40 under £1,000, £70 under £10,000, £100 from £10,000."""
    if debt < 1000:
        return Decimal(40)
    if debt < 10000:
        return Decimal(70)
    return Decimal(100)


def uk_reference_day(first_day: dt.date) -> dt.date:
    """The rate in force on 31 December fixes interest that starts to run in January-June, on 30 June interest
    that starts in July-December (SI 2002/1675 art. 4): the half-year of the first day interest runs."""
    return dt.date(first_day.year - 1, 12, 31) if first_day.month <= 6 else dt.date(first_day.year, 6, 30)


def _split(balances: Sequence[Balance], cuts: Sequence[dt.date]) -> list[Balance]:
    """Split balances so that each ``cut`` day starts a new piece."""
    out: list[Balance] = []
    for b in balances:
        start = b.start
        for cut in sorted(c for c in cuts if b.start + ONE_DAY < c <= b.end):
            out.append(Balance(start, cut - ONE_DAY, b.principal))
            start = cut - ONE_DAY
        out.append(Balance(start, b.end, b.principal))
    return out


def accrue(
    terms: InterestTerms,
    balances: Sequence[Balance],
    currency: str,
    project: Project,
    *,
    due: dt.date,
) -> InterestResult:
    """Interest over balances (already cut at each payment) under ``terms``: those that govern a delay that began
    the day after ``due`` (``InterestTerms.governing``), which the result carries."""
    terms = terms.governing(due + ONE_DAY)
    balances = [b for b in balances if b.end > b.start and b.principal > 0]
    warnings: list[str] = []
    if terms.method is Method.NONE or not balances:
        return InterestResult(terms, (), Decimal(0))
    periods: list[InterestPeriod] = []
    if terms.method is Method.DAILY:
        assert terms.daily_rate is not None
        for b in balances:
            days = (b.end - b.start).days
            amount = quantize(b.principal * terms.daily_rate * days, currency)
            periods.append(
                InterestPeriod(b.start + ONE_DAY, b.end, days, b.principal, terms.daily_rate, True, 0, amount)
            )
    elif terms.method is Method.ANNUAL:
        assert terms.annual_rate is not None
        for b in balances:
            periods.append(_annual_period(b, terms.annual_rate, terms.day_count, currency))
    else:
        table = rate_table(project, terms.table or "")
        periods, warnings = _reference_periods(terms, table, balances, currency, due)
    interest = sum((p.amount for p in periods), Decimal(0))
    compensation = Decimal(0)
    if terms.compensation is not None and not compensation_payable(terms, currency):
        # the statute fixes the sum in its own currency: never that many units of another, nor its thresholds
        # compared with amounts in another currency
        warnings.append(
            f"the fixed compensation is fixed in {COMPENSATION_CURRENCY[terms.compensation]} and the debt is in "
            f"{currency}: it is not claimed (nor added to the {currency} totals)"
        )
    elif terms.compensation == "uk":
        compensation = uk_fixed_compensation(balances[0].principal)
    elif terms.compensation == "eu":
        compensation = Decimal(40)
    return InterestResult(terms, tuple(periods), interest, compensation, tuple(warnings))


def _annual_period(
    b: Balance, rate: Decimal, day_count: int, currency: str, note: str = "", source: RateSource | None = None
) -> InterestPeriod:
    days = (b.end - b.start).days
    amount = quantize(b.principal * rate * days / day_count, currency)
    return InterestPeriod(b.start + ONE_DAY, b.end, days, b.principal, rate, False, day_count, amount, note, source)


def _reference_periods(
    terms: InterestTerms, table: RateTable, balances: Sequence[Balance], currency: str, due: dt.date
) -> tuple[list[InterestPeriod], list[str]]:
    """Periods at a reference rate: fixed once, or cut at each change (or each half-year), maybe compounded."""
    warnings: list[str] = []
    first = balances[0].start + ONE_DAY
    last = max(b.end for b in balances)
    # the last day the table is read for: a fixed rate once, on its fixing day (the day after the due date, or for
    # the Late Payment Act the 30 June or 31 December before the half-year interest starts in), which may be before
    # or after the due date; a floating rate up to the last day counted (as the letters qualify the rate they state)
    fixing_day = uk_reference_day(due + ONE_DAY) if terms.fixing == "half-year" else due + ONE_DAY
    read_to = last if terms.floating else fixing_day
    if table.verified_through is not None and read_to > table.verified_through and last > table.verified_through:
        warnings.append(
            f"{table.title_en} data is confirmed only through {table.verified_through}; later changes, if any, "
            f"are not counted (add rows under rates: {{{table.name}: ...}})"
        )

    def effective(rate: Decimal) -> Decimal:
        value = rate * terms.multiplier + terms.margin
        value = max(value, terms.floor) if terms.floor is not None else value
        return max(value, Decimal(0))  # late payment never earns the debtor interest

    def label(day: dt.date, rate: Decimal) -> tuple[str, RateSource]:
        text = f"{table.name} {(rate * 100).normalize():f}% on {day}"
        floored = terms.floor is not None and rate * terms.multiplier + terms.margin < terms.floor
        if floored and terms.floor is not None:
            text += f"; below the floor of {(terms.floor * 100).normalize():f}% (the LPR at signing), so the floor"
        source = RateSource(
            table.name,
            table.title_zh,
            table.title_en,
            rate,
            day,
            terms.multiplier,
            terms.margin,
            floored,
            table.verified_through,
        )
        return text, source

    # (first day a rate applies, effective annual rate, where it comes from)
    schedule: list[tuple[dt.date, Decimal, tuple[str, RateSource]]]
    if not terms.floating:
        point = table.at(fixing_day)
        schedule = [(first, effective(point.rate), label(fixing_day, point.rate))]
    elif terms.fixing == "semester":
        starts = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in (1, 7)]
        opening = max(d for d in [*starts, dt.date(first.year, 1, 1)] if d <= first)
        schedule = [(first, effective(table.at(opening).rate), label(opening, table.at(opening).rate))]
        schedule += [(d, effective(table.at(d).rate), label(d, table.at(d).rate)) for d in starts if first < d <= last]
    else:
        schedule = [(first, effective(table.at(first).rate), label(first, table.at(first).rate))]
        schedule += [(p.start, effective(p.rate), label(p.start, p.rate)) for p in table.changes_between(first, last)]

    def rate_on(day: dt.date) -> tuple[Decimal, tuple[str, RateSource]]:
        current = schedule[0]
        for entry in schedule:
            if entry[0] <= day:
                current = entry
        return current[1], current[2]

    cuts = [day for day, _, _ in schedule[1:]]
    anniversaries: set[dt.date] = set()
    if terms.compound_monthly:
        k = 1
        while add_months(due, k) < last:
            anniversaries.add(add_months(due, k) + ONE_DAY)
            k += 1
    periods: list[InterestPeriod] = []
    capitalised = pending = Decimal(0)
    for piece in _split(balances, sorted(set(cuts) | anniversaries)):
        first_day = piece.start + ONE_DAY
        if first_day in anniversaries:
            # interest of the month just ended starts to bear interest itself
            capitalised, pending = capitalised + pending, Decimal(0)
        rate, (note, source) = rate_on(first_day)
        bearing = Balance(piece.start, piece.end, piece.principal + capitalised)
        period = _annual_period(bearing, rate, terms.day_count, currency, note, source)
        pending += period.amount
        periods.append(period)
    return periods, warnings


def rate_below_lpr_at_signing(project: Project, terms: InterestTerms) -> tuple[Decimal, Decimal] | None:
    """(agreed annual equivalent, 1-year LPR at signing) when the agreed rate is lower (SME Regulations art. 17)."""
    if not terms.basis.startswith("clause:"):
        return None
    signed = project.contract.signed_on
    lpr = rate_table(project, "lpr-1y").at(signed).rate
    if terms.method is Method.DAILY and terms.daily_rate is not None:
        agreed = terms.daily_rate * 365
    elif terms.method is Method.ANNUAL and terms.annual_rate is not None:
        agreed = terms.annual_rate
    elif terms.method is Method.REFERENCE and terms.table == "lpr-1y":
        agreed = lpr * terms.multiplier + terms.margin
    else:
        return None
    return (agreed, lpr) if agreed < lpr else None
