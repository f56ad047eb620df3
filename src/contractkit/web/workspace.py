"""The folder the server was started on: its projects, each loaded fresh for every page, and what they owe.

A project is known to the pages by a name (its folder's name, or its file's where project files sit in the
folder itself); the name is looked up among the projects found, never used as a path, so that no address
can reach a file outside the folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from contractkit.account.account import Account, NodeState, build_account
from contractkit.account.actions import Action, next_action
from contractkit.account.explain import aging
from contractkit.cli.common import load
from contractkit.cli.status import find_projects
from contractkit.errors import ContractkitError, InputError, InputErrors
from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import parse_yaml
from contractkit.model.project import PROJECT_FILE_NAMES, LoadedProject, resolve_project_path
from contractkit.rules import check_project
from contractkit.web import phrases
from contractkit.web.i18n import Translator

log = logging.getLogger("contractkit.web")

#: Where the app writes the documents it produces, inside each project's folder.
OUTPUTS = "outputs"


@dataclass(frozen=True)
class ProjectRef:
    """A project of the workspace: the name pages use for it and its file."""

    name: str
    path: Path  # the project file

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def url(self) -> str:
        """The project's address: its name quoted (a folder may be called ``a#b``, ``a?b`` or ``%2e%2e``)."""
        return "/p/" + quote(self.name, safe="")

    @property
    def outputs(self) -> Path:
        """``outputs/`` in the project's folder; a project file beside others in one folder gets a folder of its
        own in it (``outputs/alpha.yaml/``), so that two projects never write or list each other's documents."""
        if self.path.name in PROJECT_FILE_NAMES:
            return self.folder / OUTPUTS
        return self.folder / OUTPUTS / self.path.name

    @property
    def outputs_shown(self) -> str:
        """The outputs folder as the pages name it: from the project's folder's name (``fitout/outputs/``)."""
        return self.outputs.relative_to(self.folder.parent).as_posix() + "/"


@dataclass(frozen=True)
class Problem:
    """Why a project cannot be used as it is: where and what, as the CLI says it."""

    file: str
    line: int | None
    message: str
    field: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def problems_of(exc: ContractkitError) -> list[Problem]:
    """A refusal as located problems (the loader's several, or one)."""
    if isinstance(exc, InputErrors):
        return [p for e in exc.errors for p in problems_of(e)]
    if isinstance(exc, InputError):
        where = f"{exc.file}:{exc.line}: " if exc.line else f"{exc.file}: "
        message = exc.message.removeprefix(where)
        return [Problem(exc.file, exc.line, message, exc.field)]
    return [Problem("", None, exc.message)]


@dataclass
class Opened:
    """A project as the pages see it: loaded (or why not), its findings and, when valid, its account."""

    ref: ProjectRef
    loaded: LoadedProject | None = None
    data: Any = None  # the file as plain values (strings, lists, mappings): what the forms show
    findings: list[Finding] = field(default_factory=list)
    account: Account | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def usable(self) -> bool:
        """Loaded and free of validation errors: documents can be produced and the account computed."""
        return self.loaded is not None and not self.errors and self.account is not None


class Workspace:
    """The projects under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def single(self) -> bool:
        """The folder is itself one project (``contractkit serve my-project``)."""
        return any((self.root / name).is_file() for name in PROJECT_FILE_NAMES)

    def projects(self) -> list[ProjectRef]:
        """The projects of the folder; a project file that is (or is reached through) a link leading out of the
        folder is not one of them: the pages would read and edit a file elsewhere on the computer."""
        refs: list[ProjectRef] = []
        seen: set[str] = set()
        root = os.path.realpath(self.root)
        for found in find_projects([self.root]):
            if found.real is not None and os.path.commonpath((root, found.real)) != root:
                continue
            try:
                path = resolve_project_path(found.path)
            except ContractkitError:
                path = found.path
            # a project in a folder of its own is named by the folder, a file beside others by the file
            in_root = path.parent == self.root and not self.single
            name = path.name if in_root else path.parent.name
            if name in seen:
                continue
            seen.add(name)
            refs.append(ProjectRef(name, path))
        return sorted(refs, key=lambda r: r.name.lower())

    def find(self, name: str) -> ProjectRef | None:
        return next((ref for ref in self.projects() if ref.name == name), None)

    def open(self, ref: ProjectRef, as_of: dt.date) -> Opened:
        """Load, validate and (when valid) compute the account; every failure is kept, located, not raised."""
        opened = Opened(ref)
        try:
            loaded = load(ref.path)
            opened.loaded = loaded
            opened.data = parse_yaml(loaded.raw.decode("utf-8-sig"), str(ref.path))[0]
            opened.findings = check_project(loaded)
            if not opened.errors:
                opened.account = build_account(loaded, as_of)
        except ContractkitError as exc:
            opened.problems = problems_of(exc)
        except (RecursionError, MemoryError, OverflowError, ValueError) as exc:
            opened.problems = [Problem(str(ref.path), None, f"cannot be read ({type(exc).__name__}: {exc})")]
        except Exception as exc:  # a bug in contractkit on this project: its page and row say so, the others stand
            log.exception("contractkit serve: %s failed", ref.path)
            opened.problems = [Problem(str(ref.path), None, failed(exc))]
        if opened.problems:
            opened.account = None  # a project that could not be worked out in full is shown by its problems
        return opened


def failed(exc: Exception) -> str:
    """What a project's page or row says where contractkit itself failed on it (as the command line says it)."""
    return f"internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in contractkit, please report it"


