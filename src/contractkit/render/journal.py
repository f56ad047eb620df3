"""Edit the project file in place together with a command's outputs: both happen or neither, even across kill -9.

Why in place: the project file may be a symbolic link, have hard links, carry a restrictive mode (bank
details), an owner, ACLs; renaming a new file over it would lose each of those, and the event would land
in a copy that the other names never see. So the new content is written through the file's own inode.

Why a journal: an in-place write is not atomic. Before anything becomes visible, a journal beside the
project file records the old and new content and every output with its hash; it is created complete in
one rename, which is the commit point. A run killed at any step after it is finished by the next
contractkit command that reads the project (``recover``): forward when every output is still there or
staged, back otherwise, so the letter and its record are both there or both absent.

An exclusive lock on the project file serialises writers (two ``--record`` runs at once both land) and a
shared lock while loading keeps readers from seeing a half-written file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contractkit.errors import ContractkitError, OutputError
from contractkit.model.loading import MAX_FILE_BYTES, UnusableFile, exclusive_lock, read_bounded, real_paths
from contractkit.render.output import Staged, clean_stale, sync_folder, write_temp

JOURNAL_SUFFIX = ".contractkit-journal"
_TEMP_NAME = re.compile(r"^\.contractkit-\d+-[0-9a-f]+\.tmp$")
#: How long a writer waits for another one to finish with the same project file.
LOCK_WAIT_SECONDS = 60.0


def journal_path(real: Path) -> Path:
    return real.parent / journal_name(real.name)


def journal_name(name: str) -> str:
    """The name of the journal beside the project file named ``name``."""
    return f".{name}{JOURNAL_SUFFIX}"


@dataclass(frozen=True)
class LockedFile:
    """A file opened for update under an exclusive lock: read it again, then rewrite it in place."""

    path: Path  # as the user named it
    real: Path  # the file itself, symbolic links followed
    fd: int

    def read(self) -> bytes:
        os.lseek(self.fd, 0, os.SEEK_SET)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(self.fd, 1024 * 1024)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise OutputError(f"{self.path}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")


@contextlib.contextmanager
def locked_for_update(path: Path, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[LockedFile]:
    """Open ``path`` for writing under an exclusive lock, finishing any interrupted update first."""
    real = Path(os.path.realpath(path))
    try:
        fd = os.open(real, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise OutputError(
            f"{path}: the project file is not writable, so nothing can be recorded in it; nothing was written"
        ) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise OutputError(f"{path}: cannot be opened for writing ({reason}); nothing was written") from None
    try:
        if not exclusive_lock(fd, wait):
            raise OutputError(f"{path}: another contractkit run is updating this file; try again when it has finished")
        locked = LockedFile(path, real, fd)
        _recover(locked)
        yield locked
    finally:
        os.close(fd)  # releases the lock


def recover(path: Path) -> None:
    """Finish an update of ``path`` that a killed run left half done, and remove the temporary files such
    runs left beside it (nothing to do in the usual case)."""
    real = Path(os.path.realpath(path))
    if os.path.lexists(journal_path(real)):
        with locked_for_update(path):
            pass
    clean_stale(real.parent)


def recover_many(paths: list[Path], reals: Sequence[str | None] | None = None) -> dict[Path, str]:
    """``recover`` for the project files of a portfolio: every update left half done is finished before any
    folder is cleaned, and each folder is cleaned once (not once for each of its project files). Returns the
    files that could not be recovered, with the reason. ``reals``: each path's real path where the caller
    knows it already (None: asked here)."""
    failed: dict[Path, str] = {}
    folders: dict[str, set[str] | None] = {}
    known: list[str | None] = list(reals) if reals is not None else [None] * len(paths)
    unknown = [i for i, real in enumerate(known) if real is None]
    for i, real in zip(unknown, real_paths(paths[i] for i in unknown), strict=True):
        known[i] = real
    for path, real in zip(paths, known, strict=True):
        if real is None:
            continue  # reading the project says why
        folder, name = os.path.split(real)
        if folder not in folders:
            # one listing of the folder says which of its files have a journal beside them
            try:
                with os.scandir(folder) as listing:
                    folders[folder] = {e.name for e in listing if e.name.endswith(JOURNAL_SUFFIX)}
            except OSError:
                folders[folder] = None  # each file is looked at on its own
        journals = folders[folder]
        journal = journal_name(name)
        try:
            if journal in journals if journals is not None else os.path.lexists(os.path.join(folder, journal)):
                with locked_for_update(path):
                    pass
        except ContractkitError as exc:
            failed[path] = exc.message
        except Exception as exc:  # as reading the project would report it: one project's row, not the run
            failed[path] = f"{path}: internal error ({type(exc).__name__}: {exc}); this is a bug in contractkit"
    for folder in folders:
        clean_stale(Path(folder))
    return failed


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _rewrite(fd: int, current: bytes, target: bytes) -> None:
    """Make the file's content ``target``, writing only from where it differs from ``current``."""
    same = 0
    limit = min(len(current), len(target))
    while same < limit and current[same] == target[same]:
        same += 1
    view = memoryview(target)[same:]
    os.lseek(fd, same, os.SEEK_SET)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(target))
    os.fsync(fd)


