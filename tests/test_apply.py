"""Payment application packs: documents read back, the bundle, the manifest, refusals and bad evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from contractkit.account.account import with_application
from contractkit.account.statement import payment_statement
from contractkit.cli import main
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text, pdf_text

AS_OF = "2026-05-12"


def make_pdf(path: Path, pages: int = 1, text: str = "record") -> None:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for i in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(0, 10, f"{text} {i + 1}")
    path.write_bytes(bytes(pdf.output()))


def make_photo(path: Path, orientation: int | None = None) -> None:
    image = Image.new("RGB", (320, 200), (180, 140, 90))
    exif = image.getexif()
    if orientation:
        exif[0x0112] = orientation
    image.save(path, exif=exif)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fit-out sample with its P2 evidence files made here: 2 + 1 pages of PDF and one photo."""
    folder = tmp_path / "fitout"
    folder.mkdir()
    shutil.copy(SAMPLES / "fitout-cn" / "project.yaml", folder / "project.yaml")
    (folder / "evidence").mkdir()
    make_pdf(folder / "evidence" / "p2-acceptance.pdf", pages=2, text="acceptance")
    make_pdf(folder / "evidence" / "p2-quantities.pdf", pages=1, text="quantities")
    make_photo(folder / "evidence" / "p2-site-photo.jpg", orientation=6)
    return folder


