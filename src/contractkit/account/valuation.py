"""Measured progress payments: the bill of quantities valued period by period under the payment.monthly-progress
clause, and what each valuation certifies.

Every figure is worked out cumulatively, as the clause states it and as G702/G703 lay it out: the value of the work
done to date (each line's quantity to date × its rate, rounded as the clause says, plus materials on site), the
share of it paid, the retention and the advance recovered to date, less what the earlier certificates gave. A
valuation whose amount is below the clause's minimum (or not positive) is not certified, and its measurement is
carried into the next one. The schedule (``schedule.py``) turns each valuation into a payment node due by the
clause's period rule, so that status, interest, letters and reports treat it like any other node.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from contractkit.model.clauses import default_library, picked
from contractkit.model.models import BillItem, EventType, NodeKind, Project, Valuation
from contractkit.model.types import MINOR_UNITS, quantize

CLAUSE = "payment.monthly-progress"
ZERO = Decimal(0)


class LineRounding(StrEnum):
    """How a line's quantity × rate is brought to the currency's minor unit."""

    HALF_UP = "half-up"
    DOWN = "down"


class RetentionBasis(StrEnum):
    """Retention on the total value of work done, or on each line and added up."""

    TOTAL = "total"
    LINE = "line"


@dataclass(frozen=True)
class MeasurementTerms:
    """The monthly-progress clause's conventions for one project, in figures."""

    clause: str  # "Clause 6 (payment.monthly-progress)", or the clause id where the contract does not pick it
    picked: bool
    share: Decimal
    rounding: LineRounding
    retention_rate: Decimal  # zero unless retention is withheld from each payment (contract.retention)
    retention_basis: RetentionBasis
    retention_cap: Decimal | None  # an amount: retention_cap × the contract price, rounded
    retention_cap_share: Decimal | None
    advance: Decimal  # what the schedule's advance nodes pay
    recovery_from: Decimal  # an amount: advance_recovery_from × the contract price, rounded
    recovery_from_share: Decimal
    recovery_rate: Decimal
    minimum: Decimal | None
    review_days: int
    pay_days: int
    application_day: int

    @property
    def due_days(self) -> int:
        """Days from receipt of the application to the due date: the review period and the payment period."""
        return self.review_days + self.pay_days


@dataclass(frozen=True)
class MeasuredItem:
    """An item that can be measured: one of the bill, one a variation adds, or a variation measured as a lump sum."""

    code: str
    section: str
    description: str
    unit: str  # "" for a variation measured as a lump sum
    quantity: Decimal
    rate: Decimal
    amount: Decimal  # scheduled value: quantity × rate, rounded as the clause says
    variation: str | None  # the variation that adds it

    @property
    def lump_sum(self) -> bool:
        return self.variation is not None and self.code == self.variation


