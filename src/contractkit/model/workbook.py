"""Read a table from an Excel workbook (.xlsx) the way a project file is read: every value exact, every problem
located — here as ``FILE.xlsx:Sheet!C12: message``.

The header row is found by its column names, in Chinese or English (项目编码 / Item, 工程量 / Quantity ...), in the
first rows of the sheet; rows above it (a title, the project name) and below the table (totals) are left alone.
A number is read from a number cell or from text such as ``"3,860.00"``; a formula is refused, since its result
is a binary fraction computed by whichever program saved the file last (paste the values instead). The file is
read once, as a project file is (a pipe or a device is refused, never waited on), and checked before it is
opened: its size, that it is a zip of the .xlsx kind, and how far it unpacks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from contractkit.errors import CellError, ContractkitError, InputError, InputErrors
from contractkit.model.loading import UnusableFile, read_bounded
from contractkit.model.types import (
    MAX_AMOUNT,
    MAX_TOTAL,
    ascii_digits,
    parse_item_code,
    parse_line,
    parse_money,
    parse_percent,
    parse_quantity,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
#: Rows read below the header; a bill this long is far beyond any one contract's.
MAX_ROWS = 20_000
#: Columns read; header names further right are not looked for.
MAX_COLUMNS = 60
#: Rows searched for the header.
HEADER_ROWS = 20
#: Problems reported in one run before giving up.
MAX_ERRORS = 30

_ERROR_VALUES = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
}
_BRACKETS = re.compile(r"[（(\[【].*?[)）\]】]")
_SPACES = re.compile(r"[\s_\-./:：、]+")


def normalise(header: str) -> str:
    """A header as compared with the known names: no units in brackets, no spaces or punctuation, lower case."""
    return _SPACES.sub("", _BRACKETS.sub("", header)).lower()


@dataclass(frozen=True)
class Column:
    """A column a table may have: the field it fills and the header names (zh and en) that name it."""

    field: str
    names: tuple[str, ...]
    required: bool = True
    label: str = ""  # how messages name it, e.g. "code (项目编码 / Item)"

    def matches(self, header: str) -> bool:
        candidates = {normalise(part) for part in [header, *header.splitlines()] if part.strip()}
        return any(normalise(name) in candidates for name in self.names)


@dataclass(frozen=True)
class Row:
    """One data row: the raw value of each mapped column, and where it is."""

    number: int
    values: dict[str, Any]

    def empty(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values.values())


@dataclass
class Table:
    """A table read from one sheet: its columns (field -> letter), its rows, and the problems found in them."""

    file: str
    sheet: str
    header_row: int
    letters: dict[str, str]
    rows: list[Row]
    errors: list[CellError] = field(default_factory=list)

    def cell(self, row: Row, name: str) -> str:
        return f"{self.letters[name]}{row.number}"

    def error(self, row: Row | int, name: str | None, message: str) -> CellError:
        number = row.number if isinstance(row, Row) else row
        cell = f"{self.letters[name]}{number}" if name in self.letters else f"A{number}"
        return CellError(file=self.file, sheet=self.sheet, cell=cell, message=message)

    def fail(self, row: Row | int, name: str | None, message: str) -> None:
        """Record a problem; more than MAX_ERRORS stops the reading with all of them."""
        self.errors.append(self.error(row, name, message))
        if len(self.errors) >= MAX_ERRORS:
            raise InputErrors([*self.errors, InputError(file=self.file, message="stopped after 30 problems")])

    def raise_errors(self) -> None:
        if self.errors:
            raise InputErrors(self.errors)

    def number(self, row: Row, name: str, what: str) -> Decimal | None:
        """The cell as an exact number (``what`` names it in messages), None when empty; a problem is recorded."""
        raw = row.values.get(name)
        try:
            return to_number(raw, what)
        except ValueError as exc:
            self.fail(row, name, str(exc))
            return None

    def money(self, row: Row, name: str, what: str) -> Decimal | None:
        """Like ``number``, also reading text with a currency sign (¥98.00)."""
        raw = row.values.get(name)
        text = raw.strip() if isinstance(raw, str) else ""
        if text and not text.startswith("=") and text not in _ERROR_VALUES:
            try:
                ascii_digits(text[:40], text[:40])
            except ValueError as exc:
                self.fail(row, name, str(exc))
                return None
            try:
                return parse_money(text)
            except ValueError:
                self.fail(row, name, f"{text[:40]!r} is not a {what}; write a number like 12.50")
                return None
        return self.number(row, name, what)

    def text(self, row: Row, name: str, what: str) -> str | None:
        """Single-line text: line breaks inside a cell (Alt+Enter) become spaces."""
        raw = row.values.get(name)
        try:
            value = " ".join(to_text(raw).split())
            return parse_line(value) if value else None
        except ValueError as exc:
            self.fail(row, name, f"the {what} {exc}")
            return None

    def code(self, row: Row, name: str) -> str | None:
        raw = row.values.get(name)
        try:
            value = to_text(raw)
            return parse_item_code(value) if value else None
        except ValueError as exc:
            self.fail(row, name, str(exc))
            return None


class TextCell(str):
    """The text of a text cell that starts as a formula would (``=1+2``): the words written, never a formula.

    openpyxl reads a formula as text starting with ``=``; a text cell holding the same characters (typed with
    Excel's leading apostrophe, or a description ``contractkit export`` wrote) is told apart by its type."""

    __slots__ = ()


def _formula(raw: Any) -> bool:
    if type(raw) is TextCell:
        return False
    return (isinstance(raw, str) and raw.startswith("=")) or type(raw).__name__ in {"ArrayFormula", "DataTableFormula"}


def to_number(raw: Any, what: str) -> Decimal | None:
    """An exact number from a cell's value: a number cell, or text like ``"1,200.50"``."""
    if raw is None:
        return None
    if _formula(raw):
        text = raw if isinstance(raw, str) else "an array formula"
        raise ValueError(
            f"holds a formula ({text[:60]}); contractkit reads typed values only — copy the {what} column and paste "
            "it as values"
        )
    if isinstance(raw, bool):
        raise ValueError(f"is {str(raw).upper()}, not a {what}")
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        raise ValueError(f"is a date or time, not a {what}; format the column as a number")
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))  # the shortest decimal that is this binary fraction: what Excel shows
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if text in _ERROR_VALUES:
            raise ValueError(f"holds the error {text}, not a {what}")
        ascii_digits(text[:40], text[:40])
        try:
            return parse_quantity(text)
        except ValueError:
            raise ValueError(f"{text[:40]!r} is not a {what}; write a number like 1200.50") from None
    else:
        raise ValueError(f"holds {type(raw).__name__}, not a {what}")
    if number.is_nan():
        raise ValueError(f"holds {raw!r}, not a {what}")
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValueError(f"holds a number too large for a {what}")
    return number


