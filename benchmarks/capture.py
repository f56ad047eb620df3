"""Run one contractkit command and record what it hands docxtpl, so the peers render the very same thing.

    python benchmarks/capture.py OUT.jsonl contractkit-arguments...

Every ``DocxTemplate.render`` call is written to OUT.jsonl as ``{"template": path, "context": {...}}``
(contractkit hands docxtpl a template's bytes: they are saved beside OUT.jsonl and that path recorded),
the context turned into plain JSON (objects become mappings of their public attributes and properties,
dates and decimals their ``str``), which Jinja reads the same way (``a.b`` falls back to ``a["b"]``).
Only docxtpl is patched, not contractkit, so this keeps working while contractkit's own API moves; the
benchmark checks that the peer's document body is byte-identical to contractkit's before timing anything.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

_SKIP_PREFIXES = ("_", "model_")


def plain(value: Any, depth: int = 0) -> Any:
    """A JSON-ready copy of a template value."""
    if depth > 12:
        raise ValueError("context nested too deeply to capture")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal | dt.date | dt.datetime | enum.Enum):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v, depth + 1) for v in value]
    if type(value).__module__.startswith("docxtpl"):
        raise TypeError(f"{type(value).__name__} values (images, rich text) cannot be captured")
    out: dict[str, Any] = {}
    for name in dir(value):
        if name.startswith(_SKIP_PREFIXES):
            continue
        try:
            attribute = getattr(value, name)
        except Exception:  # a property that does not apply to this object
            continue
        if callable(attribute):
            continue
        out[name] = plain(attribute, depth + 1)
    return out if out else str(value)


def template_path(template: Any, target: str) -> str:
    """The template as a file the peers can load: its path, or (contractkit reads a template's bytes once,
    bounded, and hands docxtpl those) the same bytes saved beside the capture, named by their hash."""
    if isinstance(template, str | os.PathLike):
        return str(template)
    position = template.tell()
    template.seek(0)
    data = template.read()
    template.seek(position)
    saved = Path(f"{target}.{hashlib.sha256(data).hexdigest()[:16]}.docx")
    if not saved.exists():
        saved.write_bytes(data)
    return str(saved.resolve())


def main() -> None:
    target, *args = sys.argv[1:]
    import docxtpl

    original = docxtpl.DocxTemplate.render
    records = open(target, "w", encoding="utf-8")  # noqa: SIM115 - stays open for the whole command

    def render(self: Any, context: Any, *a: Any, **kw: Any) -> Any:
        record = {"template": template_path(self.template_file, target), "context": plain(dict(context))}
        records.write(json.dumps(record, ensure_ascii=False) + "\n")
        records.flush()
        return original(self, context, *a, **kw)

    docxtpl.DocxTemplate.render = render  # type: ignore[method-assign]
    from contractkit.cli import main as contractkit

    sys.argv = ["contractkit", *args]
    try:
        contractkit()
    finally:
        records.close()


if __name__ == "__main__":
    main()
