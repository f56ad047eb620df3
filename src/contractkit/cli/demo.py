"""``contractkit demo``: everything contractkit does, on the bundled sample projects."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from contractkit.errors import OutputError
from contractkit.model.clauses import resource_dir

#: The date the samples' ledgers were written for: their overdue nodes are overdue on it.
DEMO_AS_OF = dt.date(2026, 11, 29)


def sample_names() -> list[str]:
    root = resource_dir("samples")
    return sorted(p.name for p in root.iterdir() if (p / "project.yaml").is_file())


def run_demo(
    target: Path, *, samples: list[str] | None, as_of: dt.date, force: bool, say: Callable[[str], None]
) -> list[Path]:
    """Copy each sample into ``target`` and run validate, draft, report, apply and every demand stage on it."""
    from contractkit.account.account import NodeState, build_account, suspension_right
    from contractkit.model.findings import has_errors
    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.contract import draft
    from contractkit.render.letters import write_demand
    from contractkit.render.pack import build_pack
    from contractkit.rules import check_project

    names = samples or sample_names()
    if target.exists() and any(target.iterdir()) and not force:
        raise OutputError(f"{target}: folder exists and is not empty; use --force to replace it")
    if target.exists() and force:
        shutil.rmtree(target)
    made: list[Path] = []
    for name in names:
        source = resource_dir("samples") / name
        if not (source / "project.yaml").is_file():
            raise OutputError(f"contractkit: no sample {name!r}; samples: {', '.join(sample_names())}")
        work = target / name
        shutil.copytree(source, work / "project")
        loaded = load_project(work / "project")
        lang = str(loaded.project.language)
        say(f"{name}: {loaded.project.project.name} ({loaded.project.contract.currency}, {lang})")
        findings = check_project(loaded)
        say(f"  validate: {len(findings)} findings" + (" (errors!)" if has_errors(findings) else ""))
        made += draft(loaded, work / "contract.docx", lang=lang, force=True)
        say(f"  draft: {work / 'contract.docx'}")
        from contractkit.render.report import write_report

        made += write_report(loaded, work / "progress-report.docx", as_of=as_of, lang=lang, force=True)
        say(f"  report: {work / 'progress-report.docx'} (and the cash curve as .png)")
        status = build_account(loaded, as_of)
        overdue = [n for n in status.nodes if n.state is NodeState.OVERDUE]
        if not overdue:
            say("  nothing overdue on this date: no pack or letters")
            continue
        node = overdue[0]
        applied = node.applied_on or as_of
        made += build_pack(
            loaded,
            node.id,
            work / f"application-{node.id}",
            as_of=applied,
            lang=lang,
            allow_missing=True,
            force=True,
            pdf=False,
        )
        say(f"  apply: {work / f'application-{node.id}'}/ (as of the application, {applied})")
        for stage in DemandStage:
            if stage is DemandStage.SUSPENSION and not suspension_right(loaded.project, status.terms):
                continue
            if stage is DemandStage.SUSPENSION and node.suspended:
                say(f"  demand {stage}: none (the work has stood suspended since the notice already sent)")
                continue
            result = write_demand(
                loaded,
                node.id,
                work / f"demand-{node.id}-{stage}.docx",
                as_of=as_of,
                lang=lang,
                stage=stage,
                force=True,
            )
            made += result.written
            say(f"  demand {stage}: " + ", ".join(p.name for p in result.written))
    return made
