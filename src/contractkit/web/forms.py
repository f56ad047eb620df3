"""Forms instead of YAML: each section of the project file as fields, and a submitted form as the edits it makes.

A field's name is the dotted path of its value under the section's place in the file (``client.name`` under
``parties``), so that what the loader and the rules say about a path lands next to the field it concerns.
Only fields whose value changed become edits: a form saved unchanged leaves the file's bytes as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contractkit.model.findings import Finding
from contractkit.model.loading import dotted
from contractkit.model.models import (
    ContractForm,
    DeliveryMethod,
    DemandStage,
    DueBasis,
    Jurisdiction,
    Language,
    NodeKind,
    PartyForm,
    PartySize,
    ProjectKind,
)
from contractkit.model.types import MINOR_UNITS, parse_bool
from contractkit.render.edits import Append, ById, Change, Set, Value, value_at
from contractkit.web.i18n import CONTEXT, N_, gettext
from contractkit.web.workspace import Problem

Choices = tuple[tuple[str, str], ...]


def _choices(values: Iterable[str], blank: str | None = None) -> Choices:
    """Choices among the file's own values (ids, codes, the user's words), shown as they are."""
    out = [(v, v) for v in values]
    return ((("", N_(blank)),) if blank is not None else ()) + tuple(out)


def _enum(values: Iterable[str], context: str, blank: str | None = None) -> Choices:
    """Choices among a field's fixed values: the value itself in English, its translation in Chinese."""
    out = [(str(v), N_(f"{context}{CONTEXT}{v}")) for v in values]
    return ((("", N_(blank)),) if blank is not None else ()) + tuple(out)


FLAG: Choices = (("", N_("as the contract's clause says")), ("true", N_("yes")), ("false", N_("no")))


@dataclass(frozen=True)
class Field:
    """One value of the project file, as a form shows it."""

    path: str  # dotted, under the section's base; also the input's name
    label: str
    kind: str = "text"  # text | area | date | select | flag (yes/no/default) | lines | check | number | money | percent
    choices: Choices = ()
    required: bool = False
    hint: str = ""
    example: str = ""  # a value of the right form, shown greyed in the empty input (its HTML placeholder)

    def __post_init__(self) -> None:  # labels and hints are the app's own wording: translated where shown
        object.__setattr__(self, "label", N_(self.label))
        if self.hint:
            object.__setattr__(self, "hint", N_(self.hint))


@dataclass(frozen=True)
class Section:
    """A part of the project file edited by one form."""

    key: str  # names the form in the page and its address
    title: str
    base: tuple[str | int | ById, ...]
    fields: tuple[Field, ...]
    #: Fields under these paths go as a whole when all of them are left empty (a bank account, a due rule).
    groups: tuple[str, ...] = ()
    #: The id in the title (``Payment node %(id)s``).
    named: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", N_(self.title))

    def heading(self, lang: str) -> str:
        """The title in ``lang``, with its id."""
        text = gettext(lang, self.title)
        return text % {"id": self.named} if self.named else text

    def field(self, path: str) -> Field | None:
        return next((f for f in self.fields if f.path == path), None)


# -- the sections -------------------------------------------------------------------------------------------------


def project_section() -> Section:
    return Section(
        "project",
        "Project and contract",
        (),
        (
            Field("project.code", "Project code", required=True, hint="letters, digits and hyphens, e.g. FIT-2026-017"),
            Field("project.name", "Project name", required=True),
            Field("project.kind", "Kind of work", "select", _enum(ProjectKind, "project kind", "not stated")),
            Field("project.location", "Location"),
            Field("project.start", "Planned start", "date"),
            Field("project.finish", "Planned finish", "date"),
            Field("language", "Document language", "select", _enum(Language, "language")),
            Field("jurisdiction", "Governing law", "select", _enum(Jurisdiction, "jurisdiction")),
            Field("contract.number", "Contract number", required=True),
            Field("contract.title", "Contract title", hint="empty: made from the project name"),
            Field("contract.signed_on", "Signed on", "date", required=True),
            Field("contract.currency", "Currency", "select", _choices(MINOR_UNITS)),
            Field("contract.price", "Contract price", "money", required=True, example="2,400,000.00"),
            Field("contract.retention", "Retention", "percent", example="3%"),
            Field("contract.vat", "VAT added to the amounts", "percent", example="20%"),
            Field("contract.form", "Standard conditions", "select", _enum(ContractForm, "contract form", "none")),
            Field("escalation.reminder", "Reminder, days overdue", "number", example="1"),
            Field("escalation.notice", "Formal notice, days overdue", "number", example="15"),
            Field("escalation.suspension", "Suspension, days overdue", "number", hint="only with a suspension clause"),
            Field("escalation.final", "Final demand, days overdue", "number", example="30"),
        ),
    )


