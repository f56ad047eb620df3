"""Mutated project files never produce a traceback: exit 0, 1 or 2, and every message is located."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.projects import value_paths

SAMPLE_TEXT = (SAMPLES / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")
SAMPLE = yaml.load(SAMPLE_TEXT, Loader=yaml.BaseLoader)

FINDING = re.compile(r"^\S+:\d+: [A-Z]{2,3}\d{3} (error|warning) ")
LOCATED = re.compile(r"^\S+?(:\d+)?: ")

HOSTILE = [
    "A & B <Ltd> {{ 7*7 }}",
    "{% for x in range(9) %}x{% endfor %}",
    "\x00\x01\x1b[31m",
    "line\nbreak",
    "9" * 400,
    "-1,000.00",
    "1e309",
    "2024-02-30",
    "0000-00-00",
    "",
    "NaN",
    "∞",
    "30%%",
    "-5%",
    "\ufffe",
    "' OR 1=1 --",
    "{{ ''.__class__.__mro__ }}",
]


PATHS = value_paths(SAMPLE)


def _mutate(data: Any, path: tuple[Any, ...], op: str, value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    last = path[-1]
    if op == "delete":
        del target[last]
    elif op == "replace":
        target[last] = value
    elif op == "wrap":
        target[last] = [target[last]]
    elif op == "rename" and isinstance(target, dict):
        target[f"{last}x"] = target.pop(last)
    return data


def _run(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "project.yaml"
    path.write_bytes(raw)
    result = CliRunner().invoke(main, ["validate", str(path)])
    output = result.output
    assert result.exit_code in (0, 1, 2), (result.exit_code, output, result.exception)
    assert "Traceback" not in output and "internal error" not in output, output
    if result.exit_code == 1:
        findings = [line for line in output.splitlines() if line and not line.startswith("    ")][:-1]
        assert findings and all(FINDING.match(line) for line in findings), output
    if result.exit_code == 2:
        first = output.splitlines()[0]
        assert LOCATED.match(first) and str(path) in first, output


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(PATHS),
    op=st.sampled_from(["delete", "replace", "wrap", "rename"]),
    value=st.one_of(
        st.sampled_from(HOSTILE),
        st.lists(st.sampled_from(HOSTILE), max_size=2),
        st.dictionaries(st.sampled_from(["a", "id", "on"]), st.sampled_from(HOSTILE), max_size=2),
    ),
)
def test_structural_mutations(tmp_path: Path, path: tuple[Any, ...], op: str, value: Any) -> None:
    data = _mutate(SAMPLE, path, op, value)
    _run(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"))


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(min_value=0, max_value=len(SAMPLE_TEXT.encode())),
    junk=st.binary(max_size=8),
)
def test_byte_mutations(tmp_path: Path, cut: int, junk: bytes) -> None:
    raw = SAMPLE_TEXT.encode("utf-8")
    _run(tmp_path, raw[:cut] + junk + raw[cut:])


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(SAMPLE_TEXT.encode())))
def test_truncated_files(tmp_path: Path, cut: int) -> None:
    _run(tmp_path, SAMPLE_TEXT.encode("utf-8")[:cut])


def test_alias_bomb_through_the_cli(tmp_path: Path) -> None:
    lines = ['contractkit: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 15):
        lines.append(f"k{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 9)}]")
    _run(tmp_path, ("\n".join(lines) + "\n").encode())
