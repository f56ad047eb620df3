"""The documents the app produces for a project, the way the commands produce them, into its ``outputs/`` folder;
the list of what is there, and a picture of each document's first page.

Each document is written by the same function as its command (``draft``, ``apply``, ``demand``, ``report``),
with the same refusals: a project with validation errors, a node that is not overdue, evidence missing.
Outputs go inside the project folder only, and never replace an input (the commands' own check).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from contractkit.errors import OutputError, Refusal
from contractkit.model.findings import has_errors
from contractkit.model.loading import UnusableFile, read_bounded
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.project import LoadedProject
from contractkit.render.docx import docx_to_pdf, soffice
from contractkit.rules import check_project
from contractkit.web.i18n import N_, Msg
from contractkit.web.workspace import ProjectRef

#: Files the outputs list offers, and how each is served.
MEDIA = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".json": "application/json",
    ".png": "image/png",
}
#: Documents larger than this are not converted for a preview.
MAX_PREVIEW_SOURCE = 100 * 1024 * 1024
PREVIEW_DPI = 50


@dataclass(frozen=True)
class Produced:
    """What a request produced: the files written (relative to the outputs folder) and what to tell the user
    (``message`` in English with ``{name}`` fields, a key of the catalogue; ``values`` what fills them)."""

    files: list[str]
    message: str
    warnings: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)


class Unwritten(OutputError):
    """A document the app refuses to write, in its own words: ``why`` translated where it is shown."""

    def __init__(self, why: str, **values: str) -> None:
        super().__init__(why % values if values else why)
        self.why = why
        self.values = values


class NotValid(Refusal):
    """A project with validation errors: no document is produced from it."""

    def __init__(self, count: int) -> None:
        super().__init__(
            f"the project has {count} validation error{'s' if count > 1 else ''}; fix them first (see the findings "
            "on the overview), nothing was written"
        )
        self.count = count


def outputs_folder(ref: ProjectRef) -> Path:
    """The project's outputs folder, made if missing; refused where it would lead outside the project folder."""
    folder = ref.outputs
    for step in _steps(ref):
        if os.path.islink(step) or (step.exists() and not step.is_dir()):
            raise Unwritten(
                N_("%(folder)s: is not a folder of the project; move it away so that documents can be written"),
                folder=str(step),
            )
        step.mkdir(exist_ok=True)
    if not folder.resolve().is_relative_to(ref.folder.resolve()):
        raise Unwritten(N_("%(folder)s: leads outside the project folder"), folder=str(folder))
    return folder


@contextlib.contextmanager
def writing_outputs(ref: ProjectRef) -> Iterator[Path]:
    """The outputs folder for one document: made if missing and, where the document is then refused or fails,
    taken away again (a refused request leaves nothing behind; a folder that was there, or holds files, stays)."""
    made = [step for step in _steps(ref) if not os.path.lexists(step)]
    try:
        yield outputs_folder(ref)
    except BaseException:
        for step in reversed(made):
            with contextlib.suppress(OSError):
                step.rmdir()  # only when empty
        raise


def known_node(loaded: LoadedProject, node: str) -> None:
    """Refuse a node the project does not have before its id goes into a file name (``application-NODE-...``):
    the nodes of its schedule and its valuations (``Project.node_ids``)."""
    ids = loaded.project.node_ids
    if node not in ids:
        raise Unwritten(
            N_("there is no payment node %(node)s in this project; its nodes: %(known)s"),
            node=repr(node),
            known=", ".join(ids),
        )


def _steps(ref: ProjectRef) -> list[Path]:
    """The folders from the project's folder down to its outputs folder (``outputs``, maybe ``outputs/NAME``)."""
    steps = [ref.outputs]
    while steps[0].parent != ref.folder:
        steps.insert(0, steps[0].parent)
    return steps


