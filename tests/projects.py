"""Build project files for tests from the clean base project, with changes."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

BASE_FILE = Path(__file__).parent / "rules" / "base.yaml"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def base() -> dict[str, Any]:
    return yaml.load(BASE_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]


def changed(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``data`` with dotted-path changes applied (None deletes the key)."""
    data = copy.deepcopy(data)
    for path, value in changes.items():
        *head, last = _steps(path)
        target = data
        for step in head:
            target = target[step]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return data


def write_project(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "project.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def value_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path (keys and indexes) of every value in ``node``, containers included: what a fuzzer mutates."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += value_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += value_paths(value, (*prefix, i))
    return out


def with_value(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (KeyError, IndexError or TypeError where an earlier
    change removed the path)."""
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


MEASURED_FILE = Path(__file__).parent / "rules" / "measured.yaml"


def measured_base() -> dict[str, Any]:
    """The small project paid by measurement whose figures tests/test_valuation.py works out by hand."""
    return yaml.load(MEASURED_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def copy_sample(name: str, folder: Path, *edits: tuple[str, str], count: int = -1, append: str = "") -> Path:
    """``samples/NAME`` copied to ``folder``, its project file with each ``(old, new)`` replaced (``old`` must be
    there; ``count`` occurrences, all by default) and ``append`` added at the end."""
    shutil.copytree(SAMPLES / name, folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, count)
    path.write_text(text + append, encoding="utf-8")
    return folder
