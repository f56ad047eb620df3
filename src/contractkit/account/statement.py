"""The payment statement of an application, laid out as AIA G702/G703 and GF-2017 12.4.2 expect.

G702 lines, with the advance payment on a line of its own (GF-2017-0201 12.4.2 lists the advance apart from the
work done: an advance is paid before the work and is not value of work completed): 1 original contract sum;
2 net change by approved variations; 3 contract sum to date (1+2); 4 total completed to date, the advance nodes
left out; 5 retention; 6 total earned less retention (4-5); 7 the advance applied for to date; 8 total due to
date (6+7); 9 less previous applications; 10 current payment due (8-9); 11 balance to finish including
retention (3-8).
G703 columns per payment node: C scheduled value; D from previous applications; E this application;
G to date (D+E); % (G/C); H balance to finish (C-G); I retention. An advance node's row is a row of the G703 (the
schedule's nodes add up to the contract sum) marked ``advance``: its column G is line 7, the other rows' is line 4.

Where the contract pays by measurement (payment.monthly-progress), the advance is recovered from the valuations and,
what they have not recovered, from the final account payment: each of those nodes pays its value less the advance
it recovers. Their rows state the value before recovery (so that line 4 is the work's value, not the work's value
less the advance), and a row of its own marked ``recovery`` takes the advance recovered back out, in the advance's
part of the table: line 7 is then the advance applied for less the advance recovered, and the rows still add up to
the contract sum (the recovery row's scheduled value is the advance the nodes recover in all, negative).

Line 4 is "work completed" wherever a document states it (the statement, the pack letter, the report): every
document reads it here (``PaymentStatement.completed_to_date``), never sums the rows itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from contractkit.account.account import Account, NodeState
from contractkit.account.schedule import RetentionMode
from contractkit.model.models import NodeKind

ZERO = Decimal(0)


@dataclass(frozen=True)
class StatementLine:
    """One G703 row: a payment node."""

    node_id: str
    title: str
    scheduled: Decimal  # C
    previous: Decimal  # D
    this_period: Decimal  # E
    retention: Decimal  # I
    #: An advance payment node (NodeKind.ADVANCE): paid before the work, so its column G is line 7, not work done.
    advance: bool = False
    #: The advance recovered from the payments (a measured contract): negative figures, part of line 7.
    recovery: bool = False

    @property
    def to_date(self) -> Decimal:  # G
        return self.previous + self.this_period

    @property
    def balance(self) -> Decimal:  # H
        return self.scheduled - self.to_date

    @property
    def percent(self) -> Decimal:
        if not self.scheduled:
            return ZERO
        return (self.to_date / self.scheduled * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PaymentStatement:
    node_id: str
    lines: tuple[StatementLine, ...]
    original_sum: Decimal  # 1
    variations: Decimal  # 2
    previous_applications: Decimal  # 9: what the earlier applications asked for
    retention_released: Decimal  # retention this application releases
    advance_recovered: Decimal  # GF-2017 12.4.2: advance recovered from this payment
    advance_recovered_to_date: Decimal  # by the earlier payments and this one (the recovery row's column G, negated)
    paid_to_date: Decimal  # payments received on the ledger
    #: received against the node applied for before this application: part of line 9, so that line 10 is the rest
    received_before: Decimal = ZERO

    @property
    def contract_sum_to_date(self) -> Decimal:  # 3
        return self.original_sum + self.variations

    @property
    def work_lines(self) -> tuple[StatementLine, ...]:
        """The G703 rows of work: every node but the advance."""
        return tuple(x for x in self.lines if not x.advance)

    @property
    def advance_lines(self) -> tuple[StatementLine, ...]:
        """The G703 rows of the advance nodes and of the advance recovered (line 7)."""
        return tuple(x for x in self.lines if x.advance)

    @property
    def recovers(self) -> bool:
        """The payments recover the advance (a measured contract): the statement has a recovery row."""
        return any(x.recovery for x in self.lines)

    @property
    def to_date(self) -> Decimal:
        """The G703 column G total: every row, the advance's with the work's (lines 4 + 7)."""
        return sum((line.to_date for line in self.lines), ZERO)

    @property
    def completed_to_date(self) -> Decimal:  # 4
        """The value of the work completed to date: the advance is not work done."""
        return sum((line.to_date for line in self.work_lines), ZERO)

    @property
    def retention(self) -> Decimal:  # 5
        return sum((line.retention for line in self.lines), ZERO)

    @property
    def earned_less_retention(self) -> Decimal:  # 6
        return self.completed_to_date - self.retention

    @property
    def advance_to_date(self) -> Decimal:  # 7
        """The advance applied for to date (this application included), less the advance recovered to date."""
        return sum((line.to_date for line in self.advance_lines), ZERO)

    @property
    def due_to_date(self) -> Decimal:  # 8
        return self.earned_less_retention + self.advance_to_date

    @property
    def current_due(self) -> Decimal:  # 10
        return self.due_to_date - self.previous_applications

    @property
    def balance_to_finish(self) -> Decimal:  # 11
        return self.contract_sum_to_date - self.due_to_date

    @property
    def unpaid_previous(self) -> Decimal:
        """Applied for earlier and not yet received."""
        return self.previous_applications - self.paid_to_date

    def checks(self) -> list[tuple[str, bool]]:
        """The arithmetic the forms imply, each with whether it holds."""
        lines = self.lines
        return [
            (
                "G703 scheduled values add up to the contract sum to date (line 3)",
                sum((x.scheduled for x in lines), ZERO) == self.contract_sum_to_date,
            ),
            (
                "each row: previous + this application = to date",
                all(x.previous + x.this_period == x.to_date for x in lines),
            ),
            (
                "each row: scheduled value - to date = balance to finish",
                all(x.scheduled - x.to_date == x.balance for x in lines),
            ),
            (
                "G703 to date of the rows of work adds up to line 4",
                sum((x.to_date for x in lines if not x.advance), ZERO) == self.completed_to_date,
            ),
            (
                "G703 to date of the advance rows adds up to line 7",
                sum((x.to_date for x in lines if x.advance), ZERO) == self.advance_to_date,
            ),
            ("G703 to date adds up to line 4 + line 7", self.to_date == self.completed_to_date + self.advance_to_date),
            ("G703 retention adds up to line 5", sum((x.retention for x in lines), ZERO) == self.retention),
            (
                "G703 recovery row: the advance recovered to date",
                -sum((x.to_date for x in lines if x.recovery), ZERO) == self.advance_recovered_to_date,
            ),
            ("line 6 = line 4 - line 5", self.earned_less_retention == self.completed_to_date - self.retention),
            ("line 8 = line 6 + line 7", self.due_to_date == self.earned_less_retention + self.advance_to_date),
            ("line 10 = line 8 - line 9", self.current_due == self.due_to_date - self.previous_applications),
            ("line 11 = line 3 - line 8", self.balance_to_finish == self.contract_sum_to_date - self.due_to_date),
        ]


def payment_statement(account: Account, node_id: str) -> PaymentStatement:
    """The statement for an application for ``node_id`` as the account stands once it is made.

    Every other node already asked for (applied for or invoiced) or paid counts as a previous application;
    what was paid against the node applied for now also counts as previously certified, so that line 10 is
    what is still to be paid for it. Retention withheld from each payment is released in full by the
    application for the retention node. A measured contract's rows state each payment before the advance it
    recovers, and a recovery row takes the advance recovered out again (see the module's docstring).
    """
    schedule = account.schedule
    previous_ids = {
        n.id for n in account.nodes if n.id != node_id and (n.requested or n.paid > 0 or n.state is NodeState.PAID)
    }
    withheld = schedule.retention_mode is RetentionMode.WITHHELD
    release_nodes = {s.id for s in schedule.nodes if s.node.kind is NodeKind.RETENTION}
    released = withheld and bool(release_nodes & (previous_ids | {node_id}))
    recovered = advance_recoveries(account)
    lines = []
    for s in schedule.nodes:
        gross = s.value + recovered.get(s.id, ZERO)
        previous = gross if s.id in previous_ids else ZERO
        this = gross if s.id == node_id else ZERO
        retention = s.retention if (previous or this) and withheld and not released else ZERO
        advance = s.node.kind is NodeKind.ADVANCE
        lines.append(StatementLine(s.id, s.node.title, gross, previous, this, retention, advance))
    recovered_before = sum((x for i, x in recovered.items() if i in previous_ids), ZERO)
    recovered_now = recovered.get(node_id, ZERO)
    if recovered:
        total = sum(recovered.values(), ZERO)
        at = next((i for i, x in enumerate(lines) if x.advance), -1) + 1  # beneath the advance's own row
        row = StatementLine("", "", -total, -recovered_before, -recovered_now, ZERO, advance=True, recovery=True)
        lines.insert(at, row)
    release = ZERO
    if withheld and node_id in release_nodes:
        # what was withheld: from the nodes asked for before, and this one (a node never applied for withheld none)
        release = sum((s.retention for s in schedule.nodes if s.id in previous_ids or s.id == node_id), ZERO)
    this_node = account.node(node_id)
    assert this_node is not None
    paid_previous = sum((n.paid for n in account.nodes if n.id in previous_ids), ZERO)
    return PaymentStatement(
        node_id=node_id,
        lines=tuple(lines),
        previous_applications=sum((s.payable for s in schedule.nodes if s.id in previous_ids), ZERO) + this_node.paid,
        original_sum=schedule.price,
        variations=schedule.approved_variations,
        retention_released=release,
        advance_recovered=recovered_now,
        advance_recovered_to_date=recovered_before + recovered_now,
        paid_to_date=paid_previous + this_node.paid,
        received_before=this_node.paid,
    )


def advance_recoveries(account: Account) -> dict[str, Decimal]:
    """The advance each payment node recovers, by node: empty unless the contract pays by measurement.

    payment.monthly-progress recovers the advance from the valuations (each certificate the part its own figures
    recover) and what they have not recovered from the final account payment, whose amount the schedule works out
    as the balance of the contract sum (``schedule._with_valuations``): so the final node recovers the schedule's
    advance less what the valuations recovered.
    """
    schedule = account.schedule
    measurement = schedule.measurement
    if measurement is None or not measurement.terms.advance:
        return {}
    out = {s.id: s.valuation.advance_this_period for s in schedule.nodes if s.valuation is not None}
    finals = [s.id for s in schedule.nodes if s.node.kind is NodeKind.FINAL]
    if finals:
        out[finals[-1]] = measurement.terms.advance - sum(out.values(), ZERO)
    return {i: x for i, x in out.items() if x}
