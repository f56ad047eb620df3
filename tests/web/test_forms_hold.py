"""What an attacker and a careless request found in the forms and the outputs: each edit changes what it says and
nothing else, ids are taken under the lock, every address is encoded, and no link leads outside a project."""

from __future__ import annotations

import hashlib
import os
import shutil
import unicodedata
from pathlib import Path

import pytest

from contractkit.model.project import load_project
from contractkit.web import edit_views
from tests.conftest import SAMPLES
from tests.web.conftest import Browser, make_client, text_of
from tests.web.test_routes import _pdf_bytes, form_values


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _field_block(html: str, path: str, form: str) -> str:
    start = html.index(f'data-field="{path}"', html.index(f'id="form-{form}"'))
    return html[html.rfind("<div", 0, start) : html.index("</div>", start)]


# -- links and folders ------------------------------------------------------------------------------------------------


def test_a_link_in_place_of_the_outputs_folder_serves_nothing(
    workspace: Path, tmp_path: Path, browser: Browser
) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(SAMPLES / "fitout-cn", outside)
    (workspace / "software-uk" / "outputs").symlink_to(outside, target_is_directory=True)
    for address in ("files/project.yaml", "preview/project.yaml", "files/evidence/p1-invoice.pdf"):
        page = browser.get(f"/p/software-uk/{address}")
        assert page.status_code == 404, address
        assert b"contractkit: 1" not in page.content
    assert "project.yaml" not in text_of(browser.get("/p/software-uk/documents").text)


def test_a_link_inside_the_outputs_folder_serves_nothing(workspace: Path, browser: Browser) -> None:
    outputs = workspace / "software-uk" / "outputs"
    outputs.mkdir()
    (outputs / "copy.yaml").symlink_to(workspace / "fitout-cn" / "project.yaml")
    (outputs / "pack").symlink_to(workspace / "fitout-cn", target_is_directory=True)
    assert browser.get("/p/software-uk/files/copy.yaml").status_code == 404
    assert browser.get("/p/software-uk/files/pack/project.yaml").status_code == 404


