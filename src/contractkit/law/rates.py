"""Reference-rate tables (LPR, Bank Rate, ECB) shipped as data with sources, extendable by the project."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from contractkit.errors import InputError
from contractkit.model.loading import load_yaml_file
from contractkit.model.models import Project, RateRow
from contractkit.model.types import parse_date, parse_percent

_DATA = Path(__file__).parent / "data" / "rates"


@dataclass(frozen=True)
class RatePoint:
    start: dt.date
    rate: Decimal  # annual, as a fraction
    source: str


@dataclass(frozen=True)
class RateTable:
    """A step function of dates to annual rates."""

    name: str
    title_zh: str
    title_en: str
    points: tuple[RatePoint, ...]
    verified_through: dt.date | None

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def at(self, day: dt.date) -> RatePoint:
        """The rate in force on ``day``; InputError when the table does not reach back that far."""
        starts = [p.start for p in self.points]
        i = bisect_right(starts, day) - 1
        if i < 0:
            raise InputError(
                file=f"rates/{self.name}",
                message=f"no {self.title_en} is known for {day}; the table starts on {starts[0]}",
            )
        return self.points[i]

    def changes_between(self, start: dt.date, end: dt.date) -> list[RatePoint]:
        """Rate changes strictly after ``start`` and on or before ``end``."""
        return [p for p in self.points if start < p.start <= end]

    def with_rows(self, rows: list[RateRow]) -> RateTable:
        """This table with the project's own rows added (a project row replaces a shipped one of the same date)."""
        merged = {p.start: p for p in self.points}
        for row in rows:
            merged[row.from_] = RatePoint(row.from_, row.rate, row.source or "project file")
        points = tuple(merged[d] for d in sorted(merged))
        latest = max((row.from_ for row in rows), default=None)
        through = (
            max(d for d in (self.verified_through, latest) if d is not None)
            if (self.verified_through or latest)
            else None
        )
        return RateTable(self.name, self.title_zh, self.title_en, points, through)


@cache
def shipped_table(name: str) -> RateTable:
    path = _DATA / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in _DATA.glob("*.yaml")))
        raise InputError(file=path, message=f"no rate table {name!r}; known tables: {known}")
    data, _ = load_yaml_file(path)
    points = tuple(
        RatePoint(parse_date(row["from"]), parse_percent(row["rate"]), row.get("source") or "") for row in data["rows"]
    )
    through = parse_date(data["verified_through"]) if data.get("verified_through") else None
    return RateTable(name, data["title"]["zh"], data["title"]["en"], points, through)


def shipped_names() -> list[str]:
    """The rate tables shipped with contractkit (listed once: the package's data does not change while it runs)."""
    return list(_shipped_names())


@cache
def _shipped_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in _DATA.glob("*.yaml")))


def rate_table(project: Project, name: str) -> RateTable:
    """A shipped table extended by the project's rows, or a table the project defines entirely."""
    rows = project.rates.get(name, [])
    if name in _shipped_names():
        return shipped_table(name).with_rows(rows)
    if not rows:
        raise InputError(
            file="project.yaml",
            message=f"no rate table {name!r}: add its rows under rates: {{{name}: [{{from: DATE, rate: 3.00%}}]}}",
        )
    points = tuple(RatePoint(r.from_, r.rate, r.source or "project file") for r in sorted(rows, key=lambda r: r.from_))
    # a letter names the rate, never the table's key: the rates the clause library asks for are named here, any
    # other by its key read as words
    zh, en = _TITLES.get(name, (name, name.replace("-", " ")))
    return RateTable(name, zh, en, points, points[-1].start)


#: How letters name the reference rates the projects' own tables hold (Chinese, English).
_TITLES = {"central-bank-discount": ("中央银行贴现率", "central bank discount rate")}
