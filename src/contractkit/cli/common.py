"""What every command shares: exit codes, error handling, findings as text, the --as-of date."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from contractkit.errors import ContractkitError

if TYPE_CHECKING:
    from contractkit.model.findings import Finding
    from contractkit.model.project import LoadedProject

EXIT_OK, EXIT_REFUSED, EXIT_UNUSABLE = 0, 1, 2
#: The exit code of a run that was interrupted (^C, or a SIGTERM or SIGHUP handled as one): 128 + SIGINT.
EXIT_INTERRUPTED = 130

#: The signals that stop a run as ^C does: a kill's default (SIGTERM) and a closed terminal (SIGHUP, not on
#: Windows), besides ^C itself.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class ContractkitGroup(click.Group):
    """Maps contractkit's errors to exit codes and one clear message each: never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # No file name can hold a NUL character, and the system refuses to look one up (a ValueError, not an
        # OSError): an argument with one is refused as a usage error, whichever option or path it is.
        for arg in args:
            if "\x00" in arg:
                raise click.UsageError(f"the argument {arg!r} holds a NUL character (U+0000); remove it", ctx)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        readable_output()
        try:
            with stopping_as_interrupt():
                return super().invoke(ctx)
        except ContractkitError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # the reader (e.g. `| head`) went away: stop quietly, as other command-line tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except KeyboardInterrupt:
            click.echo("contractkit: interrupted; nothing was written", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except OSError as exc:  # the system refused a read or a write contractkit did not foresee
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"contractkit: {where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_UNUSABLE)
        except MemoryError:
            click.echo("contractkit: out of memory; nothing was written", err=True)
            ctx.exit(EXIT_UNUSABLE)
        except Exception as exc:  # a bug: say so plainly instead of dumping a traceback on a user
            if os.environ.get("CONTRACTKIT_DEBUG"):
                raise
            click.echo(
                f"contractkit: internal error ({type(exc).__name__}: {exc}). This is a bug in contractkit; "
                "run again with CONTRACTKIT_DEBUG=1 for details and report it.",
                err=True,
            )
            ctx.exit(EXIT_UNUSABLE)


@contextlib.contextmanager
def stopping_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``KeyboardInterrupt`` as ^C (SIGINT) does, so that a killed run cleans up
    (temporary folders, LibreOffice) and says it was interrupted instead of dying where it stood.

    A signal ignored when the run began stays ignored (``nohup contractkit ...`` survives a closed terminal).
    Only the first signal interrupts: later ones (^C pressed again) are ignored, so they cannot cut short the
    cleanup the first one started. Signal handlers belong to the main thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopped = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            raise KeyboardInterrupt

    previous = {}
    for signum in STOP_SIGNALS:
        handler = signal.getsignal(signum)
        if handler is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def readable_output() -> None:
    """Never fail on printing: a console that cannot show a character (``PYTHONIOENCODING=ascii``, a file
    name that is not UTF-8) gets an escape such as ``\\u4e0a`` for it instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def load(path: Path) -> LoadedProject:
    """A project file, after finishing a ``demand --record`` that a killed run left half done."""
    from contractkit.model.project import load_project, resolve_project_path
    from contractkit.render.journal import recover

    recover(resolve_project_path(path))
    return load_project(path)


@contextlib.contextmanager
def evidence_located(loaded: LoadedProject) -> Iterator[None]:
    """An evidence file that cannot be used, said where the project file names it: ``project.yaml:121:
    evidence[2].file: evidence/p2.pdf (evidence E3): file not found``. The evidence path alone is relative to the
    project folder, not to where the command runs, and says nothing of the line to fix."""
    from contractkit.account.evidence import EvidenceError
    from contractkit.errors import InputError

    try:
        yield
    except EvidenceError as exc:
        index = next((i for i, item in enumerate(loaded.project.evidence) if item.file == exc.path), None)
        if index is None:
            raise
        loc = ("evidence", index, "file")
        raise InputError(
            file=loaded.path,
            line=loaded.source.line_for(loc),
            message=f"evidence[{index}].file: {exc.message}",
            field=f"evidence[{index}].file",
        ) from None


#: A font file larger than this is not a font anyone meant (the Noto CJK collection is about 20 MiB).
MAX_FONT_BYTES = 100 * 1024 * 1024


def check_font_setting() -> None:
    """``CONTRACTKIT_CJK_FONT``, when set, names a font with Chinese characters: said here, in one line,
    instead of as a crash inside the PDF or chart library that reads it."""
    configured = os.environ.get("CONTRACTKIT_CJK_FONT")
    if not configured:
        return
    from contractkit.errors import UsageError
    from contractkit.model.loading import UnusableFile, read_bounded

    path = Path(configured)

    def refuse(why: str) -> NoReturn:
        raise UsageError(
            f"contractkit: CONTRACTKIT_CJK_FONT={configured}: {why}; set it to a .ttf, .otf or .ttc font "
            "with Chinese characters (such as NotoSansCJK-Regular.ttc), or unset it"
        )

    if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
        refuse("is not a .ttf, .otf or .ttc font file")
    try:
        data = read_bounded(path, MAX_FONT_BYTES)
    except UnusableFile as exc:
        refuse(exc.reason)
    from fontTools.ttLib import TTCollection, TTFont

    try:  # from the bytes read: fontTools leaves its file open when it refuses one
        if path.suffix.lower() == ".ttc":
            with TTCollection(io.BytesIO(data), lazy=True) as collection:
                covered = any(0x4E2D in (font.getBestCmap() or {}) for font in collection.fonts)
        else:
            with TTFont(io.BytesIO(data), lazy=True) as font:
                covered = 0x4E2D in (font.getBestCmap() or {})
    except Exception:  # fontTools raises many kinds on a file that is not a font
        refuse("cannot be read as a font")
    if not covered:
        refuse("has no Chinese characters")


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def format_finding(finding: Finding) -> str:
    text = f"{finding.where}: {finding.code} {finding.severity} {finding.path}: {finding.message}"
    if finding.hint:
        text += f"\n    hint: {finding.hint}"
    return text


def summary(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if not findings:
        return "no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)


#: Validation errors that mean a file the project reads cannot be used at all: the calendar (a file that is not
#: YAML, a misspelt key, a date that does not exist, a file that is not there, a country contractkit does not
#: know). The same faults in the project file itself stop it loading, with exit 2; found by validation in the
#: calendar it names, they are the same unusable input, and every command but ``validate`` (whose exit 1 means
#: "errors found") ends with exit 2 on them. A path the project may not read (FIL001, FIL002) is refused on the
#: merits: the file is never opened.
UNUSABLE_CODES = frozenset({"FIL003"})


def unusable(findings: Sequence[Finding]) -> bool:
    """Whether any error among ``findings`` is one of unusable input (``UNUSABLE_CODES``)."""
    from contractkit.model.findings import Severity

    return any(f.severity is Severity.ERROR and f.code in UNUSABLE_CODES for f in findings)


def invalid_exit(findings: Sequence[Finding]) -> int:
    """The exit code of a command refused for validation errors: 2 where the input cannot be used, else 1."""
    return EXIT_UNUSABLE if unusable(findings) else EXIT_REFUSED


def refuse_invalid(loaded: LoadedProject) -> None:
    """Print the findings and exit when a project has validation errors: 2 where one of them makes the input
    unusable (``UNUSABLE_CODES``), else 1."""
    from contractkit.model.findings import has_errors
    from contractkit.rules import check_project

    findings = check_project(loaded)
    if has_errors(findings):
        for finding in findings:
            click.echo(format_finding(finding), err=True)
        click.echo(f"{loaded.path}: {summary(findings)}; fix the errors first, nothing was written", err=True)
        sys.exit(invalid_exit(findings))


def as_of_date(value: str | None) -> dt.date:
    """--as-of DATE, or today; within the dates contractkit works with (see ``model/types.py``)."""
    from contractkit.errors import UsageError
    from contractkit.model.types import parse_date

    if value is None:
        return dt.date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise UsageError(f"contractkit: --as-of {exc}") from None
