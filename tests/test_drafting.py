"""Drafting contracts: what the document says, in zh, en and bilingual; refusals; determinism; PDF."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from contractkit.account.schedule import compute_schedule
from contractkit.cli import main
from contractkit.model.project import load_project
from contractkit.model.words import amount_in_chinese, amount_in_english
from tests.conftest import ROOT, SAMPLES
from tests.docs import docx_text

SAMPLE = SAMPLES / "fitout-cn"
HOSTILE = "A & B <Ltd> {{ 7*7 }} {% if %}"


def draft(runner: CliRunner, project: Path, out: Path, *args: str) -> str:
    result = runner.invoke(main, ["draft", str(project), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return docx_text(out)


@pytest.fixture(scope="module")
def sample():  # type: ignore[no-untyped-def]
    loaded = load_project(SAMPLE)
    return loaded.project, compute_schedule(loaded.project)


def test_chinese_contract_holds_parties_nodes_words_and_clauses(runner: CliRunner, tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    project, schedule = sample
    text = draft(runner, SAMPLE, tmp_path / "c.docx", "--lang", "zh")
    assert project.parties.client.name in text and project.parties.contractor.name in text
    assert "合同编号：HT-2026-017" in text
    for node in schedule.nodes:
        assert f"{node.base:,.2f}" in text
        assert amount_in_chinese(node.base, "CNY", prefix=True) in text
    assert "人民币2,400,000.00元（大写：人民币贰佰肆拾万元整）" in text
    # each chosen clause's title, numbered from 5 in contract order, and a parameter value
    assert "第5条　付款节点与付款条件" in text
    assert "第9条　逾期付款违约金" in text
    assert "每日0.05%" in text
    assert "上海国际经济贸易仲裁委员会" in text
    assert "0121 0000 0000 8888" in text
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_english_contract(runner: CliRunner, tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    project, schedule = sample
    text = draft(runner, SAMPLE, tmp_path / "c.docx", "--lang", "en")
    assert project.parties.client.name in text
    for node in schedule.nodes:
        assert amount_in_english(node.base, "CNY") in text
    assert "9.  Late-Payment Interest" in text
    assert "0.05% per day" in text
    assert "The Contract Price is CNY 2,400,000.00 (Two Million Four Hundred Thousand Yuan Only)." in text
    assert "None" not in text and "{{" not in text


def test_bilingual_contract_pairs_both_languages(runner: CliRunner, tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    text = draft(runner, SAMPLE, tmp_path / "c.docx", "--lang", "bilingual")
    assert "第9条 逾期付款违约金　9. Late-Payment Interest" in text
    assert "每日0.05%" in text and "0.05% per day" in text
    assert "人民币贰佰肆拾万元整" in text
    assert "None" not in text and "{{" not in text


def test_bilingual_columns_show_the_project_words_of_their_language(runner: CliRunner, tmp_path: Path) -> None:
    """A project written "English / 中文": the title, the recital, the clause texts and the acceptance criteria
    stand in their language's line or column in that language only; the shared tables keep both."""
    import docx

    out = tmp_path / "c.docx"
    draft(runner, SAMPLES / "epc-intl", out, "--lang", "bilingual")
    document = docx.Document(str(out))
    heads = [p.text for p in document.paragraphs[:2]]
    assert heads == ["卡帕斯60 MWp光伏电站EPC总承包合同", "EPC Contract for the Capas 60 MWp Solar PV Power Plant"]
    pairs = [[c.text for c in row.cells] for t in document.tables for row in t.rows if len(row.cells) == 2]
    recital = next(pair for pair in pairs if pair[0].startswith("发包人拟实施"))
    assert recital[0].startswith("发包人拟实施卡帕斯60 MWp光伏电站及69 kV送出工程（以下简称“本项目”）")
    assert recital[1].startswith(
        "The Employer intends to carry out Capas 60 MWp Solar PV Power Plant and 69 kV Interconnection ("
    )
    taking_over = next(pair for pair in pairs if pair[0].startswith("4.1"))
    assert taking_over[0].startswith("4.1\t工程接收：竣工试验合格")
    assert taking_over[1].startswith("4.1\tTaking-over of the Works: Tests on Completion passed")
    texts = [pair for pair in pairs if re.match(r"\d+\.\d+\t", pair[0]) or pair is recital]  # not the parties
    assert len(texts) > 20
    for zh, en in texts:
        assert " / " not in zh, zh
        assert not re.search("[\u4e00-\u9fff]", en), en
    schedule = docx_text(out)
    assert "Advance payment / 预付款" in schedule  # the shared schedule table, as written


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_hostile_names_stay_literal(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    text = (SAMPLE / "project.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 上海浦江置业有限公司", f"name: '{HOSTILE}'")
    text = text.replace("title: 第一期进度款", "title: '进度 <款> & {{ x }}'")
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    out = draft(runner, tmp_path, tmp_path / "c.docx", "--lang", lang)
    assert HOSTILE in out
    assert "进度 <款> & {{ x }}" in out
    assert "49" not in out.replace("2026-049", "")


def test_invalid_project_is_refused_and_nothing_written(runner: CliRunner, tmp_path: Path) -> None:
    text = (SAMPLE / "project.yaml").read_text(encoding="utf-8").replace("share: 40%", "share: 45%")
    (tmp_path / "project.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["draft", str(tmp_path), "-o", str(tmp_path / "c.docx")])
    assert result.exit_code == 1
    assert "SCH004" in result.output and "nothing was written" in result.output
    assert not (tmp_path / "c.docx").exists()


def test_existing_output_needs_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "c.docx"
    out.write_bytes(b"mine")
    result = runner.invoke(main, ["draft", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 2 and "already exists" in result.output
    assert out.read_bytes() == b"mine"
    assert runner.invoke(main, ["draft", str(SAMPLE), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_output_must_be_docx_and_folder_must_exist(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["draft", str(SAMPLE), "-o", str(tmp_path / "c.pdf")]).exit_code == 2
    result = runner.invoke(main, ["draft", str(SAMPLE), "-o", str(tmp_path / "no" / "c.docx")])
    assert result.exit_code == 2 and "no such folder" in result.output


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_same_inputs_give_byte_identical_documents(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    draft(runner, SAMPLE, first / "c.docx", "--lang", lang)
    here = Path.cwd()
    try:
        os.chdir(second)
        draft(runner, SAMPLE.resolve(), Path("c.docx"), "--lang", lang)
    finally:
        os.chdir(here)
    digest = [hashlib.sha256((d / "c.docx").read_bytes()).hexdigest() for d in (first, second)]
    assert digest[0] == digest[1]


def test_exported_templates_are_used_and_linted(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    result = runner.invoke(main, ["templates", "export", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "contract.zh.docx").is_file()
    assert runner.invoke(main, ["templates", "export", str(folder)]).exit_code == 2
    text = draft(runner, SAMPLE, tmp_path / "c.docx", "--templates", str(folder))
    assert "第5条" in text
    # a customised template that asks for a name the contract context lacks is refused, naming it
    from docx import Document

    doc = Document(str(folder / "contract.zh.docx"))
    doc.add_paragraph("{{ letterhead.logo }}")
    doc.save(str(folder / "contract.zh.docx"))
    result = runner.invoke(main, ["draft", str(SAMPLE), "-o", str(tmp_path / "d.docx"), "--templates", str(folder)])
    assert result.exit_code == 2
    assert "letterhead" in result.output and not (tmp_path / "d.docx").exists()


def test_pdf_without_libreoffice_says_how_to_install(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(main, ["draft", str(SAMPLE), "-o", str(tmp_path / "c.docx"), "--pdf"])
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "c.docx").exists()


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (CI installs it and never skips this)",
)


@needs_soffice
@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_every_template_converts_to_pdf_with_the_text(runner: CliRunner, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "c.docx"
    result = runner.invoke(main, ["draft", str(SAMPLE), "-o", str(out), "--lang", lang, "--pdf"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(str(tmp_path / "c.pdf"))
    assert len(reader.pages) >= 5
    text = "".join(page.extract_text() for page in reader.pages)
    squashed = "".join(text.split())
    assert "上海浦江置业有限公司" in squashed
    assert "2,400,000.00" in squashed
    if lang != "en":
        assert "贰佰肆拾万元整" in squashed


def test_templates_in_repository_match_their_build_script(tmp_path: Path) -> None:
    """The committed .docx templates are what templates/build_templates.py produces."""
    import subprocess
    import sys

    work = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", work)
    for path in work.glob("*.docx"):
        path.unlink()
    subprocess.run([sys.executable, str(work / "build_templates.py")], check=True, capture_output=True, cwd=work)
    for path in sorted((ROOT / "templates").glob("*.docx")):
        assert (work / path.name).read_bytes() == path.read_bytes(), f"{path.name} is stale: run the build script"


def test_node_amounts_add_to_price_in_document(sample) -> None:  # type: ignore[no-untyped-def]
    project, schedule = sample
    assert sum((n.base for n in schedule.nodes), Decimal(0)) == project.contract.price


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_clause_4_of_a_project_without_acceptance_criteria_says_so(
    runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    """A measured project with no ``acceptance:`` had a bare 第4条 heading, and 1.4 defined acceptance by the
    criteria and periods of that empty clause; both now say there are none, and point at the measurement."""
    text = draft(runner, SAMPLES / "warehouse-cn" / "project.yaml", tmp_path / "c.docx", "--lang", lang)
    assert "按本合同第4条约定的标准和期限" not in text and "against the criteria and within the periods" not in text
    if lang != "en":
        assert "4.1本合同未就各付款节点所涉工作另行约定验收标准和验收期限" in text.replace("\t", "")
        assert "以按第6条计量并经确认的结果为准" in text
        assert "除法律规定的验收外，本合同未另行约定验收标准和验收期限（见第4条）" in text
        assert "付款条件涉及竣工验收的，按照法律、行政法规及国家和行业有关施工验收规范、质量检验标准进行" in text
    if lang != "zh":
        assert (
            "4.1This Contract sets no further acceptance criteria or acceptance periods for the work of the Payment"
            in text.replace("\t", "").replace("  ", "")
        )
        assert "measured and confirmed under Clause 6." in text


def test_clause_4_of_a_project_with_acceptance_criteria_lists_them_only(runner: CliRunner, tmp_path: Path) -> None:
    text = draft(runner, SAMPLES / "fitout-cn" / "project.yaml", tmp_path / "c.docx", "--lang", "zh")
    assert "按本合同第4条约定的标准和期限" in text
    assert "另行约定验收标准和验收期限" not in text


@pytest.mark.parametrize(
    ("form", "zh", "en"),
    [
        (
            "gf-2017-0201",
            "《建设工程施工合同（示范文本）》（GF—2017—0201）的通用合同条款构成本合同的组成部分；本合同各条构成专用合同条款",
            "The General Conditions of the Model Construction Contract (GF-2017-0201) form part of this Contract.",
        ),
        (
            "fidic-red-1999",
            "国际咨询工程师联合会（FIDIC）《施工合同条件》（1999年第1版）的通用条件构成本合同的组成部分；本合同各条构成专用条件",
            "Works Designed by the Employer (First Edition, 1999) form part of this Contract. The clauses of "
            "this Contract are its Particular Conditions",
        ),
        (
            "fidic-red-2017",
            "《施工合同条件》（2017年第2版）的通用条件",
            "(Second Edition, 2017) form part of this Contract",
        ),
    ],
)
@pytest.mark.parametrize("sample", ["fitout-cn", "warehouse-cn"])
def test_a_contract_on_standard_conditions_says_it_incorporates_them(
    runner: CliRunner, tmp_path: Path, form: str, zh: str, en: str, sample: str
) -> None:
    """The engine applies GF-2017 12.4.4 or FIDIC 14.6 periods where contract.form names the conditions; the
    drafted contract now says it incorporates them and that its own clauses prevail (the last sub-clause of
    Clause 2: 2.4, or 2.5 after a measured contract's 2.4)."""
    folder = tmp_path / "p"
    shutil.copytree(SAMPLES / sample, folder)
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    (folder / "project.yaml").write_text(text.replace("\ncontract:\n", f"\ncontract:\n  form: {form}\n", 1), "utf-8")
    number = "2.5" if sample == "warehouse-cn" else "2.4"
    for lang in ("zh", "en", "bilingual"):
        flat = draft(runner, folder, tmp_path / f"{lang}.docx", "--lang", lang).replace("\t", "")
        if lang != "en":
            assert zh in flat and any(f"{number}{start}" in flat for start in ("《建设工程施工合同", "国际咨询工程师"))
            assert "本合同中所称“第×条”均指本合同各条" in flat
            role = "监理人" if form.startswith("gf") else "工程师"
            assert f"本合同未委托{role}的，" in flat and f"中由{role}履行的审核、确认和签发职责由发包人履行" in flat
            assert "与通用" in flat and "不一致的，以本合同各条为准" in flat
        if lang != "zh":
            assert en in flat and "prevail where they differ from the General Conditions" in flat
            assert "References to Clauses are to the clauses of this Contract" in flat
            role = "Supervisor" if form.startswith("gf") else "Engineer"
            assert f"Where no {role} is appointed under this Contract, the Employer performs the review" in flat


def test_a_contract_on_its_own_clauses_names_no_standard_conditions(runner: CliRunner, tmp_path: Path) -> None:
    flat = draft(runner, SAMPLE / "project.yaml", tmp_path / "c.docx", "--lang", "bilingual")
    assert "通用合同条款" not in flat and "通用条件" not in flat and "General Conditions" not in flat
