"""contractkit against its bare-library peers, measured side by side in the same run (issue 15).

    benchmarks/run [--runs N] [--quick] [--only draft,batch,validate,help,apply,status,demand] [--png PATH]

Every row runs contractkit and its peer alternately, N times each (default 5), and prints the medians of
CPU seconds (user + system of the whole process tree), wall seconds and, where the issue asks, peak
resident memory; the ratio is contractkit / peer. The peers are in benchmarks/peers/, each saying in its
docstring what it does and does not do. Before timing, each row checks that the peer produces the same
thing as contractkit (the same document body, the same number of bundle pages, the same letter count).
--quick shrinks every input and runs once: a smoke test of the harness, not a measurement.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import fixtures
from harness import BENCH, ROOT, SAMPLE, Sample, child_env, machine, median_sample, paired, run_driver, run_process

PY = sys.executable
GROUPS = ("help", "draft", "batch", "validate", "apply", "status", "demand")


@dataclass
class Row:
    work: str
    contractkit: Sample
    peer: Sample
    peer_name: str
    memory: bool = False
    per_document: bool = False
    note: str = ""
    size: int = 0
    pairs: list[tuple[Sample, Sample]] = field(default_factory=list)


@dataclass(frozen=True)
class Sizes:
    batch: int
    apply: tuple[int, ...]
    status: tuple[int, ...]
    letters: int

    @staticmethod
    def for_mode(quick: bool) -> Sizes:
        if quick:
            return Sizes(batch=3, apply=(4,), status=(20,), letters=4)
        return Sizes(batch=60, apply=(50, 200, 800), status=(1000, 10000), letters=500)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, work: Path, runs: int, sizes: Sizes, quick: bool) -> None:
        self.work = work
        self.quick = quick
        self.runs = runs
        self.sizes = sizes
        self.env = child_env(work / "pycache")
        self.rows: list[Row] = []
        self._n = 0

    def warm(self, *sides: Callable[[], Sample]) -> None:
        """One unmeasured run of each side: fills the bytecode cache and the file cache (not in --quick)."""
        if not self.quick:
            for side in sides:
                side()

    def fresh(self, name: str) -> Path:
        """A new, not yet existing path for one run's output."""
        self._n += 1
        (self.work / "out").mkdir(exist_ok=True)
        return self.work / "out" / f"{name}-{self._n}"

    def ck(self, *args: str) -> list[str]:
        return [PY, "-m", "contractkit", *args]

    def peer(self, script: str, *args: str) -> list[str]:
        return [PY, str(BENCH / "peers" / script), *args]

    def process(
        self, command: Callable[[], list[str]], after: Callable[[str], None] | None = None
    ) -> Callable[[], Sample]:
        def measure() -> Sample:
            sample, out = run_process(command(), self.env, cwd=ROOT)
            if after:
                after(out)
            fixtures.clean(self.work / "out")
            return sample

        return measure

    def row(self, work: str, peer_name: str, ck: Callable[[], Sample], peer: Callable[[], Sample], **kw: object) -> Row:
        progress(f"measuring: {work} ({self.runs} runs each, alternating)")
        ck_median, peer_median, pairs = paired(ck, peer, self.runs)
        row = Row(work, ck_median, peer_median, peer_name, pairs=pairs, **kw)  # type: ignore[arg-type]
        self.rows.append(row)
        return row

    # --- the rows ---------------------------------------------------------------------------------

    def help(self) -> None:
        ck = self.process(lambda: self.ck("--help"))
        peer = self.process(lambda: self.peer("imports.py", "help"))
        self.warm(ck, peer)
        self.row(
            "`--help`, whole process", "peers/imports.py help: interpreter + click, a 12-command group's help", ck, peer
        )

    def draft(self) -> None:
        captured = self.capture_drafts()
        zh = self.work / "draft-zh.jsonl"
        zh.write_text(json.dumps(captured[0], ensure_ascii=False) + "\n", encoding="utf-8")
        ck = self.process(lambda: self.ck("draft", str(SAMPLE), "-o", str(self.fresh("c")) + ".docx"))
        peer = self.process(lambda: self.peer("draft.py", str(zh), str(self.fresh("p")) + ".docx"))
        self.warm(ck, peer)
        self.row(
            "`draft`, whole process",
            "peers/draft.py: bare docxtpl renders the contract template, whole process",
            ck,
            peer,
        )
        stack = self.process(lambda: self.peer("draft.py", str(zh), str(self.fresh("s")) + ".docx", "--stack"))
        self.warm(stack)
        self.row(
            "`draft`, whole process, against its stack's floor",
            "peers/draft.py --stack: the same render after importing PyYAML, click and pydantic (one model)",
            ck,
            stack,
        )

    def capture_drafts(self) -> list[dict[str, object]]:
        path = self.work / "draft-all.jsonl"
        if path.exists():
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        records = []
        for lang in ("zh", "en", "bilingual"):
            out = self.work / f"capture-{lang}.docx"
            got = fixtures.capture(
                self.work / f"capture-{lang}.jsonl",
                ["draft", str(SAMPLE), "-o", str(out), "--lang", lang, "--force"],
                self.env,
            )
            assert len(got) == 1, got
            if not fixtures.same_body(out, fixtures.peer_render(got[0])):
                raise SystemExit(f"benchmarks: the draft peer's {lang} document differs from contractkit's")
            records += got
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return records

    def batch(self) -> None:
        self.capture_drafts()
        count = str(self.sizes.batch)
        driver = BENCH / "drivers" / "draft_batch.py"

        def ck() -> Sample:
            return run_driver([PY, str(driver), str(SAMPLE), count], self.env)

        def peer() -> Sample:
            return run_driver(self.peer("draft_batch.py", str(self.work / "draft-all.jsonl"), count), self.env)

        self.row(
            f"`draft`, per document in a batch of {count} (zh, en, bilingual in turn)",
            "peers/draft_batch.py: bare docxtpl renders the same contexts in one process, compiled XML reused",
            ck,
            peer,
            per_document=True,
        )

    def validate(self) -> None:
        ck = self.process(lambda: self.ck("validate", str(SAMPLE)))
        peer = self.process(lambda: self.peer("imports.py", "validate", str(SAMPLE / "project.yaml")))
        self.warm(ck, peer)
        self.row(
            "`validate` on the sample, whole process",
            "peers/imports.py validate: interpreter + PyYAML + pydantic (BaseModel) + click imports, the file composed",
            ck,
            peer,
        )

    def apply(self) -> None:
        rows = []
        for files in self.sizes.apply:
            folder = self.work / f"apply-{files}"
            progress(f"setting up: apply with {files} evidence files")
            fixtures.apply_project(folder, files)
            captured = self.work / f"apply-{files}.jsonl"
            first = self.work / f"apply-{files}-capture"
            records = fixtures.capture(captured, fixtures.apply_command(folder, first), self.env)
            check = self.work / f"apply-{files}-peer"
            run_process(self.peer("bundle.py", str(folder / "inputs.json"), str(captured), str(check)), self.env)
            self.check_apply(first, check, records)
            pages = self.bundle_pages(first)

            def ck(folder: Path = folder) -> list[str]:
                return self.ck(*fixtures.apply_command(folder, self.fresh("pack")))

            def peer(folder: Path = folder, captured: Path = captured) -> list[str]:
                return self.peer("bundle.py", str(folder / "inputs.json"), str(captured), str(self.fresh("peerpack")))

            rows.append(
                self.row(
                    f"`apply`, {files} files / {files * fixtures.PAGES_EACH:,} pages (bundle {pages:,} pages)",
                    "peers/bundle.py: pypdf merge + bookmarks + one fpdf2 stamp overlay and index, 4 docxtpl documents",
                    self.process(ck),
                    self.process(peer),
                    memory=True,
                    size=files,
                )
            )
        if len(rows) > 1:
            first_row, last_row = rows[0], rows[-1]
            span = last_row.size - first_row.size
            ck_growth = (last_row.contractkit.rss - first_row.contractkit.rss) / span
            peer_growth = (last_row.peer.rss - first_row.peer.rss) / span
            last_row.note = f"memory grows {ck_growth:.2f} MiB a file (peer {peer_growth:.2f})"

    def check_apply(self, ours: Path, theirs: Path, records: list[dict[str, object]]) -> None:
        if len(records) != 4:
            raise SystemExit(f"benchmarks: apply rendered {len(records)} documents, the peer renders 4")
        if self.bundle_pages(ours) != self.bundle_pages(theirs):
            raise SystemExit("benchmarks: the apply peer's bundle has a different number of pages")
        bodies = {zipfile.ZipFile(path).read("word/document.xml") for path in theirs.glob("*.docx")}
        for path in ours.glob("*.docx"):
            if zipfile.ZipFile(path).read("word/document.xml") not in bodies:
                raise SystemExit(f"benchmarks: the apply peer renders {path.name} differently")

    @staticmethod
    def bundle_pages(folder: Path) -> int:
        from pypdf import PdfReader

        return len(PdfReader(folder / "evidence-bundle.pdf").pages)

    def status(self) -> None:
        rows = []
        for count in self.sizes.status:
            folder = self.work / f"status-{count}"
            progress(f"setting up: {count:,} project files")
            fixtures.status_portfolio(folder, count)

            def lines(expected: int) -> Callable[[str], None]:
                def check(out: str) -> None:
                    if out.count("\n") < expected:
                        raise SystemExit(
                            f"benchmarks: status printed {out.count(chr(10))} lines for {expected} projects"
                        )

                return check

            ck = self.process(
                lambda folder=folder: self.ck("status", str(folder), "--as-of", "2026-11-29"), lines(count)
            )
            peer = self.process(lambda folder=folder: self.peer("status.py", str(folder)), lines(count))
            if count == self.sizes.status[0]:
                self.warm(ck, peer)
            rows.append(
                self.row(
                    f"`status`, {count:,} projects",
                    "peers/status.py: YAML parse floor, every file composed with libyaml, one line printed a project",
                    ck,
                    peer,
                    memory=True,
                    size=count,
                )
            )
        if len(rows) > 1:
            first_row, last_row = rows[0], rows[-1]
            span = last_row.size - first_row.size
            ck_growth = (last_row.contractkit.rss - first_row.contractkit.rss) * 1024 / span
            peer_growth = (last_row.peer.rss - first_row.peer.rss) * 1024 / span
            last_row.note = f"memory grows {ck_growth:.0f} KiB a project (peer {peer_growth:.1f})"

    def demand(self) -> None:
        count = self.sizes.letters
        folder = self.work / "demand"
        progress(f"setting up: {count} projects with an overdue letter each")
        fixtures.demand_portfolio(folder, count)
        one = self.work / "demand-one"
        fixtures.demand_portfolio(one, 1)
        letters = self.work / "demand-one-letters"
        captured = self.work / "demand.jsonl"
        records = fixtures.capture(
            captured,
            ["demand", "--all-overdue", str(one), "-o", str(letters), "--as-of", fixtures.DEMAND_AS_OF],
            self.env,
        )
        written = list(letters.glob("*.docx"))
        if (
            len(records) != 1
            or len(written) != 1
            or not fixtures.same_body(written[0], fixtures.peer_render(records[0]))
        ):
            raise SystemExit("benchmarks: the letter peer does not render the letter contractkit writes")

        def counted(out_dir: list[Path]) -> Callable[[str], None]:
            def check(_: str) -> None:
                found = len(list(out_dir[0].glob("*.docx")))
                if found != count:
                    raise SystemExit(f"benchmarks: {found} letters written, {count} expected")

            return check

        ck_out: list[Path] = [Path()]
        peer_out: list[Path] = [Path()]

        def ck() -> list[str]:
            ck_out[0] = self.fresh("letters")
            return self.ck(
                "demand", "--all-overdue", str(folder), "-o", str(ck_out[0]), "--as-of", fixtures.DEMAND_AS_OF
            )

        def peer() -> list[str]:
            peer_out[0] = self.fresh("peerletters")
            return self.peer("letters.py", str(captured), str(count), str(peer_out[0]))

        row = self.row(
            f"`demand --all-overdue`, {count} letters",
            "peers/letters.py: a 2-process docxtpl pool renders the same letter",
            self.process(ck, counted(ck_out)),
            self.process(peer, counted(peer_out)),
        )
        ck_rate, peer_rate = count / row.contractkit.wall, count / row.peer.wall
        row.note = f"{ck_rate:.1f} vs {peer_rate:.1f} letters/s ({ck_rate / peer_rate:.2f}× the peer's)"


