"""Scaling curves of the apply and status rows as one PNG (matplotlib's Agg canvas: the same figures
give the same bytes; no date or version is written into the file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_png(path: Path, rows: list[Any], caption: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "contractkit"})
    families = [
        ("apply", "evidence files (5 pages each)", [r for r in rows if r.memory and r.work.startswith("`apply`")]),
        ("status", "project files", [r for r in rows if r.memory and r.work.startswith("`status`")]),
    ]
    families = [f for f in families if f[2]]
    fig, axes = plt.subplots(len(families), 2, figsize=(9, 3.4 * len(families)), squeeze=False, dpi=100)
    for (name, unit, family), (time_ax, memory_ax) in zip(families, axes, strict=True):
        sizes = [r.size for r in family]
        for side, style in (("contractkit", "o-"), ("peer", "s--")):
            cpu = [getattr(r, side).cpu for r in family]
            rss = [getattr(r, side).rss for r in family]
            label = "contractkit" if side == "contractkit" else "bare-library peer"
            time_ax.plot(sizes, cpu, style, label=label)
            memory_ax.plot(sizes, rss, style, label=label)
            for x, y in zip(sizes, cpu, strict=True):
                time_ax.annotate(f"{y:.1f}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
            for x, y in zip(sizes, rss, strict=True):
                memory_ax.annotate(f"{y:.0f}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
        time_ax.set_title(f"{name}: CPU seconds (median)")
        memory_ax.set_title(f"{name}: peak memory, MiB (median)")
        for ax in (time_ax, memory_ax):
            ax.set_xlabel(unit)
            ax.set_xticks(sizes)
            ax.margins(x=0.12, y=0.12)
            ax.set_ylim(bottom=0)
            ax.grid(True, alpha=0.3)
            ax.legend(loc="best")  # where it covers the fewest points
    fig.suptitle(caption, fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)
