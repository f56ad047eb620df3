"""Clause text is compiled on first use, and a syntax error in it is still found and located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contractkit.documents.contract import example_project, render_clause_text
from contractkit.errors import InputError
from contractkit.model.clauses import default_library, load_library, resource_dir

BROKEN = "penalty.late-payment-interest"


def test_every_bundled_clause_text_compiles() -> None:
    # default_library() compiles lazily; this loads the whole bundled library with every text compiled,
    # so a syntax error in any clause fails here even if no other test renders that clause.
    library = load_library()
    assert len(library) == len(default_library())
    for clause in library:
        assert len(clause.compiled("zh")) == len(clause.data.text.zh)
        assert len(clause.compiled("en")) == len(clause.data.text.en)


def test_a_clause_compiles_once_and_only_when_used() -> None:
    library = load_library(check_text=False)
    clause = library.get("general.notices")
    assert clause is not None
    assert not clause._compiled
    first = clause.compiled("zh")
    assert clause.compiled("zh") is first
    assert set(clause._compiled) == {"zh"}
    assert not any(c._compiled for c in library if c is not clause)


def _broken_library(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "lib"
    shutil.copytree(resource_dir("clause_library"), root)
    path = root / "penalty" / f"{BROKEN}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "{% if daily_rate %}" in text
    path.write_text(text.replace("{% if daily_rate %}", "{% if daily_rate ", 1), encoding="utf-8")
    return root, path


def test_a_syntax_error_is_located_eagerly_and_lazily_alike(tmp_path: Path) -> None:
    root, path = _broken_library(tmp_path)
    with pytest.raises(InputError) as eager:
        load_library(root)
    lazy = load_library(root, check_text=False)  # loads: the text is not compiled yet
    clause = lazy.get(BROKEN)
    assert clause is not None
    with pytest.raises(InputError) as on_render:
        render_clause_text(clause, example_project("zh"), "zh", {}, numbers={BROKEN: "5"})
    assert str(on_render.value) == str(eager.value)
    assert f"{path}:" in str(eager.value) and "text.zh[0]" in str(eager.value)
