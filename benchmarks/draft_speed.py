"""Drafting speed: one whole `contractkit draft` run, and 200 contracts in one process.

Targets (issue 3): under 1 s per whole run; over 15 contracts a second in batch.
"""

import tempfile
import time
from pathlib import Path

from _common import SAMPLE, contractkit, report, time_process

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "c.docx")
        seconds = time_process(contractkit("draft", str(SAMPLE), "-o", out, "--force"))
        report("draft, whole process (zh)", seconds, "s", "< 1 s")

    from contractkit.model.project import load_project
    from contractkit.render.contract import contract_document

    loaded = load_project(SAMPLE)
    contract_document(loaded, "zh")  # the first render compiles the template
    count = 200
    start = time.perf_counter()
    for i in range(count):
        contract_document(loaded, ("zh", "en", "bilingual")[i % 3])
    elapsed = time.perf_counter() - start
    report("draft, batch of 200 in one process", count / elapsed, "docs/s", "> 15 docs/s")
