"""Evidence for a payment node: which documents meet which requirement, and whether each file is usable.

Every file is checked before anything is written: it must sit inside the project folder, be a regular
file of a bounded size, be non-empty, and be a readable PDF (not password-protected) or image (JPEG, PNG,
TIFF) that is not a decompression bomb. Each file is read once: the bytes checked and hashed are the
bytes the bundle is built from. A problem is an ``EvidenceError`` naming the file and the reason (exit 2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractkit.errors import ContractkitError
from contractkit.model.loading import UnusableFile, read_bounded
from contractkit.model.models import EvidenceItem, PaymentNode, Project
from contractkit.model.project import path_in_project

#: Pillow's own default; an image above it is refused as a possible decompression bomb.
MAX_IMAGE_PIXELS = 89_478_485
#: What an image may take once decoded, all its pages at their own bit depth: Pillow's pixel limit in 8-bit
#: RGB. A 16-bit RGBA image has a quarter of the pixels a plain photo may have (8 bytes a pixel, not 3).
MAX_DECODED_BYTES = 256 * 1024 * 1024
MAX_IMAGE_FRAMES = 500
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024
#: What a PDF's page contents may take decompressed, all pages together (a flate bomb stops here).
MAX_PDF_CONTENT_BYTES = 256 * 1024 * 1024


def later(item: EvidenceItem, as_of: dt.date | None) -> bool:
    """Whether ``item`` is dated after ``as_of`` (an undated document counts as on file)."""
    return as_of is not None and item.date is not None and item.date > as_of


class EvidenceError(ContractkitError):
    """An evidence file that cannot be used."""

    def __init__(self, path: Path | str, reason: str, item: str | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        label = f" (evidence {item})" if item else ""
        super().__init__(f"{path}{label}: {reason}")


@dataclass(frozen=True)
class EvidenceFile:
    """A checked evidence file: its kind, page count and hash."""

    item: EvidenceItem
    path: Path
    kind: str  # pdf | jpeg | png | tiff
    pages: int
    sha256: str
    size: int
    data: bytes = field(default=b"", repr=False, compare=False)  # the bytes checked and hashed


@dataclass(frozen=True)
class Requirement:
    """One evidence requirement of a node and the files that meet it (none: missing or to follow)."""

    text: str
    files: tuple[EvidenceFile, ...]
    undocumented: tuple[EvidenceItem, ...]  # register entries with no file: on paper only


@dataclass(frozen=True)
class NodeEvidence:
    """The evidence of a node: each requirement with the files that meet it, then the supporting documents.

    ``supporting`` holds the files recorded for the node that meet no requirement (a site photo, a letter):
    they go into the bundle after the required ones, under 其他证明材料 / Supporting documents, rather than
    being left out silently.
    """

    node: PaymentNode
    requirements: tuple[Requirement, ...]
    supporting: tuple[EvidenceFile, ...] = ()

    @property
    def missing(self) -> list[str]:
        return [r.text for r in self.requirements if not r.files]

    @property
    def files(self) -> list[EvidenceFile]:
        seen: dict[Path, EvidenceFile] = {}
        for requirement in self.requirements:
            for f in requirement.files:
                seen.setdefault(f.path, f)
        for f in self.supporting:
            seen.setdefault(f.path, f)
        return list(seen.values())


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def _describe(head: bytes) -> str:
    text = head.lstrip()[:64].lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head")):
        return "it is an HTML page, not a PDF or an image (a download that saved an error page?)"
    if head.startswith(b"PK\x03\x04"):
        return "it is a ZIP or an Office file; save it as PDF first"
    return "it is neither a PDF nor a JPEG, PNG or TIFF image"


def resolve_path(folder: Path, relative: str, item: str) -> Path:
    """The evidence path inside the project folder; refuse one that leaves it (.., absolute, symlink)."""
    try:
        return path_in_project(folder, relative)
    except ValueError as exc:
        raise EvidenceError(relative, str(exc), item) from None


def check_file(item: EvidenceItem, path: Path) -> EvidenceFile:
    """Read an evidence file once, open it the way the bundle will, and say precisely why it cannot be used."""
    shown = item.file or str(path)
    try:
        data = read_bounded(path, MAX_EVIDENCE_BYTES, shown=shown)
    except UnusableFile as exc:
        reason = "file not found" if exc.reason == "no such file" else exc.reason
        raise EvidenceError(shown, reason, item.id) from None
    kind, pages = check_content(data, shown, item.id)
    return EvidenceFile(item, path, kind, pages, hashlib.sha256(data).hexdigest(), len(data), data)


def check_content(data: bytes, shown: str, item: str | None = None) -> tuple[str, int]:
    """(kind, pages) of an evidence file's bytes, opened the way the bundle will open them; EvidenceError if unusable.

    Used on files on disk and on uploads before they are stored.
    """
    if not data:
        raise EvidenceError(shown, "the file is empty", item)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise EvidenceError(shown, f"the file is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MiB", item)
    kind = _sniff(data[:16])
    if kind is None:
        raise EvidenceError(shown, _describe(data[:512]), item)
    pages = _pdf_pages(data, shown, item) if kind == "pdf" else _check_image(data, shown, item)
    return kind, pages


def quiet_pdf_libraries() -> None:
    """pypdf and pikepdf log what they find wrong in a damaged PDF ("EOF marker not found") through Python's
    logging, which with nothing set up prints it ahead of contractkit's own message. What they cannot read is
    raised, and said with the file's name; what they repair needs no word."""
    for name in ("pypdf", "pikepdf"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _pdf_pages(data: bytes, shown: str, item: str | None) -> int:
    from pypdf import PdfReader
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        PdfReadError,
        PdfStreamError,
        PyPdfError,
    )

    quiet_pdf_libraries()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (FileNotDecryptedError, NotImplementedError, DependencyError) as exc:
                raise EvidenceError(shown, f"the PDF is encrypted and cannot be opened ({exc})", item) from None
            if not opened:
                raise EvidenceError(shown, "the PDF is password-protected; save an unprotected copy", item)
        count = len(reader.pages)
        budget = MAX_PDF_CONTENT_BYTES
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touching each page makes a broken page tree fail here, not later
            # The bundle stamps every page, which decompresses its contents: do it here first, within a budget.
            contents = page.get_contents()
            budget -= len(contents.get_data()) if contents is not None else 0
            if budget < 0:
                raise LimitReachedError("page contents")
    except EvidenceError:
        raise
    except FileNotDecryptedError:
        raise EvidenceError(shown, "the PDF is password-protected; save an unprotected copy", item) from None
    except (LimitReachedError, MemoryError):
        raise EvidenceError(
            shown, "the PDF's pages decompress to too much data to open safely (possible decompression bomb)", item
        ) from None
    except (
        PdfReadError,
        PdfStreamError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        UnicodeDecodeError,
        RecursionError,
        OSError,
    ) as exc:
        raise EvidenceError(shown, f"the PDF is damaged and cannot be read ({type(exc).__name__})", item) from None
    if count == 0:
        raise EvidenceError(shown, "the PDF has no pages", item)
    return count


