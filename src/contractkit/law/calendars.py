"""Working-day calendars: China's official holidays and makeup workdays (调休), other jurisdictions'
weekends and public holidays, and the user's own calendar file.

China moves holidays each year by State Council notice; the ``chinesecalendar`` package carries the
official data and stops where the notices stop. A date beyond it fails loudly unless the project supplies
the year in its calendar: a guessed working day would put a wrong due date into a demand letter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import ContractkitError, InputError, InputErrors
from contractkit.model.loading import (
    MAX_FILE_BYTES,
    Loc,
    SourceMap,
    UnusableFile,
    decode_text,
    dotted,
    load_yaml_file,
    parse_yaml,
    read_bounded,
)
from contractkit.model.models import CalendarSettings, Jurisdiction, Project
from contractkit.model.project import located_errors, path_in_project
from contractkit.model.types import LAST_DATE


class CalendarGap(ContractkitError):
    """A working-day count reaches a date no calendar data covers."""


@functools.lru_cache(maxsize=4096)
def _cn_is_workday(day: dt.date) -> bool:
    """chinese_calendar's answer for a day, kept: the library works out the range of its data at every call,
    which is most of a working-day count's time (a day it has no data for raises, and is not kept)."""
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


@functools.cache
def _official_years() -> tuple[int, int] | None:
    """The first and last year the installed ``chinesecalendar`` data covers (the package answers for the
    whole of each such year and raises for any other); worked out once, not at every day asked about."""
    try:
        from chinese_calendar import constants

        years = [day.year for day in constants.holidays]
        return min(years), max(years)
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - a package without the table
        return None


