"""Bring a bill of quantities or a valuation in from a workbook and write it into the project file.

The bill replaces the file's ``bill:`` section (or is appended as one); a valuation is appended to
``valuations:``. Nothing else in the file changes, the edited file must load again, and nothing is written when
a row cannot be used: every problem is reported at its cell. After signing, a bill's rates are the contract's:
an import that changes one is refused (a new rate comes through a variation), and so is one that drops an item a
valuation has measured.

The project file is written as ``demand --record`` writes it (``write_import``): under its lock, after finishing
any update a killed run left half done, from the file as read under the lock (so that an event recorded meanwhile
is kept), in place through the journal (its mode, owner, links and inode kept). The edited file must read as the
file before with only the imported section changed, and must have no validation error the file did not have.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from contractkit.account.schedule import compute_schedule
from contractkit.errors import CellError, OutputError, Refusal, UsageError
from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import decode_text
from contractkit.model.models import BillItem, Language, Valuation, done_against_item
from contractkit.model.project import LoadedProject, parse_project
from contractkit.model.types import format_decimal
from contractkit.model.workbook import ImportedBill, MeasuredRow, Table
from contractkit.render.journal import commit, locked_for_update, recover
from contractkit.render.output import Staged
from contractkit.render.project_edit import ProjectText, append_item, flow_map, replace_section, scalar


@dataclass
class ImportResult:
    """What an import wrote, for the command to report."""

    text: str  # the project file as it will be written
    data: bytes  # ... and its bytes (a byte-order mark kept where the file had one)
    summary: list[str]
    warnings: list[str] = field(default_factory=list)
    section: str = ""  # the one section of the project the import changes


def _source(loaded: LoadedProject) -> ProjectText:
    """The project file's text as loaded (``loaded.raw``, read under the lock), for splicing."""
    text = decode_text(loaded.raw, loaded.path)
    newline = "\r\n" if "\r\n" in text else "\n"
    return ProjectText(loaded.path, text, loaded.raw.startswith(codecs.BOM_UTF8), newline)


def _figure(value: Decimal) -> str:
    return f"{value:f}"


def _rate(rate: Decimal) -> Decimal:
    """A rate with at least two decimal places, as rates are written (12.5 read from a cell is 12.50)."""
    exponent = rate.as_tuple().exponent
    return rate if isinstance(exponent, int) and exponent <= -2 else rate.quantize(Decimal("0.01"))


def bill_lines(items: list[BillItem] | list[dict[str, str]]) -> list[str]:
    """The ``bill:`` section: one flow mapping per item, amounts and codes of digits quoted."""
    out = ["bill:"]
    for item in items:
        data = item.model_dump(by_alias=True) if isinstance(item, BillItem) else item
        pairs = [(k, None if data.get(k) is None else str(data[k])) for k in ("code", "section", "description", "unit")]
        pairs += [(k, str(data[k])) for k in ("quantity", "rate")]
        code = str(data["code"])
        quoted = frozenset({"quantity", "rate"} | ({"code"} if code.replace(".", "").isdigit() else set()))
        out.append("  - " + flow_map(pairs, quoted))
    return out


def _signed(loaded: LoadedProject, today: dt.date) -> bool:
    return loaded.project.contract.signed_on <= today