def run_apply(runner: CliRunner, project: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    pdf = [] if "--pdf" in args else ["--no-pdf"]  # LibreOffice is slow; one test below covers the PDFs
    return runner.invoke(main, ["apply", str(project), "--node", "P2", "-o", str(out), "--as-of", AS_OF, *pdf, *args])


def test_pack_documents_state_the_amount_words_due_date_and_bank(
    runner: CliRunner, project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack"
    result = run_apply(runner, project, out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    letter = docx_text(out / "application-letter.docx")
    assert "付款申请函" in letter and "上海浦江置业有限公司" in letter
    assert "人民币720,000.00元（大写：人民币柒拾贰万元整）" in letter
    assert "第5条" in letter  # payment.milestone-schedule is the first picked clause
    # acceptance requested 8 May: the 7-day review period ends 15 May; if it passes in silence the work is
    # deemed accepted then, and payment falls due 14 days later, on 29 May at the latest
    assert "已于2026年5月8日提请验收，验收期限于2026年5月15日届满" in letter
    assert "最迟于2026年5月29日" in letter
    assert "该付款条件已经成就" not in letter  # acceptance is still pending on 12 May
    progress = docx_text(out / "progress-summary.docx")
    assert "验收中" in progress and "未到付款条件" not in progress
    assert "0121 0000 0000 8888" in letter and "招商银行上海张江支行" in letter
    assert "证明材料汇编（evidence-bundle.pdf）" in letter
    assert "保密" in letter  # the contract has a confidentiality clause: every header says so
    for name in ("payment-statement", "progress-summary", "evidence-index"):
        assert "保密" in docx_text(out / f"{name}.docx")
    statement = docx_text(out / "payment-statement.docx")
    assert "720,000.00" in statement and "2,436,000.00" in statement
    index = docx_text(out / "evidence-index.docx")
    assert "隐蔽工程验收记录" in index and "E3" in index and "E5" in index and "第2-3页" in index


def test_english_pack(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--lang", "en").exit_code == 0
    letter = docx_text(out / "application-letter.docx")
    assert "CNY 720,000.00 (Seven Hundred Twenty Thousand Yuan Only)" in letter
    assert "Clause 5" in letter and "29 May 2026 at the latest" in letter
    assert "CONFIDENTIAL" in letter


def test_bundle_has_index_bookmarks_stamps_and_upright_photo(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--lang", "en").exit_code == 0
    reader = PdfReader(str(out / "evidence-bundle.pdf"))
    assert len(reader.pages) == 1 + 2 + 1 + 1  # index, E3 (2 pages), E5 photo, E4
    titles = [item.title for item in reader.outline]
    assert (
        titles[0] == "Index" and any(t.startswith("E3 ") for t in titles) and any(t.startswith("E5 ") for t in titles)
    )
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"page{number}of{total}" in pdf_text(page)
    assert "P2·E3·page2of5" in pdf_text(reader.pages[1])
    assert "P2·index·page1of5" in pdf_text(reader.pages[0])
    # the photo's EXIF orientation 6 means it is taken on its side: its page is portrait (taller than wide)
    photo_page = next(p for p in reader.pages if "E5" in pdf_text(p))
    assert float(photo_page.mediabox.height) > float(photo_page.mediabox.width)
    index_text = pdf_text(reader.pages[0])
    assert "E3" in index_text and "2-3" in index_text


def test_rotated_pages_are_stamped_upright(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(str(project / "evidence" / "p2-quantities.pdf")))
    writer.pages[0].rotate(90)
    with open(project / "evidence" / "p2-quantities.pdf", "wb") as handle:
        writer.write(handle)
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--lang", "en").exit_code == 0
    reader = PdfReader(str(out / "evidence-bundle.pdf"))
    page = reader.pages[-1]
    assert page.rotation == 0  # the rotation was moved into the content, so the stamp sits upright
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert "E4" in pdf_text(page)


def test_manifest_hashes_match_the_files(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--zip").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF and manifest["node"] == "P2" and manifest["amount"] == "720000.00"
    for entry in manifest["outputs"]:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    for entry in manifest["inputs"]:
        data = (project / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert {e["role"] for e in manifest["inputs"]} >= {"project file", "evidence E3", "evidence E4", "evidence E5"}
    with zipfile.ZipFile(out / "application-pack.zip") as archive:
        names = set(archive.namelist())
        assert "manifest.json" in names and "evidence-bundle.pdf" in names
        assert archive.read("manifest.json") == (out / "manifest.json").read_bytes()


def test_statement_arithmetic_holds(project: Path) -> None:
    loaded = load_project(project)
    for node in ("P1", "P2", "P3", "P4", "P5"):
        statement = payment_statement(with_application(loaded, node, dt.date(2026, 11, 29)), node)
        failed = [name for name, ok in statement.checks() if not ok]
        assert not failed, (node, failed)
    st = payment_statement(with_application(loaded, "P3", dt.date(2026, 11, 29)), "P3")
    assert st.contract_sum_to_date == Decimal("2436000.00")  # price + variation V1 carried by P3
    # P2 applied before, P3 now: the work completed (line 4); P1 is the advance (line 7), not work done
    assert st.completed_to_date == Decimal("1716000.00")
    assert st.advance_to_date == Decimal("240000.00") and st.due_to_date == Decimal("1956000.00")
    assert st.current_due == Decimal("996000.00")
    assert st.balance_to_finish == Decimal("480000.00")


def test_withheld_retention_is_released_by_the_retention_node(tmp_path: Path) -> None:
    from tests.projects import base, write_project

    data = base()
    data["payment_schedule"].append(
        {
            "id": "P4",
            "title": "质保金返还",
            "kind": "retention",
            "milestone": "缺陷责任期满",
            "evidence": ["缺陷责任期终止证书"],
            "due": {"after": "application", "days": "14"},
        }
    )
    data["events"] = [{"on": "2026-05-12", "node": n, "type": "applied"} for n in ("P1", "P2", "P3")]
    loaded = load_project(write_project(tmp_path, data))
    p2 = payment_statement(with_application(loaded, "P2", dt.date(2026, 5, 12)), "P2")
    assert all(ok for _, ok in p2.checks())
    st = payment_statement(with_application(loaded, "P4", dt.date(2026, 12, 1)), "P4")
    assert all(ok for _, ok in st.checks())
    assert st.retention == 0 and st.current_due == Decimal("27000.00")  # 3% of P2 600,000 + P3 300,000


def test_missing_evidence_is_refused_unless_allowed(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    text = (project / "project.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: E4, node: P2, title: 监理确认的工程量清单, file: evidence/p2-quantities.pdf, date: 2026-05-08}\n", ""
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "pack"
    result = run_apply(runner, project, out)
    assert result.exit_code == 1 and "监理确认的工程量清单" in result.output
    assert not out.exists()
    result = run_apply(runner, project, out, "--allow-missing", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "to follow" in docx_text(out / "evidence-index.docx")
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["to_follow"] == ["监理确认的工程量清单"]


def test_node_paid_in_full_is_refused(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["apply", str(project), "--node", "P1", "-o", str(tmp_path / "o"), "--as-of", "2026-11-29"]
    )
    assert result.exit_code == 1 and "already paid in full" in result.output


def test_unknown_node_is_a_usage_error(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["apply", str(project), "--node", "P9", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "P1, P2, P3, P4, P5" in result.output


def test_existing_output_folder_needs_force(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_apply(runner, project, out)
    assert result.exit_code == 2 and "not empty" in result.output
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert run_apply(runner, project, out, "--force").exit_code == 0
    # --force replaces the files the pack writes; anything else in the folder is the user's and stays
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine" and (out / "manifest.json").exists()


def _encrypted(path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(str(path)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as handle:
        writer.write(handle)


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


CORRUPT = {
    "empty": (lambda p: p.write_bytes(b""), "the file is empty"),
    "truncated pdf": (_truncate, "damaged"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 8), "neither a PDF nor"),
    "html named .pdf": (lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>404</body></html>"), "HTML page"),
    "user-password pdf": (_encrypted, "password-protected"),
    "missing file": (lambda p: p.unlink(), "file not found"),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_evidence_is_named_with_its_reason(runner: CliRunner, project: Path, tmp_path: Path, case: str) -> None:
    damage, reason = CORRUPT[case]
    damage(project / "evidence" / "p2-acceptance.pdf")
    out = tmp_path / "pack"
    result = run_apply(runner, project, out)
    assert result.exit_code == 2, result.output
    assert "evidence/p2-acceptance.pdf (evidence E3)" in result.output and reason in result.output
    assert "Traceback" not in result.output and not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pack")]  # no staging folder left behind


def test_truncated_jpeg_is_refused(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    _truncate(project / "evidence" / "p2-site-photo.jpg")
    result = run_apply(runner, project, tmp_path / "pack")
    assert result.exit_code == 2 and "p2-site-photo.jpg" in result.output and "truncated" in result.output


def test_decompression_bomb_is_refused(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    Image.new("1", (12000, 12000)).save(project / "evidence" / "p2-site-photo.jpg".replace(".jpg", ".png"))
    text = (project / "project.yaml").read_text(encoding="utf-8").replace("p2-site-photo.jpg", "p2-site-photo.png")
    (project / "project.yaml").write_text(text, encoding="utf-8")
    result = run_apply(runner, project, tmp_path / "pack")
    assert result.exit_code == 2 and "decompression bomb" in result.output


def test_evidence_path_may_not_leave_the_project(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes((project / "evidence" / "p2-quantities.pdf").read_bytes())
    text = (project / "project.yaml").read_text(encoding="utf-8").replace("evidence/p2-quantities.pdf", "../secret.pdf")
    (project / "project.yaml").write_text(text, encoding="utf-8")
    result = run_apply(runner, project, tmp_path / "pack")
    # a validation error (FIL001), located in the project file: refused before anything is read or written
    assert result.exit_code == 1 and "FIL001" in result.output and "leaves the project folder" in result.output
    assert not (tmp_path / "pack").exists()


def test_pack_is_deterministic(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_apply(runner, project, first, "--zip").exit_code == 0
    assert run_apply(runner, project, second, "--zip").exit_code == 0
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_png_with_transparency_and_tiff_become_pages(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    Image.new("RGBA", (100, 80), (0, 0, 255, 100)).save(project / "evidence" / "alpha.png")
    Image.new("RGB", (90, 60), (0, 120, 0)).save(project / "evidence" / "scan.tiff")
    text = (
        (project / "project.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "evidence:\n  - {id: E1",
            "evidence:\n  - {id: E6, node: P2, title: 监理确认的工程量清单, file: evidence/alpha.png}\n"
            "  - {id: E7, node: P2, title: 监理确认的工程量清单, file: evidence/scan.tiff}\n  - {id: E1",
        )
    )
    (project / "project.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "pack"
    result = run_apply(runner, project, out)
    assert result.exit_code == 0, result.output
    titles = [item.title for item in PdfReader(str(out / "evidence-bundle.pdf")).outline]
    assert any(t.startswith("E6") for t in titles) and any(t.startswith("E7") for t in titles)


def test_pdfs_of_the_documents_when_libreoffice_is_installed(runner: CliRunner, project: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    out = tmp_path / "pack"
    assert run_apply(runner, project, out, "--pdf").exit_code == 0
    for name in ("application-letter", "payment-statement", "progress-summary", "evidence-index"):
        text = "".join(pdf_text(p) for p in PdfReader(str(out / f"{name}.pdf")).pages)
        assert "HT-2026-017" in text, name
    text = "".join(pdf_text(p) for p in PdfReader(str(out / "application-letter.pdf")).pages)
    assert "720,000.00" in text and "柒拾贰万元整" in text
    again = tmp_path / "again"
    assert run_apply(runner, project, again, "--pdf").exit_code == 0
    assert (again / "application-letter.pdf").read_bytes() == (out / "application-letter.pdf").read_bytes()


def test_a_node_the_project_does_not_have_is_said_before_the_output_folder(tmp_path: Path) -> None:
    """A mistyped node is the mistake to report, whatever is wrong with where the pack would go."""
    out = tmp_path / "no-such-folder" / "pack"
    args = ["apply", str(SAMPLES / "fitout-cn"), "--node", "P9", "-o", str(out), "--as-of", "2026-11-29"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "there is no payment node 'P9'" in result.output and "nodes: P1, P2, P3, P4, P5" in result.output
    assert "no such folder" not in result.output
    assert not (tmp_path / "no-such-folder").exists()
