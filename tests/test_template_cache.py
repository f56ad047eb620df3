"""Compiled templates are kept between processes (CONTRACTKIT_CACHE_DIR), and what is kept is never stale:
a cached template still runs inside every bound of the sandbox, and a change to anything the generated code
depends on compiles afresh."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import jinja2
import pytest

from contractkit.model import sandbox
from contractkit.model.clauses import clause_environment
from contractkit.model.sandbox import BoundedSandbox, TemplateLimit
from contractkit.render.sandbox import DocumentEnvironment

from .conftest import SAMPLES

LOOP = "{% for i in range(n) %}{% for j in range(n) %}{{ i ~ j }}{% endfor %}{% endfor %}"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(sandbox.CACHE_VARIABLE, str(folder))
    return folder


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the compiles Jinja itself does (a cache hit does none)."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counted(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


def test_a_text_compiled_once_is_loaded_by_the_next_environment(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _counting(monkeypatch)
    text = "{{ a }} and {{ b|upper }}"
    assert clause_environment().from_string(text).render(a="x", b="y") == "x and Y"
    assert len(compiled) == 1
    assert len(list(cache_dir.iterdir())) == 1
    assert clause_environment().from_string(text).render(a="p", b="q") == "p and Q"
    assert len(compiled) == 1  # the second environment (a new process, in effect) did not compile


def test_the_cache_folder_is_private(cache_dir: Path) -> None:
    clause_environment().from_string("{{ a }}")
    assert cache_dir.stat().st_mode & 0o777 == 0o700


def test_a_cached_template_keeps_the_sandbox_bounds(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clause_environment().from_string(LOOP)  # compiled and stored
    compiled = _counting(monkeypatch)
    env = clause_environment()
    template = env.from_string(LOOP)
    assert not compiled  # loaded from the cache
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.2)
    with pytest.raises(TemplateLimit, match="longer than"), env.rendering():
        template.render(n=100_000)
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ ''.__class__.__mro__ }}").render()
    with pytest.raises(TemplateLimit, match="too large"):
        env.from_string("{{ 'x' ~ y }}").render(y="z" * (sandbox.MAX_CHARS + 1))


def test_environments_that_generate_different_code_do_not_share_entries(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = _counting(monkeypatch)
    text = "{{ a|money }}"
    clause = clause_environment()  # |money takes the render context (pass_context)
    plain = BoundedSandbox()
    plain.filters["money"] = lambda v: f"{v}!"  # the same name, a plain function
    assert plain.from_string(text).render(a=1) == "1!"
    assert len(compiled) == 1
    clause.from_string(text)
    assert len(compiled) == 2  # not the plain environment's code, which would call |money without the context
    escaping = DocumentEnvironment()
    assert escaping.from_string("{{ a }}").render(a="<b>") == "&lt;b&gt;"
    assert BoundedSandbox().from_string("{{ a }}").render(a="<b>") == "<b>"
    assert len(compiled) == 4
    assert len(list(cache_dir.iterdir())) == 4


def test_a_change_to_the_sandbox_source_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key holds the source of every contractkit module of the environment's classes: an edit to the
    rewriting of loops and ``~`` (or anything else in those modules) never reuses code compiled before it."""
    module = types.ModuleType("contractkit.edited_sandbox")
    module.__file__ = str(tmp_path / "edited_sandbox.py")
    Path(module.__file__).write_text("# the rewriting as it was\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    modules = ("contractkit.edited_sandbox", "jinja2.sandbox")
    before = sandbox._code_fingerprint(modules)
    Path(module.__file__).write_text("# the rewriting as it was\n# edited\n", encoding="utf-8")
    sandbox._code_fingerprint.cache_clear()
    try:
        assert sandbox._code_fingerprint(modules) != before
        assert sandbox._code_fingerprint(("jinja2.sandbox",)) == sandbox._code_fingerprint(("jinja2.environment",))
    finally:
        sandbox._code_fingerprint.cache_clear()


def test_a_damaged_cache_file_is_compiled_afresh(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "{{ a }}!"
    clause_environment().from_string(text)
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(entry.read_bytes()[:20])  # truncated, as by a full disk or a killed process
    compiled = _counting(monkeypatch)
    assert clause_environment().from_string(text).render(a=1) == "1!"
    assert len(compiled) == 1
    assert clause_environment().from_string(text).render(a=2) == "2!"
    assert len(compiled) == 1  # rewritten whole


def test_a_syntax_error_is_not_cached_and_still_located(cache_dir: Path) -> None:
    for _ in range(2):
        with pytest.raises(jinja2.TemplateSyntaxError) as caught:
            clause_environment().from_string("line one\n{% if a %}never closed")
        assert caught.value.lineno == 2
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(sandbox.CACHE_VARIABLE, "off")
    compiled = _counting(monkeypatch)
    for _ in range(2):
        clause_environment().from_string("{{ a }}")
    assert len(compiled) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(sandbox.CACHE_VARIABLE, str(folder))
    try:
        assert clause_environment().from_string("{{ a }}").render(a=3) == "3"
    finally:
        folder.chmod(0o700)


def test_a_folder_that_cannot_be_made_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(sandbox.CACHE_VARIABLE, str(blocker / "cache"))
    assert clause_environment().from_string("{{ a }}").render(a=4) == "4"


def test_a_draft_from_the_cache_is_byte_identical(tmp_path: Path) -> None:
    """Whole processes: the first draft fills the cache, the second reads it; the documents are the same."""
    env = {**os.environ, sandbox.CACHE_VARIABLE: str(tmp_path / "cache")}
    outputs = []
    for name in ("cold.docx", "warm.docx"):
        out = tmp_path / name
        command = [sys.executable, "-m", "contractkit", "draft", str(SAMPLES / "fitout-cn" / "project.yaml")]
        subprocess.run([*command, "-o", str(out)], check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(list((tmp_path / "cache").iterdir())) > 20  # the picked clauses, both languages, and the template
