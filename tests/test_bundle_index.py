"""The evidence bundle's index is laid out once: its length is foreseen before the table is drawn (the page
numbers it prints depend on it), and the foreseen length is the one fpdf2 lays out, rows that wrap included."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from contractkit.render import bundle
from contractkit.render.bundle import BundleLabels

LABELS = BundleLabels(
    title="证明材料汇编",
    subtitle="P2 第一期进度款　申请编号：HT-2026-017-P2-20260512",
    columns=("序号", "付款证明材料要求", "材料（编号、名称、SHA-256）", "日期", "页码"),
    page="{node} · {evidence} · 第{n}页 共{total}页",
    confidential="保密",
)


def rows(count: int, index_pages: int, long_every: int) -> list[bundle.IndexRow]:
    out = []
    for i in range(count):
        first = index_pages + 1 + 5 * i
        title = f"B{i:03d} 记录{i:03d}" + (
            "（含监理、建设单位及施工单位三方签字确认的隐蔽工程验收记录）" if i % long_every == 0 else ""
        )
        requirement = "隐蔽工程验收记录" if i % 2 else "监理确认的工程量清单及其附件和计算书（第二册）"
        out.append((str(i + 1), requirement, title, "2026年5月10日", f"{first}-{first + 4}", "ab" * 32))
    return out


@pytest.mark.parametrize(("count", "long_every"), [(3, 1), (40, 7), (97, 3)])
def test_the_foreseen_index_length_is_the_laid_out_one(count: int, long_every: int) -> None:
    pdf = bundle._new_fpdf()
    bundle._index_head(pdf, LABELS)
    foreseen = bundle._index_length(pdf, LABELS, rows(count, 1, long_every))
    bundle._index_table(pdf, LABELS, rows(count, foreseen, long_every))
    assert pdf.page == foreseen
    pdf.output()  # fpdf2 closes the font file when it writes the document


def test_the_index_is_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = []
    table = bundle._index_table
    monkeypatch.setattr(bundle, "_index_table", lambda *a: tables.append(1) or table(*a))
    data, index_pages = bundle._overlay(
        LABELS, lambda n: rows(60, n, 5), lambda n: [(595.28, 841.89, f"P2 · B · 第{k}页") for k in range(n + 3)]
    )
    assert len(tables) == 1 and index_pages > 1
    assert len(PdfReader(io.BytesIO(data)).pages) == 2 * index_pages + 3
