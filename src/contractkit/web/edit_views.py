"""Pages that edit the project file: contract and parties, the schedule, evidence, the ledger.

Every save goes through ``save``: the form's changed fields become text edits, made under the CLI's lock and
journal; the loader must read the result (else its messages go next to the fields and nothing is written), and
the rules may not find a new error in the part edited (else the same). What the rules say of the part edited
is shown next to its fields, as ``validate`` would say it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from contractkit.errors import ContractkitError
from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import parse_yaml
from contractkit.model.models import DeliveryMethod, DemandStage, DueBasis, NodeKind
from contractkit.model.project import LoadedProject, path_in_project
from contractkit.model.types import parse_date, parse_money
from contractkit.render.edits import Append, ById, Change, Conflict, Guard, Remove, digest, edit_project, value_at
from contractkit.render.output import command_inputs
from contractkit.rules import check_project
from contractkit.web import forms, security
from contractkit.web.app import as_of, open_project, project_ref, render, settings_of, translator
from contractkit.web.forms import Field, Notes, Section
from contractkit.web.i18n import N_, Translator
from contractkit.web.uploads import UploadError, check_upload, evidence_folder, evidence_target
from contractkit.web.workspace import Opened, ProjectRef, problems_of


def _q(text: str) -> str:
    """A part of an address: an id as written, quoted (``#``, ``?`` or ``%`` would end or change it)."""
    return quote(text, safe="")


#: What an id in the project file can be (model.types' ids): an address naming anything else names nothing.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def _id_of(request: Request, key: str) -> str:
    """The id an address names (a node, a criterion, an evidence item); 404 where it cannot be an id of the file,
    so that a NUL, a line break or a direction control in the address is never echoed into the page."""
    value = str(request.path_params[key])
    if not _ID.fullmatch(value):
        tr = translator(request)
        raise HTTPException(404, tr("There is nothing called %(id)s in this project.", id=repr(value)))
    return value


#: How often an upload takes the next free name when uploads of the same name at once took the one it chose.
UPLOAD_ATTEMPTS = 5

#: The hidden field a form carries: a fingerprint of its part of the file as the page showed it.
DIGEST_FIELD = "section_digest"


class Rejected(ContractkitError):
    """An edit the rules refuse: it brings a new error into the part of the file edited."""

    def __init__(self, notes: Notes) -> None:
        super().__init__("the change brings a validation error; nothing was saved")
        self.notes = notes


@dataclass
class SectionView:
    """A form as a page shows it: its fields' values and what is said of each."""

    section: Section
    values: dict[str, str]
    notes: Notes = field(default_factory=Notes)
    action: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    focus: bool = False  # the form just submitted: shown open

    def __post_init__(self) -> None:
        if self.notes.has_errors:
            self.focus = True

    @property
    def key(self) -> str:
        return self.section.key


def _index(data: Any, list_key: str, item_id: str) -> int | None:
    items = data.get(list_key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    return next((i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == item_id), None)


def _base(section: Section, data: Any) -> str | None:
    """The dotted path of the section in ``data``; None where its item is not (or no longer) there."""
    ids = [s for s in section.base if isinstance(s, ById)]
    if not ids:
        return forms.base_path(section.base)
    list_key = str(section.base[0])
    index = _index(data, list_key, ids[0].id)
    return None if index is None else forms.base_path(section.base, index)


def _at(data: Any, section: Section) -> Any:
    here = data
    for step in section.base:
        if isinstance(step, ById):
            index = _index({"x": here}, "x", step.id)
            here = here[index] if index is not None else None
        elif isinstance(here, dict):
            here = here.get(step)
        else:
            return None
    return here


def view(
    section: Section,
    opened: Opened,
    action: str,
    *,
    notes: Notes | None = None,
    values: dict[str, str] | None = None,
) -> SectionView:
    """A section's form with the file's values and the findings about them (or what was just refused)."""
    current = _at(opened.data, section)
    if values is None:
        values = {f.path: forms.shown(f, value_at(current, f.path)) for f in section.fields}
    if notes is None:
        base = _base(section, opened.data)
        notes = forms.notes_for(section, base, opened.findings) if base is not None else Notes()
    return SectionView(section, values, notes, action, extra={"digest": digest(current, _paths(section))})


def _paths(section: Section) -> tuple[str, ...]:
    """What a form's conflict check covers: its own fields (a change elsewhere in the file is no conflict)."""
    return tuple(f.path for f in section.fields)


def _plain(loaded: LoadedProject) -> Any:
    return parse_yaml(loaded.raw.decode("utf-8-sig"), str(loaded.path))[0]


def _key(section: Section, base: str, finding: Finding) -> tuple[str, str | None, str]:
    return finding.code, forms.field_for(section, base, finding.path), finding.message


def save(
    ref: ProjectRef,
    opened: Opened,
    section: Section,
    changes: Sequence[Change] | Callable[[Any], Sequence[Change]],
    *,
    appended: str | None = None,
    removed: bool = False,
    outputs: dict[Any, bytes] | None = None,
    tr: Translator | None = None,
) -> tuple[bool, Notes, str, str]:
    """Make ``changes`` (or the changes a function makes of the file as read under its lock); (saved, what to show
    next to the fields, the message for the page, a warning to add to it).

    ``appended`` names the list the edit adds one item to: the form's fields are that new last item's. With
    ``removed`` the section's item is gone after the edit: only the rest of the file is checked. A saved edit that
    leaves new errors elsewhere in the file (a price that no longer matches the nodes) is kept, for the next edit
    may be the one that mends it, and the message says where they are.
    """
    tr = tr or Translator("en")
    if not changes:
        return True, Notes(), tr("Nothing changed."), ""
    before_base = _base(section, opened.data) if opened.data is not None and not appended else None
    before = (
        {_key(section, before_base, f) for f in opened.findings if f.severity is Severity.ERROR}
        if before_base is not None
        else set()
    )
    elsewhere_before = {(f.code, f.path, f.message) for f in opened.findings if f.severity is Severity.ERROR}

    def locate(data: Any) -> str | None:
        if removed:
            return None
        if appended is None:
            return _base(section, data)
        items = data.get(appended) if isinstance(data, dict) else None
        return f"{appended}[{len(items) - 1}]" if isinstance(items, list) and items else None

    after_errors: list[Finding] = []

    def check(loaded: LoadedProject) -> None:
        base = locate(_plain(loaded))
        after = check_project(loaded)
        after_errors[:] = [f for f in after if f.severity is Severity.ERROR]
        if base is None:
            return
        concerning = [f for f in after if forms.field_for(section, base, f.path) is not None]
        new = [f for f in concerning if f.severity is Severity.ERROR and _key(section, base, f) not in before]
        if new:
            raise Rejected(forms.notes_for(section, base, concerning))

    inputs = command_inputs(opened.loaded) if opened.loaded is not None else None
    try:
        if inputs is not None:
            edit_project(ref.path, changes, check=check, outputs=outputs, inputs=inputs)
        else:
            edit_project(ref.path, changes, check=check, outputs=outputs)
    except Rejected as exc:
        return False, exc.notes, tr("Not saved: the change brings a validation error (next to the field)."), ""
    except Conflict as exc:
        notes = Notes()
        said = tr(
            "%(where)s: changed in the project file since this page was loaded (by another window, a contractkit run "
            "or an editor); nothing was written. Reload to see the file as it is now.",
            where=exc.where,
        )
        notes.add(None, "error", said)
        return False, notes, tr("Not saved: the file changed meanwhile."), ""
    except ContractkitError as exc:
        base = (
            _new_base(appended, opened.data) if appended else locate(opened.data) if opened.data is not None else None
        )
        notes = forms.notes_for(section, base or "", [], problems_of(exc))
        why = problems_of(exc)[0].message if not notes.fields else tr("see the fields")
        return False, notes, tr("Not saved: %(why)s", why=why), ""
    new_elsewhere = [f for f in after_errors if (f.code, f.path, f.message) not in elsewhere_before]
    if new_elsewhere:
        first = new_elsewhere[0]
        return (
            True,
            Notes(),
            tr("Saved."),
            tr.n(
                "Saved, but the project now has %(num)s new error elsewhere: %(first)s. Documents are refused until "
                "it is mended (see the overview).",
                "Saved, but the project now has %(num)s new errors elsewhere, the first: %(first)s. Documents are "
                "refused until they are mended (see the overview).",
                len(new_elsewhere),
                first=f"{first.code} {first.path}: {first.message}",
            ),
        )
    return True, Notes(), tr("Saved."), ""


def _new_base(list_key: str, data: Any) -> str:
    """Where an item appended to ``list_key`` lands: after the items the page saw."""
    items = data.get(list_key) if isinstance(data, dict) else None
    return f"{list_key}[{len(items) if isinstance(items, list) else 0}]"


# -- contract and parties ----------------------------------------------------------------------------------------


def _contract_sections() -> dict[str, Section]:
    return {
        "project": forms.project_section(),
        "client": forms.party_section("client"),
        "contractor": forms.party_section("contractor"),
    }


async def contract_page(request: Request) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    created = request.query_params.get("created")
    tr = translator(request)
    flash = (
        tr("Project created from the starter file: fill in the parties, then check the schedule and its evidence.")
        if created
        else None
    )
    return _contract(request, ref, opened, {}, flash)


def _contract(
    request: Request, ref: ProjectRef, opened: Opened, done: dict[str, SectionView], flash: str | None, kind: str = "ok"
) -> HTMLResponse:
    if opened.data is None:
        return _unreadable(request, ref, opened)
    sections = [
        done.get(key) or view(section, opened, f"{ref.url}/contract/{key}")
        for key, section in _contract_sections().items()
    ]
    return render(
        request,
        "contract.html",
        ref=ref,
        opened=opened,
        sections=sections,
        tab="contract",
        flash=flash,
        flash_kind=kind,
    )


def _unreadable(request: Request, ref: ProjectRef, opened: Opened) -> HTMLResponse:
    return render(request, "unreadable.html", ref=ref, opened=opened, tab="")


async def save_contract(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    key = str(request.path_params["section"])
    section = _contract_sections().get(key)
    if section is None or opened.data is None:
        tr = translator(request)
        return _contract(request, ref, opened, {}, tr("No such form."), "error")
    return _submit(request, ref, opened, section, form, f"{ref.url}/contract/{key}", _contract)


Page = Callable[[Request, ProjectRef, Opened, dict[str, SectionView], str | None, str], HTMLResponse]


def _submit(
    request: Request, ref: ProjectRef, opened: Opened, section: Section, form: FormData, action: str, page: Page
) -> HTMLResponse:
    """Save an existing part of the file from its form and show the page again."""
    tr = translator(request)
    values = {f.path: str(form.get(f.path) or "") for f in section.fields}
    missing = forms.required_missing(section.fields, form)
    if missing:
        done = {section.key: SectionView(section, values, missing, action)}
        return page(request, ref, opened, done, tr("Not saved: some required fields are empty."), "error")
    current = _at(opened.data, section)
    if current is None:
        text = tr("%(what)s is no longer in the file; nothing was saved.", what=section.heading(tr.lang))
        return page(request, ref, opened, {}, text, "error")
    changes = forms.changes_for(section, current, form)
    shown = str(form.get(DIGEST_FIELD) or "")
    if changes and shown:  # the part edited must still be as the page showed it, or the form would undo a change
        changes = [Guard(section.base, shown, _paths(section)), *changes]
    ok, notes, message, warning = save(ref, opened, section, changes, tr=tr)
    if not ok:
        kept = {"digest": shown} if shown else {}
        done = {section.key: SectionView(section, values, notes, action, extra=kept, focus=True)}
        return page(request, ref, opened, done, message, "error")
    fresh = open_project(request, ref)
    saved = view(section, fresh, action) if fresh.data is not None else None
    if saved is not None:
        saved.focus = True
    flash = tr("%(what)s: %(message)s", what=section.heading(tr.lang), message=message)
    return page(request, ref, fresh, {section.key: saved} if saved else {}, _with(flash, warning), _kind(warning))


# -- the schedule ------------------------------------------------------------------------------------------------


def _ids(opened: Opened, section: str) -> list[str]:
    """The ids of the entries of a list section of the project file, as written (entries that are not a mapping
    are the loader's to report)."""
    return [str(item.get("id")) for item in (opened.data or {}).get(section) or [] if isinstance(item, dict)]


def _criteria(opened: Opened) -> list[str]:
    return _ids(opened, "acceptance")


def _node_ids(opened: Opened) -> list[str]:
    return _ids(opened, "payment_schedule")


async def schedule_page(request: Request) -> Response:
    ref = project_ref(request)
    return _schedule(request, ref, open_project(request, ref), {}, None)


def _schedule(
    request: Request, ref: ProjectRef, opened: Opened, done: dict[str, SectionView], flash: str | None, kind: str = "ok"
) -> HTMLResponse:
    if opened.data is None:
        return _unreadable(request, ref, opened)
    criteria = _criteria(opened)
    nodes = []
    for node_id in _node_ids(opened):
        section = forms.node_section(node_id, criteria)
        nodes.append(done.get(section.key) or view(section, opened, f"{ref.url}/schedule/node/{_q(node_id)}"))
    new_node = done.get("node-new") or SectionView(
        forms.new_node_section(criteria), {}, Notes(), f"{ref.url}/schedule/add-node"
    )
    crits = []
    for criterion_id in criteria:
        section = forms.criterion_section(criterion_id)
        crits.append(done.get(section.key) or view(section, opened, f"{ref.url}/schedule/criterion/{_q(criterion_id)}"))
    new_criterion = done.get("criterion-new") or SectionView(
        forms.new_criterion_section(), {}, Notes(), f"{ref.url}/schedule/add-criterion"
    )
    general = [f for f in opened.findings if f.path in ("payment_schedule", "contract.price", "acceptance")]
    amounts = {}
    if opened.account is not None:
        amounts = {n.id: n.scheduled.payable for n in opened.account.nodes}
    elif opened.loaded is not None:
        try:
            from contractkit.account.schedule import compute_schedule

            amounts = {s.id: s.payable for s in compute_schedule(opened.loaded.project).nodes}
        except (ContractkitError, ArithmeticError, ValueError):
            amounts = {}
    tr = translator(request)
    return render(
        request,
        "schedule.html",
        ref=ref,
        opened=opened,
        nodes=nodes,
        new_node=new_node,
        criteria=crits,
        new_criterion=new_criterion,
        general=general,
        amounts=amounts,
        node_kinds={str(k): tr(f"node kind\x04{k}") for k in NodeKind},
        due_bases={str(b): tr(f"due after\x04{b}") for b in DueBasis},
        tab="schedule",
        flash=flash,
        flash_kind=kind,
    )


async def save_node(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    node_id = _id_of(request, "node")
    section = forms.node_section(node_id, _criteria(opened))
    return _submit(request, ref, opened, section, form, f"{ref.url}/schedule/node/{_q(node_id)}", _schedule)


async def save_criterion(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    criterion_id = _id_of(request, "criterion")
    section = forms.criterion_section(criterion_id)
    action = f"{ref.url}/schedule/criterion/{_q(criterion_id)}"
    return _submit(request, ref, opened, section, form, action, _schedule)


def _add(
    request: Request,
    ref: ProjectRef,
    opened: Opened,
    section: Section,
    list_key: str,
    form: FormData,
    action: str,
    page: Page,
) -> HTMLResponse:
    """Append a new item (a node, a criterion) made from its form, its id not used yet."""
    tr = translator(request)
    values = {f.path: str(form.get(f.path) or "") for f in section.fields}
    notes = forms.required_missing(section.fields, form)
    item_id = values.get("id", "").strip()
    existing = [str(i.get("id")) for i in (opened.data or {}).get(list_key) or [] if isinstance(i, dict)]
    if item_id and item_id in existing:
        notes.add("id", "error", tr("%(id)s is already used; give another id", id=item_id))
    if notes:
        return page(
            request,
            ref,
            opened,
            {section.key: SectionView(section, values, notes, action)},
            tr("Not added: see the fields."),
            "error",
        )
    item = forms.new_item(section.fields, form)
    ok, notes, message, warning = save(ref, opened, section, [Append((list_key,), item)], appended=list_key, tr=tr)
    if not ok:
        return page(request, ref, opened, {section.key: SectionView(section, values, notes, action)}, message, "error")
    added = tr("Added %(id)s.", id=item_id)
    return page(request, ref, open_project(request, ref), {}, _with(added, warning), _kind(warning))


async def add_node(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    section = forms.new_node_section(_criteria(opened))
    return _add(request, ref, opened, section, "payment_schedule", form, f"{ref.url}/schedule/add-node", _schedule)


async def add_criterion(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    section = forms.new_criterion_section()
    action = f"{ref.url}/schedule/add-criterion"
    return _add(request, ref, opened, section, "acceptance", form, action, _schedule)


def _references(opened: Opened, key: str, value: str) -> list[str]:
    """Where the file names ``value`` under ``key`` (a node in events and evidence, a criterion in nodes)."""
    data = opened.data or {}
    found = []
    for list_key in ("events", "evidence", "payment_schedule", "variations"):
        for i, item in enumerate(data.get(list_key) or []):
            if isinstance(item, dict) and item.get(key) == value:
                found.append(f"{list_key}[{i}]")
    return found


def _remove(
    request: Request, ref: ProjectRef, opened: Opened, list_key: str, item_id: str, key: str, page: Page
) -> HTMLResponse:
    """Remove an item no other part of the file names."""
    tr = translator(request)
    if opened.data is None:
        return _unreadable(request, ref, opened)
    if item_id not in _ids(opened, list_key):
        return page(
            request, ref, opened, {}, tr("%(id)s is no longer in the file; nothing was removed.", id=item_id), "error"
        )
    named = _references(opened, key, item_id) if key else []
    if named:
        shown = ", ".join(named[:5]) + (tr(" and more") if len(named) > 5 else "")
        text = tr("%(id)s cannot be removed: %(places)s name it.", id=item_id, places=shown)
        return page(request, ref, opened, {}, text, "error")
    section = Section(f"remove-{item_id}", item_id, (list_key, ById(item_id)), ())
    remove = [Remove((list_key, ById(item_id)))]
    ok, notes, message, warning = save(ref, opened, section, remove, removed=True, tr=tr)
    if not ok:
        text = notes.general[0][1] if notes.general else message
        return page(request, ref, opened, {}, tr("%(id)s was not removed: %(why)s", id=item_id, why=text), "error")
    done = tr("Removed %(id)s.", id=item_id)
    return page(request, ref, open_project(request, ref), {}, _with(done, warning), _kind(warning))


async def delete_node(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    return _remove(
        request,
        ref,
        open_project(request, ref),
        "payment_schedule",
        _id_of(request, "node"),
        "node",
        _schedule,
    )


async def delete_criterion(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    return _remove(
        request,
        ref,
        open_project(request, ref),
        "acceptance",
        _id_of(request, "criterion"),
        "acceptance",
        _schedule,
    )


# -- evidence ------------------------------------------------------------------------------------------------------


def _requirements(opened: Opened) -> list[str]:
    out: list[str] = []
    for node in (opened.data or {}).get("payment_schedule") or []:
        if isinstance(node, dict):
            out += [str(e) for e in node.get("evidence") or [] if str(e) not in out]
    return out


def _upload_fields(opened: Opened) -> tuple[Field, ...]:
    return forms.evidence_fields(_node_ids(opened), _requirements(opened))


async def evidence_page(request: Request) -> Response:
    ref = project_ref(request)
    return _evidence(request, ref, open_project(request, ref), {}, None)


def _evidence(
    request: Request, ref: ProjectRef, opened: Opened, done: dict[str, SectionView], flash: str | None, kind: str = "ok"
) -> HTMLResponse:
    if opened.data is None:
        return _unreadable(request, ref, opened)
    nodes, requirements = _node_ids(opened), _requirements(opened)
    items = []
    for item in (opened.data or {}).get("evidence") or []:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        section = forms.evidence_section(str(item["id"]), nodes, requirements)
        shown = done.get(section.key) or view(section, opened, f"{ref.url}/evidence/item/{_q(str(item['id']))}")
        shown.extra.update({"file": item.get("file") or "", "id": str(item["id"])})
        items.append(shown)
    day, _ = as_of(request)
    upload = done.get("upload") or SectionView(
        Section("upload", N_("Add evidence"), ("evidence",), _upload_fields(opened)),
        {"date": day.isoformat()},
        Notes(),
        f"{ref.url}/evidence/upload",
    )
    missing: list[tuple[str, list[str]]] = []
    if opened.loaded is not None:
        from contractkit.account.evidence import node_evidence

        for node in opened.loaded.project.payment_schedule:
            try:
                lacking = node_evidence(opened.loaded.project, ref.folder, node, check=False).missing
            except ContractkitError:
                continue
            if lacking:
                missing.append((node.id, lacking))
    return render(
        request,
        "evidence.html",
        ref=ref,
        opened=opened,
        items=items,
        upload=upload,
        missing=missing,
        max_upload=settings_of(request).max_upload,
        tab="evidence",
        flash=flash,
        flash_kind=kind,
    )


async def upload_evidence(request: Request, form: FormData) -> Response:
    """Store an uploaded file in evidence/ and register it, both or neither."""
    tr = translator(request)
    ref = project_ref(request)
    opened = open_project(request, ref)
    fields = _upload_fields(opened)
    section = Section("upload", "Add evidence", ("evidence",), fields)
    values = {f.path: str(form.get(f.path) or "") for f in fields}
    action = f"{ref.url}/evidence/upload"

    def refuse(notes: Notes, message: str) -> HTMLResponse:
        return _evidence(
            request, ref, opened, {"upload": SectionView(section, values, notes, action)}, message, "error"
        )

    if opened.data is None:
        return _unreadable(request, ref, opened)
    notes = forms.required_missing(fields, form)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        notes.add("file", "error", tr("choose the file to upload"))
    if notes:
        return refuse(notes, tr("Not added: see the fields."))
    assert isinstance(upload, UploadFile)
    limit = settings_of(request).max_upload
    data = await upload.read(limit + 1)
    filename = upload.filename or ""
    try:
        check_upload(data, filename, limit)
        relative, target = evidence_target(ref.folder, filename)
    except UploadError as exc:
        notes.add("file", "error", tr.error(exc))
        return refuse(notes, tr("Not added: the file was refused."))
    given = forms.new_item(fields, form)
    chosen: list[str] = []

    def register(data: Any) -> list[Change]:
        """The item under the next free id of the file as it is under the lock: two uploads at once get two."""
        items = data.get("evidence") if isinstance(data, dict) else None
        ids = [str(i.get("id")) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        chosen[:] = [_next_id("E", ids)]
        item: dict[str, Any] = {"id": chosen[0], **given, "file": relative}
        order = ("id", "node", "title", "satisfies", "file", "date")
        return [Append(("evidence",), {k: item[k] for k in order if k in item})]

    for _attempt in range(UPLOAD_ATTEMPTS):
        with evidence_folder(ref.folder) as undo:  # made for the file; taken away again if nothing is stored
            ok, notes, message, warning = save(
                ref, opened, section, register, appended="evidence", outputs={target: data}, tr=tr
            )
            if not ok:
                undo()
        # the name was free when chosen; another upload of the same name took it before this one held the lock
        # (this one wrote nothing: both or neither): the next free name, as for an upload that comes after it
        if ok or not os.path.lexists(target):
            break
        try:
            relative, target = evidence_target(ref.folder, filename)
        except UploadError as exc:
            notes = Notes()
            notes.add("file", "error", tr.error(exc))
            return refuse(notes, tr("Not added: the file was refused."))
    if not ok:
        return refuse(notes, message)
    flash = tr("Added %(id)s: %(file)s.", id=chosen[0], file=relative)
    return _evidence(request, ref, open_project(request, ref), {}, _with(flash, warning), _kind(warning))


def _next_id(prefix: str, existing: Sequence[str]) -> str:
    numbers = [int(i[len(prefix) :]) for i in existing if i.startswith(prefix) and i[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


async def save_evidence(request: Request, form: FormData) -> Response:
    ref = project_ref(request)
    opened = open_project(request, ref)
    item_id = _id_of(request, "item")
    section = forms.evidence_section(item_id, _node_ids(opened), _requirements(opened))
    return _submit(request, ref, opened, section, form, f"{ref.url}/evidence/item/{_q(item_id)}", _evidence)


async def delete_evidence(request: Request, form: FormData) -> Response:
    """Take an item out of the register (its file stays in evidence/: an input is never deleted)."""
    ref = project_ref(request)
    opened = open_project(request, ref)
    item_id = _id_of(request, "item")
    return _remove(request, ref, opened, "evidence", item_id, "proof", _evidence)


async def evidence_file(request: Request) -> Response:
    """An evidence file, as the register names it, from inside the project folder only."""
    ref = project_ref(request)
    opened = open_project(request, ref)
    item_id = _id_of(request, "item")
    item = next(
        (i for i in (opened.data or {}).get("evidence") or [] if isinstance(i, dict) and i.get("id") == item_id), None
    )
    tr = translator(request)
    if item is None or not item.get("file"):
        text = tr("No file is registered as %(id)s.", id=item_id)
        return render(request, "message.html", status=404, title=tr("Not found"), text=text)
    try:
        path = path_in_project(ref.folder, str(item["file"]))
    except ValueError as exc:
        text = tr("%(file)s: %(problem)s", file=str(item["file"]), problem=tr.core(str(exc)))
        return render(request, "message.html", status=404, title=tr("Refused"), text=text)
    if not path.is_file():
        text = tr("%(file)s: no such file", file=str(item["file"]))
        return render(request, "message.html", status=404, title=tr("Not found"), text=text)
    headers = {"Content-Security-Policy": "default-src 'none'; sandbox", "X-Content-Type-Options": "nosniff"}
    response = FileResponse(path, headers=headers, content_disposition_type="inline", filename=path.name)
    return security.apply_headers(response)


# -- the ledger ------------------------------------------------------------------------------------------------------


def _event_kind(value: str | None) -> str:
    return value if value in forms.EVENT_FIELDS else "paid"


def _event_fields(opened: Opened, kind: str) -> tuple[Field, ...]:
    return forms.event_fields(kind, _node_ids(opened), _ids(opened, "evidence"))


async def ledger_page(request: Request) -> Response:
    ref = project_ref(request)
    return _ledger(request, ref, open_project(request, ref), {}, None)


def _ledger(
    request: Request, ref: ProjectRef, opened: Opened, done: dict[str, SectionView], flash: str | None, kind: str = "ok"
) -> HTMLResponse:
    if opened.data is None:
        return _unreadable(request, ref, opened)
    tr = translator(request)
    day, _ = as_of(request)
    event_kind = _event_kind(request.query_params.get("type"))
    record = done.get("event") or SectionView(
        Section("event", N_("Record what happened"), ("events",), _event_fields(opened, event_kind)),
        {"on": day.isoformat(), "type": event_kind},
        Notes(),
        f"{ref.url}/ledger",
    )
    timeline: list[dict[str, Any]] = []
    currency = str(opened.loaded.project.contract.currency) if opened.loaded is not None else ""
    events = (opened.data or {}).get("events") or []
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            continue
        findings = [
            f for f in opened.findings if f.path == f"events[{index}]" or f.path.startswith(f"events[{index}].")
        ]
        timeline.append({"index": index, "event": event, "findings": findings, "shown": _shown(event, currency, tr)})
    timeline.sort(key=lambda t: (str(t["event"].get("on") or ""), t["index"]), reverse=True)
    return render(
        request,
        "ledger.html",
        ref=ref,
        opened=opened,
        record=record,
        timeline=timeline,
        labels=forms.EVENT_LABELS,
        letter_names={str(s): tr(f"letter\x04{s}") for s in DemandStage},
        delivery_names={str(d): tr(f"delivery\x04{d}") for d in DeliveryMethod},
        tab="ledger",
        flash=flash,
        flash_kind=kind,
    )


def _shown(event: dict[str, Any], currency: str, tr: Translator) -> dict[str, str]:
    """An event's sum and the dates its sentences name, as the documents write them (``人民币1,000.10元``,
    ``2026年12月1日``); a value the loader would refuse stays as the file writes it (its finding says why)."""
    shown: dict[str, str] = {}
    amount = event.get("amount")
    if amount not in (None, ""):
        try:
            shown["amount"] = tr.money(parse_money(amount), currency) if currency else str(amount)
        except (ValueError, ArithmeticError):
            shown["amount"] = str(amount)
    for key in ("delivered_on", "by"):
        value = event.get(key)
        if value in (None, "") or (key == "by" and event.get("type") != "promised"):
            continue
        try:
            shown[key] = tr.date(parse_date(value))
        except (ValueError, TypeError):
            shown[key] = str(value)
    return shown


async def event_fields_fragment(request: Request) -> Response:
    """The record form's fields for the kind of event chosen (htmx swaps them in as the kind changes)."""
    ref = project_ref(request)
    opened = open_project(request, ref)
    kind = _event_kind(request.query_params.get("type"))
    day, _ = as_of(request)
    given = {k: str(v) for k, v in request.query_params.items() if k not in ("type", "as_of")}
    values = {"on": given.get("on") or day.isoformat(), "type": kind, **{k: v for k, v in given.items() if k != "on"}}
    section = Section("event", N_("Record what happened"), ("events",), _event_fields(opened, kind))
    return render(request, "event_fields.html", ref=ref, record=SectionView(section, values, Notes(), ""))


async def record_event(request: Request, form: FormData) -> Response:
    """Append an event to the ledger, checked as validate checks it."""
    ref = project_ref(request)
    opened = open_project(request, ref)
    if opened.data is None:
        return _unreadable(request, ref, opened)
    kind = _event_kind(str(form.get("type") or ""))
    fields = _event_fields(opened, kind)
    section = Section("event", N_("Record what happened"), ("events",), fields)
    values = {f.path: str(form.get(f.path) or "") for f in fields}
    action = f"{ref.url}/ledger"
    tr = translator(request)
    notes = forms.required_missing(fields, form)
    if notes:
        return _ledger(
            request,
            ref,
            opened,
            {"event": SectionView(section, values, notes, action)},
            tr("Not recorded: some required fields are empty."),
            "error",
        )
    given = forms.new_item(fields, form)
    order = ("on", "node", "type", "amount")
    item = {k: given[k] for k in order if k in given}
    item.update({k: v for k, v in given.items() if k not in item})
    count = len((opened.data or {}).get("events") or [])

    ok, notes, message, warning = save(ref, opened, section, [Append(("events",), item)], appended="events", tr=tr)
    if not ok:
        if not notes.fields and not notes.general:
            notes.add(None, "error", message)
        return _ledger(request, ref, opened, {"event": SectionView(section, values, notes, action)}, message, "error")
    label = tr(forms.EVENT_LABELS.get(kind, kind))
    day = date_or_none(str(item["on"]))
    flash = tr(
        "Recorded: %(what)s on %(day)s (entry %(entry)s).",
        what=label,
        day=tr.date(day) if day else str(item["on"]),
        entry=count + 1,
    )
    return _ledger(request, ref, open_project(request, ref), {}, _with(flash, warning), _kind(warning))


def _with(flash: str, warning: str) -> str:
    return f"{flash} {warning}" if warning else flash


def _kind(warning: str) -> str:
    """The flash's look: done, or done with a warning (a saved edit that left errors elsewhere)."""
    return "warning" if warning else "ok"


def date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
