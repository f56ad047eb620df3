"""Edits of the project file as text (``render/edits.py``): only the value edited changes, every other byte stays."""

from __future__ import annotations

import codecs
import difflib
import os
import threading
from pathlib import Path

import pytest

from contractkit.errors import InputErrors
from contractkit.model.loading import parse_yaml
from contractkit.model.project import load_project
from contractkit.render.edits import (
    Append,
    ById,
    Conflict,
    EditError,
    Guard,
    Remove,
    Set,
    digest,
    edit_project,
    edit_text,
)
from contractkit.render.journal import journal_path
from tests.conftest import SAMPLES

SAMPLE = (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8")


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added), as a diff sees them."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


def test_a_scalar_is_replaced_in_place_keeping_its_comment() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "client", "address"), "1 New Street, Bristol")])
    removed, added = _changed_lines(SAMPLE, after)
    assert len(removed) == len(added) == 1
    assert added[0] == '    address: "1 New Street, Bristol"     # address for service: demands are sent here\n'


def test_a_quoted_value_stays_quoted_in_its_style() -> None:
    """The sample quotes its bank account "so they stay exactly as written", as its comment says: an edit keeps the
    quotes (and the comment true), though contractkit itself would read the plain digits as text."""
    after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "contractor", "bank", "account"), "60-02-08 99999999")])
    removed, added = _changed_lines(SAMPLE, after)
    assert len(removed) == len(added) == 1
    assert added[0].startswith('      account: "60-02-08 99999999"      # sort code and account number, quoted')
    single = SAMPLE.replace('account: "60-02-08 48213790"', "account: '60-02-08 48213790'")
    after = edit_text(single, "p.yaml", [Set(("parties", "contractor", "bank", "account"), "0121 O'Neil")])
    assert "      account: '0121 O''Neil'" in after
    assert parse_yaml(after, "p.yaml")[0]["parties"]["contractor"]["bank"]["account"] == "0121 O'Neil"


def test_text_that_yaml_would_misread_is_quoted() -> None:
    for value in ("NO", "0012345", "30%", "a: b", "# not a comment", "<script>alert(1)</script>", "line\nbreak", ""):
        after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "client", "name"), value)])
        data, _ = parse_yaml(after, "p.yaml")
        assert data["parties"]["client"]["name"] == value


def test_a_missing_key_is_added_at_the_mapping_indentation() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "client", "form"), "company")])
    removed, added = _changed_lines(SAMPLE, after)
    assert removed == [] and added == ["    form: company\n"]
    assert after.index("form: company") > after.index("size: large")


def test_a_missing_mapping_is_made_for_its_first_key() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "client", "bank", "name"), "HSBC")])
    assert "    bank: {name: HSBC}\n" in after


def test_removing_an_optional_key_removes_its_line_only() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("parties", "client", "email"), None)])
    removed, added = _changed_lines(SAMPLE, after)
    assert added == [] and removed == ["    email: fiona.gallagher@northgate-mutual.example\n"]


def test_keys_of_a_flow_mapping_are_edited_in_it() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("evidence", ById("E7"), "satisfies"), None)])
    assert "{id: E7, node: P3, title: Screenshot of the UAT dashboard, file:" in after
    after = edit_text(after, "p.yaml", [Set(("evidence", ById("E7"), "satisfies"), "UAT test summary report")])
    assert after == SAMPLE.replace(
        "satisfies: UAT test summary report, file: evidence/p3-uat-dashboard.png, date: 2026-07-09}",
        "file: evidence/p3-uat-dashboard.png, date: 2026-07-09, satisfies: UAT test summary report}",
    )


def test_a_due_rule_is_replaced_as_a_whole_in_its_style() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Set(("payment_schedule", ById("P2"), "due"), {"on": "2026-06-30"})])
    removed, added = _changed_lines(SAMPLE, after)
    assert added == ["    due: {on: 2026-06-30}\n"] and len(removed) == 1


