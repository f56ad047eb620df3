"""Measured progress payments: a small bill valued by hand, and the schedule and account that follow from it.

The project is tests/rules/measured.yaml: price CNY 100,000.00 in four items, a variation adding 100 m² of
formwork at 45.00, an advance of 10% recovered at 25% of the value above 10% of the price, 80% of the value paid
monthly, retention of 3% on the total value limited to 2% of the price, and a minimum certificate of 5,000.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractkit.account.account import NodeState, build_account
from contractkit.account.schedule import compute_schedule
from contractkit.account.valuation import LineRounding, line_amount
from contractkit.model.project import LoadedProject, parse_project
from tests.projects import changed, measured_base

D = Decimal


def load(data: dict[str, Any] | None = None) -> LoadedProject:
    import yaml

    return parse_project(yaml.safe_dump(data or measured_base(), allow_unicode=True, sort_keys=False), "m.yaml")


def test_each_valuation_is_worked_out_as_by_hand() -> None:
    schedule = compute_schedule(load().project)
    m = schedule.measurement
    assert m is not None
    v1, v2, v3 = m.valuations
    # M01: A1 600 × 12.50 = 7,500.00; B1 10% of 200 = 20 × 350 = 7,000.00; materials for B2 3,000.00
    assert (v1.work_to_date, v1.materials, v1.value_to_date) == (D("14500.00"), D("3000.00"), D("17500.00"))
    assert v1.share_value == D("14000.00")  # 80%
    assert v1.retention == D("525.00")  # 3% of 17,500.00, under the 2,000.00 limit
    assert v1.advance_recovered == D("1875.00")  # 25% of (17,500.00 - 10,000.00)
    assert (v1.earned, v1.payable, v1.certified) == (D("11600.00"), D("11600.00"), True)
    # M02: A2 100 × 8.75 = 875.00, B3 (variation V1, approved 10 April) 20 × 45 = 900.00; A1 and B1 carried forward;
    # B2's materials are not carried (stated afresh each period)
    assert v2.value_to_date == D("16275.00") and v2.materials == 0
    assert (v2.share_value, v2.retention, v2.advance_recovered) == (D("13020.00"), D("488.25"), D("1568.75"))
    assert v2.earned == D("10963.00") and v2.computed_due == D("-637.00")
    assert not v2.certified and v2.payable == 0  # not positive: carried into M03
    # M03: 12,500.00 + 7,000.00 + 60% of B1 (120 × 350 = 42,000.00) + 1.2 t × 4,200 = 5,040.00 + B3 4,500.00
    assert v3.work_to_date == D("71040.00") and v3.value_to_date == D("77340.00")
    assert v3.share_value == D("61872.00")
    assert v3.retention == D("2000.00")  # 3% would be 2,320.20: the limit of 2% of the price applies
    assert v3.advance_recovered == D("10000.00")  # 25% of 67,340.00 exceeds the advance: all of it
    assert v3.previous_certified == D("11600.00")  # M02 gave no certificate
    assert v3.payable == D("38272.00")
    assert v3.variations == D("4500.00") and v3.contract_sum_to_date == D("104500.00")
    assert all(ok for _, ok in v1.checks() + v2.checks() + v3.checks())


def test_previous_columns_are_those_of_the_last_certificate() -> None:
    m = compute_schedule(load().project).measurement
    assert m is not None
    rows = {r.item.code: r for r in m.valuations[2].rows}
    # M02 was not certified, so M03's "this period" includes A2's 800 m³ although M02 measured 100
    assert (rows["A2"].previous_quantity, rows["A2"].this_quantity, rows["A2"].this_period) == (0, 800, D("7000.00"))
    assert (rows["A1"].previous, rows["A1"].this_period, rows["A1"].to_date) == (
        D("7500.00"),
        D("5000.00"),
        D("12500.00"),
    )
    assert rows["B2"].to_date == D("11340.00") and rows["B2"].percent == D("108.00")  # 5,040 + 6,300 stored
    assert rows["B3"].item.variation == "V1"


def test_the_previous_certificates_line_4_ties_to_column_d_and_the_materials_then() -> None:
    """Column D holds the work done to the previous certificate, not its materials on site (built in since, they
    are in this period's work): the statement shows that certificate's line 4 as D plus its materials."""
    m = compute_schedule(load().project).measurement
    assert m is not None
    v1, _v2, v3 = m.valuations
    assert (v1.previous_work, v1.previous_materials, v1.previous_value) == (0, 0, 0)
    # M03's previous certificate is M01's: work 14,500.00 and B2's 3,000.00 stored then = M01's line 4
    assert (v3.previous_work, v3.previous_materials) == (D("14500.00"), D("3000.00"))
    assert v3.previous_value == v1.value_to_date == D("17500.00")


def test_schedule_pays_the_contract_sum_exactly() -> None:
    schedule = compute_schedule(load().project)
    nodes = {n.id: n for n in schedule.nodes}
    assert [n.id for n in schedule.nodes] == ["P1", "M01", "M02", "M03", "P3", "P4"]
    assert (nodes["M01"].value, nodes["M01"].retention, nodes["M01"].payable) == (
        D("12125.00"),
        D("525.00"),
        D("11600.00"),
    )
    assert nodes["M03"].retention == D("1475.00") and nodes["M03"].payable == D("38272.00")
    # the final account: 104,500.00 - 10,000.00 advance - 49,872.00 certified - 2,000.00 retention
    assert nodes["P3"].payable == D("42628.00") and nodes["P3"].variations == D("4500.00")
    assert nodes["P4"].released == D("2000.00")
    assert sum((n.payable for n in schedule.nodes), D(0)) == D("104500.00")
    assert schedule.difference == 0  # the nodes' own values add up to the price; variations on top


def test_valuations_are_nodes_due_by_the_period_rule() -> None:
    account = build_account(load(), dt.date(2026, 7, 1))
    m01, m03 = account.node("M01"), account.node("M03")
    assert m01 is not None and m03 is not None
    # applied 25 March; review 7 + pay 14 days: due 15 April; paid 20 April, 5 days late at 0.05% a day
    assert m01.due_on == dt.date(2026, 4, 15) and m01.state is NodeState.PAID
    assert m01.accrued_interest == D("29.00")
    assert m03.due_on == dt.date(2026, 6, 15) and m03.state is NodeState.OVERDUE
    assert m03.days_overdue == 16 and m03.outstanding == D("38272.00")


@pytest.mark.parametrize(
    ("rounding", "expected"), [(LineRounding.HALF_UP, D("10.01")), (LineRounding.DOWN, D("10.00"))]
)
def test_line_rounding_follows_the_clause(rounding: LineRounding, expected: Decimal) -> None:
    assert line_amount(D("2.5"), D("4.003"), "CNY", rounding) == expected  # 10.0075
    assert line_amount(D("1"), D("10.005"), "CNY", rounding) == (
        D("10.01") if rounding is LineRounding.HALF_UP else D("10.00")
    )


def test_retention_by_line_adds_a_row_for_the_limit() -> None:
    data = changed(measured_base(), {"clauses[1].with.retention_basis": "line"})
    m = compute_schedule(load(data).project).measurement
    assert m is not None
    v3 = m.valuations[2]
    rows = {r.item.code: r for r in v3.rows}
    assert rows["B2"].retention == D("340.20")  # 3% of (5,040.00 + 6,300.00)
    assert v3.line_retention == D("2320.20") and v3.retention == D("2000.00")
    assert v3.retention_adjustment == D("-320.20")  # the limit, as a row of its own on the continuation sheet


def test_a_minimum_certificate_carries_a_small_valuation_forward() -> None:
    data = changed(measured_base(), {"clauses[1].with.minimum_amount": "12,000.00"})
    m = compute_schedule(load(data).project).measurement
    assert m is not None
    assert not m.valuations[0].certified and m.valuations[0].payable == 0  # 11,600.00 < 12,000.00
    assert m.valuations[2].previous_certified == 0 and m.valuations[2].payable == D("49872.00")


def test_without_an_advance_nothing_is_recovered() -> None:
    data = measured_base()
    data["payment_schedule"] = [n for n in data["payment_schedule"] if n["id"] != "P1"]
    data["clauses"] = [c for c in data["clauses"] if c["use"] != "payment.advance"]
    data["events"] = [e for e in data["events"] if e["node"] != "P1"]
    schedule = compute_schedule(load(data).project)
    assert schedule.measurement is not None
    assert all(v.advance_recovered == 0 for v in schedule.measurement.valuations)
    assert sum((n.payable for n in schedule.nodes), D(0)) == D("104500.00")


def test_a_project_without_a_bill_is_not_measured(tmp_path: Path) -> None:
    from tests.projects import base

    assert compute_schedule(load(base()).project).measurement is None


# ------------------------------------------------------------------------------------- generated projects

CENTS = st.integers(min_value=1, max_value=500_000).map(lambda c: D(c) / 100)
QUANTITIES = st.integers(min_value=1, max_value=200_000).map(lambda c: D(c) / 100)


@st.composite
def measured_projects(draw: Any) -> dict[str, Any]:
    """The small project with a random bill, random cumulative valuations and random clause parameters."""
    data = measured_base()
    count = draw(st.integers(min_value=1, max_value=8))
    items = []
    for i in range(count):
        items.append(
            {"code": f"X{i}", "section": f"S{i % 3}", "description": f"项目{i}", "unit": "m³",
             "quantity": f"{draw(QUANTITIES)}", "rate": f"{draw(CENTS)}"}
        )  # fmt: skip
    rounding = draw(st.sampled_from(["half-up", "down"]))
    price = sum((line_amount(D(i["quantity"]), D(i["rate"]), "CNY", LineRounding(rounding)) for i in items), D(0))
    data["contract"]["price"] = f"{price}"
    data["bill"] = items
    data["variations"] = []
    data["evidence"] = []
    data["events"] = []
    valuations = []
    done = {i["code"]: D(0) for i in items}
    for n in range(draw(st.integers(min_value=0, max_value=5))):
        lines = []
        for item in items:
            if draw(st.booleans()):
                share = draw(st.integers(min_value=0, max_value=110))  # a little beyond the bill, or a correction
                to_date = (D(item["quantity"]) * share / 100).quantize(D("0.01"))
                line = {"item": item["code"], "to_date": f"{to_date}"}
                if draw(st.integers(min_value=0, max_value=9)) == 0:
                    line["materials"] = f"{draw(CENTS)}"
                lines.append(line)
                done[item["code"]] = to_date
        valuations.append(
            {"id": f"M{n + 1:02d}", "title": f"第{n + 1}期", "evidence": ["工程量计算书"], "lines": lines,
             "period": {"from": f"2026-{n + 3:02d}-01", "to": f"2026-{n + 3:02d}-25"}}
        )  # fmt: skip
    data["valuations"] = valuations
    with_: dict[str, str] = {
        "share": f"{draw(st.integers(min_value=50, max_value=100))}%",
        "line_rounding": rounding,
        "retention_basis": draw(st.sampled_from(["total", "line"])),
        "advance_recovery_from": f"{draw(st.integers(min_value=0, max_value=50))}%",
        "advance_recovery_rate": f"{draw(st.integers(min_value=1, max_value=100))}%",
    }
    if draw(st.booleans()):
        with_["retention_cap"] = f"{draw(st.integers(min_value=0, max_value=10))}%"
    if draw(st.booleans()):
        with_["minimum_amount"] = f"{draw(CENTS)}"
    data["clauses"][1] = {"use": "payment.monthly-progress", "with": with_}
    if draw(st.booleans()):
        data["contract"]["retention"] = f"{draw(st.integers(min_value=0, max_value=5))}%"
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(measured_projects())
def test_a_measured_schedule_always_pays_the_contract_sum(data: dict[str, Any]) -> None:
    schedule = compute_schedule(load(data).project)
    m = schedule.measurement
    assert m is not None
    assert sum((n.payable for n in schedule.nodes), D(0)) == m.contract_sum
    assert schedule.difference == 0
    certified = D(0)
    last = None  # the previous certificate
    for v in m.valuations:
        assert all(ok for _, ok in v.checks()), v.checks()
        assert v.previous_value == (last.value_to_date if last is not None else 0)
        if v.certified:
            last = v
        assert v.payable >= 0 and (v.payable == 0 or v.certified)
        if v.minimum is not None and v.certified:
            assert v.payable >= v.minimum
        assert v.advance_recovered <= m.terms.advance
        if m.terms.retention_cap is not None:
            assert v.retention <= m.terms.retention_cap
        assert v.previous_certified == certified  # each certificate follows the last one given
        certified = v.certified_to_date
    assert sum((v.payable for v in m.valuations), D(0)) == certified
    released = sum((n.released for n in schedule.nodes), D(0))
    assert released == sum((n.retention for n in schedule.nodes), D(0))
