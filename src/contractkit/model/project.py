"""Load a project file into a ``Project``, turning every problem into ``file:line: path: message``."""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from contractkit.errors import InputError, InputErrors
from contractkit.model import models
from contractkit.model.loading import MAX_FILE_BYTES, Loc, SourceMap, decode_text, dotted, parse_yaml, read_bounded
from contractkit.model.models import Project

PROJECT_FILE_NAMES = ("project.yaml", "project.yml")

# A project file travels between computers: a path that is absolute on Windows (a drive, ``C:\\x`` or ``C:x``)
# names a file outside the folder there, whatever it names here.
_DRIVE = re.compile(r"^[A-Za-z]:")
# Names Windows gives to devices in every folder, with any extension (``evidence/CON.pdf`` is the console, ``NUL`` a
# sink that reads as empty): a file there cannot have such a name, and a path naming one reads no file.
_DEVICE = re.compile(
    r"^(CON|PRN|AUX|NUL|COM[0-9\u00b9\u00b2\u00b3]|LPT[0-9\u00b9\u00b2\u00b3]|CONIN\$|CONOUT\$) *(\..*)?$", re.I
)


@dataclass(frozen=True)
class LoadedProject:
    """A project with where it came from: its file, its folder and the line of every key."""

    project: Project
    path: Path
    source: SourceMap
    raw: bytes = field(default=b"", repr=False, compare=False)  # the bytes loaded (hashed in manifests)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def where(self, loc: Loc) -> str:
        """``project.yaml:42`` for a location in the file."""
        line = self.source.line_for(loc)
        return f"{self.path}:{line}" if line else str(self.path)


def path_in_project(folder: Path, relative: str) -> Path:
    """The file a project names (evidence, a calendar), resolved inside the project folder.

    ValueError says why a path cannot be one: absolute, leaving the folder (``..`` or a symbolic link
    pointing out), naming a folder (a trailing ``/``) or the project folder itself.
    """
    if relative.endswith(("/", "\\")):
        raise ValueError("names a folder (it ends with '/'); name the file inside it")
    # a root, a drive ("C:x" on Windows) or a UNC share: os.path's test, without a Path object per name
    if (
        os.path.isabs(relative)
        or os.path.splitdrive(relative)[0]
        or relative.startswith(("/", "\\"))
        or _DRIVE.match(relative)
    ):
        raise ValueError("must be relative to the project folder (like evidence/x.pdf), not an absolute path")
    # "..\\..\\x" is a name here and the folder two above on Windows: what leaves the folder on either is refused
    if "\\" in relative and posixpath.normpath(relative.replace("\\", "/")).split("/")[0] == "..":
        raise ValueError("leaves the project folder (through '..' or a symbolic link); keep the file inside it")
    device = next((part for part in re.split(r"[\\/]", relative) if _DEVICE.match(part.rstrip(" ."))), None)
    if device is not None:
        raise ValueError(
            f"names {device!r}, which on Windows is a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9), not a file; "
            "rename the file"
        )
    try:
        # the real paths as strings: pathlib's resolve() is the same realpath with several Path objects around it
        root = os.path.realpath(folder)
        path = _real_below(root, relative)
    except (OSError, RuntimeError) as exc:  # a symbolic-link loop, a name too long
        raise ValueError(f"cannot be resolved ({getattr(exc, 'strerror', None) or exc})") from None
    if path == root:
        raise ValueError("names the project folder itself, not a file in it")
    # both are real paths (normalised, no "..", no links): inside the root is a prefix ending at a separator
    if not path.startswith(root if root.endswith(os.sep) else root + os.sep):
        raise ValueError("leaves the project folder (through '..' or a symbolic link); keep the file inside it")
    return Path(path)


def resolve_project_path(path: str | Path) -> Path:
    """A project file, or the project file inside a project folder."""
    path = Path(path)
    try:
        if path.is_dir():
            present = [path / name for name in PROJECT_FILE_NAMES if (path / name).is_file()]
            if len(present) > 1:
                # the one read would be a guess: the other may be the one the user keeps up to date
                raise InputError(
                    file=path,
                    message=f"this folder has two project files, {' and '.join(p.name for p in present)}; keep "
                    "one (or name the file to read)",
                )
            if present:
                return present[0]
            raise InputError(file=path, message="this folder has no project.yaml")
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a link loop
        raise InputError(file=path, message=f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    return path


def _real_below(root: str, relative: str) -> str:
    """``os.path.realpath(os.path.join(root, relative))`` for a ``root`` that is already a real path.

    Where ``relative`` is plain names (no ``..``, no ``.``, no empty part) none of which is a symbolic link, the
    real path is the joined one, found with one lstat per name instead of one per folder of the whole path;
    anything else is left to realpath.
    """
    parts = relative.split("/")
    if os.sep != "/" or any(part in ("", ".", "..") for part in parts):
        return os.path.realpath(os.path.join(root, relative))
    path = root
    for part in parts:
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return os.path.realpath(os.path.join(root, relative))
        except OSError:  # missing, below a file, not searchable: realpath says the name as joined
            return os.path.join(root, relative)
    return path


def load_project(path: str | Path) -> LoadedProject:
    """Read, parse and type a project file; raise InputError(s) naming each problem's line."""
    path = resolve_project_path(path)
    raw = read_bounded(path, MAX_FILE_BYTES, shared_lock=True)  # never half of a `demand --record` edit
    data, source = parse_yaml(decode_text(raw, path), str(path))
    return LoadedProject(project=_build(data, source), path=path, source=source, raw=raw)


def parse_project(text: str, file: str = "project.yaml") -> LoadedProject:
    """Like ``load_project`` for text already in memory (used by ``init`` and tests)."""
    data, source = parse_yaml(text, file)
    return LoadedProject(project=_build(data, source), path=Path(file), source=source)


def _build(data: Any, source: SourceMap) -> Project:
    if not isinstance(data, dict):
        raise InputError(file=source.file, line=1, message="a project file must be a mapping of sections (key: value)")
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        raise located_errors(exc, source) from None


def located_errors(exc: ValidationError, source: SourceMap) -> InputErrors:
    """Each error of a file's validation as ``file:line: path: message``, in the user's words (project and
    calendar files alike)."""
    return InputErrors(_located(err, source) for err in exc.errors(include_url=False))


def _located(err: Any, source: SourceMap) -> InputError:
    loc: Loc = tuple(err["loc"])
    path = dotted(loc)
    return InputError(
        file=source.file, line=source.line_for(loc), message=f"{path or '(top)'}: {_explain(err)}", field=path or None
    )


def _explain(err: Any) -> str:
    kind = err["type"]
    loc = err["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, _FIELD_NAMES, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key '{key}'{hint} (a misspelt key would silently drop a term)"
    if kind == "missing":
        return "is required but missing"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "must be a mapping of keys and values (key: value)"
    if kind == "list_type":
        return "must be a list (lines starting with '- ', or [a, b])"
    if kind in {"string_type", "str_type"}:
        return "must be text, not a list or a mapping"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err['input']!r} is not allowed here; use {expected}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err['input']!r} is not allowed here; use {expected}"
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message


def _field_names() -> list[str]:
    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for name, info in obj.model_fields.items():
                names.add(info.alias or name)
    return sorted(names)


_FIELD_NAMES = _field_names()