def to_text(raw: Any) -> str:
    """A cell's value as text: numbers as written (an integer without ``.0``), dates as YYYY-MM-DD."""
    if raw is None:
        return ""
    if _formula(raw):
        text = raw if isinstance(raw, str) else "an array formula"
        raise ValueError(f"holds a formula ({text[:60]}); paste the value instead")
    if isinstance(raw, bool):
        return str(raw).upper()
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def read_workbook(path: Path) -> bytes:
    """The workbook's bytes, read once, after refusing what is not a readable .xlsx before openpyxl sees it: missing,
    a folder, a pipe or a device (never waited on), too big, not a zip, unpacking too far."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except UnusableFile as exc:  # as a project, calendar or evidence file is refused
        raise InputError(file=path, message=exc.reason) from None
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(file=path, message="this is an old-style .xls workbook; save it as .xlsx (Excel Workbook)")
    if not head.startswith(b"PK"):
        raise InputError(file=path, message="this is not an Excel workbook (.xlsx); save it from Excel as .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(file=path, message=f"the workbook is damaged and cannot be opened ({exc})") from None
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES or any(e.file_size > 200 * max(e.compress_size, 1) for e in entries):
        raise InputError(file=path, message="the workbook unpacks to far more than it holds (a zip bomb?); refused")
    if not any(e.filename == "xl/workbook.xml" for e in entries):
        raise InputError(file=path, message="this zip is not an Excel workbook (no xl/workbook.xml)")
    return data


def open_workbook(path: Path, data: bytes | None = None) -> Any:
    """The workbook opened read-only, formulas kept as formulas, from the bytes checked (the file is read once)."""
    if data is None:
        data = read_workbook(path)
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts; all mean the same to the user
        raise unreadable(path, exc) from None


def unreadable(path: Path, exc: Exception, sheet: str | None = None) -> InputError:
    """The refusal of a workbook openpyxl fails on: what failed, in its words (cut short), and where."""
    where = f"sheet {sheet!r}: " if sheet is not None else ""
    return InputError(
        file=path,
        message=f"cannot be read as an Excel workbook ({where}{type(exc).__name__}: {str(exc)[:120]}); open it in "
        "Excel and save it again",
    )


def _cell_problem(cell: Any, strings: int) -> str | None:
    """Why openpyxl cannot read a worksheet's ``<c>`` element (its checks, in the user's words); None when it can."""
    style = cell.get("s")
    try:
        int(style or 0)
    except ValueError:
        return f"has the style {style[:20]!r}, which is not a style of the workbook"
    kind = cell.get("t", "n")
    value = next((child.text for child in cell if child.tag.rsplit("}", 1)[-1] == "v"), None)
    if not value or kind == "inlineStr" or any(child.tag.rsplit("}", 1)[-1] == "f" for child in cell):
        return None  # empty, text of its own, or a formula (refused when read, as a formula)
    shown = repr(value[:40])
    try:
        if kind == "n":
            float(value) if any(c in value for c in ".Ee") else int(value)
        elif kind == "s" and not -strings <= int(value) < strings:
            return f"refers to shared text number {shown}, which the workbook does not have"
        elif kind == "b":
            int(value)
    except ValueError:
        what = {"n": "a number", "s": "shared text", "b": "TRUE or FALSE"}[kind]
        return f"holds {shown}, which the file marks as {what} but is not"
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601

        try:
            from_ISO8601(value)
        except (ValueError, TypeError, OverflowError):
            return f"holds {shown}, which the file marks as a date but is not one"
    return None


def _damaged_cell(data: bytes, part: str, strings: int) -> tuple[str, str] | None:
    """The first cell of a worksheet part openpyxl cannot read, and why: a reference that is not a cell, a number
    that is not one, text the workbook does not have ...; None where no cell explains the failure (the part is
    cut short, missing, or damaged elsewhere)."""
    from xml.etree.ElementTree import ParseError, iterparse

    from openpyxl.utils.cell import coordinate_to_tuple

    row, column = 0, 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part.lstrip("/")) as source:
            for event, element in iterparse(source, events=("start", "end")):
                tag = element.tag.rsplit("}", 1)[-1]
                if event == "start" and tag == "row":
                    number = element.get("r")
                    try:
                        row = int(float(number)) if number is not None else row + 1
                    except (ValueError, OverflowError):
                        return f"A{row + 1}", f"the row after row {row} is numbered {number[:20]!r}, not a row number"
                    column = 0
                elif event == "end" and tag == "c":
                    reference = element.get("r")
                    if reference:
                        try:
                            column = coordinate_to_tuple(reference)[1] - 1
                        except ValueError:
                            return (
                                f"{_letter(column)}{row}",
                                f"has the reference {reference[:20]!r}, which is not a cell of a sheet",
                            )
                    problem = _cell_problem(element, strings)
                    if problem is not None:
                        return f"{_letter(column)}{row}", problem
                    column += 1
                elif event == "end" and tag == "row":
                    element.clear()
    except (ParseError, KeyError, OSError, ValueError, zipfile.BadZipFile):
        return None
    return None


def _rows(sheet: Any, first: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) from ``first`` on, at most MAX_COLUMNS wide, however large the sheet claims to be."""
    for number, cells in enumerate(sheet.iter_rows(min_row=first, max_col=MAX_COLUMNS), start=first):
        yield number, tuple(_value(cell) for cell in cells)


