"""Turn the payment schedule into exact node amounts that add up to the contract price."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from contractkit.account.valuation import Measurement, ValuationResult, measure
from contractkit.model.models import DueBasis, DueRule, NodeKind, PaymentNode, Project
from contractkit.model.types import quantize


class RetentionMode(StrEnum):
    """How the contract keeps its retention (quality deposit)."""

    NONE = "none"  # no retention
    NODE = "node"  # a retention node with its own share: the last payment is the deposit (common in CN)
    WITHHELD = "withheld"  # withheld from each progress payment and released by a retention node (G702)


@dataclass(frozen=True)
class ScheduledNode:
    """A payment node with its money worked out."""

    node: PaymentNode
    index: int
    base: Decimal  # from the share or the fixed amount, rounded to the minor unit
    variations: Decimal  # approved variations this node carries
    retention: Decimal  # withheld from this node
    released: Decimal  # retention this node releases
    valuation: ValuationResult | None = None  # the valuation a measured progress payment pays

    @property
    def measured(self) -> bool:
        return self.valuation is not None

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def value(self) -> Decimal:
        """Scheduled value: the node's share of the price plus its approved variations."""
        return self.base + self.variations

    @property
    def payable(self) -> Decimal:
        """What the client pays against this node."""
        return self.value - self.retention + self.released


@dataclass(frozen=True)
class Schedule:
    currency: str
    price: Decimal
    nodes: tuple[ScheduledNode, ...]
    retention_mode: RetentionMode
    retention_rate: Decimal
    measurement: Measurement | None = None  # the bill and its valuations, where the contract pays by measurement

    @property
    def total_base(self) -> Decimal:
        return sum((n.base for n in self.nodes), Decimal(0))

    @property
    def difference(self) -> Decimal:
        """Price minus the nodes' total: zero when the schedule reconciles."""
        return self.price - self.total_base

    @property
    def approved_variations(self) -> Decimal:
        return sum((n.variations for n in self.nodes), Decimal(0))

    @property
    def adjusted_price(self) -> Decimal:
        return self.price + self.approved_variations

    def get(self, node_id: str) -> ScheduledNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)


def _retention_mode(project: Project) -> RetentionMode:
    release_nodes = [n for n in project.payment_schedule if n.kind is NodeKind.RETENTION]
    if any(n.share is not None or n.amount is not None for n in release_nodes):
        return RetentionMode.NODE
    if project.contract.retention:
        return RetentionMode.WITHHELD
    return RetentionMode.NONE


def compute_schedule(project: Project) -> Schedule:
    """Node amounts, rounded half-up to the minor unit, with the rounding remainder on the last share node.

    The remainder is moved only when the shares and fixed amounts reconcile with the price before
    rounding; a schedule that does not reconcile is left as written for validation to report.
    """
    contract = project.contract
    currency, price = contract.currency, contract.price
    mode = _retention_mode(project)
    rate = Decimal(0)
    if mode is RetentionMode.WITHHELD and contract.retention is not None:
        rate = contract.retention

    exact: list[Decimal] = []
    for node in project.payment_schedule:
        if node.amount is not None and node.share is None:
            exact.append(node.amount)
        elif node.share is not None and node.amount is None:
            exact.append(price * node.share)
        else:
            exact.append(Decimal(0))
    rounded = [quantize(x, currency) for x in exact]
    share_positions = [i for i, n in enumerate(project.payment_schedule) if n.share is not None and n.amount is None]
    if share_positions and sum(exact, Decimal(0)) == price:
        last = share_positions[-1]
        rounded[last] += price - sum(rounded, Decimal(0))

    carried: dict[str, Decimal] = {}
    final_nodes = [n.id for n in project.payment_schedule if n.kind is NodeKind.FINAL]
    fallback = final_nodes[-1] if final_nodes else None
    for variation in project.variations:
        if variation.approved_on is None or project.measured:
            # a measured contract pays variations as they are measured, and the rest with the final account
            continue
        target = variation.node or fallback
        if target is not None:
            carried[target] = carried.get(target, Decimal(0)) + variation.amount

    nodes: list[ScheduledNode] = []
    for i, node in enumerate(project.payment_schedule):
        variations = carried.get(node.id, Decimal(0))
        withheld = Decimal(0)
        if mode is RetentionMode.WITHHELD and node.withholds_retention and node.kind is not NodeKind.RETENTION:
            withheld = quantize((rounded[i] + variations) * rate, currency)
        nodes.append(ScheduledNode(node, i, rounded[i], variations, withheld, Decimal(0)))
    advance = sum((n.base for n in nodes if n.node.kind is NodeKind.ADVANCE), Decimal(0))
    measurement = measure(project, advance=advance, retention_rate=rate)
    if measurement is not None:
        nodes = _with_valuations(nodes, measurement, mode)
    if mode is RetentionMode.WITHHELD:
        total_withheld = sum((n.retention for n in nodes), Decimal(0))
        releases = [i for i, n in enumerate(nodes) if n.node.kind is NodeKind.RETENTION]
        if releases:
            i = releases[-1]
            n = nodes[i]
            nodes[i] = ScheduledNode(n.node, n.index, n.base, n.variations, n.retention, total_withheld)
    return Schedule(currency, price, tuple(nodes), mode, rate, measurement)


