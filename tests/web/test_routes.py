"""Every route of ``contractkit serve``, through the app as a browser sends requests to it."""

from __future__ import annotations

import difflib
import functools
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from contractkit.cli.main import main
from contractkit.model.project import load_project
from tests.web.conftest import AS_OF, Browser, make_client, text_of


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    lines = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    return [d[2:] for d in lines if d.startswith("- ")], [d[2:] for d in lines if d.startswith("+ ")]


def _status(folder: Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["status", str(folder), "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.output)
    return payload


@functools.cache
def _pdf_bytes() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="UAT acceptance certificate")
    return bytes(pdf.output())


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


# -- reading pages ---------------------------------------------------------------------------------------------


def test_portfolio_shows_each_project_with_its_figures_and_aging(browser: Browser) -> None:
    page = browser.get("/")
    assert page.status_code == 200
    assert 'data-project="fitout-cn" data-overdue="520000.00" data-interest="50040.00"' in page.text
    assert 'data-project="software-uk"' in page.text
    assert 'data-currency="CNY"' in page.text and 'data-currency="GBP"' in page.text
    assert "P2: send the notice letter now" in page.text


def test_portfolio_sorts_by_each_column(browser: Browser) -> None:
    for key in ("project", "client", "currency", "due", "overdue", "oldest", "interest", "next", "nonsense"):
        for direction in ("asc", "desc"):
            assert browser.get(f"/?sort={key}&dir={direction}").status_code == 200
    ascending = browser.get("/?sort=overdue&dir=asc").text
    descending = browser.get("/?sort=overdue&dir=desc").text
    assert ascending.index('data-project="software-uk"') < ascending.index('data-project="fitout-cn"')
    assert descending.index('data-project="fitout-cn"') < descending.index('data-project="software-uk"')


def test_a_project_that_cannot_be_loaded_shows_its_located_error_in_its_row(workspace: Path, browser: Browser) -> None:
    (workspace / "broken").mkdir()
    (workspace / "broken" / "project.yaml").write_text("contractkit: 1\nproject: [\n", encoding="utf-8")
    invalid = workspace / "invalid"
    shutil.copytree(workspace / "software-uk", invalid)
    text = (invalid / "project.yaml").read_text(encoding="utf-8").replace('share: "35%"', 'share: "30%"')
    (invalid / "project.yaml").write_text(text, encoding="utf-8")
    page = browser.get("/?sort=overdue&dir=desc")
    assert "<code>broken/project.yaml:3: not valid YAML" in page.text
    assert "1 validation error; " in page.text and "SCH004" in page.text
    assert page.text.index('data-project="fitout-cn"') < page.text.index('data-project="broken"')
    assert browser.get("/p/broken").status_code == 200
    assert "not valid YAML" in browser.get("/p/broken/schedule").text


def test_overview_states_what_status_explain_states(workspace: Path, browser: Browser) -> None:
    page = browser.get("/p/fitout-cn")
    assert page.status_code == 200
    result = CliRunner().invoke(main, ["status", str(workspace / "fitout-cn"), "--as-of", "2026-11-29", "--explain"])
    for line in result.output.splitlines():
        stripped = line.strip()
        if stripped.startswith(("2026-", "interest CNY", "due:", "next:")):
            assert stripped.replace("&", "&amp;") in page.text, stripped
    status = _status(workspace / "fitout-cn")
    for node in status["nodes"]:  # type: ignore[attr-defined]
        assert (
            f'data-node="{node["node"]}" data-state="{node["state"]}" data-outstanding="{node["outstanding"]}"'
            in page.text
        )


def test_unknown_project_and_page_are_plain_404s(browser: Browser) -> None:
    for url in ("/p/nope", "/p/../etc", "/p/fitout-cn/nothing", "/nothing"):
        page = browser.get(url)
        assert page.status_code == 404
        assert "Traceback" not in page.text


def test_as_of_in_the_address_changes_the_date_and_a_bad_one_is_said(browser: Browser) -> None:
    assert "Payment schedule as of 2026-06-30" in browser.get("/p/fitout-cn?as_of=2026-06-30").text
    page = browser.get("/p/fitout-cn?as_of=2026-02-30")
    assert page.status_code == 200 and "is not a date in the calendar" in page.text


# -- editing -----------------------------------------------------------------------------------------------------


def test_saving_a_party_changes_only_that_line(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    before = path.read_text(encoding="utf-8")
    form = {k: v for k, v in form_values(browser, "/p/software-uk/contract", "client").items()}
    form["address"] = "1 Temple Quay, Bristol BS1 6DZ"
    page = browser.post("/p/software-uk/contract/client", form)
    assert page.status_code == 200 and "Saved." in page.text
    removed, added = _diff(before, path.read_text(encoding="utf-8"))
    assert added == ['    address: "1 Temple Quay, Bristol BS1 6DZ"     # address for service: demands are sent here\n']
    assert len(removed) == 1
    assert load_project(path).project.parties.client.address == "1 Temple Quay, Bristol BS1 6DZ"


def test_a_form_saved_unchanged_leaves_every_byte(workspace: Path, browser: Browser) -> None:
    path = workspace / "fitout-cn" / "project.yaml"
    before = path.read_bytes()
    for section in ("project", "client", "contractor"):
        form = form_values(browser, "/p/fitout-cn/contract", section)
        assert "Nothing changed." in browser.post(f"/p/fitout-cn/contract/{section}", form).text
    for node in ("P1", "P2", "P3", "P4", "P5"):
        form = form_values(browser, "/p/fitout-cn/schedule", f"node-{node}")
        assert "Nothing changed." in browser.post(f"/p/fitout-cn/schedule/node/{node}", form).text
    assert path.read_bytes() == before


def test_a_value_the_loader_refuses_is_said_next_to_its_field_and_not_written(
    workspace: Path, browser: Browser
) -> None:
    path = workspace / "software-uk" / "project.yaml"
    before = path.read_bytes()
    form = form_values(browser, "/p/software-uk/contract", "project")
    form["contract.signed_on"] = "2026-02-30"
    form["contract.price"] = "three hundred"
    page = browser.post("/p/software-uk/contract/project", form)
    assert "Not saved" in page.text
    field = page.text[page.text.index('data-field="contract.signed_on"') :]
    assert "is not a date in the calendar" in field[: field.index("</div>")]
    assert "is not an amount" in page.text
    assert 'value="2026-02-30"' in page.text  # what was typed stays in the form
    assert path.read_bytes() == before


def test_a_form_loaded_before_another_change_does_not_undo_it(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    form = form_values(browser, "/p/software-uk/contract", "client")
    assert form["section_digest"]
    text = path.read_text(encoding="utf-8").replace("Fiona Gallagher, Head of Digital Delivery", "Sam Okoro")
    path.write_text(text, encoding="utf-8")  # someone else changed the representative meanwhile
    form["phone"] = "0117 000 0000"
    page = browser.post("/p/software-uk/contract/client", form)
    assert "changed in the project file since this page was loaded" in page.text
    assert load_project(path).project.parties.client.representative == "Sam Okoro"
    fresh = form_values(browser, "/p/software-uk/contract", "client")
    fresh["phone"] = "0117 000 0000"
    assert "Saved." in browser.post("/p/software-uk/contract/client", fresh).text


def test_a_new_validation_error_in_the_part_edited_refuses_the_edit(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    before = path.read_bytes()
    form = form_values(browser, "/p/software-uk/schedule", "node-P2")
    form["evidence"] = ""
    page = browser.post("/p/software-uk/schedule/node/P2", form)
    assert "Not saved: the change brings a validation error" in page.text
    assert "SCH002" in page.text
    assert path.read_bytes() == before


def test_schedule_edits_add_and_remove_nodes(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    form = form_values(browser, "/p/software-uk/schedule", "node-P4")
    form["share"] = "20%"
    form["due.after"] = ""
    form["due.days"] = ""
    form["due.on"] = "2026-12-31"
    assert "Saved." in browser.post("/p/software-uk/schedule/node/P4", form).text
    new = {
        "id": "P6",
        "title": "Hypercare payment",
        "share": "5%",
        "milestone": "Four weeks of hypercare after go-live",
        "evidence": "Hypercare report\nHypercare invoice",
        "due.after": "application",
        "due.days": "30",
    }
    page = browser.post("/p/software-uk/schedule/add-node", new)
    assert "Added P6." in page.text
    project = load_project(path).project
    p4, p6 = project.node("P4"), project.node("P6")
    assert p4 is not None and p4.due is not None and str(p4.due.on) == "2026-12-31"
    assert p6 is not None and p6.evidence == ["Hypercare report", "Hypercare invoice"]
    assert "id P6 is already used" not in page.text
    again = browser.post("/p/software-uk/schedule/add-node", new)
    assert "P6 is already used" in again.text
    assert "P4 cannot be removed: events" not in browser.post("/p/software-uk/schedule/node/P6/delete").text
    assert load_project(path).project.node("P6") is None
    refused = browser.post("/p/software-uk/schedule/node/P3/delete")
    assert "P3 cannot be removed" in refused.text and load_project(path).project.node("P3") is not None


def test_acceptance_criteria_are_edited_added_and_removed(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    form = form_values(browser, "/p/software-uk/schedule", "criterion-AC-DESIGN")
    form["review_days"] = "12"
    assert "Saved." in browser.post("/p/software-uk/schedule/criterion/AC-DESIGN", form).text
    added = browser.post("/p/software-uk/schedule/add-criterion", {"id": "AC-HC", "title": "Hypercare sign-off"})
    assert "Added AC-HC." in added.text
    assert "Removed AC-HC." in browser.post("/p/software-uk/schedule/criterion/AC-HC/delete").text
    assert "AC-UAT1 cannot be removed" in browser.post("/p/software-uk/schedule/criterion/AC-UAT1/delete").text
    project = load_project(path).project
    assert [c.id for c in project.acceptance] == ["AC-DESIGN", "AC-UAT1", "AC-GOLIVE"]
    assert project.acceptance[0].review_days == 12


def test_recording_a_payment_appends_one_line_and_status_follows(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    before = path.read_text(encoding="utf-8")
    page = browser.post(
        "/p/software-uk/ledger",
        {"on": "2026-11-20", "type": "paid", "node": "P3", "amount": "86,000.00", "ref": "BACS NMA-PAY-26-1120"},
    )
    assert "Recorded: paid by the client on 2026-11-20" in page.text
    removed, added = _diff(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ['  - {on: 2026-11-20, node: P3, type: paid, amount: "86,000.00", ref: BACS NMA-PAY-26-1120}\n']
    p3 = next(n for n in _status(workspace / "software-uk")["nodes"] if n["node"] == "P3")  # type: ignore[attr-defined]
    assert p3["outstanding"] == "0.00"
    overview = browser.get("/p/software-uk").text
    assert 'data-node="P3" data-state="paid" data-outstanding="0.00"' in overview


def test_the_ledger_form_offers_every_kind_of_event() -> None:
    from contractkit.model.models import EventType
    from contractkit.web.forms import EVENT_FIELDS, EVENT_LABELS

    assert set(EVENT_FIELDS) == set(EVENT_LABELS) == {str(t) for t in EventType}


def test_an_event_lacking_what_its_type_needs_is_refused_next_to_the_field(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    before = path.read_bytes()
    page = browser.post("/p/software-uk/ledger", {"on": "2026-11-20", "type": "disputed", "node": "P3", "amount": "1"})
    assert "is required" in page.text and path.read_bytes() == before
    too_much = {"on": "2026-11-20", "type": "paid", "node": "P3", "amount": "900,000.00"}
    page = browser.post("/p/software-uk/ledger", too_much)
    assert "LED001" in page.text and path.read_bytes() == before
    early = {"on": "2025-01-01", "type": "paid", "node": "P3", "amount": "1.00"}
    assert "Not recorded" in browser.post("/p/software-uk/ledger", early).text or path.read_bytes() == before


@pytest.mark.parametrize(
    "event",
    [
        {"type": "applied", "node": "P4", "amount": "90,000.00", "delivered_on": "2026-11-23"},
        {"type": "acceptance_requested", "node": "P4", "enclosed": "Go-live acceptance certificate"},
        {"type": "accepted", "node": "P4", "ref": "GLA-01"},
        {"type": "rejected", "node": "P4", "reason": "Two Severity 2 defects open", "ref": "Email of 22 November"},
        {"type": "invoiced", "node": "P4", "amount": "90,000.00"},
        {"type": "notice", "node": "P3", "stage": "notice", "via": "courier", "tracking": "DX123", "delivered_on": ""},
        {"type": "acknowledged", "node": "P3", "amount": "86,000.00"},
        {"type": "certified", "node": "P3", "amount": "126,000.00", "by": "Fiona Gallagher"},
        {"type": "disputed", "node": "P3", "amount": "6,000.00", "reason": "Two defects open <b>at</b> UAT"},
        {"type": "promised", "node": "P3", "amount": "86,000.00", "by": "2026-12-15"},
        {"type": "payment_notice", "node": "P3", "amount": "86,000.00", "basis": "as applied"},
        {"type": "pay_less_notice", "node": "P3", "amount": "80,000.00", "basis": "defects"},
        {"type": "default_notice", "node": "P3", "amount": "86,000.00"},
    ],
    ids=lambda e: e["type"],
)
def test_every_kind_of_event_is_recorded_as_the_loader_reads_it(
    workspace: Path, browser: Browser, event: dict[str, str]
) -> None:
    path = workspace / "software-uk" / "project.yaml"
    if event["type"] == "rejected":  # a rejection answers a request for acceptance (DAT005)
        request = {"on": "2026-11-20", "type": "acceptance_requested", "node": "P4"}
        assert "Recorded:" in browser.post("/p/software-uk/ledger", request).text
    count = len(load_project(path).project.events)
    fields = browser.get(f"/p/software-uk/ledger/fields?type={event['type']}")
    assert fields.status_code == 200 and 'name="on"' in fields.text
    page = browser.post("/p/software-uk/ledger", {"on": "2026-11-22", **event})
    assert "Recorded:" in page.text, text_of(page.text)[:2000]
    events = load_project(path).project.events
    assert len(events) == count + 1 and str(events[-1].type) == event["type"]
    assert "<b>at</b>" not in browser.get("/p/software-uk/ledger").text


def test_evidence_upload_stores_the_file_and_registers_it_both_or_neither(workspace: Path, browser: Browser) -> None:
    folder = workspace / "software-uk"
    files = {"file": ("Go-live certificate.pdf", _pdf_bytes(), "application/pdf")}
    data = {"csrf_token": browser.token, "node": "P4", "title": "Go-live acceptance certificate", "date": "2026-11-25"}
    page = browser.client.post("/p/software-uk/evidence/upload", data=data, files=files)
    assert "Added E10: evidence/Go-live-certificate.pdf." in page.text
    assert (folder / "evidence" / "Go-live-certificate.pdf").read_bytes() == _pdf_bytes()
    item = load_project(folder / "project.yaml").project.evidence[-1]
    assert (item.id, item.node, item.file) == ("E10", "P4", "evidence/Go-live-certificate.pdf")
    view = browser.get("/p/software-uk/evidence/item/E10/file")
    assert view.status_code == 200 and view.content == _pdf_bytes()
    again = browser.client.post("/p/software-uk/evidence/upload", data=data, files=files)
    assert "evidence/Go-live-certificate-2.pdf" in again.text
    form = form_values(browser, "/p/software-uk/evidence", "evidence-E11")
    form["title"] = "Go-live acceptance certificate (signed copy)"
    assert "Saved." in browser.post("/p/software-uk/evidence/item/E11", form).text
    assert "Removed E11." in browser.post("/p/software-uk/evidence/item/E11/delete").text
    assert (folder / "evidence" / "Go-live-certificate-2.pdf").is_file()  # an input is never deleted
    assert "E9 cannot be removed" in browser.post("/p/software-uk/evidence/item/E9/delete").text


def test_an_image_upload_is_taken_and_a_fake_one_refused(workspace: Path, browser: Browser) -> None:
    data = {"csrf_token": browser.token, "node": "P4", "title": "Photo of the dashboard"}
    ok = browser.client.post(
        "/p/software-uk/evidence/upload", data=data, files={"file": ("dash.PNG", _png_bytes(), "image/png")}
    )
    assert "evidence/dash.png" in ok.text
    fake = browser.client.post(
        "/p/software-uk/evidence/upload", data=data, files={"file": ("dash.png", b"<html>error</html>", "image/png")}
    )
    assert "it is an HTML page" in fake.text and not (workspace / "software-uk" / "evidence" / "dash-2.png").exists()


def test_a_new_project_is_created_from_the_form(workspace: Path, browser: Browser) -> None:
    form = {
        "folder": "harbour-fitout",
        "language": "bilingual",
        "kind": "construction",
        "project.code": "HB-2026-001",
        "project.name": "Harbour Tower fit-out <script>alert(1)</script>",
        "parties.client.name": "Harbour Tower Ltd",
        "parties.contractor.name": "Kowloon Interiors Ltd",
        "contract.number": "HT-FO-001",
        "contract.signed_on": "2026-03-01",
        "contract.currency": "HKD",
        "contract.price": "2,400,000.00",
    }
    page = browser.post("/new", form, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/p/harbour-fitout/contract?created=1"
    project = load_project(workspace / "harbour-fitout").project
    assert str(project.language) == "bilingual" and project.contract.currency == "HKD"
    assert project.parties.client.address is None and project.parties.contractor.bank is None
    assert (workspace / "harbour-fitout" / "evidence").is_dir()
    page = browser.get("/p/harbour-fitout/contract?created=1")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    again = browser.post("/new", form)
    assert "already exists" in again.text


def test_a_new_project_with_bad_values_says_so_by_field(workspace: Path, browser: Browser) -> None:
    form = {"folder": "../escape", "language": "xx", "kind": "construction", "contract.price": "lots"}
    page = browser.post("/new", form)
    assert page.status_code == 200 and "is required" in page.text and "use letters, digits" in page.text
    assert not (workspace.parent / "escape").exists()
    form = {
        "folder": "ok",
        "language": "en",
        "kind": "software",
        "project.code": "X 1",
        "project.name": "n",
        "parties.client.name": "c",
        "parties.contractor.name": "k",
        "contract.number": "1",
        "contract.signed_on": "2026-13-01",
        "contract.currency": "GBP",
        "contract.price": "lots",
    }
    page = browser.post("/new", form)
    assert "is not a date" in page.text and "is not an amount" in page.text
    assert not (workspace / "ok").exists()


# -- documents ---------------------------------------------------------------------------------------------------


def test_documents_are_produced_listed_downloaded_and_previewed(workspace: Path, browser: Browser) -> None:
    folder = workspace / "software-uk"
    letter = browser.post("/p/software-uk/documents/letter", {"node": "P3", "stage": "", "lang": "en"})
    assert "Wrote the notice letter for P3" in letter.text
    name = "letter-P3-notice-2026-11-29.docx"
    assert (folder / "outputs" / name).is_file()
    download = browser.get(f"/p/software-uk/files/{name}")
    assert download.status_code == 200 and download.content == (folder / "outputs" / name).read_bytes()
    assert "attachment" in download.headers["content-disposition"]
    report = browser.post("/p/software-uk/documents/report", {"lang": "en", "since": "2026-10-31"})
    assert "Wrote the progress report" in report.text
    assert (folder / "outputs" / "report-2026-11-29.png").is_file()
    pack = browser.post("/p/software-uk/documents/pack", {"node": "P4", "lang": "en", "allow_missing": "1"})
    assert "Built the application pack for P4" in pack.text
    assert (folder / "outputs" / "application-P4-2026-11-29" / "application-pack.zip").is_file()
    refused = browser.post("/p/software-uk/documents/pack", {"node": "P4", "lang": "en"})
    assert "Not written: node P4 cannot be applied for yet" in refused.text
    assert "--allow-missing" not in refused.text  # the page's own checkbox, not the command's flag
    assert "Mark missing evidence" in refused.text
    if shutil.which("soffice") and shutil.which("pdftoppm"):
        preview = browser.get(f"/p/software-uk/preview/{name}")
        assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    page = browser.get("/p/software-uk/documents")
    assert f'data-file="{name}"' in page.text and 'data-file="application-P4-2026-11-29/manifest.json"' in page.text


def test_a_letter_recorded_as_sent_lands_in_the_ledger_with_it(workspace: Path, browser: Browser) -> None:
    path = workspace / "software-uk" / "project.yaml"
    form = {"node": "P3", "stage": "", "lang": "en", "record": "1", "via": "recorded-delivery", "tracking": "RD1"}
    page = browser.post("/p/software-uk/documents/letter", form)
    assert "recorded it in the ledger as sent by recorded-delivery" in page.text
    event = load_project(path).project.events[-1]
    assert (str(event.type), str(event.stage), str(event.via), event.tracking) == (
        "notice",
        "notice",
        "recorded-delivery",
        "RD1",
    )
    refused = browser.post("/p/software-uk/documents/letter", {**form, "via": ""})
    assert "say how it is sent" in refused.text


def test_letters_about_what_the_client_answered_are_refused_with_the_reason(browser: Browser) -> None:
    for stage, reason in (
        ("dispute-reply", "no dispute is recorded"),
        ("default-notice", "Housing Grants, Construction and Regeneration Act 1996"),
        ("notified-sum", "Housing Grants, Construction and Regeneration Act 1996"),
    ):
        page = browser.post("/p/software-uk/documents/letter", {"node": "P3", "stage": stage, "lang": "en"})
        assert "Not written:" in page.text and reason in page.text, stage
    page = browser.post("/p/software-uk/documents/letter", {"node": "P3", "stage": "acknowledgment", "lang": "en"})
    assert "Wrote the acknowledgment letter" in page.text


def test_downloads_reach_nothing_outside_the_outputs_folder(workspace: Path, browser: Browser) -> None:
    (workspace / "software-uk" / "outputs").mkdir()
    for path in ("../project.yaml", "..%2Fproject.yaml", "%2E%2E/project.yaml", "/etc/passwd", ".hidden", "a/b/c"):
        page = browser.get(f"/p/software-uk/files/{path}")
        assert page.status_code == 404, path
        assert b"contractkit: 1" not in page.content
    assert browser.get("/p/software-uk/preview/../project.yaml").status_code == 404


# -- helpers ---------------------------------------------------------------------------------------------------------


def form_values(browser: Browser, url: str, section: str) -> dict[str, str]:
    """The values a form shows, as a browser would submit them unchanged."""
    import html as html_lib
    import re

    page = browser.get(url).text
    start = page.index(f'id="form-{section}"')
    form = page[start : page.index("</form>", start)]
    values: dict[str, str] = {}
    for match in re.finditer(r"<input ([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        if "name" not in attrs or attrs["name"] == "csrf_token":
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in match.group(0):
                values[attrs["name"]] = attrs.get("value", "on")
            continue
        values[attrs["name"]] = html_lib.unescape(attrs.get("value", ""))
    for match in re.finditer(r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        text = match.group(2)
        values[match.group(1)] = html_lib.unescape(text[1:] if text.startswith("\n") else text)  # as HTML parses it
    for match in re.finditer(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', match.group(2))
        first = re.search(r'<option value="([^"]*)"', match.group(2))
        values[match.group(1)] = html_lib.unescape((chosen or first).group(1)) if (chosen or first) else ""
    return values


def test_the_app_can_be_made_over_an_empty_folder(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        browser = Browser(client)
        assert "No project files here yet." in browser.get("/").text
        assert "Start a project" in browser.get("/new").text
