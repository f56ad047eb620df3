"""The validation rules: each a small class with a stable code, a summary, an explanation and examples.

Rules return findings and never print. ``check_project`` runs every rule in code order.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from contractkit.account.schedule import Schedule, compute_schedule
from contractkit.errors import ContractkitError
from contractkit.model.findings import Finding, Severity
from contractkit.model.loading import Loc, dotted

if TYPE_CHECKING:
    from contractkit.account.terms import ContractTerms
    from contractkit.law.interest import InterestTerms
    from contractkit.model.clauses import ClauseLibrary
    from contractkit.model.models import Project
    from contractkit.model.project import LoadedProject


@dataclass
class RuleContext:
    """What a rule may look at: the loaded project, its computed schedule and the clause library."""

    loaded: LoadedProject
    schedule: Schedule
    library: ClauseLibrary | None = None
    _cache: dict[str, object] = field(default_factory=dict)

    @property
    def project(self) -> Project:
        return self.loaded.project

    def interest_terms(self) -> InterestTerms:
        """The project's interest terms, worked out once for all the rules that read them (the error a project
        whose terms cannot be read raises, raised again to each)."""
        found = self._cache.get("interest terms")
        if found is None:
            from contractkit.account.terms import interest_terms

            try:
                found = interest_terms(self.project)
            except ContractkitError as exc:
                found = exc
            self._cache["interest terms"] = found
        if isinstance(found, ContractkitError):
            raise found
        return found  # type: ignore[return-value]


class Rule:
    """Base class; subclasses set ``code``, ``severity``, ``bad`` and ``good`` and implement ``check``."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    bad: ClassVar[str]
    good: ClassVar[str]

    @classmethod
    def summary(cls) -> str:
        return inspect.getdoc(cls).splitlines()[0]  # type: ignore[union-attr]

    @classmethod
    def explanation(cls) -> str:
        doc = inspect.getdoc(cls) or ""
        return "\n".join(doc.splitlines()[1:]).strip()

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, ctx: RuleContext, loc: Loc, message: str, hint: str | None = None) -> Finding:
        return Finding(
            code=self.code,
            severity=self.severity,
            path=dotted(loc),
            message=message,
            file=str(ctx.loaded.path),
            line=ctx.loaded.source.line_for(loc),
            hint=hint,
        )


RULES: list[type[Rule]] = []


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to the registry."""
    RULES.append(rule)
    return rule


def all_rules() -> list[type[Rule]]:
    """Every rule, in code order."""
    # Importing the modules registers their rules.
    from contractkit.rules import (  # noqa: F401
        amounts,
        clauses,
        cn,
        consistency,
        dates,
        files,
        law,
        ledger,
        measurement,
        references,
        remedies,
        schedule,
    )

    if len(_SORTED) != len(RULES):  # sorted again only when a rule has been registered since
        _SORTED[:] = sorted(RULES, key=lambda r: r.code)
    return list(_SORTED)


_SORTED: list[type[Rule]] = []


def check_project(
    loaded: LoadedProject,
    library: ClauseLibrary | None = None,
    *,
    severity: Severity | None = None,
    schedule: Schedule | None = None,
    terms: ContractTerms | None = None,
) -> list[Finding]:
    """Every finding for a project, ordered by line then code (the bundled clause library by default).

    With ``severity``, only the rules of that severity run (a portfolio needs only the errors); ``schedule``
    is the project's, where the caller has computed it already (for its account), and ``terms`` its terms.
    """
    if library is None:
        from contractkit.model.clauses import default_library

        library = default_library()
    if schedule is None:
        schedule = compute_schedule(loaded.project)
    ctx = RuleContext(loaded=loaded, schedule=schedule, library=library)
    if terms is not None:
        ctx._cache["interest terms"] = terms.interest
    findings: list[Finding] = []
    for rule in all_rules():
        if severity is None or rule.severity is severity:
            findings.extend(rule().check(ctx))
    return sorted(findings, key=lambda f: (f.line or 0, f.code, f.path))
