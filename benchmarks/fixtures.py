"""The benchmark's inputs, generated: an application with N evidence files, portfolios of N projects,
and the contexts contractkit hands docxtpl (captured) so the peers render exactly the same documents."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml
from harness import BENCH, ROOT, SAMPLE

PAGES_EACH = 5
REQUIREMENTS = ("隐蔽工程验收记录", "监理确认的工程量清单")


def evidence_pdf() -> bytes:
    """A five-page site record, text only, about 19 KB."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for page in range(PAGES_EACH):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        for line in range(30):
            pdf.cell(
                0,
                8,
                f"Site record page {page + 1}, line {line + 1}: measured quantities and signatures",
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output())


def apply_project(folder: Path, files: int) -> None:
    """The sample project with ``files`` evidence PDFs for node P2 (PAGES_EACH pages each), and the
    peer's inputs.json listing the same files in the order contractkit bundles them."""
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    data = evidence_pdf()
    text = (SAMPLE / "project.yaml").read_text(encoding="utf-8")
    entries, listed = [], []
    for i in range(files):
        path = evidence / f"record-{i:03d}.pdf"
        path.write_bytes(data)
        requirement = REQUIREMENTS[0] if i % 2 else REQUIREMENTS[1]
        entries.append(
            f"  - {{id: B{i:03d}, node: P2, title: 记录{i:03d}, satisfies: {requirement}, "
            f"file: evidence/record-{i:03d}.pdf, date: 2026-05-10}}"
        )
        listed.append({"path": str(path), "id": f"B{i:03d}", "title": f"记录{i:03d}", "requirement": requirement})
    start = text.index("\nevidence:\n") + len("\nevidence:\n")
    end = text.index("\nevents:")
    (folder / "project.yaml").write_text(text[:start] + "\n".join(entries) + "\n" + text[end:], encoding="utf-8")
    # contractkit bundles the files requirement by requirement, in the order the node lists them.
    ordered = [f for requirement in REQUIREMENTS for f in listed if f["requirement"] == requirement]
    font, index = cjk_font()
    inputs = {
        "files": [{**f, "date": "2026年5月10日"} for f in ordered],
        "font": font,
        "font_index": index,
        "title": "证明材料汇编",
        "subtitle": "P2 第一期进度款　申请编号：HT-2026-017-P2-20260512",
        "columns": ["序号", "付款证明材料要求", "材料（编号、名称、SHA-256）", "日期", "页码"],
        "stamp": "{node} · {evidence} · 第{n}页 共{total}页",
        "node": "P2",
        "outline_index": "目录",
    }
    (folder / "inputs.json").write_text(json.dumps(inputs, ensure_ascii=False, indent=1), encoding="utf-8")


def apply_command(folder: Path, out: Path) -> list[str]:
    return ["apply", str(folder), "--node", "P2", "-o", str(out), "--as-of", "2026-05-12", "--no-pdf"]


def cjk_font() -> tuple[str, int]:
    """The Noto Sans CJK collection and its Simplified Chinese face, as contractkit picks them."""
    candidates = [
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
        Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    ]
    for path in candidates:
        if path.is_file():
            from fontTools.ttLib import TTCollection

            collection = TTCollection(str(path), lazy=True)
            try:
                for index, font in enumerate(collection.fonts):
                    names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 4)}
                    if any(name.endswith(" SC") or " SC " in name for name in names):
                        return str(path), index
            finally:
                collection.close()
            return str(path), 0
    raise SystemExit("benchmarks: the apply rows need Noto Sans CJK (apt-get install fonts-noto-cjk)")


def status_portfolio(folder: Path, count: int) -> None:
    """``count`` project files (the rule tests' base project, varied currency, price and dates)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = yaml.load((ROOT / "tests" / "rules" / "base.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    rng = random.Random(20261129)
    currencies = ["CNY", "CNY", "CNY", "USD", "EUR", "GBP"]
    for i in range(count):
        data = dict(base)
        data["project"] = {**base["project"], "code": f"P-{i:05d}", "name": f"项目 {i}"}
        data["contract"] = {
            **base["contract"],
            "currency": rng.choice(currencies),
            "price": f"{rng.randint(100, 9000) * 1000:,}.00",
        }
        applied = f"2026-{rng.randint(3, 10):02d}-{rng.randint(1, 28):02d}"
        data["events"] = [
            {"on": applied, "node": "P2", "type": "applied"},
            {"on": applied, "node": "P2", "type": "accepted"},
        ]
        (folder / f"p{i:05d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def demand_portfolio(folder: Path, count: int) -> None:
    """``count`` copies of the sample project, each its own folder, each with one overdue letter to write."""
    text = (SAMPLE / "project.yaml").read_text(encoding="utf-8")
    for i in range(count):
        project = folder / f"p{i:04d}"
        project.mkdir(parents=True)
        (project / "project.yaml").write_text(
            text.replace("code: FIT-2026-017", f"code: FIT-{i:04d}").replace("HT-2026-017", f"HT-{i:04d}"),
            encoding="utf-8",
        )


DEMAND_AS_OF = "2026-11-29"


def capture(out: Path, args: list[str], env: dict[str, str]) -> list[dict[str, object]]:
    """Run contractkit once with docxtpl's render recorded; the records (template, plain context)."""
    subprocess.run(
        [sys.executable, str(BENCH / "capture.py"), str(out), *args], check=True, capture_output=True, env=env
    )
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def same_body(ours: Path | bytes, theirs: Path | bytes) -> bool:
    """Whether two .docx files have the same document body (word/document.xml), byte for byte."""

    def body(doc: Path | bytes) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(doc) if isinstance(doc, bytes) else doc)
        return source.read("word/document.xml")

    return body(ours) == body(theirs)


def peer_render(record: dict[str, object]) -> bytes:
    """A captured context rendered the way the peers render it (bare docxtpl, sandboxed, escaping)."""
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    template = DocxTemplate(str(record["template"]))
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    template.render(record["context"], jinja_env=env, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def clean(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
