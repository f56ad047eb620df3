"""The clause library: clause files loaded, checked, and rendered in a Jinja sandbox.

Jinja is imported when a clause's text is first compiled: ``validate`` and ``status`` read the library
(ids, parameters) and never render a clause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from contractkit.errors import InputError, InputErrors
from contractkit.model import formatting
from contractkit.model.loading import SourceMap, dotted, load_yaml_file
from contractkit.model.models import Project
from contractkit.model.types import (
    Line,
    Text,
    ascii_digits,
    no_entries,
    no_items,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_money,
    parse_percent,
)

if TYPE_CHECKING:
    import jinja2

    from contractkit.model.sandbox import BoundedSandbox

CATEGORIES = (
    "payment",
    "acceptance",
    "incentive",
    "penalty",
    "confidentiality",
    "suspension",
    "dispute",
    "general",
)


def resource_dir(name: str) -> Path:
    """A data folder shipped with contractkit (``clause_library``, ``templates``).

    An installed wheel carries it inside the package; a source checkout keeps it at the repository top.
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / name
    if packaged.is_dir():
        return packaged
    return package.parent.parent / name


class ParamType(StrEnum):
    PERCENT = "percent"
    MONEY = "money"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    DATE = "date"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Model):
    zh: Text
    en: Text

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class BilingualText(_Model):
    zh: list[Text]
    en: list[Text]

    def get(self, lang: str) -> list[str]:
        return self.zh if lang == "zh" else self.en


class Parameter(_Model):
    type: ParamType
    default: Text | None = None
    min: Text | None = None
    max: Text | None = None
    choices: list[Text] = Field(default_factory=no_items)
    required: Text | None = None
    description: Bilingual

    def convert(self, raw: str) -> Any:
        """Text from a project file or a default -> the typed value, or ValueError saying what is allowed."""
        value = _CONVERTERS[self.type](raw)
        if self.type is ParamType.CHOICE and value not in self.choices:
            raise ValueError(f"{raw!r} is not allowed; use one of: {', '.join(self.choices)}")
        low = _CONVERTERS[self.type](self.min) if self.min is not None else None
        high = _CONVERTERS[self.type](self.max) if self.max is not None else None
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"{raw!r} is out of bounds; allowed: {self.bounds()}")
        return value

    def bounds(self) -> str:
        if self.choices:
            return ", ".join(self.choices)
        if self.min is not None and self.max is not None:
            return f"{self.min} to {self.max}"
        if self.min is not None:
            return f"at least {self.min}"
        if self.max is not None:
            return f"at most {self.max}"
        return ""

    @property
    def is_required(self) -> bool:
        return self.required is not None and parse_bool(self.required)


def _integer(raw: str) -> int:
    text = raw.strip()
    ascii_digits(text, raw)  # str.isdigit and int() take "２４" for 24
    if not text.lstrip("-").isdigit() or len(text) > 12:
        raise ValueError(f"{raw!r} is not a whole number")
    return int(text)


def _text(raw: str) -> str:
    return raw.strip()


_CONVERTERS: dict[ParamType, Callable[[str], Any]] = {
    ParamType.PERCENT: parse_percent,
    ParamType.MONEY: parse_money,
    ParamType.INTEGER: _integer,
    ParamType.DECIMAL: parse_decimal,
    ParamType.TEXT: _text,
    ParamType.BOOLEAN: parse_bool,
    ParamType.CHOICE: _text,
    ParamType.DATE: parse_date,
}