def valuation_node(result: ValuationResult, due_days: int) -> PaymentNode:
    """A valuation as a payment node: a progress payment due the review and payment periods after the application."""
    valuation = result.valuation
    return PaymentNode(
        id=valuation.id,
        title=valuation.title,
        kind=NodeKind.PROGRESS,
        evidence=list(valuation.evidence),
        due=DueRule(after=DueBasis.APPLICATION, days=due_days),
    )


def _with_valuations(nodes: list[ScheduledNode], measurement: Measurement, mode: RetentionMode) -> list[ScheduledNode]:
    """The schedule of a measured contract: a node per valuation before the final and retention nodes, and the final
    node paying the balance of the contract sum that the other nodes do not pay.

    Each valuation node pays what its certificate adds (its value less the retention it adds); the final node's
    amount follows, so that the nodes pay the contract sum with its approved variations exactly: the share of the
    measured value not yet paid, the work not yet measured and the advance not yet recovered all fall to it.
    """
    zero = Decimal(0)
    terms = measurement.terms
    valuations = []
    for result in measurement.valuations:
        retention = result.retention_this_period
        value = result.payable + retention
        node = valuation_node(result, terms.due_days)
        valuations.append(ScheduledNode(node, 0, value, zero, retention, zero, result))
    cut = next((i for i, n in enumerate(nodes) if n.node.kind in (NodeKind.FINAL, NodeKind.RETENTION)), len(nodes))
    ordered = nodes[:cut] + valuations + nodes[cut:]
    finals = [i for i, n in enumerate(ordered) if n.node.kind is NodeKind.FINAL]
    if finals:
        last = finals[-1]
        releases = [n for n in ordered if n.node.kind is NodeKind.RETENTION]
        others = [n for i, n in enumerate(ordered) if i != last and n.node.kind is not NodeKind.RETENTION]
        if mode is RetentionMode.WITHHELD:
            reserved = measurement.final_retention
            final_retention = measurement.final_retention - sum((n.retention for n in others), zero)
        else:
            reserved = sum((n.base for n in releases), zero)
            final_retention = zero
        payable = measurement.contract_sum - sum((n.payable for n in others), zero) - reserved
        variations = measurement.contract_sum - measurement.price
        final = ordered[last]
        ordered[last] = ScheduledNode(
            final.node, 0, payable + final_retention - variations, variations, final_retention, zero
        )
    return [
        ScheduledNode(n.node, i, n.base, n.variations, n.retention, n.released, n.valuation)
        for i, n in enumerate(ordered)
    ]
