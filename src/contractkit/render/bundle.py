"""The evidence bundle: one PDF with an index page, a bookmark per evidence item and a stamp on every page.

The client's own documents are passed through as pages only: actions, JavaScript, embedded files and form
fields are taken out (a form's filled-in values stay, flattened into the page), and the manifest says what
was taken from which file. The index and the stamps are searchable text in the bundle's language; the
confidentiality mark is printed once, on the index, never over the client's pages.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from contractkit.account.evidence import EvidenceError, EvidenceFile
from contractkit.documents.pack import BundleEntry
from contractkit.errors import ContractkitError

_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


class FontMissing(ContractkitError):
    def __init__(self) -> None:
        super().__init__(
            "contractkit: the evidence bundle needs a Chinese font and none was found. On Debian or Ubuntu: "
            "sudo apt-get install fonts-noto-cjk ; or set CONTRACTKIT_CJK_FONT to a .ttf/.otf/.ttc file"
        )


@cache
def cjk_font() -> tuple[str, int]:
    """A font file with Chinese glyphs, and the index of its Simplified Chinese face in a collection."""
    configured = os.environ.get("CONTRACTKIT_CJK_FONT")
    paths = [configured] if configured else list(_FONT_CANDIDATES)
    if not configured and shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False)
        paths += sorted(line.split(":")[0].strip() for line in listed.stdout.splitlines() if line.strip())
    for path in paths:
        if path and Path(path).is_file():
            return path, _simplified_face(path)
    raise FontMissing()


def _simplified_face(path: str) -> int:
    if not path.lower().endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            names = {record.toUnicode() for record in font["name"].names if record.nameID in (1, 4)}
            if any(name.endswith(" SC") or " SC " in name for name in names):
                return index
        return 0
    finally:
        collection.close()


@dataclass(frozen=True)
class BundleLabels:
    """The words the bundle prints, in the document's language(s)."""

    title: str
    subtitle: str
    columns: tuple[str, str, str, str, str]  # no., requirement, evidence, date, pages
    page: str  # the stamp: "{node} · {evidence} · page {n} of {total}" pattern
    confidential: str | None
    index: str = "index"  # what the stamp calls the index pages
    to_follow: str = "to follow"  # the pages column of a document not yet on file
    supporting: str = "Supporting documents"  # the requirement column of documents that meet no requirement


@dataclass(frozen=True)
class BundleNotes:
    """What the bundle did to its inputs: active content taken out of each evidence file (by evidence id),
    and why the bundle is not PDF/A (empty: it is PDF/A-2b)."""

    removed: dict[str, tuple[str, ...]]
    not_archival: tuple[str, ...] = ()


#: What the bundle claims when every input allows it.
ARCHIVAL = "PDF/A-2b"


_EMBEDDABLE = ("/Type1", "/MMType1", "/TrueType", "/CIDFontType0", "/CIDFontType2")


