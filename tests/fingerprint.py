"""What the commands make from the bundled samples, as hashes: every document part, every printed table.

    python tests/fingerprint.py            # print the fingerprint of the working tree's outputs
    python tests/fingerprint.py --update   # write it to tests/data/fingerprint.json

tests/test_fingerprint.py compares the outputs with tests/data/fingerprint.json, so that work on speed
cannot change what contractkit writes or prints without anyone noticing. A .docx is fingerprinted by its
parts (name, order and the sha256 of each part's content) and by its bytes; a change meant to change the
documents (a template, a sentence) updates the file with --update and says so in its commit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STORED = ROOT / "tests" / "data" / "fingerprint.json"
SAMPLES = ("fitout-cn", "software-uk", "epc-intl")
AS_OF = "2026-11-29"
#: Application packs (without the LibreOffice PDFs): letter, statement, summary, index, evidence bundle, manifest.
APPLY = (("fitout-cn", "P2"), ("software-uk", "P3"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def docx(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [[info.filename, _sha(archive.read(info))] for info in archive.infolist()]
    return {"sha256": _sha(data), "parts": parts}


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def fingerprint(work: Path) -> dict[str, Any]:
    """Run the commands on copies of the samples inside ``work`` (relative paths, so that paths printed in
    the outputs do not depend on where it runs) and hash what they write and print."""
    from click.testing import CliRunner

    from contractkit.cli import main

    runner = CliRunner()
    for name in SAMPLES:
        shutil.copytree(ROOT / "samples" / name, work / "samples" / name)
    out: dict[str, Any] = {}

    def run(key: str, *args: str, codes: tuple[int, ...] = (0,)) -> None:
        result = runner.invoke(main, list(args))
        assert result.exit_code in codes, (args, result.output)
        out[key] = {"exit": result.exit_code, "stdout": _sha(result.stdout.encode("utf-8"))}

    with _inside(work):
        for name in SAMPLES:
            project = f"samples/{name}"
            run(f"validate {name}", "validate", project)
            run(f"validate --json {name}", "validate", project, "--json")
            run(f"status {name}", "status", project, "--as-of", AS_OF)
            run(f"status --explain {name}", "status", project, "--as-of", AS_OF, "--explain")
            run(f"status --json {name}", "status", project, "--as-of", AS_OF, "--json")
            for lang in ("zh", "en", "bilingual"):
                target = Path("out") / name / f"contract.{lang}.docx"
                target.parent.mkdir(parents=True, exist_ok=True)
                run(f"draft {name} {lang}", "draft", project, "-o", str(target), "--lang", lang)
                out[f"draft {name} {lang} docx"] = docx(target)
            target = Path("out") / name / "final.docx"
            run(
                f"demand final {name}",
                "demand",
                project,
                "--node",
                "all",
                "--stage",
                "final",
                "-o",
                str(target),
                "--as-of",
                AS_OF,
            )
            for path in sorted(target.parent.glob("final*.docx")):
                out[f"demand final {name} {path.name}"] = docx(path)
        for name, node in APPLY:
            target = Path("out") / name / f"pack-{node}"
            run(
                f"apply {name} {node}",
                "apply",
                f"samples/{name}",
                "--node",
                node,
                "-o",
                str(target),
                "--as-of",
                AS_OF,
                "--no-pdf",
            )
            for path in sorted(target.iterdir()):
                out[f"apply {name} {node} {path.name}"] = (
                    docx(path) if path.suffix == ".docx" else _sha(path.read_bytes())
                )
        run("status portfolio", "status", "samples", "--as-of", AS_OF)
        run("status portfolio --json", "status", "samples", "--as-of", AS_OF, "--json")
        run("status portfolio --explain", "status", "samples", "--as-of", AS_OF, "--explain")
        run("demand --all-overdue", "demand", "--all-overdue", "samples", "-o", "letters", "--as-of", AS_OF)
        for path in sorted(Path("letters").glob("*.docx")):
            out[f"demand --all-overdue {path.name}"] = docx(path)
    return out


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = fingerprint(Path(tmp))
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if "--update" in sys.argv:
        STORED.write_text(text, encoding="utf-8")
        print(f"wrote {STORED.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
