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

    problems: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
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


def _as_archival(data: bytes, title: str) -> bytes:
    """The bundle as PDF/A-2b: an sRGB output intent, the PDF/A identification in XMP, no interpolation."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
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
    buffer = io.BytesIO()
    pdf.save(buffer, fix_metadata_version=False)
    return buffer.getvalue()


def _inert(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The PDF's pages without actions, JavaScript, embedded files or form fields, and what was taken out.

    Annotations are flattened into the page content first, so what a reader sees (a filled-in form, a
    reviewer's stamp) stays on the page while nothing on it can act.
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
            return data, ()
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
    return buffer.getvalue(), tuple(sorted(removed))


def _identity_encoded(data: bytes) -> bytes:
    """fpdf2's PDF with its CJK text re-encoded as Identity-H, so that any reader can extract and search it.

    fpdf2 encodes text in a CFF-based font (Noto CJK) through an embedded encoding CMap from its own codes to
    CIDs; pypdf and several other readers ignore an embedded encoding and read the text as one-byte codes
    ("\x00E\x004" for "E4"). Identity-H is the encoding every reader knows: the codes in the content
    become the CIDs, and the ToUnicode map is keyed by CID.
    """
    import re

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
        codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
        return pikepdf.String(b"".join(cids.get(code, 0).to_bytes(2, "big") for code in codes))

    for page in pdf.pages:
        fonts: Any = page.obj.Resources.get("/Font", pikepdf.Dictionary())
        current: dict[int, int] | None = None
        commands: list[Any] = []
        for instruction in pikepdf.parse_content_stream(page):
            if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                commands.append(instruction)
                continue
            operands, op = list(instruction.operands), str(instruction.operator)
            if op == "Tf":
                font = fonts.get(str(operands[0]))
                current = recode.get(font.objgen) if font is not None else None
            elif current is not None and op in ("Tj", "'", '"'):
                operands = [*operands[:-1], recoded(operands[-1], current)]
            elif current is not None and op == "TJ":
                items = [recoded(x, current) if isinstance(x, pikepdf.String) else x for x in operands[0]]
                operands = [pikepdf.Array(items)]
            commands.append((operands, instruction.operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(commands))
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _pdf_of(evidence: EvidenceFile) -> tuple[bytes, tuple[str, ...]]:
    """The evidence file as PDF pages, and the active content taken out of it."""
    data = evidence.data  # the bytes that were checked and hashed, not a second read that may differ
    if evidence.kind == "pdf":
        return _inert(data)
    return _image_pdf(data, evidence), ()


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


def _index_pdf(labels: BundleLabels, rows: Sequence[tuple[str, str, str, str, str, str]]) -> bytes:
    """Index pages: a title, then one row per evidence file with its pages in the bundle (or "to follow")."""
    pdf = _new_fpdf()
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
    widths = (28, 150, 170, 68, 67)
    from fpdf.fonts import FontFace

    headings = FontFace(emphasis="", fill_color=(232, 232, 232))
    with pdf.table(
        col_widths=widths,
        text_align=("CENTER", "LEFT", "LEFT", "CENTER", "CENTER"),
        line_height=13,
        first_row_as_headings=True,
        headings_style=headings,
    ) as table:
        header = table.row()
        for label in labels.columns:
            header.cell(label)
        for number, requirement, evidence, date, pages, digest in rows:
            row = table.row()
            document = f"{evidence}\nSHA-256 {digest[:16]}…" if digest else evidence
            for value in (number, requirement, document, date, pages):
                row.cell(value)
    return _identity_encoded(bytes(pdf.output()))


def _stamp_pdf(sizes: Sequence[tuple[float, float]], texts: Sequence[str]) -> bytes:
    """One overlay page per bundle page, each the size of its page, with the stamp at the bottom right.

    The stamp names the bundle page only; a confidentiality mark belongs to our own index, not over the
    client's documents."""
    pdf = _new_fpdf()
    pdf.set_auto_page_break(False)
    for (width, height), text in zip(sizes, texts, strict=True):
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
    return _identity_encoded(bytes(pdf.output()))


def build_bundle(
    files: Sequence[tuple[str, EvidenceFile | None]],
    labels: BundleLabels,
    *,
    node_id: str,
    date_label: Callable[[dt.date | None], str],
    outline_index: str,
) -> tuple[bytes, list[BundleEntry], BundleNotes]:
    """The bundle PDF, where each file landed and what was taken out of it.

    ``files`` pairs each requirement with a file that meets it, in the order of the index, or with None for a
    requirement whose document is to follow (listed in the index, marked ``labels.to_follow``); the node's
    other documents come last, under ``labels.supporting``."""
    from pypdf import PdfReader, PdfWriter

    readers = []
    removed: dict[str, tuple[str, ...]] = {}
    not_archival: list[str] = []
    for requirement, f in files:
        if f is None:
            continue
        data, taken = _pdf_of(f)
        if taken:
            removed[f.item.id] = taken
        not_archival += [f"{f.item.id} {f.item.file}: {problem}" for problem in _archival_problems(data)]
        readers.append((requirement, f, PdfReader(io.BytesIO(data), strict=False)))
    for _, _file, reader in readers:
        if reader.is_encrypted:
            reader.decrypt("")
    pages_of = {id(f): len(reader.pages) for _, f, reader in readers}

    def rows(offset: int) -> list[tuple[str, str, str, str, str, str]]:
        out, page = [], offset + 1
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

    # The index's own length shifts every page number after it: lay it out until the count settles.
    index_pages = 1
    for _ in range(5):
        index = _index_pdf(labels, rows(index_pages))
        count = len(PdfReader(io.BytesIO(index)).pages)
        if count == index_pages:
            break
        index_pages = count

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(index)), import_outline=False)
    writer.add_outline_item(title=outline_index, page_number=0)
    entries: list[BundleEntry] = []
    page = index_pages
    owners: list[str] = [""] * index_pages
    for requirement, f, reader in readers:
        first = page
        writer.append(reader, import_outline=False)
        page += len(reader.pages)
        owners += [f.item.id] * len(reader.pages)
        writer.add_outline_item(title=f"{f.item.id} {f.item.title}", page_number=first)
        entries.append(BundleEntry(f, requirement, first + 1, page))

    total = len(writer.pages)
    sizes, texts = [], []
    for number, bundle_page in enumerate(writer.pages, start=1):
        if bundle_page.rotation:
            bundle_page.transfer_rotation_to_content()
        box = bundle_page.mediabox
        sizes.append((float(box.width), float(box.height)))
        owner = owners[number - 1]
        texts.append(labels.page.format(node=node_id, evidence=owner or labels.index, n=number, total=total))
    overlay = PdfReader(io.BytesIO(_stamp_pdf(sizes, texts)))
    from pypdf import Transformation

    for bundle_page, stamp in zip(writer.pages, overlay.pages, strict=True):
        box = bundle_page.mediabox
        if box.left or box.bottom:
            bundle_page.merge_transformed_page(stamp, Transformation().translate(float(box.left), float(box.bottom)))
        else:
            bundle_page.merge_page(stamp)
    writer.add_metadata({"/Producer": "contractkit", "/Title": labels.title})
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue() if not_archival else _as_archival(buffer.getvalue(), labels.title)
    return data, entries, BundleNotes(removed, tuple(not_archival))
