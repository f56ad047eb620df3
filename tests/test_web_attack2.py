"""A second round of attacks on `contractkit serve`: form values that become file names, refusals that leave folders
behind, addresses that echo what cannot be an id, refusals said in English on the Chinese pages, bounds said in
words, and query values written into addresses unencoded."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Browser, copy_samples, make_client, text_of
from tests.web.test_routes import _pdf_bytes


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _flash(html: str) -> str:
    found = re.search(r'id="flash"[^>]*>(.*?)</', html, re.S) or re.search(
        r'class="flash[^"]*"[^>]*>(.*?)</', html, re.S
    )
    return found.group(1).strip() if found else ""


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


# -- a node from the form is a name in outputs/: refused before it becomes one ------------------------------------


@pytest.mark.parametrize("node", ["../../../evil", "P1/../../x", "..", "P2\x00"])
def test_a_pack_for_a_node_the_project_lacks_is_refused_before_its_id_makes_a_path(
    folder: Path, english: Browser, node: str
) -> None:
    before = _tree(folder.parent)
    page = english.post("/p/fitout-cn/documents/pack", {"node": node, "allow_missing": "1"})
    assert page.status_code == 200
    assert "there is no payment node" in _flash(page.text)
    assert "no such folder for the output" not in page.text
    assert _tree(folder.parent) == before  # not even an empty outputs/ folder


def test_a_valuation_is_a_node_of_the_project_for_the_pack_and_the_letter(tmp_path: Path) -> None:
    """The check that keeps a form's node out of paths knows the valuations (V01..) as the project's nodes, as
    `apply` and `demand` do: a measured contract's packs and letters are not refused as for an unknown node."""
    folder = copy_samples(tmp_path / "measured", ("warehouse-cn",))
    with make_client(folder) as client:
        _pack_and_letter_for_a_valuation(folder, Browser(client))


def _pack_and_letter_for_a_valuation(folder: Path, english: Browser) -> None:
    page = english.post("/p/warehouse-cn/documents/pack", {"node": "V05", "allow_missing": "1"})
    assert "there is no payment node" not in page.text
    assert any(p.name.startswith("application-V05-") for p in (folder / "warehouse-cn" / "outputs").iterdir())
    page = english.post("/p/warehouse-cn/documents/letter", {"node": "V05", "stage": "reminder"})
    assert "there is no payment node" not in page.text


def test_a_letter_for_a_node_the_project_lacks_is_said_in_chinese(folder: Path, chinese: Browser) -> None:
    page = chinese.post("/p/fitout-cn/documents/letter", {"node": "../../x"})
    said = _flash(page.text)
    assert "本项目没有付款节点" in said and "there is no payment node" not in said
    assert not (folder / "fitout-cn" / "outputs").exists()


def test_a_refused_document_leaves_no_outputs_folder_behind(folder: Path, english: Browser) -> None:
    before = _tree(folder)
    page = english.post("/p/fitout-cn/documents/pack", {"node": "P1"})  # P1 is paid: nothing to apply for
    assert "Not written" in _flash(page.text)
    assert _tree(folder) == before


# -- uploads ---------------------------------------------------------------------------------------------------------


def test_a_refused_upload_leaves_no_evidence_folder_behind(folder: Path, english: Browser) -> None:
    project = folder / "software-uk"
    shutil.rmtree(project / "evidence")
    path = project / "project.yaml"
    before = _hash(path)
    for extra in ({"date": "2026-13-45"}, {"node": "NOPE"}):
        page = english.client.post(
            "/p/software-uk/evidence/upload",
            data={"csrf_token": english.token, "title": "Certificate", **extra},
            files={"file": ("certificate.pdf", _pdf_bytes(), "application/pdf")},
        )
        assert page.status_code == 200 and "Not saved" in _flash(page.text)
        assert _hash(path) == before
        assert sorted(os.listdir(project)) == ["project.yaml"]
    page = english.client.post(
        "/p/software-uk/evidence/upload",
        data={"csrf_token": english.token, "title": "Certificate"},
        files={"file": ("certificate.pdf", _pdf_bytes(), "application/pdf")},
    )
    assert "Added" in _flash(page.text) and (project / "evidence" / "certificate.pdf").is_file()


