"""Write the sheets of ``documents/workbook.py`` as an .xlsx workbook with openpyxl, byte for byte the same for the
same inputs: fixed document properties, fixed zip entry times, formulas recalculated when the file is opened."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from contractkit import __version__
from contractkit.documents.workbook import Cell, Format, Sheet
from contractkit.model.types import MINOR_UNITS
from contractkit.render.docx import normalise_zip
from contractkit.render.output import write_atomic

#: What a spreadsheet takes for the start of a formula when the cell is typed or edited: ``=``, and ``+``, ``-`` and
#: ``@`` (Excel's and LibreOffice's compatibility with Lotus), also after a tab or a line break a paste splits on.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

_SYMBOLS = {"CNY": "¥", "JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$"}
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def money_format(currency: str) -> str:
    """``"¥"#,##0.00`` with negatives in red: the currency's symbol and minor unit."""
    places = MINOR_UNITS.get(currency, 2)
    digits = "#,##0" + ("." + "0" * places if places else "")
    symbol = _SYMBOLS.get(currency, currency + " ")
    return f'"{symbol}"{digits};[Red]-"{symbol}"{digits}'


def _number_format(cell: Cell) -> str | None:
    if cell.format is Format.MONEY:
        return money_format(cell.currency)
    if cell.format is Format.RATE:
        return "#,##0.00##"
    if cell.format is Format.QUANTITY:
        return "#,##0.00##;[Red]-#,##0.00##"
    if cell.format is Format.PERCENT:
        return "0.00%"
    if cell.format is Format.DATE:
        return "yyyy-mm-dd"
    if cell.format is Format.INTEGER:
        return "0"
    return None


def _put(target: Any, value: Any) -> None:
    """Set a cell to ``value``; text stays text, however it starts.

    openpyxl takes any text starting with ``=`` for a formula, which the workbook would then run when opened: a
    project name or a bill description such as ``=HYPERLINK("http://...")`` must reach the sheet as the words it
    is. Such text is written as a text cell marked with Excel's quote prefix (the apostrophe one types before a
    formula-like entry, not part of the value), so that editing the cell does not turn it into a formula either.
    """
    target.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        target.data_type = "s"
        target.quotePrefix = True


def workbook_bytes(sheets: Sequence[Sheet], *, title: str, as_of: dt.date) -> bytes:
    """The workbook as bytes: the same sheets and date give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.properties import CalcProperties

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E8ECF2")
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        for i, line in enumerate(spec.title, start=1):
            target = ws.cell(row=i, column=1)
            _put(target, line)
            target.font = Font(bold=i == 1, size=12 if i == 1 else 10)
        for reference, cell in spec.cells.items():
            target = ws[reference]
            _put(target, cell.value)
            target.number_format = _number_format(cell) or "General"
            target.font = Font(bold=cell.bold)
        header = spec.header_row
        for column, text in enumerate(spec.header, start=1):
            target = ws.cell(row=header, column=column)
            _put(target, text)
            target.font, target.fill, target.border, target.alignment = bold, head_fill, border, wrap
        for offset, row in enumerate(spec.rows, start=1):
            for column, cell in enumerate(row, start=1):
                target = ws.cell(row=header + offset, column=column)
                value = cell.formula if cell.formula is not None else cell.value
                if cell.formula is not None:
                    target.value = value
                else:
                    _put(target, value)
                fmt = _number_format(cell)
                if fmt is not None:
                    target.number_format = fmt
                if cell.bold:
                    target.font = bold
                if row:
                    target.border = border
                if cell.format is Format.TEXT and isinstance(value, str) and "\n" in value:
                    target.alignment = wrap
        for column, width in enumerate(spec.widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
        ws.row_dimensions[header].height = 30 if any("\n" in h for h in spec.header) else 18
        ws.freeze_panes = ws.cell(row=header + 1, column=spec.frozen_columns + 1)
        ws.print_title_rows = f"{header}:{header}"
        ws.page_setup.orientation = "landscape" if spec.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    props = book.properties
    props.creator = props.lastModifiedBy = f"contractkit {__version__}"
    props.title = title
    props.created = stamp
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(_fix_modified(buffer.getvalue(), stamp))


def _fix_modified(data: bytes, stamp: dt.datetime) -> bytes:
    """openpyxl stamps the save time into docProps/core.xml; put the as-of date there instead."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode() + rb"\g<2>", content)
            target.writestr(info, content)
    return out.getvalue()


def write_workbook(path: Path, sheets: Sequence[Sheet], *, title: str, as_of: dt.date, force: bool) -> Path:
    write_atomic(path, workbook_bytes(sheets, title=title, as_of=as_of), force=force)
    return path