def _bits_per_sample(image: Any) -> int:
    """The bits each sample is stored with (8 for most photos; 16 for 16-bit PNG and TIFF), as decoded."""
    if image.mode in ("I", "F", "RGBX;16"):
        return 32
    bits = 16 if image.mode.startswith("I;16") else 8
    for tile in getattr(image, "tile", None) or ():
        args = tile[3] if len(tile) > 3 else None
        raw = args[0] if isinstance(args, tuple) and args else args
        if isinstance(raw, str):
            found = re.search(r";(\d+)", raw)
            if found:
                bits = max(bits, int(found.group(1)))
    return bits


def _decoded_bytes(image: Any) -> tuple[int, int]:
    """(bytes all pages take decoded, number of pages), reading headers only; stops past the page limit."""
    total = frames = 0
    while frames <= MAX_IMAGE_FRAMES:
        try:
            image.seek(frames)
        except EOFError:
            break
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            from PIL import Image

            raise Image.DecompressionBombError("too many pixels")
        total += (width * height * len(image.getbands()) * _bits_per_sample(image) + 7) // 8
        frames += 1
    image.seek(0)
    return total, frames


def _check_image(data: bytes, shown: str, item: str | None) -> int:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                decoded, frames = _decoded_bytes(image)
                if frames > MAX_IMAGE_FRAMES:
                    raise EvidenceError(
                        shown, f"the image has more than {MAX_IMAGE_FRAMES} pages; split it or save it as PDF", item
                    )
                if decoded > MAX_DECODED_BYTES:
                    raise Image.DecompressionBombError("too many bytes decoded")
                image.load()  # a truncated JPEG fails here, where .verify() would pass it
    except EvidenceError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
        raise EvidenceError(
            shown, "the image is too large to open safely (possible decompression bomb); resize it", item
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        reason = (
            "the image is truncated or damaged"
            if "truncated" in str(exc) or isinstance(exc, (OSError, EOFError, struct.error))
            else f"the image cannot be read ({exc})"
        )
        raise EvidenceError(shown, reason, item) from None
    return frames


def node_evidence(
    project: Project, folder: Path, node: PaymentNode, *, check: bool = True, as_of: dt.date | None = None
) -> NodeEvidence:
    """Each requirement of the node with the checked files that satisfy it, and the node's other files.

    ``as_of``: the documents on file that day. A document dated later (the certificate issued in answer to the
    application, say) did not exist then, and an application of that day cannot enclose it."""
    items = [e for e in project.evidence if e.node == node.id and not later(e, as_of)]

    def opened(item: EvidenceItem) -> EvidenceFile:
        assert item.file
        path = resolve_path(folder, item.file, item.id)
        return check_file(item, path) if check else EvidenceFile(item, path, "", 0, "", 0)

    requirements = []
    for text in node.evidence:
        matching = [e for e in items if (e.satisfies or e.title) == text]
        files = [opened(item) for item in matching if item.file]
        undocumented = [item for item in matching if not item.file]
        requirements.append(Requirement(text, tuple(files), tuple(undocumented)))
    supporting = [opened(e) for e in items if e.file and (e.satisfies or e.title) not in node.evidence]
    return NodeEvidence(node, tuple(requirements), tuple(supporting))
