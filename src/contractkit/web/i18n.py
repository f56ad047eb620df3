"""The interface in Simplified Chinese and English: which one a request gets, and the words in each.

The English text is written where it is used (``_("...")`` in the templates, ``tr("...")`` in the views, field
labels in forms.py) and is the key of the one catalogue, ``ZH`` in web/zh.py: English text -> Chinese text.
Placeholders are named (``%(node)s``); a literal per cent sign in a ``_()`` text is written ``%%``.

Which language a request gets: the language the user chose (the switch on every page, kept in a cookie); else
the language of the projects in the folder (most of them zh or bilingual: Chinese; most of them en: English);
else the browser's Accept-Language; else English.

Plurals: Chinese has one form; English has two, and chooses by the standard library's gettext (n == 1).
Texts from contractkit's rules, loader and working (``validate``'s messages with file:line, ``status
--explain``'s lines) are the command line's English and are shown as they are; what the web app says around
them is translated.
"""

from __future__ import annotations

import datetime as dt
import gettext as stdlib_gettext
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from contractkit.model import formatting
from contractkit.web.zh import ZH

#: Interface languages, the first the fallback's other.
LANGUAGES = ("zh", "en")
#: The cookie that keeps the user's choice.
COOKIE = "contractkit_lang"
#: Separates a context from the text in a catalogue key (gettext's own convention): ``"node kind\x04final"``.
CONTEXT = "\x04"

_ENGLISH = stdlib_gettext.NullTranslations()  # English plural choice (n == 1), as gettext makes it


class Msg(str):
    """A text of the app's own, to be translated where it is shown (data such as ids and names is plain str)."""

    __slots__ = ()


def N_(text: str) -> Msg:
    """Mark ``text`` as the app's own wording: translated where it is shown, left as it is here."""
    return Msg(text)


def gettext(lang: str, message: str) -> str:
    """``message`` in ``lang`` (the English text where the catalogue has no entry, its context dropped)."""
    if lang == "zh":
        found = ZH.get(message)
        if found is not None:
            return found
    return message.rsplit(CONTEXT, 1)[-1]


def ngettext(lang: str, singular: str, plural: str, count: int) -> str:
    """The form of a counted text: Chinese's one form, or English's singular or plural."""
    if lang == "zh":
        found = ZH.get(singular)
        if found is not None:
            return found
    return _ENGLISH.ngettext(singular, plural, count)


def translate(lang: str, value: Any) -> Any:
    """A ``Msg`` translated; anything else (a name, an id, the user's text) exactly as it is."""
    return gettext(lang, value) if isinstance(value, Msg) else value


class Translator:
    """The words of one request: ``tr("Saved.")``, ``tr("Added %(id)s.", id="E4")``, ``tr.n(...)``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, message: str, /, **values: Any) -> str:
        text = gettext(self.lang, message)
        return text % values if values else text

    def n(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        values.setdefault("num", count)
        return ngettext(self.lang, singular, plural, count) % values

    def error(self, exc: BaseException) -> str:
        """What an error says: the web app's own refusals (``why`` and ``values``) translated, with the ``problem``
        of another layer they quote; others as ``core`` words them."""
        why = getattr(exc, "why", None)
        if isinstance(why, str):
            values = dict(getattr(exc, "values", {}))
            if isinstance(values.get("problem"), str):
                values["problem"] = self.core(values["problem"])
            return self(why, **values)
        return self.core(str(getattr(exc, "message", exc)))

    def core(self, message: str) -> str:
        """A message of contractkit's other layers that the app says in its own voice (an upload's check, a date
        the page was given, an output not written): in the catalogue's words where it is one of ``CORE``'s, the
        command line's English otherwise."""
        if self.lang == "en":
            return message
        plain = message.removeprefix("contractkit: ")
        for pattern, text in CORE:
            found = pattern.fullmatch(plain)
            if found is not None:
                return self(text, **found.groupdict()) if found.groupdict() else self(text)
        return message

    def date(self, value: dt.date | None) -> str:
        """A date in prose: ``2026年7月10日`` / ``2026-07-10`` (the English pages keep ISO dates)."""
        if value is None:
            return ""
        return formatting.date(value, "zh") if self.lang == "zh" else value.isoformat()

    def money(self, value: Decimal | None, currency: str) -> str:
        """A sum in prose, as the documents write it: ``人民币720,000.00元`` / ``CNY 720,000.00``."""
        if value is None:
            return ""
        return formatting.money(value, currency, "zh" if self.lang == "zh" else "en")


