"""The evidence bundle: one PDF with an index page, a bookmark per evidence item and a stamp on every page."""

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
    page: str  # "page {n} of {total}" pattern
    confidential: str | None


def _pdf_of(evidence: EvidenceFile) -> bytes:
    data = evidence.data  # the bytes that were checked and hashed, not a second read that may differ
    if evidence.kind == "pdf":
        return data
    return _image_pdf(data, evidence)


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
    """Index pages: a title, then one row per evidence file with its pages in the bundle."""
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
            for value in (number, requirement, f"{evidence}\nSHA-256 {digest[:16]}…", date, pages):
                row.cell(value)
    return bytes(pdf.output())


def _stamp_pdf(sizes: Sequence[tuple[float, float]], texts: Sequence[str], confidential: str | None) -> bytes:
    """One overlay page per bundle page, each the size of its page, with the stamp at the bottom right."""
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
        if confidential:
            pdf.set_text_color(160, 0, 0)
            pdf.set_xy(18, 10)
            pdf.cell(200, 12, confidential)
            pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())


def build_bundle(
    files: Sequence[tuple[str, EvidenceFile]],
    labels: BundleLabels,
    *,
    node_id: str,
    date_label: Callable[[dt.date | None], str],
    outline_index: str,
) -> tuple[bytes, list[BundleEntry]]:
    """The bundle PDF and where each file landed. ``files`` pairs each file with the requirement it meets."""
    from pypdf import PdfReader, PdfWriter

    readers = [(requirement, f, PdfReader(io.BytesIO(_pdf_of(f)), strict=False)) for requirement, f in files]
    for _, _file, reader in readers:
        if reader.is_encrypted:
            reader.decrypt("")

    def rows(offset: int) -> list[tuple[str, str, str, str, str, str]]:
        out, page = [], offset + 1
        for i, (requirement, f, reader) in enumerate(readers, start=1):
            count = len(reader.pages)
            span = str(page) if count == 1 else f"{page}-{page + count - 1}"
            out.append((str(i), requirement, f"{f.item.id} {f.item.title}", date_label(f.item.date), span, f.sha256))
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
        texts.append(labels.page.format(node=node_id, evidence=owner or "index", n=number, total=total))
    overlay = PdfReader(io.BytesIO(_stamp_pdf(sizes, texts, labels.confidential)))
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
    return buffer.getvalue(), entries