def _value(cell: Any) -> Any:
    """A cell's value; text that starts with ``=`` in a text cell as ``TextCell``, so that it is not taken for a
    formula (a formula cell's value is the same text, with the type ``f``)."""
    value = cell.value
    if type(value) is str and getattr(cell, "data_type", None) == "s" and value.startswith("="):
        return TextCell(value)
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _header(sheet: Any, columns: Sequence[Column]) -> tuple[int, dict[str, int], list[str]]:
    """The header row's number, each field's column index, and what the best candidate row lacks."""
    best: tuple[int, dict[str, int], list[str]] = (0, {}, [c.label or c.field for c in columns if c.required])
    for number, values in _rows(sheet, 1):
        if number > HEADER_ROWS:
            break
        found: dict[str, int] = {}
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                continue
            for column in columns:
                if column.field not in found and column.matches(value):
                    found[column.field] = index
                    break
        lacking = [c.label or c.field for c in columns if c.required and c.field not in found]
        if not lacking:
            return number, found, []
        if len(found) > len(best[1]):
            best = (number, found, lacking)
    return best


def read_table(
    path: Path,
    columns: Sequence[Column],
    *,
    sheet: str | None,
    what: str,
    prefer: Sequence[str] = (),
    one_of: Sequence[str] = (),
) -> Table:
    """The table of the named sheet, or of the first sheet whose header row names every required column (and one
    of ``one_of``), trying first the sheets named in ``prefer``."""
    data = read_workbook(path)
    book = open_workbook(path, data)
    name: str | None = None
    try:
        names = list(book.sheetnames)
        if sheet is not None and sheet not in names:
            listed = f"the sheets are: {', '.join(names)}" if names else "the workbook has no sheets"
            raise InputError(file=path, message=f"there is no sheet {sheet!r}; {listed}")
        # a hidden sheet is not what the person who hands over the workbook sees: it is read only when named
        shown = [n for n in names if getattr(book[n], "sheet_state", "visible") == "visible"]
        preferred = [n for n in shown if n.strip().lower() in {p.lower() for p in prefer}]
        candidates = [sheet] if sheet is not None else preferred + [n for n in shown if n not in preferred]
        if not names:  # openpyxl leaves out a sheet whose part is missing from the file
            raise InputError(
                file=path,
                message="cannot be read as an Excel workbook (it has no sheet that can be read; a sheet it lists may "
                "be missing from the file); open it in Excel and save it again",
            )
        if not candidates:
            raise InputError(
                file=path, message=f"every sheet is hidden ({', '.join(names)}); name the one to read with --sheet"
            )
        misses = []
        for name in candidates:
            ws = book[name]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # a stored size of A1:XFD1048576 must not make us read a million empty rows
            header, found, lacking = _header(ws, columns)
            if not lacking and one_of and not any(f in found for f in one_of):
                labels = " or ".join(c.label or c.field for c in columns if c.field in one_of)
                lacking = [labels]
            if lacking:
                misses.append((name, header, lacking))
                continue
            letters = {field: _letter(index) for field, index in found.items()}
            table = Table(str(path), name, header, letters, [])
            for number, values in _rows(ws, header + 1):
                if number > header + MAX_ROWS:
                    raise table.error(
                        number,
                        None,
                        f"the sheet goes on beyond row {header + MAX_ROWS}; {what} is read from at most "
                        f"{MAX_ROWS:,} rows — clear the cells below the table",
                    )
                row = Row(number, {f: values[i] if i < len(values) else None for f, i in found.items()})
                if not row.empty():
                    table.rows.append(row)
            return table
    except (ContractkitError, MemoryError):
        raise
    except Exception as exc:  # openpyxl parses each sheet as it is read: a damaged part fails here, not on opening
        raise _damaged(path, data, book, name, exc) from None
    finally:
        book.close()
    name, header, lacking = misses[0]
    labels = "; ".join(c.label for c in columns if c.required)
    where = f"row {header} comes closest but lacks {', '.join(lacking)}" if header else "no row names any of them"
    raise CellError(
        file=path,
        sheet=name,
        cell=f"A{header or 1}",
        message=f"no header row in the first {HEADER_ROWS} rows names the columns {what} needs ({labels}); {where}",
    )


