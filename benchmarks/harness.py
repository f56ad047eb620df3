"""Measuring whole processes (CPU, wall, peak memory), taking medians, and describing the machine."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
SAMPLE = ROOT / "samples" / "fitout-cn"


@dataclass(frozen=True)
class Sample:
    """One measured run: CPU seconds (user + system, the process and every child it waited for), wall
    seconds, and peak resident memory in MiB (of the largest single process in the tree)."""

    cpu: float
    wall: float
    rss: float
    extra: dict[str, float] = field(default_factory=dict)


def child_env(pycache: Path) -> dict[str, str]:
    """The environment every measured process gets, contractkit and peers alike.

    Bytecode is cached (in a folder of the benchmark's own), as it is for an installed package, and so
    are the templates contractkit compiles (its own cache, ``CONTRACTKIT_CACHE_DIR``, which a user's
    machine keeps the same way); the first, unmeasured run of each command fills both.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["CONTRACTKIT_CACHE_DIR"] = str(pycache.parent / "template-cache")
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("TZ", "UTC")
    return env


def run_process(command: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> tuple[Sample, str]:
    """Run a whole process to its end, through benchmarks/launch.py (see there why); (usage, stdout)."""
    with tempfile.TemporaryDirectory(prefix="run-") as tmp:
        result = Path(tmp) / "usage.json"
        stdout, stderr = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with stdout.open("wb") as out, stderr.open("wb") as err:
            subprocess.run(
                [sys.executable, str(BENCH / "launch.py"), str(result), *command],
                stdout=out,
                stderr=err,
                env=env,
                cwd=cwd,
                check=True,
            )
        usage = json.loads(result.read_text(encoding="utf-8"))
        if usage["code"] != 0:
            tail = stderr.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(command)} exited {usage['code']}:\n{tail}")
        return Sample(usage["cpu"], usage["wall"], usage["rss_kib"] / 1024), stdout.read_text(
            encoding="utf-8", errors="replace"
        )


def run_driver(command: Sequence[str], env: dict[str, str]) -> Sample:
    """A driver that times its own inner loop and prints {"cpu": s, "wall": s} as its last line."""
    sample, out = run_process(command, env)
    figures = json.loads(out.strip().splitlines()[-1])
    return Sample(
        figures["cpu"], figures["wall"], sample.rss, {k: v for k, v in figures.items() if k not in ("cpu", "wall")}
    )


def median_sample(samples: Sequence[Sample]) -> Sample:
    extras = {key: statistics.median(s.extra[key] for s in samples) for key in samples[0].extra}
    return Sample(
        statistics.median(s.cpu for s in samples),
        statistics.median(s.wall for s in samples),
        statistics.median(s.rss for s in samples),
        extras,
    )


def paired(
    contractkit: Callable[[], Sample], peer: Callable[[], Sample], runs: int
) -> tuple[Sample, Sample, list[tuple[Sample, Sample]]]:
    """Run contractkit and its peer alternately, ``runs`` times each, so both see the same load; medians."""
    pairs = []
    for i in range(runs):
        # Alternate which goes first, so neither always runs straight after the other's cache effects.
        if i % 2:
            p = peer()
            c = contractkit()
        else:
            c = contractkit()
            p = peer()
        pairs.append((c, p))
    return median_sample([c for c, _ in pairs]), median_sample([p for _, p in pairs]), pairs


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> str:
    names = ["contractkit", "docxtpl", "python-docx", "Jinja2", "pypdf", "fpdf2", "pydantic", "PyYAML", "click"]
    parts = []
    for name in names:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    try:
        import yaml

        parts[-2] += " (libyaml)" if yaml.__with_libyaml__ else " (pure Python)"
    except ImportError:
        pass
    return ", ".join(parts)


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True)
        return head + (" + uncommitted changes in src/" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> list[str]:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"CPU: {cpu_model()}, {os.cpu_count()} cores ({platform.machine()}, {platform.system()} {platform.release()})",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Libraries: {versions()}",
        f"contractkit commit: {commit()}",
        f"Load average when the run started (1/5/15 min): {load}",
    ]
