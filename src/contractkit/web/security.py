"""What keeps the local server the user's own: the host it answers to, an access token when it is reachable
from other machines, a bound on request bodies, and a check against cross-site request forgery on every
request that changes something.

Cross-site request forgery: the browser gets a random token in a cookie (SameSite=Strict, HttpOnly) and the
page repeats it in every form and in the ``X-CSRF-Token`` header htmx sends; a state-changing request must
carry the same token, and must not come from another site (``Origin``, ``Sec-Fetch-Site``). Another site can
make the browser send the cookie, never read it, so it cannot repeat it.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contractkit.web import i18n
from contractkit.web.i18n import N_

CSRF_COOKIE = "contractkit_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ACCESS_COOKIE = "contractkit_access"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Names this machine answers to; a page asking for another one is a DNS-rebinding attempt.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this machine only."""
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(request: Request) -> str:
    """The browser's token: the cookie's, or a new one that the response will set (see ``CsrfCookie``)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    if not _TOKEN.fullmatch(token):  # short, or not one this app makes (a page on another port sets cookies too)
        token = request.scope.setdefault("contractkit.new_csrf", new_token())
    return token


#: What ``new_token`` makes: URL-safe base64 (pages write the token into an attribute and a JSON header list).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,128}")


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class Forbidden(Exception):
    """A state-changing request that does not prove it comes from this app's own pages."""

    def __init__(self, why: str, **values: str) -> None:
        super().__init__(why % values if values else why)
        self.why = why  # the English text, a key of the catalogue
        self.values = values


def check_origin(request: Request) -> None:
    """Refuse a request another site made the browser send."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise Forbidden(N_("the request came from another site"))
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin != expected:
            raise Forbidden(N_("the request came from %(origin)s, not from this app"), origin=origin)
    elif origin == "null":
        raise Forbidden(N_("the request came from a page with no origin"))


def check_csrf(request: Request, form: FormData | None) -> None:
    """The request repeats the browser's token, in the header (htmx) or the form (a plain form post)."""
    check_origin(request)
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = request.headers.get(CSRF_HEADER) or (str(form.get(CSRF_FIELD) or "") if form is not None else "")
    if not _same(cookie, given):
        raise Forbidden(N_("the form's security token is missing or out of date; reload the page and try again"))


class Guard:
    """ASGI middleware: the Host header, the access token, the size of request bodies, the CSRF cookie."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Iterable[str] | None,
        access_token: str | None,
        max_body: int,
    ) -> None:
        self.app = app
        self.hosts = None if hosts is None else {h.lower() for h in hosts}
        self.access_token = access_token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        # these answers come before any page: in the language the user chose, or the browser asks for
        cookie = request.cookies.get(i18n.COOKIE)
        accept = i18n.from_accept_language(request.headers.get("accept-language"))
        tr = i18n.Translator(i18n.choose(cookie, None, accept))
        host = request.headers.get("host", "")
        name, port_ok = split_host(host)
        if self.hosts is not None and (name.lower() not in self.hosts or not port_ok):
            text = tr("This server does not answer to the host name %(name)s.", name=repr(name if port_ok else host))
            await _plain(400, text)(scope, receive, send)
            return
        if self.access_token is not None:
            given = request.query_params.get("token")
            if given is not None and _same(given, self.access_token):
                # the token from the link printed at start: keep it in a cookie, drop it from the address bar
                response: Response = RedirectResponse(request.url.remove_query_params("token"), status_code=303)
                response.set_cookie(ACCESS_COOKIE, self.access_token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            if not _same(request.cookies.get(ACCESS_COOKIE, ""), self.access_token):
                message = tr(
                    "This contractkit server needs its access token: open the link it printed when it started."
                )
                await _plain(401, message)(scope, receive, send)
                return
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(413, too_large(self.max_body, tr))(scope, receive, send)
            return
        await self.app(scope, _bounded(receive, self.max_body), _with_csrf_cookie(scope, send))


_PORT = re.compile(r"(?::[0-9]{1,5})?")


def split_host(host: str) -> tuple[str, bool]:
    """A Host header's name (``[::1]`` with its brackets) and whether what follows it is a port or nothing:
    ``localhost:evil`` or ``127.0.0.1:80:80`` is no address of this server."""
    if host.startswith("["):
        end = host.find("]") + 1
        name, rest = (host[:end], host[end:]) if end else (host, "")
    else:
        name, colon, port = host.partition(":")
        rest = colon + port
    return name, bool(_PORT.fullmatch(rest))


def too_large(limit: int, tr: i18n.Translator | None = None) -> str:
    tr = tr or i18n.Translator("en")
    return tr("The upload is too large: at most %(mib)s MiB may be sent at once.", mib=limit // (1024 * 1024))


class BodyTooLarge(Exception):
    """A request body that grew past the limit while it was being read (no or a false Content-Length)."""


def _bounded(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(too_large(limit))
        return message

    return bounded


def _with_csrf_cookie(scope: Scope, send: Send) -> Send:
    """Set the CSRF cookie on the response where the page made a new token for this browser."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and "contractkit.new_csrf" in scope:
            cookie = Response()
            cookie.set_cookie(CSRF_COOKIE, scope["contractkit.new_csrf"], httponly=True, samesite="strict", path="/")
            headers = list(message.get("headers", []))
            headers += [(k, v) for k, v in cookie.raw_headers if k == b"set-cookie"]
            message = {**message, "headers": headers}
        await send(message)

    return sending


def _plain(status: int, text: str) -> Response:
    """A refusal before any page (host, access token, size): plain text, with the headers every page carries."""
    return apply_headers(PlainTextResponse(text, status_code=status))


Handler = Callable[..., Awaitable[Response]]


def security_headers() -> dict[str, str]:
    """Headers every page and file carries: no framing, no sniffing, scripts and styles from this server only, no
    copy kept by the browser's cache, nothing embedded by another site."""
    return {
        "Content-Security-Policy": (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
        # another site may not embed a page, a document or a picture of one (its size would tell what is there)
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def apply_headers(response: Response, extra: dict[str, Any] | None = None) -> Response:
    for name, value in {**security_headers(), **(extra or {})}.items():
        response.headers.setdefault(name, str(value))
    return response
