"""``contractkit demo``: everything contractkit does, on the bundled sample projects."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from contractkit.errors import OutputError, Refusal
from contractkit.model.clauses import resource_dir
from contractkit.render.output import check_folder, clean_stale, temp_path

#: The date the samples' ledgers were written for: their overdue nodes are overdue on it.
DEMO_AS_OF = dt.date(2026, 11, 29)


def sample_names() -> list[str]:
    root = resource_dir("samples")
    return sorted(p.name for p in root.iterdir() if (p / "project.yaml").is_file())


def run_demo(
    target: Path, *, samples: list[str] | None, as_of: dt.date, force: bool, say: Callable[[str], None]
) -> list[Path]:
    """Copy each sample into ``target`` and run validate, draft, report, apply and every demand stage on it (and, for a
    sample paid by measurement, export its valuation workbook)."""
    names = samples or sample_names()
    for name in names:
        if not (resource_dir("samples") / name / "project.yaml").is_file():
            raise OutputError(f"contractkit: no sample {name!r}; samples: {', '.join(sample_names())}")
    check_folder(target, force=force)
    # Everything is made in a staging folder beside the target and moved into place at the end: a failed run
    # (a full disk) leaves nothing, and --force replaces only the files the demo writes.
    parent = target.parent if str(target.parent) else Path(".")
    clean_stale(parent)
    stage = temp_path(parent, "stage")
    try:
        stage.mkdir()
        made = _run(stage, target, names, as_of, say)
        _move_into(stage, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [target / path.relative_to(stage) for path in made]


def _move_into(stage: Path, target: Path) -> None:
    """The staged files in place: the whole folder in one rename when ``target`` is new, else file by file."""
    if not target.exists():
        os.rename(stage, target)
        return
    for path in sorted(stage.rglob("*")):
        destination = target / path.relative_to(stage)
        if path.is_dir():
            destination.mkdir(exist_ok=True)
        else:
            os.replace(path, destination)


def _run(staging: Path, target: Path, names: list[str], as_of: dt.date, say: Callable[[str], None]) -> list[Path]:
    from contractkit.account.account import NodeState, build_account, suspension_right
    from contractkit.law.calendars import CalendarGap
    from contractkit.model.findings import has_errors
    from contractkit.model.models import DemandStage
    from contractkit.model.project import load_project
    from contractkit.render.contract import draft
    from contractkit.render.letters import EXCHANGE, write_demand
    from contractkit.render.pack import build_pack
    from contractkit.rules import check_project

    def shown(path: Path) -> Path:
        return target / path.relative_to(staging)

    made: list[Path] = []
    for name in names:
        source = resource_dir("samples") / name
        work = staging / name
        shutil.copytree(source, work / "project")
        loaded = load_project(work / "project")
        lang = str(loaded.project.language)
        say(f"{name}: {loaded.project.project.name} ({loaded.project.contract.currency}, {lang})")
        findings = check_project(loaded)
        say(f"  validate: {len(findings)} findings" + (" (errors!)" if has_errors(findings) else ""))
        made += draft(loaded, work / "contract.docx", lang=lang, force=True)
        say(f"  draft: {shown(work / 'contract.docx')}")
        from contractkit.render.report import write_report

        made += write_report(loaded, work / "progress-report.docx", as_of=as_of, lang=lang, force=True)
        say(f"  report: {shown(work / 'progress-report.docx')} (and the cash curve as .png)")
        status = build_account(loaded, as_of)
        if status.schedule.measurement is not None:
            from contractkit.documents.workbook import project_sheets
            from contractkit.render.xlsx import write_workbook

            workbook = work / "valuation.xlsx"
            sheets = project_sheets(status, None, lang)
            made.append(write_workbook(workbook, sheets, title=loaded.project.project.code, as_of=as_of, force=True))
            say(f"  export: {shown(workbook)} (" + ", ".join(s.name for s in sheets) + ")")
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
        say(f"  apply: {shown(work / f'application-{node.id}')}/ (as of the application, {applied})")
        for stage in DemandStage:
            exchange = stage in EXCHANGE  # a letter about the client's answers, on every node they concern
            if stage is DemandStage.SUSPENSION and not suspension_right(loaded.project, status.terms):
                continue
            if stage is DemandStage.SUSPENSION and node.suspended:
                say(f"  demand {stage}: none (the work has stood suspended since the notice already sent)")
                continue
            which, name = ("all", f"demand-{stage}.docx") if exchange else (node.id, f"demand-{node.id}-{stage}.docx")
            try:
                result = write_demand(loaded, which, work / name, as_of=as_of, lang=lang, stage=stage, force=True)
            except Refusal:
                if exchange:  # written only where the ledger records what the client answered
                    continue
                raise
            except CalendarGap as gap:
                # the letter's deadline needs a year of holidays the sample does not supply: shown, never guessed
                why = gap.message.removeprefix("contractkit: ").replace(str(staging), str(target))
                say(f"  demand {stage}: not written: {why}")  # where the project file will be, not the staging
                continue
            made += result.written
            say(f"  demand {stage}: " + ", ".join(p.name for p in result.written))
    return made
