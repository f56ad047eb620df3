"""The payment application pack: letter, statement, progress summary, evidence index, bundle, manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from contractkit import __version__
from contractkit.account.account import NodeAccount, NodeState, discount_offer, with_application
from contractkit.account.evidence import EvidenceFile, later, node_evidence
from contractkit.account.statement import payment_statement
from contractkit.documents.common import is_confidential, side_by_side
from contractkit.documents.pack import (
    BUNDLE_NAME,
    ApplicationFacts,
    pack_context,
)
from contractkit.errors import Refusal, UsageError
from contractkit.law.calendars import CalendarGap
from contractkit.model.clauses import resource_dir
from contractkit.model.formatting import date as format_date
from contractkit.model.formatting import money
from contractkit.model.models import EventType
from contractkit.model.project import LoadedProject
from contractkit.render.bundle import ARCHIVAL, BundleLabels, BundleNotes, build_bundle
from contractkit.render.docx import (
    ConverterMissing,
    check_template,
    document_properties,
    docx_to_pdf,
    in_one_language,
    normalise_pdf,
    own_words,
    render_docx,
    soffice,
)
from contractkit.render.output import check_folder, command_inputs, refuse_before_signing, write_folder

#: (template stem, output name, zh title, en title)
DOCUMENTS = (
    ("apply-letter", "application-letter", "付款申请函", "Application for Payment"),
    ("apply-statement", "payment-statement", "付款申请明细表", "Payment Statement"),
    ("apply-progress", "progress-summary", "工程进度说明", "Progress Summary"),
    ("apply-evidence", "evidence-index", "付款证明材料清单", "Evidence Index"),
)
#: The pack of a valuation: the statement by item (G702 from the G703 continuation sheet) and the measurement sheet.
VALUATION_DOCUMENTS = (
    ("apply-letter", "application-letter", "付款申请函", "Application for Payment"),
    ("apply-valuation", "payment-statement", "付款申请明细表", "Payment Statement"),
    ("apply-measurement", "measurement-sheet", "工程量确认单", "Measurement Sheet"),
    ("apply-progress", "progress-summary", "工程进度说明", "Progress Summary"),
    ("apply-evidence", "evidence-index", "付款证明材料清单", "Evidence Index"),
)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_NAME = "application-pack.zip"
#: The heading of the documents recorded for a node that meet none of its requirements.
SUPPORTING = {"zh": "其他证明材料", "en": "Supporting documents", "bilingual": "其他证明材料 Supporting documents"}


def _labels(lang: str, node_id: str, node_title: str, reference: str, confidential: bool) -> BundleLabels:
    zh = BundleLabels(
        "证明材料汇编",
        f"{node_id} {node_title}　申请编号：{reference}",
        ("序号", "付款证明材料要求", "材料（编号、名称、SHA-256）", "日期", "页码"),
        "{node} · {evidence} · 第{n}页 共{total}页",
        "保密" if confidential else None,
        index="索引",
        to_follow="后补",
        supporting=SUPPORTING["zh"],
    )
    en = BundleLabels(
        "Evidence Bundle",
        f"{node_id} {node_title}   Application ref. {reference}",
        ("No.", "Requirement", "Document (id, title, SHA-256)", "Date", "Pages"),
        "{node} · {evidence} · page {n} of {total}",
        "CONFIDENTIAL" if confidential else None,
        index="index",
        to_follow="to follow",
        supporting=SUPPORTING["en"],
    )
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return BundleLabels(
        f"{zh.title} {en.title}",
        f"{node_id} {node_title}　申请编号 Application ref. {reference}",
        tuple(f"{a}\n{b}" for a, b in zip(zh.columns, en.columns, strict=True)),  # type: ignore[arg-type]
        "{node} · {evidence} · 第{n}页 共{total}页 · page {n} of {total}",
        "保密 CONFIDENTIAL" if confidential else None,
        index="索引 index",
        to_follow="后补 to follow",
        supporting=SUPPORTING["bilingual"],
    )


def known_node(loaded: LoadedProject, node_id: str) -> None:
    """Refuse a node the project does not have (usage: exit 2), naming the ones it has."""
    if node_id not in loaded.project.node_ids:
        known = ", ".join(loaded.project.node_ids)
        raise UsageError(f"contractkit: there is no payment node {node_id!r} in {loaded.path}; nodes: {known}")


def application_facts(loaded: LoadedProject, node_id: str, as_of: dt.date, *, allow_missing: bool) -> ApplicationFacts:
    """Everything the pack will say, checked; raises before anything is written."""
    project = loaded.project
    known_node(loaded, node_id)
    refuse_before_signing(project.contract.signed_on, as_of, "an application for payment")
    as_of, _ = pack_date(loaded, node_id, as_of)
    status = with_application(loaded, node_id, as_of)
    node_status = status.node(node_id)
    assert node_status is not None
    node = node_status.scheduled.node
    valuation = node_status.scheduled.valuation
    cur = project.contract.currency
    if valuation is not None and not valuation.certified:
        terms = status.schedule.measurement.terms if status.schedule.measurement else None
        floor = f"below the minimum of {money(valuation.minimum, cur, 'en')}" if valuation.minimum else "not positive"
        raise Refusal(
            f"contractkit: valuation {node_id} works out at {money(valuation.computed_due, cur, 'en')}, {floor}: under "
            f"{terms.clause if terms else 'the monthly-progress clause'} no certificate is due for it and its "
            "measurement is carried into the next valuation. Nothing was written."
        )
    if node_status.state is NodeState.PAID:
        raise Refusal(
            f"contractkit: node {node_id} is already paid in full ({money(node_status.paid, cur, 'en')} received "
            "as the ledger shows); there is nothing to apply for"
        )
    _check_date(node_status, as_of)
    if project.parties.contractor.bank is None:
        # the letter asks for payment into the contractor's account: without one it is an application the client
        # cannot pay, and sends back
        raise Refusal(
            f"contractkit: the application letter asks {project.parties.client.name} to pay into "
            f"{project.parties.contractor.name}'s bank account, and {loaded.path.name} gives none: add "
            "parties.contractor.bank: {name: ..., account: ...}. Nothing was written."
        )
    evidence = node_evidence(project, loaded.folder, node, as_of=as_of)
    # a requirement met only by a document dated after the pack (an application the ledger records as made before
    # its documents existed, rebuilt as it was sent: pack_date) was to follow when the application went: it is
    # listed so, and is no reason to refuse
    dated = {e.satisfies or e.title for e in project.evidence if e.node == node_id and e.file and later(e, as_of)}
    unmet = [text for text in evidence.missing if text not in dated]
    if unmet and not allow_missing:
        lines = "\n".join(f"  - {text}" for text in unmet)
        raise Refusal(
            f"contractkit: node {node_id} cannot be applied for yet: no evidence is on file for\n{lines}\n"
            "Add each document to the evidence register (evidence: with node, title or satisfies, file), or run "
            "again with --allow-missing to mark them 'to follow'. Nothing was written."
        )
    if node_status.due.gap:
        # the pack states when the node falls due: never a date the holiday data cannot give
        raise CalendarGap(node_status.due.gap + ". Nothing was written.")
    statement = payment_statement(status, node_id)
    amount = statement.current_due
    if valuation is not None:
        # the certificate's amount, less anything already received against it
        amount = valuation.payable - node_status.paid
    due_on, at_latest = node_status.due.on, False
    if due_on is None and node_status.due.latest is not None:
        due_on, at_latest = node_status.due.latest, True
    if due_on is not None and due_on < as_of:
        # nothing recorded, but the node fell due without an application (after acceptance, signing, a date)
        raise Refusal(
            f"contractkit: node {node_id} fell due on {due_on}, before this pack's date {as_of}: an application "
            f"dated {as_of} would ask for payment by a day already past. It is overdue: contractkit demand "
            f"--node {node_id} asks for it. Nothing was written."
        )
    reference = f"{project.contract.number}-{node_id}-{as_of:%Y%m%d}"
    return ApplicationFacts(
        node_id=node_id,
        as_of=as_of,
        reference=reference,
        amount=amount,
        due_on=due_on,
        due_at_latest=at_latest,
        statement=statement,
        evidence=evidence,
        entries=(),
        discount=discount_offer(status, node_id, amount),
        confidential=is_confidential(project),
        status=status,
        valuation=valuation,
    )


def _check_date(node: NodeAccount, as_of: dt.date) -> None:
    """Refuse a pack dated before its valuation's measurement period ends: the application follows the period."""
    valuation = node.scheduled.valuation
    if valuation is not None and as_of < valuation.valuation.period.to:
        period = valuation.valuation.period
        raise Refusal(
            f"contractkit: valuation {node.id} measures the work of {period.from_} to {period.to}; its application "
            f"is made once that period ends, so a pack dated {as_of} is too early. Run again with --as-of "
            f"{period.to} or later. Nothing was written."
        )


