"""Constrained values used across the project file: money, percentages, dates, identifiers and text.

Every value arrives as text (see ``loading.py``); these types turn text into exact values and say, in the
user's terms, what is wrong when they cannot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

#: Digits after the decimal point in each currency's minor unit (ISO 4217).
MINOR_UNITS: dict[str, int] = {"CNY": 2, "USD": 2, "EUR": 2, "GBP": 2, "HKD": 2, "JPY": 0}

#: The largest amount contractkit accepts; far above any project, small enough to stay exact.
MAX_AMOUNT = Decimal("1e15")
#: The most that amounts of the file may add up to (a bill, a contract price with its variations): a thousand times
#: the largest amount, and still so far inside Decimal's 28 digits that any share, rate or count of days applied to
#: it rounds to a currency's minor unit exactly.
MAX_TOTAL = Decimal("1e18")

#: The dates contractkit accepts. Every period it adds to a date (due days, review periods, limitation,
#: escalation) is at most a few decades, so no computed date can leave the calendar (year 1 to 9999).
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
#: The largest whole number of days, letters or the like (far above any ladder or period, see LAST_DATE).
MAX_COUNT = 36_500

# Digits are the ASCII 0-9 only: ``\d`` (and Decimal) would also take a fullwidth ３ or an Arabic-Indic ٣ (see
# ascii_digits).
_MONEY = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")
_PERCENT = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?%$")
_DECIMAL = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
# Bill item codes: GB 50500 twelve-digit codes (011302001001), FIDIC-style references (A1.2, 3-1-4), or a
# variation's own id; no spaces, no YAML flow punctuation, so a code reads the same in every document.
_ITEM_CODE = re.compile(r"^[^\s,:{}\[\]#&*!|>'\"%@`]{1,40}$")
# XML 1.0 cannot carry these; Word documents would lose or choke on them.
# Half of a UTF-16 pair (U+D800-U+DFFF) is no character at all: text would be cut at it in documents.
# The C1 controls (U+0080-U+009F) are no one's writing either: they come of text decoded in the wrong code page
# (cp1252's curly quotes read as Latin-1), and U+0085 (NEL, YAML's "\N") breaks a line in some programs and not
# in others, so that a one-line name would show on two.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Direction controls that reorder the characters after them on screen (embeddings, overrides and isolates,
# U+202A-U+202E and U+2066-U+2069), so that a legal name or an amount displays other than it is written ("ACME"
# shown as "EMCA"). The invisible marks (U+200E LRM, U+200F RLM, U+061C ALM) are not among them: each acts as one
# strong letter of its direction, cannot reverse a run of text on its own, and comes with Arabic and Hebrew names
# pasted from other sources.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def no_items() -> list[Any]:
    """An empty list, the default of the list fields of the models.

    A function of contractkit's rather than ``list``: pydantic reads a default factory's signature, and for a
    builtin that means parsing its text signature, about a millisecond for each field at every start.
    """
    return []


def no_entries() -> dict[str, Any]:
    """An empty mapping, the default of the mapping fields of the models (see ``no_items``)."""
    return {}


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round an amount half-up to the currency's minor unit."""
    places = MINOR_UNITS.get(currency, 2)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _text_of(value: Any, what: str) -> str:
    if type(value) is str:  # what the YAML loader gives for every scalar
        return value.strip()
    if isinstance(value, (bool, float)):
        # Floats are never exact; amounts must come in as text ("1000.05"), not as binary fractions.
        raise ValueError(f"{what} must be written as text, not as a {type(value).__name__}")
    if isinstance(value, int | Decimal):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not a list or a mapping")
    return value.strip()


def ascii_digits(text: str, value: Any) -> None:
    """ValueError where ``text`` (a number or a date as written) has a digit other than the ASCII 0-9.

    Fullwidth (３), Arabic-Indic (٣) and other digits look like figures and Decimal reads them, but they are not the
    characters a search, a spreadsheet or the client's system takes for a number, and a mix (``1٢3``) reads as a
    number no one wrote."""
    if text.isascii():  # the usual case, decided in C
        return
    for char in text:
        if char.isdecimal() and not char.isascii():
            raise ValueError(
                f"{value!r} has the digit {char!r} (U+{ord(char):04X}); write numbers and dates with the ASCII "
                "digits 0-9"
            )


