"""``contractkit demand``: one letter for a node (or all of a client's overdue nodes), or a whole portfolio."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import click

from contractkit.errors import ContractkitError, InputErrors

if TYPE_CHECKING:
    from contractkit.cli.status import Found
    from contractkit.model.models import DeliveryMethod


#: One project's outcome: the project, the files written, the problem (or ""), what the run says of its letter
#: (warnings, and that it was recorded).
Done = tuple[str, list[str], str, list[str]]


def one_project(
    path: Path,
    out_dir: Path,
    as_of: dt.date,
    lang: str | None,
    force: bool,
    *,
    suffix: str = "",
    via: DeliveryMethod | None = None,
    record: bool = False,
) -> Done:
    """Every overdue node of one project in one letter at its next stage: (project, files written, problem,
    warnings).

    The portfolio has finished any interrupted update of the project file before (``recover``). ``suffix``
    keeps the letter's name apart from another project's of the same code in the run; ``via`` is how the
    letters will be sent (their periods run from delivery), and with ``record`` each is entered in its project's
    ledger as sent that way, letter and entry both or neither.
    """
    from contractkit.cli.common import UNUSABLE_CODES
    from contractkit.model.findings import Severity
    from contractkit.model.project import load_project
    from contractkit.render.letters import plan_letter, write_demand
    from contractkit.rules import check_project

    try:
        loaded = load_project(path)
        errors = check_project(loaded, severity=Severity.ERROR)
        bad = next((f for f in errors if f.code in UNUSABLE_CODES), None)
        if bad is not None:  # a calendar that cannot be read: said where, as `demand` of the one project says it
            return str(path), [], f"{bad.where}: {bad.code} {bad.severity} {bad.path}: {bad.message}", []
        if errors:
            return str(path), [], "has validation errors; run contractkit validate", []
        language = lang or str(loaded.project.language)
        planned = plan_letter(loaded, "all", as_of, None, language, via)  # its stage names the file
        stage = planned[1].stage
        # the letter is planned again for that stage, as an explicit --stage plans it, unless that gives the
        # same letter: planning for no stage warns where it leaves out nodes (a promise to pay still running)
        # that a letter at an explicit stage includes, and otherwise picks the same nodes at the same stage
        reuse = planned if not planned[2] else None
        name = f"{loaded.project.project.code}{suffix}-{stage}-{as_of:%Y%m%d}.docx"
        result = write_demand(
            loaded,
            "all",
            out_dir / name,
            as_of=as_of,
            lang=language,
            stage=stage,
            force=force,
            planned=reuse,
            record=(via, None) if record and via is not None else None,
            via=via,
        )
        notes = list(result.warnings)
        if result.recorded:
            notes.append(f"recorded the {result.stage} in {loaded.path}")
        return str(path), [str(p) for p in result.written], "", notes
    except InputErrors as exc:
        return str(path), [], exc.errors[0].message, []
    except ContractkitError as exc:
        return str(path), [], exc.message, []
    except Exception as exc:  # a bug with one project must not stop the others; reported as what it is
        return str(path), [], f"internal error ({type(exc).__name__}: {exc}); this is a bug in contractkit", []


def _prepare_workers() -> None:
    """Import what writing a letter takes before the workers start, so that each inherits it."""
    import docxtpl  # noqa: F401

    from contractkit.model.clauses import default_library
    from contractkit.render import letters  # noqa: F401
    from contractkit.rules import all_rules

    all_rules()
    default_library()


def _suffixes(files: list[Path]) -> list[str]:
    """What keeps each project's letter name apart in the run: nothing for the first project of a code, "-2",
    "-3"... for the next ones in file order (letters are named by project code, which two contracts may share;
    a later letter must never replace an earlier one of the same run). Case is ignored, as some file systems
    ignore it."""
    from contractkit.model.loading import load_yaml_file

    seen: dict[str, int] = {}
    suffixes = []
    for path in files:
        try:
            data, _ = load_yaml_file(path / "project.yaml" if path.is_dir() else path)
            project = data.get("project") if isinstance(data, dict) else None
            code = str(project.get("code") or "") if isinstance(project, dict) else ""
        except (ContractkitError, OSError):
            code = ""  # the project cannot be read: it will have no letter, and its row says why
        key = code.casefold()
        seen[key] = seen.get(key, 0) + 1
        suffixes.append(f"-{seen[key]}" if code and seen[key] > 1 else "")
    return suffixes


def run_portfolio(
    paths: tuple[Path, ...],
    out_dir: Path,
    as_of: dt.date,
    lang: str | None,
    force: bool,
    *,
    via: DeliveryMethod | None = None,
    record: bool = False,
) -> int:
    from contractkit.cli.status import find_projects
    from contractkit.render.output import refuse_system_folder

    found = find_projects(paths)
    files = [one.path for one in found]
    if not files:
        raise ContractkitError("contractkit: no project files found in " + ", ".join(map(str, paths)))
    if out_dir.exists() and not out_dir.is_dir():
        raise ContractkitError(f"contractkit: {out_dir}: exists and is not a folder")
    refuse_system_folder(out_dir, out_dir)  # before creating anything
    # the folders made for the letters, deepest first: taken away again if no letter lands in them
    created = [folder for folder in (out_dir, *out_dir.parents) if not folder.exists()]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ContractkitError(f"contractkit: {out_dir}: cannot create the folder ({exc.strerror or exc})") from None
    try:
        return _letters_for(found, files, out_dir, as_of, lang, force, via=via, record=record)
    finally:
        for folder in created:  # only empty ones go: a letter written, or anything else put there, keeps them
            with contextlib.suppress(OSError):
                folder.rmdir()


def _letters_for(
    found: list[Found],
    files: list[Path],
    out_dir: Path,
    as_of: dt.date,
    lang: str | None,
    force: bool,
    *,
    via: DeliveryMethod | None,
    record: bool,
) -> int:
    """The letters of ``--all-overdue``, written into ``out_dir``, and what the run says; the exit code."""
    from contractkit.cli.portfolio import recover

    failed = recover(found)  # every interrupted update first, each folder cleaned once
    suffixes = _suffixes(files)
    workers = min(os.cpu_count() or 1, len(files))
    results: list[Done] = []
    if workers > 1:
        _prepare_workers()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                None
                if i in failed
                else pool.submit(
                    one_project, f, out_dir, as_of, lang, force, suffix=suffixes[i], via=via, record=record
                )
                for i, f in enumerate(files)
            ]
            for i, (file, future) in enumerate(zip(files, futures, strict=True)):
                if future is None:
                    results.append((str(file), [], failed[i], []))
                    continue
                try:
                    results.append(future.result())
                except Exception as exc:  # the worker died (out of memory, killed): that project's row says so
                    results.append((str(file), [], f"could not be processed ({type(exc).__name__}: {exc})", []))
    else:
        results = [
            (str(f), [], failed[i], [])
            if i in failed
            else one_project(f, out_dir, as_of, lang, force, suffix=suffixes[i], via=via, record=record)
            for i, f in enumerate(files)
        ]
    letters = skipped = unreadable = 0
    for project, written, problem, notes in results:
        for note in notes:  # what the letter does not claim, or states as the latest known, is said
            if note.startswith("warning:"):
                click.echo(f"{project}: {note}", err=True)
        if written:
            letters += 1
            for path in written:
                click.echo(f"wrote {path}")
            for note in notes:
                if not note.startswith("warning:"):
                    click.echo(note)
        elif "nothing is overdue" in problem or "every letter" in problem:
            skipped += 1
        elif "limitation period" in problem:  # every overdue node's period has ended: no letter can press it
            skipped += 1
            why = problem.removeprefix("contractkit: ").removesuffix(" Nothing was written.")
            click.echo(f"{project}: no letter: {why}")
        else:
            unreadable += 1
            click.echo(f"{problem}" if problem.startswith(project) else f"{project}: {problem}", err=True)
    click.echo(
        f"{letters} letters for {len(files)} projects; {skipped} with nothing to send; {unreadable} with problems"
    )
    return 2 if unreadable else 0