def _damaged(path: Path, data: bytes, book: Any, sheet: str | None, exc: Exception) -> InputError:
    """The refusal of a sheet openpyxl failed on while reading it: at the cell that explains it where one does."""
    part = getattr(book[sheet], "_worksheet_path", None) if sheet is not None and sheet in book.sheetnames else None
    if sheet is not None and isinstance(part, str):
        found = _damaged_cell(data, part, len(getattr(book, "shared_strings", None) or ()))
        if found is not None:
            cell, problem = found
            return CellError(
                file=path,
                sheet=sheet,
                cell=cell,
                message=f"{problem}: the workbook is damaged; correct the cell, or open the workbook in Excel and "
                "save it again",
            )
    return unreadable(path, exc, sheet)


#: The columns of a bill of quantities.
BILL_COLUMNS = (
    Column(
        "code",
        (
            "项目编码",
            "清单编码",
            "编码",
            "项目编号",
            "子目编号",
            "子目号",
            "item",
            "code",
            "item code",
            "ref",
            "item ref",
        ),
        label="code (项目编码 / Item)",
    ),
    Column(
        "description",
        ("项目名称", "名称", "子目名称", "清单项目名称", "description", "item description"),
        label="description (项目名称 / Description)",
    ),
    Column("unit", ("计量单位", "单位", "unit", "uom"), label="unit (计量单位 / Unit)"),
    Column(
        "quantity",
        ("工程量", "数量", "清单工程量", "合同工程量", "quantity", "qty", "bill quantity", "bill qty"),
        label="quantity (工程量 / Quantity)",
    ),
    Column("rate", ("综合单价", "单价", "rate", "unit rate", "unit price"), label="rate (综合单价 / Rate)"),
    Column(
        "section", ("分部", "分部工程", "分部工程名称", "章节", "section", "bill section", "division"), required=False
    ),
    Column("amount", ("合价", "金额", "计划价值", "amount", "total", "scheduled value"), required=False),
)

