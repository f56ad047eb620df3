"""``contractkit init``: a new project folder with a commented project file that validates clean."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from contractkit.errors import OutputError
from contractkit.model.project import PROJECT_FILE_NAMES
from contractkit.model.starter import template_text
from contractkit.render.output import refuse_system_folder, write_atomic


def create_project(directory: Path, *, lang: str, kind: str, force: bool, text: str | None = None) -> Path:
    """Write ``directory/project.yaml`` and ``directory/evidence/``; refuse to replace without force.

    ``text`` is the project file to write instead of the starter for ``lang`` and ``kind`` (``serve``'s form).
    """
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory}: exists and is not a folder")
    target = directory / "project.yaml"
    other = next((directory / n for n in PROJECT_FILE_NAMES if n != target.name and (directory / n).is_file()), None)
    if other is not None:  # a new project.yaml would stand beside it, and the folder hold two projects
        raise OutputError(f"{other}: this folder already has a project file; move it away, then run init again")
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to replace it")
    evidence = directory / "evidence"
    if os.path.lexists(evidence) and (evidence.is_symlink() or not evidence.is_dir()):
        # a file, or a link (a dangling one would make mkdir say "File exists" of the project folder)
        raise OutputError(f"{evidence}: exists and is not a folder; move it away, then run init again")
    text = template_text(lang, kind) if text is None else text
    refuse_system_folder(directory, directory)
    created = [folder for folder in (directory, directory / "evidence") if not folder.exists()]
    try:
        for folder in created:
            folder.mkdir(parents=True)
        write_atomic(target, text.encode("utf-8"), force=force)
    except (OSError, OutputError) as exc:
        for folder in reversed(created):  # a failed init leaves nothing behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"{directory}: cannot create the folder ({exc.strerror or exc})") from None
    return target
