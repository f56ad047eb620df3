"""The evidence zoo, made here (no binaries committed): every file `apply` must refuse, or take, by name.

Each specimen replaces the acceptance record of node P2; apply refuses it naming the file and the
reason (exit 2), or takes it (exit 0), with nothing partial left behind and the project unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from tests.hostile.harness import attempt, command, sample_project
from tests.test_apply import make_pdf


def _png_header(width: int, height: int, depth: int, colour: int) -> bytes:
    """A PNG whose header claims a size; its pixel data is a few bytes (a bomb is refused before decoding)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _pdf(path: Path) -> bytes:
    make_pdf(path, pages=2)
    return path.read_bytes()


def _encrypted(path: Path, user: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(path))))
    writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _flate_bomb(path: Path) -> bytes:
    """One page whose content stream inflates to 100 MB of zeros (pypdf stops at 75 MB)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    squeeze = zlib.compressobj(9)
    compressed = b"".join(squeeze.compress(b"\0" * 1024 * 1024) for _ in range(100)) + squeeze.flush()
    stream = DecodedStreamObject()
    stream.set_data(compressed)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _tiff_pages(count: int) -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("L", (2, 2), i % 255) for i in range(count)]
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _jpeg(path: Path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (90, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


#: name -> (the file's bytes, made from a scratch path; the exit; what the message says)
ZOO: dict[str, tuple[Callable[[Path], bytes], int, str]] = {
    "empty file": (lambda p: b"", 2, "the file is empty"),
    "truncated PDF": (lambda p: _pdf(p)[:300], 2, "damaged"),
    "random bytes": (lambda p: bytes(range(256)) * 8, 2, "neither a PDF nor"),
    "HTML saved as .pdf": (lambda p: b"<!DOCTYPE html><html>404</html>", 2, "HTML page"),
    "a Word file saved as .pdf": (lambda p: b"PK\x03\x04" + b"\0" * 100, 2, "ZIP or an Office file"),
    "RC4 with a user password": (lambda p: _encrypted(p, "secret", "RC4-128"), 2, "password-protected"),
    "AES-256 with a user password": (lambda p: _encrypted(p, "secret", "AES-256"), 2, "password-protected"),
    "AES-256 without a user password": (lambda p: _encrypted(p, "", "AES-256"), 0, ""),
    "AES-128 without a user password": (lambda p: _encrypted(p, "", "AES-128"), 0, ""),
    "flate bomb": (_flate_bomb, 2, "decompression bomb"),
    "16-bit RGBA 9400 x 9400 PNG": (lambda p: _png_header(9400, 9400, 16, 6), 2, "decompression bomb"),
    "8-bit RGBA 9400 x 9400 PNG": (lambda p: _png_header(9400, 9400, 8, 6), 2, "decompression bomb"),
    "1-bit 12000 x 12000 PNG": (lambda p: _png_header(12000, 12000, 1, 0), 2, "decompression bomb"),
    "PNG with a zero size": (lambda p: _png_header(0, 0, 8, 2), 2, "image"),
    "501-page TIFF": (lambda p: _tiff_pages(501), 2, "more than 500 pages"),
    "truncated JPEG": (lambda p: _jpeg(p)[:400], 2, "truncated"),
    "a JPEG named .pdf": (_jpeg, 0, ""),
}


@pytest.mark.parametrize("specimen", sorted(ZOO))
def test_evidence_zoo(tmp_path: Path, specimen: str) -> None:
    make, exit_code, reason = ZOO[specimen]
    project = sample_project(tmp_path / "p")
    (project / "evidence" / "p2-acceptance.pdf").write_bytes(make(tmp_path / "scratch.pdf"))
    out = tmp_path / "out"
    out.mkdir()
    outcome = attempt(command("apply", project, out), project=project, out=out, exits=[exit_code], seconds=30)
    if exit_code:
        assert "evidence/p2-acceptance.pdf (evidence E3)" in outcome.output and reason in outcome.output, outcome.output
    else:
        manifest = json.loads((out / "pack" / "manifest.json").read_text(encoding="utf-8"))
        assert any(i["path"] == "evidence/p2-acceptance.pdf" for i in manifest["inputs"])


def test_the_bundle_holds_the_bytes_that_were_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed while apply runs: the manifest's hash, the page count and the bundle agree (one read)."""
    from contractkit.account import evidence

    project = sample_project(tmp_path / "p")
    target = project / "evidence" / "p2-acceptance.pdf"
    original = target.read_bytes()
    make_pdf(tmp_path / "other.pdf", pages=5, text="swapped")
    real = evidence.read_bounded

    def read_then_swap(path: Path, limit: int, **kwargs: object) -> bytes:
        data = real(path, limit, **kwargs)  # type: ignore[arg-type]
        if path == target.resolve():
            target.write_bytes((tmp_path / "other.pdf").read_bytes())  # someone saves over it meanwhile
        return data

    monkeypatch.setattr(evidence, "read_bounded", read_then_swap)
    out = tmp_path / "out"
    out.mkdir()
    attempt(command("apply", project, out), exits=[0])
    manifest = json.loads((out / "pack" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(i for i in manifest["inputs"] if i["path"] == "evidence/p2-acceptance.pdf")
    assert entry["sha256"] == hashlib.sha256(original).hexdigest() and entry["bytes"] == len(original)
    first, last = entry["pages_in_bundle"]
    assert last - first + 1 == 2  # the two pages hashed, not the five written since
    bundle = PdfReader(out / "pack" / "evidence-bundle.pdf")
    assert "swapped" not in "".join(bundle.pages[i].extract_text() for i in range(first - 1, last))
