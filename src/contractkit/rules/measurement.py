"""Rules on measured payments: the bill of quantities, the variations that add to it, and the monthly valuations.

A bill that does not add up to the price, a quantity measured beyond the bill, a valuation out of period order or
a rate that moved after signing is what the client's engineer will strike out of an application; each rule finds
it before the application goes in, and says by how much.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from contractkit.account.valuation import CLAUSE, MeasuredItem, line_amount
from contractkit.model.clauses import picked
from contractkit.model.findings import Finding, Severity
from contractkit.model.models import EventType, NodeKind, Valuation
from contractkit.model.types import MINOR_UNITS, format_decimal, format_percent
from contractkit.rules import Rule, RuleContext, register

ZERO = Decimal(0)


def _places(ctx: RuleContext) -> int:
    return MINOR_UNITS.get(ctx.project.contract.currency, 2)


def _money(ctx: RuleContext, amount: Decimal) -> str:
    return f"{ctx.project.contract.currency} {format_decimal(amount, _places(ctx))}"


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,f}"


def _share(part: Decimal, whole: Decimal) -> str:
    """``part`` as a percentage of a positive ``whole``; a bill quantity of a few billionths makes any excess a
    share beyond what four decimals of a percentage can hold in Decimal's 28 digits: that is said in words."""
    ratio = part / whole
    if ratio >= _LARGEST_SHARE:
        return f"more than {format_percent(_LARGEST_SHARE)}"
    return format_percent(ratio.quantize(Decimal("0.0001")))


_LARGEST_SHARE = Decimal(1_000_000)


def _items(ctx: RuleContext) -> dict[str, MeasuredItem]:
    measurement = ctx.schedule.measurement
    return {i.code: i for i in measurement.items} if measurement is not None else {}


def _clause_index(ctx: RuleContext) -> int | None:
    return next((i for i, c in enumerate(ctx.project.clauses) if c.use == CLAUSE), None)


@register
class BOQ001(Rule):
    """The bill of quantities does not add up to the contract price.

    The contract price of a measured contract is the bill's total: each item's quantity times its rate, rounded
    as the payment.monthly-progress clause says. A bill that adds up to more or less than the price means a rate,
    a quantity or the price is wrong, and every valuation's percentage and balance with it.
    """

    code = "BOQ001"
    severity = Severity.ERROR
    bad = 'contract: {price: "100,000.00"}; bill items adding up to 99,850.00'
    good = 'contract: {price: "100,000.00"}; bill items adding up to 100,000.00'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        measurement = ctx.schedule.measurement
        if measurement is None or not ctx.project.bill:
            return
        total = measurement.bill_total
        difference = ctx.project.contract.price - total
        if difference == 0:
            return
        side = "short of" if difference > 0 else "more than"
        yield self.finding(
            ctx,
            ("bill",),
            f"the bill's {len(ctx.project.bill)} items add up to {_money(ctx, total)}, "
            f"{_money(ctx, abs(difference))} {side} the contract price of {_money(ctx, ctx.project.contract.price)}",
            "correct the quantity or rate that is wrong, or the price",
        )


