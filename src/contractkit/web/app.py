"""The web app: its routes, the state it keeps (none but a cache of previews) and how pages are rendered.

Every page escapes what it shows (Jinja autoescape, no ``|safe`` on the user's text); every request that
changes something goes through ``mutation``, which checks its CSRF token first; every refusal is a page with
a message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from contractkit.model import formatting
from contractkit.model.types import parse_date
from contractkit.web import i18n, security
from contractkit.web.documents import Previews
from contractkit.web.workspace import Opened, ProjectRef, Workspace

HERE = Path(__file__).resolve().parent
log = logging.getLogger("contractkit.web")

#: Default bound on one request's body (an evidence upload): generous for scans, far below what fills a disk.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@dataclass
class Settings:
    """What the server was started with."""

    root: Path
    as_of: dt.date | None = None  # fixed date for every page (tests, screenshots); None: today
    hosts: tuple[str, ...] | None = tuple(security.LOCAL_HOSTS)
    access_token: str | None = None
    max_upload: int = MAX_UPLOAD_BYTES
    previews: Previews = field(default_factory=Previews)

    @property
    def workspace(self) -> Workspace:
        return Workspace(self.root)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def as_of(request: Request) -> tuple[dt.date, str | None]:
    """The date pages compute as of: ``?as_of=``, else the server's ``--as-of``, else today; and any problem."""
    fixed = settings_of(request).as_of or dt.date.today()
    given = request.query_params.get("as_of")
    if not given:
        return fixed, None
    try:
        return parse_date(given), None
    except ValueError as exc:
        tr = translator(request)
        return fixed, tr("As of: %(problem)s; showing %(day)s", problem=tr.core(str(exc)), day=tr.date(fixed))


def language(request: Request) -> str:
    """The interface language of this request (see i18n): the user's choice, the projects', the browser's."""
    chosen = getattr(request.state, "lang", None)
    if chosen in i18n.LANGUAGES:
        return str(chosen)
    cookie = request.cookies.get(i18n.COOKIE)
    if cookie in i18n.LANGUAGES:
        lang = str(cookie)
    else:
        projects = i18n.from_projects(ref.path for ref in settings_of(request).workspace.projects())
        lang = i18n.choose(None, projects, i18n.from_accept_language(request.headers.get("accept-language")))
    request.state.lang = lang
    return lang


def translator(request: Request) -> i18n.Translator:
    """The words of this request's language: ``tr = translator(request); tr("Saved.")``."""
    return i18n.Translator(language(request))


# -- rendering ------------------------------------------------------------------------------------------------------


def _money(value: Decimal | None, currency: str = "CNY") -> str:
    return "" if value is None else formatting.figures(value, currency)


def _code(text: object, title: object = None) -> Markup:
    """``<code>`` around a name, for a translated sentence that names a file or a folder (both escaped)."""
    if title is not None:
        return Markup('<code title="{}">{}</code>').format(title, text)
    return Markup("<code>{}</code>").format(text)


def _link(href: str, text: object) -> Markup:
    """A link inside a translated sentence (both escaped)."""
    return Markup('<a href="{}">{}</a>').format(href, text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # _() and ngettext() in the templates: the page's language (``lang`` in the context), values escaped
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.jinja_gettext,
        i18n.jinja_ngettext,
        newstyle=True,
        pgettext=i18n.jinja_pgettext,
    )
    env.filters["money"] = _money
    env.filters["day"] = lambda d: d.isoformat() if d else ""
    env.filters["prose_day"] = i18n.jinja_date
    env.filters["amount"] = i18n.jinja_money
    env.filters["t"] = i18n.jinja_translate
    env.filters["said"] = i18n.jinja_said
    env.globals["code_of"] = _code
    env.globals["link_to"] = _link
    return env


