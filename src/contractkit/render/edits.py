"""Edit values of a project file as text: the span of each value edited is replaced, every other byte stays.

Re-dumping a parsed file would change its layout (indentation, quoting, comments, flow lists), so an edit
finds the exact text of the value in the file (PyYAML's marks), writes the new value in the style the file
already uses there (a flow list stays a flow list, a block mapping a block mapping) and checks the result by
parsing it again: the file must read as before with exactly the edit applied, or nothing is written.

``edit_project`` does this under the same lock and journal as ``demand --record`` (``render/journal.py``):
the file is read again under the lock, so that an event another run recorded meanwhile is kept, and the
edit and any files written with it (an uploaded evidence file) both happen or neither.
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from contractkit.errors import ContractkitError, OutputError
from contractkit.model.loading import compose_yaml, dotted, parse_yaml
from contractkit.model.project import LoadedProject, parse_project
from contractkit.render.journal import commit, locked_for_update
from contractkit.render.output import NO_INPUTS, Inputs, stage_files

Value: TypeAlias = str | list[Any] | dict[str, Any]

_PLAIN = re.compile(r"[^\W_][\w.\-/]*(?: [\w.\-/]+)*")
_NULLS = {"", "~", "null", "Null", "NULL"}
_SIMPLE_KEY = re.compile(r"( *)[\w.\-]+: *")


@dataclass(frozen=True)
class ById:
    """A list item named by its ``id`` rather than its place, resolved against the file as it is when edited."""

    id: str

    def __str__(self) -> str:
        return f"[id={self.id}]"


Step: TypeAlias = str | int | ById
Path_: TypeAlias = tuple[Step, ...]


@dataclass(frozen=True)
class Set:
    """Give ``path`` the value ``value`` (text, a list or a mapping); None removes the key."""

    path: Path_
    value: Value | None


@dataclass(frozen=True)
class Append:
    """Add ``item`` at the end of the list at ``path`` (made when the key is missing)."""

    path: Path_
    item: Value


@dataclass(frozen=True)
class Remove:
    """Remove the list item at ``path``."""

    path: Path_


@dataclass(frozen=True)
class Guard:
    """Refuse the edit when the value at ``path`` is no longer the one the editor was shown (its ``digest``); with
    ``fields`` (dotted paths under ``path``), only those values count: a change elsewhere is no conflict."""

    path: Path_
    digest: str
    fields: tuple[str, ...] = ()


Change: TypeAlias = Set | Append | Remove | Guard


class EditError(ContractkitError):
    """An edit that cannot be made as text without changing something else: nothing was written."""


class Conflict(EditError):
    """The part of the file being edited has changed since the editor read it."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"{where}: changed in the project file since this page was loaded (by another window, contractkit "
            "run or editor); nothing was written. Reload to see the file as it is now."
        )


# -- values as text ------------------------------------------------------------------------------------------------


def scalar_text(value: str) -> str:
    """A value as YAML text that the loader reads back as exactly this text: plain where safe, else quoted."""
    if _PLAIN.fullmatch(value) and value not in _NULLS:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _quoted(value: str, style: str) -> str:
    """``value`` as a quoted YAML scalar in ``style`` (single or double), read back as exactly this text."""
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def flow_text(value: Value) -> str:
    """A value as one line of flow-style YAML: ``[a, b]``, ``{after: acceptance, days: 14}``."""
    if isinstance(value, str):
        return scalar_text(value)
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items()) + "}"


def _block_mapping(value: Mapping[str, Value], column: int, newline: str) -> str:
    """A mapping in block style, its first key written where the cursor is, the others at ``column``."""
    return (newline + " " * column).join(f"{scalar_text(k)}: {flow_text(v)}" for k, v in value.items())


def _block_list(value: Sequence[Value], column: int, newline: str) -> str:
    return (newline + " " * column).join(f"- {flow_text(v)}" for v in value)