def test_a_project_file_linked_from_outside_the_folder_is_not_served(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(SAMPLES / "software-uk", outside)
    before = _hash(outside / "project.yaml")
    (workspace / "linked").mkdir()
    (workspace / "linked" / "project.yaml").symlink_to(outside / "project.yaml")
    with make_client(workspace) as client:
        browser = Browser(client)
        assert "linked" not in text_of(browser.get("/").text)
        assert browser.get("/p/linked/contract").status_code == 404
        page = browser.post("/p/linked/contract/client", {"name": "Changed by a page"})
        assert page.status_code == 404
    assert _hash(outside / "project.yaml") == before


def test_project_files_side_by_side_write_their_documents_apart(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    for name in ("alpha", "beta"):
        shutil.copy(SAMPLES / "software-uk" / "project.yaml", folder / f"{name}.yaml")
    shutil.copytree(SAMPLES / "software-uk" / "evidence", folder / "evidence")
    with make_client(folder) as client:
        browser = Browser(client)
        for name in ("alpha", "beta"):
            page = browser.post(f"/p/{name}.yaml/documents/draft", {"lang": "en"})
            assert "Drafted the contract" in page.text
        assert (folder / "outputs" / "alpha.yaml" / "contract-en.docx").is_file()
        assert (folder / "outputs" / "beta.yaml" / "contract-en.docx").is_file()
        assert not (folder / "outputs" / "contract-en.docx").exists()
        listed = browser.get("/p/alpha.yaml/documents").text
        assert "/p/alpha.yaml/files/contract-en.docx" in listed
        assert "outputs/alpha.yaml/" in text_of(listed)


@pytest.mark.parametrize("name", ["a#b", "a?b", "50% done"])
def test_a_project_named_with_url_characters_can_be_edited(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copytree(SAMPLES / "software-uk", folder / name)
    with make_client(folder) as client:
        browser = Browser(client)
        quoted = {"a#b": "a%23b", "a?b": "a%3Fb", "50% done": "50%25%20done"}[name]
        page = browser.get(f"/p/{quoted}/contract").text
        assert f'action="/p/{quoted}/contract/client"' in page
        assert f'action="/p/{name}/' not in page
        form = form_values(browser, f"/p/{quoted}/contract", "client")
        form["phone"] = "0117 000 0000"
        assert "Saved." in browser.post(f"/p/{quoted}/contract/client", form).text
    assert load_project(folder / name / "project.yaml").project.parties.client.phone == "0117 000 0000"


def test_a_nul_in_the_address_is_not_echoed_into_the_page(browser: Browser) -> None:
    for address in ("/p/fitout-cn/files/a%00b", "/p/%00"):
        page = browser.get(address)
        assert page.status_code == 404
        assert "\x00" not in page.text
        assert "%00" in page.text  # the page's own address, kept encoded for the language switch


def test_a_new_project_folder_is_made_under_the_name_checked(workspace: Path, browser: Browser) -> None:
    decomposed = "e\u0301t"
    form = {
        "folder": decomposed,
        "language": "en",
        "kind": "software",
        "project.code": "NFC-1",
        "project.name": "Accents",
        "parties.client.name": "Client Ltd",
        "parties.contractor.name": "Us Ltd",
        "contract.number": "C-1",
        "contract.signed_on": "2026-11-01",
        "contract.currency": "GBP",
        "contract.price": "1,000.00",
    }
    page = browser.post("/new", form, follow_redirects=False)
    assert page.status_code in (303, 200), page.text
    made = [p.name for p in workspace.iterdir()]
    assert unicodedata.normalize("NFC", decomposed) in made
    assert decomposed not in made


# -- what a form changes ----------------------------------------------------------------------------------------------


def test_values_a_form_cannot_show_exactly_are_not_rewritten_by_saving_it_unchanged(
    workspace: Path, browser: Browser
) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: 上海浦江置业有限公司", 'name: " 上海浦江置业有限公司  "', 1)
    data = load_project(path).project
    criterion = data.acceptance[0].criteria[0]
    text = text.replace(f"- {criterion}", f'- "{criterion}\\n经监理签认"', 1)
    milestone = data.payment_schedule[0].milestone
    text = text.replace(f"milestone: {milestone}", f'milestone: "\\n{milestone}\\n\\n"', 1)
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    criterion_id = data.acceptance[0].id
    for url, section in (
        ("/p/fitout-cn/contract", "client"),
        ("/p/fitout-cn/schedule", f"criterion-{criterion_id}"),
        ("/p/fitout-cn/schedule", "node-P1"),
    ):
        form = form_values(browser, url, section)
        action = {"client": "/p/fitout-cn/contract/client", "node-P1": "/p/fitout-cn/schedule/node/P1"}.get(
            section, f"/p/fitout-cn/schedule/criterion/{criterion_id}"
        )
        assert "Nothing changed." in browser.post(action, form).text, section
    assert path.read_bytes() == before


def test_fields_left_out_of_a_request_are_left_as_they_are(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    client = load_project(path).project.parties.client
    page = browser.post("/p/fitout-cn/contract/client", {"name": "上海浦江置业集团有限公司"})
    assert "Saved." in page.text
    after = load_project(path).project.parties.client
    assert after.name == "上海浦江置业集团有限公司"
    assert (after.address, after.representative, after.size) == (client.address, client.representative, client.size)
    evidence = load_project(path).project.evidence[0]
    assert "Saved." in browser.post(f"/p/fitout-cn/evidence/item/{evidence.id}", {"title": "新标题"}).text
    kept = load_project(path).project.evidence[0]
    assert (kept.title, kept.node, kept.file) == ("新标题", evidence.node, evidence.file)


def test_a_bank_account_goes_only_when_every_field_of_it_is_sent_empty(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    assert "Saved." in browser.post("/p/fitout-cn/contract/contractor", {"bank.swift": ""}).text or True
    assert load_project(path).project.parties.contractor.bank is not None
    form = form_values(browser, "/p/fitout-cn/contract", "contractor")
    for key in [k for k in form if k.startswith("bank.")]:
        form[key] = ""
    assert "Saved." in browser.post("/p/fitout-cn/contract/contractor", form).text
    assert load_project(path).project.parties.contractor.bank is None


def test_an_unticked_box_is_sent_and_saved(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    form = form_values(browser, "/p/fitout-cn/schedule", "node-P2")
    form["due.working_days"] = "true"
    assert "Saved." in browser.post("/p/fitout-cn/schedule/node/P2", form).text
    assert load_project(path).project.payment_schedule[1].due.working_days is True
    form = form_values(browser, "/p/fitout-cn/schedule", "node-P2")
    assert form["due.working_days"] == "true"
    form["due.working_days"] = ""  # the hidden twin is what an unticked box sends
    assert "Saved." in browser.post("/p/fitout-cn/schedule/node/P2", form).text
    assert not load_project(path).project.payment_schedule[1].due.working_days


def test_a_file_sent_for_a_text_field_is_refused(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    before = path.read_bytes()
    page = browser.client.post(
        "/p/fitout-cn/contract/client",
        data={"csrf_token": browser.token},
        files={"name": ("a.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert page.status_code == 400
    assert "takes text, not a file" in page.text
    assert path.read_bytes() == before


def test_two_files_in_one_upload_are_refused_in_words(workspace: Path, browser: Browser) -> None:
    page = browser.client.post(
        "/p/software-uk/evidence/upload",
        data={"csrf_token": browser.token, "node": "P4", "title": "x"},
        files=[
            ("file", ("a.pdf", _pdf_bytes(), "application/pdf")),
            ("file", ("b.pdf", _pdf_bytes(), "application/pdf")),
        ],
    )
    assert page.status_code == 400
    assert "send one file at a time" in page.text


def test_an_edit_that_breaks_another_part_is_saved_with_a_warning(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    form = form_values(browser, "/p/fitout-cn/contract", "project")
    form["contract.price"] = "1.00"
    page = browser.post("/p/fitout-cn/contract/project", form)
    said = text_of(page.text)
    assert "Saved, but the project now has" in said and "new error" in said
    assert 'class="flash warning"' in page.text
    assert load_project(path).project.contract.price == 1


def test_a_change_elsewhere_in_the_file_is_no_conflict_for_the_project_form(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    form = form_values(browser, "/p/fitout-cn/contract", "project")
    recorded = browser.post("/p/fitout-cn/ledger", {"on": "2026-11-20", "type": "paid", "amount": "1,000.00"})
    assert "Recorded" in recorded.text
    form["project.location"] = "上海市黄浦区"
    page = browser.post("/p/fitout-cn/contract/project", form)
    assert "Saved." in page.text, text_of(page.text)[:400]
    project = load_project(path).project
    assert project.project.location == "上海市黄浦区"
    assert project.events[-1].amount == 1000


def test_a_conflict_is_said_in_chinese_without_an_empty_place(workspace: Path, chinese: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    form = form_values(chinese, "/p/fitout-cn/contract", "project")
    path.write_text(path.read_text(encoding="utf-8").replace("code: FIT-", "code: FITX-", 1), encoding="utf-8")
    form["project.location"] = "上海市黄浦区"
    said = text_of(chinese.post("/p/fitout-cn/contract/project", form).text)
    assert "本页面载入后" in said
    assert "changed in the project file" not in said
    assert ": :" not in said


def test_errors_of_a_new_item_are_said_next_to_its_field(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    before = path.read_bytes()
    page = browser.post(
        "/p/fitout-cn/schedule/add-node", {"id": "P9", "title": "附加款", "share": "abc", "evidence": "付款申请"}
    )
    assert "is not a percentage" in _field_block(page.text, "share", "node-new")
    assert "has-error" in _field_block(page.text, "share", "node-new")
    page = browser.post("/p/fitout-cn/ledger", {"on": "2026-11-20", "type": "paid", "amount": "1e5"})
    assert "is not an amount" in _field_block(page.text, "amount", "event")
    assert path.read_bytes() == before


def test_uploads_that_read_the_same_file_get_different_ids(
    workspace: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workspace / "software-uk" / "project.yaml"
    real_open = edit_views.open_project
    stale = {}

    def as_first_seen(request: object, ref: object) -> object:  # both requests read the file before either writes
        key = str(ref)
        if key not in stale:
            stale[key] = real_open(request, ref)  # type: ignore[arg-type]
        return stale[key]

    monkeypatch.setattr(edit_views, "open_project", as_first_seen)
    for name in ("a.pdf", "b.pdf"):
        files = {"file": (name, _pdf_bytes(), "application/pdf")}
        data = {"csrf_token": browser.token, "node": "P4", "title": f"Certificate {name}"}
        assert "Added" in browser.client.post("/p/software-uk/evidence/upload", data=data, files=files).text
    ids = [e.id for e in load_project(path).project.evidence]
    assert len(ids) == len(set(ids))
    assert ids[-2:] == ["E10", "E11"]
    assert os.path.isfile(workspace / "software-uk" / "evidence" / "b.pdf")


def test_a_letter_is_offered_only_the_ways_of_sending_the_contract_allows(browser: Browser) -> None:
    import re

    def offered(name: str) -> list[str]:
        page = browser.get(f"/p/{name}/documents").text
        select = page[page.index('id="letter-via"') :]
        return re.findall(r'option value="([^"]+)"', select[: select.index("</select>")])

    assert "courier" not in offered("fitout-cn") and "ems" in offered("fitout-cn")  # EMS or SF Express, by name
    assert "ems" not in offered("software-uk") and "courier" in offered("software-uk")
    assert "fax" not in offered("fitout-cn") + offered("software-uk")


def test_a_time_barred_letter_is_refused_in_the_pages_words(tmp_path: Path) -> None:
    import datetime as dt

    from tests.test_letters_s26l import PRC_CALENDAR

    folder = tmp_path / "ws"
    folder.mkdir()
    shutil.copytree(SAMPLES / "fitout-cn", folder / "fitout-cn")
    path = folder / "fitout-cn" / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8") + PRC_CALENDAR, encoding="utf-8")
    with make_client(folder, as_of=dt.date(2029, 7, 3)) as client:
        chinese = Browser(client, "zh")
        page = chinese.post("/p/fitout-cn/documents/letter", {"node": "P2", "stage": "notice", "lang": "zh"})
        said = text_of(page.text)
        assert "P2的诉讼时效已于2029-07-02届满" in said and "对账单" in said
        assert "--stage" not in said and "The limitation period" not in said
        english = Browser(client, "en")
        page = english.post("/p/fitout-cn/documents/letter", {"node": "P2", "stage": "final", "lang": "zh"})
        assert "the limitation period for P2 ended on 2029-07-02" in text_of(page.text)
    assert not (folder / "fitout-cn" / "outputs").exists() or not any((folder / "fitout-cn" / "outputs").iterdir())
