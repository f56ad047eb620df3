"""Evidence uploads: a safe file name inside the project's ``evidence/`` folder, and a file checked the way
``apply`` checks evidence before it is stored."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from contractkit.account.evidence import EvidenceError, check_content
from contractkit.errors import ContractkitError
from contractkit.model.project import path_in_project
from contractkit.web.i18n import N_

#: What an evidence file may be (what the bundle takes), by extension, and the kind its content must show.
KINDS = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".tif": "tiff", ".tiff": "tiff"}
EVIDENCE_FOLDER = "evidence"
#: The longest name kept, in bytes of UTF-8 (file systems take 255; room is left for "-2" and the extension).
MAX_NAME_BYTES = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]')
#: Windows' device names (``model.project.path_in_project`` refuses them in any path a project names): with any
#: extension, ``con.tar.pdf`` is ``CON`` too; the digits of ``COM`` and ``LPT`` include 0 and the superscripts.
_DIGITS = "0123456789\u00b9\u00b2\u00b3"
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", *(f"com{i}" for i in _DIGITS), *(f"lpt{i}" for i in _DIGITS)}
)


def is_device(name: str) -> bool:
    """Whether Windows takes ``name`` for a device: its part before the first dot is one (spaces and dots after
    the name are dropped by Windows, so ``nul .pdf`` is ``NUL`` too)."""
    return name.split(".", 1)[0].rstrip(" .").lower() in _RESERVED


class UploadError(ContractkitError):
    """An upload that is refused: wrong kind, unreadable, too large, or no name to keep.

    ``why`` is the English text with ``{name}`` fields (a key of the catalogue), ``values`` what fills them.
    """

    def __init__(self, why: str, **values: str) -> None:
        super().__init__(why % values if values else why)
        self.why = why
        self.values = values


def safe_name(filename: str) -> str:
    """A file name that stays a plain name in one folder on any system: no path, no control or bidi characters,
    no leading dot, not a reserved device name; Chinese and other letters kept."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a path, from Windows or not: its last part
    name = _UNSAFE.sub("", name)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = re.sub(r"[^\w]", "", ext).lower()
    stem = re.sub(r"\s+", "-", stem.strip())
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-") or "evidence"
    if is_device(stem):
        stem = f"file-{stem}"
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return f"{stem}.{ext}" if ext else stem


def check_name(filename: str) -> str:
    """The extension an upload's name gives, where evidence may have it; UploadError naming what is taken."""
    ext = Path(safe_name(filename)).suffix.lower()
    if ext not in KINDS:
        if ext:
            raise UploadError(
                N_(
                    "%(file)s: evidence must be a PDF or an image (JPEG, PNG, TIFF); save it as PDF first "
                    "(%(ext)s files are not taken)"
                ),
                file=filename or "?",
                ext=ext,
            )
        raise UploadError(
            N_("%(file)s: evidence must be a PDF or an image (JPEG, PNG, TIFF); save it as PDF first"),
            file=filename or "?",
        )
    return ext


def evidence_target(folder: Path, filename: str) -> tuple[str, Path]:
    """(the path to write in the project file, the file) for an upload: a free name in ``evidence/``. The folder is
    not made here: ``evidence_folder`` makes it for the write, and takes it away again if the upload is refused."""
    name = safe_name(filename)
    ext = check_name(filename)
    evidence = folder / EVIDENCE_FOLDER
    if os.path.islink(evidence) or (evidence.exists() and not evidence.is_dir()):
        raise UploadError(N_("%(folder)s: is not a folder of the project; nothing was stored"), folder=str(evidence))
    stem = Path(name).stem
    for n in range(1, 1000):
        candidate = name if n == 1 else f"{stem}-{n}{ext}"
        relative = f"{EVIDENCE_FOLDER}/{candidate}"
        try:
            path = path_in_project(folder, relative)
        except ValueError as exc:
            raise UploadError(N_("%(file)s: %(problem)s"), file=relative, problem=str(exc)) from None
        if not os.path.lexists(path):
            return relative, path
    raise UploadError(N_("%(name)s: too many files of this name in evidence/; rename the file"), name=name)


def check_upload(data: bytes, filename: str, limit: int) -> str:
    """The evidence kind of an upload's bytes, checked as ``apply`` checks evidence; UploadError saying why not."""
    check_name(filename)
    if len(data) > limit:
        raise UploadError(
            N_("%(file)s: the file is larger than %(mib)s MiB"), file=filename, mib=str(limit // (1024 * 1024))
        )
    try:
        kind, _pages = check_content(data, filename)
    except EvidenceError as exc:
        raise UploadError(N_("%(file)s: %(problem)s"), file=filename, problem=exc.reason) from None
    expected = KINDS.get(Path(safe_name(filename)).suffix.lower())
    if expected != kind:
        if expected is None:
            raise UploadError(
                N_("%(file)s: the name says another kind but the content is a %(kind)s file"), file=filename, kind=kind
            )
        raise UploadError(
            N_("%(file)s: the name says %(expected)s but the content is a %(kind)s file"),
            file=filename,
            expected=expected,
            kind=kind,
        )
    return kind


@contextlib.contextmanager
def evidence_folder(folder: Path) -> Iterator[Callable[[], None]]:
    """``evidence/`` made for an upload; the ``with`` gives a function to call when the upload is refused, and
    either that or an error takes away the folder it made (never one that was there before, never one with files)."""
    evidence = folder / EVIDENCE_FOLDER
    made = not os.path.lexists(evidence)
    evidence.mkdir(exist_ok=True)

    def undo() -> None:
        if made:
            with contextlib.suppress(OSError):
                evidence.rmdir()  # only when empty

    try:
        yield undo
    except BaseException:
        undo()
        raise
