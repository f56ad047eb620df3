"""Evaluate the formulas of an exported workbook the way a spreadsheet does, in exact decimals, so that tests can
assert what a project manager sees in each cell.

Covers what contractkit writes: numbers, strings, cell and range references (with $ and 'Sheet'!), + - * /,
comparisons, and ROUND, ROUNDDOWN, SUM, MIN, MAX, IF, AND, SUMIFS. ROUND rounds half away from zero as Excel does.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>(?:'[^']+'!|[A-Za-z0-9_]+!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<string>\"[^\"]*\")|(?P<func>[A-Z]+)\(|(?P<op><=|>=|<>|[-+*/(),=<>]))"
)


class Workbook:
    """A workbook's cells, with formulas evaluated on demand."""

    def __init__(self, path: Path) -> None:
        self.book = openpyxl.load_workbook(path, data_only=False)
        self.cache: dict[tuple[str, str], Any] = {}

    def value(self, sheet: str, ref: str) -> Any:
        key = (sheet, ref.replace("$", ""))
        if key not in self.cache:
            raw = self.book[sheet][key[1]].value
            self.cache[key] = (
                self._evaluate(sheet, raw[1:]) if isinstance(raw, str) and raw.startswith("=") else _plain(raw)
            )
        return self.cache[key]

    def rows(self, sheet: str) -> list[list[Any]]:
        ws = self.book[sheet]
        return [
            [self.value(sheet, f"{get_column_letter(c)}{r}") for c in range(1, ws.max_column + 1)]
            for r in range(1, ws.max_row + 1)
        ]

    def _range(self, sheet: str, ref: str) -> list[Any]:
        if "!" in ref:
            name, ref = ref.rsplit("!", 1)
            sheet = name.strip("'")
        ref = ref.replace("$", "")
        if ":" not in ref:
            return [self.value(sheet, ref)]
        start, end = ref.split(":")
        c1, r1 = _split(start)
        c2, r2 = _split(end)
        return [self.value(sheet, f"{get_column_letter(c)}{r}") for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def _evaluate(self, sheet: str, formula: str) -> Any:
        tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _TOKEN.finditer(formula)]
        parser = _Parser(self, sheet, tokens)
        result = parser.comparison()
        assert parser.i == len(tokens), f"unparsed: {formula}"
        return result


def _split(ref: str) -> tuple[int, int]:
    letters = re.match(r"[A-Z]+", ref)
    assert letters is not None
    return column_index_from_string(letters.group()), int(ref[letters.end() :])


def _plain(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if isinstance(raw, dt.datetime):
        return raw.date()
    return raw


def _number(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, dt.date):
        return Decimal(value.toordinal())
    if isinstance(value, bool):
        return Decimal(int(value))
    return Decimal(value)


class _Parser:
    def __init__(self, book: Workbook, sheet: str, tokens: list[tuple[str | None, str]]) -> None:
        self.book, self.sheet, self.tokens, self.i = book, sheet, tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str | None, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def comparison(self) -> Any:
        left = self.sum()
        while self.peek() in {"=", "<", ">", "<=", ">=", "<>"}:
            op = self.take()[1]
            right = self.sum()
            a, b = (left, right) if isinstance(left, str) or isinstance(right, str) else (_number(left), _number(right))
            left = {"=": a == b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b, "<>": a != b}[op]
        return left

    def sum(self) -> Any:
        left = self.product()
        while self.peek() in {"+", "-"}:
            op = self.take()[1]
            right = self.product()
            left = _number(left) + _number(right) if op == "+" else _number(left) - _number(right)
        return left

    def product(self) -> Any:
        left = self.unary()
        while self.peek() in {"*", "/"}:
            op = self.take()[1]
            right = self.unary()
            left = _number(left) * _number(right) if op == "*" else _number(left) / _number(right)
        return left

    def unary(self) -> Any:
        if self.peek() == "-":
            self.take()
            return -_number(self.unary())
        return self.atom()

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return Decimal(text)
        if kind == "string":
            return text[1:-1]
        if kind == "ref":
            values = self.book._range(self.sheet, text)
            return values if ":" in text else values[0]
        if kind == "func":
            args = []
            while self.peek() != ")":
                args.append(self.comparison())
                if self.peek() == ",":
                    self.take()
            self.take()
            return _call(text, args)
        if text == "(":
            value = self.comparison()
            assert self.take()[1] == ")"
            return value
        raise AssertionError(f"unexpected {text!r}")


def _flat(args: list[Any]) -> list[Any]:
    out: list[Any] = []
    for a in args:
        out += a if isinstance(a, list) else [a]
    return out


def _call(name: str, args: list[Any]) -> Any:
    if name in {"ROUND", "ROUNDDOWN"}:
        places = int(_number(args[1]))
        mode = ROUND_DOWN if name == "ROUNDDOWN" else ROUND_HALF_UP
        return _number(args[0]).quantize(Decimal(1).scaleb(-places), rounding=mode)
    if name == "SUM":
        return sum((_number(v) for v in _flat(args) if not isinstance(v, str)), Decimal(0))
    if name == "MIN":
        return min(_number(v) for v in _flat(args))
    if name == "MAX":
        return max(_number(v) for v in _flat(args))
    if name == "IF":
        return args[1] if args[0] else (args[2] if len(args) > 2 else False)
    if name == "AND":
        return all(args)
    if name == "SUMIFS":
        values, pairs = args[0], list(zip(args[1::2], args[2::2], strict=True))
        total = Decimal(0)
        for i, v in enumerate(values):
            if all(rng[i] == crit for rng, crit in pairs):
                total += _number(v)
        return total
    raise AssertionError(f"function {name} is not supported here")