def _inside(ref: ProjectRef) -> bool:
    """Whether the outputs folder is the project's own: no link on the way to it, and within its real folder."""
    if any(os.path.islink(step) for step in _steps(ref)):
        return False
    try:
        return ref.outputs.resolve(strict=True).is_relative_to(ref.folder.resolve(strict=True))
    except (OSError, RuntimeError):
        return False


def refuse_invalid(loaded: LoadedProject) -> None:
    """A project with validation errors produces no document (the commands refuse it the same way)."""
    findings = check_project(loaded)
    if has_errors(findings):
        raise NotValid(sum(1 for f in findings if str(f.severity) == "error"))


def _relative(ref: ProjectRef, paths: list[Path]) -> list[str]:
    root = ref.outputs
    return [p.relative_to(root).as_posix() for p in paths]


def produce_draft(ref: ProjectRef, loaded: LoadedProject, lang: str) -> Produced:
    from contractkit.render.contract import draft

    refuse_invalid(loaded)
    with writing_outputs(ref) as folder:
        written = draft(loaded, folder / f"contract-{lang}.docx", lang=lang, pdf=soffice() is not None, force=True)
    return Produced(_relative(ref, written), N_("Drafted the contract (%(lang)s)"), values={"lang": lang})


def produce_pack(
    ref: ProjectRef, loaded: LoadedProject, node: str, as_of: dt.date, lang: str, allow_missing: bool, pdf: bool
) -> Produced:
    from contractkit.render.pack import build_pack

    refuse_invalid(loaded)
    known_node(loaded, node)
    if not allow_missing:
        _refuse_missing_evidence(ref, loaded, node)
    with writing_outputs(ref) as folder:
        target = folder / f"application-{node}-{as_of.isoformat()}"
        written = build_pack(
            loaded,
            node,
            target,
            as_of=as_of,
            lang=lang,
            allow_missing=allow_missing,
            make_zip=True,
            force=True,
            pdf=pdf and soffice() is not None,
        )
    return Produced(_relative(ref, written), N_("Built the application pack for %(node)s"), values={"node": node})


def _refuse_missing_evidence(ref: ProjectRef, loaded: LoadedProject, node_id: str) -> None:
    """The pack's refusal for evidence not on file, in the page's words (the command's names its own flag)."""
    from contractkit.account.evidence import node_evidence

    node = next((n for n in loaded.project.payment_schedule if n.id == node_id), None)
    if node is None:
        return  # the pack names the node it does not know
    missing = node_evidence(loaded.project, ref.folder, node, check=False).missing  # the files: the pack checks them
    if missing:
        raise Unwritten(
            N_(
                "node %(node)s cannot be applied for yet: no evidence is on file for %(missing)s. Add each document on "
                'the Evidence page, or tick “Mark missing evidence "to follow"” below. Nothing was written.'
            ),
            node=node_id,
            missing="; ".join(missing),
        )


def _refuse_time_barred(loaded: LoadedProject, node_id: str, as_of: dt.date) -> None:
    """The command's refusal of a letter pressing a claim whose limitation period has ended, in the page's words
    (the command's names its own option for the one letter still written)."""
    from contractkit.account.account import build_account

    node = build_account(loaded, as_of).node(node_id)
    if node is not None and node.limitation.ended(as_of) and node.limitation_on is not None:
        raise Unwritten(
            N_(
                "the limitation period for %(node)s ended on %(day)s: a letter now would press a claim the client "
                "can defeat by pleading limitation. Take legal advice before writing to the client about it; a "
                "statement of account for the client to sign can still be written (Which letter: statement of "
                "account, for the client to sign). Nothing was written."
            ),
            node=node_id,
            day=node.limitation_on.isoformat(),
        )