ENVIRONMENT = _environment()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page (or, for an htmx request, the same page: htmx takes the part it asked for)."""
    day, problem = as_of(request)
    lang = language(request)
    context.setdefault("flash", None)
    context.setdefault("flash_kind", "ok")
    context.setdefault("ref", None)
    context.setdefault("tab", "")
    base = {
        "request": request,
        "csrf": security.csrf_token(request),
        "as_of": day,
        "as_of_problem": problem,
        "fixed_as_of": settings_of(request).as_of,
        "today": dt.date.today(),
        "lang": lang,
        "here": _here(request, context.get("ref"), str(context.get("tab") or "")),
        "path": quote(request.url.path, safe="/"),  # this page's address, encoded as _here encodes it
    }
    html = ENVIRONMENT.get_template(template).render(**base, **context)
    return security.apply_headers(HTMLResponse(html, status_code=status))  # type: ignore[return-value]


def _here(request: Request, ref: ProjectRef | None, tab: str) -> str:
    """Where the language switch brings the user back to: this page, or the page a form was posted from."""
    if request.method == "GET":
        query = request.url.query
        # the path as the browser sent it, encoded: decoded, it may hold a NUL or a '?' of its own
        return quote(request.url.path, safe="/") + (f"?{query}" if query else "")
    if ref is not None:
        return ref.url + (f"/{tab}" if tab and tab != "overview" else "")
    return "/new" if request.url.path == "/new" else "/"


def message_page(request: Request, title: str, text: str, status: int) -> HTMLResponse:
    return render(request, "message.html", status=status, title=title, text=text)


# -- requests that change something --------------------------------------------------------------------------------

Mutation = Callable[[Request, FormData], Awaitable[Response]]
#: Bounds on a form: its number of fields and the size of a field's text (a file's part is bounded by the body).
MAX_FIELDS = 200
MAX_PART = 1024 * 1024
#: The form fields that take a file (the evidence upload's); every other field takes text.
FILE_FIELDS = frozenset({"file"})


def mutation(handler: Mutation) -> Callable[[Request], Awaitable[Response]]:
    """A state-changing route: the form read within its bounds, the CSRF token checked, then the handler."""

    async def endpoint(request: Request) -> Response:
        try:
            form = await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_PART)
        except Exception as exc:  # a malformed body: python-multipart raises several kinds
            tr = translator(request)
            too_large = isinstance(exc, security.BodyTooLarge) or isinstance(exc.__context__, security.BodyTooLarge)
            if too_large or "too large" in str(exc).lower():
                text = security.too_large(settings_of(request).max_upload, tr)
                return message_page(request, tr("Upload too large"), text, 413)
            detail = str(getattr(exc, "detail", "")).lower()
            if "too many files" in detail:
                text = tr("Nothing was changed: send one file at a time.")
            elif "too many fields" in detail:
                text = tr("Nothing was changed: the form has more than %(num)s fields.", num=MAX_FIELDS)
            elif "exceeded maximum size" in detail:
                text = tr("Nothing was changed: a field of the form is longer than %(kib)s KiB.", kib=MAX_PART // 1024)
            else:
                text = tr("The form could not be read (%(error)s).", error=type(exc).__name__)
            return message_page(request, tr("Bad request"), text, 400)
        try:
            security.check_csrf(request, form)
        except security.Forbidden as exc:
            await form.close()
            tr = translator(request)
            text = tr("Nothing was changed: %(why)s.", why=tr(exc.why, **exc.values))
            return message_page(request, tr("Refused"), text, 403)
        misplaced = next(
            (key for key, value in form.multi_items() if key not in FILE_FIELDS and not isinstance(value, str)), None
        )
        if misplaced is not None:  # a file sent for a field that takes text would be saved as its description
            await form.close()
            tr = translator(request)
            text = tr("Nothing was changed: the field %(field)s takes text, not a file.", field=repr(misplaced))
            return message_page(request, tr("Bad request"), text, 400)
        try:
            return await handler(request, form)
        finally:
            await form.close()

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def project_ref(request: Request) -> ProjectRef:
    """The project a page names, among those found in the folder; 404 for any other name."""
    name = str(request.path_params.get("name", ""))
    ref = settings_of(request).workspace.find(name)
    if ref is None:
        tr = translator(request)
        raise HTTPException(404, tr("There is no project called %(name)s in this folder.", name=repr(name)))
    return ref


def open_project(request: Request, ref: ProjectRef) -> Opened:
    day, _ = as_of(request)
    return settings_of(request).workspace.open(ref, day)


# -- errors as pages ---------------------------------------------------------------------------------------------


async def _not_found(request: Request, exc: Exception) -> Response:
    tr = translator(request)
    status = getattr(exc, "status_code", 404)
    detail = getattr(exc, "detail", "")
    if not detail or detail in ("Not Found", "Method Not Allowed"):  # Starlette's own words
        detail = tr("There is no such page.")
    return message_page(request, tr("Not found") if status == 404 else tr("Refused"), str(detail), status)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("contractkit serve: %s %s failed", request.method, request.url.path)
    try:
        tr = translator(request)
    except Exception:  # the folder itself cannot be read: English
        tr = i18n.Translator("en")
    text = tr(
        "Something went wrong inside contractkit (%(error)s). Nothing was changed by this request. "
        "This is a bug: please report it with what you did.",
        error=type(exc).__name__,
    )
    try:
        return message_page(request, tr("Something went wrong"), text, 500)
    except Exception:  # the error page itself failed: plain text, still no traceback
        return PlainTextResponse(text, status_code=500)


# -- the app ------------------------------------------------------------------------------------------------------


class _Static(StaticFiles):
    """The app's script and style, with the headers every page carries (no sniffing a file as another type)."""

    async def get_response(self, path: str, scope: Any) -> Response:
        return security.apply_headers(await super().get_response(path, scope))


