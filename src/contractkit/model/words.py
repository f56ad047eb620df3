"""Amounts in words: Chinese financial uppercase (大写) and English.

Chinese follows the PBOC writing rules (正确填写票据和结算凭证的基本规定): round half-up to the fen first;
元 is always written when there are yuan; 整 follows 元 or 角 and never 分; a zero jiao before a non-zero fen
writes 零 after 元; a run of zeros inside the number is one 零; a zero that spans a whole 万 or 亿 group
is written as 零 (壹亿零壹仟元整); 壹拾 keeps its 壹.

English (documented in the README): the whole units in words, title case, the currency's unit name, then
"and NN <minor unit>" in figures, or "Only" when there is no minor part. Sterling is written as British
usage writes numbers, with "and" after a hundred and before a last group below a hundred ("Seven Hundred
and Twenty Thousand Pounds and 50 Pence", "One Thousand and Five Pounds Only"); other currencies as
cheques and bank instruments write them, with no "and" inside the number ("Two Million Four Hundred
Thousand Yuan Only").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from contractkit.errors import ContractkitError
from contractkit.model.types import MINOR_UNITS

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")

#: The first integer neither language writes in words (大写 stops at 万亿, English here at Quadrillion): bilingual
#: documents write the same amounts.
WORDS_LIMIT = 10**16


class AmountTooLarge(ContractkitError, ValueError):
    """An amount beyond the largest a document writes in words (below 10,000 trillion): exit 2, never an internal
    error. Every figure of a project is bounded; a sum of them with VAT and interest can still pass this one."""

    def __init__(self, amount: int) -> None:
        super().__init__(
            f"contractkit: {amount:,} is too large to write in words in a document (the largest is "
            "9,999,999,999,999,999); check the amounts in the project file"
        )


#: Chinese prefix naming the currency before the uppercase amount.
ZH_CURRENCY = {
    "CNY": "人民币",
    "USD": "美元",
    "EUR": "欧元",
    "GBP": "英镑",
    "HKD": "港币",
    "JPY": "日元",
}


def _group_to_zh(group: int) -> str:
    """0 < group < 10000 as 大写 digits with 仟佰拾, inner zero runs as one 零, trailing zeros dropped."""
    out = ""
    zero_pending = False
    digits = f"{group:04d}"
    for pos, ch in enumerate(digits):
        d = int(ch)
        unit = _SMALL_UNITS[3 - pos]
        if d == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += _DIGITS[d] + unit
    return out


def integer_to_zh(n: int) -> str:
    """A non-negative integer in 大写, without a unit: 100001000 -> 壹亿零壹仟."""
    if n == 0:
        return "零"
    if n >= WORDS_LIMIT:
        raise AmountTooLarge(n)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out += "零"
        out += _group_to_zh(group) + _GROUP_UNITS[index]
        need_zero = False
    return out


def amount_in_chinese(amount: Decimal, currency: str = "CNY", *, prefix: bool = False) -> str:
    """``Decimal('1000.05')`` -> ``壹仟元零伍分``; with ``prefix`` the currency name comes first."""
    places = MINOR_UNITS.get(currency, 2)
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    negative = rounded < 0
    cents = int((abs(rounded) * 100).to_integral_value())
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    if cents == 0:
        body = "零元整"
    else:
        body = ""
        if yuan:
            body = integer_to_zh(yuan) + "元"
        if jiao:
            body += _DIGITS[jiao] + "角"
        elif fen and yuan:
            body += "零"
        if fen:
            body += _DIGITS[fen] + "分"
        else:
            body += "整"
    sign = "负" if negative else ""
    head = ZH_CURRENCY.get(currency, currency) if prefix else ""
    return head + sign + body


_ONES = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
]
_TENS = ["_", "_", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
_SCALES = ("", "Thousand", "Million", "Billion", "Trillion", "Quadrillion")

#: (major singular, major plural, minor singular, minor plural) per currency.
EN_UNITS = {
    "CNY": ("Yuan", "Yuan", "Fen", "Fen"),
    "USD": ("Dollar", "Dollars", "Cent", "Cents"),
    "EUR": ("Euro", "Euros", "Cent", "Cents"),
    "GBP": ("Pound", "Pounds", "Penny", "Pence"),
    "HKD": ("Hong Kong Dollar", "Hong Kong Dollars", "Cent", "Cents"),
    "JPY": ("Yen", "Yen", "", ""),
}


#: Currencies whose amounts are written as British English writes numbers ("One Hundred and Five").
BRITISH = frozenset({"GBP"})


def _below_thousand(n: int, british: bool = False) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "Hundred"]
        n %= 100
        if british and n:
            words.append("and")
    if n >= 20:
        words.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(_ONES[n])
    return words


def integer_to_english(n: int, *, british: bool = False) -> str:
    """A non-negative integer in words: 720000 -> 'Seven Hundred Twenty Thousand'.

    ``british``: 'Seven Hundred and Twenty Thousand', and 'One Thousand and Five' (an "and" before a last
    group below a hundred that follows a higher one)."""
    if n == 0:
        return "Zero"
    if n >= WORDS_LIMIT:
        raise AmountTooLarge(n)
    words: list[str] = []
    scale = 0
    last = n % 1000
    whole = n
    while n:
        n, chunk = divmod(n, 1000)
        if chunk:
            words = _below_thousand(chunk, british) + ([_SCALES[scale]] if scale else []) + words
        scale += 1
    if british and whole >= 1000 and 0 < last < 100:
        words.insert(len(words) - len(_below_thousand(last)), "and")
    return " ".join(words)


def amount_in_english(amount: Decimal, currency: str = "CNY") -> str:
    """``Decimal('720000.50')``, GBP -> 'Seven Hundred and Twenty Thousand Pounds and 50 Pence'."""
    places = MINOR_UNITS.get(currency, 2)
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    negative = rounded < 0
    rounded = abs(rounded)
    major = int(rounded)
    minor = int(((rounded - major) * (10**places)).to_integral_value()) if places else 0
    single, plural, minor_single, minor_plural = EN_UNITS.get(currency, (currency, currency, "Cent", "Cents"))
    text = f"{integer_to_english(major, british=currency in BRITISH)} {single if major == 1 else plural}"
    if minor:
        text += f" and {minor} {minor_single if minor == 1 else minor_plural}"
    else:
        text += " Only"
    return ("Minus " if negative else "") + text
