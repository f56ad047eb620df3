"""The generated reference documents are current: run `python scripts/gen_docs.py` when this fails."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_generated_docs_are_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.generated().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python scripts/gen_docs.py"
