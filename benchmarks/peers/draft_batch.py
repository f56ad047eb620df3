"""Peer of `draft`, per document in a batch: bare docxtpl renders contracts one after another in one process.

    python benchmarks/peers/draft_batch.py CAPTURED.jsonl COUNT

Does: for each document, load the template from disk, render the captured context (the same contexts
contractkit built for zh, en and bilingual, taken in turn) with autoescape and strict undefined names,
and save the .docx to memory. The Jinja environment keeps each compiled document XML (the advice of
LIBRARY-NOTES.md for batches, and what contractkit's renderer does), so the floor is what docxtpl can
do at best. One unmeasured round compiles the templates first, on both sides.

Does not: build the contexts (they are read once, before timing), set core properties or normalise the
zip. Prints {"cpu": seconds a document, "wall": seconds a document}.
"""

from __future__ import annotations

import io
import json
import sys
import time
from typing import Any, ClassVar


def main() -> None:
    captured, count = sys.argv[1], int(sys.argv[2])
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    class CachingEnvironment(SandboxedEnvironment):
        compiled: ClassVar[dict[str, Any]] = {}

        def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def]
            if source not in self.compiled:
                self.compiled[source] = super().from_string(source, globals, template_class)
            return self.compiled[source]

    env = CachingEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    with open(captured, encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]

    def render(record: dict[str, Any]) -> int:
        template = DocxTemplate(record["template"])
        template.render(record["context"], jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
        return len(buffer.getvalue())

    for record in records:
        render(record)
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        render(records[i % len(records)])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu": cpu / count, "wall": wall / count}))


if __name__ == "__main__":
    main()
