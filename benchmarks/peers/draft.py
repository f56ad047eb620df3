"""Peer of `contractkit draft`, whole process: bare docxtpl renders the contract template once.

    python benchmarks/peers/draft.py CAPTURED.jsonl OUT.docx [--stack]

Does: start Python, import docxtpl and Jinja2's sandbox, read the context contractkit handed docxtpl for
the same project (captured by benchmarks/capture.py, JSON of about 20 KB), load the same template, render
it with autoescape and strict undefined names (as LIBRARY-NOTES.md says every render must), and save the
.docx. Its word/document.xml is byte-identical to contractkit's (the benchmark checks this first).

With --stack it first imports what contractkit stands on besides docxtpl (PyYAML, click, pydantic with one
model declared, which is when pydantic loads its validators), and uses none of it: the floor of any
`draft` built on that stack before it runs a line of its own. The benchmark's second draft row compares
against it, to show how much of the first row's ratio is the stack and how much is contractkit.

Does not: read, type or validate the project file, compute the schedule, render the clause texts (they
arrive rendered in the context), set the core properties from the project, or rewrite the zip with fixed
timestamps for byte-identical output. Those are contractkit's own work, and what the ratio is about.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    captured, output = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["--stack"]:
        import click
        import yaml
        from pydantic import BaseModel

        class Declared(BaseModel):
            name: str

        assert click and yaml and Declared
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    with open(captured, encoding="utf-8") as lines:
        record = json.loads(lines.readline())
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = DocxTemplate(record["template"])
    template.render(record["context"], jinja_env=env, autoescape=True)
    template.save(output)


if __name__ == "__main__":
    main()