def party_section(party: str) -> Section:
    """The client's or the contractor's details (the contractor's with the bank account payments go to)."""
    client = party == "client"
    fields = [
        Field("name", "Full registered name", required=True),
        Field("address", "Address for service", "area", hint="letters are sent here"),
        Field("representative", "Representative", hint="name, position"),
        Field("salutation", "Greeting in English letters", example="Ms Gallagher", hint="after “Dear”"),
        Field("email", "Email"),
        Field("phone", "Phone"),
        Field("registration", "Registration number", hint="统一社会信用代码, company number"),
        Field(
            "size",
            "Size",
            "select",
            _enum(PartySize, "party size", "not stated"),
            hint="for the SME Payment Regulations",
        ),
        Field("form", "Legal form", "select", _enum(PartyForm, "party form", "company (default)")),
    ]
    if not client:
        fields += [
            Field("bank.name", "Bank and branch", hint="where the client is to pay"),
            Field("bank.account", "Account number", hint="kept exactly as written"),
            Field("bank.account_name", "Account holder", hint="where it differs from the name"),
            Field("bank.swift", "SWIFT/BIC"),
        ]
    title = "Client: the party that pays" if client else "Contractor: you, the party to be paid"
    return Section(party, title, ("parties", party), tuple(fields), groups=() if client else ("bank",))


def node_fields(criteria: Sequence[str], *, new: bool) -> tuple[Field, ...]:
    fields = [Field("id", "Node id", required=True, example="P5")] if new else []
    fields += [
        Field("title", "Title", required=True),
        Field("kind", "Kind", "select", _enum(NodeKind, "node kind", "progress (default)")),
        Field("share", "Share of the price", "percent", example="30%", hint="or an amount, not both"),
        Field("amount", "Fixed amount", "money", example="720,000.00"),
        Field("milestone", "Milestone", "area", hint="the event that makes the node payable"),
        Field("acceptance", "Acceptance criterion", "select", _choices(criteria, "none")),
        Field("evidence", "Evidence that proves it", "lines", hint="one document a line"),
        Field("due.after", "Due after", "select", _enum(DueBasis, "due after", "—")),
        Field("due.days", "days", "number"),
        Field("due.working_days", "working days", "check"),
        Field("due.on", "or due on", "date"),
        Field("retention", "Retention withheld", "flag", (("", N_("by kind: progress and final nodes")), *FLAG[1:])),
    ]
    return tuple(fields)


def node_section(node_id: str, criteria: Sequence[str]) -> Section:
    return Section(
        f"node-{node_id}",
        "Payment node %(id)s",
        ("payment_schedule", ById(node_id)),
        node_fields(criteria, new=False),
        groups=("due",),
        named=node_id,
    )


def new_node_section(criteria: Sequence[str]) -> Section:
    return Section("node-new", "Add a payment node", ("payment_schedule",), node_fields(criteria, new=True))


def criterion_fields(*, new: bool) -> tuple[Field, ...]:
    fields = [Field("id", "Criterion id", required=True, example="AC-FINAL")] if new else []
    fields += [
        Field("title", "Title", required=True),
        Field("criteria", "What must be true for acceptance", "lines", hint="one a line"),
        Field("review_days", "Review period (days)", "number"),
        Field("deemed_accepted", "Accepted when the period passes in silence", "flag", FLAG),
        Field("documents", "A request for acceptance encloses", "lines", hint="one document a line"),
    ]
    return tuple(fields)


def criterion_section(criterion_id: str) -> Section:
    return Section(
        f"criterion-{criterion_id}",
        "Acceptance criterion %(id)s",
        ("acceptance", ById(criterion_id)),
        criterion_fields(new=False),
        named=criterion_id,
    )


