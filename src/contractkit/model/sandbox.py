"""A Jinja sandbox with bounds on time and size, for every template a user can hand contractkit.

Jinja's sandbox stops ``{{ ''.__class__ }}``, but not a template that runs for ever or builds a string of a
gigabyte: ``'%300000000s'|format``, ``'x' * 10**9``, ``center(400000000)``, a loop nested in loops, a
macro that calls itself. Here every call, loop step and operator of a template goes through a budget (a
deadline), arguments that ask for a huge result are refused before the result is built, lists cannot be
changed (so a loop cannot feed itself), and templates cannot pull in other templates. Document templates
(``render/sandbox.py``) and clause texts (``model/clauses.py``) both render in it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Seconds one document may take to render.
RENDER_SECONDS = 20.0
#: The longest string a template may make, in characters (a whole contract is well under 1 million).
MAX_CHARS = 10_000_000
#: The most a single document part may render to, in characters.
MAX_OUTPUT_CHARS = 50_000_000
#: The largest width, count or repetition a template may ask of a filter or method.
MAX_WIDTH = 100_000
#: The largest exponent of ``**``.
MAX_EXPONENT = 1_000
_CHECK_EVERY = 256
# A width or precision of 7 or more digits in a %-format or a {}-format.
_HUGE_FORMAT = re.compile(r"(%[-+ #0]*\d{7,}|%[-+ #0]*\d*\.\d{7,}|\{[^{}]*:[^{}]*\d{7,}[^{}]*\})")
#: Filters whose integer arguments are widths or counts of the result.
_SIZED_FILTERS = {"center", "indent", "wordwrap", "truncate", "slice", "batch"}
#: String methods whose integer arguments are widths or counts of the result.
_SIZED_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
#: Where compiled templates are kept between processes: a folder, "off", or unset for Jinja's per-user default.
CACHE_VARIABLE = "CONTRACTKIT_CACHE_DIR"


class TemplateLimit(jinja2.TemplateRuntimeError):
    """A template asked for more time or size than a document may take."""


class _Budget:
    """The deadline and counters of one document's (or clause's) rendering."""

    def __init__(self) -> None:
        self.deadline = float("inf")
        self.seconds = RENDER_SECONDS
        self.ticks = 0
        self.place: str | None = None

    @property
    def running(self) -> bool:
        return self.deadline != float("inf")

    def start(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.ticks = 0
        self.place = None

    def stop(self) -> None:
        self.deadline = float("inf")

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(f"rendering took longer than {self.seconds:g} seconds (a loop that does not end?)")


def _refuse(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would be too large for a document")


def _check_counts(name: str, values: Iterable[Any]) -> None:
    """Refuse a width, count or repetition above MAX_WIDTH."""
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
            raise _refuse(f"{name}({value})")


def _check_format(name: str, form: Any, values: Iterable[Any]) -> None:
    """Refuse a format whose width or precision (written, or given by ``*``) is huge."""
    if not isinstance(form, str):
        return
    if _HUGE_FORMAT.search(form):
        raise _refuse(f"{name} with the format {form[:40]!r}")
    if "*" in form or "{" in form:
        _check_counts(name, values)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose loops, calls, operators and filters spend from a budget.

    Render inside ``with environment.rendering():`` to start the clock (a template rendered outside it
    has no deadline, but every size bound still holds).
    """

    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = _Budget()
        self.globals.pop("lipsum", None)  # a generator of paragraphs of any length: no use in a contract
        self.filters = {name: self._guard_filter(name, func) for name, func in self.filters.items()}

    @contextlib.contextmanager
    def rendering(self) -> Iterator[None]:
        """Start the clock for one document or clause (a render inside a render keeps the outer clock)."""
        if self.budget.running:
            yield
            return
        self.budget.start(RENDER_SECONDS)
        try:
            yield
        finally:
            self.budget.stop()

    # -- the budget at every step -------------------------------------------------------------------

    def _guard_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.budget.tick()
            if name in _SIZED_FILTERS:
                _check_counts(name, [*args[1:], *kwargs.values()])
            elif name == "format" and args:
                _check_format("|format", args[0], [*args[1:], *kwargs.values()])
            elif name == "replace" and len(args) >= 4:  # (eval context, text, old, new[, count])
                _check_replace(args[1], args[2], args[3])
            result = func(*args, **kwargs)
            if _length(result) > MAX_CHARS:
                raise _refuse(f"the result of |{name}")
            return result

        return guarded

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.tick()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _SIZED_METHODS:
                _check_counts(name, [*args, *kwargs.values()])
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
            elif name == "join" and args and _length(owner) * len(args[0]) > MAX_CHARS:
                raise _refuse("this join")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` as the sandbox wraps them, refusing huge widths first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        form, name = value.__self__, value.__name__
        sandboxed = wrapped

        def checked(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            values += [v for arg in args if isinstance(arg, Mapping) for v in arg.values()]
            _check_format(f".{name}", form, values)
            return sandboxed(*args, **kwargs)

        return functools.update_wrapper(checked, value)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if _length(sequence) and isinstance(count, int) and _length(sequence) * count > MAX_CHARS:
                    raise _refuse(f"a string or list repeated {count} times")
        elif operator == "**":
            if isinstance(right, (int, float, Decimal)) and right > MAX_EXPONENT and left not in (0, 1, -1):
                raise _refuse(f"a number to the power {right}")
        elif operator == "%":
            _check_format("a %-format", left, right if isinstance(right, tuple) else (right,))
        elif operator == "+" and _length(left) + _length(right) > MAX_CHARS:
            raise _refuse("joining these")
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)

    def guard_loop(self, iterable: Any) -> Iterator[Any]:
        """Each step of a ``{% for %}`` loop spends from the budget."""
        for item in iterable:
            self.budget.tick()
            yield item

    def guard_concat(self, *parts: Any) -> Any:
        """The ``~`` operator, refusing a result larger than a document may hold."""
        self.budget.tick()
        if sum(len(str(part)) for part in parts) > MAX_CHARS:
            raise _refuse("joining these with ~")
        return markup_join(parts) if self.autoescape else str_join(parts)

    def concat(self, parts: Iterable[str]) -> str:
        """A template's output, refused once it grows past what a document part may hold."""
        out: list[str] = []
        size = 0
        for part in parts:
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise _refuse("the rendered document")
            self.budget.tick()
            out.append(part)
        return "".join(out)

    # -- what templates may not do --------------------------------------------------------------------

    def _load_template(self, name: str, globals: Any) -> jinja2.Template:
        raise jinja2.TemplateRuntimeError(
            "a document template cannot include, import or extend another template; put the text in this one"
        )

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        """Jinja's compile, with the code kept on disk (see ``code_cache``) so a later process loads it.

        The key is the text and everything the generated code depends on: Jinja's version, the Python
        bytecode tag, the source of every contractkit class of this environment (``_parse`` below rewrites
        each loop and ``~`` through the budget: code compiled before a change to that rewriting is never
        reused), and the environment's options, filters and tests. Jinja checks each cached file's magic
        number and source checksum and writes atomically; a missing or damaged file is compiled afresh.
        """
        store = code_cache()
        if raw or store is None or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        key = hashlib.sha256(f"{self._code_key()}|{name}|{filename}|{defer_init}|".encode())
        key.update(source.encode("utf-8", "surrogatepass"))
        try:
            bucket = store.get_bucket(self, key.hexdigest(), None, source)
        except Exception:  # a damaged entry (truncated, garbage) fails in pickle or marshal, in many ways
            bucket = Bucket(self, store.get_cache_key(key.hexdigest()), store.get_source_checksum(source))
        if bucket.code is None:
            bucket.code = super().compile(source, name, filename, False, defer_init)
            with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
                store.set_bucket(bucket)
        return bucket.code

    def _code_key(self) -> str:
        """What the code Jinja generates for a text depends on besides the text; worked out again only when
        an option, filter or test has changed since the last compile."""
        settings = (
            self.block_start_string,
            self.block_end_string,
            self.variable_start_string,
            self.variable_end_string,
            self.comment_start_string,
            self.comment_end_string,
            self.line_statement_prefix,
            self.line_comment_prefix,
            self.trim_blocks,
            self.lstrip_blocks,
            self.newline_sequence,
            self.keep_trailing_newline,
            self.autoescape if isinstance(self.autoescape, bool) else "callable",
            self.optimized,
            self.is_async,
            f"{self.undefined.__module__}.{self.undefined.__qualname__}",
            self.policies.get("compiler.ascii_str"),
        )
        seen = (settings, self.finalize, tuple(self.extensions), tuple(self.filters.items()), tuple(self.tests.items()))
        known = self.__dict__.get("_known_code_key")
        if known is not None and known[0] == seen:
            return known[1]  # type: ignore[no-any-return]

        def passes(functions: Mapping[str, Any]) -> list[tuple[str, str]]:
            # what pass_context and its kin mark on a function decides the call Jinja generates for it
            return sorted((name, str(getattr(func, "jinja_pass_arg", None))) for name, func in functions.items())

        finalize = None if self.finalize is None else getattr(self.finalize, "jinja_pass_arg", "plain")
        parts = [
            _code_fingerprint(tuple(klass.__module__ for klass in type(self).__mro__)),
            settings,
            str(finalize),
            sorted(self.extensions),
        ]
        key = repr([*parts, passes(self.filters), passes(self.tests)])
        self.__dict__["_known_code_key"] = (seen, key)
        return key

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then route every loop and every ``~`` through the budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard_loop"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        for concat in list(tree.find_all(nodes.Concat)):
            _replace(tree, concat, _guarded_concat(concat))
        return tree


@functools.cache
def _code_fingerprint(modules: tuple[str, ...]) -> str:
    """Jinja's version, Python's bytecode tag and the source of the contractkit modules among ``modules``
    (those of an environment's classes)."""
    digest = hashlib.sha256(f"{jinja2.__version__}|{sys.implementation.cache_tag}".encode())
    for name in modules:
        path = getattr(sys.modules.get(name), "__file__", None)
        if name.split(".")[0] == "contractkit" and path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def code_cache() -> BytecodeCache | None:
    """The folder compiled templates are kept in between processes, or None when caching is off.

    ``CONTRACTKIT_CACHE_DIR`` names it (made private to the user if missing); ``off`` turns caching off;
    unset, it is Jinja's per-user folder in the temporary directory, which Jinja makes private and refuses
    to use if another user owns it. A folder that cannot be made or used means no cache, not an error.
    """
    return _code_cache(os.environ.get(CACHE_VARIABLE, ""))


@functools.cache
def _code_cache(setting: str) -> BytecodeCache | None:
    if setting.strip().lower() == "off":
        return None
    try:
        if setting:
            os.makedirs(setting, mode=0o700, exist_ok=True)
            return FileSystemBytecodeCache(setting, "contractkit-%s.cache")
        return FileSystemBytecodeCache(pattern="contractkit-%s.cache")
    except (OSError, RuntimeError):
        return None


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(new, str):
        count = text.count(old) if isinstance(old, str) and old else len(text) + 1
        if len(text) + count * len(new) > MAX_CHARS:
            raise _refuse("this replace")


def _guarded_concat(concat: nodes.Concat) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute("guard_concat"), list(concat.nodes), [], None, None, lineno=concat.lineno
    )


def _replace(tree: nodes.Node, old: nodes.Node, new: nodes.Node) -> None:
    """Put ``new`` where ``old`` is in the tree."""
    for parent in tree.find_all(nodes.Node):
        for field in parent.fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                setattr(parent, field, [new if item is old else item for item in value])
                return
