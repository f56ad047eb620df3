"""Demand letters: each stage in each language read back; refusals; recording in the ledger; portfolios."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.cli.main import DELIVERY_CHOICES, STAGE_CHOICES
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

AS_OF = "2026-11-29"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "fitout"
    folder.mkdir()
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    return folder


def demand(runner: CliRunner, project: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, ["demand", str(project), "--node", "P2", "-o", str(out), "--as-of", AS_OF, *args])


def test_option_choices_match_the_models() -> None:
    assert tuple(s.value for s in DemandStage) == STAGE_CHOICES
    assert tuple(m.value for m in DeliveryMethod) == DELIVERY_CHOICES


def test_default_stage_is_the_next_on_the_ladder(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    # the ledger records a reminder already, so a formal notice is next
    out = tmp_path / "notice.docx"
    result = demand(runner, project, out)
    assert result.exit_code == 0, result.output
    assert "(notice)" in result.output
    text = docx_text(out)
    assert "催款通知书" in text
    assert "上海浦江置业有限公司" in text
    assert "人民币520,000.00元" in text and "人民币伍拾贰万元整" in text
    assert "人民币50,040.00元" in text  # interest equal to `status --explain` for the same date
    assert "人民币260.00元" in text  # interest per further day: 520,000 x 0.05%
    # deadline: 10 days from delivery; sent 29 Nov by a method not yet known, the letter is deemed delivered by
    # 2 December at the latest (general.notices: 3 days by courier); 12 December is a Saturday, so 14 December
    assert "2026年12月14日（含当日）前" in text
    assert "第5条" in text and "第9条" in text and "第10条" in text  # payment, late-payment, suspension clauses
    assert "0121 0000 0000 8888" not in text or "招商银行" in text
    assert "None" not in text and "{{" not in text


def test_letter_figures_equal_status(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    status = json.loads(runner.invoke(main, ["status", str(project), "--as-of", AS_OF, "--json"]).output)
    p2 = next(n for n in status["nodes"] if n["node"] == "P2")
    out = tmp_path / "n.docx"
    assert demand(runner, project, out, "--lang", "en").exit_code == 0
    text = docx_text(out)
    assert f"CNY {float(p2['accrued_interest']):,.2f}" in text
    assert f"CNY {float(p2['outstanding']):,.2f}" in text


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
@pytest.mark.parametrize("stage", ["reminder", "notice", "suspension", "final", "acknowledgment"])
def test_every_stage_in_every_language(runner: CliRunner, project: Path, tmp_path: Path, stage: str, lang: str) -> None:
    out = tmp_path / f"{stage}.docx"
    if stage == "acknowledgment":
        # 30 days to return it end on 1 January 2027, a holiday beyond the published data: the project supplies
        # the year (tests/test_calendar_gap.py shows the refusal without it)
        with (project / "project.yaml").open("a", encoding="utf-8") as f:
            f.write("\ncalendar: {holidays: [2027-01-01], through: 2027-12-31}\n")
    result = demand(runner, project, out, "--stage", stage, "--lang", lang)
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "上海浦江置业有限公司" in text and "HT-2026-017" in text
    assert "None" not in text and "{{" not in text and "{%" not in text
    if lang != "en":
        assert "520,000.00" in text
    if stage == "final":
        summary = docx_text(tmp_path / f"{stage}-case-summary.docx")
        assert "2026" in summary and "P2" in summary
        if lang != "en":
            assert "第八百零七条" in text  # CN construction: the priority right over the works
            assert "上海国际经济贸易仲裁委员会" in text
    if stage == "suspension":
        # 7 days' notice from delivery: deemed delivered by 2 December at the latest, the notice period ends on
        # 9 December, and the work stops from 10 December, never a day early
        assert ("2026年12月10日" in text) or ("10 December 2026" in text)
        assert ("2026年12月9日" in text) or ("9 December 2026" in text)
    if stage == "acknowledgment":
        # SME Payment Regulations art. 16 concerns receivables financing only: an acknowledgment request does not
        # rest on it; it rests on Civil Code art. 195 (an acknowledgment interrupts limitation)
        assert "第十六条" not in text and "Article 16 of the Regulations" not in text
        assert ("2027年1月4日" in text or "4 January 2027" in text) and "2027年1月1日" not in text
    if stage in ("notice", "final") and lang != "en":
        # an SME paid by a large client: the Regulations' terms and interest, and the complaint channel
        assert "第九条、第十七条" in text and "第二十四条" in text
    if stage == "suspension" and lang != "en":
        # the contract's suspension clause with arts. 526 and 803, never arts. 527-528
        assert "第五百二十六条" in text and "第八百零三条" in text and "第五百二十七条" not in text
    if stage == "final" and lang != "en":
        assert "装饰装修工程" in text  # the fit-out's priority: over the fit-out's own value (SPC (I) art. 37)


def test_skipping_a_stage_warns_but_writes(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = demand(runner, project, tmp_path / "f.docx", "--stage", "final")
    assert result.exit_code == 0
    assert "skips the notice" in result.output
    assert (tmp_path / "f.docx").exists() and (tmp_path / "f-case-summary.docx").exists()


def test_node_not_overdue_is_refused_with_when_it_falls_due(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["demand", str(project), "--node", "P2", "-o", str(tmp_path / "x.docx"), "--as-of", "2026-05-20"]
    )
    assert result.exit_code == 1 and "falls due on 2026-05-29" in result.output
    result = runner.invoke(
        main, ["demand", str(project), "--node", "P3", "-o", str(tmp_path / "x.docx"), "--as-of", AS_OF]
    )
    assert result.exit_code == 1 and "not yet payable" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_suspension_needs_a_suspension_clause(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace("  - use: suspension.non-payment\n    with: {notice_days: 7}\n", "")
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    result = demand(runner, project, tmp_path / "s.docx", "--stage", "suspension")
    assert result.exit_code == 1 and "no suspension clause" in result.output


def test_missing_address_for_service_is_refused_naming_the_field(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace("    address: 上海市浦东新区世纪大道100号15楼\n", "")
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    result = demand(runner, project, tmp_path / "n.docx")
    assert result.exit_code == 1 and "parties.client.address" in result.output
    assert not (tmp_path / "n.docx").exists()


def test_record_appends_the_notice_and_keeps_comments(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    before = (project / "project.yaml").read_text(encoding="utf-8")
    result = demand(
        runner, project, tmp_path / "n.docx", "--record", "--sent-by", "sf-express", "--tracking", "SF1234567890"
    )
    assert result.exit_code == 0, result.output
    after = (project / "project.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n").split("escalation:")[0][:200])
    assert "# contractkit project file" in after and "# quoted, so the account number stays exactly as written" in after
    events = load_project(project).project.events
    assert (str(events[-1].stage), str(events[-1].via), events[-1].tracking) == ("notice", "sf-express", "SF1234567890")
    status = json.loads(runner.invoke(main, ["status", str(project), "--as-of", AS_OF, "--json"]).output)
    p2 = next(n for n in status["nodes"] if n["node"] == "P2")
    assert p2["next_step"]["stage"] == "final"
    assert runner.invoke(main, ["validate", str(project)]).exit_code == 0


def test_record_needs_sent_by(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = demand(runner, project, tmp_path / "n.docx", "--record")
    assert result.exit_code == 2 and "--sent-by" in result.output


def test_hostile_client_name_stays_literal(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    hostile = "A & B <Ltd> {{ 7*7 }}"
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace("name: 上海浦江置业有限公司", f"name: '{hostile}'")
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    for stage in ("reminder", "final"):
        out = tmp_path / f"{stage}.docx"
        assert demand(runner, project, out, "--stage", stage, "--lang", "en").exit_code == 0
        assert hostile in docx_text(out)


def test_node_all_covers_every_overdue_node(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "escalation:",
            '  - {on: 2026-09-01, node: P3, type: applied, amount: "996,000.00"}\n'
            "  - {on: 2026-09-05, node: P3, type: accepted}\n"
            '  - {on: 2026-09-08, node: P3, type: invoiced, amount: "996,000.00"}\n\nescalation:',
        )
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "all.docx"
    result = runner.invoke(
        main, ["demand", str(project), "--node", "all", "-o", str(out), "--as-of", AS_OF, "--stage", "notice"]
    )
    assert result.exit_code == 0, result.output
    letter = docx_text(out)
    assert "第一期进度款" in letter and "第二期进度款" in letter
    assert "人民币1,516,000.00元" in letter  # 520,000 + 996,000


def test_all_overdue_portfolio(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    for i in range(3):
        (folder / f"p{i}").mkdir(parents=True)
        text = (project / "project.yaml").read_text(encoding="utf-8").replace("code: FIT-2026-017", f"code: FIT-{i}")
        (folder / f"p{i}" / "project.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "letters"
    result = runner.invoke(main, ["demand", "--all-overdue", str(folder), "-o", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [f"FIT-{i}-notice-20261129.docx" for i in range(3)]
    assert "3 letters for 3 projects" in result.output
