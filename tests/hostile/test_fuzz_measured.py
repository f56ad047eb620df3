"""A bounded fuzzer over the measured sample (bill, valuations, variations, certificates), through the commands
that read it: each mutated file ends in exit 0, 1 or 2 and never in an internal error. (tests/hostile/
test_fuzz_commands.py does the same over the fit-out sample, with the harness's file and output checks.) An
unbounded run of this fuzzer found a clause parameter that did not convert crashing the schedule, and the
disputed state missing from the pack and the workbook."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.projects import value_paths, with_value

SAMPLE = SAMPLES / "warehouse-cn"
DATA = yaml.load((SAMPLE / "project.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
VALUES = [
    "", "0", "-1", "0%", "101%", "-5%", "-1,000.00", "9,999,999,999,999.99", "2026-02-30", "1900-01-01",
    "2099-12-31", "2026-07-26", "V01", "V99", "PF", "PR", "E1", "N" * 300, "{{ 1 }}", "../x", "true", "null",
    "applied", "paid", "certified", "disputed", "resolved", "half-up", "down", "line", "total", "USD", "0.001",
    "12,000", "promised",
]  # fmt: skip


PATHS = [p for p in value_paths(DATA) if p[0] in ("bill", "valuations", "variations", "events", "clauses", "contract")]


def _commands(project: Path, out: Path) -> list[list[str]]:
    as_of = ["--as-of", "2026-11-29"]
    return [
        ["validate", str(project)],
        ["status", str(project), *as_of, "--json"],
        ["draft", str(project), "-o", str(out / "c.docx")],
        ["apply", str(project), "--node", "V05", "-o", str(out / "pack"), *as_of, "--no-pdf", "--allow-missing"],
        ["export", str(project), "-o", str(out / "w.xlsx"), *as_of],
        ["demand", str(project), "--node", "all", "-o", str(out / "d.docx"), *as_of],
    ]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    changes=st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(VALUES)), min_size=1, max_size=4),
)
def test_mutated_measured_projects_never_end_in_an_internal_error(tmp_path_factory: Any, changes: Any) -> None:
    data = DATA
    for path, value in changes:
        try:
            data = with_value(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    folder = tmp_path_factory.mktemp("fuzz-measured")
    project = folder / "p"
    shutil.copytree(SAMPLE, project)
    (project / "project.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = folder / "out"
    out.mkdir()
    runner = CliRunner()
    for args in _commands(project, out):
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 1, 2), (args[0], result.output)
        assert "internal error" not in result.output, (args[0], result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args[0], result.exception)
