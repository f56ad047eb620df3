"""The Jinja environment documents render in: the bounded sandbox, escaping, strict, and able to say where.

On top of ``model/sandbox.py`` (time and size bounds, no mutation, no include): nothing can be printed
unescaped into the document XML (no ``|safe``), and only text, numbers, dates and document objects can
be printed (``{{ self }}`` cannot). When rendering fails, ``failure_place`` says where: docxtpl puts every
paragraph of the document XML on its own line, so the template line of the failure is a paragraph, shown
by its text and tags.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import TracebackType
from typing import Any

import jinja2

from contractkit.model.sandbox import BoundedSandbox

_TAG = re.compile(r"\{[{%].*?[}%]\}")


@jinja2.pass_eval_context
def _printable(eval_context: Any, value: Any) -> Any:
    """What ``{{ ... }}`` may print: text, numbers, dates and document objects (RichText, images, listings).

    It takes the evaluation context only so that Jinja checks constants at run time too, as it does values.
    """
    if isinstance(value, jinja2.Undefined):
        str(value)  # a strict undefined raises its own error: the name, or the sandbox's refusal
    if value is None:
        raise ValueError("the template prints a missing value (None); guard it with {% if ... %}")
    if isinstance(value, (str, int, float, Decimal, dt.date)) or hasattr(value, "__html__"):
        return value
    raise ValueError(
        f"the template prints a {type(value).__name__}, which is not text; print one of its values instead"
    )


class DocumentEnvironment(BoundedSandbox):
    """Sandboxed, bounded, escaping, strict about names, and compiling each distinct document XML only once.

    docxtpl hands the whole document XML to ``from_string`` on every render; compiling it is most of the
    cost of a render, and the XML of one template is the same every time, so batch runs reuse it.
    """

    _CACHE_SIZE = 64

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_printable)
        self._compiled: dict[str, jinja2.Template] = {}
        self._sources: dict[int, str] = {}
        # |safe would put text into the document XML unescaped: a client name could then break the document
        self.filters.pop("safe", None)

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def]
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= self._CACHE_SIZE:
                evicted = self._compiled.pop(next(iter(self._compiled)))
                self._sources.pop(id(evicted), None)
            try:
                template = super().from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                self.budget.place = _paragraph(source, exc.lineno)
                raise
            self._compiled[source] = template
            self._sources[id(template)] = source
        return template

    def syntax_error_place(self, source: str) -> str | None:
        """The paragraph a syntax error is in, parsing the document XML one paragraph a line as docxtpl renders it."""
        lines = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        try:
            self.compile(lines)  # compiling, not only parsing: an unknown filter is found there
        except jinja2.TemplateSyntaxError as exc:
            return _paragraph(lines, exc.lineno)
        return None

    def failure_place(self, traceback: TracebackType | None) -> str | None:
        """Which paragraph of which part a rendering failure happened in, from its traceback."""
        if self.budget.place is not None:
            return self.budget.place
        source, line = None, None
        while traceback is not None:
            frame = traceback.tb_frame
            owner = frame.f_locals.get("self") if frame.f_code.co_name == "render" else None
            if isinstance(owner, jinja2.Template) and id(owner) in self._sources:
                source = self._sources[id(owner)]
            elif frame.f_code.co_filename == "<template>":
                line = traceback.tb_lineno
            traceback = traceback.tb_next
        if source is None or line is None:
            return None
        return _paragraph(source, line)


def _paragraph(source: str, line: int | None) -> str | None:
    """The paragraph on a line of document XML: its template tags, or the start of its text."""
    if not line:
        return None
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return None
    text = re.sub(r"<[^>]+>", "", lines[line - 1])
    tags = _TAG.findall(text)
    shown = " ".join(tags) if tags else text.strip()
    if len(shown) > 160:
        shown = shown[:157] + "..."
    return f"paragraph {max(line - 1, 1)}: {shown}" if shown else f"paragraph {max(line - 1, 1)}"
