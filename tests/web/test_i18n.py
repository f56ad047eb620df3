"""The interface in Chinese and English: the catalogue holds every text the pages and views say, no template
says English outside it, and the Chinese uses the words contractkit's Chinese documents use."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from contractkit.account.account import NodeState
from contractkit.documents.letters import _METHODS, stage_name
from contractkit.model.models import (
    ContractForm,
    DeliveryMethod,
    DemandStage,
    DueBasis,
    EventType,
    Jurisdiction,
    Language,
    NodeKind,
    PartyForm,
    PartySize,
    ProjectKind,
)
from contractkit.web import create, doc_views, forms, i18n, views
from contractkit.web.app import ENVIRONMENT
from contractkit.web.documents import _TITLES
from contractkit.web.zh import ZH

WEB = Path(i18n.__file__).resolve().parent
TEMPLATES = WEB / "templates"

#: Visible text a template may carry outside the catalogue: names, codes and symbols, not English sentences.
NOT_ENGLISH = {
    "contractkit",  # the program's name
    "中文",  # each language's name in itself, on the switch
    "English",
    "KiB",
}
#: Attributes whose values a person reads.
VISIBLE_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label", "hx-confirm")

#: The fixed values each form's choices translate (context, values).
ENUMS: dict[str, list[str]] = {
    "project kind": [str(v) for v in ProjectKind],
    "language": [str(v) for v in Language],
    "jurisdiction": [str(v) for v in Jurisdiction],
    "contract form": [str(v) for v in ContractForm],
    "party size": [str(v) for v in PartySize],
    "party form": [str(v) for v in PartyForm],
    "node kind": [str(v) for v in NodeKind],
    "due after": [str(v) for v in DueBasis],
    "letter": [str(v) for v in DemandStage],
    "delivery": [str(v) for v in DeliveryMethod],
    "state": [str(v) for v in NodeState],
}


def _template_texts(source: str) -> Iterator[str]:
    """The text nodes and visible attribute values of a template, its Jinja tags taken out."""
    plain = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    plain = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "\x00", plain, flags=re.S)
    found: list[str] = []

    class Texts(HTMLParser):
        def handle_data(self, data: str) -> None:
            found.extend(data.split("\x00"))

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name in VISIBLE_ATTRIBUTES and value:
                    found.extend(value.split("\x00"))

    parser = Texts(convert_charrefs=True)
    parser.feed(plain)
    parser.close()
    for text in found:
        text = text.strip(" \t\n·:;,()—-")
        if re.search(r"[A-Za-z]", text) and not re.fullmatch(r"[\w\s.-]*\{[^}]*\}[\w\s.-]*", text):
            yield text


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_says_english_outside_the_catalogue(template: str) -> None:
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    english = [t for t in _template_texts(source) if t not in NOT_ENGLISH and not t.startswith("<!doctype")]
    assert not english, f"{template}: wrap these in _(...) and give them a Chinese text in web/zh.py: {english}"


def _template_messages() -> Iterator[tuple[str, str]]:
    for path in sorted(TEMPLATES.glob("*.html")):
        source = path.read_text(encoding="utf-8")
        for _line, function, message in ENVIRONMENT.extract_translations(source):
            messages = message if isinstance(message, tuple) else (message,)
            if function in ("pgettext", "npgettext"):  # (context, text, ...): the key is context + \x04 + text
                messages = (f"{messages[0]}{i18n.CONTEXT}{messages[1]}",)
            first = next((m for m in messages if m), None)  # ngettext: the singular is the key
            if first:
                yield path.name, first


def _python_messages() -> Iterator[tuple[str, str]]:
    """Literal texts the views give to tr(), tr.n(), N_() and Forbidden/UploadError-style ``why``s."""
    for path in sorted(WEB.glob("*.py")):
        if path.name == "zh.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (func.attr if isinstance(func, ast.Attribute) else "")
            if name not in ("tr", "N_", "n"):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield path.name, first.value


def _form_messages() -> Iterator[str]:
    """Every label, hint and fixed choice of every form, as the app builds them."""
    sections = [
        forms.project_section(),
        forms.party_section("client"),
        forms.party_section("contractor"),
        forms.node_section("P1", ["AC-1"]),
        forms.new_node_section(["AC-1"]),
        forms.criterion_section("AC-1"),
        forms.new_criterion_section(),
        forms.evidence_section("E1", ["P1"], ["Invoice"]),
    ]
    fields = [f for s in sections for f in s.fields]
    yield from (s.title for s in sections)
    for kind in forms.EVENT_FIELDS:
        fields += forms.event_fields(kind, ["P1"], ["E1"])
    fields += create.create_fields()
    for f in fields:
        yield f.label
        if f.hint:
            yield f.hint
        yield from (label for _value, label in f.choices if isinstance(label, i18n.Msg))
    yield from forms.EVENT_LABELS.values()
    yield from doc_views.STAGE_LABELS.values()
    yield from (heading for _key, heading, _numeric in views.COLUMNS)
    yield from _TITLES.values()
    for context, values in ENUMS.items():
        yield from (f"{context}{i18n.CONTEXT}{v}" for v in values)


def _wanted() -> set[str]:
    texts = {m for _where, m in _template_messages()} | {m for _where, m in _python_messages()}
    texts |= set(_form_messages())
    return {t for t in texts if re.search(r"[A-Za-z]", t.rsplit(i18n.CONTEXT, 1)[-1]) or t in ZH}


def test_every_text_of_the_interface_is_in_the_catalogue() -> None:
    missing = sorted(_wanted() - set(ZH))
    assert not missing, "no Chinese text in web/zh.py for:\n" + "\n".join(repr(m) for m in missing)


def test_the_catalogue_holds_no_text_the_interface_no_longer_says() -> None:
    wanted = _wanted() | {m for _where, m in _template_messages()} | {m for _where, m in _python_messages()}
    unused = sorted(set(ZH) - wanted)
    assert not unused, "entries of web/zh.py nothing uses:\n" + "\n".join(repr(m) for m in unused)


def test_each_translation_keeps_the_placeholders_of_its_english() -> None:
    for english, chinese in ZH.items():
        assert sorted(re.findall(r"%\(\w+\)s", english)) == sorted(re.findall(r"%\(\w+\)s", chinese)), english
        assert english.count("%%") == chinese.count("%%"), english
        words = re.sub(r"%\(\w+\)s", "", english.rsplit(i18n.CONTEXT, 1)[-1])
        if re.search(r"[A-Za-z]{3,}", words) and words not in ("YYYY-MM-DD", "SWIFT/BIC") and "KiB" not in words:
            assert re.search(r"[\u4e00-\u9fff]", chinese), f"{english!r}: the Chinese {chinese!r} has no Chinese in it"


def test_letters_and_deliveries_read_as_the_chinese_letters_name_them() -> None:
    """The web app and the documents agree: a letter by its title (催款通知书), a delivery by its name (顺丰速运)."""
    for stage in DemandStage:
        assert ZH[f"letter{i18n.CONTEXT}{stage}"] == stage_name(stage, "zh")
    for method in DeliveryMethod:
        assert ZH[f"delivery{i18n.CONTEXT}{method}"] == _METHODS["zh"][str(method)]


def test_the_words_of_a_chinese_construction_pm() -> None:
    said = "\n".join(ZH.values())
    for term in ("付款节点", "付款申请", "验收", "发票", "付款记录", "催款函", "对账单", "进度报告", "逾期", "账龄"):
        assert term in said, term
    assert ZH["Ledger"] == "付款记录" and ZH["Schedule"] == "付款节点" and ZH["Aging of receivables"] == "应收账款账龄"


def test_every_kind_of_event_has_a_label() -> None:
    assert set(forms.EVENT_LABELS) == {str(e) for e in EventType}


def test_plurals_come_from_gettext_and_chinese_has_one_form() -> None:
    english, chinese = i18n.Translator("en"), i18n.Translator("zh")
    assert english.n("%(num)s project", "%(num)s projects", 1) == "1 project"
    assert english.n("%(num)s project", "%(num)s projects", 2) == "2 projects"
    assert english.n("%(num)s project", "%(num)s projects", 0) == "0 projects"
    assert chinese.n("%(num)s error", "%(num)s errors", 1) == "1个错误"
    assert chinese.n("%(num)s error", "%(num)s errors", 3) == "3个错误"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-GB,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,zh;q=0.5,en;q=0.4", "zh"),
        ("en;q=0.2, zh-Hans-CN;q=0.7", "zh"),
        ("de-DE", None),
        ("zh;q=0", None),
        ("", None),
        ("garbage;;,,q=abc", None),
    ],
)
def test_accept_language(header: str, expected: str | None) -> None:
    assert i18n.from_accept_language(header) == expected


def test_the_users_choice_wins_then_the_projects_then_the_browser() -> None:
    assert i18n.choose("en", "zh", "zh") == "en"
    assert i18n.choose(None, "zh", "en") == "zh"
    assert i18n.choose("xx", None, "zh") == "zh"
    assert i18n.choose(None, None, None) == "en"


def test_chinese_dates_in_prose_and_money_as_the_documents_write_it() -> None:
    import datetime as dt
    from decimal import Decimal

    zh = i18n.Translator("zh")
    assert zh.date(dt.date(2026, 7, 10)) == "2026年7月10日"
    assert zh.money(Decimal("720000"), "CNY") == "人民币720,000.00元"
    assert i18n.Translator("en").date(dt.date(2026, 7, 10)) == "2026-07-10"


@pytest.mark.parametrize("sample", ["fitout-cn", "warehouse-cn", "software-uk", "epc-intl"])
def test_what_to_do_next_reads_in_chinese_for_every_node_of_the_samples(sample: str) -> None:
    import datetime as dt

    from contractkit.account.account import build_account
    from contractkit.model.project import load_project
    from contractkit.web import phrases
    from tests.conftest import SAMPLES

    account = build_account(load_project(SAMPLES / sample), dt.date(2026, 11, 29))
    zh = i18n.Translator("zh")
    for node in account.nodes:
        said = phrases.action(node, account.as_of, account.currency, zh)
        assert re.search(r"[\u4e00-\u9fff]", said) and not re.search(r"[a-z]{4,} [a-z]{4,}", said), (node.id, said)
        assert len(phrases.missing_zh(node, zh)) == len(node.missing), node.id
        assert phrases.state(node, zh) and phrases.next_step(node, account.as_of, zh) is not None