#: The columns of a valuation: quantities to date by item code.
VALUATION_COLUMNS = (
    Column("code", BILL_COLUMNS[0].names, label="code (项目编码 / Item)"),
    Column(
        "to_date",
        ("累计完成", "累计完成工程量", "累计工程量", "至本期末累计", "quantity to date", "qty to date", "to date"),
        required=False,
    ),
    Column("percent", ("累计完成比例", "完成百分比", "percent complete", "% complete"), required=False),
    Column(
        "materials", ("现场材料", "进场材料", "现场材料价值", "materials stored", "materials on site"), required=False
    ),
    Column("rate", BILL_COLUMNS[4].names, required=False),
    Column("description", BILL_COLUMNS[1].names, required=False),
)

_TOTAL_ROWS = re.compile(r"^(本页)?(合计|小计|总计|共计)|^(sub-?)?total\b|^carried|^brought", re.IGNORECASE)


def is_total(text: str) -> bool:
    """A row that adds up the rows above it (合计, 小计, Total, Carried forward), not an item."""
    return bool(_TOTAL_ROWS.match(text.strip()))


_NUMBERING = re.compile(
    r"^\s*[（(]?[一二三四五六七八九十百零〇\dA-Za-z]{1,4}[)）]?\s*[、.．:：]\s*|^\s*[（(][一二三四五六七八九十\d]{1,3}[)）]\s*"
)


@dataclass(frozen=True)
class ImportedItem:
    """A bill item as read from a row, with the row it came from."""

    row: Row
    code: str
    section: str | None
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal


@dataclass
class ImportedBill:
    table: Table
    items: list[ImportedItem]
    warnings: list[str]

    def sections(self) -> list[str]:
        seen: list[str] = []
        for item in self.items:
            if item.section and item.section not in seen:
                seen.append(item.section)
        return seen


def read_bill(path: Path, *, sheet: str | None = None) -> ImportedBill:
    """Bill items from a workbook: one per row with a code; a row with text and no figures heads a section; total
    rows (合计, Total) are skipped. Every problem is located; all of them are reported together."""
    table = read_table(path, BILL_COLUMNS, sheet=sheet, what="a bill of quantities", prefer=("工程量清单", "Bill"))
    items: list[ImportedItem] = []
    warnings: list[str] = []
    section: str | None = None
    first: dict[str, int] = {}
    total = Decimal(0)
    for row in table.rows:
        figures = [row.values.get(k) for k in ("quantity", "rate", "unit")]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in figures):
            label = table.text(row, "description", "heading") or table.text(row, "code", "heading") or ""
            if label and not is_total(label):
                section = _NUMBERING.sub("", label).strip() or label
            continue
        code = table.code(row, "code")
        description = table.text(row, "description", "description")
        unit = table.text(row, "unit", "unit")
        quantity = table.number(row, "quantity", "quantity")
        rate = table.money(row, "rate", "rate")
        own_section = table.text(row, "section", "section") if "section" in table.letters else None
        missing = [
            name
            for name, value in (
                ("code", code),
                ("description", description),
                ("unit", unit),
                ("quantity", quantity),
                ("rate", rate),
            )
            if value is None and not any(e.cell == table.cell(row, name) for e in table.errors)
        ]
        for name in missing:
            table.fail(row, name, f"this item has no {name}")
        if code is None or description is None or unit is None or quantity is None or rate is None:
            continue
        if rate < 0:
            table.fail(
                row, "rate", f"the rate {rate} is negative; an omission is a negative quantity at a positive rate"
            )
            continue
        if quantity < 0:
            table.fail(
                row,
                "quantity",
                f"the quantity {quantity} is negative; a bill quantity is zero or more (an omission is a variation "
                "item with a negative quantity)",
            )
            continue
        if quantity * rate >= MAX_AMOUNT:
            table.fail(
                row,
                "quantity",
                f"the amount, quantity × rate, comes to {MAX_AMOUNT:,f} or more, too large for an amount; check the "
                "quantity and the rate",
            )
            continue
        if code in first:
            table.fail(row, "code", f"item code {code} is already used on row {first[code]}")
            continue
        first[code] = row.number
        total += quantity * rate
        if "amount" in table.letters and row.values.get("amount") is not None and not _formula(row.values["amount"]):
            try:
                stated = to_number(row.values["amount"], "amount")
            except ValueError:
                stated = None
            if stated is not None and stated.quantize(Decimal("0.01")) != (quantity * rate).quantize(Decimal("0.01")):
                warnings.append(
                    str(
                        table.error(
                            row,
                            "amount",
                            f"the amount {stated:,} is not quantity × rate ({quantity * rate:,.2f}); "
                            "the amount is worked out from the quantity and the rate",
                        )
                    )
                )
        items.append(ImportedItem(row, code, own_section or section, description, unit, quantity, rate))
    if total >= MAX_TOTAL:
        table.fail(
            table.header_row,
            None,
            f"the items of the table below add up to {MAX_TOTAL:,f} or more, beyond what contractkit works with",
        )
    table.raise_errors()
    if not items:
        raise table.error(
            table.header_row, None, "the table below this header has no items (rows with a code, quantity and rate)"
        )
    return ImportedBill(table, items, warnings)


