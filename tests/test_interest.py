"""Interest calculators: REFERENCE.md's worked examples to the cent, partial payments, rate changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from contractkit.account.interest import Balance, accrue, uk_fixed_compensation, uk_reference_day
from contractkit.account.terms import interest_terms
from contractkit.law import law_for
from contractkit.law.interest import InterestTerms, Method
from contractkit.model.models import Jurisdiction, PartySize, ProjectKind, RateRow
from contractkit.model.project import parse_project
from tests.projects import BASE_FILE

D = Decimal
PROJECT = parse_project(BASE_FILE.read_text(encoding="utf-8")).project


def days_after(due: dt.date, days: int) -> dt.date:
    return due + dt.timedelta(days=days)


def test_example_1_daily_rate() -> None:
    due = dt.date(2026, 3, 1)
    terms = InterestTerms(Method.DAILY, "x", daily_rate=D("0.0005"))
    result = accrue(terms, [Balance(due, days_after(due, 45), D("1000000.00"))], "CNY", PROJECT, due=due)
    assert result.interest == D("22500.00")
    (period,) = result.periods
    assert (period.first, period.last, period.days) == (dt.date(2026, 3, 2), dt.date(2026, 4, 15), 45)


def test_example_2_uk_late_payment_act() -> None:
    project = PROJECT.model_copy(update={"jurisdiction": Jurisdiction.UK})
    terms = law_for(project).statutory_interest(project)
    due = dt.date(2026, 2, 10)  # due in 2026-H1: Bank Rate on 31 December 2025, 3.75%
    result = accrue(terms, [Balance(due, days_after(due, 60), D("25000.00"))], "GBP", project, due=due)
    assert result.periods[0].rate == D("0.1175")
    assert result.interest == D("482.88")
    assert result.compensation == D("100")
    assert result.total == D("582.88")


@pytest.mark.parametrize(("day_count", "expected"), [(365, "6164.38"), (360, "6250.00")])
def test_example_3_lpr_multiple(day_count: int, expected: str) -> None:
    due = dt.date(2026, 1, 10)
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y", multiplier=D("1.5"), day_count=day_count)
    result = accrue(terms, [Balance(due, days_after(due, 100), D("500000.00"))], "CNY", PROJECT, due=due)
    assert result.periods[0].rate == D("0.045")
    assert result.interest == D(expected)


def test_partial_payment_reduces_the_balance_from_the_day_after() -> None:
    # 100,000 due 10 Jan; 40,000 paid 30 Jan; 60,000 still owed on 1 Mar; 6% a year, 365 days:
    # 100,000 x 6% x 20/365 = 328.77 ; 60,000 x 6% x 30/365 = 295.89
    due = dt.date(2026, 1, 10)
    balances = [
        Balance(due, dt.date(2026, 1, 30), D("100000")),
        Balance(dt.date(2026, 1, 30), dt.date(2026, 3, 1), D("60000")),
    ]
    terms = InterestTerms(Method.ANNUAL, "x", annual_rate=D("0.06"))
    result = accrue(terms, balances, "CNY", PROJECT, due=due)
    assert [p.amount for p in result.periods] == [D("328.77"), D("295.89")]
    assert result.interest == D("624.66")


def test_floating_lpr_changes_mid_period() -> None:
    # LPR 3.10% until 19 May 2025, 3.00% from 20 May: 100,000 x 3.10% x 18/365 = 152.88,
    # 100,000 x 3.00% x 42/365 = 345.21
    due = dt.date(2025, 5, 1)
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y", floating=True)
    result = accrue(terms, [Balance(due, dt.date(2025, 6, 30), D("100000"))], "CNY", PROJECT, due=due)
    assert [(p.first, p.last, p.days, p.amount) for p in result.periods] == [
        (dt.date(2025, 5, 2), dt.date(2025, 5, 19), 18, D("152.88")),
        (dt.date(2025, 5, 20), dt.date(2025, 6, 30), 42, D("345.21")),
    ]
    assert result.interest == D("498.09")


def test_fixed_lpr_ignores_later_changes() -> None:
    due = dt.date(2025, 5, 1)
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y", floating=False)
    result = accrue(terms, [Balance(due, dt.date(2025, 6, 30), D("100000"))], "CNY", PROJECT, due=due)
    assert len(result.periods) == 1 and result.periods[0].rate == D("0.031")
    assert result.interest == D("509.59")  # 100,000 x 3.10% x 60/365


def test_user_rows_extend_the_lpr_table() -> None:
    project = PROJECT.model_copy(
        update={"rates": {"lpr-1y": [RateRow.model_validate({"from": "2026-06-20", "rate": "2.80%"})]}}
    )
    due = dt.date(2026, 6, 1)
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y", floating=True)
    result = accrue(terms, [Balance(due, dt.date(2026, 6, 30), D("365000"))], "CNY", project, due=due)
    assert [p.rate for p in result.periods] == [D("0.03"), D("0.028")]
    assert [p.amount for p in result.periods] == [D("540.00"), D("308.00")]  # 2-19 June: 18 days; 20-30 June: 11


def test_fidic_financing_charges_compound_monthly() -> None:
    project = PROJECT.model_copy(update={"rates": {}})
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y", margin=D("0.03"), floating=True, compound_monthly=True)
    due = dt.date(2026, 1, 31)
    result = accrue(terms, [Balance(due, dt.date(2026, 3, 31), D("100000"))], "USD", project, due=due)
    first, second = result.periods
    assert (first.first, first.last, first.principal) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28), D("100000"))
    assert first.amount == D("460.27")  # 100,000 x 6% x 28/365
    assert second.principal == D("100460.27")  # February's charge bears charges from March
    assert second.amount == D("511.93")  # 100,460.27 x 6% x 31/365


def test_eu_directive_rate_resets_each_half_year() -> None:
    project = PROJECT.model_copy(update={"jurisdiction": Jurisdiction.EU})
    terms = law_for(project).statutory_interest(project)
    due = dt.date(2025, 6, 20)
    result = accrue(terms, [Balance(due, dt.date(2025, 7, 10), D("10000"))], "EUR", project, due=due)
    # ECB rate on 1 January 2025 was 3.15%, on 1 July 2025 2.15%; plus 8 points
    assert [p.rate for p in result.periods] == [D("0.1115"), D("0.1015")]
    assert result.compensation == D("40")


@pytest.mark.parametrize(("debt", "fixed"), [("999.99", "40"), ("1000", "70"), ("9999.99", "70"), ("10000", "100")])
def test_uk_fixed_compensation_tiers(debt: str, fixed: str) -> None:
    assert uk_fixed_compensation(D(debt)) == D(fixed)


def test_cn_defaults_when_the_contract_is_silent() -> None:
    silent = PROJECT.model_copy(update={"clauses": []})
    assert interest_terms(silent).basis == "cn.sme-payment.17"
    assert interest_terms(silent).daily_rate == D("0.0005")
    both_large = silent.model_copy(
        update={
            "parties": silent.parties.model_copy(
                update={"contractor": silent.parties.contractor.model_copy(update={"size": PartySize.LARGE})}
            )
        }
    )
    assert interest_terms(both_large).basis == "cn.spc-construction.26"
    services = both_large.model_copy(
        update={"project": both_large.project.model_copy(update={"kind": ProjectKind.SERVICES})}
    )
    terms = interest_terms(services)
    assert (terms.basis, terms.multiplier) == ("cn.spc-sales.18.4", D("1.3"))


def test_contract_clause_wins_over_the_default() -> None:
    terms = interest_terms(PROJECT)
    assert terms.basis == "clause:penalty.late-payment-interest" and terms.daily_rate == D("0.0005")


def test_lpr_before_the_table_starts_is_a_clear_error() -> None:
    from contractkit.errors import InputError

    due = dt.date(2018, 1, 1)
    terms = InterestTerms(Method.REFERENCE, "x", table="lpr-1y")
    with pytest.raises(InputError, match="no one-year Loan Prime Rate"):
        accrue(terms, [Balance(due, dt.date(2018, 2, 1), D("1"))], "CNY", PROJECT, due=due)


def test_uk_rate_is_fixed_by_the_half_year_in_which_interest_starts_to_run() -> None:
    # SI 2002/1675 art. 4: a debt due on 30 June starts bearing interest on 1 July, so the rate in force on
    # 30 June fixes it, not the one on 31 December.
    assert uk_reference_day(dt.date(2026, 7, 1)) == dt.date(2026, 6, 30)
    assert uk_reference_day(dt.date(2026, 6, 30)) == dt.date(2025, 12, 31)
    project = PROJECT.model_copy(update={"jurisdiction": Jurisdiction.UK})
    terms = law_for(project).statutory_interest(project)
    due = dt.date(2026, 6, 30)
    result = accrue(terms, [Balance(due, days_after(due, 10), D("1000.00"))], "GBP", project, due=due)
    assert "on 2026-06-30" in result.periods[0].note


def test_the_lpr_clause_never_charges_an_sme_less_than_the_lpr_at_signing() -> None:
    # signed 2024-06-01 when the LPR was 3.45%; floating at 1 x LPR, which fell to 3.10% in October 2024
    from contractkit.model.models import ClauseUse

    project = PROJECT.model_copy(
        update={
            "clauses": [
                ClauseUse(use="penalty.late-payment-lpr", **{"with": {"lpr_multiplier": "1", "lpr_basis": "floating"}})
            ],
            "contract": PROJECT.contract.model_copy(update={"signed_on": dt.date(2024, 6, 1)}),
        }
    )
    terms = interest_terms(project)
    assert terms.floor == D("0.0345")
    due = dt.date(2024, 9, 30)
    result = accrue(terms, [Balance(due, dt.date(2024, 11, 30), D("100000"))], "CNY", project, due=due)
    assert {p.rate for p in result.periods} == {D("0.0345")}  # 3.35% and 3.10% both lifted to the floor
