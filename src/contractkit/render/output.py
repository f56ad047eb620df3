"""Write outputs all together or not at all, never over an input, never over a file without --force.

A command's outputs are written to temporary files beside their targets, flushed to disk, and only then
renamed into place, all of them; a failure (a full disk, a folder that cannot be written) removes what
was written and leaves every target as it was. Temporary files carry contractkit's prefix and the
writer's process id, so that those a killed run left behind are removed by the next run in that folder.

An output may never replace an input: the project file, its evidence, its calendar, or anything in the
templates folder a command renders from. ``--force`` replaces only the files the command itself writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.errors import OutputError, UsageError
from contractkit.model.project import LoadedProject, path_in_project

#: Every temporary file or folder contractkit writes starts with this.
TEMP_PREFIX = ".contractkit-"
_TEMP = re.compile(r"^\.contractkit-(\d+)-[0-9a-f]+\.(tmp|stage)$")
#: A temporary file older than this is stale even when its process id is in use again.
STALE_AFTER_SECONDS = 24 * 3600
#: Folders of the operating system (devices, processes): nothing is written there.
_SYSTEM = tuple(Path(p) for p in ("/dev", "/proc", "/sys"))
#: The longest file name most file systems take, in bytes.
MAX_NAME_BYTES = 255


def _reason(exc: OSError) -> str:
    if exc.errno in (28, 122):  # ENOSPC, EDQUOT
        return "the disk is full"
    return exc.strerror or str(exc)


class Inputs:
    """What a command reads: files no output may replace, folders in which no existing file may be replaced."""

    def __init__(self, files: Iterable[Path] = (), folders: Iterable[Path] = ()) -> None:
        self._real: set[str] = set()
        self._ids: set[tuple[int, int]] = set()
        self._folders: list[str] = []
        for path in files:
            with contextlib.suppress(OSError, ValueError):
                self._real.add(os.path.realpath(path))
                info = os.stat(path)
                self._ids.add((info.st_dev, info.st_ino))
        for folder in folders:
            with contextlib.suppress(OSError, ValueError):
                self._folders.append(os.path.realpath(folder))

    def holds(self, path: Path) -> bool:
        """Whether writing ``path`` would replace an input: by name, through a link, or in an input folder."""
        try:
            real = os.path.realpath(path)
            if real in self._real:
                return True
            info = os.stat(path)
        except (OSError, ValueError):
            return False  # not there: writing it replaces nothing
        if (info.st_dev, info.st_ino) in self._ids:
            return True
        return any(real.startswith(folder + os.sep) for folder in self._folders)


NO_INPUTS = Inputs()


def check_writable(path: Path, *, force: bool, inputs: Inputs = NO_INPUTS) -> None:
    """Refuse before any work is done: an input, an existing file without force, a folder that is not there."""
    try:
        if len(os.fsencode(path.name)) > MAX_NAME_BYTES:
            raise OutputError(f"{path}: the file name is longer than {MAX_NAME_BYTES} bytes; give a shorter name")
        _check_folder_writable(path.parent if str(path.parent) else Path("."), path)
        if inputs.holds(path):
            raise OutputError(f"{path}: this is an input of the command; an output never replaces an input")
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a folder; give a file name")
        if not force:
            raise OutputError(f"{path}: already exists; use --force to replace it")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
            raise OutputError(f"{path}: is a device, a pipe or a socket, not a file; give a file name")
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a link loop
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise OutputError(f"{path}: cannot be written ({reason})") from None


def refuse_before_signing(signed_on: dt.date, as_of: dt.date, document: str) -> None:
    """A document dated before the contract it is made under was signed would cite a contract not yet made."""
    if as_of < signed_on:
        raise UsageError(
            f"contractkit: --as-of {as_of} is before the contract was signed ({signed_on}): {document} cannot be "
            "dated before the contract it is made under. Nothing was written."
        )


def refuse_system_folder(folder: Path, shown: Path) -> None:
    """Nothing is written into the operating system's folders (devices, processes), even by root."""
    real = Path(os.path.realpath(folder))
    if any(real == system or real.is_relative_to(system) for system in _SYSTEM):
        raise OutputError(f"{shown}: {real} is a folder of the operating system; write to a folder of your own")


def _check_folder_writable(folder: Path, shown: Path) -> None:
    if not folder.is_dir():
        if os.path.lexists(folder):  # a file where the output's folder would be: say so, not that it is missing
            raise OutputError(f"{folder}: is a file, not a folder; the output cannot be written inside it")
        raise OutputError(f"{folder}: no such folder for the output")
    refuse_system_folder(folder, shown)
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: this folder is not writable")


