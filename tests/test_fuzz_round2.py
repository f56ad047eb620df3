"""Second fuzz round: what mutated inputs still got past the checks.

1. An evidence PDF damaged where only the bundle looks (a page's content stream pikepdf cannot decode, an object
   the copy into the bundle reads past its end) was an internal error after the check passed it: the bundle refuses
   it, naming the file, and nothing is written. (The check does not copy every page and parse it a second time to
   find this earlier: that would double the work of every application for a damage the bundle meets anyway.)
2. What pypdf logs about a damaged PDF ("EOF marker not found") reached the terminal ahead of contractkit's own
   located message; it no longer does.
3. An argument with a NUL character (a path the system refuses to look up) was an internal error; it is a usage
   error.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES

AS_OF = "2026-11-29"
CONTENT = b"BT /F1 24 Tf 72 720 Td (Hello) Tj ET"


def _pdf(*objects: bytes) -> bytes:
    """A one-page PDF of ``objects`` (1: catalog, 2: pages, 3: the page, ...) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _catalog(resources: bytes) -> tuple[bytes, bytes, bytes]:
    return (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources " + resources + b" >>",
    )


def bad_content_stream() -> bytes:
    """A page whose compressed content is damaged: pypdf reads what it can (and logs the rest), pikepdf cannot."""
    flate = zlib.compress(CONTENT * 20)
    flate = flate[:10] + bytes(b ^ 0x55 for b in flate[10:30]) + flate[30:]
    return _pdf(
        *_catalog(b"<< /Font << /F1 5 0 R >> >>"),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(flate) + flate + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )


def unterminated_resource() -> bytes:
    """A page whose content is sound but whose form XObject runs past its end: found when the page is copied."""
    return _pdf(
        *_catalog(b"<< /XObject << /X1 5 0 R >> >>"),
        b"<< /Length %d >>\nstream\n" % len(CONTENT) + CONTENT + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 9999 >>\nstream\nq Q and no end",
    )


def _project(tmp_path: Path, damaged: bytes) -> Path:
    project = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", project)
    (project / "evidence" / "p2-quantities.pdf").write_bytes(damaged)
    return project


@pytest.mark.parametrize("damaged", [bad_content_stream, unterminated_resource], ids=lambda f: f.__name__)
def test_apply_refuses_such_a_pdf_by_name_and_writes_nothing(tmp_path: Path, damaged: object) -> None:
    assert callable(damaged)
    project = _project(tmp_path, damaged())
    out = tmp_path / "pack"
    args = ["apply", str(project), "--node", "P2", "-o", str(out), "--as-of", AS_OF, "--no-pdf", "--zip"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "evidence/p2-quantities.pdf (evidence E4): the PDF is damaged and cannot be read" in result.output
    assert not out.exists() and not (tmp_path / "pack.zip").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fitout"]


def test_what_pypdf_logs_about_a_damaged_pdf_stays_off_the_terminal(tmp_path: Path) -> None:
    """Run as a user runs it (pytest's own log handlers would swallow the lines in-process)."""
    project = _project(tmp_path, (SAMPLES / "fitout-cn" / "evidence" / "p2-quantities.pdf").read_bytes()[:5000])
    out = tmp_path / "pack"
    env = {k: v for k, v in os.environ.items() if k != "CONTRACTKIT_DEBUG"}
    args = ["apply", str(project), "--node", "P2", "-o", str(out), "--as-of", AS_OF, "--no-pdf"]
    done = subprocess.run(
        [sys.executable, "-m", "contractkit", *args], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert re.match(
        r".*project\.yaml:\d+: evidence\[\d+\]\.file: evidence/p2-quantities\.pdf \(evidence E4\): the PDF is damaged "
        "and cannot be read ",
        lines[0],
    ), lines
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["status", "{project}\x00x"],
        ["draft", "{project}", "-o", "{tmp}/a\x00b.docx"],
        ["report", "{project}", "-o", "{tmp}/r.docx", "--as-of", AS_OF, "--templates", "{tmp}/t\x00"],
    ],
    ids=["project", "output", "templates"],
)
def test_an_argument_with_a_nul_character_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    project = tmp_path / "fitout"
    shutil.copytree(SAMPLES / "fitout-cn", project)
    filled = [a.format(project=project, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, filled)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output
    assert "holds a NUL character (U+0000)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fitout"]
