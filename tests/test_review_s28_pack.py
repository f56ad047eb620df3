"""The payment application pack as the client's engineer reads it (review s28).

1. ``apply --force`` into the folder of an earlier valuation's pack leaves no measurement sheet of that valuation
   behind: the folder holds one pack.
2. A valuation's payment statement carries the sign-off boxes the milestone statement has: the contractor signs
   and seals it, the client states the amount certified.
3. A bilingual letter names the documents to follow as the evidence index does, in both languages; a bilingual
   statement says in English too that the advance's row is not work completed and what the recovery row is.
4. A Chinese evidence index lists the pages of several documents with the Chinese enumeration comma.
5. A letter asks for payment into the contractor's account: with no bank account in the project file, ``apply``
   refuses (exit 1) rather than write "Account number:" with nothing after it.
6. An English document's facts table opens its party lines with a capital ("The Client"), as a label does.
7. A bilingual evidence index heads the documents that meet no requirement in both languages, as the bundle does.
8. A pack encloses the documents on file on its date: one dated later (the engineer's certificate answering the
   application) is not in the bundle or the index, and the requirement it meets is to follow (without
   --allow-missing: it was to follow when the application was made). A requirement with nothing on file at all
   is still refused.
9. The letter cites the contract by its title (``contract.title``, or the title ``draft`` gives it), not as
   "《project name》合同".
10. A valuation's letter names its enclosures in the order of the list beneath it; a bilingual letter labels the
    SWIFT code once in each language.
11. Where the contract gives the client a period to review the application, running from it, the letter says the
    day it ends (the day by which the client is asked for any further document).
12. A measured contract's final-account statement says what carries a variation that names no node (the
    valuations measure it), rather than leaving the cell empty.
13. The final account's statement is not a progress application: its note refers to GF-2017-0201 sub-clause 14.1
    (竣工结算申请单), not 12.4.2 (进度付款申请单).
14. A bilingual letter that closes "Yours sincerely" opens "Dear ...", and dates itself in both languages.
15. A valuation statement sets the variations' amounts flush right, as the milestone statement does.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from contractkit.cli import main
from tests.docs import docx_text
from tests.projects import copy_sample


def _apply(runner: CliRunner, folder: Path, out: Path, node: str, day: str, *extra: str) -> str:
    args = ["apply", str(folder), "--node", node, "--as-of", day, "-o", str(out), "--allow-missing", "--no-pdf"]
    result = runner.invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    return result.output


# ------------------------------------------------------------------ 1. one pack in a folder


def test_force_into_a_valuation_pack_leaves_no_measurement_sheet(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "V05", "2026-07-27")
    assert (out / "measurement-sheet.docx").exists()
    _apply(runner, folder, out, "PR", "2026-12-01", "--force")
    assert not (out / "measurement-sheet.docx").exists()
    assert (out / "payment-statement.docx").exists()


# ------------------------------------------------------------------ 2. the valuation statement is signed


def test_a_valuation_statement_has_the_sign_off_boxes(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    for lang, marks in (
        ("zh", ("承包人（申请人）", "发包人审核意见", "审核金额：", "盖章：")),
        ("en", ("(applicant)", "Amount certified:", "Seal:")),
    ):
        out = tmp_path / lang
        _apply(runner, folder, out, "V05", "2026-07-27", "--lang", lang)
        text = docx_text(out / "payment-statement.docx")
        for mark in marks:
            assert mark in text, (lang, mark)


# ------------------------------------------------------------------ 3. the English half says what the Chinese does


def _rows(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in Document(str(path)).tables for row in table.rows]


def test_a_bilingual_letter_names_the_missing_documents_in_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("epc-intl", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "P4", "2026-12-01", "--lang", "bilingual")
    letter = docx_text(out / "application-letter.docx")
    index = [row[1] for row in _rows(out / "evidence-index.docx") if row[-1].startswith("后补")]
    assert index == ["Taking-Over Certificate / 接收证书", "Statement at Completion / 竣工报表"]
    for i, requirement in enumerate(index, start=1):
        assert f"{i}. {requirement}" in letter


def test_a_bilingual_statement_explains_the_advance_rows_in_english(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "PF", "2026-11-01", "--lang", "bilingual")
    rows = {row[1]: row for row in _rows(out / "payment-statement.docx") if len(row) == 9}
    assert any("不计入累计完成价值" in title and "(not work completed: line 7)" in title for title in rows)
    assert any(
        "扣回的预付款" in title and "Less: advance payment recovered from the payments (line 7)" in title
        for title in rows
    )


# ------------------------------------------------------------------ 4. Chinese punctuation in the index


def test_a_chinese_index_lists_pages_with_the_enumeration_comma(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "V05", "2026-07-27")
    pages = [row[3] for row in _rows(out / "evidence-index.docx") if row[0] == "2"]
    assert pages == ["第3页、第4页"]


# ------------------------------------------------------------------ 5. where to pay


def test_no_bank_account_no_application(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    start = text.index("    bank:\n")
    end = text.index("\n", text.index("account:", start)) + 1
    project.write_text(text[:start] + text[end:], encoding="utf-8")
    out = tmp_path / "pack"
    args = ["apply", str(folder), "--node", "P3", "--as-of", "2026-12-01", "-o", str(out), "--allow-missing"]
    result = runner.invoke(main, [*args, "--no-pdf"])
    assert result.exit_code == 1, result.output
    assert "parties.contractor.bank" in result.output
    assert not out.exists() or not any(out.iterdir())


# ------------------------------------------------------------------ 6. labels


def test_english_facts_tables_label_the_parties_with_a_capital(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("software-uk", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "P4", "2026-12-01")
    for name in ("application-letter", "payment-statement", "progress-summary", "evidence-index"):
        labels = [row[0] for row in _rows(out / f"{name}.docx") if len(row) == 2]
        if not labels:
            continue
        assert "The Client" in labels and "The Supplier" in labels, (name, labels)
        assert not any(label.startswith("the ") for label in labels), (name, labels)


def test_a_bilingual_index_heads_supporting_documents_in_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    anchor = "  - {id: E5, node: P2"
    extra = "  - {id: X1, node: P2, title: 施工日志, file: evidence/p2-quantities.pdf, date: 2026-05-09}\n"
    project.write_text(text.replace(anchor, extra + anchor), encoding="utf-8")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "P2", "2026-05-12", "--lang", "bilingual")
    (row,) = [row for row in _rows(out / "evidence-index.docx") if len(row) == 5 and row[2].startswith("X1 ")]
    assert row[1] == "其他证明材料 Supporting documents"


# ------------------------------------------------------------------ 8. nothing dated after the pack


def test_a_pack_encloses_no_document_dated_after_it(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("epc-intl", tmp_path / "p")  # E8, the certificate of 10 July, answers the 15 June statement
    out = tmp_path / "pack"
    # not a reason to refuse: the application of 15 June went with the certificate to follow
    args = ["apply", str(folder), "--node", "P3", "--as-of", "2026-06-15", "-o", str(out), "--no-pdf", "--lang", "en"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "E8 Interim Payment Certificate No. 2: dated 2026-07-10, after the pack's date 2026-06-15" in result.output
    outline = [item.title for item in PdfReader(str(out / "evidence-bundle.pdf")).outline]
    assert outline[0] == "Index" and not any(title.startswith("E8 ") for title in outline)
    (row,) = [row for row in _rows(out / "evidence-index.docx") if len(row) == 5 and row[1].startswith("Interim")]
    assert (row[2], row[4]) == ("", "to follow")
    assert "E8" not in docx_text(out / "evidence-index.docx")
    assert "Interim Payment Certificate No. 2" in docx_text(out / "application-letter.docx")


# ------------------------------------------------------------------ 9. the contract's title


def test_the_letter_cites_the_contract_by_its_title(runner: CliRunner, tmp_path: Path) -> None:
    epc = copy_sample("epc-intl", tmp_path / "epc")
    fitout = copy_sample("fitout-cn", tmp_path / "fitout")
    cases = (
        (epc, "P4", "zh", "签订的《卡帕斯60 MWp光伏电站EPC总承包合同》（合同编号：CLHP-EPC-2026-001"),
        (epc, "P4", "en", "dated 16 February 2026, “EPC Contract for the Capas 60 MWp Solar PV Power Plant”"),
        (fitout, "P3", "zh", "签订的《浦东某办公楼室内装修工程施工合同》（合同编号：HT-2026-017"),
    )
    for folder, node, lang, cited in cases:
        out = tmp_path / f"{folder.name}-{lang}"
        _apply(runner, folder, out, node, "2026-12-01", "--lang", lang)
        letter = docx_text(out / "application-letter.docx")
        assert cited in letter, (lang, letter[:400])
        assert "》合同（合同编号" not in letter


# ------------------------------------------------------------------ 10. enclosures and labels


def test_a_valuation_letter_names_its_enclosures_in_the_order_listed(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "V05", "2026-07-27")
    letter = docx_text(out / "application-letter.docx")
    assert "付款申请明细表（附各清单项目明细）、工程量确认单、工程进度说明" in letter
    assert letter.index("1. 付款申请明细表") < letter.index("2. 工程量确认单") < letter.index("3. 工程进度说明")


def test_a_bilingual_letter_labels_the_swift_code_once_in_each_language(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("epc-intl", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "P4", "2026-12-01", "--lang", "bilingual")
    letter = docx_text(out / "application-letter.docx")
    assert "SWIFT代码 SWIFT/BIC：BKCHCNBJ940" in letter
    assert "SWIFT SWIFT" not in letter


# ------------------------------------------------------------------ 11. the end of the review period


def test_the_letter_says_when_the_review_period_ends(runner: CliRunner, tmp_path: Path) -> None:
    warehouse = copy_sample("warehouse-cn", tmp_path / "wh")  # payment.monthly-progress: 7 days to certify
    epc = copy_sample("epc-intl", tmp_path / "epc")  # FIDIC: 28 days for the interim payment certificate
    for folder, node, day, lang, said in (
        (warehouse, "V05", "2026-07-27", "zh", "请在合同约定的审核期限内（该期限于2026年8月3日届满）一次性书面告知"),
        (epc, "P3", "2026-06-15", "en", "within the review period the Contract provides (which ends on 13 July 2026)"),
    ):
        out = tmp_path / f"{folder.name}-{lang}"
        _apply(runner, folder, out, node, day, "--lang", lang)
        assert said in docx_text(out / "application-letter.docx")
    # review from acceptance, not yet accepted: no day to state
    fitout = copy_sample("fitout-cn", tmp_path / "fit")
    _apply(runner, fitout, tmp_path / "fit-pack", "P3", "2026-12-01")
    assert "请在合同约定的审核期限内一次性书面告知" in docx_text(tmp_path / "fit-pack" / "application-letter.docx")


# ------------------------------------------------------------------ 12. what carries a measured variation


def test_the_final_account_says_the_valuations_carry_a_measured_variation(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("warehouse-cn", tmp_path / "p")  # V1 names no node: its items are measured in V05
    for lang, carried in (
        ("zh", "各期计量"),
        ("en", "measured in the valuations"),
        ("bilingual", "各期计量 measured in the valuations"),
    ):
        out = tmp_path / lang
        _apply(runner, folder, out, "PF", "2026-11-01", "--lang", lang)
        (row,) = [row for row in _rows(out / "payment-statement.docx") if len(row) == 5 and row[0] == "V1"]
        assert row[4] == carried, (lang, row)


# ------------------------------------------------------------------ 13. the final account's model clause


def test_the_final_account_statement_refers_to_the_completion_settlement_clause(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    for node, item, other in (
        ("P4", "第14.1款所列竣工结算申请单", "12.4.2"),
        ("P3", "第12.4.2项所列进度付款申请单", "14.1"),
    ):
        out = tmp_path / node
        _apply(runner, folder, out, node, "2026-12-01")
        text = docx_text(out / "payment-statement.docx")
        assert item in text and other not in text, node
    out = tmp_path / "en"
    _apply(runner, folder, out, "P4", "2026-12-01", "--lang", "en")
    text = docx_text(out / "payment-statement.docx")
    assert "sub-clause 14.1 of the General Conditions" in text and "completion settlement" in text


# ------------------------------------------------------------------ 14. the English half of a bilingual letter


def test_a_bilingual_letter_greets_and_dates_in_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("epc-intl", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "P4", "2026-12-01", "--lang", "bilingual")
    paragraphs = [p.text for p in Document(str(out / "application-letter.docx")).paragraphs]
    assert any(
        p.startswith("编号 Our ref：") and p.endswith("日期 Date：2026年12月1日 / 1 December 2026") for p in paragraphs
    )
    greeting = paragraphs.index("Central Luzon Helios Power Corporation：")
    assert paragraphs[greeting + 1].startswith("Dear ")
    text = docx_text(out / "application-letter.docx")
    assert "Yours sincerely," in text
    assert text.count("1 December 2026") >= 2  # the reference line and the signature


# ------------------------------------------------------------------ 15. figures line up


def test_the_valuation_statement_sets_variation_amounts_flush_right(runner: CliRunner, tmp_path: Path) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    folder = copy_sample("warehouse-cn", tmp_path / "p")
    out = tmp_path / "pack"
    _apply(runner, folder, out, "V05", "2026-07-27")
    (table,) = [
        t for t in Document(str(out / "payment-statement.docx")).tables if t.rows[0].cells[1].text == "变更内容"
    ]
    (cell,) = [row.cells[2] for row in table.rows if row.cells[0].text == "V1"]
    assert cell.text == "911,000.00" and cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_requirement_with_nothing_on_file_is_still_refused(runner: CliRunner, tmp_path: Path) -> None:
    folder = copy_sample("fitout-cn", tmp_path / "p")
    args = ["apply", str(folder), "--node", "P3", "--as-of", "2026-12-01", "-o", str(tmp_path / "pack"), "--no-pdf"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1 and "竣工验收记录" in result.output