@dataclass(frozen=True)
class ItemProgress:
    """One G703 row of a valuation: an item's quantities and values to date."""

    item: MeasuredItem
    previous_quantity: Decimal
    quantity: Decimal  # done to date
    previous: Decimal  # D: value of the work done to the previous valuation
    work: Decimal  # value of the work done to date (D + E)
    materials: Decimal  # F: materials on site for the item at the end of the period
    retention: Decimal  # I: retention on the line, where it is worked out by line

    @property
    def this_quantity(self) -> Decimal:
        return self.quantity - self.previous_quantity

    @property
    def scheduled(self) -> Decimal:  # C
        return self.item.amount

    @property
    def this_period(self) -> Decimal:  # E
        return self.work - self.previous

    @property
    def to_date(self) -> Decimal:  # G = D + E + F
        return self.work + self.materials

    @property
    def balance(self) -> Decimal:  # H = C - G
        return self.scheduled - self.to_date

    @property
    def percent(self) -> Decimal:
        if not self.scheduled:
            return ZERO
        return (self.to_date / self.scheduled * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def measured(self) -> bool:
        """Anything is done or stored to date, or was before."""
        return bool(self.quantity or self.previous_quantity or self.materials)


@dataclass(frozen=True)
class ValuationResult:
    """A valuation as certified: the G703 rows by item and the G702 summary worked out from them."""

    valuation: Valuation
    number: int  # 1 for the first valuation
    rows: tuple[ItemProgress, ...]
    original_sum: Decimal  # 1: the contract price
    variations: Decimal  # 2: variations approved by the end of the period
    share: Decimal
    share_value: Decimal  # the share of the value of work done to date
    retention: Decimal  # to date, after the basis and the limit
    advance_recovered: Decimal  # to date
    previous_certified: Decimal  # the earlier certificates' total (7)
    previous_retention: Decimal  # retention to the previous certificate
    previous_advance: Decimal  # advance recovered to the previous certificate
    previous_materials: Decimal  # materials on site at the previous certificate (G703 column F then)
    certified: bool  # False: below the minimum (or not positive), carried into the next valuation
    minimum: Decimal | None
    #: The advance that can be recovered to the end of the period: the advance paid by then (an advance not paid is
    #: not recovered: the clause recovers (扣回) what was advanced), never more than the schedule's advance.
    advance_paid: Decimal = ZERO
    advance: Decimal = ZERO  # the advance the schedule pays (its advance nodes)

    @property
    def advance_unpaid(self) -> Decimal:
        """The part of the advance not paid by the end of the period, and so not recoverable in this valuation."""
        return self.advance - self.advance_paid

    @property
    def id(self) -> str:
        return self.valuation.id

    @property
    def contract_sum_to_date(self) -> Decimal:  # 3
        return self.original_sum + self.variations

    @property
    def work_to_date(self) -> Decimal:
        return sum((r.work for r in self.rows), ZERO)

    @property
    def work_this_period(self) -> Decimal:
        return sum((r.this_period for r in self.rows), ZERO)

    @property
    def materials(self) -> Decimal:
        return sum((r.materials for r in self.rows), ZERO)

    @property
    def value_to_date(self) -> Decimal:  # 4: completed and stored to date
        return self.work_to_date + self.materials

    @property
    def line_retention(self) -> Decimal:
        return sum((r.retention for r in self.rows), ZERO)

    @property
    def retention_adjustment(self) -> Decimal:
        """Retention on the total, or the limit, beyond the rows' own retention (a G703 row of its own)."""
        return self.retention - self.line_retention

    @property
    def earned(self) -> Decimal:
        """The share of the value to date, less retention and advance recovered to date."""
        return self.share_value - self.retention - self.advance_recovered

    @property
    def computed_due(self) -> Decimal:
        """What this valuation works out at before the minimum rule: earned less the earlier certificates."""
        return self.earned - self.previous_certified

    @property
    def payable(self) -> Decimal:  # 8: current payment due
        return self.computed_due if self.certified else ZERO

    @property
    def certified_to_date(self) -> Decimal:
        return self.earned if self.certified else self.previous_certified

    @property
    def retention_this_period(self) -> Decimal:
        return self.retention - self.previous_retention if self.certified else ZERO

    @property
    def advance_this_period(self) -> Decimal:
        return self.advance_recovered - self.previous_advance if self.certified else ZERO

    @property
    def balance_to_finish(self) -> Decimal:  # 9
        return self.contract_sum_to_date - self.value_to_date

    @property
    def previous_work(self) -> Decimal:  # G703 column D in total: the work done to the previous certificate
        return sum((r.previous for r in self.rows), ZERO)

    @property
    def previous_value(self) -> Decimal:
        """Line 4 of the previous certificate: its work done and its materials on site. Column D holds the work
        alone (materials built in since moved into this period's work), so D and F then tie to that line."""
        return self.previous_work + self.previous_materials

    def checks(self) -> list[tuple[str, bool]]:
        """The arithmetic the forms imply, each with whether it holds."""
        rows = self.rows
        return [
            (
                "G703 scheduled values add up to the contract sum to date (line 3)",
                sum((r.scheduled for r in rows), ZERO) == self.contract_sum_to_date,
            ),
            (
                "G703 completed and stored to date adds up to line 4",
                sum((r.to_date for r in rows), ZERO) == self.value_to_date,
            ),
            (
                "G703 retention (with the row for the total or the limit) adds up to the retention to date",
                self.line_retention + self.retention_adjustment == self.retention,
            ),
            (
                "G703 previous + this period adds up to the work done to date",
                sum((r.previous + r.this_period for r in rows), ZERO) == self.work_to_date,
            ),
        ]


@dataclass(frozen=True)
class Measurement:
    """The measured side of a project: its items, its valuations, and what the final account is expected to be."""

    terms: MeasurementTerms
    items: tuple[MeasuredItem, ...]
    valuations: tuple[ValuationResult, ...]
    price: Decimal
    contract_sum: Decimal  # price plus every approved variation: the final account as the file now stands
    final_retention: Decimal  # the retention on the final account, where retention is withheld

    def get(self, valuation_id: str) -> ValuationResult | None:
        return next((v for v in self.valuations if v.id == valuation_id), None)

    def item(self, code: str) -> MeasuredItem | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def certified_to_date(self) -> Decimal:
        return self.valuations[-1].certified_to_date if self.valuations else ZERO

    @property
    def retention_to_date(self) -> Decimal:
        """Retention withheld by the certified valuations."""
        last = next((v for v in reversed(self.valuations) if v.certified), None)
        return last.retention if last else ZERO

    @property
    def bill_total(self) -> Decimal:
        return sum((i.amount for i in self.items if i.variation is None), ZERO)


def _clause_label(project: Project) -> str:
    number = project.clause_number(CLAUSE)
    return f"Clause {number} ({CLAUSE})" if number else CLAUSE


def clause_values(project: Project) -> tuple[dict[str, Any], bool]:
    """The monthly-progress clause's typed parameters: the project's pick, or the clause's defaults."""
    found = picked(project, CLAUSE)
    if found is not None and found[0] == CLAUSE:
        return found[1], True
    clause = default_library().get(CLAUSE)
    assert clause is not None, "the bundled clause library has payment.monthly-progress"
    return clause.resolve({})[0], False


def measurement_terms(project: Project, *, advance: Decimal, retention_rate: Decimal) -> MeasurementTerms:
    """The conventions the account applies to valuations, read from the clause (or its stated defaults)."""
    values, chosen = clause_values(project)
    currency, price = project.contract.currency, project.contract.price
    cap_share = values.get("retention_cap")
    minimum = values.get("minimum_amount")
    return MeasurementTerms(
        clause=_clause_label(project),
        picked=chosen,
        share=values["share"],
        rounding=LineRounding(str(values["line_rounding"])),
        retention_rate=retention_rate,
        retention_basis=RetentionBasis(str(values["retention_basis"])),
        retention_cap=quantize(price * cap_share, currency) if isinstance(cap_share, Decimal) else None,
        retention_cap_share=cap_share if isinstance(cap_share, Decimal) else None,
        advance=advance,
        recovery_from=quantize(price * values["advance_recovery_from"], currency),
        recovery_from_share=values["advance_recovery_from"],
        recovery_rate=values["advance_recovery_rate"],
        minimum=minimum if isinstance(minimum, Decimal) else None,
        review_days=int(values["review_days"]),
        pay_days=int(values["pay_days"]),
        application_day=int(values["application_day"]),
    )


def line_amount(quantity: Decimal, rate: Decimal, currency: str, rounding: LineRounding) -> Decimal:
    """A line's quantity × rate, rounded to the currency's minor unit as the clause says."""
    exact = quantity * rate
    if rounding is LineRounding.DOWN:
        return exact.quantize(Decimal(1).scaleb(-MINOR_UNITS.get(currency, 2)), rounding=ROUND_DOWN)
    return quantize(exact, currency)


def _item(bill: BillItem, section: str, variation: str | None, currency: str, rounding: LineRounding) -> MeasuredItem:
    amount = line_amount(bill.quantity, bill.rate, currency, rounding)
    return MeasuredItem(bill.code, section, bill.description, bill.unit, bill.quantity, bill.rate, amount, variation)


def measured_items(project: Project, rounding: LineRounding) -> tuple[MeasuredItem, ...]:
    """The bill's items in bill order, then those of the approved variations (a variation without items is one
    lump-sum item measured by its share complete)."""
    currency = project.contract.currency
    items = [_item(b, b.section or "", None, currency, rounding) for b in project.bill]
    for variation in project.variations:
        if variation.approved_on is None:
            continue
        heading = f"{variation.id} {variation.title}"
        if variation.items:
            items += [_item(b, b.section or heading, variation.id, currency, rounding) for b in variation.items]
        else:
            items.append(
                MeasuredItem(
                    variation.id,
                    heading,
                    variation.title,
                    "",
                    Decimal(1),
                    variation.amount,
                    variation.amount,
                    variation.id,
                )
            )
    return tuple(items)


def _approved_by(project: Project, valuation: Valuation) -> tuple[Decimal, set[str]]:
    """Variations approved by the end of a valuation's period: their total and their ids."""
    ids = {v.id for v in project.variations if v.approved_on is not None and v.approved_on <= valuation.period.to}
    total = sum((v.amount for v in project.variations if v.id in ids), ZERO)
    return total, ids


def advance_paid_by(project: Project, day: dt.date, advance: Decimal) -> Decimal:
    """The advance paid on or before ``day``, up to the schedule's ``advance``: the payments the ledger records
    against an advance node, and those naming no node (the ledger applies them to the oldest debt, which the advance,
    paid before the work, is)."""
    if advance <= 0:
        return ZERO
    ids = {n.id for n in project.payment_schedule if n.kind is NodeKind.ADVANCE}
    paid = sum(
        (
            e.amount
            for e in project.events
            if e.type is EventType.PAID and e.amount is not None and e.on <= day and (e.node is None or e.node in ids)
        ),
        ZERO,
    )
    return min(advance, max(ZERO, paid))


def measure(project: Project, *, advance: Decimal, retention_rate: Decimal) -> Measurement | None:
    """Value every valuation of a measured project in file order; None for a project not paid by measurement."""
    if not project.measured:
        return None
    terms = measurement_terms(project, advance=advance, retention_rate=retention_rate)
    currency = project.contract.currency
    items = measured_items(project, terms.rounding)
    by_code = {i.code: i for i in items}
    # quantities to date carry forward from the latest valuation; the "previous" columns are the last certificate's
    latest: dict[str, Decimal] = {}
    certified_quantities: dict[str, Decimal] = {}
    certified_work: dict[str, Decimal] = {}
    certified_state = (
        ZERO,
        ZERO,
        ZERO,
        ZERO,
    )  # earned, retention, advance recovered, materials at the last certificate
    results = []
    for number, valuation in enumerate(project.valuations, start=1):
        variations, approved = _approved_by(project, valuation)
        materials: dict[str, Decimal] = {}
        current = dict(latest)
        for line in valuation.lines:
            item = by_code.get(line.item)
            if item is None:
                continue  # an unknown item: validation reports it (BOQ005)
            if line.to_date is not None:
                current[item.code] = line.to_date
            elif line.percent is not None:
                current[item.code] = item.quantity * line.percent
            if line.materials is not None:
                materials[item.code] = materials.get(item.code, ZERO) + line.materials
        rows = []
        for item in items:
            shown = item.variation is None or item.variation in approved
            quantity = current.get(item.code, ZERO)
            if not shown and not quantity and item.code not in materials:
                continue
            work = line_amount(quantity, item.rate, currency, terms.rounding)
            stored = materials.get(item.code, ZERO)
            line_retention = ZERO
            if terms.retention_rate and terms.retention_basis is RetentionBasis.LINE:
                line_retention = quantize((work + stored) * terms.retention_rate, currency)
            rows.append(
                ItemProgress(
                    item,
                    certified_quantities.get(item.code, ZERO),
                    quantity,
                    certified_work.get(item.code, ZERO),
                    work,
                    stored,
                    line_retention,
                )
            )
        value = sum((r.to_date for r in rows), ZERO)
        share_value = quantize(value * terms.share, currency)
        retention = ZERO
        if terms.retention_rate:
            if terms.retention_basis is RetentionBasis.LINE:
                retention = sum((r.retention for r in rows), ZERO)
            else:
                retention = quantize(value * terms.retention_rate, currency)
            if terms.retention_cap is not None:
                retention = min(retention, terms.retention_cap)
        recovered = ZERO
        # the clause recovers the advance up to its amount; an advance not yet paid by the end of the period is not
        # recovered (nothing was advanced): what is paid later is caught up, the figures being cumulative
        paid = advance_paid_by(project, valuation.period.to, terms.advance)
        if paid > 0:
            above = value - terms.recovery_from
            recovered = min(paid, max(ZERO, quantize(above * terms.recovery_rate, currency)))
        earned = share_value - retention - recovered
        previous_earned, previous_retention, previous_advance, previous_materials = certified_state
        due = earned - previous_earned
        certified = due > 0 and (terms.minimum is None or due >= terms.minimum)
        results.append(
            ValuationResult(
                valuation=valuation,
                number=number,
                rows=tuple(rows),
                original_sum=project.contract.price,
                variations=variations,
                share=terms.share,
                share_value=share_value,
                retention=retention,
                advance_recovered=recovered,
                previous_certified=previous_earned,
                previous_retention=previous_retention,
                previous_advance=previous_advance,
                previous_materials=previous_materials,
                certified=certified,
                minimum=terms.minimum,
                advance_paid=paid,
                advance=terms.advance,
            )
        )
        if certified:
            certified_state = (earned, retention, recovered, sum((r.materials for r in rows), ZERO))
            certified_quantities = {r.item.code: r.quantity for r in rows}
            certified_work = {r.item.code: r.work for r in rows}
        latest = current
    contract_sum = project.contract.price + sum(
        (v.amount for v in project.variations if v.approved_on is not None), ZERO
    )
    final_retention = ZERO
    if terms.retention_rate:
        final_retention = quantize(contract_sum * terms.retention_rate, currency)
        if terms.retention_cap is not None:
            final_retention = min(final_retention, terms.retention_cap)
    return Measurement(terms, items, tuple(results), project.contract.price, contract_sum, final_retention)
