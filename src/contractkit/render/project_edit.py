"""Edit one section of a project file in place: every byte outside the section written stays as it was.

Round-tripping the whole file through a YAML library reflows flow mappings, re-indents lists and moves comments; a
project file is the user's own document, so a section is replaced (or a list item appended) by splicing text at
the offsets the YAML parser reports, and the result must load again before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from contractkit.errors import InputError, UsageError
from contractkit.model.loading import compose_yaml

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:\"']*$")
_NULLS = {"", "~", "null", "Null", "NULL"}


def scalar(text: str, *, quote: bool = False) -> str:
    """A YAML scalar for ``text``: plain where that is unambiguous in a flow mapping, else double-quoted."""
    if quote or text in _NULLS or text != text.strip() or not _PLAIN.match(text) or " #" in text:
        return json.dumps(text, ensure_ascii=False)
    return text


def flow_map(pairs: list[tuple[str, str | None]], quoted: frozenset[str] = frozenset()) -> str:
    """``{key: value, ...}`` on one line, leaving out keys whose value is None."""
    return "{" + ", ".join(f"{k}: {scalar(v, quote=k in quoted)}" for k, v in pairs if v is not None) + "}"


@dataclass(frozen=True)
class ProjectText:
    """A project file's text with what splicing needs: its byte-order mark and line ending."""

    path: Path
    text: str
    bom: bool
    newline: str

    @classmethod
    def read(cls, path: Path) -> ProjectText:
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, text, bom, newline)

    def encode(self, text: str) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")

    def lines(self, block: list[str]) -> str:
        return "".join(line + self.newline for line in block)


def _root(text: str, path: Path) -> yaml.MappingNode:
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as exc:  # pragma: no cover - the file was loaded once already
        raise InputError(file=path, message=f"cannot be edited: {exc}") from None
    if not isinstance(root, yaml.MappingNode):  # pragma: no cover - loading refuses this
        raise InputError(file=path, line=1, message="a project file must be a mapping of sections")
    return root


def _last_index(node: yaml.Node) -> int:
    """Where the text of a node ends: the end of its last scalar or flow bracket."""
    end = node.end_mark.index
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        end = max((_last_index(n) for n in node.value), default=node.start_mark.index)
    elif isinstance(node, yaml.MappingNode) and not node.flow_style:
        end = max((_last_index(v) for _, v in node.value), default=node.start_mark.index)
    return end


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just past the newline that ends the line holding ``index`` (the text's end on the last line)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _section(text: str, path: Path, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in _root(text, path).value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def replace_section(source: ProjectText, key: str, block: list[str]) -> str:
    """The text with the top-level ``key`` and its value replaced by ``block`` (lines), or ``block`` appended at the
    end where the file has no such key."""
    text = source.text
    found = _section(text, source.path, key)
    new = source.lines(block)
    if found is None:
        separator = "" if not text or text.endswith("\n") else source.newline
        return text + separator + source.newline + new
    key_node, value_node = found
    start = _line_start(text, key_node.start_mark.index)
    end = _line_end(text, max(_last_index(value_node), key_node.end_mark.index) - 1)
    block_value = isinstance(value_node, yaml.SequenceNode | yaml.MappingNode) and not value_node.flow_style
    if block_value and value_node.value and value_node.start_mark.line > key_node.start_mark.line and block:
        # keep the key's own line (and the comment on it); replace what follows it
        start = _line_end(text, key_node.start_mark.index)
        new = source.lines(block[1:])
    return text[:start] + new + text[end:]


def append_item(source: ProjectText, key: str, item: list[str]) -> str:
    """The text with ``item`` (lines of a block-list entry, starting with "- ", indented by the caller to column 0)
    appended to the top-level list ``key``, at the list's own indentation; a missing or empty list is written anew."""
    text = source.text
    found = _section(text, source.path, key)
    if found is None or (isinstance(found[1], yaml.SequenceNode) and not found[1].value):
        return replace_section(source, key, [f"{key}:", *("  " + line for line in item)])
    _, value_node = found
    if isinstance(value_node, yaml.ScalarNode) and value_node.value in _NULLS and not value_node.style:
        return replace_section(source, key, [f"{key}:", *("  " + line for line in item)])
    if not isinstance(value_node, yaml.SequenceNode):
        raise UsageError(f"{source.path}:{value_node.start_mark.line + 1}: {key} is not a list")
    if value_node.flow_style:
        raise UsageError(
            f"{source.path}:{value_node.start_mark.line + 1}: {key} is written as a flow list [...]; write it as a "
            "block list (one '- ' entry per line) to import into it"
        )
    first = value_node.value[0]
    line_start = _line_start(text, first.start_mark.index)
    prefix = text[line_start : first.start_mark.index]
    indent = " " * prefix.index("-") if "-" in prefix else ""
    end = _line_end(text, _last_index(value_node) - 1)
    insert = source.lines([indent + line if line else line for line in item])
    before = text[:end]
    if not before.endswith("\n"):
        before += source.newline
    return before + insert + text[end:]