def pack_date(loaded: LoadedProject, node_id: str, as_of: dt.date) -> tuple[dt.date, str]:
    """The date a pack asked for on ``as_of`` is made as of, and why where it is another.

    ``apply`` records nothing: the ledger's ``applied`` event is the record of the application the contractor sent.
    Where it records the node's application before ``as_of``, a pack of that later date would be an application
    the ledger does not have, stating another day of application than the account (and the pack's own progress
    summary) does, and, where the due date runs from the application, another due date. So the pack is that
    application: built as of the day it was made, as it was sent, the same pack as the one made on the day.
    Otherwise ``as_of`` stands.
    """
    if node_id not in loaded.project.node_ids:
        return as_of, ""
    node = with_application(loaded, node_id, as_of).node(node_id)
    assert node is not None
    applied = node.applied_on
    if applied is None or applied >= as_of or node.state is NodeState.PAID:
        return as_of, ""
    ref = f" ({node.applied_ref})" if node.applied_ref else ""
    due = node.due.on or node.due.latest
    why, press = "", ""
    if due is not None and due < as_of:
        why = f", and its due date {due} has passed by {as_of}"
        press = f" To press for payment, use contractkit demand --node {node_id}."
    else:
        # the account as it would stand had the application been made on the pack's date instead
        events = [e for e in loaded.project.events if not (e.type is EventType.APPLIED and e.node == node_id)]
        moved = replace(loaded, project=loaded.project.model_copy(update={"events": events}))
        alone = with_application(moved, node_id, as_of).node(node_id)
        assert alone is not None
        if (alone.due.on, alone.due.latest) != (node.due.on, node.due.latest):
            why = f", and the account runs its due date ({due}) from that day"
    return applied, (
        f"  the ledger records the application for {node_id} as made on {applied}{ref}{why}: the pack is "
        f"that application, dated {applied} as it was made (not {as_of}).{press}"
    )


