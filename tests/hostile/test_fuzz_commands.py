"""A bounded fuzzer over the project file, through every command that reads one (tests/test_fuzz.py fuzzes
`validate` alone, with more examples): each mutated file ends in exit 0, 1 or 2 with the promises kept."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.harness import COMMANDS, attempt, command, sample_project
from tests.projects import value_paths, with_value

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


def _sample() -> dict[str, Any]:
    if "project" not in TEMPLATE:
        import tempfile

        TEMPLATE["project"] = sample_project(Path(tempfile.mkdtemp(prefix="contractkit-fuzz-")) / "p")
    text = (TEMPLATE["project"] / "project.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.BaseLoader)  # type: ignore[no-any-return]


PATHS = value_paths(_sample())


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
            data = with_value(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    folder = tmp_path_factory.mktemp("fuzz")
    project = folder / "p"
    shutil.copytree(TEMPLATE["project"], project)
    (project / "project.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = folder / "out"
    out.mkdir()
    attempt(command(name, project, out), project=project, out=out, seconds=60)