@dataclass
class WorkingCalendar:
    """Which days are working days, for one jurisdiction and project."""

    jurisdiction: Jurisdiction
    country: str | None = None  # ISO 3166 code, maybe with a subdivision ("GB-ENG"), whose public holidays count
    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)
    user_through: dt.date | None = None
    source: Path | None = None  # the project file whose calendar: would supply a missing year
    _public: dict[int, set[dt.date]] = field(default_factory=dict)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if self.jurisdiction is Jurisdiction.CN:
            return self._cn_workday(day)
        if day.weekday() >= 5:
            return False
        return day not in self._public_holidays(day.year)

    def _cn_workday(self, day: dt.date) -> bool:
        years = _official_years()
        try:
            if years is not None and not years[0] <= day.year <= years[1]:
                raise NotImplementedError  # the package would raise too, after scanning its table
            return _cn_is_workday(day)
        except NotImplementedError:
            if self.user_through is not None and day <= self.user_through:
                return day.weekday() < 5
            raise CalendarGap(gap_message(day, self.user_through, self.source)) from None

    def _public_holidays(self, year: int) -> set[dt.date]:
        # No gap here: the ``holidays`` package computes public holidays by rule for any year (England's bank
        # holidays, Christmas Day and Good Friday included), so these calendars never run out of data. Only
        # China's, set each year by State Council notice, does (``_cn_workday``).
        if year not in self._public:
            self._public[year] = set()
            if self.country:
                try:
                    self._public[year] = public_holidays(self.country, year)
                except ValueError as exc:
                    raise ContractkitError(f"contractkit: calendar.country {exc}") from None
        return self._public[year]

    def is_public_holiday(self, day: dt.date) -> bool:
        """A public holiday (a bank holiday in England and Wales, Christmas Day, Good Friday), weekends aside."""
        if day in self.holidays:
            return True
        if day in self.workdays or self.jurisdiction is Jurisdiction.CN:
            return False
        return day in self._public_holidays(day.year)

    def fixed_holiday(self, day: dt.date) -> str:
        """The name of the public holiday the law fixes on ``day``'s date every year, whatever any year's notice
        moves around it, or "": for China the holidays by solar date of the Measures on National Holidays and
        Memorial Days (全国年节及纪念日放假办法, as revised in 2024) art. 2; elsewhere none is named here."""
        if self.jurisdiction is not Jurisdiction.CN or day in self.workdays:
            return ""
        return _CN_FIXED_HOLIDAYS.get((day.month, day.day), "")

    def add_days_excluding_holidays(self, start: dt.date, count: int) -> dt.date:
        """The last day of a period of ``count`` days after ``start`` (``start`` not counted) in which public
        holidays are not counted."""
        day, remaining = start, count
        while remaining > 0:
            day += dt.timedelta(days=1)
            if not self.is_public_holiday(day):
                remaining -= 1
        return day

    def days_excluding_holidays(self, start: dt.date, end: dt.date) -> int:
        """How many days after ``start`` up to and including ``end`` are not public holidays: a period counted
        as ``add_days_excluding_holidays`` counts it (0 where ``end`` is not after ``start``)."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if not self.is_public_holiday(day):
                count += 1
        return count

    def latest_before(self, end: dt.date, count: int) -> dt.date:
        """The last day on which something is done "not later than ``count`` days before ``end``": the period
        runs from the day after it up to ``end`` and holds ``count`` days that are not public holidays."""
        if count <= 0:
            return end
        day, counted = end, 0
        while True:
            if not self.is_public_holiday(day):
                counted += 1
                if counted >= count:
                    return day - dt.timedelta(days=1)
            day -= dt.timedelta(days=1)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day


#: China's public holidays by solar date (全国年节及纪念日放假办法 art. 2, as revised in 2024, in force 2025-01-01):
#: New Year's Day, 1 January; Labour Day, 1-2 May; National Day, 1-3 October. (The Spring Festival, Qingming,
#: the Dragon Boat and Mid-Autumn festivals fall by the lunar calendar or a solar term.)
_CN_FIXED_HOLIDAYS = {
    (1, 1): "New Year's Day (元旦)",
    (5, 1): "Labour Day (劳动节)",
    (5, 2): "Labour Day (劳动节)",
    (10, 1): "National Day (国庆节)",
    (10, 2): "National Day (国庆节)",
    (10, 3): "National Day (国庆节)",
}


def _last_official_year() -> int | None:
    """The last year the installed ``chinesecalendar`` data covers."""
    years = _official_years()
    return years[1] if years else None


def gap_message(day: dt.date, user_through: dt.date | None = None, source: Path | None = None) -> str:
    """Why ``day`` cannot be counted, and how to supply its year: one message for the CLI, status and the web,
    located at the project file (``source``) whose ``calendar:`` would supply it."""
    last = _last_official_year()
    stops = f"stops at {last}" if last else "stops at the last year the State Council has announced"
    own = f"; the project's calendar: covers up to {user_through}" if user_through else ""
    year = day.year
    where = "project file" if source is None else source.name
    if day > LAST_DATE:
        # no calendar: can reach it (dates stop there): advice to add one would be refused
        return (
            f"{source or 'contractkit'}: {day} is beyond {LAST_DATE}, the last date contractkit works with, so no "
            "deadline or working day can be counted then; use an earlier --as-of or earlier dates"
        )
    example = f"calendar: {{holidays: [{year}-01-01, ...], workdays: [...], through: {year}-12-31}}"
    return (
        f"{source or 'contractkit'}: no official Chinese holiday data for {day} (the chinesecalendar package "
        f"{stops}{own}), so contractkit cannot count working days or roll a deadline off a holiday then and will not "
        f"guess. Add {year}'s public holidays and makeup workdays (调休) from the State Council notice under "
        f"calendar: in the {where}, for example {example}"
    )


def _dates(values: Iterable[dt.date]) -> set[dt.date]:
    return set(values)


#: Whose public holidays are rest days where the project does not say (CN has its own official data).
DEFAULT_COUNTRY = {Jurisdiction.UK: "GB-ENG"}


def public_holidays(country: str, year: int | None = None) -> set[dt.date]:
    """The public holidays of ``country`` (an ISO 3166 code, maybe with a subdivision: "GB-ENG") in ``year``;
    without a year, none, once the country is known. ValueError saying why ``country`` is not one."""
    import holidays

    code, _, subdivision = country.partition("-")
    try:
        found = holidays.country_holidays(code, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        raise ValueError(
            f"{country!r} is not a country (and subdivision) whose public holidays contractkit knows; use an ISO "
            "3166 code such as PH or GB-SCT, or list the holidays under calendar: {holidays: [...]}"
        ) from None
    if year is None:
        return set()
    if code == "GB":
        part = _UK_PART.get(subdivision, "ENG")
        return {day for day, name in found.items() if _uk_bank_holiday(day, str(name), part)}
    return set(found)


#: The part of the United Kingdom whose bank holidays a subdivision code names (Wales shares England's).
_UK_PART = {"": "ENG", "ENG": "ENG", "WLS": "ENG", "SCT": "SCT", "NIR": "NIR"}

#: The days Schedule 1 to the Banking and Financial Dealings Act 1971 makes bank holidays "if it be not a Sunday",
#: by part of the United Kingdom: the only ones that can be bank holidays on a Saturday. (Every other bank holiday is
#: a Monday by rule, or a weekday appointed by proclamation under s.1(3), as New Year's Day in England and Wales,
#: Boxing Day in Scotland and 12 July in Northern Ireland are; St Andrew's Day on a weekend moves to the Monday,
#: St Andrew's Day Bank Holiday (Scotland) Act 2007 s.1.)
_SATURDAY_BANK_HOLIDAYS = {
    "ENG": {(12, 26)},
    "SCT": {(1, 1), (1, 2)},
    "NIR": {(3, 17), (12, 26)},
}


def _uk_bank_holiday(day: dt.date, name: str, part: str) -> bool:
    """Whether a day the ``holidays`` package lists for a part of the United Kingdom is one the Construction Act's
    s.116 leaves out: Christmas Day and Good Friday whatever the day, and bank holidays under the Banking and
    Financial Dealings Act 1971 in that part, which are weekdays but for the days Sch.1 makes bank holidays "if it
    be not a Sunday" falling on a Saturday (26 December in England and Wales). The package also lists such days on a
    Sunday, and New Year's Day, Boxing Day, St Andrew's Day and the like on a weekend, whose bank holidays are the
    substitute weekdays it lists as well."""
    if day.weekday() < 5 or name.startswith("Christmas Day"):
        return True
    return day.weekday() == 5 and (day.month, day.day) in _SATURDAY_BANK_HOLIDAYS[part]


def project_calendar(
    project: Project, folder: Path | None = None, source: Path | None = None, *, lines: SourceMap | None = None
) -> WorkingCalendar:
    """The calendar a project's periods count in: working days, and rest days a last day rolls off.

    Every problem with the ``calendar:`` it names is raised together (InputErrors when there are several),
    each where it is written: in the calendar file, or at its key in the project file ``source``, whose
    ``lines`` locate it (read again from ``source`` when not given: only a message needs them). ``validate``
    reports the same problems from this same function (rule FIL003).
    """
    settings = project.calendar or CalendarSettings()
    holidays, workdays, through = _dates(settings.holidays), _dates(settings.workdays), settings.through
    at_project = _ProjectKeys(source, lines)
    problems: list[InputError] = []
    country = settings.country
    if settings.file:
        try:
            extra = _calendar_file(folder or Path("."), settings.file, at_project)
        except InputErrors as exc:
            problems += exc.errors
        except InputError as exc:
            problems.append(exc)
        else:
            holidays |= set(extra.holidays)
            workdays |= set(extra.workdays)
            if extra.through and (through is None or extra.through > through):
                through = extra.through
            country = country or extra.country  # checked in the file, as the file is read
    if settings.country:
        try:
            public_holidays(settings.country)
        except ValueError as exc:
            problems.append(at_project.error(("calendar", "country"), str(exc)))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems)
    country = country or DEFAULT_COUNTRY.get(project.jurisdiction)
    return WorkingCalendar(project.jurisdiction, country, holidays, workdays, through, source)


@dataclass
class _ProjectKeys:
    """The project file's ``calendar:`` keys, to locate a problem with one at its line."""

    source: Path | None
    lines: SourceMap | None

    def error(self, loc: Loc, message: str) -> InputError:
        if self.lines is None and self.source is not None:
            # gone or spoilt since it was loaded: the message stands without its line
            with contextlib.suppress(ContractkitError):
                _, self.lines = load_yaml_file(self.source)
        path = dotted(loc)
        return InputError(
            file=self.source or "contractkit",
            line=self.lines.line_for(loc) if self.lines is not None else None,
            message=f"{path}: {message}",
            field=path,
        )