#: Messages of the evidence check, the date parser and the output writer (their English, matched whole) and the
#: catalogue's text for each, their parts named as the groups.
CORE: tuple[tuple[re.Pattern[str], Msg], ...] = tuple(
    (re.compile(pattern, re.S), text)
    for pattern, text in (
        (r"the file is empty", N_("the file is empty")),
        (r"the file is larger than (?P<mib>\d+) MiB", N_("the file is larger than %(mib)s MiB")),
        (
            r"it is an HTML page, not a PDF or an image \(a download that saved an error page\?\)",
            N_("it is an HTML page, not a PDF or an image (a download that saved an error page?)"),
        ),
        (
            r"it is a ZIP or an Office file; save it as PDF first",
            N_("it is a ZIP or an Office file; save it as PDF first"),
        ),
        (r"it is neither a PDF nor a JPEG, PNG or TIFF image", N_("it is neither a PDF nor a JPEG, PNG or TIFF image")),
        (
            r"the PDF is encrypted and cannot be opened \((?P<error>.*)\)",
            N_("the PDF is encrypted and cannot be opened (%(error)s)"),
        ),
        (
            r"the PDF is password-protected; save an unprotected copy",
            N_("the PDF is password-protected; save an unprotected copy"),
        ),
        (
            r"the PDF's pages decompress to too much data to open safely \(possible decompression bomb\)",
            N_("the PDF's pages decompress to too much data to open safely (possible decompression bomb)"),
        ),
        (
            r"the PDF is damaged and cannot be read \((?P<error>.*)\)",
            N_("the PDF is damaged and cannot be read (%(error)s)"),
        ),
        (r"the PDF has no pages", N_("the PDF has no pages")),
        (
            r"the image has more than (?P<num>\d+) pages; split it or save it as PDF",
            N_("the image has more than %(num)s pages; split it or save it as PDF"),
        ),
        (
            r"the image is too large to open safely \(possible decompression bomb\); resize it",
            N_("the image is too large to open safely (possible decompression bomb); resize it"),
        ),
        (r"the image is truncated or damaged", N_("the image is truncated or damaged")),
        (r"the image cannot be read \((?P<error>.*)\)", N_("the image cannot be read (%(error)s)")),
        (
            r"(?P<value>.+) is not a date; write it as YYYY-MM-DD, like 2026-02-20",
            N_("%(value)s is not a date; write it as YYYY-MM-DD, like 2026-02-20"),
        ),
        (r"(?P<value>.+) is not a date in the calendar", N_("%(value)s is not a date in the calendar")),
        (
            r"(?P<value>.+) is outside the dates contractkit works with \((?P<first>[\d-]+) to (?P<last>[\d-]+)\)",
            N_("%(value)s is outside the dates contractkit works with (%(first)s to %(last)s)"),
        ),
        (
            r"(?P<path>.+): this is an input of the command; an output never replaces an input",
            N_("%(path)s: this is an input of the command; an output never replaces an input"),
        ),
        (r"(?P<path>.+): is a folder; give a file name", N_("%(path)s: is a folder; give a file name")),
        (r"(?P<path>.+): no such folder for the output", N_("%(path)s: no such folder for the output")),
        (r"(?P<path>.+): this folder is not writable", N_("%(path)s: this folder is not writable")),
        (r"(?P<path>.+): exists and is not a folder", N_("%(path)s: exists and is not a folder")),
        (
            r"(?P<path>.+): is a device, a pipe or a socket, not a file; give a file name",
            N_("%(path)s: is a device, a pipe or a socket, not a file; give a file name"),
        ),
        (r"(?P<path>.+): cannot be written \((?P<reason>.*)\)", N_("%(path)s: cannot be written (%(reason)s)")),
        (
            r"names a folder \(it ends with '/'\); name the file inside it",
            N_("names a folder (it ends with '/'); name the file inside it"),
        ),
        (
            r"must be relative to the project folder \(like evidence/x\.pdf\), not an absolute path",
            N_("must be relative to the project folder (like evidence/x.pdf), not an absolute path"),
        ),
        (r"cannot be resolved \((?P<error>.*)\)", N_("cannot be resolved (%(error)s)")),
        (r"names the project folder itself, not a file in it", N_("names the project folder itself, not a file in it")),
        (
            r"leaves the project folder \(through '\.\.' or a symbolic link\); keep the file inside it",
            N_("leaves the project folder (through '..' or a symbolic link); keep the file inside it"),
        ),
        (
            r"names (?P<name>.+), which on Windows is a device \(CON, PRN, AUX, NUL, COM1-9, LPT1-9\), not a file; "
            r"rename the file",
            N_(
                "names %(name)s, which on Windows is a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9), not a file; "
                "rename the file"
            ),
        ),
        # what the loader says of a value a form gave (next to its field)
        (
            r'(?P<value>.+) is not an amount; write it like "720,000\.00" or "720000"',
            N_('%(value)s is not an amount; write it like "720,000.00" or "720000"'),
        ),
        (
            r"(?P<value>.+) is negative; this amount must be zero or more",
            N_("%(value)s is negative; this amount must be zero or more"),
        ),
        (
            r'(?P<value>.+) is not a percentage; write it with a % sign, like "30%" or "0\.05%"',
            N_('%(value)s is not a percentage; write it with a %% sign, like "30%%" or "0.05%%"'),
        ),
        (r"(?P<value>.+) is not a whole number", N_("%(value)s is not a whole number")),
        (
            r"(?P<value>.+) is not a usable id; use letters, digits, '\.', '_' or '-' \(up to 40\), like P2 or AC-FIT",
            N_("%(value)s is not a usable id; use letters, digits, '.', '_' or '-' (up to 40), like P2 or AC-FIT"),
        ),
        (r"(?P<value>.+) is not a whole number of days", N_("%(value)s is not a whole number of days")),
        (r"(?P<value>.+) is not a number", N_("%(value)s is not a number")),
        (
            r"(?P<value>.+) is not a supported currency; use one of (?P<known>.+)",
            N_("%(value)s is not a supported currency; use one of %(known)s"),
        ),
    )
)


