"""Evidence for a payment node: which documents meet which requirement, and whether each file is usable.

Every file is checked before anything is written: it must sit inside the project folder, exist, be
non-empty, and be a readable PDF (not password-protected) or image (JPEG, PNG, TIFF) that is not a
decompression bomb. A problem is an ``EvidenceError`` naming the file and the reason (exit code 2).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.model.models import EvidenceItem, PaymentNode, Project

#: Pillow's own default; an image above it is refused as a possible decompression bomb.
MAX_IMAGE_PIXELS = 89_478_485
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


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
    root = folder.resolve()
    candidate = Path(relative)
    if candidate.is_absolute():
        raise EvidenceError(relative, "an evidence path must be relative to the project folder", item)
    path = (root / candidate).resolve()
    if not path.is_relative_to(root):
        raise EvidenceError(relative, "this path leaves the project folder; keep evidence inside it", item)
    return path


def check_file(item: EvidenceItem, path: Path) -> EvidenceFile:
    """Open an evidence file the way the bundle will, and say precisely why it cannot be used."""
    shown = item.file or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceError(shown, "file not found", item.id) from None
    except IsADirectoryError:
        raise EvidenceError(shown, "this is a folder, not a file", item.id) from None
    except OSError as exc:
        raise EvidenceError(shown, f"cannot be read ({exc.strerror or exc})", item.id) from None
    if not data:
        raise EvidenceError(shown, "the file is empty", item.id)
    if len(data) > MAX_EVIDENCE_BYTES:
        raise EvidenceError(shown, "the file is larger than 200 MiB", item.id)
    kind = _sniff(data[:16])
    if kind is None:
        raise EvidenceError(shown, _describe(data[:512]), item.id)
    pages = _pdf_pages(data, shown, item.id) if kind == "pdf" else _check_image(data, shown, item.id)
    return EvidenceFile(item, path, kind, pages, hashlib.sha256(data).hexdigest(), len(data))


def _pdf_pages(data: bytes, shown: str, item: str) -> int:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

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
        for page in reader.pages:
            page.mediabox  # noqa: B018 - touching each page makes a broken page tree fail here, not later
    except EvidenceError:
        raise
    except FileNotDecryptedError:
        raise EvidenceError(shown, "the PDF is password-protected; save an unprotected copy", item) from None
    except (
        PdfReadError,
        PdfStreamError,
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


def _check_image(data: bytes, shown: str, item: str) -> int:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                frames = getattr(image, "n_frames", 1)
                image.load()  # a truncated JPEG fails here, where .verify() would pass it
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceError(
            shown, "the image is too large to open safely (possible decompression bomb); resize it", item
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        reason = (
            "the image is truncated or damaged"
            if "truncated" in str(exc) or isinstance(exc, (OSError, EOFError))
            else f"the image cannot be read ({exc})"
        )
        raise EvidenceError(shown, reason, item) from None
    return int(frames)


def node_evidence(project: Project, folder: Path, node: PaymentNode, *, check: bool = True) -> NodeEvidence:
    """Each requirement of the node with the checked files that satisfy it, and the node's other files."""
    items = [e for e in project.evidence if e.node == node.id]

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