def new_criterion_section() -> Section:
    return Section("criterion-new", "Add an acceptance criterion", ("acceptance",), criterion_fields(new=True))


def evidence_fields(nodes: Sequence[str], requirements: Sequence[str]) -> tuple[Field, ...]:
    return (
        Field("node", "For node", "select", _choices(nodes, "none (general)")),
        Field("title", "Title", required=True),
        Field(
            "satisfies",
            "Meets the requirement",
            "select",
            _choices(requirements, "the one its title names"),
            hint="where the title differs from the node's requirement",
        ),
        Field("date", "Date", "date"),
    )


def evidence_section(item_id: str, nodes: Sequence[str], requirements: Sequence[str]) -> Section:
    return Section(
        f"evidence-{item_id}",
        "Evidence %(id)s",
        ("evidence", ById(item_id)),
        evidence_fields(nodes, requirements),
        named=item_id,
    )


# -- events ---------------------------------------------------------------------------------------------------------

#: What each kind of event records, beyond its date and type (see rules/ledger.py for what each needs).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "applied": ("node", "amount", "delivered_on", "enclosed", "ref", "note"),
    "acceptance_requested": ("node", "delivered_on", "enclosed", "ref", "note"),
    "accepted": ("node", "ref", "note"),
    "rejected": ("node", "reason", "ref", "note"),
    "invoiced": ("node", "amount", "delivered_on", "ref", "note"),
    "paid": ("node", "amount", "ref", "note"),
    "notice": ("node", "stage", "via", "tracking", "delivered_on", "proof", "ref", "note"),
    "acknowledged": ("node", "amount", "ref", "note"),
    "certified": ("node", "amount", "by", "basis", "ref", "note"),
    "disputed": ("node", "amount", "reason", "ref", "note"),
    "resolved": ("node", "amount", "ref", "note"),
    "promised": ("node", "amount", "by", "ref", "note"),
    "payment_notice": ("node", "amount", "by", "basis", "ref", "note"),
    "pay_less_notice": ("node", "amount", "basis", "ref", "note"),
    "default_notice": ("node", "amount", "basis", "ref", "note"),
}

EVENT_LABELS = {
    "applied": N_("applied for payment"),
    "acceptance_requested": N_("requested acceptance"),
    "accepted": N_("accepted by the client"),
    "rejected": N_("work rejected by the client"),
    "invoiced": N_("invoiced"),
    "paid": N_("paid by the client"),
    "notice": N_("letter sent (notice)"),
    "acknowledged": N_("debt acknowledged by the client"),
    "certified": N_("certified by the client"),
    "disputed": N_("disputed by the client"),
    "resolved": N_("dispute resolved"),
    "promised": N_("payment promised"),
    "payment_notice": N_("client's payment notice"),
    "pay_less_notice": N_("client's pay less notice"),
    "default_notice": N_("your notice in default"),
}

#: Field labels that depend on the kind of event.
_AMOUNT = {
    "applied": N_("Amount applied for"),
    "paid": N_("Amount paid"),
    "certified": N_("Amount certified"),
    "disputed": N_("Amount disputed"),
    "resolved": N_("Agreed payable of the disputed part (0.00 where none)"),
    "promised": N_("Amount promised (empty: the whole sum)"),
    "payment_notice": N_("Sum the client considers due"),
    "pay_less_notice": N_("Sum the client considers due"),
    "default_notice": N_("Sum you consider due"),
    "invoiced": N_("Amount invoiced"),
    "acknowledged": N_("Amount acknowledged"),
}
_REQUIRED = {
    "paid": ("amount",),
    "notice": ("node", "stage"),
    "certified": ("node", "amount"),
    "disputed": ("node", "amount", "reason"),
    "rejected": ("node", "reason"),
    "resolved": ("node", "amount"),
    "promised": ("node", "by"),
    "payment_notice": ("node", "amount"),
    "pay_less_notice": ("node", "amount"),
    "default_notice": ("node", "amount"),
}