@register
class BOQ002(Rule):
    """A quantity measured to date is above the bill's quantity, and no variation covers it.

    A measured contract pays the quantities actually done, but the client's engineer will question any item
    measured beyond its bill quantity unless a variation covers the excess. Get the variation approved (as an
    item of its own) before applying, or expect that part to be struck out.
    """

    code = "BOQ002"
    severity = Severity.WARNING
    bad = 'bill: [{code: A1, quantity: "1,000", ...}]; valuations: [{lines: [{item: A1, to_date: "1,050"}]}]'
    good = (
        'variations: [{id: V2, items: [{code: A1-V2, quantity: "50", ...}]}]; '
        'lines: [{item: A1, to_date: "1,000"}, {item: A1-V2, to_date: "50"}]'
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        items = _items(ctx)
        for i, valuation in enumerate(ctx.project.valuations):
            for j, line in enumerate(valuation.lines):
                item = items.get(line.item)
                if item is None or item.quantity <= 0 or line.to_date is None:
                    continue  # a percentage complete is at most 100% (the model refuses more)
                done, key = line.to_date, "to_date"
                excess = done - item.quantity
                if excess <= 0:
                    continue
                share = _share(excess, item.quantity)
                worth = (excess * item.rate).quantize(Decimal(1).scaleb(-_places(ctx)))
                yield self.finding(
                    ctx,
                    ("valuations", i, "lines", j, key),
                    f"valuation {valuation.id}: item {item.code} is measured at {_quantity(done)} {item.unit} to date, "
                    f"{_quantity(excess)} {item.unit} ({share}) above its {_quantity(item.quantity)} {item.unit} "
                    f"in the bill, worth {_money(ctx, worth)}, and no variation covers the excess",
                    "have the excess approved as a variation item and measure it there",
                )


@register
class BOQ003(Rule):
    """A valuation is out of period order.

    Valuations are cumulative: each states the work done up to the end of its period, and the next one starts the
    day after. A period that ends before it starts, starts before the contract was signed, or starts on or before
    the end of the valuation listed before it makes "previous" and "this period" meaningless.
    """

    code = "BOQ003"
    severity = Severity.ERROR
    bad = (
        "valuations: [{id: V2, period: {from: 2026-04-26, to: 2026-05-25}}, {id: V3, period: {from: 2026-05-01, ...}}]"
    )
    good = (
        "valuations: [{id: V2, period: {from: 2026-04-26, to: 2026-05-25}}, {id: V3, period: {from: 2026-05-26, ...}}]"
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        previous: Valuation | None = None
        signed = ctx.project.contract.signed_on
        for i, valuation in enumerate(ctx.project.valuations):
            period = valuation.period
            if period.to < period.from_:
                yield self.finding(
                    ctx,
                    ("valuations", i, "period"),
                    f"valuation {valuation.id} ends on {period.to}, before it starts on {period.from_}",
                )
            elif period.from_ < signed:
                yield self.finding(
                    ctx,
                    ("valuations", i, "period"),
                    f"valuation {valuation.id} starts on {period.from_}, before the contract was signed on {signed}",
                )
            elif previous is not None and period.from_ <= previous.period.to:
                yield self.finding(
                    ctx,
                    ("valuations", i, "period"),
                    f"valuation {valuation.id} starts on {period.from_}, on or before the end of valuation "
                    f"{previous.id} listed before it ({previous.period.to}): valuations must follow one another",
                    f"start it on the day after {previous.period.to}, and list valuations in period order",
                )
            previous = valuation


@register
class BOQ004(Rule):
    """A line is valued at a rate other than the bill's: a rate changed after signing.

    The rates of the bill are fixed when the contract is signed; a valuation line that states another rate
    (typed over in a workbook, or certified at a new rate) changes the price without a variation. A new rate
    comes through an approved variation, as an item of its own.
    """

    code = "BOQ004"
    severity = Severity.ERROR
    bad = 'bill: [{code: A1, rate: "12.50", ...}]; lines: [{item: A1, to_date: "600", rate: "13.00"}]'
    good = 'bill: [{code: A1, rate: "12.50", ...}]; lines: [{item: A1, to_date: "600", rate: "12.50"}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        items = _items(ctx)
        signed = ctx.project.contract.signed_on
        for i, valuation in enumerate(ctx.project.valuations):
            for j, line in enumerate(valuation.lines):
                item = items.get(line.item)
                if item is None or line.rate is None or line.rate == item.rate:
                    continue
                where = f"variation {item.variation}" if item.variation else f"the bill signed on {signed}"
                yield self.finding(
                    ctx,
                    ("valuations", i, "lines", j, "rate"),
                    f"valuation {valuation.id} values item {item.code} at {format_decimal(line.rate)} a {item.unit}, "
                    f"but {where} fixes its rate at {format_decimal(item.rate)}: a rate cannot change after signing",
                    "value the line at the contract rate; a new rate needs an approved variation item",
                )


@register
class BOQ005(Rule):
    """A valuation or an evidence item names an item that is neither in the bill nor in an approved variation.

    Only the bill's items and those of approved variations have a rate the client agreed to; a line for any
    other code is money no certificate will give, and evidence for it supports nothing. (A variation measured as
    a lump sum is measured under the variation's own id.)
    """

    code = "BOQ005"
    severity = Severity.ERROR
    bad = "lines: [{item: C9, to_date: '10'}]  # no item C9"
    good = "lines: [{item: B1, to_date: '10'}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        items = _items(ctx)
        pending = {b.code: v.id for v in ctx.project.variations if v.approved_on is None for b in (v.items or [])} | {
            v.id: v.id for v in ctx.project.variations if v.approved_on is None
        }
        approved = {  # an approved variation's items (or its own id, measured as a lump sum): (variation, approved on)
            code: (v.id, v.approved_on)
            for v in ctx.project.variations
            if v.approved_on is not None
            for code in [v.id, *(b.code for b in v.items or [])]
        }
        for i, valuation in enumerate(ctx.project.valuations):
            seen: dict[str, int] = {}
            for j, line in enumerate(valuation.lines):
                if line.item in seen:
                    yield self.finding(
                        ctx,
                        ("valuations", i, "lines", j, "item"),
                        f"valuation {valuation.id} lists item {line.item} twice "
                        f"(lines {seen[line.item] + 1} and {j + 1})",
                        "keep one line per item",
                    )
                seen.setdefault(line.item, j)
                late = approved.get(line.item)
                if late is not None and late[1] > valuation.period.to:
                    yield self.finding(
                        ctx,
                        ("valuations", i, "lines", j, "item"),
                        f"valuation {valuation.id} measures item {line.item} of variation {late[0]}, approved on "
                        f"{late[1]}, after the period it values ended ({valuation.period.to}): as of that period "
                        "it had no agreed rate",
                        f"measure it in the first valuation after {late[1]}, or record the approval's true date",
                    )
                    continue
                if line.item in items:
                    continue
                if line.item in pending:
                    message = (
                        f"valuation {valuation.id} measures item {line.item} of variation {pending[line.item]}, "
                        "which is not approved"
                    )
                    hint = f"record the approval (approved_on) of {pending[line.item]}, or leave the item out"
                else:
                    message = (
                        f"valuation {valuation.id} measures item {line.item}, which is in neither the bill nor an "
                        "approved variation"
                    )
                    hint = "use a code from the bill, or add the item through an approved variation"
                yield self.finding(ctx, ("valuations", i, "lines", j, "item"), message, hint)
        for i, evidence in enumerate(ctx.project.evidence):
            if evidence.item is not None and evidence.item not in items:
                yield self.finding(
                    ctx,
                    ("evidence", i, "item"),
                    f"evidence {evidence.id} supports item {evidence.item}, which is in neither the bill nor an "
                    "approved variation",
                    "use the code of the item it proves",
                )


@register
class BOQ006(Rule):
    """Two items of the bill and its variations share a code.

    Valuations, evidence and the measurement sheet refer to items by code; a repeated code makes every such
    reference ambiguous (and a variation re-using a bill code would silently re-rate it).
    """

    code = "BOQ006"
    severity = Severity.ERROR
    bad = "bill: [{code: A1, ...}]; variations: [{id: V1, items: [{code: A1, ...}]}]"
    good = "bill: [{code: A1, ...}]; variations: [{id: V1, items: [{code: A1-V1, ...}]}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        first: dict[str, tuple[str | int, ...]] = {}
        places: list[tuple[str, tuple[str | int, ...]]] = [
            (item.code, ("bill", i, "code")) for i, item in enumerate(ctx.project.bill)
        ]
        for i, variation in enumerate(ctx.project.variations):
            places += [(item.code, ("variations", i, "items", j, "code")) for j, item in enumerate(variation.items)]
            if ctx.project.measured and not variation.items:
                places.append((variation.id, ("variations", i, "id")))
        for code, loc in places:
            if code in first:
                line = ctx.loaded.source.line_for(first[code])
                yield self.finding(
                    ctx, loc, f"item code {code} is used twice (first on line {line})", "give each item its own code"
                )
            else:
                first[code] = loc


@register
class BOQ007(Rule):
    """A variation's items do not add up to its amount.

    A variation that adds items to the bill states its amount twice: as the amount and as its items' quantities
    times their rates. Letters and statements use the amount; valuations measure the items. They must agree.
    """

    code = "BOQ007"
    severity = Severity.ERROR
    bad = 'variations: [{id: V1, amount: "4,000.00", items: [{code: B3, quantity: "100", rate: "45.00", ...}]}]'
    good = 'variations: [{id: V1, amount: "4,500.00", items: [{code: B3, quantity: "100", rate: "45.00", ...}]}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        measurement = ctx.schedule.measurement
        if measurement is None:
            return
        for i, variation in enumerate(ctx.project.variations):
            if not variation.items:
                continue
            currency, rounding = ctx.project.contract.currency, measurement.terms.rounding
            total = sum((line_amount(b.quantity, b.rate, currency, rounding) for b in variation.items), ZERO)
            if total != variation.amount:
                yield self.finding(
                    ctx,
                    ("variations", i, "amount"),
                    f"variation {variation.id} is for {_money(ctx, variation.amount)} but its {len(variation.items)} "
                    f"items add up to {_money(ctx, total)} "
                    f"(a difference of {_money(ctx, abs(variation.amount - total))})",
                    "correct the amount or the items",
                )


@register
class BOQ008(Rule):
    """The project is paid by measurement in part only.

    A bill and valuations need the payment.monthly-progress clause (it states how they are valued and paid) and
    a final node (it pays the balance: the share of the value not paid monthly, the work not yet measured, the
    advance not yet recovered); the clause needs a bill to measure against; valuations need a bill.
    """

    code = "BOQ008"
    severity = Severity.ERROR
    bad = "bill: [...]; valuations: [...]  # no payment.monthly-progress clause"
    good = "bill: [...]; valuations: [...]; clauses: [{use: payment.monthly-progress}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        clause = picked(project, CLAUSE)
        has_clause = clause is not None and clause[0] == CLAUSE
        if project.measured and not has_clause:
            yield self.finding(
                ctx,
                ("bill",) if project.bill else ("valuations",),
                "the project has a bill of quantities or valuations but no payment.monthly-progress clause: the "
                "contract would not say how the measured work is valued and paid",
                "add {use: payment.monthly-progress} to clauses",
            )
        if has_clause and not project.bill:
            index = _clause_index(ctx)
            yield self.finding(
                ctx,
                ("clauses", index) if index is not None else ("clauses",),
                "payment.monthly-progress pays the measured value of the work, but the project has no bill of "
                "quantities to measure it against",
                "add bill: items (or run contractkit import boq FILE.xlsx)",
            )
        if project.valuations and not project.bill:
            yield self.finding(
                ctx,
                ("valuations",),
                "the project has valuations but no bill of quantities: nothing gives the rates they are valued at",
                "add bill: items (or run contractkit import boq FILE.xlsx)",
            )
        if project.measured and not any(n.kind is NodeKind.FINAL for n in project.payment_schedule):
            yield self.finding(
                ctx,
                ("payment_schedule",),
                "a contract paid by measurement needs a final node (kind: final): without it the share of the value "
                "not paid monthly, the work not yet measured and the advance not yet recovered are in no payment",
                "add a payment node of kind final (no share or amount) due after the final account",
            )


@register
class BOQ009(Rule):
    """A valuation lists no evidence.

    A valuation is a payment node like any other: the measurement records, test reports and photos that prove the
    quantities are what the client's engineer checks before certifying. Without them the application is sent back.
    """

    code = "BOQ009"
    severity = Severity.ERROR
    bad = "valuations: [{id: V03, ..., evidence: []}]"
    good = "valuations: [{id: V03, ..., evidence: [工程量计算书, 隐蔽工程验收记录]}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for i, valuation in enumerate(ctx.project.valuations):
            if not [e for e in valuation.evidence if e.strip()]:
                yield self.finding(
                    ctx,
                    ("valuations", i, "evidence") if valuation.evidence else ("valuations", i),
                    f"valuation {valuation.id} lists no evidence of the quantities",
                    "list the measurement records, e.g. evidence: [工程量计算书, 现场照片]",
                )


@register
class BOQ010(Rule):
    """A valuation's period does not end on the contract's application day.

    Under payment.monthly-progress each measurement period ends on the application day of the month, when the
    application goes in. A valuation to another day is not the period the contract describes, and its
    application may be treated as early or late.
    """

    code = "BOQ010"
    severity = Severity.WARNING
    bad = "clauses: [{use: payment.monthly-progress, with: {application_day: 25}}]; period: {to: 2026-05-31}"
    good = "clauses: [{use: payment.monthly-progress, with: {application_day: 25}}]; period: {to: 2026-05-25}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        measurement = ctx.schedule.measurement
        if measurement is None or not measurement.terms.picked:
            return
        day = measurement.terms.application_day
        for i, valuation in enumerate(ctx.project.valuations):
            if valuation.period.to.day != day:
                yield self.finding(
                    ctx,
                    ("valuations", i, "period", "to"),
                    f"valuation {valuation.id} runs to {valuation.period.to}, but {measurement.terms.clause} ends each "
                    f"measurement period on day {day} of the month",
                    f"end the period on day {day}, or change the clause's application_day",
                )


@register
class BOQ011(Rule):
    """A valuation no longer works out at the amount applied for.

    The ledger records what was applied for; the account recomputes each valuation from the bill, the lines and the
    clause. When they differ, a quantity, a rate, a clause parameter or an earlier valuation changed after the
    application went in, and the documents would state a figure the client never received.
    """

    code = "BOQ011"
    severity = Severity.WARNING
    bad = 'events: [{node: V03, type: applied, amount: "38,000.00"}]  # V03 works out at 38,272.00'
    good = 'events: [{node: V03, type: applied, amount: "38,272.00"}]'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        measurement = ctx.schedule.measurement
        if measurement is None:
            return
        for i, event in enumerate(ctx.project.events):
            if event.type is not EventType.APPLIED or event.amount is None or event.node is None:
                continue
            result = measurement.get(event.node)
            if result is None or result.payable == event.amount:
                continue
            yield self.finding(
                ctx,
                ("events", i, "amount"),
                f"valuation {result.id} was applied for at {_money(ctx, event.amount)} but now works out at "
                f"{_money(ctx, result.payable)}: its quantities, rates or terms changed after the application",
                "restore what was applied for, or record the change as a correction in the next valuation",
            )


@register
class BOQ012(Rule):
    """A quantity to date is lower than in the valuation before.

    Quantities are stated to date, so they only grow; a lower figure takes value back from the client's
    earlier certificate. It may be a deliberate correction (the contract lets either party correct an error in a
    later application), or a typo that under-claims.
    """

    code = "BOQ012"
    severity = Severity.WARNING
    bad = "V02 lines: [{item: A1, to_date: '600'}]; V03 lines: [{item: A1, to_date: '60'}]"
    good = "V02 lines: [{item: A1, to_date: '600'}]; V03 lines: [{item: A1, to_date: '650'}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        items = _items(ctx)
        latest: dict[str, Decimal] = {}
        for i, valuation in enumerate(ctx.project.valuations):
            for j, line in enumerate(valuation.lines):
                item = items.get(line.item)
                if item is None:
                    continue
                if line.to_date is not None:
                    done, key = line.to_date, "to_date"
                elif line.percent is not None:
                    done, key = item.quantity * line.percent, "percent"
                else:
                    continue
                before = latest.get(item.code)
                # an omission is measured below zero as it is taken out: -500 after -300 is more of it done
                if before is not None and abs(done) < abs(before):
                    less = "less omitted than" if item.quantity < 0 else "less than"
                    yield self.finding(
                        ctx,
                        ("valuations", i, "lines", j, key),
                        f"valuation {valuation.id} measures item {item.code} at {_quantity(done)} {item.unit} to date, "
                        f"{less} the {_quantity(before)} {item.unit} of the valuation before",
                        "quantities are to date; if this corrects an error, say so in the application",
                    )
                latest[item.code] = done
