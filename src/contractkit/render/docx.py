"""Render .docx templates (docxtpl in a Jinja sandbox) into byte-identical documents, and PDFs via LibreOffice."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from contractkit.errors import ContractkitError, InputError
from contractkit.model.loading import UnusableFile, read_bounded
from contractkit.model.models import Project
from contractkit.model.project import LoadedProject
from contractkit.render.sandbox import DocumentEnvironment

#: Timestamp written into every zip entry: documents must not change with the clock.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class TemplateError(ContractkitError):
    """A template that cannot be rendered: broken Jinja, names the context does not have, a sandbox refusal."""


#: A .docx template's own size, its entries, and what they may unpack to (a zip bomb stops here).
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_ENTRIES = 2_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Word's core properties (title, subject, ...) hold at most this many characters.
MAX_PROPERTY_CHARS = 255

_ENVIRONMENT: DocumentEnvironment | None = None


def document_environment() -> DocumentEnvironment:
    """The Jinja environment every document renders in (see ``render/sandbox.py``)."""
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = DocumentEnvironment()
    return _ENVIRONMENT


@dataclass(frozen=True)
class DocumentProperties:
    """Core properties written into a document, so that they come from the project, not the clock."""

    title: str
    author: str
    subject: str
    created: dt.date
    keywords: str = ""
    language: str = "zh-CN"


def document_properties(project: Project, title: str, created: dt.date, lang: str) -> DocumentProperties:
    """Core properties of a generated document, from the project (never from the clock)."""
    return DocumentProperties(
        title=title,
        author=project.parties.contractor.name,
        subject=project.contract.number,
        created=created,
        keywords=project.project.code,
        language="en-GB" if lang == "en" else "zh-CN",
    )


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")
#: A bracket that may gloss a Latin text: Chinese in it, no Latin letters ("(中文名)", "（周建华）").
_GLOSS = re.compile(r"\s*[(（]([^()（）A-Za-z]*)[)）]")
#: "Name (中文名)": the whole text a Latin name followed by one bracket, its Chinese equivalent.
_GLOSSED = re.compile(r"([^()（）]*?)\s*[(（]([^()（）]*)[)）]")


def _is_gloss(inside: str) -> bool:
    return bool(_CJK.search(inside)) and not _LATIN.search(inside)


def one_language(text: str, lang: str, *, name: bool = False) -> str:
    """The project's own words in one language, where the project gives them in two.

    Bilingual project files write "English / 中文" (titles, milestones, evidence) and "Name (中文名)"
    (parties, addresses); a document in one language shows its own side only. Text that is not written
    that way is returned as it is: a bracket is a gloss only where what stands outside it is Latin text with
    no Chinese in it, so 现浇构件钢筋HRB400（基础）, C30矩形柱（辅楼） or GLP港湾物流地产（苏州）有限公司 keep
    their brackets in every language. A ``name`` (a party's or a bank's) is glossed only as a whole,
    "Name (中文名)": a bracket in the middle of a name is part of it.
    """
    if lang not in ("zh", "en") or not _CJK.search(text) or not _LATIN.search(text):
        return text
    parts = text.split(" / ")
    chinese = [part for part in parts if _CJK.search(part)]
    latin = [part for part in parts if not _CJK.search(part)]
    if chinese and latin:
        return " / ".join(chinese if lang == "zh" else latin)
    whole = _GLOSSED.fullmatch(text)
    latin_side, chinese_side = whole.groups() if whole else ("", "")
    if not (_is_gloss(chinese_side) and latin_side.strip() and not _CJK.search(latin_side)):
        latin_side = chinese_side = ""  # not "Name (中文名)"
    if lang == "zh":
        return chinese_side or text
    if name:
        return latin_side or text
    glossed = _GLOSS.sub(lambda m: "" if _is_gloss(m.group(1)) else m.group(0), text)
    return glossed if glossed.strip() and not _CJK.search(glossed) else text


def own_words(context: dict[str, Any], lang: str) -> dict[str, Any]:
    """One language's part of a bilingual letter, pack or report, whose sentences name the project, its nodes,
    milestones and documents: those words in that language (``one_language``) where the project writes them
    "English / 中文". The tables both languages share read the context as built (``side_by_side``'s
    ``written``), so they keep the words as written."""

    def walk(value: Any, key: str | None) -> Any:
        if isinstance(value, str):
            return one_language(value, lang) if key in _OWN_WORDS else value
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if type(value) in (list, tuple):
            return type(value)(walk(v, key if key in _OWN_WORDS else None) for v in value)
        return value

    out = walk(context, None)
    project = out.get("project")
    if isinstance(project, dict):  # walk's own copy: the project's name and place (a party's name stays whole)
        own = ("name", "location")
        project.update({k: one_language(v, lang) for k, v in project.items() if k in own and isinstance(v, str)})
    return out  # type: ignore[no-any-return]


#: Keys whose text is the project's own words: a node's or a document's title, a milestone, a missing document.
_OWN_WORDS = frozenset({"title", "milestone", "missing"})

#: The project file's fields that a one-language document shows in its language (``in_one_language``): the
#: project's prose, which a bilingual file writes "English / 中文" -- titles, milestones, criteria, the documents
#: that evidence them (the evidence's titles, what it satisfies, what a node or an event lists: the same words, so
#: they still match) -- and where a party and its representative are, written "Address (中文地址)". Nothing else
#: is touched: item codes and descriptions, units, sections, references, registration and account numbers,
#: clause parameters, notes.
_PROSE_FIELDS = frozenset(
    {"title", "milestone", "criteria", "documents", "evidence", "satisfies", "enclosed", "location", "address"}
    | {"representative", "salutation"}
)
#: Fields that are names, in a one-language document only when written "Name (中文名)" or "Name / 中文名" as a
#: whole (``one_language``'s ``name``): the project's, a party's, a bank's and an account holder's.
_NAME_FIELDS = frozenset({"name", "account_name"})


def _in_language(value: Any, lang: str, key: str | None = None) -> Any:
    from pydantic import BaseModel

    if isinstance(value, str):
        if key in _NAME_FIELDS:
            return one_language(value, lang, name=True)
        return one_language(value, lang) if key in _PROSE_FIELDS else value
    if isinstance(value, BaseModel):
        changed = {field: _in_language(getattr(value, field), lang, field) for field in type(value).model_fields}
        return value.model_copy(update=changed)
    if isinstance(value, list):
        return [_in_language(v, lang, key) for v in value]
    if isinstance(value, tuple):
        return tuple(_in_language(v, lang, key) for v in value)
    if isinstance(value, dict):  # a clause's parameters, the rate tables: their entries are not prose
        return {k: _in_language(v, lang, key) for k, v in value.items()}
    return value


def in_one_language(loaded: LoadedProject, lang: str) -> LoadedProject:
    """The project as a one-language document should see it: its prose (``_PROSE_FIELDS``) and names
    (``_NAME_FIELDS``) in ``lang`` where the project writes them in two languages (see ``one_language``); every
    other value -- a bill item's code and description, a reference, a number -- exactly as written. A
    bilingual document sees the project as written."""
    if lang not in ("zh", "en"):
        return loaded
    from dataclasses import replace

    return replace(loaded, project=_in_language(loaded.project, lang))


#: How many parts' XML docxtpl's clean-up is remembered for (a few templates of a few parts each).
_PATCHED_SIZE = 64


@cache
def _template_class() -> type:
    """docxtpl's DocxTemplate, remembering what ``patch_xml`` made of each part's XML.

    Before every render docxtpl cleans the template's XML with some twenty regular expressions over the whole
    part: a third of rendering a letter. The clean-up depends on the XML alone, and a template's XML is the
    same for every letter, so a batch (``demand --all-overdue``, a pack) does it once a part.
    """
    from docxtpl import DocxTemplate

    patched: dict[str, str] = {}

    class Template(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            done = patched.get(src_xml)
            if done is None:
                if len(patched) >= _PATCHED_SIZE:
                    patched.pop(next(iter(patched)))
                done = patched[src_xml] = super().patch_xml(src_xml)
            return done

    return Template


def load_template(path: Path) -> Any:
    """A .docx template, checked as a zip before python-docx unpacks it; InputError naming the file if unusable."""
    try:
        data = read_bounded(path, MAX_TEMPLATE_BYTES)
    except UnusableFile as exc:
        raise InputError(
            file=path, message="template not found" if exc.reason == "no such file" else exc.reason
        ) from None
    if not data:
        raise InputError(file=path, message="the template is an empty file, not a .docx document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_TEMPLATE_ENTRIES:
                raise InputError(file=path, message=f"the template holds more than {MAX_TEMPLATE_ENTRIES} parts")
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise InputError(
                    file=path, message="the template unpacks to more than 200 MiB (a zip bomb?); it is not usable"
                )
            if "word/document.xml" not in archive.namelist():
                raise InputError(file=path, message="this zip is not a Word document (it has no word/document.xml)")
    except zipfile.BadZipFile:
        raise InputError(file=path, message="not a .docx document (not a zip archive, or a truncated one)") from None
    template = _template_class()(io.BytesIO(data))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged document
        raise InputError(file=path, message=f"not a usable .docx template ({_describe(exc)})") from None
    return template


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def check_template(path: Path, context: Mapping[str, Any]) -> None:
    """Refuse a template that uses a name the context lacks, naming it, before anything is rendered."""
    template = load_template(path)
    environment = document_environment()
    with environment.rendering():
        try:
            missing = template.get_undeclared_template_variables(jinja_env=environment, context=dict(context))
        except jinja2.TemplateSyntaxError as exc:
            if not exc.source:  # an unknown filter is found while looking for names, without the source at hand
                exc.source = template.patch_xml(template.get_xml())
            raise InputError(
                file=path, message=f"template syntax error: {exc.message}{_at(environment, exc)}"
            ) from None
        except Exception as exc:  # a damaged document part
            raise InputError(file=path, message=f"not a usable .docx template ({_describe(exc)})") from None
    if missing:
        names = ", ".join(sorted(missing))
        raise TemplateError(
            f"{path}: the template uses {names}, which this document does not provide; "
            "see templates/README.md for the names each template may use"
        )


def _at(environment: DocumentEnvironment, exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.source and environment.budget.place is None:
        place = environment.syntax_error_place(exc.source)
    else:
        place = environment.failure_place(exc.__traceback__)
    return f" (at {place})" if place else ""


def render_docx(
    path: Path,
    context: Mapping[str, Any],
    properties: DocumentProperties,
    *,
    images: Mapping[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """Render a template to the bytes of a deterministic .docx.

    ``images`` maps a name to (PNG bytes, width in mm): the template prints it alone in a paragraph.
    """
    template = load_template(path)
    values = dict(context)
    if images:
        from docx.shared import Mm
        from docxtpl import InlineImage

        for name, (data, width) in images.items():
            values[name] = InlineImage(template, io.BytesIO(data), width=Mm(width))
    environment = document_environment()
    with environment.rendering():
        try:
            template.render(values, jinja_env=environment, autoescape=True)
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(
                file=path, message=f"template syntax error: {exc.message}{_at(environment, exc)}"
            ) from None
        except jinja2.UndefinedError as exc:
            message = str(exc.message)
            if message.endswith("is undefined"):
                message += "; this document does not provide that name"
            raise TemplateError(f"{path}: {message}{_at(environment, exc)}") from None
        except jinja2.exceptions.SecurityError as exc:
            raise TemplateError(f"{path}: the sandbox refuses this ({exc}){_at(environment, exc)}") from None
        except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
            raise TemplateError(f"{path}: the template cannot be rendered: {exc}{_at(environment, exc)}") from None
        except RecursionError as exc:
            raise TemplateError(f"{path}: the template calls itself too deeply{_at(environment, exc)}") from None
        except MemoryError as exc:
            raise TemplateError(
                f"{path}: the template needs more memory than a document may{_at(environment, exc)}"
            ) from None
        except Exception as exc:  # docxtpl fixing up the XML the template produced, lxml parsing it
            raise TemplateError(f"{path}: the template produces a broken document ({_describe(exc)})") from None
    document = template.docx
    core = document.core_properties
    # Word keeps at most 255 characters in a property; a long contract number is cut here, not in the text.
    core.title = _property(properties.title)
    core.author = _property(properties.author)
    core.subject = _property(properties.subject)
    core.keywords = _property(properties.keywords)
    core.comments = ""
    core.category = ""
    core.last_modified_by = "contractkit"
    core.revision = 1
    stamp = dt.datetime.combine(properties.created, dt.time(0, 0), tzinfo=dt.UTC).replace(tzinfo=None)
    core.created = stamp
    core.modified = stamp
    core.last_printed = stamp
    core.language = properties.language
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def _property(text: str) -> str:
    return text if len(text) <= MAX_PROPERTY_CHARS else text[: MAX_PROPERTY_CHARS - 1] + "…"


def normalise_zip(data: bytes) -> bytes:
    """A zip with fixed timestamps and attributes, its entries in their order: the same inputs give the
    same bytes, whatever the clock, the system or the umask.

    A zip python-docx just wrote (each part deflated, at Python's default level) only needs its headers
    set: the time and date of every entry, and the system and file mode of the central directory's, in
    place, without unpacking anything. Any other zip is rewritten entry by entry (``_rewrite_zip``); both
    give the same bytes (tests/test_docx_zip.py).
    """
    patched = _patch_zip_headers(data)
    return patched if patched is not None else _rewrite_zip(data)


_DOS_TIME, _DOS_DATE = 0, ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]
_LOCAL_HEADER, _CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"
_UNIX, _MODE = 3, 0o644 << 16


def _patch_zip_headers(data: bytes) -> bytes | None:
    """``data`` with the headers ``_rewrite_zip`` would write, or None where more than headers differ."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            central = archive.start_dir
    except zipfile.BadZipFile:
        return None
    out = bytearray(data)
    for info in entries:
        # what _rewrite_zip writes: deflated at the default level, no data descriptor, no extra fields, no
        # zip64, no comment; python-docx writes the same (ZipFile.writestr into memory)
        if (
            info.compress_type != zipfile.ZIP_DEFLATED
            or info.flag_bits & ~0x800  # 0x800: a UTF-8 name, which _rewrite_zip marks alike
            or info.extra
            or info.comment
            or info.create_version != zipfile.DEFAULT_VERSION
            or info.internal_attr
            or info.volume
        ):
            return None
        local = info.header_offset
        name, extra = struct.unpack("<HH", out[local + 26 : local + 30])
        if out[local : local + 4] != _LOCAL_HEADER or extra or name != len(info.orig_filename.encode("utf-8")):
            return None
        out[local + 10 : local + 14] = struct.pack("<HH", _DOS_TIME, _DOS_DATE)
    offset = central
    for _info in entries:
        if out[offset : offset + 4] != _CENTRAL_HEADER:
            return None
        out[offset + 5] = _UNIX
        out[offset + 12 : offset + 16] = struct.pack("<HH", _DOS_TIME, _DOS_DATE)
        out[offset + 38 : offset + 42] = struct.pack("<L", _MODE)
        name, extra, comment = struct.unpack("<HHH", out[offset + 28 : offset + 34])
        offset += 46 + name + extra + comment
    return bytes(out)


def _rewrite_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, keeping entry order (every entry deflated again)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = _MODE
            entry.create_system = _UNIX
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class ConverterMissing(ContractkitError):
    """LibreOffice is needed for PDF output and is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "contractkit: PDF output needs LibreOffice, which is not installed. On Debian or Ubuntu: "
            "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk ; on macOS: brew install --cask "
            "libreoffice ; then run the command again"
        )


#: LibreOffice's PDF export as PDF/A-2b (ISO 19005-2, level B): fonts embedded, an sRGB output intent, XMP
#: metadata, no encryption or scripts, so that an archivist can keep the file and read it in decades.
PDFA_EXPORT = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


#: How long one conversion may take.
CONVERSION_SECONDS = 180
#: How long to wait for the processes of a killed conversion to be gone: a killed process is gone in
#: milliseconds, but its exited children count until init reaps them, which some containers' init is slow to do.
ENDING_SECONDS = 1.0


def docx_to_pdf(docx: bytes, name: str) -> bytes:
    """Convert a .docx to PDF/A-2b with LibreOffice headless, in a private profile so runs cannot collide.

    Everything LibreOffice writes (the document, its profile, its own temporary files) stays in one private
    folder, and LibreOffice runs in a process group of its own, so that an interrupted or timed-out run ends
    every process it started and then removes the folder: nothing is left behind.
    """
    binary = soffice()
    if binary is None:
        raise ConverterMissing()
    with tempfile.TemporaryDirectory(prefix="contractkit-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        scratch = work / "tmp"
        scratch.mkdir()
        profile = (work / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDFA_EXPORT,
            "--outdir",
            str(work),
            str(source),
        ]
        # LibreOffice puts its own temporary files (lu*.tmp) where TMPDIR (Unix) or TMP and TEMP (Windows) say
        environment = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,  # its own process group: ended as one, and out of reach of the terminal's ^C
        )
        try:
            process.wait(timeout=CONVERSION_SECONDS)
        except subprocess.TimeoutExpired:
            _end_converter(process)
            raise ContractkitError(f"contractkit: LibreOffice took too long to convert {name}.docx") from None
        except BaseException:  # an interrupt (^C, or a SIGTERM the CLI turns into one): end it before the cleanup
            _end_converter(process)
            raise
        pdf = work / f"{name}.pdf"
        if not pdf.is_file():
            raise ContractkitError(f"contractkit: LibreOffice could not convert {name}.docx to PDF")
        return pdf.read_bytes()


def _end_converter(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and every process it started, and wait until they are gone.

    soffice is a launcher whose soffice.bin outlives it when only the launcher is killed; killing the process
    group ends both. Waiting matters: a process still writing into the private folder would keep it from being
    removed. Nothing of LibreOffice's needs a clean shutdown: its profile and files are thrown away.
    """
    if sys.platform == "win32":
        process.kill()  # Windows has no process groups to signal: the launcher is killed, soffice.bin may linger
        process.wait()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # The launcher is reaped here; the processes it started are reaped by init: wait for them, briefly
    deadline = time.monotonic() + ENDING_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):  # no process of the group is left (that is ours)
            return
        time.sleep(0.01)