def event_fields(kind: str, nodes: Sequence[str], evidence: Sequence[str]) -> tuple[Field, ...]:
    """The fields of an event of ``kind``: its date and type, then what that kind records."""
    required = set(_REQUIRED.get(kind, ("node",)))
    fields = [
        Field("on", "Date", "date", required=True),
        Field("type", "What happened", "select", tuple((k, EVENT_LABELS[k]) for k in EVENT_FIELDS), required=True),
    ]
    for name in EVENT_FIELDS.get(kind, ()):
        fields.append(_event_field(name, kind, nodes, evidence, name in required))
    return tuple(fields)


def _event_field(name: str, kind: str, nodes: Sequence[str], evidence: Sequence[str], required: bool) -> Field:
    if name == "node":
        blank = "none: pays the oldest debt first" if kind == "paid" else ("—" if required else "none")
        return Field("node", "Payment node", "select", _choices(nodes, blank), required=required)
    if name == "amount":
        return Field("amount", _AMOUNT.get(kind, "Amount"), "money", required=required, example="720,000.00")
    if name == "stage":
        return Field("stage", "Which letter", "select", _enum(DemandStage, "letter", "—"), required=required)
    if name == "via":
        return Field("via", "Sent by", "select", _enum(DeliveryMethod, "delivery", "—"))
    if name == "tracking":
        return Field("tracking", "Tracking number")
    if name == "delivered_on":
        hint = "proven delivery" if kind == "notice" else "periods run from receipt where later than the date"
        return Field("delivered_on", "Delivered on", "date", hint=hint)
    if name == "proof":
        return Field("proof", "Proof of delivery (evidence)", "select", _choices(evidence, "none"))
    if name == "enclosed":
        return Field("enclosed", "Documents enclosed", "lines", hint="evidence ids or titles, one a line")
    if name == "by":
        if kind == "promised":
            return Field("by", "Promised to pay by", "date", required=required)
        return Field("by", "Given by", hint="who certified it or gave the notice")
    if name == "reason":
        label = "The client's reasons for rejecting the work" if kind == "rejected" else "The client's reason"
        return Field("reason", label, "area", required=required)
    if name == "basis":
        return Field("basis", "How the sum is calculated", "area")
    if name == "ref":
        return Field("ref", "Reference", hint="letter number, bank slip, email subject")
    return Field("note", "Note", "area")


# -- values -------------------------------------------------------------------------------------------------------


def shown(field_: Field, value: Any) -> str:
    """The text a field shows for a value of the file."""
    if value is None:
        return ""
    if field_.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if field_.kind in ("check", "flag"):
        try:
            return "true" if parse_bool(value) else "false"
        except ValueError:
            return str(value)
    return str(value) if isinstance(value, str) else ""


def submitted(field_: Field, form: Mapping[str, Any]) -> Value | None:
    """A field's value as the form sent it, normalised: None for empty (or absent)."""
    raw = form.get(field_.path)  # text: a file sent for a field is refused before any form is read (app.mutation)
    if field_.kind == "check":
        return "true" if raw else None
    return normalised(field_, raw or "")