class ClauseFile(_Model):
    id: Line
    version: Line
    category: Line
    title: Bilingual
    use_when: Bilingual
    parameters: dict[str, Parameter] = Field(default_factory=no_entries)
    one_of: list[Line] = Field(default_factory=no_items)
    references: list[Line] = Field(default_factory=no_items)
    text: BilingualText

    @model_validator(mode="after")
    def _check_shape(self) -> ClauseFile:
        if self.category not in CATEGORIES:
            raise ValueError(f"category {self.category!r} is not one of {', '.join(CATEGORIES)}")
        if not self.id.startswith(self.category + "."):
            raise ValueError(f"id {self.id!r} must start with its category '{self.category}.'")
        if len(self.text.zh) != len(self.text.en) or not self.text.zh:
            raise ValueError(
                f"text.zh has {len(self.text.zh)} sub-clauses and text.en {len(self.text.en)}; "
                "they must match one for one"
            )
        for name in self.one_of:
            if name not in self.parameters:
                raise ValueError(f"one_of names {name!r}, which is not a parameter")
        for name in self.one_of[1:]:
            if self.parameters[name].default is not None:
                raise ValueError(f"only the first parameter of one_of may have a default, not {name!r}")
        for name, param in self.parameters.items():
            if not name.isidentifier():
                raise ValueError(f"parameter name {name!r} must be a plain identifier")
            if param.type is ParamType.CHOICE and not param.choices:
                raise ValueError(f"parameter {name!r} is a choice but lists no choices")
            for key in ("default", "min", "max"):
                raw = getattr(param, key)
                if raw is not None:
                    try:
                        _CONVERTERS[param.type](raw)
                    except ValueError as exc:
                        raise ValueError(f"parameters.{name}.{key}: {exc}") from None
            if param.default is not None:
                try:
                    param.convert(param.default)
                except ValueError as exc:
                    raise ValueError(f"parameters.{name}.default: {exc}") from None
        return self


#: Distinct parameter sets a clause keeps resolved (a portfolio's projects each bring their own).
_RESOLVED_KEPT = 256