def import_bill(loaded: LoadedProject, bill: ImportedBill, workbook: Path, *, today: dt.date) -> ImportResult:
    """The project file with its bill replaced by the workbook's (``bill``, as read from ``workbook``), checked
    against the contract and its valuations."""
    project = loaded.project
    table = bill.table
    varied = {b.code: v.id for v in project.variations for b in v.items}
    kept = []
    warnings = list(bill.warnings)
    for item in bill.items:
        if item.code in varied:
            # a variation's items stay in the variation (an exported valuation sheet lists both)
            warnings.append(
                str(
                    table.error(
                        item.row, "code", f"item {item.code} belongs to variation {varied[item.code]}; left there"
                    )
                )
            )
        else:
            kept.append(item)
    bill = ImportedBill(table, kept, warnings)  # the workbook's bill stays as read
    old = {b.code: b for b in project.bill}
    problems: list[CellError] = []
    if _signed(loaded, today) and old:
        for item in bill.items:
            before = old.get(item.code)
            if before is not None and before.rate != item.rate:
                problems.append(
                    table.error(
                        item.row,
                        "rate",
                        f"the rate of {item.code} would change from {format_decimal(before.rate)} to "
                        f"{format_decimal(item.rate)}, after the contract was signed on {project.contract.signed_on}: "
                        "rates are fixed at signing; a new rate comes through an approved variation",
                    )
                )
    if problems:
        raise Refusal("\n".join([*(e.message for e in problems), "contractkit: nothing was written"]))
    codes = {i.code for i in bill.items}
    lost = []
    for i, valuation in enumerate(project.valuations):
        for j, line in enumerate(valuation.lines):
            if line.item in old and line.item not in codes:
                where = loaded.where(("valuations", i, "lines", j, "item"))
                lost.append(f"{where}: valuation {valuation.id} measures item {line.item}, which the workbook drops")
    if lost:
        raise Refusal(
            "contractkit: the workbook's bill leaves out items the valuations have measured; keep them in the bill:\n"
            + "\n".join(f"  {line}" for line in lost)
        )
    items = [
        {
            "code": i.code,
            "section": i.section,
            "description": i.description,
            "unit": i.unit,
            "quantity": _figure(i.quantity),
            "rate": _figure(_rate(i.rate)),
        }
        for i in bill.items
    ]
    source = _source(loaded)
    text = replace_section(source, "bill", bill_lines(items))  # type: ignore[arg-type]
    edited = parse_project(text, str(loaded.path))
    assert [b.code for b in edited.project.bill] == [i.code for i in bill.items]
    schedule = compute_schedule(edited.project)
    assert schedule.measurement is not None
    total = schedule.measurement.bill_total
    price = project.contract.price
    cur = project.contract.currency
    changed = sum(1 for i in bill.items if i.code in old and old[i.code].quantity != i.quantity)
    added = sum(1 for i in bill.items if i.code not in old)
    removed = sum(1 for code in old if code not in codes)
    side = "short of" if total < price else "more than"
    reconciled = "" if total == price else f": {cur} {format_decimal(abs(price - total), 2)} {side} it (BOQ001)"
    summary = [
        f"{len(bill.items)} items in {len(bill.sections()) or 1} sections from {workbook.name}:{table.sheet} "
        f"(header on row {table.header_row})",
        f"bill total {cur} {format_decimal(total, 2)}; contract price {cur} {format_decimal(price, 2)}{reconciled}",
    ]
    if old:
        summary.append(f"against the bill before: {added} added, {changed} with a new quantity, {removed} removed")
    return ImportResult(text, source.encode(text), summary, bill.warnings, section="bill")


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _default_title(loaded: LoadedProject, number: int) -> str:
    if loaded.project.language is Language.ZH:
        return f"第{number}期进度款"
    return f"Progress payment No. {number}"


def valuation_lines(valuation: Mapping[str, Any]) -> list[str]:
    """A valuation as a block-list entry starting at column 0 ("- id: ...")."""
    period = valuation["period"]
    assert isinstance(period, dict)
    evidence = valuation["evidence"]
    assert isinstance(evidence, list)
    out = [
        f"- id: {scalar(str(valuation['id']))}",
        f"  title: {scalar(str(valuation['title']))}",
        f"  period: {{from: {period['from']}, to: {period['to']}}}",
        "  evidence: [" + ", ".join(scalar(str(e)) for e in evidence) + "]",
    ]
    lines = valuation["lines"]
    assert isinstance(lines, list)
    if lines:
        out.append("  lines:")
        for line in lines:
            pairs = [(k, line.get(k)) for k in ("item", "to_date", "percent", "materials", "rate")]
            code = str(line["item"])
            quoted = frozenset({"to_date", "percent", "materials", "rate"} | ({"item"} if code.isdigit() else set()))
            out.append("    - " + flow_map(pairs, quoted))
    else:
        out.append("  lines: []")
    return out


