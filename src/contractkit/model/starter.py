"""The commented project files `init` starts a project from, one per language and kind of project."""

from __future__ import annotations

from pathlib import Path

_TEMPLATES = Path(__file__).resolve().parent / "data" / "init"


def template_text(lang: str, kind: str) -> str:
    """The commented project file for a language and a kind of project."""
    return (_TEMPLATES / f"{lang}-{kind}.yaml").read_text(encoding="utf-8")
