"""The main journeys in a real browser: Debian's Chromium, headless, driven by Playwright, against the server
as ``contractkit serve`` runs it. One browser session walks every journey in order; after each, the command
line reads the project file the browser left behind and must agree with what the page showed.

A PM who has never seen YAML: creates a project, fills in the parties and the schedule, validates, uploads the
evidence, records the application and a part payment, builds the application pack and the next letter (recorded
as sent) and downloads them. The last test photographs each page for the README (``docs/images/web-*.png``).

Chromium comes from Debian (``apt-get install chromium``, as ``.ci/run`` does), never from ``playwright install``;
without it these tests are skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contractkit.cli.main import main
from contractkit.web.i18n import COOKIE
from tests.conftest import ROOT
from tests.web.conftest import copy_samples
from tests.web.test_routes import _pdf_bytes

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is installed with the test extras")

CHROMIUM = next(
    (path for path in (os.environ.get("CONTRACTKIT_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium") if path),
    None,
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or not Path(CHROMIUM).is_file(),
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)

AS_OF = dt.date(2026, 11, 29)
IMAGES = ROOT / "docs" / "images"
PROJECT = "harbour-fitout"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_samples(tmp_path_factory.mktemp("web") / "projects", ("fitout-cn", "software-uk", "epc-intl"))
    (root / "old-tender").mkdir()
    (root / "old-tender" / "project.yaml").write_text(
        "contractkit: 1\nproject: {code: OT-1, name: Old tender}\nparties: [\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[str]:
    import uvicorn

    from contractkit.web.app import Settings, create_app
    from contractkit.web.security import LOCAL_HOSTS

    port = _free_port()
    app = create_app(Settings(folder, as_of=AS_OF, hosts=tuple(LOCAL_HOSTS)))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        )
        context = browser.new_context(
            base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-GB"
        )
        context.add_cookies([{"name": COOKIE, "value": "en", "url": server}])  # the English journeys first
        context.set_default_timeout(60_000)
        sync_api.expect.set_options(timeout=60_000)  # documents take seconds on a busy two-core machine
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.errors = errors  # type: ignore[attr-defined]
        yield tab
        context.close()
        browser.close()
    assert not errors, errors  # no script error and no refused resource on any page


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _settled(page: Any) -> None:
    # htmx binds the controls of swapped-in content only when it settles (20 ms after the swap);
    # a control used before then is a plain one and its change goes nowhere
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def _flash(page: Any, text: str) -> None:
    sync_api.expect(page.locator("#flash")).to_contain_text(text)
    _settled(page)


def _save(page: Any, form: str, expected: str = "Saved.") -> None:
    # wait for this form's own answer: the flash of the save before may still read "Saved."
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator(f"#form-{form} button[type=submit]").click()
    _flash(page, expected)


def test_create_a_project(page: Any, folder: Path) -> None:
    page.goto("/new")
    form = page.locator("#form-new")
    values = {
        "folder": PROJECT,
        "project.code": "HT-2026-004",
        "project.name": "Harbour Tower level 12 fit-out",
        "parties.client.name": "Harbour Tower Properties Ltd",
        "parties.contractor.name": "Quayside Interiors Ltd",
        "contract.number": "QI-2026-004",
        "contract.signed_on": "2026-03-02",
        "contract.price": "1,200,000.00",
    }
    for name, value in values.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("[name='language']").select_option("en")
    form.locator("[name='kind']").select_option("construction")
    form.locator("[name='contract.currency']").select_option("GBP")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/p/{PROJECT}/contract?created=1")
    _flash(page, "Project created")
    code, output = _cli("validate", str(folder / PROJECT))
    assert code == 0, output

    client = page.locator("#form-client")
    client.locator("[name='address']").fill("Harbour Tower, 1 Quay Street, Bristol BS1 4DJ")
    client.locator("[name='email']").fill("accounts@harbourtower.example")
    _save(page, "client")
    contractor = page.locator("#form-contractor")
    contractor.locator("[name='address']").fill("Unit 3, Wapping Wharf, Bristol BS1 6WP")
    contractor.locator("[name='bank.name']").fill("Lloyds Bank plc, Bristol")
    contractor.locator("[name='bank.account']").fill("30-94-57 01234567")
    _save(page, "contractor")
    from contractkit.model.project import load_project

    project = load_project(folder / PROJECT).project
    assert project.parties.client.address == "Harbour Tower, 1 Quay Street, Bristol BS1 4DJ"
    assert (
        project.parties.contractor.bank is not None and project.parties.contractor.bank.account == "30-94-57 01234567"
    )


def test_fill_in_the_schedule_and_validate(page: Any, folder: Path) -> None:
    page.goto(f"/p/{PROJECT}/schedule")
    page.locator("#nodes a[href='#node-P2']").click()
    node = page.locator("#form-node-P2")
    sync_api.expect(node).to_be_visible()
    node.locator("[name='share']").fill("30%")
    node.locator("[name='evidence']").fill(
        "Valuation of work done agreed by the Quantity Surveyor\nProgress photographs"
    )
    _save(page, "node-P2")
    # the shares no longer add up: the page says so, as validate does
    sync_api.expect(page.locator("#schedule-findings")).to_contain_text("SCH004")
    code, output = _cli("validate", str(folder / PROJECT))
    assert code == 1 and "SCH004" in output
    page.locator("#nodes a[href='#node-P4']").click()
    page.locator("#form-node-P4 [name='share']").fill("12%")
    _save(page, "node-P4")
    sync_api.expect(page.locator("#schedule-findings")).to_have_count(0)

    # a node without evidence is refused next to its field, and nothing is written
    before = (folder / PROJECT / "project.yaml").read_bytes()
    page.locator("#nodes a[href='#node-P5']").click()
    page.locator("#form-node-P5 [name='evidence']").fill("")
    _save(page, "node-P5", "Not saved")
    sync_api.expect(page.locator("#form-node-P5 [data-field='evidence'] .note.error")).to_contain_text("SCH002")
    assert (folder / PROJECT / "project.yaml").read_bytes() == before

    page.goto(f"/p/{PROJECT}")
    code, output = _cli("validate", str(folder / PROJECT), "--json")
    shown = page.locator("#findings-list li").evaluate_all(
        "items => items.map(i => i.dataset.code + ' ' + i.dataset.path)"
    )
    found = json.loads(output)["findings"]
    assert sorted(shown) == sorted(f"{f['code']} {f['path']}" for f in found)
    assert code == (1 if any(f["severity"] == "error" for f in found) else 0)


def test_upload_evidence(page: Any, folder: Path, tmp_path: Path) -> None:
    scan = tmp_path / "P2 valuation (signed).pdf"
    scan.write_bytes(_pdf_bytes())
    page.goto(f"/p/{PROJECT}/evidence")
    form = page.locator("#form-upload")
    form.locator("[name='node']").select_option("P2")
    form.locator("[name='title']").fill("Valuation of work done agreed by the Quantity Surveyor")
    form.locator("[name='date']").fill("2026-08-28")
    form.locator("[name='file']").set_input_files(str(scan))
    _save(page, "upload", "Added E1: evidence/P2-valuation-(signed).pdf.")
    assert (folder / PROJECT / "evidence" / "P2-valuation-(signed).pdf").read_bytes() == _pdf_bytes()
    sync_api.expect(page.locator("#missing-evidence")).to_contain_text("Progress photographs")


def _record(
    page: Any, kind: str, values: dict[str, str], selects: dict[str, str] | None = None, said: str = "Recorded:"
) -> None:
    _settled(page)
    form = page.locator("#form-event")
    form.locator("[name='type']").select_option(kind)
    sync_api.expect(page.locator(f"#event-fields[data-kind='{kind}']")).to_have_count(1)  # htmx swapped the fields in
    _settled(page)
    for name, value in {"node": "", **(selects or {})}.items():
        if value:
            sync_api.expect(form.locator(f"[name='{name}']")).to_be_visible()
            form.locator(f"[name='{name}']").select_option(value)
    for name, value in values.items():
        form.locator(f"[name='{name}']").fill(value)
    with page.expect_response(lambda response: response.request.method == "POST"):
        form.locator("button[type=submit]").click()
    _flash(page, said)


def test_record_the_application_and_a_payment(page: Any, folder: Path) -> None:
    page.goto(f"/p/{PROJECT}/ledger")
    _record(page, "applied", {"on": "2026-08-28", "amount": "360,000.00", "ref": "Application 2"}, {"node": "P2"})
    _record(page, "invoiced", {"on": "2026-09-04", "amount": "360,000.00", "ref": "Invoice QI-0042"}, {"node": "P2"})
    _record(page, "paid", {"on": "2026-10-06", "amount": "150,000.00", "ref": "BACS 88213"}, {"node": "P2"})
    sync_api.expect(page.locator("#timeline li")).to_have_count(3)
    sync_api.expect(page.locator("#timeline li").first).to_contain_text("paid by the client")

    page.goto(f"/p/{PROJECT}")
    code, output = _cli("status", str(folder / PROJECT), "--as-of", AS_OF.isoformat(), "--json")
    assert code == 0, output
    status = json.loads(output)
    for node in status["nodes"]:
        row = page.locator(f"#schedule tr[data-node='{node['node']}']")
        assert row.get_attribute("data-state") == node["state"]
        assert row.get_attribute("data-outstanding") == node["outstanding"]
        assert row.get_attribute("data-paid") == node["paid"]
        assert row.get_attribute("data-interest") == node["accrued_interest"]
        assert row.get_attribute("data-days") == str(node["days_overdue"])
    assert page.locator("#overdue").get_attribute("data-value") == status["overdue"]
    assert page.locator("#interest").get_attribute("data-value") == status["accrued_interest"]
    p2 = next(n for n in status["nodes"] if n["node"] == "P2")
    assert p2["state"] == "overdue" and p2["outstanding"] == "210000.00"


def test_produce_a_pack_and_a_letter_and_download_them(page: Any, folder: Path, tmp_path: Path) -> None:
    outputs = folder / PROJECT / "outputs"
    page.goto(f"/p/{PROJECT}/documents")
    pack = page.locator("#make-pack")
    pack.locator("[name='node']").select_option("P3")
    pack.locator("[name='allow_missing']").check()
    pack.locator("[name='pdf']").uncheck()
    pack.locator("button[type=submit]").click()
    _flash(page, "Built the application pack for P3")
    zip_link = page.locator("a[data-file='application-P3-2026-11-29/application-pack.zip']")
    with page.expect_download() as caught:
        zip_link.click()
    saved = tmp_path / "pack.zip"
    caught.value.save_as(saved)
    assert saved.read_bytes() == (outputs / "application-P3-2026-11-29" / "application-pack.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        assert "application-letter.docx" in archive.namelist() and "manifest.json" in archive.namelist()

    letter = page.locator("#make-letter")
    letter.locator("[name='node']").select_option("P2")
    letter.locator("[name='lang']").select_option("en")
    letter.locator("[name='record']").check()
    letter.locator("[name='via']").select_option("recorded-delivery")
    letter.locator("[name='tracking']").fill("RD 4471 2290 GB")
    letter.locator("button[type=submit]").click()
    _flash(page, "Wrote the reminder letter for P2 and recorded it in the ledger")
    name = "letter-P2-reminder-2026-11-29.docx"
    with page.expect_download() as caught:
        page.locator(f"a[data-file='{name}']").click()
    downloaded = tmp_path / name
    caught.value.save_as(downloaded)
    assert downloaded.read_bytes() == (outputs / name).read_bytes()
    if shutil.which("soffice"):  # the archival PDF copy beside the letter, pictured without converting
        assert (outputs / name.replace(".docx", ".pdf")).read_bytes().startswith(b"%PDF")
    preview = page.locator(f"img[src*='/preview/{name.removesuffix('.docx')}.']")
    sync_api.expect(preview).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle(), timeout=120_000)

    code, output = _cli("status", str(folder / PROJECT), "--as-of", AS_OF.isoformat(), "--json")
    p2 = next(n for n in json.loads(output)["nodes"] if n["node"] == "P2")
    assert [(n["stage"], n["via"]) for n in p2["notices"]] == [("reminder", "recorded-delivery")]
    assert p2["next_step"]["stage"] == "notice"
    code, output = _cli("validate", str(folder / PROJECT))
    assert code == 0, output


def test_portfolio_shows_the_new_project_and_the_unreadable_one(page: Any, folder: Path) -> None:
    page.goto("/?sort=overdue&dir=desc")
    rows = page.locator("#portfolio tbody tr")
    names = rows.evaluate_all("rows => rows.map(r => r.dataset.project)")
    assert names[-1] == "old-tender" and PROJECT in names
    sync_api.expect(page.locator("tr[data-project='old-tender'] [data-problem]")).to_contain_text(
        "old-tender/project.yaml:4: not valid YAML"
    )
    overdue = [float(v) for v in rows.evaluate_all("rows => rows.map(r => r.dataset.overdue).filter(Boolean)")]
    assert overdue == sorted(overdue, reverse=True)
    page.locator("#portfolio th a", has_text="Project").click()
    page.wait_for_url("**/?sort=project&dir=asc")


SCREENSHOTS = [
    ("web-portfolio.png", "/", None),
    ("web-overview.png", "/p/fitout-cn", "#working-P2"),
    ("web-contract.png", "/p/software-uk/contract", None),
    ("web-schedule.png", f"/p/{PROJECT}/schedule", "#node-P2"),
    ("web-evidence.png", "/p/software-uk/evidence", "#evidence-E5"),
    ("web-ledger.png", "/p/software-uk/ledger", None),
    ("web-documents.png", f"/p/{PROJECT}/documents", None),
    ("web-new-project.png", "/new", None),
]


def _changed(old: bytes, new: bytes) -> bool:
    """Whether a picture changed beyond anti-aliasing: more than a few hundred pixels differ, or its size."""
    from PIL import Image, ImageChops

    before, after = Image.open(io.BytesIO(old)).convert("RGB"), Image.open(io.BytesIO(new)).convert("RGB")
    if before.size != after.size:
        return True
    difference = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v > 16 else 0)
    return sum(difference.histogram()[255:]) > 400


def _keep(name: str, shot: bytes) -> None:
    """A picture for the README: checked, and written into docs/images only when asked for
    (``CONTRACTKIT_UPDATE_PICTURES=1``) and only where it changed beyond anti-aliasing, so that running the
    suite never changes the checkout; a difference never fails the suite."""
    assert shot.startswith(b"\x89PNG")
    if os.environ.get("CONTRACTKIT_UPDATE_PICTURES") != "1":
        return
    target = IMAGES / name
    if not target.is_file() or _changed(target.read_bytes(), shot):
        IMAGES.mkdir(parents=True, exist_ok=True)
        target.write_bytes(shot)


def test_screenshots_of_each_page(page: Any) -> None:
    """The README's pictures of the app (see ``_keep``)."""
    for name, url, opened in SCREENSHOTS:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if opened:
            page.locator(opened).evaluate("details => { details.open = true; }")
        for image in page.locator("img").all():
            page.wait_for_function("img => img.complete", arg=image.element_handle(), timeout=120_000)
        page.mouse.move(0, 0)  # no hover state in the picture
        shot = page.screenshot(full_page=name == "web-documents.png", animations="disabled", caret="hide")
        _keep(name, shot)


