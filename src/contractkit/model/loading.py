"""Read YAML files the way contractkit needs them: every scalar as text, every key with its line.

PyYAML's own constructors turn ``NO`` into False, ``0123`` into 83 and ``1000.05`` into a float, and keep
the last of two duplicate keys. Here the parser's events are built into values by hand instead, so that an
account number stays an account number, an amount stays exact (pydantic types it later), a repeated key
is an error, and each key keeps the line it was written on for error messages.

Most files are sound and most lines are never asked for, so a file is first built the quick way: the same
events, turned into values by a short loop that keeps no line for anything. Whatever that loop cannot vouch
for (an alias, a merge key, a duplicate key, an escape that may hide half a character pair, deep nesting,
a second document, a syntax error) is built again the full way, which says what is wrong and where. The
lines of a file built the quick way are worked out when a message first needs one (``SourceMap.line_for``).

Files are read with ``read_bounded``: regular files only, their size checked before a byte is read.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contractkit.errors import InputError

if sys.platform != "win32":
    import fcntl

MAX_FILE_BYTES = 20 * 1024 * 1024
#: Deeper than any project or clause file needs; a deeper file is refused with its line.
MAX_DEPTH = 32

Loc = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
# Half of a UTF-16 pair: only a YAML escape can produce one, and no document can carry it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Escapes that can spell half of a pair: a file without them (and without such a half) holds none.
_LONG_ESCAPE = re.compile(r"\\[uU]")


class SourceMap:
    """Where each key and list item of a loaded file was written.

    Built with the file's ``text`` instead of its ``lines``, it works the lines out when first asked.
    """

    def __init__(self, file: str, lines: dict[Loc, int] | None = None, *, text: str | None = None) -> None:
        self.file = file
        self._lines = lines if lines is not None or text is not None else {}
        self._text = text

    @property
    def lines(self) -> dict[Loc, int]:
        if self._lines is None:
            assert self._text is not None
            _, built = _Builder(self.file).build(yaml.parse(self._text, Loader=_loader()))
            self._lines, self._text = built.lines, None
        return self._lines

    def __repr__(self) -> str:
        return f"SourceMap(file={self.file!r})"

    def line_for(self, loc: Loc) -> int | None:
        """The line of the deepest written part of ``loc`` (a missing key points at its parent)."""
        lines = self.lines
        for end in range(len(loc), -1, -1):
            line = lines.get(tuple(loc[:end]))
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


class UnusableFile(InputError):
    """A file that cannot be read as asked: missing, a folder, a device or pipe, unreadable, or too large."""

    def __init__(self, *, file: str | Path, reason: str) -> None:
        self.reason = reason
        super().__init__(file=file, message=reason)


#: How long a reader waits for a writer of the same file (``demand --record``) to finish.
LOCK_WAIT_SECONDS = 60.0


def _lock(fd: int, exclusive: bool, wait: float) -> bool:
    """An advisory lock on an open file, waiting up to ``wait`` seconds; False when it stays taken."""
    if sys.platform == "win32":
        return True  # no flock; a single user's runs rarely overlap there
    kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, kind | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        except OSError:
            return True  # a file system without locks (some network shares): go on unlocked


def exclusive_lock(fd: int, wait: float) -> bool:
    """Take the lock writers of a project file hold (see ``render/journal.py``)."""
    return _lock(fd, True, wait)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit:,} bytes"


def read_bounded(path: Path, limit: int, *, shown: str | Path | None = None, shared_lock: bool = False) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read once; UnusableFile saying why not.

    The file is opened without blocking and checked on the open descriptor before anything is read, so a
    pipe, a device (``/dev/zero``), a folder or a huge sparse file is refused at once instead of hanging
    or filling memory, and what is checked is what is read. With ``shared_lock`` the read waits for a
    writer holding the file's exclusive lock, so that it never sees a half-written project file.
    """
    shown = path if shown is None else shown
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UnusableFile(file=shown, reason="no such file") from None
    except IsADirectoryError:
        raise UnusableFile(file=shown, reason="this is a folder, not a file") from None
    except NotADirectoryError:
        raise UnusableFile(file=shown, reason="a part of this path is a file, not a folder") from None
    except PermissionError:
        raise UnusableFile(file=shown, reason="cannot be read (permission denied)") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UnusableFile(file=shown, reason=f"cannot be read ({reason})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnusableFile(file=shown, reason="this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile(file=shown, reason="this is not a regular file (a device, a pipe or a socket)")
        if info.st_size > limit:
            raise UnusableFile(file=shown, reason=f"the file is larger than {_size(limit)}")
        if shared_lock and not _lock(fd, False, LOCK_WAIT_SECONDS):
            raise UnusableFile(file=shown, reason="another contractkit run is updating this file; try again")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise UnusableFile(file=shown, reason=f"the file is larger than {_size(limit)}")
    except OSError as exc:
        raise UnusableFile(file=shown, reason=f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def file_problem(path: Path, limit: int) -> str | None:
    """Why an existing ``path`` cannot be read as a file of at most ``limit`` bytes; None when it can or is missing.

    Looks without opening, so that checking a pipe or a device never blocks.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return "a part of this path is a file, not a folder"
    except (OSError, ValueError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISDIR(info.st_mode):
        return "this is a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return "this is not a regular file (a device, a pipe or a socket)"
    if info.st_size > limit:
        return f"the file is larger than {_size(limit)}"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    return None


def real_paths(paths: Iterable[Path]) -> list[str | None]:
    """``os.path.realpath`` of each path (None where the system will not say), each folder resolved once.

    The files of a portfolio share a few folders: the real path of ``folder/name`` is the folder's real
    path and the name, unless the name is itself a link, which costs one lstat instead of one per component.
    """
    folders: dict[str, str] = {}
    real: list[str | None] = []
    for path in paths:
        text = os.fspath(path)
        head, name = os.path.split(text)
        try:
            if name in {"", ".", ".."} or os.path.islink(text):
                real.append(os.path.realpath(text))
                continue
            folder = folders.get(head)
            if folder is None:
                folder = folders[head] = os.path.realpath(head or os.curdir)
            real.append(os.path.join(folder, name))
        except (OSError, ValueError, RuntimeError):
            real.append(None)
    return real


def read_text(path: Path, *, shared_lock: bool = False) -> str:
    """The file's text, or an InputError saying why it cannot be read (missing, too big, not UTF-8)."""
    return decode_text(read_bounded(path, MAX_FILE_BYTES, shared_lock=shared_lock), path)


def decode_text(raw: bytes, path: str | Path) -> str:
    """UTF-8 text (a byte-order mark dropped), or an InputError at the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            file=path,
            line=line,
            message=f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
        ) from None


def load_yaml_file(path: str | Path, *, shared_lock: bool = False) -> tuple[Any, SourceMap]:
    """Load a YAML file as nested dicts, lists and strings, with the line of every key."""
    path = Path(path)
    return parse_yaml(read_text(path, shared_lock=shared_lock), str(path))


def parse_yaml(text: str, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML text as nested dicts, lists and strings (plain empty or ``null`` scalars are None).

    The value is built from the parser's event stream with an explicit stack, never by recursion, so
    that nesting depth is a located error and not a crash; a sound file is built the quick way first
    (see ``_quick``), with its lines worked out only if asked for.
    """
    quick = _quick(text)
    if quick is not None:
        return quick, SourceMap(file, text=text)
    loader = _loader()
    try:
        return _Builder(file).build(yaml.parse(text, Loader=loader))
    except yaml.YAMLError as exc:
        if loader is yaml.SafeLoader:
            raise _syntax_error(exc, text, file) from None
        # libyaml's messages are terse; the pure-Python parser says the same more helpfully.
        try:
            _Builder(file).build(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError as again:
            raise _syntax_error(again, text, file) from None
        raise _syntax_error(exc, text, file) from None


def compose_yaml(text: str) -> Any:
    """The node tree of ``text``, with the marks (line, column, index) the text editors of project files work with.

    Every file the loader reads must be editable: libyaml, which loads, takes a few layouts the pure-Python parser
    refuses (a tab between a flow mapping's ``}`` and its comment), so a file that one refuses is composed with the
    other; their marks are the same (a byte-order mark aside, which the editors remove first). A file that neither
    reads raises yaml.YAMLError, as before.
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        loader = _loader()
        if loader is yaml.SafeLoader or text.startswith("\ufeff"):
            raise
        return yaml.compose(text, Loader=loader)


def _loader() -> type[yaml.SafeLoader]:
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class _Unsure(Exception):
    """The quick build cannot vouch for this file: build it with lines, which says what is wrong and where."""


def _quick(text: str) -> Any:
    """The file's value built from libyaml's events without a line for anything, or None where only the
    full build can tell what the file holds or what is wrong with it.

    It returns exactly what ``_Builder`` would, or None: for an escape that may spell half of a character
    pair (``\\u``, ``\\U``) or such a half written as is, an alias, a merge key, a duplicate key, a key that
    is not text, nesting deeper than MAX_DEPTH, more or fewer than one document, an empty file and any
    syntax error.
    """
    loader = getattr(yaml, "CBaseLoader", None)
    if loader is None or _LONG_ESCAPE.search(text) or _SURROGATE.search(text):
        return None
    parser = loader(text)
    try:
        # straight from the parser: yaml.parse's generator costs a third of the loop
        return _values(iter(parser.get_event, None))
    except (yaml.YAMLError, _Unsure):
        return None
    finally:
        parser.dispose()


def _values(events: Iterator[Any]) -> Any:
    """Events into dicts, lists and strings, as ``_Builder`` builds them; _Unsure where it would refuse."""
    root: Any = None
    outer: list[tuple[Any, str | None, bool]] = []  # the collections enclosing the open one
    open_: Any = None  # the open mapping or list (None before the root)
    key: str | None = None  # the key awaiting its value in the open mapping
    mapping = False
    documents = 0
    # the event classes and the null spellings as locals: this loop runs for every key and value of every file
    scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end, alias = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent
    document_start, nulls = yaml.DocumentStartEvent, _NULLS
    for event in events:
        kind = type(event)
        if kind is scalar:
            text = event.value
            if mapping and key is None:
                if text in open_ or text == "<<":
                    raise _Unsure
                key = text
                continue
            value = None if not event.style and text in nulls else text
            if mapping:
                open_[key] = value
                key = None
            elif open_ is None:
                root = value
            else:
                open_.append(value)
        elif kind is mapping_start or kind is sequence_start:
            if (mapping and key is None) or len(outer) >= MAX_DEPTH:
                raise _Unsure
            made: Any = {} if kind is mapping_start else []
            if open_ is None:
                root = made
            elif mapping:
                open_[key] = made
            else:
                open_.append(made)
            outer.append((open_, key, mapping))
            open_, key, mapping = made, None, kind is mapping_start
        elif kind is mapping_end or kind is sequence_end:
            open_, key, mapping = outer.pop()
            key = None
        elif kind is alias:
            raise _Unsure
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise _Unsure
    if root is None:
        raise _Unsure
    return root


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


@dataclass
class _Open:
    """A mapping or list being built, with where it is and, for a mapping, the key awaiting its value."""

    value: dict[str, Any] | list[Any]
    loc: Loc
    key: str | None = None


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


class _Builder:
    """Turns a parser event stream into plain values, recording lines and refusing aliases and deep nesting."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.smap = SourceMap(file)
        self.stack: list[_Open] = []
        self.root: Any = None
        self.documents = 0

    def build(self, events: Iterator[yaml.Event]) -> tuple[Any, SourceMap]:
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self._error(event, "a project file holds one YAML document; remove the second '---'")
            elif isinstance(event, yaml.AliasEvent):
                # Expanding aliases is how a few lines of YAML become gigabytes, and project files never
                # need them, so they are refused before any expansion.
                raise self._error(
                    event, "anchors and aliases (&name / *name) are not allowed in this file; write the value out"
                )
            elif isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                self._open(event)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                self._close(self.stack.pop().value)
        if self.documents == 0 or self.root is None:
            raise InputError(file=self.file, line=1, message="the file is empty")
        return self.root, self.smap

    def _error(self, event: yaml.Event, message: str) -> InputError:
        return InputError(file=self.file, line=_line(event), message=message)

    def _where(self) -> Loc | None:
        """The location of the value about to be built, or None when it is a mapping's key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.loc, len(top.value))
        if top.key is None:
            return None
        return (*top.loc, top.key)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        text = str(event.value)
        surrogate = _SURROGATE.search(text)
        if surrogate:
            at = self._where()
            prefix = f"{dotted(at)}: " if at else ""
            raise self._error(
                event,
                f"{prefix}contains U+{ord(surrogate.group()):04X}, half of a character pair with the other half "
                "missing (an escape such as \\ud800); write the character itself",
            )
        loc = self._where()
        if loc is None:  # a key
            top = self.stack[-1]
            assert isinstance(top.value, dict)
            line = _line(event)
            if text == "<<":
                raise self._error(event, "merge keys (<<) are not allowed; write the keys out")
            if text in top.value:
                where = dotted((*top.loc, text))
                raise self._error(
                    event,
                    f"{where}: duplicate key {text!r} (first written on line "
                    f"{self.smap.lines[(*top.loc, text)]}); a later value would silently replace the first",
                )
            self.smap.lines[(*top.loc, text)] = line
            top.key = text
            return
        self.smap.lines.setdefault(loc, _line(event))
        plain = not event.style
        self._close(None if plain and text in _NULLS else text)

    def _open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        loc = self._where()
        if loc is None:
            raise self._error(event, "a key must be plain text")
        if len(self.stack) >= MAX_DEPTH:
            raise self._error(event, f"{dotted(loc[:2])}: values are nested more than {MAX_DEPTH} levels deep")
        self.smap.lines.setdefault(loc, _line(event))
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Open(value, loc))

    def _close(self, value: Any) -> None:
        """Put a finished value where it belongs: in the open list or mapping, or at the root."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            assert top.key is not None
            top.value[top.key] = value
            top.key = None
