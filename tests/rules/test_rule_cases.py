"""Every rule against its cases in cases/<CODE>.yaml: the changes that make it fire, and those that don't."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from contractkit.model.project import parse_project
from contractkit.rules import all_rules, check_project

HERE = Path(__file__).parent
#: The clean projects cases start from: a milestone contract, and one paid by measurement (``base: measured``).
BASES = {
    name: yaml.load((HERE / f"{name}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for name in ("base", "measured")
}
BASE = BASES["base"]
CASE_FILES = sorted((HERE / "cases").glob("*.yaml"))


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]


def _apply(data: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for path, value in (case.get("set") or {}).items():
        *head, last = _steps(path)
        target = data
        for step in head:
            target = target[step]
        if value is None or value == "~":
            del target[last]
        else:
            target[last] = value
    for path, value in (case.get("append") or {}).items():
        target = data
        for step in _steps(path):
            target = target[step]
        target.append(value)
    return data


def _cases() -> list[Any]:
    params = []
    for file in CASE_FILES:
        spec = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for case in spec["cases"]:
            params.append(pytest.param(file.stem, case, id=f"{file.stem}-{case['name']}"))
    return params


def _findings(data: dict[str, Any]) -> list[Any]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return check_project(parse_project(text, "case.yaml"))


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases are parsed as ./case.yaml: the files they name (FIL rules) are relative to the repository."""
    monkeypatch.chdir(HERE.parent.parent)


@pytest.mark.parametrize("name", sorted(BASES))
def test_base_project_is_clean(name: str) -> None:
    assert [f"{f.code}: {f.message}" for f in _findings(BASES[name])] == []


@pytest.mark.parametrize(("code", "case"), _cases())
def test_rule_case(code: str, case: dict[str, Any]) -> None:
    findings = _findings(_apply(BASES[case.get("base", "base")], case))
    mine = [f for f in findings if f.code == code]
    if case["fires"] == "true":
        assert mine, f"{code} did not fire; findings: {[(f.code, f.message) for f in findings]}"
        for finding in mine:
            assert finding.line, f"{code} finding has no line: {finding}"
            assert finding.path
        if "message" in case:
            assert any(case["message"] in f.message for f in mine), [f.message for f in mine]
        if "path" in case:
            assert any(f.path == case["path"] for f in mine), [f.path for f in mine]
    else:
        assert not mine, f"{code} fired: {[f.message for f in mine]}"
        others = [f for f in findings if f.severity == "error"]
        assert not others or case.get("other_errors") == "true", [(f.code, f.message) for f in others]


def test_every_rule_has_cases_that_fire_and_pass() -> None:
    covered = {}
    for file in CASE_FILES:
        spec = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        covered[file.stem] = {c["fires"] for c in spec["cases"]}
    for rule in all_rules():
        assert covered.get(rule.code) == {"true", "false"}, f"{rule.code} needs firing and passing cases"


def test_every_rule_is_documented() -> None:
    for rule in all_rules():
        assert rule.summary() and rule.explanation() and rule.bad and rule.good, rule.code
        assert re.fullmatch(r"[A-Z]{2,3}\d{3}", rule.code)