@dataclass(frozen=True)
class MeasuredRow:
    """A valuation row: an item's quantity to date (or percentage complete) and materials on site."""

    row: Row
    code: str
    to_date: Decimal | None
    percent: Decimal | None
    materials: Decimal | None
    rate: Decimal | None


def read_valuation(path: Path, *, sheet: str | None = None) -> tuple[Table, list[MeasuredRow]]:
    """Quantities to date by item code; rows without a code (headings, totals) are skipped. A quantity to date may
    be negative: an omission's is (its sign against the item's is checked where the items are known, on import)."""
    table = read_table(path, VALUATION_COLUMNS, sheet=sheet, what="a valuation", one_of=("to_date", "percent"))
    rows: list[MeasuredRow] = []
    first: dict[str, int] = {}
    for row in table.rows:
        if row.values.get("code") is None or (isinstance(row.values["code"], str) and not row.values["code"].strip()):
            continue
        code = table.code(row, "code")
        to_date = table.number(row, "to_date", "quantity") if "to_date" in table.letters else None
        percent = None
        if to_date is None and "percent" in table.letters:
            percent = _percent(table, row)
        materials = table.money(row, "materials", "materials value") if "materials" in table.letters else None
        rate = table.money(row, "rate", "rate") if "rate" in table.letters else None
        if materials is not None and materials < 0:
            table.fail(row, "materials", f"the materials value {materials} is negative; it is zero or more")
            materials = None
        if rate is not None and rate < 0:
            table.fail(row, "rate", f"the rate {rate} is negative; a rate is zero or more")
            rate = None
        if code is None:
            continue
        if code in first:
            table.fail(row, "code", f"item code {code} is already on row {first[code]}")
            continue
        first[code] = row.number
        rows.append(MeasuredRow(row, code, to_date, percent, materials, rate))
    table.raise_errors()
    return table, rows


def _percent(table: Table, row: Row) -> Decimal | None:
    """A percentage complete: text with a % sign, or a cell formatted as a percentage (which holds a fraction)."""
    raw = row.values.get("percent")
    if isinstance(raw, str) and raw.strip().endswith("%"):
        try:
            share = parse_percent(raw.strip())
        except ValueError as exc:
            table.fail(row, "percent", str(exc))
            return None
        if not 0 <= share <= 1:
            table.fail(row, "percent", f"{raw.strip()} is not a share of the item done; use 0% to 100%")
            return None
        return share
    value = table.number(row, "percent", "percentage")
    if value is not None and value > 1:
        table.fail(
            row,
            "percent",
            f"{value} is more than 100%: a percentage cell holds a fraction (35% is 0.35); format the column as %",
        )
        return None
    if value is not None and value < 0:
        table.fail(row, "percent", f"{value} is negative: the share of the item done is 0% to 100%")
        return None
    return value
