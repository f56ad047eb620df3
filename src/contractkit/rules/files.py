"""Rules on the files a project names: evidence and the calendar file stay inside the project folder, and the
calendar can be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from contractkit.account.evidence import MAX_EVIDENCE_BYTES
from contractkit.errors import InputError, InputErrors
from contractkit.law.calendars import project_calendar
from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import MAX_FILE_BYTES, Loc, file_problem
from contractkit.model.project import path_in_project
from contractkit.rules import Rule, RuleContext, register


def _named_files(ctx: RuleContext) -> list[tuple[Loc, str, int, Path | ValueError]]:
    """(location, path as written, size limit, the file or why it cannot be one) of every file the project
    names, each resolved once for both rules (resolving walks every folder of the path)."""
    named = ctx._cache.get("named files")
    if named is None:
        written: list[tuple[Loc, str, int]] = [
            (("evidence", i, "file"), item.file, MAX_EVIDENCE_BYTES)
            for i, item in enumerate(ctx.project.evidence)
            if item.file
        ]
        calendar = ctx.project.calendar
        if calendar is not None and calendar.file:
            written.append((("calendar", "file"), calendar.file, MAX_FILE_BYTES))
        named = ctx._cache["named files"] = [(*entry, _resolved(ctx, entry[1])) for entry in written]
    return named  # type: ignore[return-value]


def _resolved(ctx: RuleContext, written: str) -> Path | ValueError:
    try:
        return path_in_project(ctx.loaded.folder, written)
    except ValueError as exc:
        return exc


@register
class FIL001(Rule):
    """A file path leaves the project folder, or is not a path to a file.

    Evidence files and the calendar file are read from inside the project folder only, so that a project
    file passed on by someone else cannot make contractkit read (and send to a client) other files on
    the computer. An absolute path, a path through ``..`` or a symbolic link that points out of the
    folder, and a path ending in ``/`` are refused.
    """

    code = "FIL001"
    severity = Severity.ERROR
    bad = "evidence: [{id: E3, node: P2, title: 验收记录, file: ../../home/me/.ssh/id_rsa}]"
    good = "evidence: [{id: E3, node: P2, title: 验收记录, file: evidence/p2-acceptance.pdf}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for loc, written, _limit, path in _named_files(ctx):
            if isinstance(path, ValueError):
                yield self.finding(
                    ctx, loc, f"{written!r} {path}", "copy the file into the project folder and name it from there"
                )


@register
class FIL002(Rule):
    """A file the project names is a folder, a device or a pipe, cannot be read, or is too large.

    contractkit reads regular files only, of a bounded size, so that a misnamed path cannot hang a
    command (a pipe), fill the memory (a device such as /dev/zero, a huge file) or put a folder in place
    of a document. A file that does not exist yet is not reported here: ``apply`` says which are missing.
    """

    code = "FIL002"
    severity = Severity.ERROR
    bad = "evidence: [{id: E3, node: P2, title: 验收记录, file: evidence}]  # a folder"
    good = "evidence: [{id: E3, node: P2, title: 验收记录, file: evidence/p2-acceptance.pdf}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        for loc, written, limit, path in _named_files(ctx):
            if isinstance(path, ValueError):
                continue  # FIL001 reports it
            problem = file_problem(path, limit)
            if problem is not None:
                yield self.finding(ctx, loc, f"{written!r}: {problem}")


@register
class FIL003(Rule):
    """The project's calendar cannot be read: its file is missing or wrong, or its country is unknown.

    Periods counted in working days, and last days that roll off a holiday, are counted in this calendar, so
    ``status``, ``demand`` and the documents refuse a project whose calendar they cannot read rather than guess
    a date. The calendar is read here exactly as they read it, and each problem is reported where it is written:
    in the calendar file (a misspelt key, a date that does not exist, a value that is not a list, a country it
    names), or at ``calendar.file`` or ``calendar.country`` in the project file (a file that is not there, the
    project file itself, a country whose public holidays contractkit does not know). A path that leaves the
    folder or names a folder, a device or a pipe is FIL001's or FIL002's, and is not opened.
    """

    code = "FIL003"
    severity = Severity.ERROR
    bad = "calendar: {file: calendar.yaml}  # which says holiday: [2026-10-01]"
    good = "calendar: {file: calendar.yaml}  # which says holidays: [2026-10-01]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project, calendar = ctx.project, ctx.project.calendar
        if calendar is None or not (calendar.file or calendar.country):
            return
        if calendar.file and _reported_by_fil001_or_fil002(ctx):
            project = project.model_copy(update={"calendar": calendar.model_copy(update={"file": None})})
        try:
            project_calendar(project, ctx.loaded.folder, ctx.loaded.path, lines=ctx.loaded.source)
        except InputErrors as exc:
            problems = exc.errors
        except InputError as exc:
            problems = [exc]
        else:
            return
        for problem in problems:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            said = problem.message.removeprefix(f"{where}: ")
            path = "calendar.file"  # a problem in the calendar file: its message names its own key
            if problem.file == str(ctx.loaded.path) and problem.field:
                path, said = problem.field, said.removeprefix(f"{problem.field}: ")
            yield Finding(
                code=self.code,
                severity=self.severity,
                path=path,
                message=said,
                file=problem.file,
                line=problem.line,
            )


def _reported_by_fil001_or_fil002(ctx: RuleContext) -> bool:
    """Whether the calendar file's path is one FIL001 or FIL002 reports (and that must not be opened)."""
    for loc, _written, limit, path in _named_files(ctx):
        if loc == ("calendar", "file"):
            return isinstance(path, ValueError) or file_problem(path, limit) is not None
    return False
