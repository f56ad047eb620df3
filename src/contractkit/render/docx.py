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
    A font that draws the Simplified Chinese face of a CJK collection is given that face's name
    (``name_simplified_chinese_faces``): LibreOffice names it after the collection's Japanese face.
    """
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    name_simplified_chinese_faces(pdf)
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


# ------------------------------------------------------------------ the names of the CJK faces in a PDF
#
# The regional faces of a CJK font collection (Debian's fonts-noto-cjk: NotoSerifCJK-Regular.ttc holds the
# JP, KR, SC, TC and HK faces) share one CFF table, whose own name is the Japanese face's
# (NotoSerifCJKjp-Regular); each face has its own cmap, which picks the regional form of a character from
# the shared glyphs. LibreOffice names an embedded subset after that CFF (7.4 takes the name of its last font
# dictionary: NotoSerifCJKjp-Regular-VKana) whichever face it drew with, so a document set in the Simplified
# Chinese face lists "Japanese" fonts. Its glyphs are the SC face's: the font is renamed to say so.


@dataclass(frozen=True)
class _Face:
    """A face of a font collection: its PostScript name (name ID 6), full and family names, and the glyph
    its cmap gives each character (a CID for a CID-keyed CFF, as ``_glyph_key`` gives it)."""

    postscript: str
    full: str
    family: str
    glyphs: Mapping[int, int | str]


def _glyph_key(name: str) -> int | str:
    """A glyph name as a CID where it names one (LibreOffice writes cid123, fontTools cid00123)."""
    match = re.fullmatch(r"cid0*(\d+)", name)
    return int(match.group(1)) if match else name


def _ps_name_ok(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9._-]{1,127}", name))


@cache
def _font_files() -> tuple[tuple[str, str], ...]:
    """(PostScript name, file) of each font fontconfig knows: the fonts LibreOffice draws with on Linux."""
    binary = shutil.which("fc-list")
    if binary is None:
        return ()
    try:
        listed = subprocess.run(
            [binary, "--format", "%{postscriptname}\t%{file}\n"],
            capture_output=True,
            text=True,
            errors="replace",  # a file name that is not text in the locale is then a file that cannot be opened
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    rows = (line.split("\t", 1) for line in listed.stdout.splitlines() if "\t" in line)
    return tuple(sorted((name, path) for name, path in rows if name and path))


def _common_prefix(a: str, b: str) -> int:
    """How many characters two names have in common at their start."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


@cache
def _simplified_faces(program: str) -> tuple[_Face, ...]:
    """The Simplified Chinese faces of an installed font collection whose faces share the CFF outlines
    that a PDF embeds under ``program`` (the CFF's name, or the name of one of its font dictionaries), the
    likeliest first (the face whose name is closest to the CFF's: Noto Sans CJK SC before Noto Sans Mono
    CJK SC). Empty when no installed collection shares its outlines under that name."""
    from fontTools.ttLib import TTCollection

    files = sorted(
        {
            path
            for name, path in _font_files()
            if (program == name or program.startswith(name + "-")) and path.lower().endswith((".ttc", ".otc"))
        }
    )
    for path in files:
        try:
            with TTCollection(path, lazy=True) as collection:
                faces = _simplified_faces_in(collection, program)
        except Exception:  # fontTools raises many kinds on a file it cannot read
            continue
        if faces:
            return faces
    return ()


def _simplified_faces_in(collection: Any, program: str) -> tuple[_Face, ...]:
    by_table: dict[int, list[Any]] = {}
    for face in collection.fonts:
        if "CFF " in face.reader.tables:
            by_table.setdefault(face.reader.tables["CFF "].offset, []).append(face)
    for faces in by_table.values():
        cff = faces[0]["CFF "].cff
        top = cff[cff.fontNames[0]]
        names = {cff.fontNames[0], *(getattr(fd, "FontName", "") for fd in getattr(top, "FDArray", []))}
        if program not in names:
            continue
        simplified = []
        for face in faces:
            table = face["name"]
            family = table.getBestFamilyName() or ""
            postscript = table.getDebugName(6) or ""
            if family.endswith(" SC") and _ps_name_ok(postscript):
                glyphs = {code: _glyph_key(glyph) for code, glyph in (face.getBestCmap() or {}).items()}
                simplified.append(_Face(postscript, table.getBestFullName() or family, family, glyphs))
        simplified.sort(key=lambda f: -_common_prefix(f.postscript, cff.fontNames[0]))
        return tuple(simplified)
    return ()