def import_valuation(
    loaded: LoadedProject,
    table: Table,
    rows: Sequence[MeasuredRow],
    workbook: Path,
    *,
    valuation_id: str,
    start: dt.date | None,
    end: dt.date,
    title: str | None,
    evidence: list[str],
) -> ImportResult:
    """The project file with a valuation appended: a line for each item whose quantity to date differs from the
    one it carries (or with materials on site); an item the workbook leaves out keeps its quantity."""
    project = loaded.project
    if valuation_id in project.node_ids:
        raise UsageError(f"contractkit: {loaded.path}: there is already a payment node or valuation {valuation_id!r}")
    previous: Valuation | None = project.valuations[-1] if project.valuations else None
    if start is None:
        start = (
            previous.period.to + dt.timedelta(days=1)
            if previous
            else (project.project.start or project.contract.signed_on)
        )
    elif previous is not None and start <= previous.period.to:
        raise UsageError(
            f"contractkit: --from {start}: the period would overlap valuation {previous.id} "
            f"({previous.period.from_} to {previous.period.to}); valuations follow one another: start it on "
            f"{previous.period.to + dt.timedelta(days=1)} (the default) or later"
        )
    if end < start:
        raise UsageError(f"contractkit: the period would end on {end}, before it starts on {start}")
    if not evidence:
        if previous is None or not previous.evidence:
            raise UsageError(
                "contractkit: say what proves the quantities with --evidence (e.g. --evidence 工程量计算书); "
                "later imports take the evidence of the valuation before"
            )
        evidence = list(previous.evidence)
    schedule = compute_schedule(project)
    measurement = schedule.measurement
    if measurement is None:
        raise UsageError(
            f"contractkit: {loaded.path} has no bill of quantities; import one first (contractkit import boq)"
        )
    items = {i.code: i for i in measurement.items}
    carried: dict[str, Decimal] = {}
    if measurement.valuations:
        carried = {r.item.code: r.quantity for r in measurement.valuations[-1].rows}
    problems: list[CellError] = []
    lines: list[dict[str, str]] = []
    unchanged = 0
    for row in rows:
        item = items.get(row.code)
        if item is None:
            problems.append(
                table.error(row.row, "code", f"item {row.code} is in neither the bill nor an approved variation")
            )
            continue
        if row.rate is not None and row.rate != item.rate:
            problems.append(
                table.error(
                    row.row,
                    "rate",
                    f"the rate of {row.code} is {format_decimal(row.rate)} here but {format_decimal(item.rate)} in the "
                    f"contract: a rate cannot change after signing (a new rate comes through an approved variation)",
                )
            )
            continue
        if row.to_date is not None:
            where = f"variation {item.variation}" if item.variation is not None else "the bill"
            problem = done_against_item(row.to_date, row.code, [(item.quantity, where)])
            if problem is not None:
                problems.append(table.error(row.row, "to_date", f"the quantity to date {problem}"))
                continue
        quantity = (
            row.to_date
            if row.to_date is not None
            else (item.quantity * row.percent if row.percent is not None else None)
        )
        line: dict[str, str] = {"item": row.code}
        if quantity is not None and quantity != carried.get(row.code, Decimal(0)):
            if row.to_date is not None:
                line["to_date"] = _figure(row.to_date)
            elif row.percent is not None:
                line["percent"] = f"{(row.percent * 100).normalize():f}%"
        if row.materials:
            line["materials"] = _figure(row.materials)
        if len(line) > 1:
            lines.append(line)
        else:
            unchanged += 1
    if problems:
        raise Refusal("\n".join([*(e.message for e in problems), "contractkit: nothing was written"]))
    number = len(project.valuations) + 1
    valuation = {
        "id": valuation_id,
        "title": title or _default_title(loaded, number),
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "evidence": evidence,
        "lines": lines,
    }
    source = _source(loaded)
    text = append_item(source, "valuations", valuation_lines(valuation))
    edited = parse_project(text, str(loaded.path))
    assert edited.project.valuations[-1].id == valuation_id
    result = compute_schedule(edited.project).measurement
    assert result is not None
    done = result.get(valuation_id)
    assert done is not None
    cur = project.contract.currency
    left_out = len(items) - len(rows)
    summary = [
        f"valuation {valuation_id} ({start} to {end}) from {workbook.name}:{table.sheet}: "
        f"{_items(len(lines))} measured anew, {unchanged} as before"
        + (f", {_items(left_out)} not in the workbook (kept as before)" if left_out > 0 else ""),
        f"value to date {cur} {format_decimal(done.value_to_date, 2)}; "
        + (
            f"this certificate {cur} {format_decimal(done.payable, 2)}"
            if done.certified
            else f"works out at {cur} {format_decimal(done.computed_due, 2)}: carried into the next valuation"
        ),
    ]
    return ImportResult(text, source.encode(text), summary, section="valuations")