def create_app(settings: Settings) -> Starlette:
    """The ASGI app over ``settings.root``."""
    from contractkit.web import doc_views, edit_views, views

    routes = [
        Route("/", views.portfolio),
        Route("/new", views.new_form),
        Route("/new", mutation(views.new_project), methods=["POST"]),
        Route("/language", mutation(views.set_language), methods=["POST"]),
        Route("/p/{name}", views.overview),
        Route("/p/{name}/contract", edit_views.contract_page),
        Route("/p/{name}/contract/{section}", mutation(edit_views.save_contract), methods=["POST"]),
        Route("/p/{name}/schedule", edit_views.schedule_page),
        Route("/p/{name}/schedule/node/{node}", mutation(edit_views.save_node), methods=["POST"]),
        Route("/p/{name}/schedule/add-node", mutation(edit_views.add_node), methods=["POST"]),
        Route("/p/{name}/schedule/node/{node}/delete", mutation(edit_views.delete_node), methods=["POST"]),
        Route("/p/{name}/schedule/criterion/{criterion}", mutation(edit_views.save_criterion), methods=["POST"]),
        Route("/p/{name}/schedule/add-criterion", mutation(edit_views.add_criterion), methods=["POST"]),
        Route(
            "/p/{name}/schedule/criterion/{criterion}/delete",
            mutation(edit_views.delete_criterion),
            methods=["POST"],
        ),
        Route("/p/{name}/evidence", edit_views.evidence_page),
        Route("/p/{name}/evidence/upload", mutation(edit_views.upload_evidence), methods=["POST"]),
        Route("/p/{name}/evidence/item/{item}", mutation(edit_views.save_evidence), methods=["POST"]),
        Route("/p/{name}/evidence/item/{item}/delete", mutation(edit_views.delete_evidence), methods=["POST"]),
        Route("/p/{name}/evidence/item/{item}/file", edit_views.evidence_file),
        Route("/p/{name}/ledger", edit_views.ledger_page),
        Route("/p/{name}/ledger/fields", edit_views.event_fields_fragment),
        Route("/p/{name}/ledger", mutation(edit_views.record_event), methods=["POST"]),
        Route("/p/{name}/documents", doc_views.documents_page),
        Route("/p/{name}/documents/{kind}", mutation(doc_views.produce), methods=["POST"]),
        Route("/p/{name}/files/{path:path}", doc_views.download),
        Route("/p/{name}/preview/{path:path}", doc_views.preview),
        Mount("/static", app=_Static(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _not_found, 404: _not_found, 405: _not_found, 500: _server_error},
    )
    app.state.settings = settings
    app.add_middleware(
        security.Guard,
        hosts=settings.hosts,
        access_token=settings.access_token,
        max_body=settings.max_upload + 1024 * 1024,  # the file and the form's other fields
    )
    return app