def digest(value: Any, fields: Sequence[str] = ()) -> str:
    """A short fingerprint of a value as loaded, to tell whether it has changed since it was shown; with
    ``fields``, of those dotted paths under it only."""
    if fields:
        value = {name: value_at(value, name) for name in fields}
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def value_at(value: Any, dotted_path: str) -> Any:
    """The value at a dotted path of mappings (``client.name``); None where a step is not there."""
    for step in dotted_path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


# -- finding text in the file --------------------------------------------------------------------------------------


def line_end(text: str, index: int) -> int:
    """Where the line holding ``index`` ends: at its line break (before a CR of CRLF), or at the end of text."""
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_break(text: str, index: int) -> int:
    """Past the line break at ``index`` (LF or CRLF), or ``index`` at the end of text."""
    if text.startswith("\r\n", index):
        return index + 2
    if text.startswith("\n", index):
        return index + 1
    return index


def node_end(text: str, node: yaml.Node) -> int:
    """Just past the last written character of a node, before any comment or blank line after it."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        if isinstance(node, yaml.MappingNode):
            key, value = node.value[-1]
            if isinstance(value, yaml.ScalarNode) and not value.style and value.value == "":
                return int(key.end_mark.index)
            node = value
        else:
            node = node.value[-1]
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return start + len(text[start:end].rstrip())
    return end


def dash_column(text: str, item: yaml.Node) -> int:
    """The column of the ``-`` that opens a block list item."""
    index = _dash_index(text, item)
    return index - _line_start(text, index)


def _dash_index(text: str, item: yaml.Node) -> int:
    index = item.start_mark.index - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    if index < 0 or text[index] != "-":
        raise yaml.YAMLError("no dash before a list item")
    return index


def _only_space_before(text: str, index: int) -> bool:
    return text[_line_start(text, index) : index].strip(" ") == ""


# -- the edits -----------------------------------------------------------------------------------------------------


def _resolve(data: Any, path: Path_, shown: str) -> tuple[str | int, ...]:
    """``path`` with each ``ById`` replaced by the index of the item with that id in the data as it is now."""
    out: list[str | int] = []
    here = data
    for step in path:
        if isinstance(step, ById):
            items = here if isinstance(here, list) else []
            index = next(
                (i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == step.id), None
            )
            if index is None:
                where = dotted(tuple(out)) or "the file"
                raise Conflict(f"{shown}: {where}: {step.id} is no longer there")
            out.append(index)
            here = items[index]
            continue
        out.append(step)
        if isinstance(here, dict) and isinstance(step, str):
            here = here.get(step)
        elif isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
            here = here[step]
        else:
            here = None
    return tuple(out)


def _get(data: Any, loc: tuple[str | int, ...]) -> Any:
    for step in loc:
        if isinstance(data, dict) and isinstance(step, str):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _applied(data: Any, change: Change, loc: tuple[str | int, ...]) -> Any:
    """The plain data with ``change`` made: what the edited text must read as."""
    if isinstance(change, Set) and change.value is None and not isinstance(_get(data, loc[:-1]), dict):
        return data  # removing what is not there
    data = copy.deepcopy(data)
    *head, last = loc
    parent: Any = data
    for i, step in enumerate(head):
        child = parent.get(step) if isinstance(parent, dict) else parent[step]
        if child is None:
            child = [] if isinstance(loc[i + 1], int) else {}
            parent[step] = child
        parent = child
    if isinstance(change, Set):
        if change.value is None:
            if isinstance(parent, dict):
                parent.pop(str(last), None)
        else:
            parent[last] = copy.deepcopy(change.value)
    elif isinstance(change, Append):
        current = parent.get(last) if isinstance(parent, dict) else parent[last]
        if current is None:
            parent[last] = [copy.deepcopy(change.item)]
        else:
            current.append(copy.deepcopy(change.item))
    elif isinstance(change, Remove):
        del parent[last]
    return data


def _node_at(
    root: yaml.Node, loc: tuple[str | int, ...]
) -> tuple[yaml.Node | None, yaml.Node | None, yaml.Node | None]:
    """(the node at ``loc`` or None, its parent collection, the key node of a mapping entry or None).

    None for the node where the key or item is not there, or a value on the way has nothing under it.
    """
    node: yaml.Node | None = root
    parent: yaml.Node | None = None
    key_node: yaml.Node | None = None
    for step in loc:
        if node is None or _is_null(node):
            return None, None, None
        parent = node
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            key_node, node = pair if pair else (None, None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            key_node, node = None, node.value[step]
        elif isinstance(node, yaml.SequenceNode):
            return None, None, None
        else:
            raise EditError(f"{dotted(loc)}: the file does not hold a mapping or list there")
    return node, parent, key_node


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _set_existing(text: str, node: yaml.Node, value: Value, newline: str) -> str:
    start = int(node.start_mark.index)
    end = node_end(text, node)
    if isinstance(value, str) or _is_null(node):
        new = flow_text(value)
        if isinstance(value, str) and isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            # a value written quoted stays quoted, as its writer chose (a bank account "0121 0000", a code "007"
            # that another YAML reader would take for a number, a comment saying why it is quoted)
            new = _quoted(value, node.style)
        if start == end and start > 0 and text[start - 1] == ":":
            new = " " + new  # an empty value right after its key's colon
        return _replace(text, start, end, new)
    column = int(node.start_mark.column)
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        return _replace(text, start, end, flow_text(value))
    if isinstance(value, list):
        if not value:
            return _replace(text, start, end, "[]")
        if isinstance(node, yaml.SequenceNode):
            return _replace(text, start, end, _block_list(value, column, newline))
        return _replace(text, start, end, flow_text(value))
    if isinstance(node, yaml.MappingNode) and value:
        return _replace(text, start, end, _block_mapping(value, column, newline))
    return _replace(text, start, end, flow_text(value))


def _insert_key(text: str, parent: yaml.Node, key: str, value: Value, newline: str) -> str:
    """Add ``key: value`` to a mapping that lacks the key."""
    if not isinstance(parent, yaml.MappingNode):
        raise EditError(f"{key}: its parent in the file is not a mapping")
    if parent.flow_style:
        if not parent.value:
            close = int(parent.end_mark.index) - 1
            return _replace(text, close, close, f"{scalar_text(key)}: {flow_text(value)}")
        end = node_end(text, parent.value[-1][1])
        return _replace(text, end, end, f", {scalar_text(key)}: {flow_text(value)}")
    if not parent.value:
        raise EditError(f"{key}: the mapping that should hold it is empty")
    column = int(parent.value[0][0].start_mark.column)
    if isinstance(value, list) and value:
        body = f"{scalar_text(key)}:{newline}{' ' * (column + 2)}{_block_list(value, column + 2, newline)}"
    else:
        body = f"{scalar_text(key)}: {flow_text(value)}"
    at = line_end(text, node_end(text, parent))
    return text[:at] + newline + " " * column + body + text[at:]


def _remove_key(text: str, parent: yaml.Node, key_node: yaml.Node, value: yaml.Node) -> str:
    if not isinstance(parent, yaml.MappingNode):
        raise EditError("the value to remove is not in a mapping")
    pairs = parent.value
    index = next(i for i, (k, _v) in enumerate(pairs) if k is key_node)
    if parent.flow_style:
        if index + 1 < len(pairs):
            return _replace(text, int(key_node.start_mark.index), int(pairs[index + 1][0].start_mark.index), "")
        if index > 0:
            return _replace(text, node_end(text, pairs[index - 1][1]), node_end(text, value), "")
        return _replace(text, int(key_node.start_mark.index), node_end(text, value), "")
    start = int(key_node.start_mark.index)
    if not _only_space_before(text, start) or len(pairs) == 1:
        raise EditError(f"{key_node.value}: cannot be removed on its own; edit the file to remove it")
    end = line_end(text, node_end(text, value) if not _is_null(value) else int(key_node.end_mark.index))
    return _replace(text, _line_start(text, start), _after_break(text, end), "")


def _append_item(text: str, node: yaml.Node, key: str | int, item: Value, newline: str) -> str:
    if _is_null(node):
        start, end = int(node.start_mark.index), int(node.end_mark.index)
        if end > start:
            text = text[:start].rstrip(" ") + text[end:]  # drop "~" / "null"
            start = len(text[:start].rstrip(" "))
        column = _key_column(text, start)
        at = line_end(text, start)
        return text[:at] + newline + " " * (column + 2) + "- " + flow_text(item) + text[at:]
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"{key}: is not a list in the file")
    if node.flow_style:
        if not node.value:
            start, end = int(node.start_mark.index), int(node.end_mark.index)
            key_line = _SIMPLE_KEY.fullmatch(text[_line_start(text, start) : start])
            if key_line is None:
                return _replace(text, start, end, flow_text([item]))
            # `events: []  # comment` becomes a block list under its key, the comment kept on the key's line
            column = len(key_line.group(1)) + 2
            rest = text[end : line_end(text, end)]
            if rest.strip():
                text = text[:start] + " " * (end - start) + text[end:]
            else:
                text = text[:start].rstrip(" ") + text[end:]
            at = line_end(text, min(start, len(text)) - 1)
            return text[:at] + newline + " " * column + "- " + flow_text(item) + text[at:]
        end = node_end(text, node.value[-1])
        return _replace(text, end, end, ", " + flow_text(item))
    last = node.value[-1]
    dash = dash_column(text, last)
    if isinstance(last, yaml.MappingNode) and not last.flow_style and isinstance(item, dict) and item:
        first, *others = item.items()
        column = int(last.start_mark.column)
        lines = [" " * dash + "-" + " " * (column - dash - 1) + f"{scalar_text(first[0])}: {flow_text(first[1])}"]
        lines += [" " * column + f"{scalar_text(k)}: {flow_text(v)}" for k, v in others]
        added = newline.join(lines)
    else:
        added = " " * dash + "- " + flow_text(item)
    at = line_end(text, node_end(text, last))
    return text[:at] + newline + added + text[at:]


def _key_column(text: str, index: int) -> int:
    start = _line_start(text, index)
    line = text[start:index]
    return len(line) - len(line.lstrip(" "))


def _remove_item(text: str, node: yaml.Node, parent: yaml.Node) -> str:
    if not isinstance(parent, yaml.SequenceNode):
        raise EditError("the item to remove is not in a list")
    items = parent.value
    index = next(i for i, n in enumerate(items) if n is node)
    if parent.flow_style:
        if index + 1 < len(items):
            return _replace(text, int(node.start_mark.index), int(items[index + 1].start_mark.index), "")
        if index > 0:
            return _replace(text, node_end(text, items[index - 1]), node_end(text, node), "")
        return _replace(text, int(node.start_mark.index), node_end(text, node), "")
    dash = _dash_index(text, node)
    if not _only_space_before(text, dash):
        raise EditError("the item cannot be removed on its own; edit the file to remove it")
    start, end = _line_start(text, dash), line_end(text, node_end(text, node))
    if len(items) == 1:
        return _replace(text, start, end, " " * (dash - start) + "[]")
    return _replace(text, start, _after_break(text, end), "")


def _apply(text: str, change: Change, loc: tuple[str | int, ...], newline: str) -> str:
    root = compose_yaml(text)
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise EditError("the project file is not a block mapping of sections")
    node, parent, key_node = _node_at(root, loc)
    if isinstance(change, Remove):
        if node is None or parent is None:
            raise Conflict(dotted(loc))
        return _remove_item(text, node, parent)
    if isinstance(change, Set) and change.value is None:
        if node is None:
            return text
        assert parent is not None and key_node is not None
        return _remove_key(text, parent, key_node, node)
    if isinstance(change, Set) and change.value is not None and node is not None:
        return _set_existing(text, node, change.value, newline)
    if isinstance(change, Append) and node is not None:
        assert parent is not None
        return _append_item(text, node, loc[-1], change.item, newline)
    # the key is not there: add it to the mapping that should hold it, or make that mapping first
    value: Value = change.value if isinstance(change, Set) and change.value is not None else []
    if isinstance(change, Append):
        value = [change.item]
    head, last = loc[:-1], loc[-1]
    holder = _node_at(root, head)[0] if head else root
    if holder is None or _is_null(holder):
        if not head:
            raise EditError("nothing to edit")
        return _apply(text, Set(head, {str(last): value}), head, newline)
    if not isinstance(last, str):
        raise Conflict(dotted(loc))
    return _insert_key(text, holder, last, value, newline)


def edit_text(text: str, file: str, changes: Sequence[Change]) -> str:
    """The project file's text with ``changes`` made, checked to read as exactly that; EditError if it cannot."""
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    for change in changes:
        data, _ = parse_yaml(text, file)
        loc = _resolve(data, change.path, file)
        if isinstance(change, Guard):
            if digest(_get(data, loc), change.fields) != change.digest:
                raise Conflict(f"{file}: {dotted(loc)}" if loc else file)
            continue
        try:
            edited = _apply(text, change, loc, newline)
        except yaml.YAMLError:
            edited = None
        expected = _applied(data, change, loc)
        if edited is None or not _reads_as(edited, file, expected):
            raise EditError(
                f"{file}: {dotted(loc)} cannot be changed without changing other lines of the file; nothing was "
                "written. Edit the file in a text editor instead."
            )
        text = edited
    return text


