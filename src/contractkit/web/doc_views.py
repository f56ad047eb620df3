"""Producing documents, listing them, downloading them and picturing their first page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from contractkit.account.account import Account, NodeState
from contractkit.errors import ContractkitError
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.project import LoadedProject
from contractkit.model.types import parse_date
from contractkit.render.docx import soffice
from contractkit.web import documents, phrases, security
from contractkit.web.app import as_of, open_project, project_ref, render, settings_of, translator
from contractkit.web.i18n import N_, Translator
from contractkit.web.workspace import Opened, ProjectRef

STAGE_LABELS = {
    "": N_("the next one the ledger calls for"),
    "reminder": N_("reminder"),
    "notice": N_("formal notice"),
    "suspension": N_("notice of suspension"),
    "final": N_("final demand (with a case summary)"),
    "acknowledgment": N_("statement of account, for the client to sign"),
    "dispute-reply": N_("reply to the client's dispute"),
    "default-notice": N_("notice in default (no payment notice came)"),
    "notified-sum": N_("notified sum payable in full (no valid pay less notice)"),
}


async def documents_page(request: Request) -> Response:
    ref = project_ref(request)
    return _page(request, ref, open_project(request, ref), None, "ok")


def _page(
    request: Request, ref: ProjectRef, opened: Opened, flash: str | None, kind: str, produced: list[str] | None = None
) -> HTMLResponse:
    account = opened.account
    unpaid: list[str] = []
    overdue: list[str] = []
    letters: list[str] = []
    next_letters: list[tuple[str, str]] = []
    if account is not None:
        unpaid = [n.id for n in account.nodes if n.state is not NodeState.PAID]
        overdue = [n.id for n in account.nodes if n.state is NodeState.OVERDUE]
        answered = [n.id for n in account.nodes if n.claim is not None and n.applied_on is not None]
        letters = list(dict.fromkeys(overdue + answered + [n.id for n in account.nodes if n.interest]))
        tr = translator(request)
        next_letters = [(n.id, phrases.next_step(n, account.as_of, tr)) for n in account.nodes if n.id in overdue]
    language = str(opened.loaded.project.language) if opened.loaded else "zh"
    return render(
        request,
        "documents.html",
        ref=ref,
        opened=opened,
        account=account,
        unpaid=unpaid,
        overdue=overdue,
        letter_nodes=letters,
        next_letters=[(node, text) for node, text in next_letters if text],
        stages=STAGE_LABELS,
        deliveries=[(str(d), N_(f"delivery\x04{d}")) for d in _methods(account)],
        language=language,
        outputs=documents.list_outputs(ref),
        produced=set(produced or []),
        converter=soffice() is not None,
        tab="documents",
        flash=flash,
        flash_kind=kind,
    )


def _methods(account: Account | None) -> list[DeliveryMethod]:
    """The ways of sending a letter the form offers: those the contract's notices clause allows (all, without one)."""
    if account is None:
        return list(DeliveryMethod)
    allowed = account.terms.law.notice_methods(account.project, account.terms.email_notices)
    return [d for d in DeliveryMethod if allowed is None or d in allowed]


def _lang(form: FormData, opened: Opened) -> str:
    chosen = str(form.get("lang") or "")
    if chosen in ("zh", "en", "bilingual"):
        return chosen
    return str(opened.loaded.project.language) if opened.loaded else "zh"


