"""Rules on the files a project names: evidence and the calendar file stay inside the project folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from contractkit.account.evidence import MAX_EVIDENCE_BYTES
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
