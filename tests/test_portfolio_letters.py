"""`demand --all-overdue` keeps each project's letter apart and does what its options say or refuses them;
options that write into the project file are what the project file accepts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

AS_OF = "2026-11-29"


def _portfolio(tmp_path: Path, *clients: str) -> Path:
    folder = tmp_path / "portfolio"
    for i, client in enumerate(clients):
        project = folder / f"p{i}"
        shutil.copytree(SAMPLES / "fitout-cn", project)
        path = project / "project.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("name: 上海浦江置业有限公司", f"name: {client}"), encoding="utf-8"
        )
    return folder


def _all_overdue(folder: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["demand", "--all-overdue", str(folder), "-o", str(out), "--as-of", AS_OF, *args])


@pytest.mark.parametrize("force", [False, True])
def test_two_contracts_of_one_project_code_get_a_letter_each(tmp_path: Path, force: bool) -> None:
    folder = _portfolio(tmp_path, "上海浦江置业有限公司", "另一个客户有限公司", "第三个客户有限公司")
    out = tmp_path / "letters"
    result = _all_overdue(folder, out, *(["--force"] if force else []))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "FIT-2026-017-2-notice-20261129.docx",
        "FIT-2026-017-3-notice-20261129.docx",
        "FIT-2026-017-notice-20261129.docx",
    ]
    assert "上海浦江置业有限公司" in docx_text(out / "FIT-2026-017-notice-20261129.docx")  # the first in file order
    assert "另一个客户有限公司" in docx_text(out / "FIT-2026-017-2-notice-20261129.docx")
    assert "第三个客户有限公司" in docx_text(out / "FIT-2026-017-3-notice-20261129.docx")
    assert "3 letters for 3 projects" in result.output


def test_all_overdue_records_each_letter_it_writes(tmp_path: Path) -> None:
    folder = _portfolio(tmp_path, "上海浦江置业有限公司", "另一个客户有限公司")
    before = {p: (p / "project.yaml").read_text(encoding="utf-8") for p in sorted(folder.iterdir())}
    out = tmp_path / "letters"
    result = _all_overdue(folder, out, "--record", "--sent-by", "email")
    assert result.exit_code == 0, result.output
    for project, text in before.items():
        after = (project / "project.yaml").read_text(encoding="utf-8")
        assert after.startswith(text[: text.index("\nescalation:")])  # appended, nothing else changed
        notice = load_project(project).project.events[-1]
        assert (str(notice.type), str(notice.stage), str(notice.via)) == ("notice", "notice", "email")
        assert f"recorded the notice in {project / 'project.yaml'}" in result.output
    assert len(list(out.iterdir())) == 2


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--node", "P2"], "--node"),
        (["--stage", "final"], "--stage"),
        (["--record", "--sent-by", "courier", "--tracking", "SF1"], "--tracking"),
        (["--pdf"], "--pdf"),
    ],
)
def test_all_overdue_refuses_what_it_would_not_apply(tmp_path: Path, args: list[str], named: str) -> None:
    folder = _portfolio(tmp_path, "上海浦江置业有限公司")
    before = (folder / "p0" / "project.yaml").read_bytes()
    out = tmp_path / "letters"
    result = _all_overdue(folder, out, *args)
    assert result.exit_code == 2 and f"contractkit: {named} cannot be used with --all-overdue" in result.output
    assert not out.exists() and (folder / "p0" / "project.yaml").read_bytes() == before


def test_all_overdue_record_needs_sent_by(tmp_path: Path) -> None:
    result = _all_overdue(_portfolio(tmp_path, "上海浦江置业有限公司"), tmp_path / "letters", "--record")
    assert result.exit_code == 2 and "--record needs --sent-by" in result.output


@pytest.mark.parametrize("evidence", ["", "  ", "two\nlines"])
def test_a_valuation_refuses_evidence_no_node_could_list(tmp_path: Path, evidence: str) -> None:
    """The evidence of a valuation is the evidence of the payment node it becomes: one line each."""
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    first = "    evidence: [工程量计算书, 监理工程师签认的计量记录, 材料及试块检测报告]"
    line = text[: text.index(first)].count("\n") + 1
    written = evidence.replace("\n", "\\n")
    path.write_text(text.replace(first, f'    evidence: ["{written}", 监理工程师签认的计量记录]', 1), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2 and "internal error" not in result.output
    assert f"project.yaml:{line}: valuations[0].evidence[0]:" in result.output
    status = runner.invoke(main, ["status", str(folder), "--as-of", AS_OF])
    assert status.exit_code == 2 and "internal error" not in status.output


@pytest.mark.parametrize(("option", "value"), [("--evidence", ""), ("--evidence", " "), ("--title", "")])
def test_import_valuation_refuses_an_empty_option_before_reading_anything(
    tmp_path: Path, option: str, value: str
) -> None:
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    before = (folder / "project.yaml").read_bytes()
    args = ["import", "valuation", str(tmp_path / "none.xlsx"), "--project", str(folder), "--id", "V09"]
    result = CliRunner().invoke(main, [*args, "--to", "2026-09-25", option, value])
    assert result.exit_code == 2 and "internal error" not in result.output
    assert f"contractkit: {option} {value!r}: must not be empty" in result.output
    assert (folder / "project.yaml").read_bytes() == before


def test_all_overdue_leaves_no_folder_where_it_wrote_no_letter(tmp_path: Path) -> None:
    out = tmp_path / "x" / "deep" / "letters"
    result = CliRunner().invoke(
        main, ["demand", "--all-overdue", str(SAMPLES), "-o", str(out), "--as-of", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert "0 letters for" in result.output
    assert not (tmp_path / "x").exists()