def test_an_evidence_folder_that_was_there_stays_when_an_upload_is_refused(folder: Path, english: Browser) -> None:
    evidence = folder / "software-uk" / "evidence"
    for child in evidence.iterdir():
        child.unlink()
    english.client.post(
        "/p/software-uk/evidence/upload",
        data={"csrf_token": english.token, "title": "Certificate", "date": "2026-13-45"},
        files={"file": ("certificate.pdf", _pdf_bytes(), "application/pdf")},
    )
    assert evidence.is_dir() and not any(evidence.iterdir())


@pytest.mark.parametrize(
    ("name", "data", "chinese_words"),
    [
        ("empty.pdf", b"", "文件是空的"),
        ("junk.pdf", b"hello, world", "既不是PDF"),
        ("page.pdf", b"<!doctype html><html><body>404</body></html>", "这是一个网页"),
        ("office.pdf", b"PK\x03\x04" + b"\x00" * 40, "ZIP压缩包或Office文件"),
    ],
)
def test_why_an_upload_is_refused_is_said_in_chinese(
    folder: Path, chinese: Browser, name: str, data: bytes, chinese_words: str
) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    before = _hash(path)
    page = chinese.client.post(
        "/p/fitout-cn/evidence/upload",
        data={"csrf_token": chinese.token, "title": "证明"},
        files={"file": (name, data, "application/pdf")},
    )
    text = text_of(page.text)
    assert chinese_words in text
    assert f"{name}：" in text  # framed in Chinese
    for english in ("the file is empty", "neither a PDF", "an HTML page", "ZIP or an Office file"):
        assert english not in text
    assert _hash(path) == before
    assert name not in os.listdir(folder / "fitout-cn" / "evidence")


# -- outputs and dates: the writer's and the parser's refusals in the Chinese interface ---------------------------


def test_an_output_that_would_replace_an_input_is_refused_in_chinese(folder: Path, chinese: Browser) -> None:
    project = folder / "fitout-cn"
    (project / "outputs").mkdir()
    shutil.copy(project / "evidence" / "p1-receipt.pdf", project / "outputs" / "contract-zh.pdf")
    path = project / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("file: evidence/p1-receipt.pdf", "file: outputs/contract-zh.pdf"),
        encoding="utf-8",
    )
    before = _hash(project / "outputs" / "contract-zh.pdf")
    page = chinese.post("/p/fitout-cn/documents/draft", {})
    said = _flash(page.text)
    assert "生成的文件绝不覆盖输入文件" in said and "an output never replaces an input" not in said
    assert _hash(project / "outputs" / "contract-zh.pdf") == before
    assert sorted(os.listdir(project / "outputs")) == ["contract-zh.pdf"]


def test_dates_a_page_is_given_are_refused_in_chinese(chinese: Browser) -> None:
    page = chinese.post("/p/fitout-cn/documents/report", {"since": "garbage"})
    said = _flash(page.text)
    assert "不是日期" in said and "is not a date" not in said
    page = chinese.get("/p/fitout-cn?as_of=0001-01-01")
    assert "超出contractkit可处理的日期范围" in page.text and "is outside the dates" not in page.text


