"""Read YAML files the way contractkit needs them: every scalar as text, every key with its line.

PyYAML's own constructors turn ``NO`` into False, ``0123`` into 83 and ``1000.05`` into a float, and keep
the last of two duplicate keys. Here the node tree is composed and walked by hand instead, so that an
account number stays an account number, an amount stays exact (pydantic types it later), a repeated key
is an error, and each key keeps the line it was written on for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contractkit.errors import InputError

MAX_FILE_BYTES = 20 * 1024 * 1024

Loc = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class SourceMap:
    """Where each key and list item of a loaded file was written."""

    file: str
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_for(self, loc: Loc) -> int | None:
        """The line of the deepest written part of ``loc`` (a missing key points at its parent)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def dotted(loc: Loc) -> str:
    """``('payment_schedule', 2, 'due')`` as ``payment_schedule[2].due``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_text(path: Path) -> str:
    """The file's text, or an InputError saying why it cannot be read (missing, too big, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(file=path, message="no such file") from None
    except IsADirectoryError:
        raise InputError(file=path, message="this is a folder, not a file") from None
    except OSError as exc:
        raise InputError(file=path, message=f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(file=path, message=f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            file=path,
            line=line,
            message=f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
        ) from None


def load_yaml_file(path: str | Path) -> tuple[Any, SourceMap]:
    """Load a YAML file as nested dicts, lists and strings, with the line of every key."""
    path = Path(path)
    return parse_yaml(read_text(path), str(path))


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML text as nested dicts, lists and strings (plain empty or ``null`` scalars are None)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        # libyaml's messages are terse; the pure-Python parser says the same more helpfully.
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise _syntax_error(exc, text, file) from None
    if root is None:
        raise InputError(file=file, line=1, message="the file is empty")
    smap = SourceMap(file)
    value = _Builder(file, smap).build(root, ())
    return value, smap


def _syntax_error(exc: yaml.YAMLError, text: str, file: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        return InputError(
            file=file,
            line=text.count("\n", 0, exc.position) + 1,
            message=f"control character U+{exc.character:04X} is not allowed; remove it",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line: int | None = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "'\\t'" in problem:
        problem = "a tab character cannot indent YAML; indent with spaces"
    else:
        context = getattr(exc, "context", None)
        problem = f"not valid YAML ({context + ': ' if context else ''}{problem})"
    return InputError(file=file, line=line, message=problem)


class _Builder:
    """Turns a composed node tree into plain values, recording lines and refusing aliases."""

    def __init__(self, file: str, smap: SourceMap) -> None:
        self.file = file
        self.smap = smap
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        if id(node) in self.seen:
            # A repeated node is an alias (*name). Expanding aliases is how a few lines of YAML become
            # gigabytes, and project files never need them, so they are refused before any expansion.
            raise InputError(
                file=self.file,
                line=node.start_mark.line + 1,
                message="anchors and aliases (&name / *name) are not allowed in this file; write the value out",
            )
        self.seen.add(id(node))
        line = node.start_mark.line + 1
        self.smap.lines.setdefault(loc, line)
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:  # plain (unquoted) style only
                return None
            return str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise InputError(file=self.file, line=key_line, message="a key must be plain text")
                key = str(key_node.value)
                if key == "<<":
                    raise InputError(
                        file=self.file, line=key_line, message="merge keys (<<) are not allowed; write the keys out"
                    )
                if key in out:
                    where = dotted((*loc, key))
                    raise InputError(
                        file=self.file,
                        line=key_line,
                        message=f"{where}: duplicate key {key!r} (first written on line "
                        f"{self.smap.lines[(*loc, key)]}); a later value would silently replace the first",
                    )
                self.smap.lines[(*loc, key)] = key_line
                out[key] = self.build(value_node, (*loc, key))
            return out
        raise InputError(file=self.file, line=line, message="unsupported YAML node")  # pragma: no cover