def _reads_as(text: str, file: str, expected: Any) -> bool:
    try:
        data, _ = parse_yaml(text, file)
    except ContractkitError:
        return False
    return bool(data == expected)


def edit_bytes(raw: bytes, file: str, changes: Sequence[Change]) -> bytes:
    """``edit_text`` on the file's bytes, keeping a byte-order mark."""
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        text = raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        raise OutputError(f"{file}: is not UTF-8 text; nothing was changed") from None
    return (codecs.BOM_UTF8 if bom else b"") + edit_text(text, file, changes).encode("utf-8")


def edit_project(
    path: Path,
    changes: Sequence[Change] | Callable[[Any], Sequence[Change]],
    *,
    outputs: Mapping[Path, bytes] | None = None,
    inputs: Inputs = NO_INPUTS,
    check: Callable[[LoadedProject], None] | None = None,
) -> LoadedProject:
    """Make ``changes`` in the project file and write ``outputs`` with them: all of it or, on any failure, none.

    The file is locked and read again under the lock; the edited text must load as a project (the loader's
    InputErrors otherwise) and pass ``check`` (which raises to refuse) before anything is written. ``changes`` may
    be a function of the file's values as read under the lock (an item's next free id is chosen there, so that two
    edits at once cannot both take it).
    """
    with locked_for_update(path) as locked:
        old = locked.read()
        if callable(changes):
            changes = changes(_values_of(old, str(path)))
        new = edit_bytes(old, str(path), changes)
        text = new.decode("utf-8-sig")
        loaded = parse_project(text, str(path))
        loaded = LoadedProject(loaded.project, path, loaded.source, new)
        if check is not None:
            check(loaded)
        if new == old and not outputs:
            return loaded
        staged = stage_files(dict(outputs or {}), force=False, inputs=inputs)
        commit(staged, locked, old, new)
    return loaded


def _values_of(raw: bytes, file: str) -> Any:
    """The file's values (mappings, lists, text) as the loader reads them; the loader's errors where it cannot."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OutputError(f"{file}: is not UTF-8 text; nothing was changed") from None
    return parse_yaml(text, file)[0]


__all__ = [
    "Append",
    "ById",
    "Change",
    "Conflict",
    "EditError",
    "Guard",
    "Remove",
    "Set",
    "digest",
    "edit_bytes",
    "edit_project",
    "edit_text",
    "flow_text",
    "scalar_text",
    "value_at",
]