# -- choosing the language -------------------------------------------------------------------------------------

_ACCEPT = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def from_accept_language(header: str | None) -> str | None:
    """The first of zh and en the browser asks for (by its q-values), or None."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((header or "").split(",")[:32]):
        match = _ACCEPT.match(part)
        if not match:
            continue
        try:
            weight = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        code = match.group(1).lower()
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, index, code))
    return min(ranked)[2] if ranked else None


_LANGUAGE_LINE = re.compile(rb"^language\s*:\s*[\"']?([A-Za-z]+)", re.MULTILINE)
_FILE_LANGUAGES: dict[Path, tuple[tuple[int, int], str | None]] = {}


def file_language(path: Path) -> str | None:
    """The interface language a project file asks for: zh for zh and bilingual (and the default), en for en."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _FILE_LANGUAGES.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        with open(path, "rb") as handle:
            head = handle.read(256 * 1024)
    except OSError:
        return None
    match = _LANGUAGE_LINE.search(head)
    value = match.group(1).decode().lower() if match else "zh"  # the project file's own default
    found = "en" if value == "en" else ("zh" if value in ("zh", "bilingual") else None)
    if len(_FILE_LANGUAGES) > 4096:
        _FILE_LANGUAGES.clear()
    _FILE_LANGUAGES[path] = (key, found)
    return found


def from_projects(paths: Iterable[Path]) -> str | None:
    """The language most of the projects are in (bilingual counts as Chinese); None on a tie or none."""
    votes = {"zh": 0, "en": 0}
    for path in paths:
        found = file_language(path)
        if found is not None:
            votes[found] += 1
    if votes["zh"] == votes["en"]:
        return None
    return "zh" if votes["zh"] > votes["en"] else "en"


def choose(cookie: str | None, projects: str | None, accept: str | None) -> str:
    """The user's choice, else the projects', else the browser's, else English."""
    if cookie in LANGUAGES:
        return str(cookie)
    return projects or accept or "en"


# -- in the templates ----------------------------------------------------------------------------------------


def _lang(context: Context) -> str:
    lang = context.get("lang", "en")
    return lang if lang in LANGUAGES else "en"


@pass_context
def jinja_gettext(context: Context, message: str) -> str:
    return gettext(_lang(context), message)


@pass_context
def jinja_pgettext(context: Context, where: str, message: str) -> str:
    """``pgettext("due rule", "Due")``: a short text that reads differently in another place."""
    return gettext(_lang(context), f"{where}{CONTEXT}{message}")


@pass_context
def jinja_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return ngettext(_lang(context), singular, plural, count)


@pass_context
def jinja_translate(context: Context, value: Any) -> Any:
    """The ``t`` filter: the app's own wording (a ``Msg``) translated, data as it is."""
    return translate(_lang(context), value)


@pass_context
def jinja_said(context: Context, value: Any) -> Any:
    """The ``said`` filter, for what is said next to a form's fields: the app's own wording (a ``Msg``) translated,
    and a message of another layer (the loader's refusal of a value) in the catalogue's words where it is one of
    ``CORE``'s; anything else as it is."""
    if isinstance(value, Msg):
        return translate(_lang(context), value)
    return Translator(_lang(context)).core(value) if isinstance(value, str) else value


@pass_context
def jinja_date(context: Context, value: dt.date | None) -> str:
    """The ``prose_day`` filter: ``2026年7月10日`` on the Chinese pages, ISO on the English ones."""
    return Translator(_lang(context)).date(value)


@pass_context
def jinja_money(context: Context, value: Decimal | None, currency: str) -> str:
    """The ``amount`` filter: a sum with its currency as the documents write it."""
    return Translator(_lang(context)).money(value, currency)