def _to_unicode(font: Any) -> dict[int, str]:
    """The text of each character code of a PDF font, from its ToUnicode CMap (bfchar and bfrange)."""
    import pikepdf

    cmap = font.get("/ToUnicode")
    if not isinstance(cmap, pikepdf.Stream):
        return {}
    text = cmap.read_bytes().decode("latin-1")

    def decoded(value: bytes) -> str:
        return value.decode("utf-16-be", errors="replace")

    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            if len(value) % 2 == 0:
                out[int(code, 16)] = decoded(bytes.fromhex(value))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            first, last = int(low, 16), int(high, 16)
            if target.startswith("["):
                for i, value in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    if len(value) % 2 == 0:
                        out[first + i] = decoded(bytes.fromhex(value))
            elif len(target) % 2 == 0 and 0 <= last - first <= 0xFFFF:
                start = bytes.fromhex(target[1:-1])
                for i in range(last - first + 1):
                    value = (int.from_bytes(start, "big") + i).to_bytes(len(start), "big")
                    out[first + i] = decoded(value)
    return out


def _drawn_characters(drawn: Mapping[int, int | str], unicode: Mapping[int, str]) -> dict[int, int | str] | None:
    """Each character a font draws (by the ToUnicode of its codes) and the glyph drawing it; None when a code
    draws no single known character, or a character is drawn with two glyphs: then what the font draws
    cannot be checked against a face's cmap."""
    glyphs: dict[int, int | str] = {}
    for code, glyph in drawn.items():
        text = unicode.get(code)
        if text is None or len(text) != 1 or glyphs.get(ord(text), glyph) != glyph:
            return None
        glyphs[ord(text)] = glyph
    return glyphs or None


def _face_drawn(program: str, drawn: Mapping[int, int | str], font: Any) -> _Face | None:
    """The Simplified Chinese face whose glyphs are every glyph a font embedded as ``program`` draws for the
    characters it draws, or None."""
    if not _ps_name_ok(program):
        return None
    faces = _simplified_faces(program)
    if not faces:
        return None
    glyphs = _drawn_characters(drawn, _to_unicode(font))
    if glyphs is None:
        return None
    return next((f for f in faces if all(f.glyphs.get(c) == g for c, g in glyphs.items())), None)


def _subset_tag(name: str) -> tuple[str, str]:
    """A font name's subset tag (``ABCDEF+``, or empty) and the name after it."""
    match = re.fullmatch(r"([A-Z]{6}\+)?(.+)", name)
    return (match.group(1) or "", match.group(2)) if match else ("", name)


def _ps_string(text: str, fallback: str) -> bytes:
    """``text`` as the contents of a PostScript string, where it needs no escaping; else ``fallback``."""
    return (text if re.fullmatch(r"[ -~]+", text) and not re.search(r"[()\\]", text) else fallback).encode()


def _renamed_type1(cleartext: bytes, old: str, face: _Face) -> bytes | None:
    """A Type 1 program's clear-text part with the face's names for the font, or None if it is not named
    ``old`` where a Type 1 program names itself (the eexec-encrypted part holds no name)."""
    name = face.postscript.encode()
    text, named = re.subn(rb"(/FontName\s*/)" + re.escape(old.encode()) + rb"(?=[\s/])", rb"\g<1>" + name, cleartext)
    if named != 1:
        return None
    text = re.sub(rb"\A(%![^\n:]*:\s*)" + re.escape(old.encode()) + rb"(?=\s)", rb"\g<1>" + name, text)
    for key, value in ((b"FullName", face.full), (b"FamilyName", face.family)):
        replacement = _ps_string(value, face.postscript).replace(b"\\", b"\\\\")
        text = re.sub(rb"(/" + key + rb"\s*\()[^()\\]*(\))", rb"\g<1>" + replacement + rb"\g<2>", text, count=1)
    return text


def _rename_type1(font: Any) -> tuple[str, str] | None:
    """A simple Type 1 font (LibreOffice's conversion of a CFF subset: clear text, eexec part, zeros, with
    its encoding built in) renamed after the Simplified Chinese face it draws."""
    import pikepdf

    descriptor: Any = font.get("/FontDescriptor")
    program = descriptor.get("/FontFile") if isinstance(descriptor, pikepdf.Dictionary) else None
    base = font.get("/BaseFont")
    if not isinstance(program, pikepdf.Stream) or base is None or "/Encoding" in font:
        return None
    if descriptor.get("/FontName") != base or "/Length1" not in program:
        return None
    tag, name = _subset_tag(str(base)[1:])
    data = program.read_bytes()
    first = int(program.Length1)
    cleartext = data[:first]
    drawn = {
        int(code): _glyph_key(glyph.decode("latin-1"))
        for code, glyph in re.findall(rb"dup\s+(\d+)\s*/([^\s/\[\]{}()<>%]+)\s+put", cleartext)
        if glyph != b".notdef"
    }
    face = _face_drawn(name, drawn, font)
    if face is None or face.postscript == name:
        return None
    renamed = _renamed_type1(cleartext, name, face)
    if renamed is None:
        return None
    program.write(renamed + data[first:])  # the lengths of the eexec part and the zeros are as they were
    program.Length1 = len(renamed)
    font.BaseFont = descriptor.FontName = pikepdf.Name(f"/{tag}{face.postscript}")
    return name, face.postscript