def normalise_pdf(data: bytes, day: dt.date, title: str) -> bytes:
    """A PDF with its dates, producer and identifier fixed, so that the same inputs give the same bytes.

    The document information and the XMP metadata are kept equal (PDF/A requires it), the creation date in
    the output intent's ICC profile header is fixed too, and the file identifier is derived from the content.
    """
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    return save_normalised(pdf, day, title)


def save_normalised(pdf: Any, day: dt.date, title: str) -> bytes:
    """``normalise_pdf`` of a document open in pikepdf, saved once: its bytes."""
    import pikepdf

    moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile")
        if isinstance(profile, pikepdf.Stream):
            icc = bytearray(profile.read_bytes())
            if len(icc) >= 128 and icc[36:40] == b"acsp":  # an ICC header: its date at bytes 24-35
                fields = (moment.year, moment.month, moment.day, 0, 0, 0)
                icc[24:36] = b"".join(v.to_bytes(2, "big") for v in fields)
                profile.write(bytes(icc))
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["dc:title"] = title
        meta["pdf:Producer"] = "contractkit"
        meta["xmp:CreateDate"] = moment.isoformat()
        meta["xmp:ModifyDate"] = moment.isoformat()
        meta["xmp:MetadataDate"] = moment.isoformat()
    # LibreOffice's checksum and identifier of the file as written at that moment; qpdf derives a new
    # identifier from the content (and would keep the first half of an old one)
    for key in ("/DocChecksum", "/ID"):
        if key in pdf.trailer:
            del pdf.trailer[key]
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True, fix_metadata_version=False)
    return buffer.getvalue()
