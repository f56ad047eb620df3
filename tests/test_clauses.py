"""The clause library: required clauses and parameters, every clause renders, broken files are located."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.documents.contract import example_project, render_clause_text
from contractkit.model.clauses import default_library, legal_references, resource_dir

REQUIRED = {
    "payment.milestone-schedule": set(),
    "payment.advance": {"share", "guarantee"},
    "payment.retention": {"share", "release_after_days"},
    "acceptance.inspection-period": {"review_days", "deemed_acceptance"},
    "incentive.early-payment-discount": {"discount", "within_days"},
    "penalty.late-payment-interest": {"daily_rate", "annual_rate", "lpr_multiplier", "day_count"},
    "penalty.delay-damages": {"daily_rate", "cap"},
    "suspension.non-payment": {"notice_days"},
    "confidentiality.mutual": {"years"},
    "dispute.arbitration": {"institution", "seat"},
    "dispute.court": {"court"},
    "general.notices": set(),
}
CLAUSES = sorted(c.id for c in default_library())


def test_library_has_at_least_forty_clauses_in_every_category() -> None:
    library = default_library()
    assert len(library) >= 40
    assert {c.category for c in library} >= {
        "payment",
        "acceptance",
        "incentive",
        "penalty",
        "confidentiality",
        "suspension",
        "dispute",
        "general",
    }


@pytest.mark.parametrize("clause_id", sorted(REQUIRED))
def test_required_clauses_exist_with_their_parameters(clause_id: str) -> None:
    clause = default_library().get(clause_id)
    assert clause is not None
    assert REQUIRED[clause_id] <= set(clause.data.parameters)


def test_late_payment_interest_takes_one_rate() -> None:
    clause = default_library().get("penalty.late-payment-interest")
    assert clause is not None
    assert clause.data.one_of == ["daily_rate", "annual_rate", "lpr_multiplier"]


@pytest.mark.parametrize("clause_id", CLAUSES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_clause_renders_with_its_defaults(clause_id: str, lang: str) -> None:
    clause = default_library().get(clause_id)
    assert clause is not None
    paragraphs = render_clause_text(clause, example_project(lang), lang, {}, numbers={clause_id: "5"})
    assert paragraphs
    text = "\n".join(paragraphs)
    assert not re.search(r"\bNone\b(?! of)", text) and "{{" not in text and "{%" not in text
    for key in clause.data.references:
        assert key in legal_references()


def test_clauses_list_and_show(runner: CliRunner) -> None:
    listed = json.loads(runner.invoke(main, ["clauses", "list", "--json", "--category", "penalty"]).output)
    assert {c["category"] for c in listed} == {"penalty"}
    assert any(c["id"] == "penalty.late-payment-interest" for c in listed)
    shown = runner.invoke(main, ["clauses", "show", "penalty.late-payment-interest", "--lang", "zh"])
    assert shown.exit_code == 0 and "每日0.05%" in shown.output and "民法典" in shown.output
    missing = runner.invoke(main, ["clauses", "show", "penalty.late-payment-intrest"])
    assert missing.exit_code == 2 and "did you mean penalty.late-payment-interest" in missing.output
    assert runner.invoke(main, ["clauses", "list", "--category", "nope"]).exit_code == 2


def _library_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lib"
    shutil.copytree(resource_dir("clause_library"), target)
    return target


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda t: t.replace("category: penalty", "category: penalty\ncategory: penalty"), "duplicate key"),
        (lambda t: t.replace("references: [", "references: [cn.civil-code.9999, "), "not a known legal reference"),
        (lambda t: t.replace('default: "0.05%"', 'default: "5%"'), "out of bounds"),
        (lambda t: t.replace("{% if daily_rate %}", "{% if daily_rate "), "text.zh[0]"),
    ],
)
def test_a_broken_clause_file_is_located(runner: CliRunner, tmp_path: Path, damage, needle: str) -> None:  # type: ignore[no-untyped-def]
    library = _library_copy(tmp_path)
    path = library / "penalty" / "penalty.late-payment-interest.yaml"
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = runner.invoke(main, ["clauses", "list", "--library", str(library)])
    assert result.exit_code == 2
    assert f"{path}:" in result.output and needle in result.output, result.output
    assert "Traceback" not in result.output


def test_clause_text_cannot_reach_outside_the_sandbox(tmp_path: Path, runner: CliRunner) -> None:
    library = _library_copy(tmp_path)
    path = library / "general" / "general.notices.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("text:\n  zh:\n    - ") + len("text:\n  zh:\n    - ")
    text = text[:start] + "\"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n    - " + text[start:]
    start = text.index("\n  en:\n    - ", start) + len("\n  en:\n    - ")
    text = text[:start] + '"x"\n    - ' + text[start:]
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["clauses", "show", "general.notices", "--lang", "zh", "--library", str(library)])
    assert result.exit_code == 2 and "unsafe" in result.output.lower()


def test_defects_period_in_months_is_stated_as_months(runner: CliRunner, tmp_path: Path) -> None:
    """The samples' milestones say 缺陷责任期（竣工验收后24个月）; the clause said 730日. A period in months is
    stated in months (it ends on the corresponding day, Civil Code art. 202), in both languages."""
    from contractkit.model.project import load_project

    sample = Path(__file__).parent.parent / "samples" / "fitout-cn"
    clause = default_library().get("payment.retention")
    assert clause is not None
    values, problems = clause.resolve({"share": "3%", "release_after_months": "24"})
    assert not problems and values["release_after_months"] == 24 and values["release_after_days"] is None
    project = load_project(sample).project
    given = {"share": "3%", "release_after_months": "24"}
    zh = " ".join(render_clause_text(clause, project, "zh", given, numbers={"payment.retention": "8"}))
    en = " ".join(render_clause_text(clause, project, "en", given, numbers={"payment.retention": "8"}))
    assert "缺陷责任期为24个月，自工程竣工验收合格" in zh and "730" not in zh
    assert "The defects liability period shall be 24 months from" in en
    # days remain the default; both at once is refused
    assert clause.resolve({})[0]["release_after_days"] == 730
    _, problems = clause.resolve({"release_after_days": "365", "release_after_months": "12"})
    assert any("takes only one of release_after_days, release_after_months" in m for _, m in problems)
    _, problems = clause.resolve({"release_after_months": "25"})
    assert problems and "out of bounds" in problems[0][1]


@pytest.mark.parametrize("command", ["validate", "status", "draft", "report"])
def test_a_parameter_that_does_not_convert_is_a_finding_not_a_crash(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    """The monthly-progress clause's advance_recovery_rate written as a word: the schedule read the clause's values
    before the rules ran and met a missing key (internal error, KeyError) in every command. The value is now taken
    as not given, and the command stops at CLA002 on its line."""
    sample = Path(__file__).parent.parent / "samples" / "warehouse-cn"
    folder = tmp_path / "p"
    shutil.copytree(sample, folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert "advance_recovery_rate: 25%" in text
    path.write_text(text.replace("advance_recovery_rate: 25%", "advance_recovery_rate: promised", 1), "utf-8")
    args = {
        "validate": [],
        "status": ["--as-of", "2026-11-29"],
        "draft": ["-o", str(tmp_path / "c.docx")],
        "report": ["-o", str(tmp_path / "r.docx"), "--as-of", "2026-11-29"],
    }[command]
    result = runner.invoke(main, [command, str(folder), *args])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert "CLA002" in result.output and "advance_recovery_rate: 'promised' is not a percentage" in result.output
    clause = default_library().get("payment.monthly-progress")
    assert clause is not None
    values, problems = clause.resolve({"advance_recovery_rate": "promised"})
    assert problems and set(values) == set(clause.data.parameters)
