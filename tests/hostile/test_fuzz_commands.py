"""A bounded fuzzer over the project file, through every command that reads one (tests/test_fuzz.py fuzzes
`validate` alone, with more examples): each mutated file ends in exit 0, 1 or 2 with the promises kept."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.harness import COMMANDS, attempt, command, sample_project

TEMPLATE: dict[str, Path] = {}

#: Values an attacker or a slip of the keyboard puts anywhere.
HOSTILE = [
    "\ud800",
    "上海\udfff浦江",
    "0001-01-01",
    "9999-12-31",
    "2199-12-31",
    "1900-01-01",
    "999999999",
    "-1",
    "150%",
    "-3,000,000.00",
    "999,999,999,999,999.99",
    "1e309",
    "N" * 600,
    "\u202e\u0635\u0648\u0631\u0629",
    "{{ self }}",
    "../../../../etc/passwd",
    "/dev/zero",
    "evidence/",
    "\t",
    "",
]
DEEP: Any = "x"
for _ in range(40):
    DEEP = [DEEP]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _sample() -> dict[str, Any]:
    if "project" not in TEMPLATE:
        import tempfile

        TEMPLATE["project"] = sample_project(Path(tempfile.mkdtemp(prefix="contractkit-fuzz-")) / "p")
    text = (TEMPLATE["project"] / "project.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)  # type: ignore[no-any-return]


PATHS = _paths(_sample())


def _mutate(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(PATHS), st.one_of(st.sampled_from(HOSTILE), st.just(DEEP))), min_size=1, max_size=3
    ),
    name=st.sampled_from(COMMANDS),
)
def test_mutated_project_files_through_every_command(tmp_path_factory: Any, changes: Any, name: str) -> None:
    data = _sample()
    for path, value in changes:
        try:
            data = _mutate(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    folder = tmp_path_factory.mktemp("fuzz")
    project = folder / "p"
    shutil.copytree(TEMPLATE["project"], project)
    (project / "project.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = folder / "out"
    out.mkdir()
    attempt(command(name, project, out), project=project, out=out, seconds=60)