def _archival_problems(data: bytes) -> list[str]:
    """Why a PDF's pages cannot go into a PDF/A-2b file with an sRGB output intent (empty: they can)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return _problems_of(pdf)


def _problems_of(pdf: Any) -> list[str]:
    """``_archival_problems`` of a document open in pikepdf."""
    import pikepdf

    problems: set[str] = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        if filters is not None and "/LZWDecode" in (
            [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
        ):
            problems.add("LZW-compressed data")
        subtype = obj.get("/Subtype")
        if obj.get("/Type") == "/Font" and subtype in (
            "/Type1",
            "/MMType1",
            "/TrueType",
            "/CIDFontType0",
            "/CIDFontType2",
        ):
            descriptor = obj.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.add(f"font {str(obj.get('/BaseFont', '?')).lstrip('/')} is not embedded")
        if subtype == "/PS" or "/OPI" in obj:
            problems.add("PostScript")
        if obj.get("/ColorSpace") == "/DeviceCMYK":
            problems.add("CMYK colours")
    for page in pdf.pages:
        colour_spaces = page.obj.get("/Resources", pikepdf.Dictionary()).get("/ColorSpace", pikepdf.Dictionary())
        if any(v == "/DeviceCMYK" for v in colour_spaces.values()):
            problems.add("CMYK colours")
        if pikepdf.parse_content_stream(page, "k K"):
            problems.add("CMYK colours")
    return sorted(problems)


def _srgb_profile(day: dt.date) -> bytes:
    """An sRGB ICC profile (littleCMS through Pillow) with its header date fixed."""
    from PIL import ImageCms

    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    icc[24:36] = b"".join(v.to_bytes(2, "big") for v in (day.year, day.month, day.day, 0, 0, 0))
    return bytes(icc)


def _make_archival(pdf: Any, title: str) -> None:
    """The bundle, open in pikepdf, made PDF/A-2b: an sRGB output intent, the PDF/A identification in XMP, no
    interpolation (the dates are fixed when it is saved: ``save_normalised``)."""
    import pikepdf

    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and bool(obj.get("/Interpolate", False)):
            obj.Interpolate = False  # PDF/A forbids it; viewers smooth images anyway
    profile = pdf.make_stream(_srgb_profile(dt.date(2000, 1, 1)))
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
                Info=pikepdf.String("sRGB IEC61966-2.1"),
                DestOutputProfile=profile,
            )
        ]
    )
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title


def _inert(data: bytes) -> tuple[bytes, tuple[str, ...], list[str]]:
    """The PDF's pages without actions, JavaScript, embedded files or form fields, what was taken out, and
    why its pages cannot go into a PDF/A bundle (``_archival_problems``).

    Annotations are flattened into the page content first, so what a reader sees (a filled-in form, a
    reviewer's stamp) stays on the page while nothing on it can act. A file that needs none of it is read
    once for both.
    """
    import pikepdf

    removed: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        # an /OpenAction that is a destination (open at page 1) does nothing; one that is a dictionary acts
        if isinstance(root.get("/OpenAction"), pikepdf.Dictionary) or "/AA" in root:
            removed.add("actions")
        names = root.get("/Names")
        if names is not None:
            for key, what in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "embedded files")):
                if key in names:
                    removed.add(what)
        if "/AcroForm" in root:
            removed.add("form fields")
        for page in pdf.pages:
            if "/AA" in page.obj:
                removed.add("actions")
            for annotation in page.obj.get("/Annots", []):
                subtype = annotation.get("/Subtype")
                if subtype == "/Widget":
                    removed.add("form fields")
                elif subtype == "/FileAttachment":
                    removed.add("embedded files")
                elif "/A" in annotation or "/AA" in annotation:
                    removed.add("actions")
                elif subtype in ("/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"):
                    removed.add("multimedia")
        if not removed and not any("/Annots" in page.obj for page in pdf.pages):
            return data, (), _problems_of(pdf)
        pdf.flatten_annotations("all")
        for page in pdf.pages:
            for key in ("/Annots", "/AA"):
                if key in page.obj:
                    del page.obj[key]
        for key in ("/OpenAction", "/AA", "/AcroForm", "/Names"):
            if key in root:
                del root[key]
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue(), tuple(sorted(removed)), _archival_problems(buffer.getvalue())


def _identity_encoded(data: bytes) -> bytes:
    """fpdf2's PDF with its CJK text re-encoded as Identity-H, so that any reader can extract and search it.

    fpdf2 encodes text in a CFF-based font (Noto CJK) through an embedded encoding CMap from its own codes to
    CIDs; pypdf and several other readers ignore an embedded encoding and read the text as one-byte codes
    ("\x00E\x004" for "E4"). Identity-H is the encoding every reader knows: the codes in the content
    become the CIDs, and the ToUnicode map is keyed by CID.
    """
    import re
    import sys
    from array import array

    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    recode: dict[tuple[int, int], dict[int, int]] = {}
    for font in pdf.objects:
        if not isinstance(font, pikepdf.Dictionary) or font.get("/Subtype") != "/Type0":
            continue
        encoding = font.get("/Encoding")
        if not isinstance(encoding, pikepdf.Stream):
            continue
        mapping = encoding.read_bytes().split(b"begincidchar", 1)[1]
        cids = {int(code, 16): int(cid) for code, cid in re.findall(rb"<([0-9A-Fa-f]{4})>\s+(\d+)", mapping)}
        unicode: dict[int, str] = {}
        for code, text in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", font.ToUnicode.read_bytes()):
            cid = cids.get(int(code, 16))
            if cid is not None and int(code, 16) != 0:
                unicode.setdefault(cid, text.decode("ascii"))
        lines = [f"<{cid:04X}> <{text}>" for cid, text in sorted(unicode.items())]
        blocks = "".join(
            f"{len(lines[i : i + 100])} beginbfchar\n" + "\n".join(lines[i : i + 100]) + "\nendbfchar\n"
            for i in range(0, len(lines), 100)
        )
        cmap = (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            f"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{blocks}"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        )
        font.ToUnicode = pdf.make_stream(cmap.encode("ascii"))
        font.Encoding = pikepdf.Name("/Identity-H")
        recode[font.objgen] = cids

    def recoded(value: pikepdf.Object, cids: dict[int, int]) -> pikepdf.Object:
        raw = bytes(value)
        codes = array("H", raw[: len(raw) // 2 * 2])  # two-byte codes, big-endian in the content
        if sys.byteorder == "little":
            codes.byteswap()
        out = array("H", [cids.get(code, 0) for code in codes])
        if sys.byteorder == "little":
            out.byteswap()
        return pikepdf.String(out.tobytes())

    shows = ("Tj", "'", '"')
    for page in pdf.pages:
        fonts: Any = page.obj.Resources.get("/Font", pikepdf.Dictionary())
        current: dict[int, int] | None = None
        commands: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            # an instruction that shows no text in a re-encoded font is kept as it was parsed
            if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                commands.append(instruction)
                continue
            op = str(instruction.operator)
            if op == "Tf":
                font = fonts.get(str(instruction.operands[0]))
                current = recode.get(font.objgen) if font is not None else None
            elif current is not None and op in shows:
                operands = list(instruction.operands)
                commands.append(([*operands[:-1], recoded(operands[-1], current)], instruction.operator))
                continue
            elif current is not None and op == "TJ":
                items = [recoded(x, current) if isinstance(x, pikepdf.String) else x for x in instruction.operands[0]]
                commands.append(([pikepdf.Array(items)], instruction.operator))
                continue
            commands.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(commands))
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _pdf_of(evidence: EvidenceFile) -> tuple[bytes, tuple[str, ...], list[str]]:
    """The evidence file as PDF pages, the active content taken out of it, and why it cannot be PDF/A."""
    data = evidence.data  # the bytes that were checked and hashed, not a second read that may differ
    if evidence.kind == "pdf":
        return _inert(data)
    pages = _image_pdf(data, evidence)
    return pages, (), _archival_problems(pages)


def _image_pdf(data: bytes, evidence: EvidenceFile) -> bytes:
    """An image as PDF pages, upright as its EXIF orientation says, without recompressing a JPEG."""
    import logging

    import img2pdf
    from PIL import Image, ImageOps

    logging.getLogger("img2pdf").setLevel(logging.ERROR)

    a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
    layout = img2pdf.get_layout_fun(a4, None, None, img2pdf.FitMode.into, auto_orient=True)
    try:
        return bytes(img2pdf.convert(data, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError, OSError):
        pass
    # Transparency, 16-bit channels and other forms img2pdf will not embed as they are: flatten to RGB.
    frames = []
    with Image.open(io.BytesIO(data)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frame = ImageOps.exif_transpose(image.convert("RGBA"))
            flat = Image.new("RGB", frame.size, "white")
            flat.paste(frame, mask=frame.getchannel("A"))
            buffer = io.BytesIO()
            flat.save(buffer, format="PNG", optimize=False)
            frames.append(buffer.getvalue())
    try:
        return bytes(img2pdf.convert(frames, layout_fun=layout))
    except Exception as exc:
        raise EvidenceError(
            evidence.item.file or str(evidence.path), f"the image cannot be converted ({exc})", evidence.item.id
        ) from None


def _new_fpdf() -> Any:
    from fpdf import FPDF

    path, index = cjk_font()
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.set_producer("contractkit")
    pdf.add_font("cjk", fname=path, collection_font_number=index)
    pdf.set_auto_page_break(True, margin=56)
    pdf.set_margins(56, 56, 56)
    return pdf


IndexRow = tuple[str, str, str, str, str, str]  # no., requirement, evidence, date, pages, SHA-256
_WIDTHS = (28, 150, 170, 68, 67)
_ALIGN = ("CENTER", "LEFT", "LEFT", "CENTER", "CENTER")
_LINE = 13


def _cells(row: IndexRow) -> tuple[str, str, str, str, str]:
    number, requirement, evidence, date, pages, digest = row
    document = f"{evidence}\nSHA-256 {digest[:16]}…" if digest else evidence
    return number, requirement, document, date, pages


def _index_head(pdf: Any, labels: BundleLabels) -> None:
    """The index's first page down to its table: the confidentiality mark, the title and subtitle."""
    pdf.add_page()
    if labels.confidential:
        pdf.set_font("cjk", size=9)
        pdf.cell(0, 12, labels.confidential, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 22, labels.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 15, labels.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("cjk", size=9)


@dataclass(frozen=True)
class _Row:
    """A row of the index table as it is laid out: its cells' texts, its height, and each cell's height and
    lines (None: a text fpdf2 wraps; empty: no text)."""

    texts: Sequence[str]
    height: float
    heights: tuple[float, ...]
    lines: tuple[tuple[str, ...] | None, ...]


def _columns(pdf: Any) -> list[tuple[float, str]]:
    """The width and alignment of each column of the index table: the width between the margins shared out
    as ``_WIDTHS`` say."""
    return [(pdf.epw * w / sum(_WIDTHS), align) for w, align in zip(_WIDTHS, _ALIGN, strict=True)]


def _index_rows(pdf: Any, labels: BundleLabels, rows: Sequence[IndexRow]) -> list[_Row]:
    """The index table's rows, the heading row first, measured in the font set in ``pdf``.

    A row is as high as the highest of its cells. A cell's lines that are clearly narrower than the cell
    are a line each (fpdf2 breaks them nowhere else); a text with a close or a wider line is measured by
    fpdf2's own line breaking (``multi_cell(dry_run=True)``), once for each text, and drawn by it.
    """
    columns = _columns(pdf)
    limits = [w - 2 * pdf.c_margin - 1 for w, _ in columns]
    wrapped: dict[tuple[int, str], float] = {}

    def cell(j: int, text: str) -> tuple[float, tuple[str, ...] | None]:
        if not text:
            return 0.0, ()
        lines = tuple(text.split("\n"))
        # a carriage return or a soft hyphen is fpdf2's line breaking's to handle
        if "\r" not in text and "\xad" not in text and all(pdf.get_string_width(line) < limits[j] for line in lines):
            return float(_LINE * len(lines)), lines
        key = (j, text)
        if key not in wrapped:
            w, align = columns[j]
            wrapped[key] = pdf.multi_cell(
                w, _LINE, text, max_line_height=_LINE, align=align, dry_run=True, output="HEIGHT"
            )
        return wrapped[key], None

    out = []
    for texts in [labels.columns, *(_cells(row) for row in rows)]:
        measured = [cell(j, text) for j, text in enumerate(texts)]
        heights = tuple(h for h, _ in measured)
        out.append(_Row(texts, max(heights) or _LINE, heights, tuple(lines for _, lines in measured)))
    return out


def _index_table(pdf: Any, labels: BundleLabels, rows: Sequence[IndexRow]) -> None:
    """The index table: a heading row (repeated on every page, never alone at the bottom of one), then a row
    per evidence file; every cell framed, its text centred vertically in the row.

    Drawn cell by cell from the rows as ``_index_rows`` measured them, so that each text is measured once:
    fpdf2's ``table()`` measured every cell and then laid it out again to draw it (most of the bundle's
    time with a long index).
    """
    layout = _index_rows(pdf, labels, rows)
    columns = _columns(pdf)
    xs = [pdf.l_margin + sum(w for w, _ in columns[:j]) for j in range(len(columns))]

    def draw(row: _Row, heading: bool) -> None:
        y = pdf.y
        for (w, align), x, text, h, lines in zip(columns, xs, row.texts, row.heights, row.lines, strict=True):
            pdf.rect(x, y, w, row.height, style="DF" if heading else "D")
            top = y + (row.height - h) / 2
            if lines is None:
                pdf.set_xy(x, top)
                pdf.multi_cell(w, _LINE, text, max_line_height=_LINE, align=align, new_x="RIGHT", new_y="TOP")
            for k, line in enumerate(lines or ()):
                pdf.set_xy(x, top + k * _LINE)
                pdf.cell(w, _LINE, line, align=align)
        pdf.set_xy(pdf.l_margin, y + row.height)

    def heading() -> None:
        with pdf.local_context(fill_color=(232, 232, 232)):
            draw(layout[0], True)

    if len(layout) > 1 and pdf.will_page_break(layout[0].height + layout[1].height):
        pdf.add_page(same=True)
    heading()
    for row in layout[1:]:
        if pdf.will_page_break(row.height):
            pdf.add_page(same=True)
            heading()
        draw(row, False)


def _index_length(pdf: Any, labels: BundleLabels, rows: Sequence[IndexRow]) -> int:
    """The pages the index table will take from where ``pdf`` stands, foreseen without laying it out.

    The page numbers in the index depend on its own length, so it has to be known before the table is laid
    out: its rows measured as ``_index_table`` measures them (``_index_rows``), its pages broken as it
    breaks them. ``_overlay`` checks the foreseen length against the table it lays out.
    """
    heights = [row.height for row in _index_rows(pdf, labels, rows)]
    y, pages = pdf.y, 1
    if len(heights) > 1 and y + heights[0] + heights[1] > pdf.page_break_trigger:
        y, pages = pdf.t_margin, pages + 1
    for i, h in enumerate(heights):
        if y + h > pdf.page_break_trigger:
            y, pages = pdf.t_margin, pages + 1
            if i > 0:
                y += heights[0]
        y += h
    return pages


def _overlay(
    labels: BundleLabels,
    rows: Callable[[int], list[IndexRow]],
    stamps: Callable[[int], list[tuple[float, float, str]]],
) -> tuple[bytes, int]:
    """One fpdf2 document holding the index pages and then one stamp page per bundle page; and how many
    pages the index takes.

    The font is loaded and subset once for both, and the index is laid out once: its length is foreseen
    (``_index_length``), and laid out again only where fpdf2 breaks its pages otherwise. ``rows(n)`` are
    the index rows when the index takes n pages; ``stamps(n)`` the (width, height, text) of every bundle
    page's stamp then, the index pages first.
    """
    for attempt in range(5):
        pdf = _new_fpdf()
        _index_head(pdf, labels)
        if attempt == 0:
            index_pages = _index_length(pdf, labels, rows(1))
        _index_table(pdf, labels, rows(index_pages))
        if pdf.page == index_pages:
            break
        index_pages = pdf.page
    pdf.set_auto_page_break(False)
    for width, height, text in stamps(index_pages):
        _stamp_page(pdf, width, height, text)
    return _identity_encoded(bytes(pdf.output())), index_pages


def _stamp_page(pdf: Any, width: float, height: float, text: str) -> None:
    """An overlay page the size of a bundle page, with the stamp at the bottom right.

    The stamp names the bundle page only; a confidentiality mark belongs to our own index, not over the
    client's documents."""
    # fpdf2 takes a portrait size and an orientation; a landscape page is the portrait size turned.
    pdf.add_page(orientation="L" if width > height else "P", format=(min(width, height), max(width, height)))
    pdf.set_font("cjk", size=8)
    label_width = pdf.get_string_width(text) + 12
    x, y = width - label_width - 18, height - 26
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(120, 120, 120)
    pdf.rect(x, y, label_width, 14, style="DF")
    pdf.set_xy(x, y + 1)
    pdf.cell(label_width, 12, text, align="C")


def build_bundle(
    files: Sequence[tuple[str, EvidenceFile | None]],
    labels: BundleLabels,
    *,
    node_id: str,
    date_label: Callable[[dt.date | None], str],
    outline_index: str,
    day: dt.date,
) -> tuple[bytes, list[BundleEntry], BundleNotes]:
    """The bundle PDF, where each file landed and what was taken out of it.

    ``files`` pairs each requirement with a file that meets it, in the order of the index, or with None for a
    requirement whose document is to follow (listed in the index, marked ``labels.to_follow``); the node's
    other documents come last, under ``labels.supporting``. The bundle is normalised for ``day`` as
    ``normalise_pdf`` normalises a PDF (dates, producer, identifier), in the one pass that writes it."""
    import pikepdf
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter()
    removed: dict[str, tuple[str, ...]] = {}
    not_archival: list[str] = []
    placed: list[tuple[str, EvidenceFile, int]] = []  # requirement, file, its number of pages
    for requirement, f in files:
        if f is None:
            continue
        try:
            data, taken, problems = _pdf_of(f)
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            count = len(reader.pages)
            writer.append(reader, import_outline=False)  # the writer holds the pages; the reader can go
        except (PyPdfError, pikepdf.PdfError) as exc:  # damage the check before did not reach: still the file's
            reason = f"the PDF is damaged and cannot be read ({type(exc).__name__})"
            raise EvidenceError(f.item.file or str(f.path), reason, f.item.id) from None
        if taken:
            removed[f.item.id] = taken
        not_archival += [f"{f.item.id} {f.item.file}: {problem}" for problem in problems]
        placed.append((requirement, f, count))
    pages_of = {id(f): count for _, f, count in placed}
    for bundle_page in writer.pages:
        if bundle_page.rotation:
            bundle_page.transfer_rotation_to_content()
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in writer.pages]
    owners = [f.item.id for _, f, count in placed for _ in range(count)]

    def rows(index_pages: int) -> list[IndexRow]:
        out, page = [], index_pages + 1
        for i, (requirement, f) in enumerate(files, start=1):
            if f is None:
                out.append((str(i), requirement, "", "", labels.to_follow, ""))
                continue
            count = pages_of[id(f)]
            span = str(page) if count == 1 else f"{page}-{page + count - 1}"
            title = f"{f.item.id} {f.item.title}"
            out.append((str(i), requirement, title, date_label(f.item.date), span, f.sha256))
            page += count
        return out

    def stamps(index_pages: int) -> list[tuple[float, float, str]]:
        a4 = _index_page_size()
        every = [a4] * index_pages + sizes
        names = [labels.index] * index_pages + owners
        total = len(every)
        return [
            (w, h, labels.page.format(node=node_id, evidence=owner, n=n, total=total))
            for n, ((w, h), owner) in enumerate(zip(every, names, strict=True), start=1)
        ]

    overlay_data, index_pages = _overlay(labels, rows, stamps)
    outline = [(outline_index, 0)]
    entries: list[BundleEntry] = []
    page = index_pages
    for requirement, f, count in placed:
        outline.append((f"{f.item.id} {f.item.title}", page))
        entries.append(BundleEntry(f, requirement, page + 1, page + count))
        page += count
    writer.add_metadata({"/Producer": "contractkit", "/Title": labels.title})
    writer.page_mode = "/UseOutlines"
    return (
        _finished(writer, _Overlay(overlay_data, index_pages, outline), labels.title, day, archival=not not_archival),
        entries,
        BundleNotes(removed, tuple(not_archival)),
    )


@cache
def _index_page_size() -> tuple[float, float]:
    """The size of an index page (fpdf2's A4 in points)."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    return float(pdf.w), float(pdf.h)


@dataclass(frozen=True)
class _Overlay:
    """What goes onto the merged evidence pages: the overlay document (``_overlay``: the index pages, then a
    stamp page per bundle page), how many index pages it starts with, and the bookmarks (title, page index
    in the bundle)."""

    data: bytes
    index_pages: int
    outline: list[tuple[str, int]]


def _put_on(pdf: Any, overlay: _Overlay, source: Any) -> None:
    """The merged evidence pages (open in pikepdf) made the bundle: the index pages in front, a stamp over
    every page, and a bookmark for the index and for each evidence file. ``source`` is ``overlay.data`` open
    in pikepdf, and stays open until the bundle is saved (qpdf copies its streams' data as it writes).

    Each stamp goes on as a form XObject, which brings its own resources: nothing in the page's content or
    the stamp's has to be parsed or renamed (pypdf's ``merge_page`` parsed both on every page), and the font
    the index and the stamps share is copied into the bundle once. The page's own content is kept as it was,
    in a saved graphics state; the stamp is placed at the page's origin and clipped to its own box, as a
    merged stamp was.
    """
    import itertools

    import pikepdf

    if len(source.pages) != len(pdf.pages) + 2 * overlay.index_pages:
        raise AssertionError(f"{len(source.pages)} overlay pages for {len(pdf.pages)} evidence pages")
    for i in range(overlay.index_pages):
        pdf.pages.insert(i, source.pages[i])
    stamps = itertools.islice(source.pages, overlay.index_pages, None)  # a slice of the page list is slow
    for page, stamp in zip(pdf.pages, stamps, strict=True):
        # The stamp page's own content stream made the form, with the page's resources and box: what
        # as_form_xobject() does for a page like these (one content stream, not rotated), without copying
        # the content into a new stream first, which then has to be copied into the bundle as well (twice
        # the memory: 58 MiB more for 4,030 stamps, against 31 MiB)
        form = stamp.obj.Contents
        if not isinstance(form, pikepdf.Stream):
            raise AssertionError("an fpdf2 page has one content stream")
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox, form.Resources = stamp.obj.MediaBox, stamp.obj.Resources
        if not isinstance(page.obj.get("/Resources"), pikepdf.Dictionary):
            page.obj.Resources = pikepdf.Dictionary()  # missing or malformed: as pypdf's merge replaced it
        name, n = pikepdf.Name("/Stamp"), 0
        while any(isinstance(d, pikepdf.Dictionary) and name in d for d in page.resources.values()):
            n += 1
            name = pikepdf.Name(f"/Stamp{n}")
        page.add_resource(form, pikepdf.Name.XObject, name, replace_existing=False)
        box, size = pikepdf.Rectangle(page.mediabox), pikepdf.Rectangle(stamp.mediabox)
        place = pikepdf.Rectangle(box.llx, box.lly, box.llx + size.width, box.lly + size.height)
        drawn = page.calc_form_xobject_placement(form, name, place, allow_shrink=False, allow_expand=False)
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(b"Q\n" + drawn, prepend=False)
        page.contents_coalesce()
    with pdf.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(title, page) for title, page in overlay.outline)


def _finished(writer: Any, overlay: _Overlay, title: str, day: dt.date, *, archival: bool) -> bytes:
    """The bundle's bytes: pypdf's merge of the evidence, with the index, stamps and bookmarks put on
    (``_put_on``), made PDF/A where its inputs allow and normalised, saved once."""
    import tempfile

    import pikepdf

    from contractkit.render.docx import save_normalised

    # pypdf writes the merged pages to a temporary file, which qpdf reads object by object as it saves: the
    # bundle is in memory once, as the bytes that are returned
    with tempfile.TemporaryFile() as merged:
        writer.write(merged)
        writer.close()
        merged.seek(0)
        with pikepdf.open(merged) as pdf, pikepdf.open(io.BytesIO(overlay.data)) as source:
            _put_on(pdf, overlay, source)
            if archival:
                _make_archival(pdf, title)
            return save_normalised(pdf, day, title)
