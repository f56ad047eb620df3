"""Append events to a project file's ledger as text: the new lines are added, every other byte stays.

Re-dumping a parsed file cannot promise that (indentation, quoting, comments inside flow lists, ``!!binary``
values, CRLF line ends, a byte-order mark all change), so the event is written the way the file already
writes its events, at the end of the ``events:`` block, and the result is loaded again and compared with
the original before anything is written: the same project with the new events appended, or an error.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import yaml
from pydantic import ValidationError

from contractkit.errors import OutputError, UsageError
from contractkit.model.loading import compose_yaml
from contractkit.model.models import DeliveryMethod, DemandStage, Event
from contractkit.model.project import LoadedProject, parse_project
from contractkit.render.edits import dash_column as _dash_column
from contractkit.render.edits import flow_text as _flow
from contractkit.render.edits import line_end as _line_end
from contractkit.render.edits import scalar_text as _scalar
from contractkit.render.journal import commit, locked_for_update
from contractkit.render.output import Inputs, stage_files

_NULLS = {"", "~", "null", "Null", "NULL"}


def notice_events(
    node_ids: list[str],
    stage: DemandStage,
    on: dt.date,
    via: DeliveryMethod,
    tracking: str | None,
    reference: str,
) -> list[dict[str, str]]:
    """One notice event per node, as the project file writes them."""
    events = []
    for node_id in node_ids:
        event = {"on": on.isoformat(), "node": node_id, "type": "notice", "stage": str(stage), "via": str(via)}
        if tracking:
            event["tracking"] = tracking
        event["ref"] = reference
        events.append(event)
    return events


def record_with_outputs(
    loaded: LoadedProject,
    outputs: Mapping[Path, bytes],
    events: list[dict[str, str]],
    *,
    force: bool,
    inputs: Inputs,
) -> None:
    """Write ``outputs`` and append ``events`` to the project's ledger: both, or (on any failure) neither.

    The project file is locked, read again under the lock (a concurrent run's event is kept), edited in
    place and journaled (see ``render/journal.py``).
    """
    with locked_for_update(loaded.path) as locked:
        old = locked.read()
        new = append_events(old, str(loaded.path), events)
        staged = stage_files(outputs, force=force, inputs=inputs)
        commit(staged, locked, old, new)


def append_events(raw: bytes, file: str, events: list[dict[str, str]]) -> bytes:
    """The file's bytes with ``events`` appended to its ledger; every other byte unchanged, checked by loading.

    An event that could not be one (a tracking number with a direction control, say) is refused for what it is,
    before anything is tried: not as a file that cannot be edited."""
    for event in events:
        try:
            Event.model_validate(event)
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]
            field = ".".join(str(part) for part in problem["loc"]) or "event"
            message = str(problem["msg"]).removeprefix("Value error, ")
            raise UsageError(f"contractkit: {field}: {message}; nothing was written") from None
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise OutputError(f"{file}: is not UTF-8 text; nothing was recorded") from None
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    try:
        edited = _append(text, events, newline)
    except yaml.YAMLError:
        edited = None
    if edited is None or not _only_appended(text, edited, file, events):
        raise OutputError(
            f"{file}: the events cannot be appended without changing other lines of this file; nothing was "
            f"written. Add them under events: yourself:\n" + newline.join("  - " + _flow(event) for event in events)
        )
    return (codecs.BOM_UTF8 if bom else b"") + edited.encode("utf-8")


def _only_appended(before: str, after: str, file: str, events: list[dict[str, str]]) -> bool:
    """Whether ``after`` loads as ``before`` with exactly ``events`` added at the end of the ledger."""
    from contractkit.errors import ContractkitError

    try:
        old = parse_project(before, file).project
        new = parse_project(after, file).project
        added = [Event.model_validate(event) for event in events]
    except (ContractkitError, ValueError):
        return False
    count = len(old.events)
    return (
        list(new.events[:count]) == list(old.events)
        and list(new.events[count:]) == added
        and new.model_copy(update={"events": old.events}) == old
    )


def _block(event: Mapping[str, str], dash: int, key: int, newline: str) -> str:
    lines = []
    for i, (name, value) in enumerate(event.items()):
        lead = " " * dash + "-" + " " * (key - dash - 1) if i == 0 else " " * key
        lines.append(f"{lead}{name}: {_scalar(value)}")
    return newline.join(lines)


def _end_of(node: yaml.Node) -> int:
    """Where the last written character of a node is, past any comment or blank line after it."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        if isinstance(node, yaml.MappingNode):
            key, value = node.value[-1]
            if isinstance(value, yaml.ScalarNode) and not value.style and value.value == "":
                return int(key.end_mark.index)
            node = value
        else:
            node = node.value[-1]
    return int(node.end_mark.index)


def _append(text: str, events: list[dict[str, str]], newline: str) -> str | None:
    root = compose_yaml(text)
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        return None
    pair = next(((k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "events"), None)
    if pair is None:  # no ledger yet: a new section at the end
        column = root.value[0][0].start_mark.column
        items = newline.join(" " * (column + 2) + "- " + _flow(e) for e in events)
        lead = "" if not text or text.endswith("\n") else newline
        return f"{text}{lead}{' ' * column}events:{newline}{items}{newline}"
    key, value = pair
    if isinstance(value, yaml.ScalarNode):
        if value.style or value.value not in _NULLS:
            return None
        if value.start_mark.line == key.start_mark.line and value.end_mark.index > value.start_mark.index:
            text = text[: value.start_mark.index].rstrip(" ") + text[value.end_mark.index :]  # drop "~" / "null"
        at = _line_end(text, key.end_mark.index)
        items = newline.join(" " * (key.start_mark.column + 2) + "- " + _flow(e) for e in events)
        return text[:at] + newline + items + text[at:]
    if not isinstance(value, yaml.SequenceNode):
        return None
    if value.flow_style:
        return _append_flow(text, value, events, newline)
    last = value.value[-1] if value.value else None
    if last is None:
        return None
    dash = _dash_column(text, last)
    if isinstance(last, yaml.MappingNode) and not last.flow_style:
        items = newline.join(_block(e, dash, last.start_mark.column, newline) for e in events)
    else:
        items = newline.join(" " * dash + "- " + _flow(e) for e in events)
    end = _end_of(last)
    if end > 0 and text[end - 1] == "\n":  # a block scalar ends at the start of the next line
        return text[:end] + items + newline + text[end:]
    at = _line_end(text, end)
    return text[:at] + newline + items + text[at:]


def _comma(segment: str) -> int:
    """Where the first comma is that is not inside a comment, or -1."""
    in_comment = False
    for i, char in enumerate(segment):
        if char == "\n":
            in_comment = False
        elif char == "#":
            in_comment = True
        elif char == "," and not in_comment:
            return i
    return -1


def _append_flow(text: str, value: yaml.SequenceNode, events: list[dict[str, str]], newline: str) -> str:
    items = [_flow(e) for e in events]
    close = value.end_mark.index - 1  # the "]"
    if not value.value:
        return text[: value.start_mark.index] + "[" + ", ".join(items) + "]" + text[value.end_mark.index :]
    last = value.value[-1]
    end = int(last.end_mark.index)
    between = text[end:close]
    comma = _comma(between)
    if "\n" not in between:  # one line: [a, b] -> [a, b, new]
        at = end + comma + 1 if comma >= 0 else end
        added = (" " if comma >= 0 else ", ") + ", ".join(items)
        return text[:at] + added + text[at:]
    column = last.start_mark.column
    if comma >= 0:  # a trailing comma already: keep the style, one item a line, each with its comma
        at = _line_end(text, end + comma)
        return text[:at] + "".join(f"{newline}{' ' * column}{item}," for item in items) + text[at:]
    at = _line_end(text, end)
    added = "".join(f",{newline}{' ' * column}{item}" for item in items)
    return text[:end] + "," + text[end:at] + added[1:] + text[at:]
