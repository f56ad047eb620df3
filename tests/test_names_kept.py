"""Names, item codes and descriptions are shown exactly as written in every language: a one-language document
shows the project's own words in its language only where the project writes them in two ("English / 中文",
"Name (中文名)"); a bracket inside Chinese text (C30矩形柱（辅楼）, GLP港湾物流地产（苏州）有限公司) is part of the
words, not a gloss to drop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.cli import main
from contractkit.model.project import load_project
from contractkit.render.docx import in_one_language, one_language
from tests.conftest import SAMPLES
from tests.docs import docx_text

CLIENT = "GLP港湾物流地产（苏州）有限公司"
BRACKETED = [
    ("010515001001", "现浇构件钢筋HRB400（基础）"),
    ("010502001001", "C30矩形柱（辅楼）"),
    ("010505001001", "C30有梁板（辅楼）"),
    ("010501004001", "C25混凝土地坪（200厚）"),
    ("010515001002", "现浇构件钢筋HRB400（上部结构）"),
]


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    """The warehouse sample, its client renamed to a name with a bracket in it."""
    folder = tmp_path / "warehouse"
    shutil.copytree(SAMPLES / "warehouse-cn", folder)
    project = folder / "project.yaml"
    text = project.read_text(encoding="utf-8")
    assert "name: 苏州港湾物流地产有限公司" in text
    project.write_text(text.replace("name: 苏州港湾物流地产有限公司", f"name: {CLIENT}"), encoding="utf-8")
    return folder


def _lines(path: Path) -> list[str]:
    return docx_text(path).splitlines()


def _client_kept(path: Path) -> None:
    text = docx_text(path)
    assert CLIENT in text, path.name
    assert "GLP港湾物流地产有限公司" not in text, path.name


@pytest.mark.parametrize(
    "text",
    [
        CLIENT,
        "现浇构件钢筋（HRB400）",
        "现浇构件钢筋HRB400（上部结构）",
        "C30矩形柱（辅楼）",
        "C25混凝土地坪（200厚）",
        "第5期进度款（2026年8月）",
        "V05 第5期进度款（2026年8月）",
        "010515001002",
        "Huayao (HY) Ltd",
    ],
)
def test_a_bracket_in_chinese_words_is_no_gloss(text: str) -> None:
    assert one_language(text, "en") == text
    assert one_language(text, "zh") == text
    assert one_language(text, "en", name=True) == text


def test_a_bracket_inside_a_latin_name_is_part_of_it() -> None:
    name = "ACME（中国）Holdings Ltd"
    assert one_language(name, "en", name=True) == name
    assert one_language(name, "zh", name=True) == name


@pytest.mark.parametrize(
    ("text", "en", "zh"),
    [
        ("Advance payment / 预付款", "Advance payment", "预付款"),
        (
            "Jiangsu Huayao New Energy Engineering Co., Ltd. (江苏华耀新能源工程有限公司)",
            "Jiangsu Huayao New Energy Engineering Co., Ltd.",
            "江苏华耀新能源工程有限公司",
        ),
        (
            "Bank of China Limited, Jiangsu Branch（中国银行股份有限公司江苏省分行）",
            "Bank of China Limited, Jiangsu Branch",
            "中国银行股份有限公司江苏省分行",
        ),
    ],
)
def test_names_written_in_two_languages_are_still_split(text: str, en: str, zh: str) -> None:
    for name in (False, True):
        assert one_language(text, "en", name=name) == en
        assert one_language(text, "zh", name=name) == zh


def test_a_gloss_inside_latin_prose_is_still_dropped_in_english() -> None:
    text = "Zhou Jianhua (周建华), Project Manager"
    assert one_language(text, "en") == "Zhou Jianhua, Project Manager"
    assert one_language(text, "zh") == text


@pytest.mark.parametrize("sample", ["epc-intl", "fitout-cn", "software-uk", "warehouse-cn"])
def test_a_one_language_view_keeps_identifiers_and_descriptions(sample: str, tmp_path: Path) -> None:
    loaded = load_project(SAMPLES / sample)
    project = loaded.project
    for lang in ("en", "zh"):
        shown = in_one_language(loaded, lang).project
        assert shown.bill == project.bill
        assert [v.items for v in shown.variations] == [v.items for v in project.variations]
        assert [v.lines for v in shown.valuations] == [v.lines for v in project.valuations]
        assert shown.clauses == project.clauses
        assert shown.rates == project.rates
        assert [(e.ref, e.note, e.reason, e.basis, e.by, e.tracking) for e in shown.events] == [
            (e.ref, e.note, e.reason, e.basis, e.by, e.tracking) for e in project.events
        ]
        for side in ("client", "contractor"):
            party, party_shown = getattr(project.parties, side), getattr(shown.parties, side)
            assert (party_shown.registration, party_shown.email, party_shown.phone) == (
                party.registration,
                party.email,
                party.phone,
            )
            if party.bank is not None:
                assert party_shown.bank is not None
                assert (party_shown.bank.account, party_shown.bank.swift) == (party.bank.account, party.bank.swift)
        assert shown.contract.number == project.contract.number


def test_a_one_language_view_of_a_bilingual_project_is_still_in_its_language() -> None:
    loaded = load_project(SAMPLES / "epc-intl")
    en, zh = (in_one_language(loaded, lang).project for lang in ("en", "zh"))
    assert en.parties.contractor.name == "Jiangsu Huayao New Energy Engineering Co., Ltd."
    assert zh.parties.contractor.name == "江苏华耀新能源工程有限公司"
    assert en.project.name == "Capas 60 MWp Solar PV Power Plant and 69 kV Interconnection"
    assert zh.project.name == "卡帕斯60 MWp光伏电站及69 kV送出工程"
    assert [n.title for n in en.payment_schedule][:2] == [
        "Advance payment",
        "Interim payment 1 - engineering and delivery",
    ]
    assert [n.title for n in zh.payment_schedule][:2] == ["预付款", "第一期进度款：设计及设备到货"]
    for shown in (en, zh):  # the evidence still meets the nodes' requirements it was written for
        required = {title for node in shown.payment_schedule for title in node.evidence}
        assert {e.satisfies for e in shown.evidence if e.satisfies} <= required


@pytest.mark.parametrize("lang", ["en", "zh", "bilingual"])
def test_the_bill_and_a_bracketed_client_name_stand_as_written_in_the_draft(
    warehouse: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"contract.{lang}.docx"
    _run("draft", str(warehouse), "-o", str(out), "--lang", lang)
    lines = _lines(out)
    for code, description in BRACKETED:
        assert code in lines, (lang, code)
        assert description in lines, (lang, description)
    assert "C30矩形柱" not in lines and "现浇构件钢筋HRB400" not in lines, lang
    _client_kept(out)
    assert sum(line.count(CLIENT) for line in lines) >= 2  # the party block and the signature block


def test_an_english_pack_and_letter_keep_the_bill_and_the_client_name(warehouse: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    _run("apply", str(warehouse), "--node", "V05", "-o", str(pack), "--lang", "en", "--as-of", "2026-07-27", "--no-pdf")
    for name in ("measurement-sheet.docx", "payment-statement.docx"):
        lines = _lines(pack / name)
        assert "现浇构件钢筋HRB400（上部结构）" in lines, name
        assert "现浇构件钢筋HRB400" not in lines and "C25混凝土地坪" not in lines, name
    for path in sorted(pack.glob("*.docx")):
        _client_kept(path)
    letters = tmp_path / "letters"
    letters.mkdir()
    _run(
        "demand",
        str(warehouse),
        "--node",
        "V05",
        "--stage",
        "final",
        "--as-of",
        "2026-11-30",
        "--lang",
        "en",
        "-o",
        str(letters / "final.docx"),
    )
    paths = sorted(letters.glob("*.docx"))
    assert len(paths) == 2  # the letter and its case summary
    for path in paths:
        _client_kept(path)