def normalised(field_: Field, text: str) -> Value | None:
    """The value a field's text stands for, as a submitted form's is taken: lines split and trimmed, one-line
    text trimmed, a text area's line breaks as ``\\n`` without blank first and last lines; None for empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if field_.kind == "lines":
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        return lines or None
    text = text if field_.kind == "area" else text.strip()
    return text.strip("\n") if text.strip() else None


def _same(field_: Field, old: Any, new: Value | None) -> bool:
    """Whether the form sent back what the page showed for ``old``: compared as the form's text is taken, so
    that a value the page cannot show exactly (spaces around a name, a list item over two lines, the first line
    break a browser drops from a text area) is not rewritten by a form saved unchanged."""
    if field_.kind == "check":
        return shown(field_, old) == (new or "") or (new is None and shown(field_, old) in ("", "false"))
    if field_.kind == "flag":
        return shown(field_, old) == (new or "")
    return normalised(field_, shown(field_, old)) == new


def changes_for(section: Section, current: Any, form: Mapping[str, Any]) -> list[Change]:
    """The edits a submitted form makes to the section's part of the file: only what changed.

    A field the form did not send at all is left as it is (a page always sends every field, a checkbox through
    its hidden twin): a request with fewer fields does not empty the others.
    """
    changes: list[Change] = []
    sent = [f for f in section.fields if f.path in form]
    emptied = [
        g
        for g in section.groups
        if all(f in sent for f in _under(section, g)) and all(submitted(f, form) is None for f in _under(section, g))
    ]
    for field_ in sent:
        if any(field_.path.startswith(g + ".") for g in emptied):
            continue
        new = submitted(field_, form)
        old = value_at(current, field_.path)
        if _same(field_, old, new):
            continue
        changes.append(Set((*section.base, *field_.path.split(".")), new))
    for group in emptied:
        if value_at(current, group) is not None:
            changes.append(Set((*section.base, *group.split(".")), None))
    return changes


def _under(section: Section, group: str) -> list[Field]:
    return [f for f in section.fields if f.path.startswith(group + ".")]


def new_item(
    fields: Iterable[Field], form: Mapping[str, Any], first: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A new list item (node, criterion, event) from a form: the fields given, nested by their paths."""
    item: dict[str, Any] = dict(first or {})
    for field_ in fields:
        value = submitted(field_, form)
        if value is None or field_.path in item:
            continue
        target = item
        *head, last = field_.path.split(".")
        for step in head:
            target = target.setdefault(step, {})
        target[last] = value
    return item


def append_item(list_key: str, item: dict[str, Any]) -> Append:
    return Append((list_key,), item)


# -- what the checks say, next to the fields ----------------------------------------------------------------------


@dataclass
class Notes:
    """What to show next to each field of a form: the loader's refusals, the rules' findings."""

    fields: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # path -> [(severity, text)]
    general: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str | None, severity: str, text: str) -> None:
        if path is None:
            self.general.append((severity, text))
        else:
            self.fields.setdefault(path, []).append((severity, text))

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    @property
    def has_errors(self) -> bool:
        return any(s == "error" for notes in [*self.fields.values(), self.general] for s, _ in notes)


def field_for(section: Section, base: str, path: str) -> str | None:
    """The field of ``section`` (based at the dotted ``base``) that a dotted path of the file concerns."""
    if base:
        if path == base:
            return ""
        if not path.startswith(base + ".") and not path.startswith(base + "["):
            return None
        relative = path[len(base) + 1 :] if path.startswith(base + ".") else path[len(base) :]
    else:
        relative = path
    best = None
    for f in section.fields:
        if relative == f.path or relative.startswith(f.path + ".") or relative.startswith(f.path + "["):
            return f.path
        if f.path.startswith(relative + ".") and best is None:
            best = f.path  # a finding about a group (``due``) lands on its first field
    return best


def notes_for(section: Section, base: str, findings: Iterable[Finding], problems: Iterable[Problem] = ()) -> Notes:
    """The loader's problems and the rules' findings that concern ``section``, by field."""
    notes = Notes()
    for problem in problems:
        path = problem.field or ""
        target = field_for(section, base, path) if problem.field else None
        if problem.field and target is None:
            notes.add(None, "error", f"{problem.field}: {problem.message.removeprefix(problem.field + ': ')}")
            continue
        message = problem.message.removeprefix(f"{path}: ") if path else problem.message
        notes.add(target or None, "error", message)
    for finding in findings:
        target = field_for(section, base, finding.path)
        if target is None:
            continue
        text = f"{finding.code}: {finding.message}" + (f" ({finding.hint})" if finding.hint else "")
        notes.add(target or None, str(finding.severity), text)
    return notes


def required_missing(section_fields: Iterable[Field], form: Mapping[str, Any]) -> Notes:
    notes = Notes()
    for f in section_fields:
        if f.required and submitted(f, form) is None:
            notes.add(f.path, "error", N_("is required"))
    return notes


def base_path(base: Sequence[str | int | ById], index: int | None = None) -> str:
    """The dotted path of a section's base, with its ``ById`` step as the item's index in the file now."""
    steps: list[str | int] = []
    for step in base:
        if isinstance(step, ById):
            if index is None:
                return dotted(tuple(steps)) + "[?]"
            steps.append(index)
        else:
            steps.append(step)
    return dotted(tuple(steps))


def today_text(day: dt.date) -> str:
    return day.isoformat()