@dataclass(frozen=True)
class Clause:
    """A clause from the library, with the file it came from.

    Its text is compiled when it is first rendered (or checked), once per language, and kept: a process
    uses a handful of the library's clauses, and compiling all of them was half of what `validate` cost.
    """

    data: ClauseFile
    path: Path
    source: SourceMap
    _compiled: dict[str, tuple[jinja2.Template, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _resolved: dict[tuple[tuple[str, str], ...], tuple[dict[str, Any], list[tuple[str, str]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def compiled(self, lang: str) -> tuple[jinja2.Template, ...]:
        """The sub-clauses of one language as templates; a syntax error is an InputError at its file:line."""
        templates = self._compiled.get(lang)
        if templates is None:
            if lang not in ("zh", "en"):
                raise KeyError(lang)
            templates = self._compiled[lang] = _compile(self, lang)
        return templates

    @property
    def templates(self) -> Mapping[str, tuple[jinja2.Template, ...]]:
        """Both languages, compiled."""
        return {lang: self.compiled(lang) for lang in ("zh", "en")}

    def check(self) -> None:
        """Compile the text in both languages now, so that a syntax error is reported at load time."""
        for lang in ("zh", "en"):
            self.compiled(lang)

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def category(self) -> str:
        return self.data.category

    def title(self, lang: str) -> str:
        return self.data.title.get(lang)

    def resolve(self, given: Mapping[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Typed parameter values from a project's ``with`` (strings), and the problems found.

        Problems are (parameter name or '', message) pairs, so validation can point at the key. The terms,
        the rules and the drafting each ask for the same clause's values: they are worked out once for each
        distinct ``with`` (the latest few hundred kept), and each caller gets its own copy.
        """
        key = tuple(given.items())
        known = self._resolved.get(key)
        if known is None:
            if len(self._resolved) >= _RESOLVED_KEPT:
                self._resolved.clear()
            known = self._resolved[key] = self._resolve(given)
        return dict(known[0]), list(known[1])

    def _resolve(self, given: Mapping[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        params = self.data.parameters
        for name, raw in given.items():
            if name not in params:
                allowed = ", ".join(params) or "none"
                problems.append((name, f"{self.id} has no parameter {name!r}; its parameters: {allowed}"))
                continue
            try:
                values[name] = params[name].convert(raw)
            except ValueError as exc:
                problems.append((name, f"{self.id} parameter {name}: {exc}"))
        group = self.data.one_of
        chosen = [name for name in group if name in given]
        if len(chosen) > 1:
            problems.append((chosen[1], f"{self.id} takes only one of {', '.join(group)}; {', '.join(chosen)} given"))
        chosen = [name for name in chosen if name in values]
        # every parameter has a value, the problem reported: a value that does not convert is taken as not given
        # (its default, or None), so that whatever reads the values before validation refuses the project (the
        # schedule, the terms) finds each key and the command ends in the located finding, not a KeyError
        for name, param in params.items():
            if name in values:
                continue
            if name in group:
                use_default = not chosen and name == group[0] and param.default is not None
                values[name] = param.convert(param.default) if use_default else None  # type: ignore[arg-type]
            elif param.default is not None:
                values[name] = param.convert(param.default)
            elif param.is_required:
                problems.append(("", f"{self.id} needs parameter {name!r} ({param.description.en})"))
            else:
                values[name] = None
        return values, problems

    def render(self, lang: str, context: Mapping[str, Any], *, keep_empty: bool = False) -> list[str]:
        """The sub-clauses in one language, empty ones dropped (kept as "" with ``keep_empty``)."""
        import jinja2

        out: list[str] = []
        environment = _environment()
        for i, template in enumerate(self.compiled(lang)):
            try:
                with environment.rendering():
                    text = template.render(context)
            except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as exc:
                line = self.source.line_for(("text", lang, i))
                raise InputError(
                    file=self.path, line=line, message=f"text.{lang}[{i}]: {_jinja_message(exc)}"
                ) from None
            text = "\n".join(part.strip() for part in text.strip().splitlines() if part.strip())
            if text or keep_empty:
                out.append(text)
        return out


def _jinja_message(exc: Exception) -> str:
    import jinja2

    if isinstance(exc, jinja2.UndefinedError):
        if exc.message == "'jurisdiction' is undefined":
            return (
                f"{exc.message}: clause texts do not branch on the jurisdiction code; ask the governing law's facts "
                "(law.company_seal, law.peoples_courts, ...) listed in clause_library/README.md"
            )
        return f"{exc.message}; the names a clause may use are listed in clause_library/README.md"
    if isinstance(exc, RecursionError):
        return "the text calls itself too deeply"
    return str(exc)


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError("a value printed by this text is missing (None); guard it with {% if ... %}")
    return value


def clause_environment() -> BoundedSandbox:
    """The sandbox clause text renders in: no attribute tricks, undefined names are errors, bounded in time
    and size (a clause library may come from the user: ``clauses show --library``)."""
    import jinja2

    from contractkit.model.sandbox import BoundedSandbox

    env = BoundedSandbox(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    # Filters that need the document language read it from the render context.
    env.filters.update(
        money=jinja2.pass_context(lambda ctx, v: formatting.money(v, ctx["contract"].currency, ctx["lang"])),
        words=jinja2.pass_context(lambda ctx, v: formatting.words(v, ctx["contract"].currency, ctx["lang"])),
        percent=lambda v: formatting.percent(v),
        points=lambda v: formatting.percent(v).removesuffix("%"),
        date=jinja2.pass_context(lambda ctx, v: formatting.date(v, ctx["lang"])),
        days=jinja2.pass_context(lambda ctx, v: formatting.days(int(v), ctx["lang"])),
    )
    return env


@cache
def _environment() -> BoundedSandbox:
    """The clause environment of this process, made on first use."""
    return clause_environment()


class ClauseLibrary:
    """Every clause of a library folder, by id.

    ``pending`` names clause files not read yet, by id (a clause file is named by its id): each is read and
    checked, as ``load_library`` does, when its clause is first asked for.
    """

    def __init__(self, clauses: Mapping[str, Clause], root: Path, *, pending: Mapping[str, Path] | None = None) -> None:
        self.clauses = dict(clauses)
        self.root = root
        self._pending = dict(pending or {})

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self.clauses or clause_id in self._pending

    def get(self, clause_id: str) -> Clause | None:
        clause = self.clauses.get(clause_id)
        if clause is None and clause_id in self._pending:
            clause = self.clauses[clause_id] = _library_clause(self._pending.pop(clause_id), self.clauses)
        return clause

    def ids(self) -> list[str]:
        """Every clause id, sorted (without reading a clause file)."""
        return sorted({*self.clauses, *self._pending})

    def __iter__(self):  # type: ignore[no-untyped-def]
        for clause_id in list(self._pending):
            self.get(clause_id)
        return iter(sorted(self.clauses.values(), key=lambda c: (CATEGORIES.index(c.category), c.id)))

    def __len__(self) -> int:
        return len(self.clauses) + len(self._pending)


def load_clause(path: Path, references: Mapping[str, Any], *, check_text: bool = True) -> Clause:
    """One clause file, checked; raises InputError(s) with file:line.

    ``check_text=False`` leaves compiling the text (and finding its syntax errors) to the first render.
    """
    data, source = load_yaml_file(path)
    if not isinstance(data, dict):
        raise InputError(file=path, line=1, message="a clause file must be a mapping (id:, title:, text: ...)")
    try:
        clause = ClauseFile.model_validate(data)
    except ValidationError as exc:
        raise InputErrors(
            InputError(
                file=path,
                line=source.line_for(tuple(err["loc"])),
                message=f"{dotted(tuple(err['loc'])) or '(top)'}: {str(err['msg']).removeprefix('Value error, ')}",
            )
            for err in exc.errors(include_url=False)
        ) from None
    if path.stem != clause.id:
        raise InputError(file=path, line=source.line_for(("id",)), message=f"id {clause.id!r} must match the file name")
    for i, key in enumerate(clause.references):
        if key not in references:
            raise InputError(
                file=path,
                line=source.line_for(("references", i)),
                message=f"references[{i}]: {key!r} is not a known legal reference (see data/references.yaml)",
            )
    loaded = Clause(clause, path, source)
    if check_text:
        loaded.check()
    return loaded


def _compile(clause: Clause, lang: str) -> tuple[jinja2.Template, ...]:
    import jinja2

    environment = _environment()
    compiled = []
    for i, text in enumerate(clause.data.text.get(lang)):
        try:
            compiled.append(environment.from_string(text))
        except jinja2.TemplateSyntaxError as exc:
            line = (clause.source.line_for(("text", lang, i)) or 1) + (exc.lineno or 1) - 1
            raise InputError(file=clause.path, line=line, message=f"text.{lang}[{i}]: {exc.message}") from None
    return tuple(compiled)


@cache
def legal_references() -> dict[str, dict[str, str]]:
    """The citations clauses and letters may use, by key."""
    data, _ = load_yaml_file(Path(__file__).resolve().parent.parent / "law" / "data" / "references.yaml")
    return data  # type: ignore[no-any-return]


def load_library(root: Path | None = None, *, check_text: bool = True) -> ClauseLibrary:
    """Every clause under ``root`` (the bundled library by default), each checked.

    With ``check_text=False`` a clause's text is compiled when it is first rendered, and a syntax error
    in it is reported then, at the same file:line.
    """
    root = root or resource_dir("clause_library")
    if not root.is_dir():
        raise InputError(file=root, message="clause library folder not found")
    clauses: dict[str, Clause] = {}
    for path in sorted(root.glob("*/*.yaml")):
        clause = _library_clause(path, clauses, check_text=check_text)
        clauses[clause.id] = clause
    return ClauseLibrary(clauses, root)


def _library_clause(path: Path, others: Mapping[str, Clause], *, check_text: bool = False) -> Clause:
    """A clause file of a library, checked: its id, its folder, and that no other file defines it."""
    clause = load_clause(path, legal_references(), check_text=check_text)
    if clause.category != path.parent.name:
        raise InputError(file=path, line=1, message=f"a {clause.category} clause must be in {clause.category}/")
    if clause.id in others:
        raise InputError(file=path, line=1, message=f"clause {clause.id} is also defined in {others[clause.id].path}")
    return clause


@cache
def default_library() -> ClauseLibrary:
    """The bundled library, each clause read when first asked for and its text compiled when first rendered:
    a project uses about nine of its 45 clauses and renders a few of its ~460 sub-clauses.

    The test suite loads it whole with every text compiled (tests/test_clause_compile.py), so a clause that
    does not load or compile cannot ship. Should two files share a name, it is read whole at once, which
    reports them.
    """
    root = resource_dir("clause_library")
    if not root.is_dir():
        raise InputError(file=root, message="clause library folder not found")
    paths = sorted(root.glob("*/*.yaml"))
    pending = {path.stem: path for path in paths}
    if len(pending) != len(paths):
        return load_library(root, check_text=False)
    return ClauseLibrary({}, root, pending=pending)


def picked(project: Project, prefix: str) -> tuple[str, dict[str, Any]] | None:
    """The id and typed parameter values of the first clause the project picks whose id starts with ``prefix``."""
    library = default_library()
    for use in project.clauses:
        if use.use.startswith(prefix):
            clause = library.get(use.use)
            if clause is not None:
                return clause.id, clause.resolve(use.with_)[0]
    return None


def picked_values(project: Project, prefix: str) -> dict[str, Any] | None:
    """Typed parameter values of the first clause the project picks whose id starts with ``prefix``."""
    found = picked(project, prefix)
    return found[1] if found is not None else None


def convert_for_display(value: Any, lang: str) -> str:
    """A typed parameter value as text for listings."""
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    return str(value)