# -- the same journey in Chinese: a PM who reads no English --------------------------------------------------------

PROJECT_ZH = "binjiang-fitout"


def test_the_journey_in_chinese(page: Any, folder: Path) -> None:
    """Switch to Chinese, create a project, fill in the parties and the schedule, record the application, the
    invoice and a part payment, write the letter and record it as sent: every message in Chinese, and the file
    left behind one the command line reads the same."""
    page.goto("/")
    page.locator("#language button[value='zh']").click()
    sync_api.expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    sync_api.expect(page.locator("h1")).to_have_text("项目总览")

    page.goto("/new")
    form = page.locator("#form-new")
    values = {
        "folder": PROJECT_ZH,
        "project.code": "BJ-2026-008",
        "project.name": "滨江花园二期精装修工程",
        "parties.client.name": "杭州滨江置业有限公司",
        "parties.contractor.name": "杭州匠心装饰工程有限公司",
        "contract.number": "HT-2026-008",
        "contract.signed_on": "2026-03-02",
        "contract.price": "1,800,000.00",
    }
    for name, value in values.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("[name='language']").select_option("zh")
    form.locator("[name='contract.currency']").select_option("CNY")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/p/{PROJECT_ZH}/contract?created=1")
    _flash(page, "已按示例文件创建项目")
    page.locator("#form-client [name='address']").fill("杭州市滨江区江南大道100号")
    _save(page, "client", "已保存。")
    contractor = page.locator("#form-contractor")
    contractor.locator("[name='bank.name']").fill("招商银行杭州滨江支行")
    contractor.locator("[name='bank.account']").fill("5719 0000 0000 1234")
    _save(page, "contractor", "承包人：收款的一方，即您：已保存。")

    page.goto(f"/p/{PROJECT_ZH}/schedule")
    page.locator("#nodes a[href='#node-P4']").click()
    page.locator("#form-node-P4 [name='due.days']").fill("28")
    _save(page, "node-P4", "付款节点P4：已保存。")
    sync_api.expect(page.locator("#nodes tr[data-node='P4']")).to_contain_text("提交付款申请后28日")

    page.goto(f"/p/{PROJECT_ZH}/ledger")
    said = "已登记："
    _record(page, "applied", {"on": "2026-06-01", "amount": "306,000.00", "ref": "付款申请第4期"}, {"node": "P4"}, said)
    _record(page, "invoiced", {"on": "2026-06-05", "amount": "306,000.00"}, {"node": "P4"}, said)
    _record(page, "paid", {"on": "2026-07-20", "amount": "100,000.00"}, {"node": "P4"}, said)
    sync_api.expect(page.locator("#timeline li").first).to_contain_text("收到付款")

    page.goto(f"/p/{PROJECT_ZH}")
    row = page.locator("#schedule tr[data-node='P4']")
    assert row.get_attribute("data-state") == "overdue" and row.get_attribute("data-outstanding") == "206000.00"
    sync_api.expect(row).to_contain_text("已逾期")
    sync_api.expect(page.locator("#overdue")).to_have_text("人民币206,000.00元")

    page.goto(f"/p/{PROJECT_ZH}/documents")
    letter = page.locator("#make-letter")
    letter.locator("[name='node']").select_option("P4")
    letter.locator("[name='pdf']").uncheck()
    letter.locator("[name='record']").check()
    letter.locator("[name='via']").select_option("ems")
    letter.locator("[name='tracking']").fill("EA 1234 5678 9CN")
    letter.locator("button[type=submit]").click()
    _flash(page, "已生成P4的付款提醒函，并在付款记录中登记为已以中国邮政EMS发出")
    name = "letter-P4-reminder-2026-11-29.docx"
    sync_api.expect(page.locator(f"a[data-file='{name}']")).to_be_visible()

    code, output = _cli("status", str(folder / PROJECT_ZH), "--as-of", AS_OF.isoformat(), "--json")
    p4 = next(n for n in json.loads(output)["nodes"] if n["node"] == "P4")
    assert [(n["stage"], n["via"]) for n in p4["notices"]] == [("reminder", "ems")]
    code, output = _cli("validate", str(folder / PROJECT_ZH))
    assert code == 0, output


SCREENSHOTS_ZH = [
    ("web-portfolio-zh.png", "/"),
    ("web-overview-zh.png", "/p/fitout-cn"),
    ("web-ledger-zh.png", f"/p/{PROJECT_ZH}/ledger"),
]


def test_screenshots_in_chinese(page: Any) -> None:
    """The README's pictures of the Chinese pages (the journey above left the interface in Chinese)."""
    for name, url in SCREENSHOTS_ZH:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        sync_api.expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        page.mouse.move(0, 0)
        shot = page.screenshot(animations="disabled", caret="hide")
        _keep(name, shot)
