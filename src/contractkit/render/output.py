"""Write outputs atomically, never over an existing file unless told to."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from contractkit.errors import OutputError


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse before any work is done when ``path`` exists (without force) or its folder is missing."""
    if path.exists() and not force:
        raise OutputError(f"{path}: already exists; use --force to replace it")
    if path.exists() and path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{parent}: no such folder for the output")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{parent}: this folder is not writable")


def write_atomic(path: Path, data: bytes, *, force: bool) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    check_writable(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise OutputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staged_folder(target: Path, *, force: bool) -> Iterator[Path]:
    """Build a folder of outputs beside ``target`` and move it into place only when all of it is done.

    A refused or failed run leaves nothing behind; an existing non-empty ``target`` is kept unless
    ``force`` is given.
    """
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(f"{target}: folder exists and is not empty; use --force to replace it")
    parent = target.parent
    if not parent.is_dir():
        raise OutputError(f"{parent}: no such folder for the output")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{parent}: this folder is not writable")
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    try:
        yield stage
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=parent))
            os.replace(target, backup / "old")
            os.replace(stage, target)
            shutil.rmtree(backup, ignore_errors=True)
        else:
            os.replace(stage, target)
        os.chmod(target, 0o755)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