def test_a_new_node_is_written_like_the_last_one() -> None:
    node = {
        "id": "P6",
        "title": "Extra",
        "share": "0%",
        "milestone": "m",
        "evidence": ["x"],
        "due": {"on": "2027-01-01"},
    }
    after = edit_text(SAMPLE, "p.yaml", [Append(("payment_schedule",), node)])
    assert '  - id: P6\n    title: Extra\n    share: "0%"\n    milestone: m\n    evidence: [x]\n' in after
    assert after.index("id: P6") < after.index("variations: []")


def test_a_node_is_removed_with_its_lines() -> None:
    after = edit_text(SAMPLE, "p.yaml", [Remove(("payment_schedule", ById("P4")))])
    removed, added = _changed_lines(SAMPLE, after)
    assert added == [] and removed[0] == "  - id: P4\n" and len(removed) == 8


def test_an_empty_flow_list_becomes_a_block_list_keeping_the_comment() -> None:
    text = "contractkit: 1\nevidence: []      # documents on hand\nevents: []\n"
    after = edit_text(text, "p.yaml", [Append(("evidence",), {"id": "E1", "title": "t"})])
    assert after == "contractkit: 1\nevidence:         # documents on hand\n  - {id: E1, title: t}\nevents: []\n"


def test_removing_the_last_item_leaves_an_empty_list() -> None:
    text = "a: 1\nitems:\n  - x\nb: 2\n"
    assert edit_text(text, "p.yaml", [Remove(("items", 0))]) == "a: 1\nitems:\n  []\nb: 2\n"


def test_crlf_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    raw = codecs.BOM_UTF8 + SAMPLE.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    edit_project(path, [Set(("parties", "client", "phone"), "0117 000 0000"), Set(("contract", "vat"), "17.5%")])
    after = path.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) and b"\n" not in after.replace(b"\r\n", b"")
    vat = next(line for line in after.split(b"\r\n") if line.startswith(b"  vat:"))
    assert vat.startswith(b'  vat: "17.5%" ') and vat.endswith(b"VAT included")  # the value changed, its comment kept
    assert b"    phone: 0117 000 0000\r\n" in after
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_an_edit_the_loader_refuses_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        edit_project(path, [Set(("contract", "signed_on"), "2026-02-30")])
    assert caught.value.errors[0].field == "contract.signed_on"
    assert path.read_text(encoding="utf-8") == SAMPLE
    assert not os.path.lexists(journal_path(path))


def test_a_guard_refuses_an_edit_of_a_value_changed_since_it_was_shown(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    shown = digest(load_project(path).project.model_dump(mode="json", by_alias=True)["parties"]["client"]["name"])
    data, _ = parse_yaml(SAMPLE, "p")
    assert digest(data["parties"]["client"]["name"]) == shown
    edit_project(path, [Set(("parties", "client", "name"), "Someone else plc")])
    with pytest.raises(Conflict):
        edit_project(path, [Guard(("parties", "client", "name"), shown), Set(("parties", "client", "name"), "X")])
    assert "Someone else plc" in path.read_text(encoding="utf-8")


def test_an_item_named_by_id_that_is_gone_is_a_conflict() -> None:
    with pytest.raises(Conflict):
        edit_text(SAMPLE, "p.yaml", [Set(("payment_schedule", ById("P9"), "title"), "x")])


def test_an_edit_that_cannot_be_made_as_text_is_refused() -> None:
    text = "contractkit: 1\nparties: {client: {name: A}}\n"
    with pytest.raises(EditError):  # the first key of a block list item cannot go on its own
        edit_text("items:\n  - id: a\n    title: b\n", "p.yaml", [Set(("items", 0, "id"), None)])
    assert "name: B" in edit_text(text, "p.yaml", [Set(("parties", "client", "name"), "B")])


def test_edits_at_once_all_land(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    errors: list[BaseException] = []

    def edit(i: int) -> None:
        try:
            edit_project(path, [Append(("events",), {"on": "2026-11-01", "type": "paid", "amount": f"{i}.00"})])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(i + 1,)) for i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    events = load_project(path).project.events
    assert sorted(str(e.amount) for e in events if e.on.isoformat() == "2026-11-01") == [f"{i}.00" for i in range(1, 6)]
