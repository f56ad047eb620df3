"""A clause library from the user (`clauses show --library`) renders in the same bounded sandbox as templates."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from contractkit.model import sandbox
from contractkit.model.clauses import resource_dir
from tests.hostile.harness import attempt

CLAUSE = "general.counterparts"
LAST_TEXT = '    - "本合同的附件和双方签署的补充协议是本合同的组成部分，与本合同具有同等法律效力。"'

#: the last Chinese sub-clause replaced by a hostile text -> what the refusal says
TEXTS = {
    "{{ ''.__class__.__mro__ }}": "access to attribute '__class__'",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}": "calls itself too deeply",
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}": "took longer than",
    "{{ 'x' * 1000000000 }}": "repeated 1000000000 times",
    "{{ '%300000000s' % 'x' }}": "too large for a document",
    "{% include 'x' %}": "cannot include, import or extend",
    "{{ range(10**9)|list }}": "Range too big",
    "{{ 1 / 0 }}": "division by zero",
}


@pytest.fixture(autouse=True)
def _short_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 2.0)


@pytest.mark.parametrize("text", sorted(TEXTS))
def test_hostile_clause_text(tmp_path: Path, text: str) -> None:
    library = tmp_path / "library"
    shutil.copytree(resource_dir("clause_library") / "general", library / "general")
    path = library / "general" / f"{CLAUSE}.yaml"
    source = path.read_text(encoding="utf-8")
    assert LAST_TEXT in source
    path.write_text(source.replace(LAST_TEXT, f"    - {json.dumps(text, ensure_ascii=False)}"), encoding="utf-8")
    outcome = attempt(["clauses", "show", CLAUSE, "--lang", "zh", "--library", str(library)], exits=[2], seconds=30)
    assert re.search(rf"{re.escape(str(path))}:\d+: text\.zh\[3\]: ", outcome.output), outcome.output
    assert TEXTS[text] in outcome.output, outcome.output