def temp_path(folder: Path, suffix: str = "tmp") -> Path:
    """A fresh name for a temporary file or folder in ``folder``, marked as this process's."""
    return folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}.{suffix}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale(folder: Path) -> None:
    """Remove temporary files and folders that a contractkit run, killed since, left in ``folder``."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = _TEMP.match(entry.name)
        if not found:
            continue
        with contextlib.suppress(OSError):
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            if _alive(int(found.group(1))) and not old:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)


def write_temp(folder: Path, data: bytes, *, shown: Path) -> Path:
    """``data`` in a new temporary file in ``folder``, flushed to disk; OutputError (nothing left) if it cannot be."""
    tmp = temp_path(folder)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot be written ({_reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{shown}: cannot be written ({_reason(exc)})") from None
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the renames in it) to disk, where the system allows it."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class StagedFile:
    """An output written to a temporary file beside its target, not yet in place."""

    temp: Path
    target: Path
    existed: bool  # the target was there before (replaced with --force)
    sha256: str


@dataclass
class Staged:
    """Outputs written to temporary files, ready to be renamed into place together."""

    files: list[StagedFile] = field(default_factory=list)
    removals: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        """Remove the temporary files: nothing was written."""
        for staged in self.files:
            with contextlib.suppress(OSError):
                os.unlink(staged.temp)

    def place(self) -> None:
        """Rename every temporary file into place; on a failure, remove those placed and the rest."""
        placed: list[Path] = []
        try:
            for staged in self.files:
                os.replace(staged.temp, staged.target)
                placed.append(staged.target)
            for path in self.removals:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
        except OSError as exc:
            self.unplace(placed)
            self.discard()
            failed = next((f.target for f in self.files if f.target not in placed), self.files[-1].target)
            raise OutputError(f"{failed}: cannot be written ({_reason(exc)})") from None
        for folder in {staged.target.parent for staged in self.files}:
            sync_folder(folder)

    def unplace(self, placed: Iterable[Path] | None = None) -> None:
        """Remove the targets this transaction created (when a later step of it fails)."""
        chosen = {f.target for f in self.files} if placed is None else set(placed)
        for staged in self.files:
            if staged.target in chosen and not staged.existed:
                with contextlib.suppress(OSError):
                    os.unlink(staged.target)


def stage_files(
    files: Mapping[Path, bytes], *, force: bool, inputs: Inputs = NO_INPUTS, remove: Iterable[Path] = ()
) -> Staged:
    """Check every target, then write each to a temporary file beside it; nothing is visible yet."""
    for path in files:
        check_writable(path, force=force, inputs=inputs)
    removals = [p for p in remove if p not in files and not inputs.holds(p)]
    for folder in {path.parent for path in files}:
        clean_stale(folder if str(folder) else Path("."))
    staged = Staged(removals=removals)
    try:
        for path, data in files.items():
            folder = path.parent if str(path.parent) else Path(".")
            temp = write_temp(folder, data, shown=path)
            staged.files.append(StagedFile(temp, path, os.path.lexists(path), hashlib.sha256(data).hexdigest()))
    except BaseException:
        staged.discard()
        raise
    return staged


def write_files(
    files: Mapping[Path, bytes], *, force: bool, inputs: Inputs = NO_INPUTS, remove: Iterable[Path] = ()
) -> list[Path]:
    """Write several outputs as one: all of them, or (on any failure) none, with nothing left behind.

    ``remove`` names files the command wrote on an earlier run and no longer writes (replaced by --force).
    """
    staged = stage_files(files, force=force, inputs=inputs, remove=remove)
    staged.place()
    return list(files)


def write_atomic(path: Path, data: bytes, *, force: bool, inputs: Inputs = NO_INPUTS) -> None:
    """Write one output through a temporary file renamed into place."""
    write_files({path: data}, force=force, inputs=inputs)


def check_folder(target: Path, *, force: bool, inputs: Inputs = NO_INPUTS) -> None:
    """Refuse before any work is done: an output folder that is a file, or is not empty (without force)."""
    try:
        if len(os.fsencode(target.name)) > MAX_NAME_BYTES:
            raise OutputError(f"{target}: the name is longer than {MAX_NAME_BYTES} bytes; give a shorter name")
        if target.is_dir():
            if any(target.iterdir()) and not force:
                raise OutputError(
                    f"{target}: folder exists and is not empty; use --force to replace the files this command writes"
                )
            _check_folder_writable(target, target)
            return
        if os.path.lexists(target):
            raise OutputError(f"{target}: exists and is not a folder")
        _check_folder_writable(target.parent if str(target.parent) else Path("."), target)
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise OutputError(f"{target}: cannot be written ({reason})") from None


def write_folder(
    target: Path,
    files: Mapping[str, bytes],
    *,
    force: bool,
    inputs: Inputs = NO_INPUTS,
    remove: Iterable[str] = (),
) -> list[Path]:
    """Write named files into the folder ``target``, all or none.

    A new folder is built under a temporary name and renamed into place in one step. Into an existing
    folder (empty, or with force) the files are written as ``write_files`` does: other files in it stay.
    """
    check_folder(target, force=force, inputs=inputs)
    if target.is_dir():
        paths = {target / name: data for name, data in files.items()}
        write_files(paths, force=force, inputs=inputs, remove=[target / name for name in remove])
        return list(paths)
    parent = target.parent if str(target.parent) else Path(".")
    clean_stale(parent)
    stage = temp_path(parent, "stage")
    try:
        stage.mkdir()
        for name, data in files.items():
            with open(stage / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(stage / name, 0o644)
        os.chmod(stage, 0o755)
        sync_folder(stage)
        os.rename(stage, target)
        sync_folder(parent)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise OutputError(f"{target}: cannot be written ({_reason(exc)})") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return [target / name for name in files]


def command_inputs(loaded: LoadedProject, templates: Path | None = None) -> Inputs:
    """What a command on a project reads: the project file, every file it names, and the templates."""
    from contractkit.model.clauses import resource_dir

    files = [loaded.path]
    named = [item.file for item in loaded.project.evidence if item.file]
    if loaded.project.calendar is not None and loaded.project.calendar.file:
        named.append(loaded.project.calendar.file)
    for relative in named:
        with contextlib.suppress(ValueError):
            files.append(path_in_project(loaded.folder, relative))
    folders = [resource_dir("templates")]
    if templates is not None:
        folders.append(templates)
    return Inputs(files, folders)