def _rename_cid(font: Any) -> tuple[str, str] | None:
    """A Type 0 font over a CID-keyed CFF (``/CIDFontType0C``, codes that are CIDs: Identity-H) renamed
    after the Simplified Chinese face it draws: the font dictionaries, and the CFF's own names (the font's,
    its font dictionaries', its full and family names)."""
    import pikepdf
    from fontTools.cffLib import CFFFontSet
    from fontTools.ttLib import TTFont

    descendants = font.get("/DescendantFonts")
    if font.get("/Encoding") != "/Identity-H" or not isinstance(descendants, pikepdf.Array) or len(descendants) != 1:
        return None
    descendant = descendants[0]
    descriptor: Any = descendant.get("/FontDescriptor")
    program = descriptor.get("/FontFile3") if isinstance(descriptor, pikepdf.Dictionary) else None
    base = descendant.get("/BaseFont")
    if descendant.get("/Subtype") != "/CIDFontType0" or not isinstance(program, pikepdf.Stream) or base is None:
        return None
    if program.get("/Subtype") != "/CIDFontType0C" or descriptor.get("/FontName") != base:
        return None
    outer = str(font.get("/BaseFont", ""))
    if not (outer == str(base) or outer.startswith(f"{base}-")):
        return None
    tag, name = _subset_tag(str(base)[1:])
    if not _ps_name_ok(name) or not _simplified_faces(name):  # before parsing the CFF: most fonts are not these
        return None
    cff = CFFFontSet()
    try:
        cff.decompile(io.BytesIO(program.read_bytes()), None)
        top = cff[cff.fontNames[0]]
        charset = list(top.charset)
    except Exception:  # fontTools raises many kinds on a program it cannot read
        return None
    if cff.fontNames != [name] or not hasattr(top, "ROS"):
        return None
    drawn = {int(key): int(key) for key in map(_glyph_key, charset[1:]) if isinstance(key, int)}
    if len(drawn) != len(charset) - 1:
        return None
    face = _face_drawn(name, drawn, font)
    if face is None or face.postscript == name:
        return None
    cff.fontNames = [face.postscript]
    for key, value in (("FullName", face.full), ("FamilyName", face.family)):
        if hasattr(top, key):
            setattr(top, key, value)
    for fd in getattr(top, "FDArray", []):
        own = getattr(fd, "FontName", None)
        if isinstance(own, str) and (own == name or own.startswith(f"{name}-")):
            fd.FontName = face.postscript + own[len(name) :]
    out = io.BytesIO()
    cff.compile(out, TTFont(recalcBBoxes=False))  # a bare CFF: no font around it, its bounding box as it was
    program.write(out.getvalue())
    if "/Length1" in program:  # fpdf2 writes one; a CFF program has no parts
        program.Length1 = len(out.getvalue())
    new = f"{tag}{face.postscript}"
    descendant.BaseFont = descriptor.FontName = pikepdf.Name(f"/{new}")
    font.BaseFont = pikepdf.Name(f"/{new}{outer[len(str(base)) :]}")
    return name, face.postscript


def _asks_for_other_cjk(lang: str) -> bool:
    """Whether a document's language (BCP 47) is a CJK one other than Simplified Chinese: Japanese, Korean,
    Traditional Chinese. Its fonts keep their names even where their glyphs are also the SC face's."""
    parts = lang.strip().lower().replace("_", "-").split("-")
    if parts[0] in ("ja", "jpn", "ko", "kor"):
        return True
    return parts[0] in ("zh", "zho", "chi") and any(p in ("hant", "tw", "hk", "mo") for p in parts[1:])


def name_simplified_chinese_faces(pdf: Any) -> list[tuple[str, str]]:
    """Give each font of a PDF (open in pikepdf) that draws a Simplified Chinese face of a CJK collection,
    under the name of the collection's shared outlines, that face's PostScript name; the (old, new) names.

    A font is renamed only where every glyph it draws is the glyph the SC face's cmap gives the character
    drawn (its ToUnicode says which): a font drawing any other region's form keeps its name, as do fonts
    of documents in Japanese, Korean or Traditional Chinese. The subset tag is kept, the font dictionary's
    /BaseFont and the descriptor's /FontName stay equal, and the program's own name changes with them
    (a Type 1 program's clear text, with its /Length1; a CFF's names). Other fonts are not touched: nothing
    is changed in a PDF without such fonts (fpdf2's bundle fonts are named after their SC face already)."""
    import pikepdf

    lang = pdf.Root.get("/Lang")
    if isinstance(lang, pikepdf.String) and _asks_for_other_cjk(str(lang)):
        return []
    renamed: list[tuple[str, str]] = []
    for font in list(pdf.objects):
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Type") != "/Font":
            continue
        subtype = font.get("/Subtype")
        done = _rename_type1(font) if subtype == "/Type1" else _rename_cid(font) if subtype == "/Type0" else None
        if done:
            renamed.append(done)
    return renamed
