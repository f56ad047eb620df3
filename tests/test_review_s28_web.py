"""Review s28 of `contractkit serve`, as an attacker and as a project manager who does not edit YAML: upload names
Windows takes for devices, the Host header's port, outputs the list offers but no address can fetch, two uploads
of one name at once, folder names Windows changes, and the loader's refusal of a form's value in the page's words.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contractkit.web import edit_views
from contractkit.web.uploads import safe_name
from tests.web.conftest import Browser, copy_samples, make_client, text_of
from tests.web.test_routes import _pdf_bytes


def _flash(html: str) -> str:
    found = re.search(r'id="flash"[^>]*>(.*?)</', html, re.S) or re.search(
        r'class="flash[^"]*"[^>]*>(.*?)</', html, re.S
    )
    return text_of(found.group(1)).strip() if found else ""


def _notes(html: str) -> list[str]:
    return [text_of(n).strip() for n in re.findall(r'<p class="note error">(.*?)</p>', html, re.S)]


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_samples(tmp_path / "projects")


@pytest.fixture
def english(folder: Path) -> Iterator[Browser]:
    with make_client(folder) as client:
        yield Browser(client)


@pytest.fixture
def chinese(folder: Path) -> Iterator[Browser]:
    with make_client(folder) as client:
        yield Browser(client, "zh")


def _upload(browser: Browser, name: str, data: bytes | None = None, project: str = "fitout-cn") -> Any:
    return browser.client.post(
        f"/p/{project}/evidence/upload",
        data={"csrf_token": browser.token, "title": "Receipt", "node": "", "date": "2026-11-01"},
        files={"file": (name, data if data is not None else _pdf_bytes(), "application/pdf")},
    )


# -- an upload's name that Windows takes for a device is renamed, as con.pdf is, not refused in English ------------


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("con.tar.pdf", "file-con.tar.pdf"),
        ("COM¹.pdf", "file-COM¹.pdf"),
        ("lpt0.pdf", "file-lpt0.pdf"),
        ("conin$.pdf", "file-conin$.pdf"),
        ("NUL.backup.pdf", "file-NUL.backup.pdf"),
    ],
)
def test_an_upload_named_like_a_windows_device_is_stored_under_a_safe_name(
    folder: Path, chinese: Browser, name: str, stored: str
) -> None:
    page = _upload(chinese, name)
    assert _flash(page.text).startswith("已添加"), _flash(page.text) + " | " + " ".join(_notes(page.text))
    assert (folder / "fitout-cn" / "evidence" / stored).is_file()
    assert f"evidence/{stored}" in (folder / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")


def test_safe_names_are_never_a_device_name_and_drop_invisible_marks() -> None:
    for name in ("con.tar.pdf", "AUX.x.y.pdf", "com².pdf", "LPT³.png", "conout$.pdf", "com0.pdf"):
        assert safe_name(name).startswith("file-"), name
    assert safe_name("x\ufeff.pdf") == "x.pdf"
    assert safe_name("a\u2060b.pdf") == "ab.pdf"
    assert safe_name("console.pdf") == "console.pdf"  # a name that only starts like a device is kept


def test_a_registered_evidence_file_named_like_a_device_is_refused_in_chinese(folder: Path, chinese: Browser) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("file: evidence/p1-receipt.pdf", "file: evidence/con.pdf", 1), encoding="utf-8")
    assert "file: evidence/con.pdf" in path.read_text(encoding="utf-8")
    item = re.search(r"id: (E\d+)[^\n]*file: evidence/con\.pdf", path.read_text(encoding="utf-8"))
    assert item is not None
    page = chinese.get(f"/p/fitout-cn/evidence/item/{item.group(1)}/file")
    assert page.status_code == 404
    said = text_of(re.search(r'id="message-text">(.*?)</p>', page.text, re.S).group(1))  # type: ignore[union-attr]
    assert "Windows" in said and _chinese(said) and "rename the file" not in said, said


# -- the Host header: a name of this machine with a port, or nothing after it ------------------------------------


@pytest.mark.parametrize("host", ["testserver:evil", "testserver:80:80", "testserver:"])
def test_a_host_header_whose_port_is_not_a_number_is_refused(folder: Path, host: str) -> None:
    with make_client(folder) as client:
        page = client.get("/", headers={"host": host})
        assert page.status_code == 400 and "does not answer" in page.text
        assert client.get("/", headers={"host": "testserver:8765"}).status_code == 200


def test_a_bracketed_ipv6_host_with_a_port_is_still_answered(folder: Path) -> None:
    with make_client(folder, hosts=("[::1]",)) as client:
        assert client.get("/", headers={"host": "[::1]:8765"}).status_code == 200
        assert client.get("/", headers={"host": "[::1]"}).status_code == 200
        assert client.get("/", headers={"host": "[::1]x"}).status_code == 400


# -- the outputs list offers only what a download can fetch ---------------------------------------------------------


def test_the_outputs_list_offers_no_file_its_link_cannot_fetch(folder: Path, english: Browser) -> None:
    outputs = folder / "fitout-cn" / "outputs"
    outputs.mkdir()
    for name in ("a\r\nX-Injected: 1.pdf", "back\\slash.pdf", "tab\there.pdf", "fine 中文.pdf"):
        (outputs / name).write_bytes(b"%PDF-1.4\n")
    page = english.get("/p/fitout-cn/documents")
    links = re.findall(r'href="(/p/fitout-cn/files/[^"]*)"', page.text)
    assert links, "the list offers the file that can be fetched"
    for link in links:
        got = english.get(link)
        assert got.status_code == 200, link
        assert "x-injected" not in got.headers
    offered = re.findall(r'data-file="([^"]*)"', page.text)
    assert offered == ["fine 中文.pdf"], offered


# -- two uploads of one name at once: both stored, under two names -------------------------------------------------


def test_an_upload_whose_name_another_upload_took_meanwhile_takes_the_next_free_name(
    folder: Path, english: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    chose = edit_views.evidence_target
    calls: list[str] = []

    def racing(project: Path, filename: str) -> tuple[str, Path]:
        relative, target = chose(project, filename)
        if not calls:  # another upload of the same name stores its file before this one holds the lock
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(b"%PDF-1.4 the other upload\n")
        calls.append(relative)
        return relative, target

    monkeypatch.setattr(edit_views, "evidence_target", racing)
    page = _upload(english, "receipt.pdf")
    flash = _flash(page.text)
    assert flash.startswith("Added E") and "evidence/receipt-2.pdf" in flash, flash
    assert "--force" not in page.text
    evidence = folder / "fitout-cn" / "evidence"
    assert (evidence / "receipt.pdf").read_bytes() == b"%PDF-1.4 the other upload\n"  # the other's file kept
    assert (evidence / "receipt-2.pdf").read_bytes() == _pdf_bytes()
    assert "file: evidence/receipt-2.pdf" in (folder / "fitout-cn" / "project.yaml").read_text(encoding="utf-8")


# -- a new project's folder: no name Windows changes or takes for a device -----------------------------------------


@pytest.mark.parametrize("name", ["abc.", "abc..x", "com¹", "lpt0.x"])
def test_a_new_project_folder_windows_would_rename_or_take_for_a_device_is_refused(
    folder: Path, english: Browser, name: str
) -> None:
    before = sorted(os.listdir(folder))
    page = english.post("/new", _NEW | {"folder": name}, follow_redirects=False)
    assert page.status_code == 200 and sorted(os.listdir(folder)) == before
    assert any(
        "choose another name" in n or "not ending with '.'" in n or "starting with" in n for n in _notes(page.text)
    )


_NEW = {
    "folder": "new-one",
    "language": "zh",
    "kind": "construction",
    "project.code": "X-1",
    "project.name": "新项目",
    "parties.client.name": "甲方",
    "parties.contractor.name": "乙方",
    "contract.number": "HT-1",
    "contract.signed_on": "2026-01-05",
    "contract.currency": "CNY",
    "contract.price": "100,000.00",
}


# -- the loader's refusal of a value, next to its field, in the page's language ------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("contract.price", "abc", "不是金额"),
        ("contract.price", "-5", "是负数"),
        ("contract.signed_on", "2026-02-30", "不是日历上存在的日期"),
        ("contract.currency", "XXX", "不是支持的币种"),
        ("project.code", "a b", "不能用作编号"),
    ],
)
def test_a_new_projects_refused_value_is_said_in_chinese_next_to_its_field(
    folder: Path, chinese: Browser, field: str, value: str, said: str
) -> None:
    page = chinese.post("/new", _NEW | {field: value}, follow_redirects=False)
    assert page.status_code == 200 and not (folder / "new-one").exists()
    notes = _notes(page.text)
    assert any(said in n for n in notes), notes
    assert not any(n.startswith(f"{field}:") for n in notes), notes  # the field is not named again beside itself


def _form(page: str, form_id: str) -> dict[str, str]:
    import html

    part = re.search(rf'<form[^>]*id="{form_id}".*?</form>', page, re.S)
    assert part is not None
    found: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', part.group(0)):
        found[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', part.group(0), re.S):
        found[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', part.group(0), re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        found[name] = chosen.group(1) if chosen else ""
    return {k: html.unescape(v) for k, v in found.items()}


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("contract.price", "abc", "不是金额"),
        ("contract.retention", "abc%", "不是百分比"),
        ("escalation.notice", "x", "不是整数"),
        ("contract.signed_on", "2026-02-30", "不是日历上存在的日期"),
    ],
)
def test_an_edit_forms_refused_value_is_said_in_chinese(
    folder: Path, chinese: Browser, field: str, value: str, said: str
) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    before = _hash(path)
    form = _form(chinese.get("/p/fitout-cn/contract").text, "form-project")
    page = chinese.post("/p/fitout-cn/contract/project", form | {field: value})
    assert _hash(path) == before
    notes = _notes(page.text)
    assert any(said in n and value in n for n in notes), notes
    assert not any("write it" in n or "is not a" in n for n in notes), notes


def test_a_ledger_amount_refused_is_said_in_chinese_and_in_english_as_the_loader_says_it(
    chinese: Browser, english: Browser
) -> None:
    data = {"type": "paid", "on": "2026-11-01", "node": "P3", "amount": "x"}
    assert any("不是金额" in n for n in _notes(chinese.post("/p/fitout-cn/ledger", data).text))
    assert any("is not an amount" in n for n in _notes(english.post("/p/fitout-cn/ledger", data).text))


# -- the ledger shows sums and the dates of its sentences as the documents write them ----------------------------


def test_the_ledger_shows_a_payment_and_a_promise_as_the_documents_write_them(
    chinese: Browser, english: Browser
) -> None:
    chinese.post("/p/fitout-cn/ledger", {"type": "paid", "on": "2026-11-02", "node": "P3", "amount": "1000.1"})
    chinese.post("/p/fitout-cn/ledger", {"type": "promised", "on": "2026-11-03", "node": "P3", "by": "2026-12-01"})
    timeline = re.search(r'id="timeline">(.*?)</ol>', chinese.get("/p/fitout-cn/ledger").text, re.S)
    assert timeline is not None
    shown = text_of(timeline.group(1))
    assert "人民币1,000.10元" in shown and "2026年12月1日" in shown, shown
    assert "1000.1 " not in shown and "2026-12-01" not in shown
    english_timeline = re.search(r'id="timeline">(.*?)</ol>', english.get("/p/fitout-cn/ledger").text, re.S)
    assert english_timeline is not None and "CNY 1,000.10" in text_of(english_timeline.group(1))


def test_the_apps_own_script_carries_the_headers_every_page_carries(english: Browser) -> None:
    script = english.get("/static/app.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert script.headers.get("x-content-type-options") == "nosniff"
    assert "frame-ancestors 'none'" in script.headers.get("content-security-policy", "")


# -- the CSRF cookie: a value this app did not make is never written into a page ----------------------------------


def test_a_csrf_cookie_another_page_on_this_machine_set_is_replaced_not_written_into_the_page(folder: Path) -> None:
    import html
    import json

    with make_client(folder) as client:
        # cookies are not kept apart by port: a page on localhost:3000 can set this one
        client.cookies.set("contractkit_csrf", "x" * 40 + '", "HX-Trigger": "evil')
        page = client.get("/")
        headers = re.search(r"hx-headers='([^']*)'", page.text)
        assert headers is not None
        sent = json.loads(html.unescape(headers.group(1)))
        assert list(sent) == ["X-CSRF-Token"] and "evil" not in sent["X-CSRF-Token"]
        assert sent["X-CSRF-Token"] in page.headers.get("set-cookie", "")  # a token of its own, set for the browser


# -- a report or a pack dated too early is refused in the page's terms, not the command's options -----------------


def test_a_report_since_a_date_after_the_page_is_refused_with_the_forms_words(
    folder: Path, chinese: Browser, english: Browser
) -> None:
    page = chinese.post("/p/fitout-cn/documents/report", {"since": "2027-01-01"})
    assert "上次报告日期（2027年1月1日）须早于本次报告日期（2026年11月29日）" in _flash(page.text), _flash(page.text)
    page = english.post("/p/fitout-cn/documents/report", {"since": "2027-01-01"})
    assert "--since" not in _flash(page.text) and "Last report" not in _flash(page.text)
    assert "must be before this report's date (2026-11-29)" in html_of(_flash(page.text))
    assert not (folder / "fitout-cn" / "outputs").exists()


@pytest.mark.parametrize("kind", ["report", "pack"])
def test_a_document_dated_before_the_contract_is_refused_naming_the_pages_date(
    folder: Path, chinese: Browser, english: Browser, kind: str
) -> None:
    data = {"node": "P3", "allow_missing": "1"}
    page = chinese.post(f"/p/fitout-cn/documents/{kind}?as_of=2020-01-01", data)
    said = _flash(page.text)
    assert "早于合同签订日期（2026年2月20日）" in said and "--as-of" not in said, said
    said = html_of(_flash(english.post(f"/p/fitout-cn/documents/{kind}?as_of=2020-01-01", data).text))
    assert "before the contract was signed (2026-02-20)" in said and "--as-of" not in said, said
    assert not (folder / "fitout-cn" / "outputs").exists()


def html_of(text: str) -> str:
    import html

    return html.unescape(text)


# -- documents and evidence: not kept by the browser's cache, not embedded by another site -------------------------


def test_documents_evidence_and_previews_carry_the_headers_pages_carry(folder: Path, english: Browser) -> None:
    outputs = folder / "fitout-cn" / "outputs"
    outputs.mkdir()
    (outputs / "draft-x.pdf").write_bytes(b"%PDF-1.4\n")
    item = re.search(r"id: (E\d+)[^\n]*file: evidence/", (folder / "fitout-cn" / "project.yaml").read_text("utf-8"))
    assert item is not None
    for url in (
        "/p/fitout-cn/files/draft-x.pdf",
        f"/p/fitout-cn/evidence/item/{item.group(1)}/file",
        "/p/fitout-cn/preview/draft-x.pdf",
    ):
        got = english.get(url)
        assert got.status_code == 200, url
        assert got.headers.get("cross-origin-resource-policy") == "same-origin", url
        assert got.headers.get("x-frame-options") == "DENY", url
        assert got.headers.get("cache-control") in ("no-store", "no-cache"), url
        assert "default-src 'none'" in got.headers.get("content-security-policy", ""), url
    assert english.get("/p/fitout-cn/files/draft-x.pdf").headers["cache-control"] == "no-store"


# -- a document's warnings are shown as the command writes them: ids and names keep their capitals -----------------


def test_a_documents_warning_keeps_the_ids_and_names_it_gives(
    folder: Path, english: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contractkit.web import doc_views, documents

    warned = (
        "warning: P2, P3 left out of this letter: the client promised to pay by 2026-12-01 (ref HT-2026-017).",
        "warning: sent by EMS, which Clause 13 names",
    )

    def drafted(*args: Any) -> documents.Produced:
        return documents.Produced([], documents.N_("Drafted the contract (%(lang)s)"), warned, {"lang": "zh"})

    monkeypatch.setattr(doc_views.documents, "produce_draft", drafted)
    flash = _flash(english.post("/p/fitout-cn/documents/draft", {"lang": "zh"}).text)
    assert "P2, P3 left out of this letter" in flash and "(ref HT-2026-017)." in flash, flash
    assert "Sent by EMS, which Clause 13 names." in flash and ".." not in flash, flash
