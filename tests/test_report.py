"""Client progress reports: read back for the figures, the chart embedded and beside the report, determinism,
the points for attention, hostile names and refusals."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from contractkit.documents.report import DateBasis, report_facts
from contractkit.errors import OutputError, UsageError
from contractkit.model.project import load_project
from contractkit.render.report import write_report
from tests.conftest import SAMPLES
from tests.docs import docx_text

AS_OF = dt.date(2026, 11, 29)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def fitout(tmp_path: Path) -> Path:
    """The fit-out sample's project file in a folder of its own (the report reads the register, not the files)."""
    folder = tmp_path / "fitout"
    folder.mkdir()
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    return folder


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def report(
    folder: Path,
    out: Path,
    *,
    as_of: dt.date = AS_OF,
    since: dt.date | None = None,
    lang: str = "zh",
    force: bool = False,
) -> str:
    written = write_report(load_project(folder), out, as_of=as_of, since=since, lang=lang, force=force)
    assert written == [out, out.with_suffix(".png")]
    return docx_text(out)


def embedded_images(path: Path) -> list[bytes]:
    document = Document(str(path))
    assert len(document.inline_shapes) == 1
    return [part.blob for part in document.part.related_parts.values() if part.content_type == "image/png"]


def test_zh_report_states_progress_outlook_and_attention(fitout: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    text = report(fitout, out, as_of=dt.date(2026, 5, 16), since=dt.date(2026, 4, 15))
    assert "项目进度及付款计划报告" in text and "上海浦江置业有限公司" in text and "保密" in text
    assert "2026年4月16日至2026年5月16日" in text  # the period runs from the day after --since
    # progress: the application, the acceptance and the variation of the period
    assert "吊顶及墙面基层完成并经隐蔽工程验收" in text and "2026年5月12日" in text and "720,000.00" in text
    assert "已于2026年5月15日验收合格" in text
    assert "增加会议室隔音墙" in text and "36,000.00" in text and "2026年5月2日" in text
    # outlook: every node, the contract sum, and the advance notice of P2 (accepted 15 May + 14 days)
    for node in ("P1 预付款", "P2 第一期进度款", "P3 第二期进度款", "P4 结算款", "P5 质量保证金返还"):
        assert node in text
    assert "人民币2,436,000.00元" in text and "人民币240,000.00元" in text and "人民币2,196,000.00元" in text
    assert "谨将未来90日内到期的款项预告如下" in text and "人民币720,000.00元" in text and "30日内" in text
    assert "2026年8月19日（计划）" in text  # P3: 1 March + 213 days x 1,956,000 / 2,436,000, rounded
    assert "没有已过付款期限的款项" in text
    # attention: the evidence the next node still needs; the notes state the estimate method
    assert "下一付款节点“P3 第二期进度款”申请付款尚需以下证明材料：竣工验收记录、室内空气质量检测报告" in text
    assert "计划开工日（2026年3月1日）加上计划工期（至2026年9月30日）乘以截至该节点的累计付款比例" in text
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_chart_is_embedded_and_written_beside_the_report(fitout: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    report(fitout, out)
    chart = out.with_suffix(".png")
    data = chart.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    assert b"Software" not in data and b"matplotlib" not in data.lower()  # no version stamp to change the bytes
    assert embedded_images(out) == [data]


def test_same_inputs_give_identical_report_and_chart(tmp_path: Path) -> None:
    loaded = load_project(SAMPLES / "epc-intl")
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        write_report(loaded, folder / "report.docx", as_of=AS_OF, lang="bilingual")
        outputs.append(((folder / "report.docx").read_bytes(), (folder / "report.png").read_bytes()))
    assert outputs[0] == outputs[1]


def test_overdue_is_stated_plainly_and_politely(fitout: Path, tmp_path: Path) -> None:
    text = report(fitout, tmp_path / "report.docx", lang="en")
    assert "31 October 2026 to 29 November 2026" in text  # default: the 30 days before the report date
    assert "P2 第一期进度款: due on 29 May 2026; CNY 520,000.00 remains unpaid (184 days overdue)." in text
    assert "We would be grateful if you could check these and arrange payment" in text
    lowered = text.lower()
    for firm in ("default", "legal action", "interest", "suspend"):  # the language of demand letters
        assert firm not in lowered
    assert "No application for payment was made in this period." in text


def test_pending_acceptance_gives_the_deemed_date(fitout: Path, tmp_path: Path) -> None:
    text = report(fitout, tmp_path / "report.docx", as_of=dt.date(2026, 5, 13), lang="en")
    # acceptance requested 8 May: deemed accepted at the end of the 7-day review period, 15 May
    assert "deemed accepted on 15 May 2026 unless you comment in writing" in text
    assert "29 May 2026 at the latest" in text  # then 14 days to pay
    assert "assumes deemed acceptance at the end of the review period" in text


def test_acceptance_overdue_without_deemed_acceptance_is_a_point_for_attention(fitout: Path, tmp_path: Path) -> None:
    edit(fitout, "review_days: 7\n    deemed_accepted: true", "review_days: 7\n    deemed_accepted: false")
    edit(fitout, "  - {on: 2026-05-15, node: P2, type: accepted, ref: 隐蔽工程验收记录 AC-BASE-01}\n", "")
    text = report(fitout, tmp_path / "report.docx", as_of=dt.date(2026, 5, 25))
    assert "审核期限已于2026年5月15日届满，尚未收到验收结论" in text
    assert "待验收（审核期限至2026年5月15日）" in text


def test_limitation_within_six_months_is_a_point_for_attention(fitout: Path, tmp_path: Path) -> None:
    text = report(fitout, tmp_path / "far.docx", as_of=dt.date(2028, 12, 1))
    assert "诉讼时效" not in text
    text = report(fitout, tmp_path / "near.docx", as_of=dt.date(2029, 2, 1))
    # three years from the reminder emailed on 1 July 2026 (delivered that day under the notices clause); 1 July
    # 2029 is a Sunday beyond the holiday data, so the earliest day it may end is the one stated
    assert "P2 第一期进度款：按现有记录，该笔款项的诉讼时效期间将于2029年7月1日届满" in text


def test_cash_curve_figures(fitout: Path) -> None:
    facts = report_facts(load_project(fitout), AS_OF, None)
    curve = facts.curve
    assert curve.planned[-1][1] == Decimal("2436000.00")
    assert curve.applied == ((dt.date(2026, 2, 26), Decimal("240000.00")), (dt.date(2026, 5, 12), Decimal("960000.00")))
    assert curve.received == ((dt.date(2026, 3, 3), Decimal("240000.00")), (dt.date(2026, 6, 20), Decimal("440000.00")))
    bases = {x.node.id: (x.on, x.basis) for x in facts.expected}
    assert bases["P2"] == (dt.date(2026, 5, 29), DateBasis.DUE)
    assert bases["P3"] == (dt.date(2026, 8, 19), DateBasis.ESTIMATE)
    # the final account never before the planned completion, the retention release never before the
    # 24-month defects period after it has ended (the corresponding day of the last month, Civil Code art. 202)
    assert bases["P4"][0] >= dt.date(2026, 9, 30)
    assert bases["P5"] == (dt.date(2028, 9, 30), DateBasis.ESTIMATE)


def test_invoice_counts_as_the_request_where_no_application_is_recorded(tmp_path: Path) -> None:
    facts = report_facts(load_project(SAMPLES / "software-uk"), AS_OF, None)
    assert facts.curve.applied[0] == (dt.date(2026, 3, 2), Decimal("54000.00"))  # P1, invoiced on signing
    assert facts.curve.applied[-1][1] == Decimal("252000.00")
    assert facts.next_node is not None and facts.next_node.id == "P4"


@pytest.mark.parametrize("sample", ["fitout-cn", "software-uk", "epc-intl"])
@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_every_sample_in_every_language(sample: str, lang: str, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    written = write_report(load_project(SAMPLES / sample), out, as_of=AS_OF, lang=lang)
    text = docx_text(out)
    assert "None" not in text and "{{" not in text and "{%" not in text
    assert embedded_images(out) == [written[1].read_bytes()]
    if lang != "en":
        assert "资金曲线" in text and "需关注的事项" in text
    if lang != "zh":
        assert "Cash curve" in text and "Points for attention" in text


def test_hostile_client_name_stays_literal(fitout: Path, tmp_path: Path) -> None:
    hostile = "A & B <Ltd> {{ 7*7 }} {%p if x %}"
    edit(fitout, "name: 上海浦江置业有限公司", f"name: '{hostile}'")
    for lang in ("zh", "en", "bilingual"):
        assert hostile in report(fitout, tmp_path / f"{lang}.docx", lang=lang)


def test_existing_outputs_are_refused_without_force(fitout: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError, match="already exists"):
        report(fitout, out)
    assert out.read_bytes() == b"keep" and not out.with_suffix(".png").exists()
    out.unlink()
    out.with_suffix(".png").write_bytes(b"keep")
    with pytest.raises(OutputError, match=r"report\.png: already exists"):
        report(fitout, out)
    assert not out.exists()
    report(fitout, out, force=True)
    assert out.with_suffix(".png").read_bytes().startswith(PNG)


def test_refuses_a_bad_output_name_or_period(fitout: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"must be a \.docx"):
        report(fitout, tmp_path / "report.pdf")
    with pytest.raises(UsageError, match="--since"):
        report(fitout, tmp_path / "report.docx", since=AS_OF)
    assert list(tmp_path.glob("report.*")) == []


def test_without_a_planned_finish_undated_nodes_are_left_out_of_the_plan(fitout: Path, tmp_path: Path) -> None:
    edit(fitout, "  finish: 2026-09-30\n", "")
    text = report(fitout, tmp_path / "report.docx", lang="en")
    assert "not yet fixed" in text and "gives no planned finish" in text and "(planned)" not in text
    facts = report_facts(load_project(fitout), AS_OF, None)
    assert facts.curve.planned[-1][1] == Decimal("960000.00")  # P1 and P2 have due dates; P3-P5 none yet