async def produce(request: Request, form: FormData) -> Response:
    """Produce a document (draft, pack, letter, report) as its command would, into outputs/."""
    tr = translator(request)
    ref = project_ref(request)
    opened = open_project(request, ref)
    kind = str(request.path_params["kind"])
    loaded = opened.loaded
    if loaded is None:
        return _page(request, ref, opened, tr("The project file cannot be read; see the overview."), "error")
    day, _ = as_of(request)
    lang = _lang(form, opened)
    early = _dated_too_early(kind, day, str(form.get("since") or "").strip(), loaded, tr)
    if early:  # said with the page's own fields, where the command's words name its options (--as-of, --since)
        return _page(request, ref, opened, tr("Not written: %(why)s", why=early), "error")
    try:
        if kind == "draft":
            result = await run_in_threadpool(documents.produce_draft, ref, loaded, lang)
        elif kind == "pack":
            node = str(form.get("node") or "")
            allow = bool(form.get("allow_missing"))
            pdf = bool(form.get("pdf"))
            result = await run_in_threadpool(documents.produce_pack, ref, loaded, node, day, lang, allow, pdf)
        elif kind == "letter":
            node = str(form.get("node") or "")
            stage = str(form.get("stage") or "") or None
            if stage is not None and stage not in {str(s) for s in DemandStage}:
                text = tr("%(stage)s is not a letter contractkit writes", stage=repr(stage))
                return _page(request, ref, opened, tr("Not written: %(why)s", why=text), "error")
            record = None
            if form.get("record"):
                via = str(form.get("via") or "")
                if via not in {str(d) for d in DeliveryMethod}:
                    text = tr("to record the letter as sent, say how it is sent")
                    return _page(request, ref, opened, tr("Not written: %(why)s", why=text), "error")
                record = (DeliveryMethod(via), str(form.get("tracking") or "").strip() or None)
            pdf = bool(form.get("pdf"))
            result = await run_in_threadpool(documents.produce_letter, ref, loaded, node, stage, day, lang, record, pdf)
        elif kind == "report":
            since_text = str(form.get("since") or "").strip()
            since = parse_date(since_text) if since_text else None
            result = await run_in_threadpool(documents.produce_report, ref, loaded, day, since, lang)
        else:
            return _page(request, ref, opened, tr("There is no document called %(kind)s.", kind=repr(kind)), "error")
    except documents.NotValid as exc:
        text = tr.n(
            "the project has %(num)s validation error; fix it first (see the findings on the overview), "
            "nothing was written",
            "the project has %(num)s validation errors; fix them first (see the findings on the overview), "
            "nothing was written",
            exc.count,
        )
        return _page(request, ref, open_project(request, ref), tr("Not written: %(why)s", why=text), "error")
    except ContractkitError as exc:
        text = tr.error(exc).removeprefix("contractkit: ")
        return _page(request, ref, open_project(request, ref), tr("Not written: %(why)s", why=text), "error")
    except ValueError as exc:
        return _page(request, ref, opened, tr("Not written: %(why)s", why=tr.core(str(exc))), "error")
    said = tr(result.message, **_named(result.values, tr))
    warnings = "".join(f" {_sentence(w)}" for w in result.warnings)
    flash = tr("%(done)s.", done=said) + warnings
    return _page(request, ref, open_project(request, ref), flash, "ok", result.files)


def _dated_too_early(kind: str, day: dt.date, since_text: str, loaded: LoadedProject, tr: Translator) -> str:
    """Why a pack or a report cannot be dated as the page is (the commands' refusals, in the page's terms)."""
    signed = loaded.project.contract.signed_on
    if kind in ("pack", "report") and day < signed:
        return tr(
            "the page is as of %(day)s, before the contract was signed (%(signed)s), and a document cannot be dated "
            "before the contract it is made under; choose a later date under “As of”",
            day=tr.date(day),
            signed=tr.date(signed),
        )
    if kind == "report" and since_text:
        try:
            since = parse_date(since_text)
        except ValueError:
            return ""  # the command's own words say why (a date it cannot read)
        if since >= day:
            return tr(
                "the last report's date (%(since)s) must be before this report's date (%(day)s)",
                since=tr.date(since),
                day=tr.date(day),
            )
    return ""


def _sentence(warning: str) -> str:
    """A warning of the command as a sentence of the flash: its first letter raised, the rest exactly as written
    (``str.capitalize`` would lower the node ids, references and names in it: ``P3`` as ``p3``), one full stop."""
    text = warning.removeprefix("warning: ").strip()
    return text[:1].upper() + text[1:].rstrip(".") + "."


def _named(values: dict[str, str], tr: Translator) -> dict[str, str]:
    """A produced document's facts in the page's words: the letter by its title, the delivery by its name."""
    named = dict(values)
    if "stage" in named and named["stage"] in {str(s) for s in DemandStage}:
        named["stage"] = phrases.letter(DemandStage(named["stage"]), tr)
    if "via" in named:
        named["via"] = tr("delivery\x04" + named["via"])
    if "lang" in named:
        named["lang"] = tr("language\x04" + named["lang"])
    return named


async def download(request: Request) -> Response:
    ref = project_ref(request)
    path = documents.output_path(ref, str(request.path_params["path"]))
    if path is None:
        tr = translator(request)
        return render(request, "message.html", status=404, title=tr("Not found"), text=tr("There is no such document."))
    media = documents.MEDIA.get(path.suffix.lower(), "application/octet-stream")
    headers: dict[str, Any] = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"}
    return security.apply_headers(FileResponse(path, media_type=media, filename=path.name, headers=headers))


async def preview(request: Request) -> Response:
    """The first page of a document as a picture."""
    ref = project_ref(request)
    path = documents.output_path(ref, str(request.path_params["path"]))
    if path is None or path.suffix.lower() not in (".docx", ".pdf"):
        tr = translator(request)
        return render(request, "message.html", status=404, title=tr("Not found"), text=tr("There is no such document."))
    image = await run_in_threadpool(settings_of(request).previews.first_page, path)
    media = "image/png" if image.startswith(b"\x89PNG") else "image/svg+xml"
    headers = {
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
    }
    return security.apply_headers(Response(image, media_type=media, headers=headers))