def produce_letter(
    ref: ProjectRef,
    loaded: LoadedProject,
    node: str,
    stage: str | None,
    as_of: dt.date,
    lang: str,
    record: tuple[DeliveryMethod, str | None] | None,
    pdf: bool = False,
) -> Produced:
    from contractkit.render.letters import plan_demand, write_demand

    refuse_invalid(loaded)
    known_node(loaded, node)
    chosen = DemandStage(stage) if stage else None
    if chosen is not DemandStage.ACKNOWLEDGMENT:
        _refuse_time_barred(loaded, node, as_of)
    facts, _ = plan_demand(loaded, node, as_of, chosen, str(record[0]) if record else None)
    name = f"letter-{node}-{facts.stage}-{as_of.isoformat()}.docx"
    with writing_outputs(ref) as folder:
        result = write_demand(
            loaded,
            node,
            folder / name,
            as_of=as_of,
            lang=lang,
            stage=facts.stage,
            force=True,
            record=record,
            pdf=pdf and soffice() is not None,
        )
    message = N_("Wrote the %(stage)s letter for %(node)s")
    values = {"stage": str(result.stage), "node": node}
    if result.recorded:
        message = N_("Wrote the %(stage)s letter for %(node)s and recorded it in the ledger as sent by %(via)s")
        values["via"] = str(record[0]) if record else ""
    return Produced(_relative(ref, result.written), message, tuple(result.warnings), values)


def produce_report(
    ref: ProjectRef, loaded: LoadedProject, as_of: dt.date, since: dt.date | None, lang: str
) -> Produced:
    from contractkit.render.report import write_report

    refuse_invalid(loaded)
    with writing_outputs(ref) as folder:
        written = write_report(loaded, folder / f"report-{as_of.isoformat()}.docx", as_of=as_of, since=since, lang=lang)
    return Produced(_relative(ref, written), N_("Wrote the progress report"))


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the outputs folder
    name: str
    size: int

    @property
    def previewable(self) -> bool:
        return self.name.endswith((".docx", ".pdf"))


@dataclass(frozen=True)
class OutputGroup:
    """A document as the outputs list shows it: one file with its companions, or a pack's folder."""

    title: str
    files: tuple[OutputFile, ...]
    modified: float
    kind: str = N_("Document")  # what the document is, translated where shown
    name: str = ""  # its file's stem or its pack's folder

    @property
    def preview(self) -> OutputFile | None:
        """The file whose first page pictures the group: the letter, the contract, the pack's letter."""
        for file in self.files:
            if file.name in ("application-letter.pdf", "application-letter.docx"):
                return file
        docx = [f for f in self.files if f.name.endswith(".docx")]
        if docx:  # its PDF copy where there is one: drawn without converting
            copy = docx[0].path.removesuffix(".docx") + ".pdf"
            return next((f for f in self.files if f.path == copy), docx[0])
        return next((f for f in self.files if f.previewable), None)


_TITLES: dict[str, Msg] = {
    "contract": N_("Draft contract"),
    "application": N_("Application pack"),
    "letter": N_("Letter"),
    "report": N_("Progress report"),
}


