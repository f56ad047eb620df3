"""Peer of `contractkit demand --all-overdue FOLDER`, whole process: a 2-process docxtpl pool.

    python benchmarks/peers/letters.py CAPTURED.jsonl COUNT OUT_FOLDER [WORKERS]

Does: start Python, then a ProcessPoolExecutor with as many workers as contractkit's demand uses (the
machine's cores, 2 here; the same default start method) and the same chunk size; each job loads the
letter template from disk, renders the context contractkit built for that letter (captured by
benchmarks/capture.py; every project of the benchmark portfolio is a copy of the sample, so one context
serves all) with autoescape and strict undefined names, and writes the .docx. Each worker keeps one
Jinja environment (it compiles the letter XML once).

Does not: find and read the project files, validate them, work out which nodes are overdue, the stage,
interest or dates, or make the letters byte-deterministic.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

_ENV: Any = None


def _environment() -> Any:
    global _ENV
    if _ENV is None:
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment

        class CachingEnvironment(SandboxedEnvironment):
            compiled: ClassVar[dict[str, Any]] = {}

            def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def]
                if source not in self.compiled:
                    self.compiled[source] = super().from_string(source, globals, template_class)
                return self.compiled[source]

        _ENV = CachingEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    return _ENV


def letter(job: tuple[int, str, str]) -> int:
    number, captured, out_folder = job
    from docxtpl import DocxTemplate

    with open(captured, encoding="utf-8") as lines:
        record = json.loads(lines.readline())
    template = DocxTemplate(record["template"])
    template.render(record["context"], jinja_env=_environment(), autoescape=True)
    path = Path(out_folder) / f"letter-{number:05d}.docx"
    template.save(str(path))
    return path.stat().st_size


def main() -> None:
    captured, count, out_folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    workers = int(sys.argv[4]) if len(sys.argv) > 4 else min(os.cpu_count() or 1, count)
    Path(out_folder).mkdir(parents=True, exist_ok=True)
    jobs = [(i, captured, out_folder) for i in range(count)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        sizes = list(pool.map(letter, jobs, chunksize=max(1, count // (workers * 4))))
    print(json.dumps({"letters": len(sizes), "bytes": sum(sizes)}))


if __name__ == "__main__":
    main()