def _common(a: bytes, b: bytes) -> int:
    same, limit = 0, min(len(a), len(b))
    while same < limit and a[same] == b[same]:
        same += 1
    return same


def commit(staged: Staged, locked: LockedFile, old: bytes, new: bytes) -> None:
    """Place the staged outputs and rewrite the locked file from ``old`` to ``new``: both or neither."""
    journal = journal_path(locked.real)
    payload = {
        "file": locked.real.name,
        "inode": _inode(locked.fd),
        "old": base64.b64encode(old).decode("ascii"),
        "new": base64.b64encode(new).decode("ascii"),
        "outputs": [
            {"temp": str(Path(f.temp).absolute()), "target": str(Path(f.target).absolute()), "sha256": f.sha256}
            for f in staged.files
        ],
    }
    body = json.dumps(payload, sort_keys=True)
    record = json.dumps({"payload": body, "sha256": _sha(body.encode("utf-8"))}).encode("utf-8")
    try:
        temp = write_temp(locked.real.parent, record, shown=locked.path)
    except OutputError as exc:
        staged.discard()
        raise OutputError(f"{exc.message}; nothing was written") from None
    try:
        os.replace(temp, journal)  # the commit point
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        staged.discard()
        raise OutputError(f"{locked.path}: cannot be updated ({exc.strerror or exc}); nothing was written") from None
    sync_folder(locked.real.parent)
    try:
        _rewrite(locked.fd, old, new)
    except OSError as exc:
        with contextlib.suppress(OSError):
            _rewrite(locked.fd, locked.read(), old)
        staged.discard()
        _forget(journal)
        raise OutputError(f"{locked.path}: cannot be written ({exc.strerror or exc}); nothing was written") from None
    try:
        staged.place()
    except OutputError:
        with contextlib.suppress(OSError):
            _rewrite(locked.fd, new, old)
        _forget(journal)
        raise
    _forget(journal)


def _inode(fd: int) -> int:
    """The project file's inode: what ties a journal to the very file it was written for (it is rewritten in
    place, so it keeps it), and that no one can put in a journal shipped with a copy of the folder."""
    return int(os.fstat(fd).st_ino)


def _forget(journal: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(journal)
    sync_folder(journal.parent)


def _load_journal(journal: Path) -> dict[str, Any] | None:
    try:
        raw = read_bounded(journal, 4 * MAX_FILE_BYTES)
        record = json.loads(raw)
        body = record["payload"]
        if _sha(body.encode("utf-8")) != record["sha256"]:
            return None
        payload = json.loads(body)
        return payload if isinstance(payload, dict) else None
    except (UnusableFile, ValueError, KeyError, TypeError):
        return None


def _own_output(entry: Any) -> tuple[Path, Path, str] | None:
    """An output entry of a journal, only when it names one of contractkit's temporary files beside its target."""
    try:
        temp, target, sha = Path(entry["temp"]), Path(entry["target"]), str(entry["sha256"])
    except (KeyError, TypeError):
        return None
    if not temp.is_absolute() or not _TEMP_NAME.match(temp.name) or temp.parent != target.parent:
        return None  # contractkit writes absolute paths: a relative one would be taken from wherever it runs
    return temp, target, sha


def _file_sha(path: Path) -> str | None:
    try:
        return _sha(read_bounded(path, 1024 * 1024 * 1024))
    except UnusableFile:
        return None


def _recover(locked: LockedFile) -> None:
    journal = journal_path(locked.real)
    if not os.path.lexists(journal):
        return
    payload = _load_journal(journal)
    if payload is None or payload.get("file") != locked.real.name:
        _forget(journal)  # not a complete journal of this file: the update never reached its commit point
        return
    if payload.get("inode") != _inode(locked.fd):
        # Not written for this file: a journal that came with a copy of the folder (a zip from someone else), or was
        # put there. Acting on it would place, restore or delete the files it names, which may be anywhere; it is
        # left for the user to look at, and nothing is done with it.
        raise OutputError(
            f"{journal}: this record of an interrupted `demand --record` was not written for {locked.path} (it came "
            f"with a copy of the folder, or was put there), so contractkit does nothing with it; check the project's "
            f"events against its letters, then delete {journal.name}"
        )
    old = base64.b64decode(payload["old"])
    new = base64.b64decode(payload["new"])
    outputs = [o for o in (_own_output(e) for e in payload.get("outputs", [])) if o is not None]
    current = locked.read()
    same = _common(old, new)
    midway = current[:same] == new[:same] and len(current) <= max(len(old), len(new))
    if current not in (old, new) and not midway:
        raise OutputError(
            f"{journal}: an interrupted `demand --record` could not be finished because {locked.path} has changed "
            f"since; check its events against the letters, then delete {journal.name}"
        )
    placed = [(temp, target) for temp, target, sha in outputs if _file_sha(target) == sha]
    pending = [(temp, target) for temp, target, sha in outputs if (temp, target) not in placed and temp.exists()]
    if len(placed) + len(pending) == len(outputs):
        for temp, target in pending:
            os.replace(temp, target)
        _rewrite(locked.fd, current, new)
    else:  # an output was lost (its temporary file cleaned up): take the whole update back
        _rewrite(locked.fd, current, old)
        for _temp, target in placed:
            with contextlib.suppress(OSError):
                os.unlink(target)
        for temp, _target in pending:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    _forget(journal)
