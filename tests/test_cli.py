"""The command line: exit codes, located messages, JSON output, init, rules and schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "fitout-cn"


def test_validate_sample_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_validate_json_lists_findings(runner: CliRunner, tmp_path: Path) -> None:
    text = (SAMPLE / "project.yaml").read_text(encoding="utf-8").replace("share: 40%", "share: 35%")
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    (finding,) = [f for f in payload["findings"] if f["code"] == "SCH004"]
    assert finding["severity"] == "error" and finding["line"] and "120,000.00 short of" in finding["message"]
    assert payload["errors"] >= 1


def test_errors_exit_1_with_file_line_code(runner: CliRunner, tmp_path: Path) -> None:
    text = (
        (SAMPLE / "project.yaml").read_text(encoding="utf-8").replace("evidence: [缺陷责任期终止证书]", "evidence: []")
    )
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "evidence: []" in row)
    assert f"{path}:{line}: SCH002 error payment_schedule[4].evidence:" in result.output


def test_unusable_file_exits_2_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text("contractkit: 1\nproject: [\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:" in result.output and "Traceback" not in result.output


def test_rules_lists_every_code_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["rules"])
    assert result.exit_code == 0
    for code in ("SCH001", "SCH004", "CN002", "REM001", "CLA002"):
        assert code in result.output
    one = runner.invoke(main, ["rules", "cn002", "--json"])
    (rule,) = json.loads(one.output)
    assert rule["severity"] == "error" and "art. 9" in rule["explanation"] and rule["bad"] and rule["good"]
    assert runner.invoke(main, ["rules", "XX999"]).exit_code == 2


def test_schema_is_json_schema_with_string_amounts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    contract = schema["$defs"]["Contract"]["properties"]
    assert contract["price"]["type"] == "string"
    assert schema["$defs"]["ClauseUse"]["properties"]["with"]
    assert schema["$defs"]["Contract"]["additionalProperties"] is False


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["construction", "software"])
def test_init_writes_a_project_that_validates_clean(runner: CliRunner, tmp_path: Path, lang: str, kind: str) -> None:
    target = tmp_path / "new"
    result = runner.invoke(main, ["init", str(target), "--lang", lang, "--kind", kind])
    assert result.exit_code == 0, result.output
    assert (target / "evidence").is_dir()
    text = (target / "project.yaml").read_text(encoding="utf-8")
    assert text.startswith("#")
    check = runner.invoke(main, ["validate", str(target)])
    assert check.exit_code == 0 and "no problems found" in check.output, check.output


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(main, ["init", str(tmp_path)])
    before = (tmp_path / "project.yaml").read_bytes()
    result = runner.invoke(main, ["init", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "project.yaml").read_bytes() == before
    assert runner.invoke(main, ["init", str(tmp_path), "--lang", "en", "--force"]).exit_code == 0
    assert (tmp_path / "project.yaml").read_bytes() != before


@pytest.mark.parametrize("make", ["file", "dangling link"])
def test_init_refuses_an_evidence_path_that_is_not_a_folder(runner: CliRunner, tmp_path: Path, make: str) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    evidence = folder / "evidence"
    if make == "file":
        evidence.write_text("not a folder", encoding="utf-8")
    else:
        evidence.symlink_to(tmp_path / "gone")
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 2
    assert f"{evidence}: exists and is not a folder" in result.output
    assert not (folder / "project.yaml").exists()


def test_help_does_not_import_document_libraries() -> None:
    code = (
        "import sys; from contractkit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'docxtpl', 'pypdf', 'fpdf', 'holidays', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "samples/fitout-cn"],
        ["status", "samples/fitout-cn", "--as-of", "2026-11-29"],
        ["status", "samples", "--as-of", "2026-11-29"],
    ],
)
def test_validate_and_status_import_no_document_library(args: list[str]) -> None:
    """Issue 15: what checks and reports a project needs neither the document nor the PDF libraries."""
    code = (
        "import sys; from contractkit.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "names = ('docx', 'docxtpl', 'jinja2', 'lxml', 'pypdf', 'fpdf', 'pikepdf', 'matplotlib', 'openpyxl', 'PIL')\n"
        "print('HEAVY:' + ','.join(m for m in names if m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY:"


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["apply", "--node", "P3", "--allow-missing", "--no-pdf", "-o", "{out}/pack"], "an application for payment"),
        (["report", "-o", "{out}/report.docx"], "a progress report"),
    ],
)
def test_a_document_dated_before_the_contract_was_signed_is_refused(
    runner: CliRunner, tmp_path: Path, command: list[str], what: str
) -> None:
    args = [part.replace("{out}", str(tmp_path)) for part in command]
    result = runner.invoke(main, [args[0], str(SAMPLES / "fitout-cn"), *args[1:], "--as-of", "2026-02-19"])
    assert result.exit_code == 2, result.output
    assert "--as-of 2026-02-19 is before the contract was signed (2026-02-20)" in result.output
    assert what in result.output
    assert list(tmp_path.iterdir()) == []
