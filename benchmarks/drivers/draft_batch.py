"""contractkit's side of `draft`, per document in a batch: contract_document over and over in one process.

    python benchmarks/drivers/draft_batch.py PROJECT COUNT

There is no batch-draft command, so this calls the library (the one benchmark that does): load the
project once, render each language once unmeasured (compiling the templates), then COUNT contracts
taking zh, en and bilingual in turn, each to .docx bytes in memory. Prints {"cpu": seconds a document,
"wall": seconds a document}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from contractkit.model.project import load_project
from contractkit.render.contract import contract_document


def main() -> None:
    project, count = Path(sys.argv[1]), int(sys.argv[2])
    langs = ("zh", "en", "bilingual")
    loaded = load_project(project)
    for lang in langs:
        contract_document(loaded, lang)
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        contract_document(loaded, langs[i % len(langs)])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu": cpu / count, "wall": wall / count}))


if __name__ == "__main__":
    main()
