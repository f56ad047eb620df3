"""Amounts in words: every REFERENCE.md example, the PBOC zero and 整 rules, and the English convention."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contractkit.model.words import amount_in_chinese, amount_in_english


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("100000", "壹拾万元整"),
        ("1000.05", "壹仟元零伍分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("10010000.10", "壹仟零壹万元壹角整"),
        ("100001000", "壹亿零壹仟元整"),
        ("1409.50", "壹仟肆佰零玖元伍角整"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("720000", "柒拾贰万元整"),
        ("2400000.00", "贰佰肆拾万元整"),
        ("0.50", "伍角整"),
        ("0.05", "伍分"),
        ("0", "零元整"),
        ("-0.00", "零元整"),
        ("-36000", "负叁万陆仟元整"),
        ("110", "壹佰壹拾元整"),
        ("100500", "壹拾万零伍佰元整"),
        ("1000000001", "壹拾亿零壹元整"),
    ],
)
def test_chinese_uppercase(amount: str, words: str) -> None:
    assert amount_in_chinese(Decimal(amount)) == words


def test_rounds_half_up_before_writing() -> None:
    assert amount_in_chinese(Decimal("2.675")) == "贰元陆角捌分"
    assert amount_in_chinese(Decimal("2.665")) == "贰元陆角柒分"
    assert amount_in_chinese(Decimal("0.004")) == "零元整"


def test_currency_prefix_and_yen_without_minor_unit() -> None:
    assert amount_in_chinese(Decimal("720000"), "CNY", prefix=True) == "人民币柒拾贰万元整"
    assert amount_in_chinese(Decimal("1500.6"), "JPY", prefix=True) == "日元壹仟伍佰零壹元整"


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        ("720000.50", "GBP", "Seven Hundred and Twenty Thousand Pounds and 50 Pence"),
        ("1005", "GBP", "One Thousand and Five Pounds Only"),
        ("2000050", "GBP", "Two Million and Fifty Pounds Only"),
        ("101101", "GBP", "One Hundred and One Thousand One Hundred and One Pounds Only"),
        ("100", "GBP", "One Hundred Pounds Only"),
        ("1100", "GBP", "One Thousand One Hundred Pounds Only"),
        ("1000001.01", "GBP", "One Million and One Pounds and 1 Penny"),
        ("720000.50", "USD", "Seven Hundred Twenty Thousand Dollars and 50 Cents"),
        ("2400000", "CNY", "Two Million Four Hundred Thousand Yuan Only"),
        ("1.01", "USD", "One Dollar and 1 Cent"),
        ("582.88", "GBP", "Five Hundred and Eighty-Two Pounds and 88 Pence"),
        ("1000000001", "EUR", "One Billion One Euros Only"),
        ("99.995", "HKD", "One Hundred Hong Kong Dollars Only"),
        ("1500.6", "JPY", "One Thousand Five Hundred One Yen Only"),
        ("0.5", "GBP", "Zero Pounds and 50 Pence"),
    ],
)
def test_english_words(amount: str, currency: str, words: str) -> None:
    assert amount_in_english(Decimal(amount), currency) == words