def write_import(path: Path, build: Callable[[LoadedProject], ImportResult]) -> ImportResult:
    """Write what ``build`` makes of the project file into it, as ``demand --record`` writes an event.

    Under the file's lock (any update a killed run left half done finished first), the file is read again and
    ``build`` works from it; the edited file must read as the file before with only ``ImportResult.section``
    changed, and must have no validation error the file did not have (refused with the findings, located).
    Then it is rewritten in place through the journal: its mode, owner, links and inode are kept, and a run
    killed on the way is finished or taken back by the next one.
    """
    recover(path)  # besides the journal, the temporary files a killed run left beside the file
    with locked_for_update(path) as locked:
        old = locked.read()
        loaded = _parsed(path, old)
        result = build(loaded)
        edited = _parsed(path, result.data)
        if not _only_changed(loaded, edited, result.section):
            raise OutputError(
                f"{path}: the {result.section} section cannot be written without changing other parts of the file; "
                "nothing was written"
            )
        _refuse_new_errors(loaded, edited)
        if result.data != old:
            commit(Staged(), locked, old, result.data)
    return result


def _parsed(path: Path, raw: bytes) -> LoadedProject:
    parsed = parse_project(decode_text(raw, path), str(path))
    return LoadedProject(parsed.project, path, parsed.source, raw)


def _only_changed(before: LoadedProject, after: LoadedProject, section: str) -> bool:
    """Whether ``after`` reads as ``before`` but for ``section``."""
    kept = after.project.model_copy(update={section: getattr(before.project, section)})
    return bool(kept == before.project)


def _errors(loaded: LoadedProject) -> list[Finding]:
    from contractkit.rules import check_project

    return check_project(loaded, severity=Severity.ERROR)


def _refuse_new_errors(before: LoadedProject, after: LoadedProject) -> None:
    """Refuse an edit that gives the project file a validation error it does not have now."""
    had = {(f.code, f.path) for f in _errors(before)}
    new = [f for f in _errors(after) if (f.code, f.path) not in had]
    if not new:
        return
    lines = []
    for finding in new:
        lines.append(f"{finding.where}: {finding.code} {finding.severity} {finding.path}: {finding.message}")
        if finding.hint:
            lines.append(f"    hint: {finding.hint}")
    count = f"{len(new)} error{'s' if len(new) != 1 else ''}"
    lines.append(
        f"contractkit: the import would give {before.path} {count} it does not have now "
        "(located in the file as it would be written); nothing was written"
    )
    raise Refusal("\n".join(lines))