@dataclass(frozen=True)
class PortfolioRow:
    """One project's line in the portfolio."""

    ref: ProjectRef
    code: str = ""
    title: str = ""
    client: str = ""
    currency: str = ""
    price: Decimal | None = None
    due: Decimal = Decimal(0)  # asked for, due on a known date, not yet late
    overdue: Decimal = Decimal(0)
    interest: Decimal = Decimal(0)
    per_day: Decimal = Decimal(0)
    oldest: int = 0  # days the oldest overdue sum is late
    next_text: str = ""
    next_node: str = ""
    next_on: dt.date | None = None
    problem: str = ""
    invalid: bool = False
    errors: int = 0  # validation errors, where the file loads but the rules refuse it


def next_step(account: Account) -> tuple[str, Action] | None:
    """The project's next step: the dated action due first over its unpaid nodes (an overdue node first)."""
    candidates = []
    for index, node in enumerate(account.nodes):
        if node.state is NodeState.PAID:
            continue
        action = next_action(node, account.as_of)
        late = node.state is NodeState.OVERDUE
        candidates.append((action.by is None, not late, action.by or dt.date.max, index, node.id, action))
    if not candidates:
        return None
    *_, node_id, action = min(candidates, key=lambda c: c[:4])
    return node_id, action


def portfolio_row(opened: Opened, root: Path | None = None, lang: str = "en") -> PortfolioRow:
    """A project's line; a problem is located by the file's path under ``root``, as the rows name projects."""
    shown = (str(root).rstrip("/") + "/") if root is not None else ""
    try:
        return _row(opened, shown, lang)
    except Exception as exc:  # as in Workspace.open: one project's failure is its row's, never the page's
        return failed_row(opened, exc, root)


def failed_row(opened: Opened, exc: Exception, root: Path | None = None) -> PortfolioRow:
    """The portfolio row of a project contractkit failed on while working out its figures (the failure logged)."""
    ref = opened.ref
    log.exception("contractkit serve: the portfolio row of %s failed", ref.path)
    shown = (str(root).rstrip("/") + "/") if root is not None else ""
    return PortfolioRow(ref, problem=f"{ref.path}: {failed(exc)}".removeprefix(shown), **_named(opened))


def _named(opened: Opened) -> dict[str, Any]:
    """What names a loaded project in its row: its code, title, client, currency and price."""
    if opened.loaded is None:
        return {}
    project = opened.loaded.project
    return {
        "code": project.project.code,
        "title": project.project.name,
        "client": project.parties.client.name,
        "currency": project.contract.currency,
        "price": project.contract.price,
    }


def _row(opened: Opened, shown: str, lang: str) -> PortfolioRow:
    ref = opened.ref
    base = _named(opened)
    if opened.loaded is None or opened.problems:
        first = opened.problems[0] if opened.problems else Problem(str(ref.path), None, "cannot be read")
        more = f" (and {len(opened.problems) - 1} more)" if len(opened.problems) > 1 else ""
        return PortfolioRow(ref, problem=f"{first}{more}".removeprefix(shown), **base)
    if opened.account is None:
        errors = opened.errors
        first_error = errors[0]
        where = first_error.where.removeprefix(shown)
        problem = f"{where}: {first_error.code} {first_error.path}: {first_error.message}"
        return PortfolioRow(ref, problem=problem, invalid=True, errors=len(errors), **base)
    account = opened.account
    due = sum((n.outstanding for n in account.nodes if n.state is NodeState.NOT_DUE and n.due_on), Decimal(0))
    overdue_nodes = [n for n in account.nodes if n.days_overdue]
    step = next_step(account)
    if step is not None and lang == "zh":
        node = next(n for n in account.nodes if n.id == step[0])
        step = (step[0], replace(step[1], text=phrases.action(node, account.as_of, account.currency, Translator(lang))))
    return PortfolioRow(
        ref,
        due=due,
        overdue=account.outstanding_due,
        interest=account.interest,
        per_day=sum((n.interest_per_day for n in account.nodes), Decimal(0)),
        oldest=max((n.days_overdue for n in overdue_nodes), default=0),
        next_text=step[1].text if step else "",
        next_node=step[0] if step else "",
        next_on=step[1].by if step else None,
        **base,
    )


SORTS = {
    "project": lambda r: (r.code or r.ref.name).lower(),
    "client": lambda r: r.client.lower(),
    "currency": lambda r: r.currency,
    "due": lambda r: r.due,
    "overdue": lambda r: r.overdue,
    "oldest": lambda r: r.oldest,
    "interest": lambda r: r.interest,
    "next": lambda r: r.next_on or dt.date.max,
}


def sorted_rows(rows: list[PortfolioRow], key: str, descending: bool) -> list[PortfolioRow]:
    """Rows by a column; projects that cannot be used go last whatever the order."""
    sort = SORTS.get(key, SORTS["project"])
    good = sorted((r for r in rows if not r.problem), key=sort, reverse=descending)
    return good + [r for r in rows if r.problem]


def aging_table(opened: list[Opened]) -> dict[str, dict[str, Decimal]]:
    return aging(o.account for o in opened if o.account is not None)
