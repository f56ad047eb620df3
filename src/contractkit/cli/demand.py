"""``contractkit demand``: one letter for a node (or all of a client's overdue nodes), or a whole portfolio."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from contractkit.errors import ContractkitError, InputErrors


def one_project(path: Path, out_dir: Path, as_of: dt.date, lang: str | None, force: bool) -> tuple[str, list[str], str]:
    """Every overdue node of one project in one letter at its next stage: (project, files written, problem).

    The portfolio has finished any interrupted update of the project file before (``recover``).
    """
    from contractkit.model.findings import Severity
    from contractkit.model.project import load_project
    from contractkit.render.letters import plan_letter, write_demand
    from contractkit.rules import check_project

    try:
        loaded = load_project(path)
        if check_project(loaded, severity=Severity.ERROR):
            return str(path), [], "has validation errors; run contractkit validate"
        language = lang or str(loaded.project.language)
        planned = plan_letter(loaded, "all", as_of, None, language)  # its stage names the file
        stage = planned[1].stage
        # the letter is planned again for that stage, as an explicit --stage plans it, unless that gives the
        # same letter: planning for no stage warns where it leaves out nodes (a promise to pay still running)
        # that a letter at an explicit stage includes, and otherwise picks the same nodes at the same stage
        reuse = planned if not planned[2] else None
        name = f"{loaded.project.project.code}-{stage}-{as_of:%Y%m%d}.docx"
        result = write_demand(
            loaded,
            "all",
            out_dir / name,
            as_of=as_of,
            lang=language,
            stage=stage,
            force=force,
            planned=reuse,
        )
        return str(path), [str(p) for p in result.written], ""
    except InputErrors as exc:
        return str(path), [], exc.errors[0].message
    except ContractkitError as exc:
        return str(path), [], exc.message
    except Exception as exc:  # a bug with one project must not stop the others; reported as what it is
        return str(path), [], f"internal error ({type(exc).__name__}: {exc}); this is a bug in contractkit"


def _prepare_workers() -> None:
    """Import what writing a letter takes before the workers start, so that each inherits it."""
    import docxtpl  # noqa: F401

    from contractkit.model.clauses import default_library
    from contractkit.render import letters  # noqa: F401
    from contractkit.rules import all_rules

    all_rules()
    default_library()


def run_portfolio(paths: tuple[Path, ...], out_dir: Path, as_of: dt.date, lang: str | None, force: bool) -> int:
    from contractkit.cli.portfolio import recover
    from contractkit.cli.status import project_files
    from contractkit.render.output import refuse_system_folder

    files = project_files(paths)
    if not files:
        raise ContractkitError("contractkit: no project files found in " + ", ".join(map(str, paths)))
    if out_dir.exists() and not out_dir.is_dir():
        raise ContractkitError(f"contractkit: {out_dir}: exists and is not a folder")
    refuse_system_folder(out_dir, out_dir)  # before creating anything
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ContractkitError(f"contractkit: {out_dir}: cannot create the folder ({exc.strerror or exc})") from None
    failed = recover(files)  # every interrupted update first, each folder cleaned once
    workers = min(os.cpu_count() or 1, len(files))
    results: list[tuple[str, list[str], str]] = []
    if workers > 1:
        _prepare_workers()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [
                None if i in failed else pool.submit(one_project, f, out_dir, as_of, lang, force)
                for i, f in enumerate(files)
            ]
            for i, (file, future) in enumerate(zip(files, futures, strict=True)):
                if future is None:
                    results.append((str(file), [], failed[i]))
                    continue
                try:
                    results.append(future.result())
                except Exception as exc:  # the worker died (out of memory, killed): that project's row says so
                    results.append((str(file), [], f"could not be processed ({type(exc).__name__}: {exc})"))
    else:
        results = [
            (str(f), [], failed[i]) if i in failed else one_project(f, out_dir, as_of, lang, force)
            for i, f in enumerate(files)
        ]
    letters = skipped = unreadable = 0
    for project, written, problem in results:
        if written:
            letters += 1
            for path in written:
                click.echo(f"wrote {path}")
        elif "nothing is overdue" in problem or "every letter" in problem:
            skipped += 1
        else:
            unreadable += 1
            click.echo(f"{problem}" if problem.startswith(project) else f"{project}: {problem}", err=True)
    click.echo(
        f"{letters} letters for {len(files)} projects; {skipped} with nothing to send; {unreadable} with problems"
    )
    return 2 if unreadable else 0
