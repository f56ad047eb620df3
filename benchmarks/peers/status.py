"""Peer of `contractkit status FOLDER`, whole process: the YAML-parse floor.

    python benchmarks/peers/status.py FOLDER

Does: find the same project files (*.yaml in the folder, sorted), read each one and compose its YAML
node tree with libyaml (``yaml.compose`` with ``CSafeLoader``, the call contractkit's loader makes, since
it needs the line of every key), and print one line per project (its code), one file at a time, so
memory stays flat.

Does not: walk the node tree into Python values, type or validate anything, compute schedules, due
dates, interest or notices, or lay out a table. It is the floor below which no status can go without
reading less YAML.
"""

from __future__ import annotations

import sys
from pathlib import Path


def code_of(root: object) -> str:
    import yaml

    assert isinstance(root, yaml.MappingNode)
    for key, value in root.value:
        if key.value == "project" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                if k.value == "code":
                    return str(v.value)
    return "?"


def main() -> None:
    import yaml

    folder = Path(sys.argv[1])
    out = sys.stdout
    count = 0
    for path in sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()):
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
        out.write(f"{path.name}\t{code_of(root)}\n")
        count += 1
    out.write(f"{count} projects\n")


if __name__ == "__main__":
    main()
