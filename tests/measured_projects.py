"""Projects paid by measurement for tests: a realistic bill of a few hundred items, generated from a seed.

The generator writes what a quantity surveyor would: GB 50500-style twelve-digit codes in six sections, units
and rates typical of each, exact two-decimal quantities, and four monthly valuations whose quantities to date only
grow (some stated as a percentage complete, some items with materials on site).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from tests.projects import measured_base

SECTIONS = [
    ("0101", "土石方工程", ["挖一般土方", "挖沟槽土方", "挖基坑土方", "回填方", "余方弃置"], ["m³"]),
    (
        "0105",
        "混凝土及钢筋混凝土工程",
        ["C30混凝土柱", "C30混凝土梁", "C30混凝土板", "现浇构件钢筋", "C15垫层"],
        ["m³", "t"],
    ),
    ("0104", "砌筑工程", ["加气混凝土砌块墙", "实心砖墙", "砖基础", "零星砌砖"], ["m³"]),
    ("0109", "屋面及防水工程", ["屋面卷材防水", "屋面涂膜防水", "楼地面防水", "变形缝"], ["m²", "m"]),
    ("0112", "墙、柱面装饰工程", ["墙面一般抹灰", "墙面块料面层", "柱面抹灰", "墙面乳胶漆"], ["m²"]),
    ("0304", "电气设备安装工程", ["配电箱", "电力电缆", "配管", "配线", "照明器具"], ["台", "m", "套"]),
]
RATES = {"m³": (35, 900), "t": (4200, 5600), "m²": (18, 260), "m": (12, 180), "台": (800, 9000), "套": (60, 600)}
PERIODS = [
    ("2026-03-01", "2026-03-25"),
    ("2026-03-26", "2026-04-25"),
    ("2026-04-26", "2026-05-25"),
    ("2026-05-26", "2026-06-25"),
]
CENT = Decimal("0.01")


def _two(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def bill(count: int, seed: int) -> list[dict[str, str]]:
    """``count`` items spread over the six sections, in bill order."""
    rng = random.Random(seed)
    items = []
    for n in range(count):
        prefix, section, names, units = SECTIONS[n * len(SECTIONS) // count]
        unit = rng.choice(units)
        low, high = RATES[unit]
        quantity = _two(rng.uniform(5, 4000)) if unit in {"m³", "m²", "m"} else _two(rng.uniform(1, 60))
        items.append(
            {
                "code": f"{prefix}{n:05d}{rng.randint(100, 999)}",
                "section": section,
                "description": f"{rng.choice(names)}（{n + 1}）",
                "unit": unit,
                "quantity": f"{quantity}",
                "rate": f"{_two(rng.uniform(low, high))}",
            }
        )
    return items


def value(quantity: Decimal, rate: Decimal) -> Decimal:
    """A line's value, worked out here independently of contractkit: half-up to the cent."""
    return (quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def realistic(count: int = 300, seed: int = 17) -> dict[str, Any]:
    """A measured project (the small one's parties and terms) with a generated bill and four valuations."""
    rng = random.Random(seed + 1)
    data = measured_base()
    items = bill(count, seed)
    price = sum((value(Decimal(i["quantity"]), Decimal(i["rate"])) for i in items), Decimal(0))
    data["contract"]["price"] = f"{price:,}"
    data["bill"] = items
    data["variations"] = []
    done = {i["code"]: Decimal(0) for i in items}
    valuations = []
    for number, (start, end) in enumerate(PERIODS, start=1):
        lines = []
        for item in items:
            if rng.random() < 0.35:
                continue  # not measured this month: keeps its quantity to date
            quantity = Decimal(item["quantity"])
            share = min(Decimal(1), done[item["code"]] / quantity + Decimal(rng.randint(5, 40)) / 100)
            if rng.random() < 0.1:
                lines.append({"item": item["code"], "percent": f"{(share * 100).quantize(Decimal(1))}%"})
                done[item["code"]] = quantity * (share * 100).quantize(Decimal(1)) / 100
            else:
                to_date = (quantity * share).quantize(CENT, rounding=ROUND_HALF_UP)
                lines.append({"item": item["code"], "to_date": f"{to_date}"})
                done[item["code"]] = to_date
            if rng.random() < 0.03:
                lines[-1]["materials"] = f"{_two(rng.uniform(500, 20000))}"
        valuations.append(
            {
                "id": f"V{number:02d}",
                "title": f"第{number}期进度款",
                "period": {"from": start, "to": end},
                "evidence": ["工程量计算书"],
                "lines": lines,
            }
        )
    data["valuations"] = valuations
    data["clauses"][1] = {"use": "payment.monthly-progress", "with": {"share": "80%", "retention_cap": "3%"}}
    data["evidence"] = [
        {
            "id": "E1",
            "node": "V03",
            "title": "工程量计算书",
            "file": "evidence/v03-quantities.pdf",
            "date": "2026-05-25",
        }
    ]
    data["events"] = [
        {"on": "2026-03-02", "node": "P1", "type": "applied"},
        {"on": "2026-03-06", "node": "P1", "type": "paid", "amount": f"{(price / 10).quantize(CENT):,}"},
    ]
    return data


def make_pdf(path: Path, text: str, pages: int = 1) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    for i in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(0, 10, f"{text} {i + 1}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(pdf.output()))


def write_with_evidence(folder: Path, data: dict[str, Any]) -> Path:
    """The project in ``folder`` with a one-page PDF for each evidence file it lists."""
    from tests.projects import write_project

    path = write_project(folder, data)
    for item in data.get("evidence", []):
        if item.get("file"):
            make_pdf(folder / item["file"], item["id"])
    return path