# -- ids in addresses ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("post", "/p/fitout-cn/schedule/node/P1%00"),
        ("post", "/p/fitout-cn/schedule/node/P1%0A/delete"),
        ("post", "/p/fitout-cn/schedule/criterion/AC-BASE%E2%80%AE"),
        ("post", "/p/fitout-cn/schedule/criterion/%00/delete"),
        ("post", "/p/fitout-cn/evidence/item/E1%00"),
        ("post", "/p/fitout-cn/evidence/item/E1%0D%0A/delete"),
        ("get", "/p/fitout-cn/evidence/item/E1%00/file"),
        ("get", "/p/fitout-cn/evidence/item/E1%E2%80%AE/file"),
    ],
)
def test_an_address_naming_what_cannot_be_an_id_is_not_echoed(
    folder: Path, english: Browser, method: str, address: str
) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    before = _hash(path)
    page = english.post(address, {"title": "x"}) if method == "post" else english.get(address)
    assert page.status_code == 404
    body = page.text
    for raw in ("\x00", "\u202e", "P1\n", "E1\r"):
        assert raw not in body
    assert "There is nothing called" in body
    assert _hash(path) == before


def test_removing_an_item_no_longer_in_the_file_says_so_in_the_pages_words(folder: Path, chinese: Browser) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    before = _hash(path)
    for address, item in (
        ("/p/fitout-cn/schedule/node/P9/delete", "P9"),
        ("/p/fitout-cn/evidence/item/E99/delete", "E99"),
    ):
        said = _flash(chinese.post(address).text)
        assert said == f"项目文件中已没有{item}；未删除任何内容。", said
    assert _hash(path) == before


# -- the form's bounds ---------------------------------------------------------------------------------------------


def test_a_form_beyond_its_bounds_is_refused_in_words(folder: Path, english: Browser, chinese: Browser) -> None:
    path = folder / "fitout-cn" / "project.yaml"
    before = _hash(path)
    many = {f"f{i}": "x" for i in range(300)}
    page = english.post("/p/fitout-cn/ledger", many)
    assert page.status_code == 400 and "the form has more than 200 fields" in page.text
    assert "HTTPException" not in page.text
    long = {"on": "2026-11-20", "type": "paid", "amount": "1.00", "note": "x" * (2 * 1024 * 1024)}
    page = chinese.post("/p/fitout-cn/ledger", long)
    assert page.status_code == 400 and "表单中有一栏超过1024 KiB" in page.text
    assert _hash(path) == before


# -- query values in the addresses a page writes -----------------------------------------------------------------


def test_the_as_of_a_page_was_given_is_encoded_in_its_links_and_forms(english: Browser) -> None:
    given = "2026-11-29&lang=en#x"
    page = english.get("/p/fitout-cn/documents", params={"as_of": given})
    assert page.status_code == 200
    assert "as_of=2026-11-29%26lang%3Den%23x" in page.text
    assert "as_of=2026-11-29&amp;lang=en" not in page.text
    portfolio = english.get("/", params={"as_of": given}).text
    assert "as_of=2026-11-29%26lang%3Den%23x" in portfolio
    assert "&amp;as_of=2026-11-29&amp;lang" not in portfolio


# -- new project folders -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["outputs", "con", "NUL.txt", "com1"])
def test_a_new_project_may_not_take_a_name_kept_for_outputs_or_by_windows(
    folder: Path, english: Browser, name: str
) -> None:
    before = _tree(folder)
    form = {
        "folder": name,
        "language": "en",
        "kind": "software",
        "project.code": "NEW-1",
        "project.name": "New",
        "parties.client.name": "Client Ltd",
        "parties.contractor.name": "Us Ltd",
        "contract.number": "C-1",
        "contract.signed_on": "2026-01-05",
        "contract.currency": "GBP",
        "contract.price": "1,000.00",
    }
    page = english.post("/new", form, follow_redirects=False)
    assert page.status_code == 200
    assert "is kept for the documents' folder or by Windows" in text_of(page.text).replace("&#39;", "'")
    assert _tree(folder) == before


# -- refusals before any page carry the pages' headers ---------------------------------------------------------------


def test_a_refusal_before_any_page_carries_the_security_headers(folder: Path) -> None:
    with make_client(folder) as client:
        refused = client.get("/", headers={"Host": "evil.example"})
        assert refused.status_code == 400
        too_large = client.post("/p/fitout-cn/ledger", headers={"content-length": "abc"})
        assert too_large.status_code == 413
    for response in (refused, too_large):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
