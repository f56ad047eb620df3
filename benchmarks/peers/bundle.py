"""Peer of `contractkit apply --no-pdf`, whole process: bare pypdf + fpdf2 (+ docxtpl for the four letters).

    python benchmarks/peers/bundle.py INPUTS.json CAPTURED.jsonl OUT_FOLDER

INPUTS.json lists the evidence files in bundle order (path, id, title, requirement, date label) and the
words the bundle prints; CAPTURED.jsonl holds the contexts contractkit handed docxtpl for the pack's four
documents in the same run (benchmarks/capture.py).

Does, in one process, each thing once:
- reads every evidence PDF once, hashes it (SHA-256) and opens it with pypdf;
- loads the CJK font once (the same Noto CJK face contractkit finds) into one fpdf2 document holding the
  index pages (a five-column table: number, requirement, evidence id/title/SHA-256, date, pages) and one
  stamp overlay page per bundle page ("P2 · B001 · 第12页 共1008页" in a framed box, bottom right);
- merges index + evidence with pypdf, one bookmark per evidence file and one for the index, merges the
  stamp pages onto the bundle pages (``merge_page``), and writes the bundle once;
- renders the pack's four .docx (letter, statement, progress summary, evidence index) with bare docxtpl
  from the captured contexts, and writes a manifest of SHA-256 hashes of inputs and outputs.

Does not: read or check the project file, decide which evidence meets which requirement, compute the
statement, or make the bundle and documents byte-deterministic (fixed IDs, dates, zip timestamps).
Its index rows are one fixed height (two lines), so the index is laid out once; contractkit's table
wraps long titles, which the benchmark's short titles never need. The benchmark checks that both
bundles have the same number of pages before timing.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

ROW, HEADER, MARGIN = 26.0, 26.0, 56.0
WIDTHS = (28.0, 150.0, 170.0, 68.0, 67.0)


def index_rows_per_page(first_top: float, page_height: float) -> tuple[int, int]:
    usable = page_height - MARGIN
    return int((usable - first_top - HEADER) // ROW), int((usable - MARGIN - HEADER) // ROW)


def main() -> None:
    inputs_path, captured, out_folder = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    out_folder.mkdir(parents=True, exist_ok=True)
    inputs = json.loads(inputs_path.read_text(encoding="utf-8"))
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    files: list[dict[str, Any]] = []
    for item in inputs["files"]:
        data = Path(item["path"]).read_bytes()
        reader = PdfReader(io.BytesIO(data), strict=False)
        files.append({**item, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "reader": reader})

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("cjk", fname=inputs["font"], collection_font_number=inputs["font_index"])
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)

    # Index: title block, then fixed-height rows, so its page count is known before the spans are printed.
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 22, inputs["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.multi_cell(0, 15, inputs["subtitle"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    first, per_page = index_rows_per_page(pdf.get_y(), pdf.h)
    rest = max(0, len(files) - first)
    index_pages = 1 + -(-rest // per_page)
    page = index_pages + 1
    rows = []
    for i, f in enumerate(files, start=1):
        count = len(f["reader"].pages)
        span = str(page) if count == 1 else f"{page}-{page + count - 1}"
        f["first"], f["last"] = page, page + count - 1
        rows.append(
            (str(i), f["requirement"], f"{f['id']} {f['title']}", f"SHA-256 {f['sha256'][:16]}…", f["date"], span)
        )
        page += count
    total = page - 1

    def header() -> None:
        pdf.set_font("cjk", size=9)
        pdf.set_fill_color(232, 232, 232)
        x, y = MARGIN, pdf.get_y()
        for width, label in zip(WIDTHS, inputs["columns"], strict=True):
            pdf.rect(x, y, width, HEADER, style="DF")
            pdf.set_xy(x, y + 6)
            pdf.cell(width, 13, label, align="C")
            x += width
        pdf.set_xy(MARGIN, y + HEADER)

    header()
    on_page = 0
    for number, requirement, line1, line2, date, span in rows:
        if on_page == (first if pdf.page == 1 else per_page):
            pdf.add_page()
            header()
            on_page = 0
        x, y = MARGIN, pdf.get_y()
        for width, text in zip(WIDTHS, (number, requirement, line1, date, span), strict=True):
            pdf.rect(x, y, width, ROW)
            pdf.set_xy(x, y)
            pdf.cell(width, 13, text, align="L" if width in (150.0, 170.0) else "C")
            x += width
        pdf.set_xy(MARGIN + WIDTHS[0] + WIDTHS[1], y + 13)
        pdf.cell(WIDTHS[2], 13, line2)
        pdf.set_xy(MARGIN, y + ROW)
        on_page += 1
    assert pdf.page == index_pages, (pdf.page, index_pages)

    # One stamp overlay page per bundle page, in the same fpdf2 document (the font is loaded once).
    sizes = [(pdf.w, pdf.h)] * index_pages
    owners = ["index"] * index_pages
    for f in files:
        for p in f["reader"].pages:
            box = p.mediabox
            sizes.append((float(box.width), float(box.height)))
            owners.append(f["id"])
    for n, ((width, height), owner) in enumerate(zip(sizes, owners, strict=True), start=1):
        # the stamp as contractkit draws it (render/bundle.py _stamp_page), written out: a peer renders what
        # contractkit renders with the bare libraries and imports nothing of contractkit
        pdf.add_page(orientation="L" if width > height else "P", format=(min(width, height), max(width, height)))
        text = inputs["stamp"].format(node=inputs["node"], evidence=owner, n=n, total=total)
        pdf.set_font("cjk", size=8)
        label_width = pdf.get_string_width(text) + 12
        x, y = width - label_width - 18, height - 26
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(120, 120, 120)
        pdf.rect(x, y, label_width, 14, style="DF")
        pdf.set_xy(x, y + 1)
        pdf.cell(label_width, 12, text, align="C")
    overlay = PdfReader(io.BytesIO(bytes(pdf.output())))

    writer = PdfWriter()
    writer.append(overlay, pages=(0, index_pages), import_outline=False)
    writer.add_outline_item(title=inputs["outline_index"], page_number=0)
    for f in files:
        first_page = len(writer.pages)
        writer.append(f["reader"], import_outline=False)
        writer.add_outline_item(title=f"{f['id']} {f['title']}", page_number=first_page)
    assert len(writer.pages) == total
    for number, bundle_page in enumerate(writer.pages):
        if bundle_page.rotation:
            bundle_page.transfer_rotation_to_content()
        bundle_page.merge_page(overlay.pages[index_pages + number])
    writer.add_metadata({"/Producer": "peer", "/Title": inputs["title"]})
    writer.page_mode = "/UseOutlines"
    outputs: dict[str, int] = {}
    bundle_path = out_folder / "evidence-bundle.pdf"
    with bundle_path.open("wb") as out:
        writer.write(out)
    digests = {bundle_path.name: hashlib.sha256(bundle_path.read_bytes()).hexdigest()}
    outputs[bundle_path.name] = bundle_path.stat().st_size

    # The pack's four documents, bare docxtpl, from the contexts contractkit built.
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    with captured.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            record = json.loads(line)
            template = DocxTemplate(record["template"])
            template.render(record["context"], jinja_env=env, autoescape=True)
            buffer = io.BytesIO()
            template.save(buffer)
            # the captured templates are named by their hash: the documents by their order in the pack
            name = f"document-{number}.docx"
            (out_folder / name).write_bytes(buffer.getvalue())
            digests[name] = hashlib.sha256(buffer.getvalue()).hexdigest()
            outputs[name] = len(buffer.getvalue())

    manifest = {
        "inputs": [
            {"path": f["path"], "sha256": f["sha256"], "bytes": f["bytes"], "pages": [f["first"], f["last"]]}
            for f in files
        ],
        "outputs": [{"path": name, "sha256": digests[name], "bytes": size} for name, size in sorted(outputs.items())],
    }
    (out_folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({"pages": total, "bundle_bytes": outputs[bundle_path.name]}))


if __name__ == "__main__":
    main()