def parse_money(value: Any) -> Decimal:
    """``"2,400,000.00"`` -> Decimal('2400000.00'); commas only as thousands separators."""
    text = _text_of(value, "an amount").replace(" ", "").replace("\u00a0", "")
    for symbol in ("¥", "￥", "$", "€", "£"):
        text = text.replace(symbol, "")
    ascii_digits(text, value)
    if not _MONEY.match(text):
        raise ValueError(f'{value!r} is not an amount; write it like "720,000.00" or "720000"')
    amount = Decimal(text.replace(",", ""))
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(f"{value!r} is too large for an amount")
    return amount


def parse_amount(value: Any) -> Decimal:
    """An amount that cannot be negative: a price, a node's fixed amount, a payment."""
    amount = parse_money(value)
    if amount < 0:
        raise ValueError(f"{value!r} is negative; this amount must be zero or more")
    return amount


#: The most decimal places a percentage may be written with (0.00027397% is a day's share of 0.1% a year).
PERCENT_PLACES = 8


def parse_percent(value: Any) -> Decimal:
    """``"30%"`` -> Decimal('0.30'), ``"0.05%"`` -> Decimal('0.0005'); the % sign is required."""
    text = _text_of(value, "a percentage").replace(" ", "")
    ascii_digits(text, value)
    if not _PERCENT.match(text):
        raise ValueError(f'{value!r} is not a percentage; write it with a % sign, like "30%" or "0.05%"')
    number = Decimal(text[:-1])
    if abs(number) > 1000:
        raise ValueError(f"{value!r} is too large for a percentage")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > PERCENT_PLACES:
        # beyond any rate a contract or a table states, and past what Decimal keeps exactly once multiplied: the
        # contract would print the digits and the account lose them
        raise ValueError(f"{value!r} has more than {PERCENT_PLACES} decimal places; no rate or share needs them")
    return number / 100


def parse_share(value: Any) -> Decimal:
    """A share of a whole: a percentage from 0% to 100%."""
    share = parse_percent(value)
    if not 0 <= share <= 1:
        raise ValueError(f"{value!r} is not a share of the whole; use 0% to 100%")
    return share


def parse_rate(value: Any) -> Decimal:
    """A published annual reference rate (LPR, Bank Rate, the ECB's main refinancing rate): 0% to 100%.

    None of these has been below zero, and a negative row would turn late-payment interest into a credit to the
    debtor; a figure above 100% is a typing slip (5 for 0.05%)."""
    rate = parse_percent(value)
    if not 0 <= rate <= 1:
        raise ValueError(f'{value!r} is not a reference rate; use 0% to 100%, like "3.00%"')
    return rate


def parse_decimal(value: Any) -> Decimal:
    """A plain number such as ``"1.5"``."""
    text = _text_of(value, "a number")
    ascii_digits(text, value)
    if not _DECIMAL.match(text):
        raise ValueError(f"{value!r} is not a number")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"{value!r} is not a number") from None
    if abs(number) >= MAX_AMOUNT:
        raise ValueError(f"{value!r} is too large")
    return number


def parse_date(value: Any) -> dt.date:
    """An ISO date ``YYYY-MM-DD`` that exists in the calendar."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return check_date_range(value)
    text = _text_of(value, "a date")
    ascii_digits(text, value)
    if not _DATE.match(text):
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-02-20")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date in the calendar") from None
    return check_date_range(day, value)


def check_date_range(day: dt.date, written: Any = None) -> dt.date:
    """``day`` when contractkit can compute with it (FIRST_DATE to LAST_DATE), else ValueError."""
    if not FIRST_DATE <= day <= LAST_DATE:
        shown = repr(written) if written is not None else day.isoformat()
        raise ValueError(f"{shown} is outside the dates contractkit works with ({FIRST_DATE} to {LAST_DATE})")
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def parse_quantity(value: Any) -> Decimal:
    """A measured quantity such as ``"3,860.00"`` or ``"12.5"``: exact, thousands separators allowed."""
    text = _text_of(value, "a quantity").replace(" ", "").replace("\u00a0", "")
    ascii_digits(text, value)
    if not _MONEY.match(text):
        raise ValueError(f'{value!r} is not a quantity; write it like "3,860.00" or "12.5"')
    quantity = Decimal(text.replace(",", ""))
    if abs(quantity) >= MAX_AMOUNT:
        raise ValueError(f"{value!r} is too large for a quantity")
    return quantity


def parse_item_code(value: Any) -> str:
    """A bill item's code: up to 40 characters without spaces or YAML punctuation, like 011302001001 or A1.2."""
    text = _text_of(value, "an item code")
    _characters(text)
    if not _ITEM_CODE.match(text):
        raise ValueError(
            f"{value!r} is not a usable item code; use up to 40 characters without spaces or the characters "
            ", : { } [ ] # & * ! | > ' \" % @ `, like 011302001001 or A1.2"
        )
    return text


