"""Helpers shared by the benchmark scripts: timing whole processes and reporting one figure per line."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fitout-cn"


def contractkit(*args: str) -> list[str]:
    """The command line of contractkit run by this interpreter."""
    return [sys.executable, "-m", "contractkit", *args]


def time_process(command: list[str], runs: int = 5, cwd: Path | None = None) -> float:
    """Median wall time of a whole process, in seconds (the first run warms the file cache and is dropped)."""
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=cwd)
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mib(command: list[str]) -> tuple[float, float]:
    """(seconds, peak resident memory in MiB) of one run, from the child's rusage."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def report(name: str, value: float, unit: str, target: str) -> None:
    """One result line: name, figure, unit, target (tab-separated, read by benchmarks/run)."""
    print(f"{name}\t{value:.3f}\t{unit}\t{target}")


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