def _calendar_file(folder: Path, written: str, at_project: _ProjectKeys) -> CalendarSettings:
    """The calendar file ``written`` in the project: read bounded (a regular file inside the project folder, see
    ``path_in_project``), then typed as the project file is, its errors in the same words at its own lines."""
    from pydantic import ValidationError

    where = ("calendar", "file")
    try:
        path = path_in_project(folder, written)
    except ValueError as exc:
        raise at_project.error(where, f"{written!r} {exc}") from None
    if at_project.source is not None and path == Path(os.path.realpath(at_project.source)):
        raise at_project.error(
            where, f"{written!r} is the project file itself; name a file that lists holidays:, workdays: and through:"
        )
    shown = folder / written  # as the user knows it (``path`` has every link resolved)
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, shown=shown)
    except UnusableFile as exc:
        raise at_project.error(where, f"{written!r}: {exc.reason}") from None
    data, lines = parse_yaml(decode_text(raw, shown), str(shown))
    if not isinstance(data, dict):
        raise InputError(
            file=shown, line=1, message="a calendar file is a mapping (holidays:, workdays:, through:, country:)"
        )
    try:
        settings = CalendarSettings.model_validate(data)
    except ValidationError as exc:
        raise located_errors(exc, lines) from None
    problems: list[InputError] = []
    if settings.file:
        problems.append(
            InputError(
                file=shown,
                line=lines.line_for(("file",)),
                message="file: a calendar file cannot name another file; list the days in this one",
                field="file",
            )
        )
    if settings.country:
        try:
            public_holidays(settings.country)
        except ValueError as exc:
            line = lines.line_for(("country",))
            problems.append(InputError(file=shown, line=line, message=f"country: {exc}", field="country"))
    if problems:
        raise InputErrors(problems) if len(problems) > 1 else problems[0]
    return settings