def parse_days(value: Any) -> int:
    """A whole number of days, 0 to 3650."""
    text = _text_of(value, "a number of days")
    ascii_digits(text, value)
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{value!r} is not a whole number of days")
    # the length first: int() of thousands of digits is refused by Python itself, in its own words
    days = int(text) if len(text) <= 9 else 10**9
    if days > 3650:
        shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} digits)"
        raise ValueError(f"{shown} days is more than ten years")
    return days


def parse_count(value: Any) -> int:
    """A whole number from 0 to MAX_COUNT."""
    text = _text_of(value, "a whole number")
    ascii_digits(text, value)
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{value!r} is not a whole number")
    if len(text) > 9 or int(text) > MAX_COUNT:
        raise ValueError(f"{value!r} is too large; at most {MAX_COUNT:,}")
    return int(text)


def parse_bool(value: Any) -> bool:
    """``true``/``false`` (also yes/no) as a boolean."""
    if isinstance(value, bool):
        return value
    text = _text_of(value, "true or false").lower()
    if text in {"true", "yes"}:
        return True
    if text in {"false", "no"}:
        return False
    raise ValueError(f"{value!r} is not true or false")


def _characters(text: str) -> None:
    """ValueError where ``text`` has a character a document cannot carry, or one that changes how it displays."""
    bad = _ILLEGAL.search(text)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        raise ValueError(
            f"contains U+{ord(bad.group()):04X}, half of a character pair with the other half missing; "
            "write the character itself"
        )
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
    bidi = _BIDI.search(text)
    if bidi:
        raise ValueError(
            f"contains the invisible direction control U+{ord(bidi.group()):04X}, which makes the text display in "
            "another order than it is written (a name could read reversed); remove it"
        )


def parse_text(value: Any) -> str:
    """Free text (may span lines); characters a document cannot carry, or that change the order it displays in,
    are refused."""
    text = _text_of(value, "text")
    _characters(text)
    if len(text) > 20000:
        raise ValueError("is longer than 20,000 characters")
    return text


def parse_line(value: Any) -> str:
    """Single-line text such as a name or a title; it must not be empty."""
    text = parse_text(value)
    if _LINE_BREAKS.search(text):
        raise ValueError("must be on one line (no line breaks or tabs)")
    if not text:
        raise ValueError("must not be empty")
    if len(text) > 500:
        raise ValueError("is longer than 500 characters")
    return text


def parse_id(value: Any) -> str:
    """An identifier such as ``P2`` or ``AC-FIT``: letters, digits, ``. _ -``, up to 40 characters."""
    text = _text_of(value, "an id")
    if not _ID.match(text):
        raise ValueError(
            f"{value!r} is not a usable id; use letters, digits, '.', '_' or '-' (up to 40), like P2 or AC-FIT"
        )
    return text


