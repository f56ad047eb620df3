"""`contractkit status` over a portfolio of 1,000 generated project files (target: under 10 s whole process)."""

import random
import tempfile
from pathlib import Path

import yaml
from _common import ROOT, contractkit, report, time_process

BASE = yaml.load((ROOT / "tests" / "rules" / "base.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def generate(folder: Path, count: int) -> None:
    rng = random.Random(20261129)
    currencies = ["CNY", "CNY", "CNY", "USD", "EUR", "GBP"]
    for i in range(count):
        data = dict(BASE)
        data["project"] = {**BASE["project"], "code": f"P-{i:04d}", "name": f"项目 {i}"}
        data["contract"] = {
            **BASE["contract"],
            "currency": rng.choice(currencies),
            "price": f"{rng.randint(100, 9000) * 1000:,}.00",
        }
        applied = f"2026-{rng.randint(3, 10):02d}-{rng.randint(1, 28):02d}"
        data["events"] = [
            {"on": applied, "node": "P2", "type": "applied"},
            {"on": applied, "node": "P2", "type": "accepted"},
        ]
        (folder / f"p{i:04d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, 1000)
        seconds = time_process(contractkit("status", str(folder), "--as-of", "2026-11-29"), runs=3)
        report("status over 1,000 projects (whole process)", seconds, "s", "< 10 s")
