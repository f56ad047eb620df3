"""How figures, dates and periods read in each document language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from contractkit.model.types import MINOR_UNITS, format_decimal, format_percent
from contractkit.model.words import ZH_CURRENCY, amount_in_chinese, amount_in_english

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def money(amount: Decimal, currency: str, lang: str) -> str:
    """``人民币720,000.00元`` / ``CNY 720,000.00``."""
    figures = format_decimal(amount, MINOR_UNITS.get(currency, 2))
    if lang == "zh":
        if currency == "CNY":
            return f"人民币{figures}元"
        return f"{ZH_CURRENCY.get(currency, currency)}{figures}"
    return f"{currency} {figures}"


def figures(amount: Decimal, currency: str) -> str:
    """The amount alone: ``720,000.00``."""
    return format_decimal(amount, MINOR_UNITS.get(currency, 2))


def words(amount: Decimal, currency: str, lang: str) -> str:
    """The amount in words: ``人民币柒拾贰万元整`` / ``Seven Hundred Twenty Thousand Yuan Only``."""
    if lang == "zh":
        return amount_in_chinese(amount, currency, prefix=True)
    return amount_in_english(amount, currency)


def percent(value: Decimal) -> str:
    return format_percent(value)


def date(value: dt.date, lang: str) -> str:
    """``2026年2月20日`` / ``20 February 2026``."""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def days(count: int, lang: str, *, working: bool = False) -> str:
    """``14日`` / ``14 days``; working days read ``14个工作日`` / ``14 working days``."""
    if lang == "zh":
        return f"{count}个工作日" if working else f"{count}日"
    unit = "working day" if working else "day"
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