def list_outputs(ref: ProjectRef) -> list[OutputGroup]:
    """What the outputs folder holds, newest first; files the app did not write are listed too."""
    root = ref.outputs
    if not root.is_dir() or not _inside(ref):
        return []
    groups: dict[str, list[OutputFile]] = {}
    times: dict[str, float] = {}
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(root), key=lambda e: e.name):
            if not servable(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    for inner in sorted(os.scandir(entry.path), key=lambda e: e.name):
                        if inner.is_file(follow_symlinks=False) and servable(inner.name):
                            file = OutputFile(f"{entry.name}/{inner.name}", inner.name, inner.stat().st_size)
                            groups.setdefault(entry.name, []).append(file)
                    times[entry.name] = entry.stat().st_mtime
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            stem = entry.name.rsplit(".", 1)[0].removesuffix("-case-summary").removesuffix("-reply-pack")
            groups.setdefault(stem, []).append(OutputFile(entry.name, entry.name, entry.stat().st_size))
            times[stem] = max(times.get(stem, 0.0), entry.stat().st_mtime)
    out = []
    for key, files in groups.items():
        kind = key.split("-", 1)[0]
        label = _TITLES.get(kind, N_("Document"))
        ordered = sorted(files, key=lambda f: (not f.name.endswith(".docx"), f.name))
        out.append(OutputGroup(f"{label}: {key}", tuple(ordered), times.get(key, 0.0), label, key))
    return sorted(out, key=lambda g: (-g.modified, g.title))


def servable(name: str) -> bool:
    """Whether a name in the outputs folder can be offered for download: not hidden, and nothing an address of
    the app cannot carry (a line break or another control character) or Windows takes for a separator."""
    return bool(name) and not name.startswith(".") and not _UNSERVABLE.search(name)


_UNSERVABLE = re.compile(r"[\x00-\x1f\x7f\\]")


def output_path(ref: ProjectRef, relative: str) -> Path | None:
    """A file of the outputs folder named by a page, or None where the name leads anywhere else."""
    parts = relative.split("/")
    if len(parts) > 2 or any(p in (".", "..") or not servable(p) for p in parts):
        return None
    root = ref.outputs
    if not _inside(ref):
        return None  # a link in place of the outputs folder would serve files from anywhere
    path = root.joinpath(*parts)
    try:
        # the listing offers files, and folders of files, that are not links: a page can name nothing else
        if any(os.path.islink(root.joinpath(*parts[:i])) for i in range(1, len(parts) + 1)):
            return None
        real = path.resolve(strict=True)
        if not real.is_relative_to(root.resolve(strict=True)) or not real.is_file():
            return None
    except (OSError, RuntimeError, ValueError):
        return None
    return path


class Previews:
    """First pages of documents as PNG, made once per document content (LibreOffice and pdftoppm)."""

    def __init__(self, capacity: int = 64) -> None:
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self._converting = threading.Semaphore(1)  # one LibreOffice at a time: it is heavy on two cores

    def first_page(self, path: Path) -> bytes:
        """A PNG of the first page; an SVG saying why where there can be none (the page shows it as the picture)."""
        try:
            data = read_bounded(path, MAX_PREVIEW_SOURCE)
        except UnusableFile as exc:
            return no_preview(exc.reason)
        key = hashlib.sha256(data).hexdigest()
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        png = self._convert(data, path)
        if png.startswith(b"\x89PNG"):
            with self._lock:
                self._cache[key] = png
                while len(self._cache) > self._capacity:
                    self._cache.popitem(last=False)
        return png

    def _convert(self, data: bytes, path: Path) -> bytes:
        if shutil.which("pdftoppm") is None:
            return no_preview("no preview: poppler-utils (pdftoppm) is not installed")
        with self._converting:
            if path.suffix.lower() == ".docx":
                if soffice() is None:
                    return no_preview("no preview: LibreOffice is not installed")
                try:
                    data = docx_to_pdf(data, "preview")
                except Exception as exc:  # LibreOffice failing on one document must not break the page
                    return no_preview(f"no preview: {exc}")
            with tempfile.TemporaryDirectory(prefix="contractkit-preview-") as tmp:
                pdf = Path(tmp) / "document.pdf"
                pdf.write_bytes(data)
                command = ["pdftoppm", "-png", "-r", str(PREVIEW_DPI), "-f", "1", "-l", "1", "-singlefile"]
                try:
                    subprocess.run([*command, str(pdf), str(Path(tmp) / "page")], capture_output=True, timeout=60)
                except subprocess.TimeoutExpired:
                    return no_preview("no preview: the document took too long to draw")
                page = Path(tmp) / "page.png"
                return page.read_bytes() if page.is_file() else no_preview("no preview: the PDF could not be drawn")


def no_preview(reason: str) -> bytes:
    """A page-shaped picture saying why there is no preview."""
    text = escape(reason[:120])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="594" viewBox="0 0 420 594">'
        '<rect width="420" height="594" fill="#f4f4f2" stroke="#c8c8c4"/>'
        f'<text x="210" y="297" font-family="sans-serif" font-size="13" text-anchor="middle" fill="#555">{text}</text>'
        "</svg>"
    ).encode()