def figure(seconds: float, per_document: bool) -> str:
    if per_document or seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def table(rows: list[Row]) -> list[str]:
    out = [
        "| work | contractkit CPU | peer CPU | ratio (CPU) | contractkit wall | peer wall | ratio (wall) "
        "| peak MiB: contractkit / peer (ratio) | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c, p = r.contractkit, r.peer
        memory = f"{c.rss:.0f} / {p.rss:.0f} ({c.rss / p.rss:.1f}×)" if r.memory else "—"
        each = r.per_document
        out.append(
            f"| {r.work} | {figure(c.cpu, each)} | {figure(p.cpu, each)} | **{c.cpu / p.cpu:.1f}×** "
            f"| {figure(c.wall, each)} | {figure(p.wall, each)} | {c.wall / p.wall:.1f}× "
            f"| {memory} | {r.note} |"
        )
    return out


def rows_to_json(rows: list[Row], header: list[str], runs: int, quick: bool) -> str:
    keep = ("work", "peer_name", "memory", "per_document", "note", "size")
    data = {
        "machine": header,
        "runs": runs,
        "quick": quick,
        "rows": [{**{k: getattr(r, k) for k in keep}, "pairs": [[vars(c), vars(p)] for c, p in r.pairs]} for r in rows],
    }
    return json.dumps(data, indent=1, ensure_ascii=False)


def rows_from_json(text: str) -> tuple[list[Row], list[str], int, bool]:
    data = json.loads(text)
    rows = []
    for r in data["rows"]:
        pairs = [(Sample(**c), Sample(**p)) for c, p in r.pop("pairs")]
        rows.append(
            Row(
                contractkit=median_sample([c for c, _ in pairs]),
                peer=median_sample([p for _, p in pairs]),
                pairs=pairs,
                **r,
            )
        )
    return rows, data["machine"], data["runs"], data["quick"]


def report(rows: list[Row], header: list[str], runs: int, quick: bool) -> None:
    print(
        "contractkit against bare-library peers, measured in the same run"
        + (" (QUICK: not a measurement)" if quick else "")
    )
    print()
    for line in header:
        print(f"- {line}")
    print(f"- Medians of {runs} run(s) of each side, alternating; CPU = user + system of the whole process tree")
    print()
    for line in table(rows):
        print(line)
    print()
    print("Peers (benchmarks/peers/*.py say in their docstrings what each does and does not do):")
    for name in dict.fromkeys(r.peer_name for r in rows):
        print(f"- {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs of each side per row (default 5; 1 with --quick)")
    parser.add_argument(
        "--quick", action="store_true", help="tiny inputs, one run: checks the harness; measures nothing"
    )
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of rows: {','.join(GROUPS)}")
    parser.add_argument("--png", type=Path, help="scaling curves (default docs/performance.png; none with --quick)")
    parser.add_argument("--json", type=Path, help="also write every sample of the run as JSON here")
    parser.add_argument(
        "--replot", type=Path, help="measure nothing: print the table and draw the curves of a --json file"
    )
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups: {', '.join(sorted(unknown))}")
    if args.replot:
        rows, header, runs, quick = rows_from_json(args.replot.read_text(encoding="utf-8"))
    else:
        runs, quick, header = args.runs or (1 if args.quick else 5), args.quick, machine()
        with tempfile.TemporaryDirectory(prefix="contractkit-bench-") as tmp:
            bench = Bench(Path(tmp), runs, Sizes.for_mode(quick), quick)
            for group in GROUPS:
                if group in groups:
                    getattr(bench, group)()
        rows = bench.rows
    report(rows, header, runs, quick)
    png = args.png if args.png or quick else ROOT / "docs" / "performance.png"
    if png and any(r.memory for r in rows):
        from curves import write_png

        write_png(png, rows, f"benchmarks/run, medians of {runs} runs; {header[0].removeprefix('CPU: ')}")
        print()
        print(f"Scaling curves written to {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")
    if args.json:
        args.json.write_text(rows_to_json(rows, header, runs, quick), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