def parse_currency(value: Any) -> str:
    """An ISO 4217 code contractkit knows the minor unit of."""
    text = _text_of(value, "a currency").upper()
    if text not in MINOR_UNITS:
        raise ValueError(f"{value!r} is not a supported currency; use one of {', '.join(MINOR_UNITS)}")
    return text


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """``Decimal('2400000')`` -> ``'2,400,000.00'`` with thousands separators."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{value:,}" if places is None else f"{value:,.{places}f}"


def format_percent(value: Decimal) -> str:
    """A fraction as a percentage without trailing zeros: ``Decimal('0.0005')`` -> ``'0.05%'``."""
    number = (value * 100).normalize()
    text = f"{number:f}"
    return f"{text}%"


def _string(pattern: str | None = None, example: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if pattern:
        schema["pattern"] = pattern
    if example:
        schema["examples"] = [example]
    return schema


class _FromText:
    """A value typed from the text of a file by ``parse``, as ``Annotated[kind, BeforeValidator(parse),
    PlainSerializer(...), WithJsonSchema(...)]`` types it, with the core schema made once.

    pydantic works such a chain of annotations out again for every field of the type, at every start (a
    project file has about a hundred such fields); here each type hands it the schema it made once.
    """

    def __init__(
        self,
        parse: Callable[[Any], Any],
        kind: core_schema.CoreSchema,
        json_schema: dict[str, Any],
        serialize: Callable[[Any], str] | None = None,
    ) -> None:
        self.func = parse  # named as BeforeValidator names it (scripts/gen_docs.py reads it)
        self.json_schema = json_schema
        serialization = (
            core_schema.plain_serializer_function_ser_schema(serialize, return_schema=core_schema.str_schema())
            if serialize
            else None
        )
        self.schema = core_schema.no_info_before_validator_function(parse, kind, serialization=serialization)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return self.schema.copy()

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return dict(self.json_schema)


def _figures(value: Decimal) -> str:
    return f"{value:f}"


_AS_DECIMAL, _AS_DATE, _AS_INT = core_schema.decimal_schema(), core_schema.date_schema(), core_schema.int_schema()
_AS_BOOL, _AS_STR = core_schema.bool_schema(), core_schema.str_schema()
_UNSIGNED_MONEY = _MONEY.pattern.replace("[+-]?", "")
_UNSIGNED_PERCENT = _PERCENT.pattern.replace("[+-]?", "\\+?")

Money = Annotated[Decimal, _FromText(parse_money, _AS_DECIMAL, _string(_MONEY.pattern, "720,000.00"), _figures)]
Amount = Annotated[Decimal, _FromText(parse_amount, _AS_DECIMAL, _string(_UNSIGNED_MONEY, "720,000.00"), _figures)]
Percent = Annotated[Decimal, _FromText(parse_percent, _AS_DECIMAL, _string(_PERCENT.pattern, "30%"), format_percent)]
Share = Annotated[Decimal, _FromText(parse_share, _AS_DECIMAL, _string(_UNSIGNED_PERCENT, "30%"), format_percent)]
Rate = Annotated[Decimal, _FromText(parse_rate, _AS_DECIMAL, _string(_UNSIGNED_PERCENT, "3.00%"), format_percent)]
Number = Annotated[Decimal, _FromText(parse_decimal, _AS_DECIMAL, _string(_DECIMAL.pattern, "1.5"), _figures)]
Quantity = Annotated[Decimal, _FromText(parse_quantity, _AS_DECIMAL, _string(_MONEY.pattern, "3,860.00"), _figures)]
ItemCode = Annotated[str, _FromText(parse_item_code, _AS_STR, _string(_ITEM_CODE.pattern, "011302001001"))]
Date = Annotated[dt.date, _FromText(parse_date, _AS_DATE, _string(_DATE.pattern, "2026-02-20"))]
Days = Annotated[int, _FromText(parse_days, _AS_INT, _string(r"^\d+$", "14"))]
Count = Annotated[int, _FromText(parse_count, _AS_INT, _string(r"^\d+$", "1"))]
Flag = Annotated[bool, _FromText(parse_bool, _AS_BOOL, {"enum": ["true", "false"]})]
Text = Annotated[str, _FromText(parse_text, _AS_STR, _string())]
Line = Annotated[str, _FromText(parse_line, _AS_STR, _string())]
Id = Annotated[str, _FromText(parse_id, _AS_STR, _string(_ID.pattern, "P2"))]
Currency = Annotated[str, _FromText(parse_currency, _AS_STR, {"enum": list(MINOR_UNITS)})]
