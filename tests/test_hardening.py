"""Every command against hostile input: exit codes, located messages, no traceback, no partial files.

Also: outputs are byte-identical across runs and working directories, and every kind of generated .docx
opens in LibreOffice with the parties and amounts readable in the PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from contractkit.cli import main
from tests.conftest import SAMPLES
from tests.docs import docx_text, pdf_text
from tests.test_apply import make_pdf, make_photo

HOSTILE = "A & B <Ltd> {{ 7*7 }} {% if x %}"
AS_OF = "2026-11-29"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    folder.mkdir()
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    # the acknowledgment's 30 days end on 1 January 2027, beyond the published holiday data: supply the year
    with (folder / "project.yaml").open("a", encoding="utf-8") as f:
        f.write("\ncalendar: {holidays: [2027-01-01], through: 2027-12-31}\n")
    (folder / "evidence").mkdir()
    make_pdf(folder / "evidence" / "p2-acceptance.pdf", pages=2)
    make_pdf(folder / "evidence" / "p2-quantities.pdf")
    make_photo(folder / "evidence" / "p2-site-photo.jpg")
    return folder


def commands(project: Path, out: Path) -> dict[str, list[str]]:
    """Each command that reads a project, writing into ``out``."""
    return {
        "validate": ["validate", str(project)],
        "draft": ["draft", str(project), "-o", str(out / "c.docx")],
        "status": ["status", str(project), "--as-of", AS_OF],
        "apply": ["apply", str(project), "--node", "P2", "-o", str(out / "pack"), "--as-of", "2026-05-12", "--no-pdf"],
        "demand": ["demand", str(project), "--node", "P2", "-o", str(out / "d.docx"), "--as-of", AS_OF],
    }


def run(args: list[str]):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


def demand_stage(project: Path, out: Path, stage: str) -> None:
    """Write one stage of letter for the overdue node P2 into ``out``."""
    args = [
        "demand",
        str(project),
        "--node",
        "P2",
        "--stage",
        stage,
        "-o",
        str(out / f"{stage}.docx"),
        "--as-of",
        AS_OF,
    ]
    assert run(args).exit_code == 0, stage


def no_leftovers(folder: Path) -> None:
    """No temporary or staging files remain after a refused run."""
    leftovers = [p for p in folder.rglob(".*") if p.name.endswith(".tmp") or re.match(r"\.\w+\.\w{8}", p.name)]
    assert not leftovers, leftovers


def edit(project: Path, old: str, new: str) -> None:
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


TEXT_FIELDS = [
    ("name: 上海浦江置业有限公司", "name"),
    ("representative: 王建国", "representative"),
    ("address: 上海市浦东新区世纪大道100号15楼", "address"),
    ("name: 浦东某办公楼室内装修工程", "name"),
    ("location: 上海市浦东新区张江路188号", "location"),
    ("title: 第一期进度款", "title"),
    ("milestone: 吊顶及墙面基层完成并经隐蔽工程验收", "milestone"),
    ("title: 隐蔽工程及基层验收", "title"),
    ("name: 招商银行上海张江支行", "name"),
    ("title: 增加会议室隔音墙", "title"),
]


@pytest.mark.parametrize(("old", "key"), TEXT_FIELDS, ids=[f[0].split(": ")[1] for f in TEXT_FIELDS])
def test_hostile_text_in_every_field_stays_literal_in_every_document(
    project: Path, tmp_path: Path, old: str, key: str
) -> None:
    edit(project, old, f"{key}: '{HOSTILE}'")
    out = tmp_path / "out"
    out.mkdir()
    for name, args in commands(project, out).items():
        result = run(args)
        assert result.exit_code == 0, (name, result.output)
    documents = [out / "c.docx", out / "d.docx", *sorted((out / "pack").glob("*.docx"))]
    seen = "\n".join(docx_text(path) for path in documents)
    assert HOSTILE in seen
    assert "{{ 7*7 }}" in seen and "49" not in seen.replace("2049", "")


@pytest.mark.parametrize("command", ["validate", "draft", "status", "apply", "demand"])
def test_control_characters_are_refused_with_their_line(project: Path, tmp_path: Path, command: str) -> None:
    edit(project, "representative: 王建国", 'representative: "王\\x07建国"')
    out = tmp_path / "out"
    out.mkdir()
    result = run(commands(project, out)[command])
    assert result.exit_code == 2
    assert re.search(
        r"project\.yaml:\d+: parties\.client\.representative: contains the control character U\+0007", result.output
    ), result.output
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", ["validate", "draft", "status", "apply", "demand"])
def test_enormous_amounts_are_refused(project: Path, tmp_path: Path, command: str) -> None:
    edit(project, 'price: "2,400,000.00"', f'price: "{"9" * 30}"')
    out = tmp_path / "out"
    out.mkdir()
    result = run(commands(project, out)[command])
    assert result.exit_code == 2 and "contract.price" in result.output and "too large" in result.output


def test_the_largest_amount_still_drafts_in_words(project: Path, tmp_path: Path) -> None:
    edit(project, 'price: "2,400,000.00"', 'price: "999,999,999,999,999.99"')
    # the applications recorded for the sample's figures would be for less than the nodes pay now (LED006)
    edit(project, 'type: applied, amount: "240,000.00", ', "type: applied, ")
    edit(project, 'type: applied, amount: "720,000.00", ', "type: applied, ")
    result = run(["draft", str(project), "-o", str(tmp_path / "c.docx")])
    assert result.exit_code == 0, result.output
    assert "玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" in docx_text(tmp_path / "c.docx")


@pytest.mark.parametrize("command", ["validate", "draft", "status", "apply", "demand"])
def test_missing_project_file(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere"
    out = tmp_path / "out"
    out.mkdir()
    result = run(commands(missing, out)[command])
    assert result.exit_code == 2 and str(missing) in result.output


@pytest.mark.parametrize("command", ["draft", "apply", "demand"])
def test_output_in_a_folder_that_cannot_be_written(project: Path, tmp_path: Path, command: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(commands(project, blocker)[command])
    assert result.exit_code == 2 and str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
@pytest.mark.parametrize("command", ["draft", "apply", "demand"])
def test_read_only_output_folder(project: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run(commands(project, out)[command])
        assert result.exit_code == 2 and "not writable" in result.output
    finally:
        out.chmod(0o755)


@pytest.mark.parametrize("command", ["draft", "apply", "demand"])
def test_existing_output_is_kept_without_force(project: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = commands(project, out)[command]
    assert run(args).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run(args)
    assert result.exit_code == 2 and ("already exists" in result.output or "not empty" in result.output)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    no_leftovers(tmp_path)
    assert run([*args, "--force"]).exit_code == 0


def test_refused_runs_leave_nothing_behind(project: Path, tmp_path: Path) -> None:
    (project / "evidence" / "p2-quantities.pdf").write_bytes(b"%PDF-1.7\n garbage")
    out = tmp_path / "out"
    out.mkdir()
    result = run(commands(project, out)["apply"])
    assert result.exit_code == 2
    assert list(out.iterdir()) == []
    no_leftovers(tmp_path)


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_command_is_deterministic_across_runs_and_working_directories(project: Path, tmp_path: Path) -> None:
    results = []
    for i in range(2):
        out = tmp_path / f"run{i}"
        out.mkdir()
        cwd = Path.cwd()
        os.chdir(out)
        try:
            for name, args in commands(project, out).items():
                if name in ("draft", "apply", "demand"):
                    assert run(args).exit_code == 0, name
            for stage in ("reminder", "final", "acknowledgment"):
                demand_stage(project, out, stage)
            (out / "status.json").write_text(
                run(["status", str(project), "--as-of", AS_OF, "--json"]).output, encoding="utf-8"
            )
        finally:
            os.chdir(cwd)
        results.append(_digests(out))
    assert results[0] == results[1]
    assert len(results[0]) >= 12


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice is not installed (CI installs it)"
)


@needs_soffice
def test_every_document_kind_converts_to_pdf_with_parties_and_amounts(project: Path, tmp_path: Path) -> None:
    from contractkit.render.docx import docx_to_pdf

    out = tmp_path / "out"
    out.mkdir()
    assert run(commands(project, out)["apply"]).exit_code == 0
    for stage in ("reminder", "notice", "suspension", "final", "acknowledgment"):
        demand_stage(project, out, stage)
    documents = sorted(out.rglob("*.docx"))
    assert len(documents) == 4 + 5 + 1  # pack, letters, case summary
    for path in documents:
        reader = PdfReader(__import__("io").BytesIO(docx_to_pdf(path.read_bytes(), path.stem)))
        text = "".join(pdf_text(page) for page in reader.pages)
        assert "上海匠心装饰工程有限公司" in text or "上海浦江置业有限公司" in text, path.name
        assert re.search(r"\d{1,3}(,\d{3})+\.\d{2}", text), path.name