def build_pack(
    loaded: LoadedProject,
    node_id: str,
    output: Path,
    *,
    as_of: dt.date,
    lang: str,
    allow_missing: bool = False,
    make_zip: bool = False,
    force: bool = False,
    pdf: bool | None = None,
    templates: Path | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write the pack into ``output`` (a folder), all or nothing. ``pdf=None``: PDFs when LibreOffice is here.

    ``say`` is told what went into the evidence bundle beyond the required documents, and why."""
    loaded = in_one_language(loaded, lang)
    project = loaded.project
    inputs = command_inputs(loaded, templates)
    known_node(loaded, node_id)  # a mistyped node is the first thing to say, before where the pack would go
    check_folder(output, force=force, inputs=inputs)  # refuse before the work, not after it
    asked = as_of
    facts = application_facts(loaded, node_id, as_of, allow_missing=allow_missing)
    as_of = facts.as_of  # the recorded application's day, where the pack is that application (pack_date)
    node = facts.evidence.node
    labels = _labels(lang, node_id, node.title, facts.reference, facts.confidential)
    files: list[tuple[str, EvidenceFile | None]] = []
    for requirement in facts.evidence.requirements:
        files += [(requirement.text, f) for f in requirement.files] or [(requirement.text, None)]
    files += [(labels.supporting, f) for f in facts.evidence.supporting]
    date_lang = "zh" if lang != "en" else "en"
    bundle, entries, notes = build_bundle(
        files,
        labels,
        node_id=node_id,
        date_label=lambda d: format_date(d, date_lang) if d else "",
        outline_index="目录 Index" if lang == "bilingual" else ("目录" if lang == "zh" else "Index"),
        day=as_of,
    )
    facts = replace(facts, entries=tuple(entries))
    # what the bundle holds beyond the required documents, and why: said once the pack is written
    told = [
        f"  {f.item.id} {f.item.title}: in the bundle under {labels.supporting} "
        f"(it meets no evidence requirement of {node_id})"
        for f in facts.evidence.supporting
    ]
    told += [
        f"  {e.id} {e.title}: dated {e.date}, after the pack's date {as_of}: not in the bundle (to follow)"
        for e in project.evidence
        if e.node == node_id and later(e, as_of)
    ]
    told += [
        f"  {text}: no document on file; listed in the index as {labels.to_follow}" for text in facts.evidence.missing
    ]
    told += [
        f"  {item}: {', '.join(taken)} removed; the pages are kept" for item, taken in sorted(notes.removed.items())
    ]
    if notes.not_archival:
        told += [f"  {BUNDLE_NAME} is not {ARCHIVAL}, because of its inputs:"]
        told += [f"    {reason}" for reason in notes.not_archival]
    if lang == "bilingual":
        zh, en = pack_context(project, facts, "zh"), pack_context(project, facts, "en")
        context = side_by_side(own_words(zh, "zh"), own_words(en, "en"), written=zh)
    else:
        context = pack_context(project, facts, lang)

    outputs: dict[str, bytes] = {}
    folder = templates if templates is not None else resource_dir("templates")
    want_pdf = soffice() is not None if pdf is None else pdf
    if want_pdf and soffice() is None:
        raise ConverterMissing()
    for stem, name, zh_title, en_title in VALUATION_DOCUMENTS if facts.valuation is not None else DOCUMENTS:
        path = folder / f"{stem}.{lang}.docx"
        if templates is not None:
            check_template(path, context)
        title = zh_title if lang == "zh" else en_title if lang == "en" else f"{zh_title} {en_title}"
        properties = document_properties(project, f"{title} {facts.reference}", as_of, lang)
        docx = render_docx(path, context, properties)
        outputs[f"{name}.docx"] = docx
        if want_pdf:
            outputs[f"{name}.pdf"] = normalise_pdf(docx_to_pdf(docx, name), as_of, properties.title)
    outputs[BUNDLE_NAME] = bundle
    outputs["manifest.json"] = _manifest(loaded, facts, outputs, notes)
    written = dict(outputs)
    if make_zip:
        written[ZIP_NAME] = _zip(outputs)
    # With --force into an earlier pack's folder, the files that pack wrote and this one does not (PDF copies,
    # the zip) go too, so the folder holds one pack; nothing else in it is touched.
    earlier = [name for name in pack_file_names() if name not in written]
    paths = write_folder(output, written, force=force, inputs=inputs, remove=earlier)
    if as_of != asked:
        say(pack_date(loaded, node_id, asked)[1])
    for line in told:
        say(line)
    return paths


def pack_file_names() -> list[str]:
    """Every file name ``apply`` may write into a pack folder."""
    # a valuation's pack has a measurement sheet the others have not: one of those left behind would read as part
    # of the next pack written into the folder
    stems = dict.fromkeys(name for _stem, name, _zh, _en in (*DOCUMENTS, *VALUATION_DOCUMENTS))
    names = [f"{name}.{ext}" for name in stems for ext in ("docx", "pdf")]
    return [*names, BUNDLE_NAME, "manifest.json", ZIP_NAME]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(loaded: LoadedProject, facts: ApplicationFacts, outputs: dict[str, bytes], notes: BundleNotes) -> bytes:
    """What was sent, provably: hashes of every input and output, the as-of date and the version."""
    folder = loaded.folder.resolve()
    project_bytes = loaded.raw  # the bytes that were loaded, not a second read
    inputs = [
        {"path": loaded.path.name, "role": "project file", "sha256": _sha(project_bytes), "bytes": len(project_bytes)}
    ]
    supporting = {f.item.id for f in facts.evidence.supporting}
    for entry in facts.entries:
        f = entry.file
        record: dict[str, object] = {
            "path": f.path.relative_to(folder).as_posix(),
            "role": f"{'supporting evidence' if f.item.id in supporting else 'evidence'} {f.item.id}",
            "requirement": None if f.item.id in supporting else entry.requirement,
            "sha256": f.sha256,
            "bytes": f.size,
            "pages_in_bundle": [entry.first_page, entry.last_page],
        }
        if f.item.id in notes.removed:
            record["removed_from_bundle"] = list(notes.removed[f.item.id])
        inputs.append({k: v for k, v in record.items() if v is not None})
    manifest = {
        "contractkit": __version__,
        "as_of": facts.as_of.isoformat(),
        "project": loaded.project.project.code,
        "contract": loaded.project.contract.number,
        "node": facts.node_id,
        "reference": facts.reference,
        "amount": f"{facts.amount:f}",
        "currency": loaded.project.contract.currency,
        "to_follow": facts.evidence.missing,
        "bundle_archival": {"standard": None, "why_not": list(notes.not_archival)}
        if notes.not_archival
        else {"standard": ARCHIVAL},
        "inputs": inputs,
        "outputs": [{"path": name, "sha256": _sha(data), "bytes": len(data)} for name, data in sorted(outputs.items())],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _zip(outputs: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(outputs):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, outputs[name])
    return buffer.getvalue()
